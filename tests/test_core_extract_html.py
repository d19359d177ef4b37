"""Statements from real web pages: the body found, the boilerplate dropped, the metadata right.

Pages are copies of real captures (tests/fixtures/web/SOURCES.md); the
body text each must yield is the hand-written gold in
tests/fixtures/web/gold/, written by reading the pages.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.core import segment
from redline.core.extracted import PageMeta
from redline.core.htmltext import elements_text, parse_html
from redline.core.errors import EmptyExtraction, InvalidSelector
from redline.core.speakers import find_label
from redline.core.webpage import extract_html, layout

WEB = Path(__file__).parent / "fixtures" / "web"
GOLD = WEB / "gold"
FMPRC_ZH = "zh_fmprc_2020-06-09_hua-chunying_regular-press-conference"
FMPRC_ZH_SHORT = "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong"
GOVCN = "zh_govcn_2007_npc-standing-committee-resolution"
XINHUA = "zh_xinhuanet_2019-12-10_news"
LA_JOLLA = "en_whitehouse_2012_remarks-first-lady-campaign-event-la-jolla"
GOVUK = "govuk_quarantine_press_release_2021-02.v5"
LA_JOLLA_URL = "https://www.whitehouse.gov/the-press-office/2012/10/26/remarks-first-lady-campaign-event-la-jolla-ca"
CHINESE = [FMPRC_ZH, FMPRC_ZH_SHORT, GOVCN, XINHUA]
# What each page says about itself, read off the page by hand.
METADATA = {
    FMPRC_ZH: PageMeta("2020年6月9日外交部发言人华春莹主持例行记者会", "2020-06-09", "中华人民共和国外交部"),
    FMPRC_ZH_SHORT: PageMeta("外交部发言人华春莹就英方涉港错误言行答记者问", "2019-08-10", "中华人民共和国外交部"),
    # The date is the gazette's publication (meta firstpublishedtime), not the 2023 page rebuild.
    GOVCN: PageMeta("全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007 年末国债余额限额的决议",
                    "2007-08-20", "中国政府网"),
    XINHUA: PageMeta("法国全国大罢工再次严重影响交通", "2019-12-10", "新华网"),
    # The visible dateline, not the sidebar's blog dates (2014).
    LA_JOLLA: PageMeta("Remarks by the First Lady at a Campaign Event -- La Jolla, CA", "2012-10-26",
                       "The White House", LA_JOLLA_URL, "en"),
    # Published, not "Last updated 16 February 2021".
    GOVUK: PageMeta("Government to introduce tougher measures and enforcement rules for quarantined passengers",
                    "2021-02-09"),
}
BOILERPLATE = {
    FMPRC_ZH: ["首页 > 外交动态", "打印本页", "推荐给朋友", "京ICP备06038296号", "2020年6月8日外交部发言人华春莹主持例行记者会",
               "领事服务"],
    FMPRC_ZH_SHORT: ["相关新闻", "外交部发言人华春莹就美方涉港恶劣言论答记者问", "版权所有", "English"],
    GOVCN: ["扫一扫在手机打开当前页", "国务院客户端", "京ICP备05070218号", "网站纠错"],
    XINHUA: ["【纠错】", "责任编辑", "热帖", "大数据\"坑熟客\"", "关注新华网", "新华社简介"],
    LA_JOLLA: ["Latest blog posts", "Weekly Address", "Stay Connected", "Copyright Information", "Get Email Updates"],
    GOVUK: ["Share this page", "First published.", "Explore the topic", "show all updates",
            "Changed \"The new measures"],
}


def page(name: str, **options):
    return extract_html((WEB / f"{name}.html").read_bytes(), name=f"{name}.html", **options)


def gold_lines(name: str) -> list[str]:
    return (GOLD / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def body_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n\n", 1)[1].splitlines()]


@pytest.mark.parametrize("name", [FMPRC_ZH, FMPRC_ZH_SHORT, GOVCN, XINHUA, LA_JOLLA])
def test_every_gold_line_is_a_line_of_the_body(name):
    lines = body_lines(page(name).text)
    missing = [line for line in gold_lines(name) if " ".join(line.split()) not in lines]
    assert missing == []


def test_govuk_keeps_lists_attributions_and_quotes():
    text = page(GOVUK).text
    for expected in [
        "16 hotels contracted so far for an initial 4,600 rooms",  # headline bullets
        "food and drinks",  # a list inside the body
        "The Health and Social Care Secretary said:",
        "Our fight against this virus has many fronts",
        "spot checks by police, where appropriate, for those quarantining at home",
    ]:
        assert expected in text


@pytest.mark.parametrize("name", sorted(BOILERPLATE))
def test_boilerplate_is_dropped(name):
    text = page(name).text
    assert [b for b in BOILERPLATE[name] if b in text] == []


@pytest.mark.parametrize("name", sorted(METADATA))
def test_metadata(name):
    url = LA_JOLLA_URL if name == LA_JOLLA else None
    assert page(name, url=url).metadata == METADATA[name]


def test_a_relative_canonical_link_needs_the_page_url():
    assert page(LA_JOLLA).metadata.url is None
    assert page(LA_JOLLA, url="https://www.whitehouse.gov/the-press-office/2012/10/26/x").metadata.url == LA_JOLLA_URL


@pytest.mark.parametrize("name", sorted(METADATA))
def test_the_segmenter_reads_title_and_date_from_the_header(name):
    extracted = page(name)
    lines = extracted.text.splitlines()
    assert lines[:3] == [extracted.metadata.title, extracted.metadata.date, ""]
    meta = segment(extracted.text).metadata
    assert (meta.title, meta.date) == (extracted.metadata.title, extracted.metadata.date)


@pytest.mark.parametrize("name", [FMPRC_ZH, FMPRC_ZH_SHORT, LA_JOLLA])
def test_speaker_labels_open_the_turns_of_the_gold(name):
    expected = [found[0] for line in gold_lines(name) if (found := find_label(line))]
    document = segment(page(name).text)
    assert [turn.speaker for section in document.sections for turn in section.turns] == expected
    assert len(expected) > 1


def test_chinese_labels_stay_at_line_starts():
    lines = page(FMPRC_ZH).text.splitlines()
    answers = sum(line.startswith("华春莹：") for line in gold_lines(FMPRC_ZH))
    assert sum(line.startswith("华春莹：") for line in lines) == answers == 12
    assert "中央广播电视总台央视记者：据报道，菲律宾外长洛钦6月8日就中菲建交45周年发表视频声明称，在杜特尔特总统领导下，" \
           "中菲两国的古老友谊开花结果。" in page(FMPRC_ZH).text
    # A label split over several <b> and <span> elements in the markup reads as one.
    assert "中阿卫视记者：第127届广交会将于2020年6月15日至24日在网上举办。你能否介绍相关情况？" in lines


@pytest.mark.parametrize("name", CHINESE)
def test_no_spaces_between_chinese_characters(name):
    assert re.findall(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", page(name).text) == []


def test_bracketed_notes_and_quotations_survive():
    text = page(LA_JOLLA).text
    gold = "\n".join(gold_lines(LA_JOLLA))
    for note in ("(Applause.)", "(Laughter.)", "(Laughter and applause.)", "[paying]"):
        assert text.count(note) == gold.count(note) > 0
    assert "“Tough luck, you’re on your own.”" in text
    assert "AUDIENCE: No!" in text.splitlines()


def test_a_javascript_only_page_is_an_empty_extraction():
    with pytest.raises(EmptyExtraction) as caught:
        extract_html((WEB / "js_shell.html").read_bytes(), name="https://example.org/briefing")
    message = str(caught.value)
    assert message.startswith("https://example.org/briefing: no statement text found")
    assert "\n" not in message


def test_extractor_and_version_are_recorded():
    extracted = page(FMPRC_ZH_SHORT)
    assert extracted.kind == "html"
    assert extracted.extractor == "readability-lxml"
    assert re.fullmatch(r"\d+(\.\d+)+\+redline\.\d+", extracted.extractor_version)


# --- --select -------------------------------------------------------------------------------

def test_select_takes_the_named_element_instead_of_the_extractor():
    extracted = page(FMPRC_ZH, select="#News_Body_Txt_A")
    assert extracted.extractor == "cssselect"
    assert body_lines(extracted.text) == gold_lines(FMPRC_ZH)
    assert extracted.metadata == METADATA[FMPRC_ZH]


def test_select_counts_nested_matches_once():
    text = page(FMPRC_ZH_SHORT, select="#News_Body_Txt_A, #News_Body_Txt_A p").text
    assert body_lines(text) == gold_lines(FMPRC_ZH_SHORT)


def test_select_can_pick_boilerplate_if_asked():
    text = page(FMPRC_ZH_SHORT, select="#relnews_list li").text
    assert "外交部发言人华春莹就美方涉港恶劣言论答记者问(2019-08-09)" in text


@pytest.mark.parametrize("ld", ["[" * 200_000 + "]" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_ld_nested_past_the_parsers_stack_is_skipped_for_the_next_date(ld):
    html = (f'<html><head><title>Remarks</title><script type="application/ld+json">{ld}</script>'
            '<script type="application/ld+json">{"datePublished": "2021-03-01T18:23:00+00:00"}</script>'
            "</head><body><p>Thank you all for coming today to this briefing.</p></body></html>").encode()
    assert extract_html(html, name="deep.html").metadata.date == "2021-03-01"


@pytest.mark.parametrize("href", ["http://[", "http://[zz]/x", "http://x:99999/"])
def test_a_canonical_link_that_is_no_url_is_ignored(href):
    html = (f'<html><head><title>Remarks</title><link rel="canonical" href="{href}"></head>'
            "<body><p>Thank you all for coming today to this briefing.</p></body></html>").encode()
    for url in (None, "https://www.example.org/remarks"):
        assert extract_html(html, name="page.html", url=url).metadata.url is None


def test_select_keeps_document_order_whatever_the_selector_order():
    html = ("<html><body><h1>Remarks to the press</h1><div class='a'><p>First paragraph here.</p></div>"
            "<div class='b'><p>Second paragraph here.</p></div><div class='a'><p>Third paragraph here.</p></div>"
            "</body></html>").encode()
    for selector in (".a, .b", ".b, .a", "div"):
        text = extract_html(html, name="order.html", select=selector).text
        assert re.findall(r"(First|Second|Third) paragraph", text) == ["First", "Second", "Third"], selector


@pytest.mark.parametrize("selector", ["div[", "p::nonsense(", "", "a" * 600])
def test_an_invalid_selector_is_a_one_line_error(selector):
    with pytest.raises(InvalidSelector) as caught:
        page(FMPRC_ZH_SHORT, select=selector)
    assert "\n" not in str(caught.value)


def test_a_selector_matching_nothing_is_an_empty_extraction():
    with pytest.raises(EmptyExtraction, match=r"selector '\.nope' matches no element with text \(from --select, or a \[sources\] rule, redline's own"):
        page(FMPRC_ZH_SHORT, select=".nope")


# --- layout and untrusted metadata ------------------------------------------------------------

def test_layout_emits_title_and_date_once():
    meta = PageMeta(title="Remarks by the President", date="2014-03-04")
    body = "The White House\n  Remarks by the President  \nTHE PRESIDENT: Thank you.\nRemarks by the President\n"
    assert layout(meta, body) == (
        "Remarks by the President\n2014-03-04\n\nThe White House\nTHE PRESIDENT: Thank you.\nRemarks by the President\n"
    )
    assert layout(PageMeta(), "a\n\n b\n") == "a\nb\n"


def test_page_metadata_is_flattened_and_checked():
    html = (
        "<html lang='en\x1b[31m'><head><title>Line one\nline\ttwo\x1b[2J | Site</title>"
        "<link rel=canonical href='javascript:alert(1)'><meta property='og:url' content='ftp://example.org/x'>"
        "<meta property='og:site_name' content='  The\nSite '></head>"
        "<body><h1>Ignored heading</h1><p>Statement text long enough to be the body of the page.</p></body></html>"
    ).encode()
    meta = extract_html(html).metadata
    assert meta.title == "Line one line two [2J"
    assert meta.site == "The Site"
    assert meta.url is None
    assert meta.language is None


def test_publication_meta_tags_come_before_visible_dates():
    html = (
        b"<html><head><title>T</title><meta property='article:published_time' content='2021-03-01T18:23:00+00:00'>"
        b"<meta http-equiv='last-modified' content='2022-01-01'></head><body><h1>T</h1><p>2 May 2021</p>"
        b"<p>Body text of the statement, with a sentence.</p></body></html>"
    )
    assert extract_html(html).metadata.date == "2021-03-01"
    no_meta = html.replace(b"article:published_time", b"x")
    assert extract_html(no_meta).metadata.date == "2021-05-02"


@given(st.lists(st.text(alphabet="中国外交部发言人表示。，", min_size=1, max_size=12), min_size=2, max_size=6))
def test_source_line_breaks_inside_chinese_text_vanish(pieces):
    html = "<html><body><p>" + "\n".join(pieces) + "</p><p>次段</p></body></html>"
    assert elements_text([parse_html(html).find("body")]) == "".join(pieces) + "\n次段"


@given(st.lists(st.text(alphabet="abc XYZ.,\t\u00a0", min_size=1, max_size=15), min_size=1, max_size=6))
def test_text_lines_have_single_spaces_and_no_edges(pieces):
    html = "<html><body>" + "".join(f"<div>{p}<br><b>{p}</b></div>" for p in pieces) + "</body></html>"
    text = elements_text([parse_html(html).find("body")])
    for line in text.splitlines():
        assert line == line.strip() and "  " not in line and line


def nested_page(paragraphs: int, changed: int | None = None) -> bytes:
    """Each paragraph inside an unclosed <font>, as old ministry pages write them: nested as deep as they are many."""
    body = "".join(f'<font face="宋体"><p>第{i}句话，我们取得了{"很小" if i == changed else "非常巨大"}的进展。</p>\n'
                   for i in range(paragraphs))
    return f"<html><head><title>答记者问</title></head><body><div>{body}</div></body></html>".encode()


def test_a_page_nested_past_256_elements_is_read_whole():
    # libxml2 stops building the tree at 256 elements deep, silently: 252 of 2,000 paragraphs were read.
    text = extract_html(nested_page(2000, changed=1500), name="old.html").text
    assert text.count("的进展。") == 2000 and "第1500句话，我们取得了很小的进展。" in text
    assert text.index("第1999句话") > text.index("第0句话")


def test_a_page_nested_past_what_libxml2_reads_is_refused_not_cut_short():
    deep = ("<html><body>" + "<div>" * 3000 + "<p>Deep text here.</p>" + "</div>" * 3000 + "</body></html>").encode()
    with pytest.raises(EmptyExtraction, match=r"^deep.html: the page could not be read whole \(libxml2: Excessive "
                                              r"depth in document: 2048\); redline reads no page cut short$"):
        extract_html(deep, name="deep.html", select="p")


def test_a_page_whose_text_the_extractor_passes_over_is_not_said_to_need_javascript():
    short = "<html><head><title>外交部声明</title></head><body><div><p>我们取得了进展。今天很好。</p></div></body></html>"
    with pytest.raises(EmptyExtraction, match=r"^s\.html: no statement text found among the page's 13 characters of "
                                              r"text \(too short or too scattered .*--select names the elements"):
        extract_html(short.encode(), name="s.html")
    assert "我们取得了进展。" in extract_html(short.encode(), name="s.html", select="p").text
