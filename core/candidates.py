"""Find likely partners for a sentence without comparing all pairs.

An inverted index from shingles to sentences; a query looks up only the
rarest shingles of the sentence, counts hits, and ranks the few sentences
that come up by how much of the query they contain.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .similarity import containment

RARE_SHINGLES = 16


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
