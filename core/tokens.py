"""Word tokens for word-level diffs: jieba for Chinese runs, a regex for the rest.

jieba (and its ~0.7 s dictionary load) is imported only when a Chinese run
actually needs splitting, and its log lines are silenced.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

_RUNS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(\s+)|([^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
# Latin-side tokens: words (with inner apostrophes/hyphens), numbers
# (3.5, 1,750), and single punctuation characters.
_LATIN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*|\S")


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number, punctuation mark or (optionally) whitespace run."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _jieba():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def tokenize(text: str, offset: int = 0, keep_space: bool = False) -> list[Token]:
    """Tokens of ``text`` with spans shifted by ``offset``.

    With ``keep_space`` whitespace runs are tokens too, so that the tokens
    join back to exactly ``text``.
    """
    tokens: list[Token] = []
    for run in _RUNS.finditer(text):
        han, space, other = run.groups()
        base = offset + run.start()
        if han:
            pos = base
            for word in _cut(han):
                tokens.append(Token(word, pos, pos + len(word)))
                pos += len(word)
        elif space:
            if keep_space:
                tokens.append(Token(space, base, base + len(space)))
        else:
            tokens.extend(Token(m.group(), base + m.start(), base + m.end()) for m in _LATIN.finditer(other))
    return tokens


def _cut(han: str) -> list[str]:
    if len(han) == 1:
        return [han]
    return list(_jieba().cut(han, HMM=True))


def jieba_loaded() -> bool:
    """Whether jieba's dictionary has been loaded in this process."""
    return _jieba.cache_info().currsize > 0
