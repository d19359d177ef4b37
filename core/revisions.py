"""Match the sentences of two versions: same, modified, split, merged, moved.

Exact matches anchor the alignment. Each stretch between anchors is aligned
by a small dynamic programme that may pair one sentence with one, one with
several (split) or several with one (merged). Sentences still unpaired are
looked up across the whole text through shared shingles: a sentence that
moved and was edited on the way is still found.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .anchors import exact_anchors
from .candidates import ShingleIndex
from .similarity import alike, containment, dice, shingles, similarity

MODIFIED = 0.5  # the similarity at which a changed sentence is "modified"
MAX_GROUP = 3  # sentences on one side of a split or merge
MAX_GAP_CELLS = 900  # the grouping DP runs on stretches up to 30 x 30 sentences; longer ones are too rewritten to group
SHORT = 24  # characters: below this, shingle overlap says too little
MIN_MOVED_FUZZY = 15  # characters: shorter sentences are not paired across the text by likeness
# A neighbour joins a split or merge when this share of its shingles is in the other side's sentence.
MIN_ABSORBED = 0.7
# Shingle likeness (Dice) below which two stretches are not one group, however long.
MIN_GROUP_LIKENESS = 0.3
# Each sentence of a split or merge has at least this share of its shingles in the other side.
MIN_PART_CONTAINED = 0.5
# Candidates looked at for a sentence that moved and changed.
MOVED_CANDIDATES = 4


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


Groups = list[tuple[list[int], list[int]]]


def match(a_texts: list[str], b_texts: list[str], fold=None) -> tuple[Groups, list[str], list[str]]:
    """Groups ``(a_indices, b_indices)`` (one side empty: removed/added) and the keys used.

    ``fold`` normalises a list of texts; it is applied only to sentences
    that are not identical on both sides, which is most of the cost saved
    on a long transcript with few changes.
    """
    anchors = exact_anchors(a_texts, b_texts)
    a_keys, b_keys = list(a_texts), list(b_texts)
    if fold is not None:
        _fold_loose(a_keys, {i for i, _ in anchors}, fold)
        _fold_loose(b_keys, {j for _, j in anchors}, fold)
        anchors = _refine(anchors, a_keys, b_keys)
    a, b = _Side(a_keys), _Side(b_keys)
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
    repeated_a = _repeated(a_texts, a_keys, b_texts, b_keys)
    repeated_b = _repeated(b_texts, b_keys, a_texts, a_keys)
    groups.extend(_moved(a, b, [i for i in left_a if i not in repeated_a], [j for j in left_b if j not in repeated_b]))
    used_a = {i for g in groups for i in g[0]}
    used_b = {j for g in groups for j in g[1]}
    _beside(a, b, groups, used_a, used_b)
    _absorb(a, b, groups, used_a, used_b)
    groups.extend(([i], []) for i in range(len(a_keys)) if i not in used_a)
    groups.extend(([], [j]) for j in range(len(b_keys)) if j not in used_b)
    return groups, a_keys, b_keys


def _beside(a: _Side, b: _Side, groups: Groups, used_a: set[int], used_b: set[int]) -> None:
    """Pair unpaired sentences that sit next to a pair, on the same side of it in both versions, when alike.

    A short sentence is never paired across the text for likeness alone
    (:data:`MIN_MOVED_FUZZY`), but one edited inside a moved paragraph has
    its slot fixed by its paired neighbours: 稳增长首要是为保就业。 →
    稳增长首要不是为保就业。 is modified, not removed and added.
    """
    for ia, ib in list(groups):
        if len(ia) != 1 or len(ib) != 1:
            continue
        for step in (-1, 1):
            i, j = ia[0] + step, ib[0] + step
            while 0 <= i < len(a.keys) and 0 <= j < len(b.keys) and i not in used_a and j not in used_b \
                    and alike(a.keys[i], b.keys[j], MODIFIED):
                groups.append(([i], [j]))
                used_a.add(i)
                used_b.add(j)
                i, j = i + step, j + step


def _absorb(a: _Side, b: _Side, groups: Groups, used_a: set[int], used_b: set[int]) -> None:
    """Grow changed one-to-one pairs into splits or merges with unpaired neighbours.

    Catches a split or merge that the stretch-by-stretch alignment could not
    see (in a long rewritten stretch, or in a sentence that also moved).
    """
    for ia, ib in groups:
        if len(ia) != 1 or len(ib) != 1 or a.keys[ia[0]] == b.keys[ib[0]]:
            continue
        for side, idx, other, used, size in ((b, ib, a.grams(ia[0]), used_b, len(b.keys)),
                                            (a, ia, b.grams(ib[0]), used_a, len(a.keys))):
            for step in (-1, 1):
                k = (idx[0] if step < 0 else idx[-1]) + step
                while 0 <= k < size and k not in used and len(idx) < MAX_GROUP and containment(side.grams(k), other) >= MIN_ABSORBED:
                    before = similarity(a.joined(ia), b.joined(ib))
                    trial = sorted(idx + [k])
                    after = similarity(a.joined(trial if side is a else ia), b.joined(trial if side is b else ib))
                    if after <= before:
                        break
                    idx[:] = trial
                    used.add(k)
                    k += step
            if len(ib) > 1 or len(ia) > 1:
                break


def _fold_loose(keys: list[str], anchored: set[int], fold) -> None:
    loose = [i for i in range(len(keys)) if i not in anchored]
    for i, key in zip(loose, fold([keys[i] for i in loose])):
        keys[i] = key


def _refine(anchors: list[tuple[int, int]], a_keys: list[str], b_keys: list[str]) -> list[tuple[int, int]]:
    """Add anchors that are equal only after normalisation, gap by gap."""
    out = []
    bounds = [(-1, -1)] + anchors + [(len(a_keys), len(b_keys))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if i1 - i0 > 1 and j1 - j0 > 1:
            out.extend((i0 + 1 + x, j0 + 1 + y) for x, y in exact_anchors(a_keys[i0 + 1:i1], b_keys[j0 + 1:j1]))
        if i1 < len(a_keys):
            out.append((i1, j1))
    return out


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
    if estimate < MIN_GROUP_LIKENESS and len(ia) == len(ib) == 1 and max(len(a.keys[ia[0]]), len(b.keys[ib[0]])) < SHORT:
        # Too few shingles to judge a short sentence: measure it.
        estimate = similarity(a.keys[ia[0]], b.keys[ib[0]]) if _confirmed(a, b, ia, ib) else 0.0
    if estimate < MIN_GROUP_LIKENESS:
        return 0.0
    if len(ia) > 1 and any(containment(a.grams(i), gb) < MIN_PART_CONTAINED for i in ia):
        return 0.0
    if len(ib) > 1 and any(containment(b.grams(j), ga) < MIN_PART_CONTAINED for j in ib):
        return 0.0
    size = sum(len(a.keys[i]) for i in ia) + sum(len(b.keys[j]) for j in ib)
    return estimate * size / 2


def _confirmed(a: _Side, b: _Side, ia: list[int], ib: list[int]) -> bool:
    return alike(a.joined(ia), b.joined(ib), MODIFIED)


def _repeated(texts: list[str], keys: list[str], other_texts: list[str], other_keys: list[str]) -> set[int]:
    """Indices of sentences whose text occurs more than once in either version.

    Keys mix exact texts (identical sentences) and normalised forms (the
    rest), so a sentence counts as repeated by either spelling.
    """
    many = set()
    for seq in (texts, keys, other_texts, other_keys):
        many |= {k for k, n in Counter(seq).items() if n > 1}
    return {i for i, (text, key) in enumerate(zip(texts, keys)) if text in many or key in many}


def _moved(a: _Side, b: _Side, left_a: list[int], left_b: list[int]) -> list[tuple[list[int], list[int]]]:
    """Pair leftovers across the whole text: identical first, then similar.

    The caller leaves out sentences repeated in either version (a boilerplate
    question): one copy dropped here and another added there is a removal
    and an addition, not a move. Nor is a short sentence paired across the
    text for being merely similar.
    """
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
    rest_a = [i for twins in free_a.values() for i in twins if len(a.keys[i]) >= MIN_MOVED_FUZZY]
    rest_b = [j for j in rest_b if len(b.keys[j]) >= MIN_MOVED_FUZZY]
    if not rest_a or not rest_b:
        return groups
    index = ShingleIndex({i: a.grams(i) for i in rest_a})
    taken: set[int] = set()
    for j in rest_b:
        for _, i in index.query(b.grams(j), limit=MOVED_CANDIDATES, exclude=taken):
            if alike(a.keys[i], b.keys[j], MODIFIED):
                taken.add(i)
                groups.append(([i], [j]))
                break
    return groups
