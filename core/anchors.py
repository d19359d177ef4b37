"""Exact matches of normalised sentences, in order: the anchors of an alignment.

Patience-style: sentences unique on both sides anchor the alignment (their
longest increasing run), then each gap between anchors is searched again,
so that repeated sentences (``谢谢。`` twice, boilerplate) are paired within
the stretch where they stand rather than with a far-away twin. A stretch
with no unique sentence left is paired by ``difflib.SequenceMatcher`` while
its work is small (as it always was), and by Myers' diff with a bounded
search beyond (:mod:`.myers`), as git's patience diff falls back to Myers:
difflib is quadratic on thousands of repeats (17 s at 8,000), Myers linear.
"""

from __future__ import annotations

import bisect
from collections import Counter

from .myers import BOUNDED_COST, common_ends, matches

# difflib's work on a stretch is at most (matching blocks) x (stretch + equal pairs);
# up to this bound (about 0.1 s at worst, milliseconds on real text) the stretch is
# paired as it always was, beyond it by Myers. Decided from the input, never the clock.
DIFFLIB_MAX_WORK = 2_000_000


def exact_anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Order-preserving pairs ``(i, j)`` with ``a[i] == b[j]``."""
    out: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a_lo, a_hi, b_lo, b_hi = common_ends(a, b, *stack.pop(), out)
        if a_lo == a_hi or b_lo == b_hi:
            continue
        anchors = _unique_run(a, b, a_lo, a_hi, b_lo, b_hi)
        if not anchors:
            out.extend(_fallback(a, b, a_lo, a_hi, b_lo, b_hi))
            continue
        out.extend(anchors)
        bounds = [(a_lo - 1, b_lo - 1)] + anchors + [(a_hi, b_hi)]
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
            if i1 - i0 > 1 and j1 - j0 > 1:
                stack.append((i0 + 1, i1, j0 + 1, j1))
    return sorted(out)


def _unique_run(a: list[str], b: list[str], a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> list[tuple[int, int]]:
    """Longest increasing run of sentences that occur once on each side."""
    count_a = Counter(a[a_lo:a_hi])
    count_b = Counter(b[b_lo:b_hi])
    where = {a[i]: i for i in range(a_lo, a_hi) if count_a[a[i]] == 1}
    cands = [(where[b[j]], j) for j in range(b_lo, b_hi) if count_b[b[j]] == 1 and b[j] in where]
    return longest_increasing(cands)


def longest_increasing(cands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run increasing in the first item (cands come sorted by the second)."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(cands)
    for k, (i, _) in enumerate(cands):
        pos = bisect.bisect_left(tails, i)
        if pos == len(tails):
            tails.append(i)
            tail_at.append(k)
        else:
            tails[pos] = i
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos else -1
    run = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        run.append(cands[k])
        k = prev[k]
    return run[::-1]


def _fallback(a: list[str], b: list[str], a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> list[tuple[int, int]]:
    """Only repeated sentences left in this stretch: pair them in order."""
    x, y = a[a_lo:a_hi], b[b_lo:b_hi]
    count_y = Counter(y)
    equal = sum(count_y[item] for item in x)
    if min(equal, len(x), len(y)) * (len(x) + len(y) + equal) <= DIFFLIB_MAX_WORK:
        from difflib import SequenceMatcher  # here: most diffs never need it

        blocks = SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()
        pairs = [(block.a + k, block.b + k) for block in blocks for k in range(block.size)]
    else:
        pairs = matches(x, y, max_cost=BOUNDED_COST)
    return [(a_lo + i, b_lo + j) for i, j in pairs]
