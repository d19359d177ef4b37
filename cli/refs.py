"""Resolve a command-line argument to a document: a file, or (step 3) an archive reference."""

from __future__ import annotations

from .inputs import Source, read_source


def load_source(arg: str, obj: dict | None, encoding: str | None = None) -> Source:
    """Read ``arg`` as a file path (``-`` for stdin, ``file:PATH`` to force a path)."""
    path = arg[len("file:"):] if arg.startswith("file:") else arg
    return read_source(path, encoding)
