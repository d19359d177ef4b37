"""Document structure: header metadata, trailer, sections."""

import pytest

from redline.core import segment

ZH_HEADER = "部长谈合作进展\n示例部长张三 | 部长\n北京\n2025年11月23日\n"
EN_HEADER = "Minister Jane Doe Remarks to Press\nJane Doe | Minister of Examples\nExample City\nNov. 23, 2025\n"


# Header --------------------------------------------------------------------

@pytest.mark.parametrize("header", [ZH_HEADER, EN_HEADER])
def test_header_lines_become_metadata_not_speech(header):
    doc = segment(header + "我们取得了进展。\n")
    lines = header.splitlines()
    meta = doc.metadata
    assert (meta.title, meta.titles, meta.title_en is None) == (lines[0], [lines[0]], header is ZH_HEADER)
    assert (meta.speaker + " | " + meta.role, meta.place, meta.date) == (lines[1], lines[2], "2025-11-23")
    assert [s.text for s in doc.sentences] == ["我们取得了进展。"]
    assert [line.text for line in doc.header] == lines


def test_place_over_two_lines_and_an_english_title(example_text):
    meta = segment(example_text).metadata
    assert meta.place == "美国驻日内瓦国际组织代表团, 瑞士 日内瓦"
    assert meta.title_en == "Secretary of State Marco Rubio Remarks to Press"


@pytest.mark.parametrize(
    ("title", "date"),
    [
        ("2016年11月15日外交部发言人耿爽主持例行记者会", "2016-11-15"),
        ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018", "2018-05-11"),
        ("外交部发言人答记者问", None),
    ],
)
def test_a_date_inside_a_title_is_the_statement_date(title, date):
    assert segment(f"{title}\n\n问：有何评论？\n").metadata.date == date


def test_a_headline_with_a_colon_stays_in_the_header():
    # MFA nodate_t1755049: "耿爽：…" is the page title, "…宣布：" opens the body.
    doc = segment("耿爽：中国政府决定向意大利派遣抗疫医疗专家组\n\n外交部发言人耿爽宣布：\n\n专家组已于3月12日启程。\n")
    assert doc.metadata.title == "耿爽：中国政府决定向意大利派遣抗疫医疗专家组"
    assert [(s.speaker, s.text) for s in doc.sentences] == [(None, "外交部发言人耿爽宣布："), (None, "专家组已于3月12日启程。")]
    assert doc.section("full").turns == []


def test_a_label_line_ends_the_header():
    doc = segment("标题\n卢比奥国务卿:\n谢谢\n")
    assert [line.text for line in doc.header] == ["标题"]
    assert [(s.speaker, s.text) for s in doc.sentences] == [("卢比奥国务卿", "谢谢")]


def test_only_short_unpunctuated_lines_are_all_body():
    doc = segment("第一行\n第二行\n")
    assert doc.header == []
    assert [s.text for s in doc.sentences] == ["第一行", "第二行"]


# Trailer -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("header", "trailer"),
    [
        # An invented site and statement: the rule is general, not these strings.
        (ZH_HEADER, ["示例网 | 部长谈合作进展", "打印"]),
        (EN_HEADER, ["Example Gov | Minister Jane Doe Remarks to Press", "Share"]),
        (EN_HEADER, ["Minister Jane Doe Remarks to Press - Example Gov"]),
        (EN_HEADER, ["Jane Doe", "Print"]),
    ],
)
def test_trailing_lines_repeating_the_header_or_one_word_are_a_trailer(header, trailer):
    body = "卢比奥国务卿:\n我们取得了进展。谢谢。\n"
    doc = segment(header + body + "\n".join(trailer) + "\n")
    assert [line.text for line in doc.trailer] == trailer
    assert [s.text for s in doc.sentences] == ["我们取得了进展。", "谢谢。"]
    for line in doc.trailer:
        assert doc.text[line.start:line.end] == line.text


def test_the_example_trailer(example_text):
    doc = segment(example_text)
    assert [line.text for line in doc.trailer] == ["美国务院 | 国务卿马尔科·卢比奥向媒体发表讲话", "Responses"]


@pytest.mark.parametrize(
    "ending",
    [
        "卢比奥国务卿:\n谢谢\n",  # under a label: what the speaker said
        "这是最后一句。\n我们还会再谈\n",  # more than one word, not from the header
        "这是最后一句。\nResponses.\n",  # punctuated like a sentence
        "这是最后一句。\n示例部长张三发表讲话\n",  # a long Chinese "word"
    ],
)
def test_lines_that_are_not_a_trailer(ending):
    doc = segment(ZH_HEADER + "我们取得了进展。\n" + ending)
    assert doc.trailer == []


def test_no_trailer_without_a_sentence_before_it():
    doc = segment(ZH_HEADER + "甲:\n没有标点的正文\n部长谈合作进展\n")
    assert doc.trailer == []
    assert [s.text for s in doc.sentences] == ["没有标点的正文", "部长谈合作进展"]


# Sections ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("excerpt_marker", "full_marker"),
    [("[节选部分]", "[完整内容]"), ("[Excerpt]", "[Full text]"), ("[Excerpt]", "[Full transcript]"), ("【摘录】", "【全文】")],
)
def test_markers_split_excerpt_and_full_text(excerpt_marker, full_marker):
    doc = segment(f"标题\n{excerpt_marker}\n甲:\n第一句。\n{full_marker}\n甲:\n第一句。第二句。\n")
    assert [(s.role, s.label, len(s.sentences)) for s in doc.sections] == [
        ("excerpt", excerpt_marker, 1), ("full", full_marker, 2),
    ]
    assert {s.section for s in doc.section("full").sentences} == {"full"}
    assert doc.text[doc.section("full").start - len(full_marker) - 1:doc.section("full").start] == "\n" + full_marker


def test_no_markers_is_one_full_section():
    doc = segment("标题\n\n第一句。第二句。\n")
    assert [(s.role, s.label) for s in doc.sections] == [("full", None)]


def test_text_before_the_first_marker_is_a_preamble():
    doc = segment("标题\n开场白。\n[完整内容]\n正文。\n")
    assert [(s.role, [x.text for x in s.sentences]) for s in doc.sections] == [
        ("preamble", ["开场白。"]), ("full", ["正文。"]),
    ]


def test_a_bracketed_line_that_is_no_section_marker_is_text():
    doc = segment("Q: What happened?\n[Applause]\nA: We won.\n")
    assert [s.text for s in doc.sentences] == ["What happened?", "[Applause]", "We won."]
    assert [s.role for s in doc.sections] == ["full"]


def test_labels_restart_in_each_section(example_text):
    doc = segment(example_text)
    assert doc.section("excerpt").turns[0].first == 0
    assert doc.section("full").turns[0].first == 0
    assert [s.index for s in doc.section("full").sentences] == list(range(109))
