"""Match the sentences of two versions: same, modified, split, merged, moved.

Exact matches anchor the alignment. Each stretch between anchors is aligned
by a small dynamic programme that may pair one sentence with one, one with
several (split) or several with one (merged). Sentences still unpaired are
looked up across the whole text through shared shingles: a sentence that
moved and was edited on the way is still found.
"""

from __future__ import annotations

from collections import defaultdict

from .anchors import exact_anchors
from .candidates import ShingleIndex
from .similarity import containment, dice, shingles, similarity

MODIFIED = 0.5  # the similarity at which a changed sentence is "modified"
MAX_GROUP = 3
MAX_GAP_CELLS = 900


class _Side:
    """Normalised sentences of one version with lazily built shingle sets."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self._grams: dict[int, frozenset[str]] = {}

    def grams(self, i: int) -> frozenset[str]:
        if i not in self._grams:
            self._grams[i] = shingles(self.keys[i])
        return self._grams[i]

    def joined(self, idx: list[int]) -> str:
        return "".join(self.keys[i] for i in idx)


def match(a_keys: list[str], b_keys: list[str]) -> list[tuple[list[int], list[int]]]:
    """Groups ``(a_indices, b_indices)``; one side empty means removed/added."""
    a, b = _Side(a_keys), _Side(b_keys)
    anchors = exact_anchors(a_keys, b_keys)
    groups: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in anchors]
    bounds = [(-1, -1)] + anchors + [(len(a_keys), len(b_keys))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        gap_a, gap_b = list(range(i0 + 1, i1)), list(range(j0 + 1, j1))
        if gap_a and gap_b:
            groups.extend(_align_gap(a, b, gap_a, gap_b))
    used_a = {i for g in groups for i in g[0]}
    used_b = {j for g in groups for j in g[1]}
    left_a = [i for i in range(len(a_keys)) if i not in used_a]
    left_b = [j for j in range(len(b_keys)) if j not in used_b]
    groups.extend(_moved(a, b, left_a, left_b))
    used_a = {i for g in groups for i in g[0]}
    used_b = {j for g in groups for j in g[1]}
    groups.extend(([i], []) for i in range(len(a_keys)) if i not in used_a)
    groups.extend(([], [j]) for j in range(len(b_keys)) if j not in used_b)
    return groups


def _align_gap(a: _Side, b: _Side, gap_a: list[int], gap_b: list[int]) -> list[tuple[list[int], list[int]]]:
    """Best monotone grouping of a stretch between anchors (small stretches only)."""
    m, n = len(gap_a), len(gap_b)
    if m * n > MAX_GAP_CELLS:
        return []
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    step: list[list[tuple[int, int] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    for x in range(m + 1):
        for y in range(n + 1):
            if x == 0 and y == 0:
                continue
            best, move = -1.0, None
            if x and score[x - 1][y] > best:
                best, move = score[x - 1][y], (1, 0)
            if y and score[x][y - 1] > best:
                best, move = score[x][y - 1], (0, 1)
            for dx, dy in _group_shapes(x, y):
                gain = _gain(a, b, gap_a[x - dx:x], gap_b[y - dy:y])
                if gain > 0 and score[x - dx][y - dy] + gain > best:
                    best, move = score[x - dx][y - dy] + gain, (dx, dy)
            score[x][y], step[x][y] = best, move
    groups = []
    x, y = m, n
    while x or y:
        dx, dy = step[x][y]
        if dx and dy:
            groups.append((gap_a[x - dx:x], gap_b[y - dy:y]))
        x, y = x - dx, y - dy
    return [g for g in groups if _confirmed(a, b, *g)]


def _group_shapes(x: int, y: int):
    if x and y:
        yield 1, 1
        for k in range(2, MAX_GROUP + 1):
            if y >= k:
                yield 1, k
            if x >= k:
                yield k, 1


def _gain(a: _Side, b: _Side, ia: list[int], ib: list[int]) -> float:
    """Estimated matched characters if these sentences are one group, else 0."""
    ga = frozenset().union(*(a.grams(i) for i in ia))
    gb = frozenset().union(*(b.grams(j) for j in ib))
    estimate = dice(ga, gb)
    if estimate < 0.3:
        return 0.0
    if len(ia) > 1 and any(containment(a.grams(i), gb) < 0.5 for i in ia):
        return 0.0
    if len(ib) > 1 and any(containment(b.grams(j), ga) < 0.5 for j in ib):
        return 0.0
    size = sum(len(a.keys[i]) for i in ia) + sum(len(b.keys[j]) for j in ib)
    return estimate * size / 2


def _confirmed(a: _Side, b: _Side, ia: list[int], ib: list[int]) -> bool:
    return similarity(a.joined(ia), b.joined(ib)) >= MODIFIED


def _moved(a: _Side, b: _Side, left_a: list[int], left_b: list[int]) -> list[tuple[list[int], list[int]]]:
    """Pair leftovers across the whole text: identical first, then similar."""
    groups = []
    free_a: dict[str, list[int]] = defaultdict(list)
    for i in left_a:
        free_a[a.keys[i]].append(i)
    rest_b = []
    for j in left_b:
        twins = free_a.get(b.keys[j])
        if twins:
            i = min(twins, key=lambda i: abs(i - j))
            twins.remove(i)
            groups.append(([i], [j]))
        else:
            rest_b.append(j)
    rest_a = [i for twins in free_a.values() for i in twins]
    if not rest_a or not rest_b:
        return groups
    index = ShingleIndex({i: a.grams(i) for i in rest_a})
    taken: set[int] = set()
    for j in rest_b:
        for _, i in index.query(b.grams(j), limit=4, exclude=taken):
            if similarity(a.keys[i], b.keys[j]) >= MODIFIED:
                taken.add(i)
                groups.append(([i], [j]))
                break
    return groups
