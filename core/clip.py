"""Text cut short for a message or a heading, the cut marked."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its first ``limit - 1`` and an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def first_of(items: list[str], shown: int = 3) -> str:
    """The first ``shown`` of ``items``, joined, and how many more there are: ``a, b, c and 4 more``."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more
