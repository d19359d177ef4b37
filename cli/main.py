"""Entry point: the command group (each command's module is loaded when the command runs)."""

from __future__ import annotations

from .app import cli


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="redline")


__all__ = ["cli", "main"]
