"""Helpers for testing code that drives the ``redline`` command line (as ``click.testing``)."""

from __future__ import annotations

from click.testing import CliRunner, Result


def run(*args, **kwargs) -> Result:
    """Invoke ``redline ARGS`` in-process; arguments may be paths. Exceptions propagate."""
    from .main import cli

    kwargs.setdefault("prog_name", "redline")  # messages name the command as a user runs it
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)
