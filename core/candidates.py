"""Find likely partners for a sentence without comparing all pairs.

An inverted index from shingles to sentences; a query looks up only the
rarest shingles of the sentence, counts hits, and ranks the few sentences
that come up by how much of the query they contain.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import accumulate

from .script import has_han
from .similarity import containment, shingles

# A query looks up only its rarest shingles: they name few sentences, and they are the telling ones.
RARE_SHINGLES = 16
# Latin text is searched for at most this many of its longest words.
MAX_WORD_PROBES = 12
_WORDS = re.compile(r"[^\W\d_]{4,}")


class ShingleIndex:
    """Shingle sets of some sentences, searchable by overlap."""

    def __init__(self, shingles: dict[int, frozenset[str]]) -> None:
        self.shingles = shingles
        self.postings: dict[str, list[int]] = defaultdict(list)
        for key, grams in shingles.items():
            for gram in grams:
                self.postings[gram].append(key)

    def query(self, grams: frozenset[str], limit: int = 8, exclude: set[int] | frozenset[int] = frozenset()) -> list[tuple[float, int]]:
        """Up to ``limit`` ``(containment of grams in candidate, key)``, best first."""
        if not grams:
            return []
        rare = sorted(grams, key=lambda g: len(self.postings.get(g, ())))[:RARE_SHINGLES]
        hits: Counter[int] = Counter()
        for gram in rare:
            for key in self.postings.get(gram, ()):
                if key not in exclude:
                    hits[key] += 1
        shortlist = [key for key, _ in hits.most_common(limit * 4)]
        scored = sorted(((containment(grams, self.shingles[key]), key) for key in shortlist), key=lambda x: (-x[0], x[1]))
        return scored[:limit]


class TextIndex:
    """Candidates by substring search over the joined text: no index to build.

    Excerpt mode asks few questions of a long text, so searching for a
    sample of each query's character n-grams (``str.find`` runs at C speed)
    beats building an inverted index of the whole text.
    """

    MAX_HITS_PER_GRAM = 400

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        text = "\x00".join(keys)
        lowered = text.lower()
        # Case-blind search, unless lowering changes lengths (offsets must hold).
        self.fold = len(lowered) == len(text)
        self.text = lowered if self.fold else text
        self.starts = list(accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
        self._grams: dict[int, frozenset[str]] = {}

    def grams(self, i: int) -> frozenset[str]:
        if i not in self._grams:
            self._grams[i] = shingles(self.keys[i])
        return self._grams[i]

    def query(self, key: str, limit: int = 8) -> list[tuple[float, int]]:
        """Up to ``limit`` ``(containment of key's shingles in candidate, index)``, best first."""
        hits: Counter[int] = Counter()
        for gram in _probes(key.lower() if self.fold else key):
            seen: set[int] = set()
            pos = self.text.find(gram)
            count = 0
            while pos != -1 and count < self.MAX_HITS_PER_GRAM:
                i = bisect_right(self.starts, pos) - 1
                if i not in seen:
                    seen.add(i)
                    hits[i] += 1
                count += 1
                pos = self.text.find(gram, pos + 1)
        grams = shingles(key)
        shortlist = [i for i, _ in hits.most_common(limit * 4)]
        scored = sorted(((containment(grams, self.grams(i)), i) for i in shortlist), key=lambda x: (-x[0], x[1]))
        return scored[:limit]


def _probes(key: str) -> list[str]:
    """What to search for: 3-character samples of Chinese, the longer words of Latin text.

    Whole words (rather than character windows) let a short English
    sentence with one changed word still find its source.
    """
    if has_han(key):
        if len(key) <= 3:
            return [key] if key.strip() else []
        probes = (key[k:k + 3] for k in range(0, len(key) - 2, 2))
        return [p for p in dict.fromkeys(probes) if p.strip()]
    words = sorted(set(_WORDS.findall(key)), key=lambda w: (-len(w), w))
    return words[:MAX_WORD_PROBES] or ([key] if key.strip() else [])
