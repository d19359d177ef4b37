"""The bundled example's quality bars (issue 3), through the public API."""

import pytest

from redline.core import compare, segment
from redline.core.ops import INSERT
from redline.core.result import Tally


@pytest.fixture(scope="module")
def result(example_text):
    return compare(segment(example_text), "example")


def excerpt_pairs(result):
    return [p for p in result.pairs if p.b]


def by_text(result, start):
    matches = [p for p in excerpt_pairs(result) if p.b_text.startswith(start)]
    assert len(matches) == 1, start
    return matches[0]


def test_every_excerpt_sentence_is_traced_to_its_source(result, example_text):
    doc = segment(example_text)
    full = doc.section("full").sentences
    expected = [2, 3, 70, 71, 5, 6, 7, 8, 11, 12, 24, 25, 26, 32, 34, 35, 36, 37, 57, 58, 98, 99, 105]
    pairs = excerpt_pairs(result)
    assert [p.b for p in pairs] == [[j] for j in range(23)]
    assert [p.a for p in pairs] == [[i] for i in expected]
    assert all(p.kind != "added" for p in pairs)
    assert full[70].text == "不过,我可以告诉你,我们确实取得了实质性进展。"


@pytest.mark.parametrize("start", ["我们取得了非常巨大的进展。", "我可以告诉你,我们确实取得了实质性进展。",
                                   "我不会谈论我们讨论议题的具体细节"])
def test_three_sentences_are_trimmed_at_the_head(result, start):
    pair = by_text(result, start)
    assert pair.kind == "trimmed"
    assert pair.trim == ["head"]


def test_cutting_i_think_is_a_hedge(result):
    assert by_text(result, "我们取得了非常巨大的进展。").flags == ["hedge"]
    assert by_text(result, "我可以告诉你").flags == []
    assert by_text(result, "我不会谈论").flags == []


def test_last_sentence_is_edited_with_editorial_note_and_quotes(result):
    pair = by_text(result, "我没看到什么")
    assert pair.kind == "edited"
    assert pair.flags == ["editorial", "quote"]
    inserted = "".join(op.b for op in pair.ops if op.kind == INSERT)
    assert "(指媒体报道的欧洲领导人要制定一份“反计划”)" in inserted
    assert inserted.count("“") == 2


def test_only_the_two_later_sentences_are_moved(result):
    moved = [p.b_text for p in result.pairs if p.moved]
    assert moved == ["我可以告诉你,我们确实取得了实质性进展。", "今天是我们在这整个10个月里处理这些问题以来最好的1天。"]


def test_all_other_excerpt_sentences_are_same(result):
    kinds = [p.kind for p in excerpt_pairs(result)]
    assert kinds.count("same") == 19
    assert kinds.count("trimmed") == 3 and kinds.count("edited") == 1


def test_every_full_sentence_is_used_or_omitted_once(result):
    used = [i for p in result.pairs if p.kind != "omitted" for i in p.a]
    omitted = [i for p in result.pairs if p.kind == "omitted" for i in p.a]
    assert sorted(set(used) | set(omitted)) == list(range(109))
    assert not set(used) & set(omitted)
    assert result.counts["omitted"] == 86
    assert result.summary.coverage.overall.sentences == Tally(23, 109)
    assert result.summary.coverage.speakers["提问"].sentences.used == 0
