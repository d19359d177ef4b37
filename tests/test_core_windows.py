"""Windows and repeated-sentence copies (core/windows.py) against a plain reference.

The reference is excerpt tracing as it was written first: for each window a
scan over every anchor, for each repeated sentence a ``min`` over every copy;
plus the rule this module adds, that a copy is used once while unused copies
remain, handed out good fits first (``TIERS``). On random small inputs (few distinct sentences, so many repeats;
speakers that agree, differ or are unknown) the fast path must give the
same copy for every excerpt sentence.
"""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core.anchors import longest_increasing
from redline.core.speakers import different_speakers
from redline.core.windows import TIERS, Windows, pick_repeated

SPEAKERS = [None, "问", "答", "耿爽", "华春莹", "记者"]
SETTINGS = settings(max_examples=400, deadline=None)


def reference_bounds(anchors: dict[int, int], size: int, j: int) -> tuple[int, int]:
    lo, hi = -1, size
    for bj, ai in sorted(anchors.items()):
        if bj < j:
            lo = ai
        elif bj > j:
            hi = ai
            break
    return lo, hi


def reference_cost(anchors, size, a_speakers, b_speakers, j, i):
    lo, hi = reference_bounds(anchors, size, j)
    other = int(bool(a_speakers and b_speakers and different_speakers(a_speakers[i], b_speakers[j])))
    if lo < i < hi:
        return (other, 0, i - lo, i)
    return (other, 1, min(abs(i - lo), abs(i - hi)), i)


def exact_matches(a_keys, b_keys):
    """Today's first steps of ``trace``: exact matches and the anchors among them."""
    where = defaultdict(list)
    for i, key in enumerate(a_keys):
        where[key].append(i)
    exact = {j: where[key] for j, key in enumerate(b_keys) if key in where}
    unique = [(found[0], j) for j, found in sorted(exact.items()) if len(found) == 1]
    anchors = {j: i for i, j in longest_increasing(unique)}
    return exact, anchors


def reference_pick(a_keys, b_keys, a_speakers, b_speakers):
    exact, anchors = exact_matches(a_keys, b_keys)
    used = set(anchors.values())
    chosen = {}

    def cost(j, i):
        return reference_cost(anchors, len(a_keys), a_speakers, b_speakers, j, i)

    pending = sorted(j for j in exact if j not in anchors)
    for tier in TIERS:
        for j in pending:
            fits = [i for i in exact[j] if i not in used and cost(j, i)[:2] == tier]
            if fits and j not in chosen:
                chosen[j] = min(fits, key=lambda i: cost(j, i))
                used.add(chosen[j])
    for j in pending:
        if j not in chosen:
            chosen[j] = min(exact[j], key=lambda i: cost(j, i))
    return chosen


def fast_pick(a_keys, b_keys, a_speakers, b_speakers):
    exact, anchors = exact_matches(a_keys, b_keys)
    window = Windows(anchors, len(a_keys), a_speakers, b_speakers)
    rest = {j: found for j, found in exact.items() if j not in anchors}
    return pick_repeated(rest, window, a_speakers, set(anchors.values()))


@st.composite
def texts(draw):
    """Full text and excerpt keys over a few sentences, with or without speakers."""
    alphabet = draw(st.integers(1, 6))
    a = draw(st.lists(st.integers(0, alphabet + 8), max_size=30))
    b = draw(st.lists(st.integers(0, alphabet), max_size=30))
    a_keys = [f"s{k}" if k <= alphabet else f"u{k}-{n}" for n, k in enumerate(a)]  # u...: once only
    b_keys = [f"s{k}" for k in b] + draw(st.lists(st.sampled_from(a_keys), max_size=5)) if a_keys else [f"s{k}" for k in b]
    if draw(st.booleans()):
        a_speakers = [draw(st.sampled_from(SPEAKERS)) for _ in a_keys]
        b_speakers = [draw(st.sampled_from(SPEAKERS)) for _ in b_keys]
    else:
        a_speakers = b_speakers = None
    return a_keys, b_keys, a_speakers, b_speakers


@SETTINGS
@given(texts())
def test_same_copies_as_the_reference(case):
    assert fast_pick(*case) == reference_pick(*case)


@SETTINGS
@given(st.dictionaries(st.integers(0, 40), st.integers(0, 40), max_size=12), st.integers(0, 45))
def test_bounds_as_a_scan_over_every_anchor(pairs, j):
    # Anchors increase on both sides, as longest_increasing makes them.
    anchors = dict(zip(sorted(pairs), sorted(pairs.values())))
    assert Windows(anchors, 50, None, None).bounds(j) == reference_bounds(anchors, 50, j)


def test_a_thousand_thanks_trace_to_a_thousand_copies():
    """Issue 10: 999 excerpt 谢谢 used to trace to the first copy, leaving 999 copies omitted."""
    a_keys = ["开场。"] + ["谢谢。"] * 1000 + ["结束。"]
    b_keys = ["开场。"] + ["谢谢。"] * 999 + ["结束。"]
    assert reference_pick(a_keys, b_keys, None, None) == fast_pick(a_keys, b_keys, None, None) == {
        j: j for j in range(1, 1000)}


def test_repeats_between_anchors_stay_in_their_windows():
    a_keys = [key for n in range(300) for key in (f"问题{n}。", "谢谢。", "谢谢。")]
    b_keys = [key for n in range(0, 300, 2) for key in (f"问题{n}。", "谢谢。")]
    picked = fast_pick(a_keys, b_keys, None, None)
    assert picked == {2 * k + 1: 6 * k + 1 for k in range(150)}


def test_more_excerpt_copies_than_full_copies_reuse_the_best():
    a_keys = ["开场。", "谢谢。", "谢谢。", "结束。"]
    b_keys = ["开场。", "谢谢。", "谢谢。", "谢谢。", "结束。"]
    assert fast_pick(a_keys, b_keys, None, None) == {1: 1, 2: 2, 3: 1}


def test_the_same_speaker_wins_over_the_window():
    a_keys = ["谢谢。", "一。", "谢谢。", "二。"]
    a_speakers = ["耿爽", "耿爽", "记者", "耿爽"]
    b_keys = ["一。", "谢谢。", "二。"]
    b_speakers = ["耿爽", "耿爽", "耿爽"]
    # The window after 一。 holds the journalist's 谢谢; the spokesman's is before it.
    assert fast_pick(a_keys, b_keys, a_speakers, b_speakers) == {1: 0}


def test_a_poor_fit_cannot_take_the_copy_another_sentence_fits():
    """A real case (MFA 2017-02-24, thinned): a question relabelled 答 must not take the copy
    inside another question's window, leaving that one to reach across the text."""
    a_keys = ["甲。", "有何评论？", "乙。", "丙。", "有何评论？", "丁。"]
    a_speakers = ["问", "问", None, None, None, None]
    b_keys = ["甲。", "有何评论？", "丙。", "有何评论？", "丁。"]
    b_speakers = ["答", "答", None, None, None]
    assert fast_pick(a_keys, b_keys, a_speakers, b_speakers) == {1: 1, 3: 4}
