"""The engine's fast paths against plain reference implementations kept here, on random small inputs.

Each reference is the obvious way to compute the same thing: the anchors
with difflib in every stretch of repeats (as before), or with a dynamic
programme's longest common subsequence where Myers stands in for it; NFKC
over the whole text for normalisation, a fresh parse for the remembered
sentence splits, jieba's own dictionary for the word table, a scan of the
text for candidate sources and a diff of every candidate for tracing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core import anchors, excerpt, jieba_fast, parse, sentences
from redline.core.anchors import exact_anchors, longest_increasing
from redline.core.candidates import TextIndex
from redline.core.myers import common_ends
from redline.core.normalization import _QUOTES, _fold_space, normalize, normalize_all
from redline.core.notes import without_notes

SETTINGS = settings(max_examples=300, deadline=None)
FIXTURES = Path(__file__).parent / "fixtures"


# -- anchors: difflib for small stretches of repeats, Myers for large ones ------------------
def lcs_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """One longest common subsequence, by the O(N·M) table."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def reference_anchors(a: list[str], b: list[str], fallback) -> tuple[list[tuple[int, int]], list[tuple[list, list]]]:
    """Patience anchors as ``exact_anchors`` finds them, with ``fallback`` where no unique sentence is left;
    and the stretches that needed it."""
    out: list[tuple[int, int]] = []
    gaps = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a_lo, a_hi, b_lo, b_hi = common_ends(a, b, *stack.pop(), out)
        if a_lo == a_hi or b_lo == b_hi:
            continue
        count_a, count_b = Counter(a[a_lo:a_hi]), Counter(b[b_lo:b_hi])
        where = {a[i]: i for i in range(a_lo, a_hi) if count_a[a[i]] == 1}
        unique = longest_increasing([(where[b[j]], j) for j in range(b_lo, b_hi)
                                     if count_b[b[j]] == 1 and b[j] in where])
        if not unique:
            gaps.append((a[a_lo:a_hi], b[b_lo:b_hi]))
            out += [(a_lo + i, b_lo + j) for i, j in fallback(*gaps[-1])]
            continue
        out += unique
        bounds = [(a_lo - 1, b_lo - 1)] + unique + [(a_hi, b_hi)]
        stack += [(i0 + 1, i1, j0 + 1, j1) for (i0, j0), (i1, j1) in zip(bounds, bounds[1:])
                  if i1 - i0 > 1 and j1 - j0 > 1]
    return sorted(out), gaps


SENTENCES = st.lists(st.sampled_from(["谢谢。", "好的。", "下一个问题。", "你能否证实？", "A.", "B.", "C."]),
                     max_size=24)


@SETTINGS
@given(SENTENCES, SENTENCES)
def test_anchors_through_myers_pair_as_many_sentences_as_a_longest_common_subsequence(a, b):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anchors, "DIFFLIB_MAX_WORK", 0)  # every stretch of repeats through Myers
        pairs = exact_anchors(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    reference, gaps = reference_anchors(a, b, lcs_pairs)
    assert len(pairs) == len(reference)
    if all(lcs_is_unique(x, y) for x, y in gaps):  # where ties exist, either longest subsequence will do
        assert pairs == reference


@SETTINGS
@given(SENTENCES, SENTENCES)
def test_small_stretches_of_repeats_are_paired_as_difflib_pairs_them(a, b):
    assert exact_anchors(a, b) == reference_anchors(a, b, difflib_pairs)[0]


def difflib_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return [(block.a + k, block.b + k) for block in blocks for k in range(block.size)]


def lcs_is_unique(a: list[str], b: list[str]) -> bool:
    """Whether the two sequences have exactly one longest common subsequence of index pairs (small inputs)."""
    memo: dict[tuple[int, int], tuple[int, int]] = {}

    def count(i: int, j: int) -> tuple[int, int]:  # (length, number of distinct pair sets), capped at 2
        if i == len(a) or j == len(b):
            return 0, 1
        if (i, j) not in memo:
            options = [count(i + 1, j), count(i, j + 1)]
            if a[i] == b[j]:
                size, ways = count(i + 1, j + 1)
                options.append((size + 1, ways))
            best = max(size for size, _ in options)
            memo[i, j] = best, min(2, sum(ways for size, ways in options if size == best))
        return memo[i, j]

    return count(0, 0)[1] == 1


# -- normalisation: wide forms replaced, NFKC only where needed ---------------------------
def reference_normalize(text: str) -> str:
    return _fold_space(unicodedata.normalize("NFKC", text).translate(_QUOTES))


TEXT = st.text(st.sampled_from(
    "我们取得进展。，；：！？（）“”「」…　 abcAB12３４Ａａ\u0301\u3099か³½ﬁ'\"\t\n－—"
), max_size=40)


@SETTINGS
@given(st.lists(TEXT, max_size=6))
def test_normalize_as_nfkc_of_the_whole_text(texts):
    assert [normalize(t) for t in texts] == [reference_normalize(t) for t in texts]
    assert normalize_all(texts) == [reference_normalize(t) for t in texts]


def test_normalize_all_keeps_one_result_per_text_when_a_text_holds_nul():
    texts = ["a\x00b", "ｃ", ""]
    assert normalize_all(texts) == [normalize(t) for t in texts]


# -- segmentation: splits remembered across documents -------------------------------------
REAL = (FIXTURES / "rubio_geneva.txt").read_text(encoding="utf-8").splitlines()


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(REAL) - 1), st.sampled_from(["drop", "copy", "edit", "label"])),
                max_size=8))
