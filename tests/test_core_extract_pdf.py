"""Statements from PDFs: paragraphs rejoined, hyphens undone only where the document says so,
page furniture and margin line numbers dropped, Chinese never spaced, no text layer refused.

Real PDFs are trimmed copies from the corpus (tests/fixtures/web/SOURCES.md);
small synthetic PDFs, written by ``make_pdf`` below, pin down the rules.
"""

import re
import sys
from pathlib import Path

import pytest

from redline.core import segment
from redline.core.errors import BadPdf, NoTextLayer
from redline.core.pdftext import Fragment, Page, extract_pdf, layout_pages

sys.path.insert(0, str(Path(__file__).parent))
import pdfs  # noqa: E402  (tests/ is no package: the PDF writer bench/ shares)

PDF_DIR = Path(__file__).parent / "fixtures" / "web" / "pdf"
FED = PDF_DIR / "en_fed_FOMCpresconf20220615_pages-1-3-22.pdf"
NZ = PDF_DIR / "en_nz-pm_2020-05-05_pages-1-2-8.pdf"
SCOTUS = PDF_DIR / "en_scotus_2009-01-13_oral-argument-transcript_p1.pdf"


def make_pdf(contents: list[bytes]) -> bytes:
    """A minimal PDF: one page (US Letter, Courier as /F1) per content stream, uncompressed."""
    return pdfs.make_pdf(contents, font="Courier", compressed=False)


def text_page(lines: list[tuple[float, float, str]]) -> bytes:
    """A content stream showing each ``(x, y, text)`` in 10-point Courier (6 points a character)."""
    shown = []
    for x, y, text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        shown.append(f"BT /F1 10 Tf {x} {y} Td ({escaped}) Tj ET")
    return "\n".join(shown).encode("cp1252")


# A two-page briefing set as a word processor would: 61 characters a line,
# first lines indented, a line broken only where the next word did not fit.
HEADER = [(72, 760, "Department Press Briefing"), (450, 760, "FINAL")]
BRIEFING = make_pdf([
    text_page(HEADER + [
        (72, 740, "June 15, 2022"),
        (200, 715, "Transcript of the Briefing"),
        (108, 680, "MS. PRICE: Good afternoon. The government has decided"),
        (72, 666, "to extend the programme for two more years, and the govern-"),
        (72, 652, "ment will publish the plan on Monday, with rules on the pass-"),
        (72, 638, "through of costs to consumers."),
        (108, 610, "We expect the programme to start in the spring and to"),
        (72, 596, "run until the end of the year, subject to the usual review by"),
        (280, 40, "Page 1 of 2"),
    ]),
    text_page(HEADER + [
        (72, 700, "the committee, which meets in the autumn to weigh the results"),
        (72, 686, "and to report to the minister."),
        (108, 658, "QUESTION: Will the plan cover the regions?"),
        (280, 40, "Page 2 of 2"),
    ]),
])


def test_a_briefing_pdf_comes_out_as_its_paragraphs():
    extracted = extract_pdf(BRIEFING, name="briefing.pdf")
    assert extracted.text == (
        "June 15, 2022\n"
        "Transcript of the Briefing\n"
        "MS. PRICE: Good afternoon. The government has decided to extend the programme for two more years, "
        "and the government will publish the plan on Monday, with rules on the pass-through of costs to consumers.\n"
        "We expect the programme to start in the spring and to run until the end of the year, subject to the "
        "usual review by the committee, which meets in the autumn to weigh the results and to report to the minister.\n"
        "QUESTION: Will the plan cover the regions?\n"
    )
    assert (extracted.kind, extracted.extractor) == ("pdf", "pdfminer.six")
    assert re.fullmatch(r"\d+\+redline\.\d+", extracted.extractor_version)


def test_a_pdf_without_text_is_refused_without_ocr():
    scanned = make_pdf([b"0 0 1 rg 100 100 200 200 re f", b"q 1 0 0 1 0 0 cm Q"])
    with pytest.raises(NoTextLayer) as caught:
        extract_pdf(scanned, name="scan.pdf")
    assert str(caught.value) == ("scan.pdf: the PDF has no text layer (2 page(s) of images, or drawing commands "
                                 "that cannot be read?); redline does no OCR")


