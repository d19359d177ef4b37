"""Which pairs were taken out of order: a weighted longest increasing subsequence.

Keep the heaviest set of pairs (weighted by characters) whose positions
increase on both sides; every other pair is ``moved``. O(n log n) with a
Fenwick tree over side-``a`` positions.
"""

from __future__ import annotations


def in_order(points: list[tuple[int, int, int]]) -> set[int]:
    """Indices into ``points`` (``(a_pos, b_pos, weight)``) kept in order.

    ``b`` must increase strictly; ``a`` may repeat, since two excerpt
    sentences can come from one source sentence in its own order. Ties go to
    the earliest chain: among equally heavy predecessors the one found first
    (smallest ``b``, then smallest ``a``) wins.
    """
    if not points:
        return set()
    ranks = {a: r for r, a in enumerate(sorted({p[0] for p in points}), start=1)}
    size = len(ranks)
    tree_best = [0] * (size + 1)
    tree_at = [-1] * (size + 1)
    best = [0] * len(points)
    prev = [-1] * len(points)
    order = sorted(range(len(points)), key=lambda i: (points[i][1], points[i][0]))
    # Points sharing a b position must not chain to each other: resolve a
    # whole group of equal b against the tree before inserting any of it.
    group: list[int] = []
    for pos, i in enumerate(order):
        group.append(i)
        nxt = order[pos + 1] if pos + 1 < len(order) else None
        if nxt is not None and points[nxt][1] == points[i][1]:
            continue
        for j in group:
            weight, at = _query(tree_best, tree_at, ranks[points[j][0]])
            best[j] = weight + points[j][2]
            prev[j] = at
        for j in group:
            _update(tree_best, tree_at, ranks[points[j][0]], best[j], j, size)
        group = []
    end = max(range(len(points)), key=lambda i: (best[i], -points[i][1], -points[i][0]))
    kept = set()
    while end != -1:
        kept.add(end)
        end = prev[end]
    return kept


def _query(tree_best: list[int], tree_at: list[int], rank: int) -> tuple[int, int]:
    weight, at = 0, -1
    while rank > 0:
        if tree_best[rank] > weight:
            weight, at = tree_best[rank], tree_at[rank]
        rank -= rank & -rank
    return weight, at


def _update(tree_best: list[int], tree_at: list[int], rank: int, weight: int, at: int, size: int) -> None:
    while rank <= size:
        if weight > tree_best[rank]:
            tree_best[rank], tree_at[rank] = weight, at
        rank += rank & -rank