def test_a_second_version_parses_as_if_alone(edits):
    lines = list(REAL)
    for k, what in edits:
        k %= max(1, len(lines))
        if not lines:
            break
        if what == "drop":
            lines.pop(k)
        elif what == "copy":
            lines.insert(k, lines[(k * 7) % len(lines)])
        elif what == "edit":
            lines[k] = lines[k][:5] + "Mr. He said. 不" + lines[k][5:]
        else:
            lines[k] = "记者：" + lines[k]
    old, new = "\n".join(REAL), "\n".join(lines)
    parse._splits.clear()
    alone = parse.segment(new)
    parse.segment(old)
    assert parse.segment(new) == alone


# -- segmentation: plain Chinese paragraphs split by one regular expression ------------------
# Chinese ends and closers, openers, commas, spaces, letters and digits: what the fast path takes.
PLAIN_PARAGRAPH = st.text(st.sampled_from(list("我们取得进展中国美国。。！？；｡”’」』》〉“‘「『《〈，、 \tAb1")), max_size=60)


@SETTINGS
@given(PLAIN_PARAGRAPH)
def test_plain_paragraphs_split_as_the_per_run_judgement_splits_them(text):
    assert sentences._NOT_PLAIN.search(text) is None
    assert sentences._plain_spans(text, 0, len(text)) == sentences._spans(text, 0, len(text))


