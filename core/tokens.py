"""Word tokens for word-level diffs: jieba for Chinese runs (:mod:`.wordcut`), a regex for the rest."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .script import HAN
from .wordcut import cut, cut_many, uncut

_RUNS = re.compile(f"([{HAN}]+)|(\\s+)|([^\\s{HAN}]+)")
# Latin-side tokens: words (with inner apostrophes/hyphens), numbers
# (3.5, 1,750), and single punctuation characters.
_LATIN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*|\S")


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number, punctuation mark or (optionally) whitespace run."""

    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0, keep_space: bool = False) -> list[Token]:
    """Tokens of ``text`` with spans shifted by ``offset``.

    With ``keep_space`` whitespace runs are tokens too, so that the tokens
    join back to exactly ``text``.
    """
    return [Token(word, offset + start, offset + start + len(word)) for word, start in _pieces(text, keep_space)]


def token_texts(text: str, keep_space: bool = False) -> list[str]:
    """The texts of :func:`tokenize`'s tokens, without spans (what a word diff compares)."""
    return [word for word, _ in _pieces(text, keep_space)]


def _pieces(text: str, keep_space: bool) -> Iterator[tuple[str, int]]:
    """Each token's text and start."""
    for run in _RUNS.finditer(text):
        han, space, other = run.groups()
        start = run.start()
        if han:
            for word in cut(han):
                yield word, start
                start += len(word)
        elif space:
            if keep_space:
                yield space, start
        else:
            for match in _LATIN.finditer(other):
                yield match.group(), start + match.start()


def precut(texts: list[str]) -> None:
    """Cut every Chinese run of ``texts`` now, in one batch (one round trip when a helper process cuts)."""
    runs = list(dict.fromkeys(m.group(1) for t in texts for m in _RUNS.finditer(t) if m.group(1)))
    cut_many(uncut(runs))
