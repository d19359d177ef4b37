"""A longest common subsequence of two sequences in linear space: Myers' O((N+M)·D) diff.

Myers, "An O(ND) Difference Algorithm and Its Variations" (1986), section 4b:
search forward from the start and backward from the end at once until the
two paths meet on a "middle snake", then solve the two halves the same way.
Time is O((N+M)·D) for D deletions plus insertions, and about N+M+D² on
text-like input; space is O(N+M). git's xdiff falls back to the same
algorithm when patience finds no unique lines (``fall_back_to_classic_diff``).

With ``max_cost`` a search that reaches that many edits without meeting cuts
at the point that got furthest, as xdiff does without ``--minimal``: the
result is then a common subsequence, not always a longest one, but the time
is bounded by O((N+M)·max_cost) per cut whatever the input. Either way the
answer depends only on the input, never on the machine.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Sequence

Pair = tuple[int, int]
# A bound for callers that must stay fast on any input: git's own
# (xdiff's XDL_MAX_COST_MIN). Exact whenever a cut needs fewer edits.
BOUNDED_COST = 256


def matches(a: Sequence[Hashable], b: Sequence[Hashable], max_cost: int | None = None) -> list[Pair]:
    """Matched index pairs ``(i, j)`` with ``a[i] == b[j]``, increasing in both.

    Without ``max_cost`` the pairs form a longest common subsequence.
    """
    codes: dict[Hashable, int] = {}
    x = [codes.setdefault(item, len(codes)) for item in a]
    y = [codes.setdefault(item, len(codes)) for item in b]
    sides = (_Side(x), _Side(y))
    out: list[Pair] = []
    stack = [(0, len(x), 0, len(y))]
    while stack:
        a_lo, a_hi, b_lo, b_hi = common_ends(x, y, *stack.pop(), out)
        if a_lo == a_hi or b_lo == b_hi:
            continue
        cut = _split(sides, a_lo, a_hi, b_lo, b_hi, max_cost)
        if cut is None:
            continue  # nothing in common
        i, j = cut
        stack.append((i, a_hi, j, b_hi))
        stack.append((a_lo, i, b_lo, j))
    out.sort()
    return out


def common_ends(a: Sequence[Hashable], b: Sequence[Hashable], a_lo: int, a_hi: int, b_lo: int, b_hi: int,
                out: list[Pair]) -> tuple[int, int, int, int]:
    """Pair the equal items at the start and end of a box (into ``out``); return the box left."""
    while a_lo < a_hi and b_lo < b_hi and a[a_lo] == b[b_lo]:
        out.append((a_lo, b_lo))
        a_lo, b_lo = a_lo + 1, b_lo + 1
    while a_lo < a_hi and b_lo < b_hi and a[a_hi - 1] == b[b_hi - 1]:
        a_hi, b_hi = a_hi - 1, b_hi - 1
        out.append((a_hi, b_hi))
    return a_lo, a_hi, b_lo, b_hi


class _Side:
    """A coded sequence as the searches read it: forwards and backwards, as a list item by item and as bytes
    to compare long runs a slice at a time."""

    def __init__(self, codes: list[int]) -> None:
        self.forward, self.backward = codes, codes[::-1]
        self.forward_bytes = array("I", self.forward).tobytes()
        self.backward_bytes = array("I", self.backward).tobytes()


def _split(sides: tuple[_Side, _Side], a_lo: int, a_hi: int, b_lo: int, b_hi: int,
           max_cost: int | None) -> Pair | None:
    """Where to cut the box: the end of a middle snake on a shortest edit path.

    The box has no common first or last item; None when it has no common
    item at all. Follows diff-match-patch's ``diff_bisect``: ``fwd[k]`` is
    the furthest ``i`` reached on diagonal ``k = i - j`` from the start,
    ``bwd[k]`` the same from the end (the box read backwards); diagonals
    that leave the box stop being searched.
    """
    n, m = a_hi - a_lo, b_hi - b_lo
    steps = (n + m + 1) // 2
    # Diagonals reach at most d + 1 from the centre: with a bound, no more are kept than it allows, so a
    # cut costs O(max_cost²) and its snakes, not the size of the box (a long sentence is cut many times).
    off = (steps if max_cost is None else min(steps, max(max_cost, 1))) + 1
    fwd = [-1] * (2 * off + 2)
    bwd = [-1] * (2 * off + 2)
    fwd[off + 1] = bwd[off + 1] = 0
    delta = n - m
    front = bool(delta & 1)  # odd: the forward pass meets the backward one
    x, y = sides
    ahead = _Search(fwd, bwd, x.forward, y.forward, x.forward_bytes, y.forward_bytes, a_lo, b_lo, n, m, off, delta)
    back = _Search(bwd, fwd, x.backward, y.backward, x.backward_bytes, y.backward_bytes,
                   len(x.forward) - a_hi, len(y.forward) - b_hi, n, m, off, delta)
    for d in range(steps):
        for search, meets, forward in ((ahead, front, True), (back, not front, False)):
            k = search.step(d, meets)
            if k is not None:
                k = k if forward else delta - k  # the diagonal the forward search met on
                return a_lo + fwd[off + k], b_lo + fwd[off + k] - k
        if max_cost is not None and d >= max(max_cost, 1):
            return _furthest(fwd, bwd, off, d, n, m, a_lo, b_lo)
    return None


class _Search:
    """One direction of the bisection: the furthest point reached on each diagonal, a step at a time.

    Item ``i`` of the box, read in this search's direction, is ``x[x0 + i]``
    (``x`` the sequence read that way): nothing is copied per box.
    """

    def __init__(self, reach: list[int], other: list[int], x: list[int], y: list[int], x_bytes: bytes, y_bytes: bytes,
                 x0: int, y0: int, n: int, m: int, off: int, delta: int) -> None:
        self.reach, self.other, self.x, self.y = reach, other, x, y
        self.x_bytes, self.y_bytes = x_bytes, y_bytes
        self.x0, self.y0, self.n, self.m = x0, y0, n, m
        self.off, self.delta = off, delta
        self.start = self.end = 0  # diagonals cut off at each edge, having left the box

    def step(self, d: int, meets: bool) -> int | None:
        """Extend every diagonal by one more edit and its run of equal items; the diagonal where
        this search overlaps the other one's (checked when ``meets``), else None."""
        reach, other, x, y, off = self.reach, self.other, self.x, self.y, self.off
        x0, y0, n, m = self.x0, self.y0, self.n, self.m
        for k in range(-d + self.start, d + 1 - self.end, 2):
            if k == -d or (k != d and reach[off + k - 1] < reach[off + k + 1]):
                i = reach[off + k + 1]
            else:
                i = reach[off + k - 1] + 1
            j = i - k
            run = 0
            while run < _SHORT_RUN and i < n and j < m and x[x0 + i] == y[y0 + j]:
                i, j, run = i + 1, j + 1, run + 1
            if run == _SHORT_RUN:
                i += _equal_run(self.x_bytes, self.y_bytes, x0 + i, y0 + j, min(n - i, m - j))
                j = i - k
            reach[off + k] = i
            if i > n:
                self.end += 2
            elif j > m:
                self.start += 2
            elif meets and 0 <= off + self.delta - k < len(other):
                there = other[off + self.delta - k]
                if there != -1 and i + there >= n:
                    return k
        return None


