"""The anchored token diff (core/tokendiff.py) against diff-match-patch's exact diff.

Up to ``PLAIN_LIMIT`` tokens a side the answer must be diff-match-patch's,
op for op (what redline has always printed). Past it the diff is anchored
first: it must still rebuild both sides, come out in diff-match-patch's
canonical form, be deterministic, and on real text keep as many tokens equal
as the exact diff does.
"""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core import inline, segment, tokendiff, wordcut
from redline.core.myers import matches
from redline.core.ops import EQUAL, Op, join_a, join_b
from redline.core.tokendiff import diff_codes, diff_tokens
from redline.core.tokens import precut

FIXTURES = Path(__file__).parent / "fixtures"
WORDS = st.lists(st.sampled_from(["我们", "支持", "反对", "，", "。", "the", "not", "a", "谢谢", "中方"]), max_size=40)
SETTINGS = settings(max_examples=300, deadline=None)


def reference(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """The plain way: one character per distinct token, diff-match-patch without a time limit."""
    codes: dict[str, str] = {}
    x = "".join(codes.setdefault(t, chr(0xE000 + len(codes))) for t in a)
    y = "".join(codes.setdefault(t, chr(0xE000 + len(codes))) for t in b)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    return [(op, len(text)) for op, text in engine.diff_main(x, y, False)]


def rebuilds(a, b, runs) -> int:
    """Check that ``runs`` turn ``a`` into ``b``; return how many items are equal."""
    i = j = equal = 0
    for op, count in runs:
        assert count > 0
        if op == 0:
            assert a[i:i + count] == b[j:j + count]
            equal += count
        i += count if op <= 0 else 0
        j += count if op >= 0 else 0
    assert (i, j) == (len(a), len(b))
    return equal


def canonical(runs) -> bool:
    """No two neighbouring runs of one op; a delete never right after an insert."""
    return all(x[0] != y[0] and (x[0], y[0]) != (1, -1) for x, y in zip(runs, runs[1:]))


def real_sentences() -> list[str]:
    texts = []
    for path in sorted((FIXTURES / "cases").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [s.text for side in ("a", "b") for s in segment(data[side]).sentences]
    return texts


@SETTINGS
@given(WORDS, WORDS)
def test_ordinary_sequences_get_diff_match_patchs_answer(a, b):
    assert diff_tokens(a, b) == reference(a, b)


def test_real_sentence_pairs_get_diff_match_patchs_answer():
    sentences = real_sentences()
    rng = random.Random(3)
    for _ in range(300):
        a, b = rng.sample(sentences, 2)
        ta, tb = re.findall(r"\w+|\W", a), re.findall(r"\w+|\W", b)
        assert diff_tokens(ta, tb) == reference(ta, tb)


@SETTINGS
@given(WORDS, WORDS, st.integers(1, 3))
def test_the_anchored_path_rebuilds_both_sides(a, b, gram):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokendiff, "PLAIN_LIMIT", 4)
        patch.setattr(tokendiff, "ANCHOR_GRAM", gram)
        runs = diff_tokens(a, b)
        rebuilds(a, b, runs)
        assert canonical(runs)
        assert diff_tokens(a, b) == runs


def long_sentence(every: int, seed: int) -> tuple[str, str]:
    """The canonical example's text as one long sentence, and a copy edited every ``every`` characters."""
    text = re.sub(r"[。！？；\n]+", "，", (FIXTURES / "rubio_geneva.txt").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    pieces, pos = [], 0
    while pos < len(text):
        piece = text[pos:pos + every]
        cut = rng.randrange(0, max(1, len(piece) - 2))
        pieces.append(piece[:cut] + rng.choice(["非常", "进一步", "不", "坚决"]) + piece[cut + 2:])
        pos += every
    return text, "".join(pieces)


@pytest.mark.parametrize("every", [40, 200])
def test_a_long_real_sentence_keeps_as_much_as_the_exact_diff(every):
    a, b = long_sentence(every, seed=every)
    assert len(a) > tokendiff.PLAIN_LIMIT  # so the anchored path runs
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    exact = sum(len(text) for op, text in engine.diff_main(a, b, False) if op == 0)
    runs = diff_codes(a, b)
    assert rebuilds(a, b, runs) == exact
    assert canonical(runs)


def kept(ops: list[Op]) -> int:
    return sum(len(op.a) for op in ops if op.kind == EQUAL)


@pytest.mark.parametrize("every", [40, 200])
def test_a_long_pair_cut_at_its_shared_clauses_keeps_what_the_word_diff_keeps(every, monkeypatch):
    a, b = long_sentence(every, seed=every)
    monkeypatch.setattr(inline, "LONG_TEXT", 1000)  # the fixture's 4,590 characters count as long
    assert len(inline.word_pieces(a, b)) > 100  # cut at clauses
    # Only the text between shared clauses is cut into words (the fixture repeats many of its clauses).
    assert sum(map(len, inline.worded(a, b))) < {40: 0.75, 200: 0.6}[every] * (len(a) + len(b))
    ops = inline.inline_ops(a, b)
    assert join_a(ops) == a and join_b(ops) == b
    assert kept(ops) == kept(inline._word_ops(a, b))
    assert all(x.kind != y.kind for x, y in zip(ops, ops[1:]))


CLAUSES = st.lists(st.sampled_from(["我们支持", "反对", "谢谢", "中方", "the plan", "not", "，", "。", " ", "、"]),
                   max_size=40).map("".join)


@SETTINGS
@given(CLAUSES, CLAUSES)
def test_long_pairs_rebuild_both_sides_and_cut_only_what_the_batch_cut(a, b):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "LONG_TEXT", 10)
        precut(inline.worded(a, b))
        cut_before = set(wordcut._cuts)
        ops = inline.inline_ops(a, b)
        assert join_a(ops) == a and join_b(ops) == b
        assert all(x.kind != y.kind for x, y in zip(ops, ops[1:]))
        assert set(wordcut._cuts) == cut_before  # the batch (alignment's _precut) cut every run needed
        assert inline.inline_ops(a, b) == ops


def test_a_long_stretch_without_anchors_falls_back_to_bounded_myers(monkeypatch):
    monkeypatch.setattr(tokendiff, "PLAIN_LIMIT", 10)
    a, b = "abc" * 150, "acb" * 150  # every gram recurs: nothing to anchor on
    assert tokendiff.anchor_runs(a, b, tokendiff.ANCHOR_GRAM) == []
    runs = diff_codes(a, b)
    assert rebuilds(a, b, runs) == len(matches(a, b))  # few edits: the bound is not reached
    assert canonical(runs)


def test_more_distinct_words_than_codes_keep_their_common_head_and_tail():
    a = [f"w{i}" for i in range(1_000_000)]  # past the ~990,000 codes there are
    b = a[:500_000] + ["changed"] + a[500_001:]
    assert diff_tokens(a, b) == [(0, 500_000), (-1, 1), (1, 1), (0, 499_999)]
    assert diff_tokens(a, a[:10]) == [(0, 10), (-1, 999_990)]


DIFF_ITEMS = st.lists(st.tuples(st.sampled_from([-1, 0, 1]), st.text("ab", max_size=3)), max_size=10)


@given(DIFF_ITEMS)
@settings(max_examples=2000, deadline=None)
def test_cleanup_merge_is_diff_match_patchs_to_the_item(diffs):
    # Its own cleanupMerge is quadratic in a long sentence's diff; ours must give the very same list.
    expected = list(diffs)
    diff_match_patch().diff_cleanupMerge(expected)
    assert tokendiff.cleanup_merge(list(diffs)) == expected


def test_cleanup_merge_of_a_diff_of_single_characters_joins_them():
    # The bounded stretches of a long sentence come as one equality per character.
    diffs = [(0, ch) for ch in "我们取得了进展" * 3] + [(-1, "非常"), (1, "很"), (0, "好")]
    assert tokendiff.cleanup_merge(diffs) == [(0, "我们取得了进展" * 3), (-1, "非常"), (1, "很"), (0, "好")]
