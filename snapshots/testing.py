"""Helpers for tests that build real archives (as ``click.testing`` is for click).

Tests run git with a fixed identity and fixed dates, and with no user or
system git configuration, so commits are reproducible on any machine.
"""

from __future__ import annotations

import os

FIXED_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Archivist",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_AUTHOR_DATE": "2025-11-24T09:00:00+00:00",
    "GIT_COMMITTER_NAME": "Ada Archivist",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_COMMITTER_DATE": "2025-11-24T09:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def fixed_git_env(home: str | os.PathLike) -> dict[str, str]:
    """Environment variables for a test: fixed identity and dates, ``home`` as HOME, no git config."""
    return {**FIXED_GIT_ENV, "HOME": os.fspath(home), "NO_COLOR": "1"}


def use_fixed_git(monkeypatch, home: str | os.PathLike) -> None:
    """Apply :func:`fixed_git_env` through pytest's ``monkeypatch`` (undone after the test)."""
    for key, value in fixed_git_env(home).items():
        monkeypatch.setenv(key, value)
