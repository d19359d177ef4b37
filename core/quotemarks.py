"""Pair quotation marks in a text: “…”, 「…」, 『…』, «…», "…" and ‘…’.

The hard cases are the ones a reader resolves without thinking: ’ is far
more often an apostrophe (Ukraine’s, don’t) than a closing mark; English
prose opens each paragraph of a long quotation with “ and closes only the
last; and published text leaves marks unclosed. A mark left open runs to
the end of its paragraph, with a warning, so that one missing ” never
swallows the rest of an article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

_PAIRS = {"“": "”", "「": "」", "『": "』", "«": "»", "‘": "’", '"': '"'}
_CLOSERS = {"”", "」", "』", "»"}
OPENING_MARKS = frozenset(_PAIRS)
MARKS = frozenset(_PAIRS) | _CLOSERS | {"’"}
# Marks that carry a quotation into the next paragraph when that paragraph
# opens with the same mark (the English convention for long quotations).
_CONTINUING = {"“", '"', "«", "「", "『"}


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Text between an opening mark and its closing mark.

    ``start``/``end`` delimit the text inside the marks; ``opened`` is the
    offset of the opening mark and ``closed`` that of the closing mark, or
    None when the mark is never closed and the span runs to the end of its
    paragraph. ``depth`` is 0 for a span not inside another one.
    """

    start: int
    end: int
    opened: int
    closed: int | None
    depth: int


@dataclass(frozen=True, slots=True)
class MarkProblem:
    """An opening mark never closed, or a closing mark never opened."""

    offset: int
    mark: str
    unclosed: bool


@dataclass(slots=True)
class _Open:
    """Marks open at a point of the text, innermost last, with a count per mark
    so that asking whether one is open costs nothing however deep they nest."""

    marks: list[tuple[str, int]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.marks)

    def __getitem__(self, index: int) -> tuple[str, int]:
        return self.marks[index]

    def push(self, mark: str, at: int) -> None:
        self.marks.append((mark, at))
        self.counts[mark] += 1

    def pop(self) -> tuple[str, int]:
        mark, at = self.marks.pop()
        self.counts[mark] -= 1
        return mark, at

    def holds(self, mark: str) -> bool:
        return self.counts[mark] > 0


def pair_marks(text: str, paragraphs: list[tuple[int, int]]) -> tuple[list[MarkedSpan], list[MarkProblem]]:
    """Marked spans in ``text`` and the marks that could not be paired.

    ``paragraphs`` are ``(start, end)`` spans in order; a span never crosses
    a paragraph end unless the next paragraph opens with the same mark as the
    one left open (it then continues, and that opening mark starts no span).
    """
    spans: list[MarkedSpan] = []
    problems: list[MarkProblem] = []
    stack = _Open()
    for number, (start, end) in enumerate(paragraphs):
        first = start
        if stack and _continues(text, stack, start, end):
            first = start + 1
        else:
            _close_all(stack, text, spans, problems, _paragraph_end(paragraphs, number - 1))
        for pos in range(first, end):
            ch = text[pos]
            if ch in MARKS:
                _step(text, pos, ch, stack, spans, problems)
    _close_all(stack, text, spans, problems, paragraphs[-1][1] if paragraphs else len(text))
    spans.sort(key=lambda s: (s.opened, -s.end))
    return spans, problems


def _paragraph_end(paragraphs: list[tuple[int, int]], number: int) -> int:
    return paragraphs[number][1] if number >= 0 else 0


def _continues(text: str, stack: _Open, start: int, end: int) -> bool:
    """The paragraph at ``start`` reopens the one quotation left open."""
    return (
        len(stack) == 1 and stack[0][0] in _CONTINUING and start < end and text[start] == stack[0][0]
    )


def _step(text: str, pos: int, ch: str, stack: _Open, spans: list, problems: list) -> None:
    """Push an opening mark, or pop the opener a closing mark matches."""
    if ch == '"':
        if stack and stack[-1][0] == '"':
            _close(stack, pos, spans)
        else:
            stack.push(ch, pos)
        return
    if ch == "’":
        # An apostrophe unless a ‘ is open and no letter follows (hour’ s vs Ukraine’s).
        if stack.holds("‘") and not _letter_after(text, pos):
            _pop_to(stack, "‘", pos, spans, problems, text)
        return
    if ch in _CLOSERS:
        opener = next((o for o, c in _PAIRS.items() if c == ch), "")
        if stack.holds(opener):
            _pop_to(stack, opener, pos, spans, problems, text)
        else:
            problems.append(MarkProblem(pos, ch, unclosed=False))
        return
    stack.push(ch, pos)


def _letter_after(text: str, pos: int) -> bool:
    return pos + 1 < len(text) and text[pos + 1].isalnum()


def _pop_to(stack: _Open, opener: str, pos: int, spans: list, problems: list, text: str) -> None:
    """Close ``opener``; marks opened inside it and never closed end here."""
    while stack[-1][0] != opener:
        inner, at = stack.pop()
        problems.append(MarkProblem(at, inner, unclosed=True))
        spans.append(MarkedSpan(at + 1, pos, at, None, len(stack)))
    _close(stack, pos, spans)


def _close(stack: _Open, pos: int, spans: list) -> None:
    _, at = stack.pop()
    spans.append(MarkedSpan(at + 1, pos, at, pos, len(stack)))


def _close_all(stack: _Open, text: str, spans: list, problems: list, end: int) -> None:
    """Marks still open at a paragraph end run to it."""
    while stack:
        mark, at = stack.pop()
        problems.append(MarkProblem(at, mark, unclosed=True))
        stop = end
        while stop > at + 1 and text[stop - 1].isspace():
            stop -= 1
        spans.append(MarkedSpan(at + 1, stop, at, None, len(stack)))
