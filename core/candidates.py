"""Find likely partners for a sentence without comparing all pairs.

An inverted index from shingles to sentences; a query looks up only the
rarest shingles of the sentence, counts hits, and ranks the few sentences
that come up by how much of the query they contain.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import accumulate, compress

from .script import has_han
from .similarity import containment, shingles

# A query looks up only its rarest shingles: they name few sentences, and they are the telling ones.
RARE_SHINGLES = 16
# Latin text is searched for at most this many of its longest words.
MAX_WORD_PROBES = 12
_WORDS = re.compile(r"[^\W\d_]{4,}")
# Characters in a probe of Chinese text (one sampled every two characters).
PROBE_CHARS = 3


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
        # Ties broken by the shingle itself: a set's order changes with PYTHONHASHSEED, answers must not.
        rare = sorted(grams, key=lambda g: (len(self.postings.get(g, ())), g))[:RARE_SHINGLES]
        hits: Counter[int] = Counter()
        for gram in rare:
            for key in self.postings.get(gram, ()):
                if key not in exclude:
                    hits[key] += 1
        shortlist = [key for key, _ in hits.most_common(limit * 4)]
        scored = sorted(((containment(grams, self.shingles[key]), key) for key in shortlist), key=lambda x: (-x[0], x[1]))
        return scored[:limit]


class TextIndex:
    """Candidates by substring search over the joined text: no index to build for a few questions.

    Excerpt mode usually asks few questions of a long text, so searching for
    a sample of each query's character n-grams (``str.find`` runs at C
    speed) beats building an inverted index of the whole text. When many
    questions are known to come (a full text traced against another),
    :meth:`prepare` finds all their probes in one pass over the text
    instead: the same occurrences, in the same order.
    """

    MAX_HITS_PER_GRAM = 400
    # Queries from which one pass over the text costs less than scanning for each (about 5 ms a query at 1 MB).
    PASS_FROM_QUERIES = 16

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        text = "\x00".join(keys)
        lowered = text.lower()
        # Case-blind search, unless lowering changes lengths (offsets must hold).
        self.fold = len(lowered) == len(text)
        self.text = lowered if self.fold else text
        self.starts = list(accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
        self._grams: dict[int, frozenset[str]] = {}
        self._found: dict[str, list[int]] = {}  # prepared probes: the sentences of their first occurrences

    def grams(self, i: int) -> frozenset[str]:
        if i not in self._grams:
            self._grams[i] = shingles(self.keys[i])
        return self._grams[i]

    def prepare(self, queries: list[str]) -> None:
        """Announce the queries to come; with enough of them, find all their probes in one pass."""
        if len(queries) < self.PASS_FROM_QUERIES:
            return
        wanted = {gram for key in queries for gram in _probes(key.lower() if self.fold else key)
                  if len(gram) == PROBE_CHARS}
        text, size = self.text, len(self.text) - PROBE_CHARS + 1
        found: dict[str, list[int]] = {gram: [] for gram in wanted}
        grams = map(text.__getitem__, map(slice, range(size), range(PROBE_CHARS, size + PROBE_CHARS)))
        for pos in compress(range(size), map(wanted.__contains__, grams)):  # C loops over every position
            sentences = found[text[pos:pos + PROBE_CHARS]]
            if len(sentences) < self.MAX_HITS_PER_GRAM:
                sentences.append(bisect_right(self.starts, pos) - 1)
        self._found.update(found)

    def query(self, key: str, limit: int = 8) -> list[tuple[float, int]]:
        """Up to ``limit`` ``(containment of key's shingles in candidate, index)``, best first."""
        hits: Counter[int] = Counter()
        for gram in _probes(key.lower() if self.fold else key):
            hits.update(dict.fromkeys(self._occurrences(gram), 1))  # each sentence once a probe
        grams = shingles(key)
        shortlist = [i for i, _ in hits.most_common(limit * 4)]
        scored = sorted(((containment(grams, self.grams(i)), i) for i in shortlist), key=lambda x: (-x[0], x[1]))
        return scored[:limit]

    def _occurrences(self, gram: str) -> list[int]:
        """The sentence of each of the first ``MAX_HITS_PER_GRAM`` occurrences of ``gram``, in text order."""
        found = self._found.get(gram)
        if found is not None:
            return found
        found = []
        pos = self.text.find(gram)
        while pos != -1 and len(found) < self.MAX_HITS_PER_GRAM:
            found.append(bisect_right(self.starts, pos) - 1)
            pos = self.text.find(gram, pos + 1)
        return found


def _probes(key: str) -> list[str]:
    """What to search for: 3-character samples of Chinese, the longer words of Latin text.

    Whole words (rather than character windows) let a short English
    sentence with one changed word still find its source.
    """
    if has_han(key):
        if len(key) <= PROBE_CHARS:
            return [key] if key.strip() else []
        probes = (key[k:k + PROBE_CHARS] for k in range(0, len(key) - PROBE_CHARS + 1, 2))
        return [p for p in dict.fromkeys(probes) if p.strip()]
    words = sorted(set(_WORDS.findall(key)), key=lambda w: (-len(w), w))
    return words[:MAX_WORD_PROBES] or ([key] if key.strip() else [])
