"""Entry point: the command group with every command module registered."""

from __future__ import annotations

from . import engine_commands  # noqa: F401  (registers commands on the group)
from .app import cli


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="redline")
