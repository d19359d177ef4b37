"""Counted words, as every report writes them."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """``1 sentence``, ``2 sentences``, ``0 sentences``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