def test_the_plain_path_is_taken_by_most_real_chinese_paragraphs():
    lines = [line for line in (FIXTURES / "mfa_zh_2016-11-25_tail.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    plain = [line for line in lines if sentences._NOT_PLAIN.search(line) is None]
    assert len(plain) > 0.8 * len(lines)


# -- jieba: the word table cuts as jieba's dictionary does --------------------------------
@pytest.fixture(scope="module")
def cutters(tmp_path_factory):
    table = tmp_path_factory.mktemp("table") / "jieba.table"
    jieba_fast.save_table(table)
    plain = jieba_fast.load().dt
    return jieba_fast.load_table(table), plain


HAN = st.text(st.sampled_from("我们取得了实质性进展乌克兰方面派出高层级代表团中国人民共和国外交部发言人答记者问不是"),
              min_size=1, max_size=30)


@SETTINGS
@given(st.lists(HAN, min_size=1, max_size=5))
def test_the_word_table_cuts_as_jiebas_dictionary(cutters, runs):
    table, plain = cutters
    assert table.cut(runs) == [plain.lcut(run, HMM=True) for run in runs]


# -- excerpt tracing: one pass for many queries, candidates skipped by an upper bound ---------
ZH = [line for line in (FIXTURES / "mfa_zh_2016-11-25_tail.txt").read_text(encoding="utf-8").splitlines()
      if line.strip()]
SOURCE_SENTENCES = [s + "。" for line in ZH for s in line.split("。") if len(s) > 4]


@st.composite
def excerpts(draw):
    """A full text of real sentences and an excerpt of some of them, edited, cut, joined or made up."""
    full = draw(st.lists(st.sampled_from(SOURCE_SENTENCES), min_size=3, max_size=25))
    out = []
    for _ in range(draw(st.integers(1, 12))):
        k = draw(st.integers(0, len(full) - 1))
        what = draw(st.sampled_from(["same", "cut", "edit", "join", "new"]))
        s = full[k]
        if what == "cut":
            s = s[draw(st.integers(0, len(s) // 2)):]
        elif what == "edit":
            at = draw(st.integers(0, len(s) - 1))
            s = s[:at] + draw(st.sampled_from(["不", "坚决", "进一步", "美国"])) + s[at + 1:]
        elif what == "join" and k + 1 < len(full):
            s = s[:-1] + "，" + full[k + 1]
        elif what == "new":
            s = "今天天气很好，我们一起去公园散步。"
        out.append(s)
    return normalize_all(full), normalize_all(out)


def reference_best_source(j, key, a_keys, index, window, min_coverage):
    """``_best_source`` as it was: every candidate's coverage measured by its diff."""
    scored = []
    for _, i in index.query(without_notes(key) or key, limit=excerpt.CANDIDATES):
        coverage = excerpt._coverage(*excerpt._matches([i], key, a_keys))
        scored.append((-round(coverage * excerpt.COVERAGE_STEPS), window.cost(j, i), i))
    if not scored:
        return None
    scored.sort(key=lambda x: (x[0], x[1]))
    return excerpt._accepted(excerpt._grow([scored[0][2]], key, a_keys), key, a_keys, min_coverage)


@SETTINGS
@given(excerpts(), st.sampled_from([0.5, 0.3]))
def test_tracing_finds_the_sources_the_reference_finds(texts, min_coverage):
    full, part = texts
    fast = excerpt.trace(full, part, min_coverage=min_coverage)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(excerpt, "_best_source", reference_best_source)
        patch.setattr(TextIndex, "PASS_FROM_QUERIES", 10**9)  # every probe scanned for
        assert fast == excerpt.trace(full, part, min_coverage=min_coverage)


@SETTINGS
@given(excerpts(), st.integers(1, 6), st.integers(1, 5))
def test_one_pass_finds_the_candidates_a_scan_finds(texts, hits, limit):
    full, part = texts
    queries = part + full[:3]
    scanned, prepared = TextIndex(full), TextIndex(full)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TextIndex, "MAX_HITS_PER_GRAM", hits)  # the first occurrences only, in text order
        patch.setattr(TextIndex, "PASS_FROM_QUERIES", 1)
        prepared.prepare(queries)
        assert prepared._found  # the one pass ran
        for key in queries:
            assert prepared.query(key, limit=limit) == scanned.query(key, limit=limit)



# -- unified reports: whole sentences, so no word-level ops ----------------------------------
@pytest.mark.parametrize("name", ["rubio_geneva.txt", "rubio_geneva_corrected.txt"])
def test_a_unified_excerpt_report_without_word_ops_is_the_same_text(name):
    from redline.cli.render.comparison import comparison_unified
    from redline.core import align, compare, segment

    doc = segment((FIXTURES / name).read_text(encoding="utf-8"))
    other = segment((FIXTURES / "rubio_geneva.txt").read_text(encoding="utf-8"))
    for run in (lambda words: compare(doc, words=words), lambda words: align(other, doc, words=words)):
        assert comparison_unified(run(False)) == comparison_unified(run(True))


def test_the_garbage_collector_runs_again_after_a_comparison_as_it_did_before():
    import gc

    from redline.core import diff, segment

    doc = segment((FIXTURES / "briefing_v1.txt").read_text(encoding="utf-8"))
    assert gc.isenabled()
    diff(doc, doc, words=False)
    assert gc.isenabled()
    gc.disable()
    try:
        diff(doc, doc, words=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