@pytest.mark.parametrize(
    "data",
    [BRIEFING[:400], b"%PDF-1.4\n" + bytes(range(256)) * 4, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
     make_pdf([])],
    ids=["truncated", "garbage", "no-root", "no-pages"],
)
def test_a_damaged_pdf_is_a_one_line_error(data):
    with pytest.raises(BadPdf) as caught:
        extract_pdf(data, name="bad.pdf")
    assert str(caught.value).startswith("bad.pdf: ")
    assert "\n" not in str(caught.value)


# --- real PDFs -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fed() -> str:
    return extract_pdf(FED.read_bytes()).text


def test_fed_paragraphs_are_joined_lines(fed):
    lines = fed.splitlines()
    assert lines[:2] == ["Transcript of Chair Powell’s Press Conference", "June 15, 2022"]
    opening = lines[2]
    assert opening.startswith("CHAIR POWELL. Good afternoon. I will begin with one overarching message: We at the Fed "
                              "understand the hardship that high inflation is causing.")
    assert opening.endswith("a sustained period of strong labor market conditions that benefit all.")
    assert any(line.startswith("From the standpoint of our congressional mandate") for line in lines)
    # Double spaces after full stops and justified gaps are one space.
    assert "  " not in fed


def test_fed_running_header_and_page_numbers_are_dropped(fed):
    assert "FINAL" not in fed
    assert re.search(r"Page \d+ of 27", fed) is None
    assert "Chair Powell’s Press Conference June 15" not in fed


def test_fed_line_end_compound_keeps_its_hyphen(fed):
    assert "pass-through" in fed
    assert "passthrough" not in fed and "pass- through" not in fed


def test_fed_title_comes_from_the_document_info():
    assert extract_pdf(FED.read_bytes()).metadata.title == "Transcript of Chair Powell's Press Conference -- June 15, 2022"


def test_nz_transcript_keeps_speaker_turns():
    text = extract_pdf(NZ.read_bytes()).text
    lines = text.splitlines()
    # The label sits in its own column, a tab away from the speech: one line all the same.
    assert any(line.startswith("PM: Kia ora koutou katoa. Before we begin, I’ll take the usual practice of handing "
                               "over to Dr Bloomfield first") for line in lines)
    assert any(line.startswith("Dr Ashley Bloomfield: Thank you, Prime Minister.") for line in lines)
    assert "willy-nilly" in text
    assert re.search(r"page \d+ of 11", text) is None
    speakers = {turn.speaker for section in segment(text).sections for turn in section.turns}
    assert {"PM", "Dr Ashley Bloomfield"} <= speakers


def test_nz_paragraphs_split_at_vertical_gaps():
    lines = extract_pdf(NZ.read_bytes()).text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dr Ashley Bloomfield:"))
    assert lines[start].endswith("as we do update them each day.")
    assert lines[start + 1].startswith("Yesterday, there were 3,232 tests processed")


def test_scotus_margin_line_numbers_are_dropped():
    text = extract_pdf(SCOTUS.read_bytes()).text
    lines = text.splitlines()
    assert "IN THE SUPREME COURT OF THE UNITED STATES" in lines
    assert [line for line in lines if re.fullmatch(r"\d+", line)] == []
    assert not any(re.match(r"\d{1,2} [A-Z]", line) for line in lines)
    assert "The above-entitled matter came on for oral argument before the Supreme Court of the United States at " \
           "1:01 p.m." in lines


# --- layout rules on page geometry ----------------------------------------------------------

def line(x0: float, top: float, text: str, width: float | None = None, size: float = 10.0) -> Fragment:
    return Fragment(x0, x0 + (width if width is not None else 6 * len(text)), top, top + size, text)


def test_chinese_lines_join_without_spaces_and_lose_spaces_between_characters():
    page = Page(612, 792, [
        line(72, 100, "外交部发言人华春莹表示，中方对此", width=360),
        line(72, 114, "坚决反对。中 方 已 向 美 方 提 出 严 正 交 涉。", width=360),
        line(72, 128, "问：", width=24), line(120, 128, "美方 对此 有何回应？", width=120),
    ])
    assert layout_pages([page]) == "外交部发言人华春莹表示，中方对此坚决反对。中方已向美方提出严正交涉。\n问：美方对此有何回应？\n"


