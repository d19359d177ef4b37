"""Entry point: the command group with every command module registered."""

from __future__ import annotations

from . import archive_commands, check_commands, compare_commands, engine_commands, site_commands  # noqa: F401  (register commands on the group)
from .app import cli


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="redline")