# Items compared one at a time before a run is measured a slice at a time (most runs are shorter).
_SHORT_RUN = 16
_ITEM = array("I").itemsize  # bytes per item in a _Side's bytes


def _equal_run(x: bytes, y: bytes, i: int, j: int, limit: int) -> int:
    """How many items are equal from item ``i`` of ``x`` and ``j`` of ``y`` on (``_ITEM`` bytes an item), at
    most ``limit``: doubling slices compared whole, then halving, so a long run of a repeated text costs
    O(log) comparisons in C instead of one Python step an item."""
    def equal(start: int, size: int) -> bool:
        return start + size <= limit and \
            x[(i + start) * _ITEM:(i + start + size) * _ITEM] == y[(j + start) * _ITEM:(j + start + size) * _ITEM]

    known, size = 0, 1
    while equal(known, size):
        known += size
        size *= 2
    while size > 1:
        size //= 2
        if equal(known, size):
            known += size
    return known


def _furthest(fwd: list[int], bwd: list[int], off: int, d: int, n: int, m: int, a_lo: int, b_lo: int) -> Pair:
    """Cut where the forward or the backward search got furthest from its corner.

    Both have made ``d >= 1`` edits without meeting, so the point lies
    strictly inside the box and both halves are smaller than the box.
    """
    best = (-1, 0, 0)
    for reach, forward in ((fwd, True), (bwd, False)):
        for k in range(-d, d + 1, 2):
            i = reach[off + k]
            j = i - k
            if 0 <= i <= n and 0 <= j <= m and i + j > best[0]:
                best = (i + j, i, j) if forward else (i + j, n - i, m - j)
    _, i, j = best
    return a_lo + i, b_lo + j
