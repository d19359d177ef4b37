"""Entry point: the command group with every command module registered."""

from __future__ import annotations

from . import (  # noqa: F401  (register commands on the group)
    archive_commands, check_commands, compare_commands, engine_commands, quote_commands, site_commands,
    watch_commands,
)
from .app import cli


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="redline")
