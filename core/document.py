"""The statement document model: plain dataclasses, no behaviour beyond lookup.

Offsets (``start``/``end``) always index the decoded text (BOM stripped,
LF line ends) with ``end`` exclusive, so ``doc.text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


# Lines, sentences and turns are never changed once parsed, but not frozen: a frozen dataclass's
# __init__ costs five times a plain one's, and a 1 MB diff makes 25,000 of them. They stay
# hashable by value, as frozen ones are.
@dataclass(slots=True, unsafe_hash=True)
class Line:
    """A line outside the speech: header or trailer."""

    text: str
    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    """One sentence as the reader sees it, with its exact source span."""

    index: int
    text: str
    start: int
    end: int
    speaker: str | None
    paragraph: int
    section: str
    turn: int | None = None


@dataclass(slots=True, unsafe_hash=True)
class Turn:
    """A speaker turn: the label that opened it and the sentences it holds."""

    speaker: str
    label: str
    start: int
    end: int
    inline: bool
    first: int
    count: int


@dataclass(slots=True)
class Section:
    """A part of the document: ``excerpt``, ``full`` or ``preamble``."""

    role: str
    label: str | None
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)


@dataclass(slots=True)
class Metadata:
    """What the header says about the statement."""

    title: str | None = None
    titles: list[str] = field(default_factory=list)
    title_en: str | None = None
    speaker: str | None = None
    role: str | None = None
    place: str | None = None
    date: str | None = None
    extra: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A parsed statement."""

    text: str
    metadata: Metadata
    sections: list[Section]
    header: list[Line] = field(default_factory=list)
    trailer: list[Line] = field(default_factory=list)

    def section(self, role: str) -> Section | None:
        """The first section with this role, or None."""
        return next((s for s in self.sections if s.role == role), None)

    @property
    def sentences(self) -> list[Sentence]:
        """All sentences of all sections, in document order."""
        return [s for section in self.sections for s in section.sentences]
