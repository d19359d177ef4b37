"""The bundled example parses the way a reader sees it (issue 2's numbers)."""

import pytest

from redline.core import segment


@pytest.fixture(scope="module")
def doc(example_text):
    return segment(example_text)


def test_excerpt_has_23_sentences_all_by_the_secretary(doc):
    excerpt = doc.section("excerpt")
    assert excerpt.label == "[节选部分]"
    assert len(excerpt.sentences) == 23
    assert {s.speaker for s in excerpt.sentences} == {"卢比奥国务卿"}


def test_full_text_has_109_sentences_under_40_labels(doc):
    full = doc.section("full")
    assert full.label == "[完整内容]"
    assert len(full.sentences) == 109
    assert len(full.turns) == 40
    assert sum(t.inline for t in full.turns) == 1


def test_inline_question_is_one_sentence_by_the_questioner(doc):
    matches = [s for s in doc.section("full").sentences if s.text == "你能不能举例说明有哪些让步?"]
    assert len(matches) == 1
    assert matches[0].speaker == "提问"


def test_colons_inside_sentences_create_no_speaker(doc):
    speakers = {s.speaker for s in doc.sentences}
    assert speakers == {"卢比奥国务卿", "提问"}
    assert any(s.text.startswith("但我认为,今天的“简报”是:今天很值得") for s in doc.sentences)
    assert any("这些事情的运作方式:要想" in s.text for s in doc.sentences)


def test_trailer_is_not_speech(doc):
    assert [line.text for line in doc.trailer] == ["美国务院 | 国务卿马尔科·卢比奥向媒体发表讲话", "Responses"]
    assert not any("Responses" in s.text or "美国务院" in s.text for s in doc.sentences)


def test_header_metadata(doc):
    meta = doc.metadata
    assert meta.title == "国务卿卢比奥谈乌克兰和平协议进展 取得了非常巨大且实质性的进展"
    assert meta.titles == [meta.title, "Secretary of State Marco Rubio Remarks to Press", "国务卿马尔科·卢比奥向媒体发表讲话"]
    assert meta.title_en == "Secretary of State Marco Rubio Remarks to Press"
    assert (meta.speaker, meta.role) == ("马尔科·卢比奥", "国务卿")
    assert meta.place == "美国驻日内瓦国际组织代表团, 瑞士 日内瓦"
    assert meta.date == "2025-11-23"
    assert meta.extra == []


def test_spans_point_at_their_text(doc):
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
