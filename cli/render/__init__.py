"""Renderers: result objects in, text out. One module per output format."""
