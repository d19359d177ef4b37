"""Result types of the alignment engine: pairs of sentences and their summary.

Side ``a`` is always the source (the full text, or the old version), side
``b`` the derived text (the excerpt, or the new version). JSON shapes are
made from these types in one place, :mod:`redline.cli.render.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .ops import Op


class Kind(StrEnum):
    """What a pair is. Excerpt mode uses :data:`EXCERPT_KINDS`, versions mode :data:`VERSION_KINDS`."""

    SAME = "same"
    TRIMMED = "trimmed"
    EDITED = "edited"
    ADDED = "added"
    OMITTED = "omitted"
    MODIFIED = "modified"
    REMOVED = "removed"
    SPLIT = "split"
    MERGED = "merged"


EXCERPT_KINDS = (Kind.SAME, Kind.TRIMMED, Kind.EDITED, Kind.ADDED, Kind.OMITTED)
VERSION_KINDS = (Kind.SAME, Kind.MODIFIED, Kind.ADDED, Kind.REMOVED, Kind.SPLIT, Kind.MERGED)


@dataclass(slots=True)
class Pair:
    """A group of source sentences matched with a group of derived sentences.

    ``a``/``b`` are sentence indices within ``section``; ``ops`` rebuild
    ``a_text`` and ``b_text`` (:mod:`redline.core.ops`).
    ``a_parts``/``b_parts`` hold the listed sentences' texts one by one.
    """

    kind: Kind
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
    ops: list[Op] = field(default_factory=list)
    a_speaker: str | None = None
    a_parts: list[str] = field(default_factory=list, repr=False)
    b_parts: list[str] = field(default_factory=list, repr=False)

    @property
    def unchanged(self) -> bool:
        """The same words, in place, with nothing flagged (a speaker change is a change)."""
        return self.kind == Kind.SAME and not self.moved and not self.flags


@dataclass(slots=True)
class Side:
    """One of the two texts compared."""

    name: str
    sentences: int
    metadata: dict


@dataclass(frozen=True, slots=True)
class Tally:
    """``used`` of ``total``."""

    used: int
    total: int


@dataclass(frozen=True, slots=True)
class Share:
    """How much of some full-text sentences an excerpt used: sentences touched, characters kept."""

    sentences: Tally
    chars: Tally

    @property
    def char_share(self) -> float:
        """Characters kept as a fraction of all, to 4 places (0.0 for no text)."""
        return round(self.chars.used / self.chars.total, 4) if self.chars.total else 0.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the full text an excerpt used, overall and per speaker ("" for no speaker)."""

    overall: Share
    speakers: dict[str, Share]


@dataclass(frozen=True, slots=True)
class HeaderChange:
    """A header field (title, date, ...) that differs between two versions."""

    a: str | None
    b: str | None


@dataclass(slots=True)
class Summary:
    """Pair counts per kind (in the mode's order, then ``moved``), flag counts, and per mode:
    ``coverage`` (excerpt mode) or ``header`` changes (versions mode)."""

    counts: dict[str, int]
    flags: dict[str, int]
    coverage: Coverage | None = None
    header: dict[str, HeaderChange] | None = None


@dataclass(slots=True)
class Comparison:
    """The whole result of ``align``, ``compare`` or ``diff``."""

    mode: str
    a: Side
    b: Side
    pairs: list[Pair]
    summary: Summary

    @property
    def counts(self) -> dict[str, int]:
        """Number of pairs of each kind, plus ``moved``."""
        return self.summary.counts


# -- quotations ---------------------------------------------------------------------
class QuoteKind(StrEnum):
    """What became of a quotation's words (``redline quotes``, docs/quotes.md)."""

    VERBATIM = "verbatim"
    TRIMMED = "trimmed"
    ALTERED = "altered"
    SPLICED = "spliced"
    PARAPHRASE = "paraphrase"
    NOT_FOUND = "not-found"




@dataclass(slots=True)
class QuoteSource:
    """Where one stretch of a quotation comes from.

    ``sentences`` index the transcript's sentences; ``start``/``end`` span
    them in the transcript's text; ``text`` is the sentences joined. ``ops``
    turn ``text`` into the quoted words (``quote_start``/``quote_end`` in the
    article); ``kind`` is this stretch's own (verbatim, trimmed, altered or
    paraphrase) and ``trim`` where a trim cut.
    """

    sentences: list[int]
    text: str
    start: int
    end: int
    speaker: str | None
    quote_start: int
    quote_end: int
    kind: QuoteKind
    similarity: float
    ops: list[Op] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    trim: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QuoteTrace:
    """One quotation of the article and what the transcript says of it.

    ``speaker`` is the attribution as the article writes it, ``resolved``
    the transcript speaker it names (None if none or not known);
    ``third_party`` is true when it names someone who is not a speaker of
    the transcript (their words are not claimed to be in it);
    ``misattributed`` is true when the transcript gives the words to
    someone else.
    """

    index: int
    text: str
    start: int
    end: int
    marked: bool
    style: str
    speaker: str
    resolved: str | None
    kind: QuoteKind
    misattributed: bool
    sources: list[QuoteSource]
    flags: list[str]
    third_party: bool = False

    @property
    def misquoted(self) -> bool:
        """Altered, spliced, misattributed, or not found though claimed from this transcript."""
        if self.misattributed or self.kind in (QuoteKind.ALTERED, QuoteKind.SPLICED):
            return True
        return self.kind == QuoteKind.NOT_FOUND and not self.third_party


@dataclass(frozen=True, slots=True)
class Narration:
    """A stretch of the article in the writer's own voice: no quotation in it."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class QuoteReport:
    """The whole result of ``quotes``: side ``a`` the transcript, ``b`` the article.

    Quotation and narration offsets index ``text``, the article's text;
    ``warnings`` say where quotation marks could not be paired.
    """

    a: Side
    b: Side
    text: str
    quotes: list[QuoteTrace]
    narration: list[Narration]
    warnings: list[str]

    @property
    def summary(self) -> dict[str, int]:
        """Quotations of each kind, then how many are misattributed."""
        counts = {kind.value: sum(q.kind == kind for q in self.quotes) for kind in QuoteKind}
        counts["misattributed"] = sum(q.misattributed for q in self.quotes)
        return counts

    @property
    def misquoted(self) -> bool:
        """Any quotation misquoted (``--exit-code``): see :attr:`QuoteTrace.misquoted`."""
        return any(q.misquoted for q in self.quotes)
