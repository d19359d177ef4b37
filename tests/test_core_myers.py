"""Myers' linear-space diff (core/myers.py) against a quadratic reference and difflib.

The reference is the textbook dynamic programme for the length of a longest
common subsequence; difflib's ``SequenceMatcher`` (today's fallback for a
gap of repeated sentences) is compared where it is itself a longest common
subsequence, and the only one, so the two must agree pair for pair.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core.myers import matches

# Few distinct items, as in a gap made of repeated sentences.
ITEMS = st.lists(st.sampled_from(["谢谢。", "好的。", "你能否证实？", "下一个问题。"]), max_size=14)
SETTINGS = settings(max_examples=400, deadline=None)


def lcs_length(a: list, b: list) -> int:
    """Length of a longest common subsequence: the O(N·M) table."""
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal, row = row, [0] * (len(b) + 1)
        for j, y in enumerate(b):
            row[j + 1] = diagonal[j] + 1 if x == y else max(diagonal[j + 1], row[j])
    return row[-1]


def all_longest(a: list, b: list) -> set[frozenset]:
    """Every longest common subsequence as a set of index pairs (small inputs only)."""
    @lru_cache(maxsize=None)
    def best(i: int, j: int) -> tuple[int, frozenset]:
        if i == len(a) or j == len(b):
            return 0, frozenset([frozenset()])
        options = [best(i + 1, j), best(i, j + 1)]
        if a[i] == b[j]:
            size, tails = best(i + 1, j + 1)
            options.append((size + 1, frozenset(t | {(i, j)} for t in tails)))
        top = max(size for size, _ in options)
        return top, frozenset().union(*(tails for size, tails in options if size == top))

    return set(best(0, 0)[1])


def difflib_pairs(a: list, b: list) -> list[tuple[int, int]]:
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return [(block.a + k, block.b + k) for block in blocks for k in range(block.size)]


def assert_common_subsequence(a: list, b: list, pairs: list[tuple[int, int]]) -> None:
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))


@SETTINGS
@given(ITEMS, ITEMS)
def test_pairs_are_a_longest_common_subsequence(a, b):
    pairs = matches(a, b)
    assert_common_subsequence(a, b, pairs)
    assert len(pairs) == lcs_length(a, b)
    assert matches(a, b) == pairs  # deterministic


@SETTINGS
@given(ITEMS, ITEMS)
def test_same_pairs_as_difflib_where_difflib_finds_the_only_longest(a, b):
    longest = all_longest(a, b)
    reference = difflib_pairs(a, b)
    if len(longest) == 1 and frozenset(reference) in longest:
        assert matches(a, b) == reference


@SETTINGS
@given(ITEMS, ITEMS, st.integers(1, 4))
def test_a_cost_bound_still_gives_a_common_subsequence(a, b, max_cost):
    pairs = matches(a, b, max_cost=max_cost)
    assert_common_subsequence(a, b, pairs)
    edits = len(a) + len(b) - 2 * lcs_length(a, b)
    if edits < 2 * max_cost:  # the searches meet before the bound: exact
        assert pairs == matches(a, b)


@SETTINGS
@given(st.lists(st.integers(0, 3), max_size=60), st.lists(st.integers(0, 3), max_size=60))
def test_longer_random_sequences(a, b):
    pairs = matches(a, b)
    assert_common_subsequence(a, b, pairs)
    assert len(pairs) == lcs_length(a, b)


def test_edges():
    assert matches([], []) == []
    assert matches(["a"], []) == []
    assert matches(["a", "b"], ["a", "b"]) == [(0, 0), (1, 1)]
    assert matches(["a", "b"], ["c", "d"]) == []
    assert matches(["x", "a", "y"], ["a"]) == [(1, 0)]


def test_a_long_gap_of_repeats_with_scattered_edits():
    """The shape that made difflib quadratic: many copies of few sentences."""
    repeats = ["谢谢。", "好的。", "你能否证实？"]
    a = [repeats[(k * 7) % 3 if k % 11 else 0] for k in range(3000)]
    b = [item for k, item in enumerate(a) if k % 97] + ["谢谢。"]
    pairs = matches(a, b)
    assert_common_subsequence(a, b, pairs)
    assert len(pairs) >= len(b) - 1  # every kept copy, perhaps not the one added at the end
    assert len(pairs) >= len(difflib_pairs(a, b))


# Long runs of a repeated pattern with a few edits: snakes far longer than the items compared one at a time.
REPEATED = st.tuples(st.lists(st.integers(0, 2), min_size=1, max_size=4), st.integers(10, 80),
                     st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 3)), max_size=6))


def _edited(pattern: list[int], times: int, edits: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    a = pattern * times
    b = list(a)
    for where, what in edits:
        where %= len(b) + 1
        if what == 3:
            del b[where:where + 1]
        else:
            b.insert(where, what)
    return a, b


@given(REPEATED, st.sampled_from([None, 1, 4]))
@SETTINGS
def test_long_runs_measured_a_slice_at_a_time_give_the_pairs_of_one_item_at_a_time(shape, max_cost):
    from redline.core import myers

    a, b = _edited(*shape)
    pairs = matches(a, b, max_cost)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(myers, "_SHORT_RUN", 10**9)  # every run compared one item at a time
        assert pairs == matches(a, b, max_cost)
    if max_cost is None:
        assert len(pairs) == lcs_length(a, b)
