"""Entry point: the command group (each command's module is loaded when the command runs)."""

from __future__ import annotations

import sys

from .app import cannot_write, cli
from .status import ExitStatus


def main() -> None:
    """Console-script entry point.

    Standard output closed, or a write to it failing where click writes itself (``--help``,
    ``--version``), is one ``Error:`` line and exit 2, as inside the commands.
    """
    if sys.stdout is None:  # started with ``>&-``: every command reports on standard output
        _fail("standard output is closed; the report has nowhere to go (use -o FILE)")
    try:
        cli(prog_name="redline")
    except OSError as exc:
        _fail(cannot_write(exc))


def _fail(message: str) -> None:
    from .app import error

    if sys.stderr is not None:
        error(message)
    sys.exit(ExitStatus.ERROR)


__all__ = ["cli", "main"]
