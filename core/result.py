"""Result types of the alignment engine: pairs of sentences and their summary.

Side ``a`` is always the source (the full text, or the old version), side
``b`` the derived text (the excerpt, or the new version).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = 1

EXCERPT_KINDS = ("same", "trimmed", "edited", "added", "omitted")
VERSION_KINDS = ("same", "modified", "added", "removed", "split", "merged")


@dataclass(slots=True)
class Pair:
    """A group of source sentences matched with a group of derived sentences.

    ``a``/``b`` are sentence indices within ``section``; ``ops`` rebuild
    ``a_text`` (from ``=``, ``-`` and the first piece of ``~``) and
    ``b_text`` (from ``=``, ``+`` and the second piece of ``~``).
    ``a_parts``/``b_parts`` hold the listed sentences' texts one by one.
    """

    kind: str
    section: str
    a: list[int]
    b: list[int]
    a_text: str
    b_text: str
    speaker: str | None
    similarity: float
    moved: bool = False
    flags: list[str] = field(default_factory=list)
    trim: list[str] = field(default_factory=list)
    ops: list[list[str]] = field(default_factory=list)
    a_speaker: str | None = None
    a_parts: list[str] = field(default_factory=list, repr=False)
    b_parts: list[str] = field(default_factory=list, repr=False)


@dataclass(slots=True)
class Side:
    """One of the two texts compared."""

    name: str
    sentences: int
    metadata: dict


@dataclass(slots=True)
class Comparison:
    """The whole result of ``align``, ``compare`` or ``diff``."""

    mode: str
    a: Side
    b: Side
    pairs: list[Pair]
    summary: dict

    @property
    def counts(self) -> dict[str, int]:
        """Number of pairs of each kind, plus ``moved``."""
        return self.summary["counts"]