def test_hyphens_follow_the_documents_own_spelling():
    page = Page(612, 792, [
        line(72, 100, "The government said the govern-", width=360),
        line(72, 114, "ment would act, and the cross-", width=360),
        line(72, 128, "border rail link is a long-term plan; the co\u00ad", width=360),
        line(72, 142, "operation holds.", width=96),
    ])
    assert layout_pages([page]) == (
        "The government said the government would act, and the cross-border rail link is a long-term plan; "
        "the cooperation holds.\n"
    )


def test_a_speaker_label_starts_a_paragraph_even_after_a_full_line():
    page = Page(612, 792, [
        line(72, 100, "and that is why we are here today to talk about it", width=360),
        line(72, 114, "QUESTION: Thank you. Can you say more?", width=228),
    ])
    assert layout_pages([page]).splitlines() == [
        "and that is why we are here today to talk about it", "QUESTION: Thank you. Can you say more?"]


@pytest.mark.parametrize("number", ["7", "- 7 -", "— 7 —", "Page 7", "page 7 of 30", "7 / 30", "第7页", "第 7 页 共 30 页"])
def test_page_numbers_in_the_margins_are_dropped(number):
    page = Page(612, 792, [line(72, 100, "Body text of the page.", width=360), line(290, 760, number)])
    assert layout_pages([page]) == "Body text of the page.\n"


def test_a_number_in_the_body_is_text():
    page = Page(612, 792, [line(72, 100, "The vote:", width=54), line(72, 300, "7"), line(72, 314, "to 2.")])
    assert layout_pages([page]).splitlines() == ["The vote:", "7", "to 2."]


def test_only_recurring_band_lines_are_furniture():
    pages = [
        Page(612, 792, [line(72, 30, "Briefing 15 June"), line(72, 60, "Statement on trade"),
                        line(72, 200, "First page text.", width=360)]),
        Page(612, 792, [line(72, 30, "Briefing 15 June"), line(72, 200, "Second page text.", width=360)]),
        Page(612, 792, [line(72, 30, "Briefing 15 June"), line(72, 200, "Third page text.", width=360)]),
    ]
    # Full lines run on over the page breaks: one paragraph.
    assert layout_pages(pages).splitlines() == [
        "Statement on trade", "First page text. Second page text. Third page text."]


def test_margin_numbers_go_only_as_a_rising_column():
    numbered = [line(50, 100 + 14 * i, str(i + 1)) for i in range(6)]
    body = [line(90, 100 + 14 * i, f"line {i} of the argument", width=400) for i in range(6)]
    assert layout_pages([Page(612, 792, numbered + body)]) == " ".join(
        f"line {i} of the argument" for i in range(6)) + "\n"
    shuffled = [line(50, 100 + 14 * i, str(n)) for i, n in enumerate([3, 1, 4, 1, 5, 9])]
    assert layout_pages([Page(612, 792, shuffled + body)]).startswith("3 line 0 of the argument")


def test_superscript_digits_in_the_margin_are_text_not_line_numbers():
    numbered = [line(50, 100 + 14 * i, "²") for i in range(6)]
    body = [line(90, 100 + 14 * i, f"line {i} of the argument", width=400) for i in range(6)]
    assert layout_pages([Page(612, 792, numbered + body)]).startswith("² line 0")


def test_a_long_paragraph_of_broken_words_joins_like_a_short_one():
    # Thousands of lines in one paragraph: each join reads only the paragraph's end.
    words = ["the government's govern-", "ment", "cross-", "border"]
    lines = [line(72, 100 + 14 * i, words[i % 4], width=360) for i in range(4000)]
    text = layout_pages([Page(612, 99999, lines)]).strip()
    assert text == " ".join(["the government's government cross-border"] * 1000)


@pytest.mark.parametrize("encrypt", [
    "/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + "00" * 32 + "> /U <" + "11" * 32 + "> /P -4 >> "
    "/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",  # the empty password fails
    "/Encrypt << /Filter /FooSec /V 9 /R 9 >> /ID [<01> <01>]",  # a security handler pdfminer.six lacks
])
def test_an_encrypted_pdf_is_refused_as_encrypted(encrypt):
    data = pdfs.make_pdf([pdfs.runs([(72, 712)], b"We met today.")])
    data = data.replace(b"/Root 1 0 R >>", f"/Root 1 0 R {encrypt} >>".encode())
    with pytest.raises(BadPdf, match=r"^locked\.pdf: the PDF is encrypted; redline reads no encrypted PDF$"):
        extract_pdf(data, "locked.pdf")
