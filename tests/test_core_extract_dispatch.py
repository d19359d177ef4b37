"""extract(): any input -- text, HTML, PDF -- to statement text, by the bytes and the content type."""

import subprocess
import sys
from pathlib import Path

import pytest

from redline.core import segment
from redline.core.extraction import extract
from redline.core.errors import EmptyExtraction, InapplicableOption, UnsupportedInput

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "web" / "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong.html"
PDF = FIXTURES / "web" / "pdf" / "en_scotus_2009-01-13_oral-argument-transcript_p1.pdf"
TEXT = FIXTURES / "rubio_geneva.txt"


def test_text_is_decoded_as_before():
    data = TEXT.read_bytes()
    extracted = extract(data, "text/plain; charset=utf-8")
    assert extracted.kind == "text"
    assert extracted.text == data.decode("utf-8")
    assert (extracted.extractor, extracted.extractor_version) == ("redline", "redline.1")
    assert extracted.metadata.as_dict() == {}


def test_html_goes_to_the_page_extractor():
    extracted = extract(PAGE.read_bytes(), "text/html", url="https://www.fmprc.gov.cn/web/x.shtml")
    assert extracted.kind == "html"
    assert segment(extracted.text).metadata.date == "2019-08-10"


def test_a_pdf_goes_to_the_pdf_extractor_whatever_its_name_or_type():
    extracted = extract(PDF.read_bytes(), "application/octet-stream", name="transcript.txt")
    assert extracted.kind == "pdf"
    assert "IN THE SUPREME COURT OF THE UNITED STATES" in extracted.text


@pytest.mark.parametrize("path", [PDF, TEXT])
def test_select_is_only_for_html(path):
    with pytest.raises(InapplicableOption, match=r"^in: --select applies to HTML pages, and this input is (pdf|text)$"):
        extract(path.read_bytes(), select="main", name="in")


def test_encoding_is_not_for_pdfs():
    with pytest.raises(InapplicableOption, match=r"^in: --encoding applies to text and HTML, and this input is a PDF$"):
        extract(PDF.read_bytes(), encoding="gbk", name="in")


def test_a_forced_encoding_reads_html_in_it():
    gbk = (FIXTURES / "web" / "zh_fmprc_2019-08-10.gbk-nometa.html").read_bytes()
    assert extract(gbk, encoding="gb18030").text == extract(PAGE.read_bytes()).text


def test_text_served_with_a_charset_is_read_in_it():
    text = "华春莹：英方应停止干预香港事务。\n"
    data = text.encode("gbk")
    assert extract(data, "text/plain; charset=GBK").text == text
    # A byte-order mark wins over the header, as in browsers.
    assert extract(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/plain; charset=GBK").text == text


def test_ignore_drops_lines_of_any_kind_of_input():
    extracted = extract(PAGE.read_bytes(), ignore=[r"^\d{4}-\d{2}-\d{2}$"])
    assert "2019-08-10" not in extracted.text.splitlines()
    assert extracted.text.splitlines()[0] == "外交部发言人华春莹就英方涉港错误言行答记者问"
    assert extracted.ignore == (r"^\d{4}-\d{2}-\d{2}$",) and extracted.select is None
    text = TEXT.read_bytes()
    assert extract(text, ignore=["Rubio"]).text == "".join(
        line for line in text.decode("utf-8").splitlines(keepends=True) if "Rubio" not in line)


def test_ignoring_every_line_is_an_empty_extraction():
    with pytest.raises(EmptyExtraction, match=r"^in: --ignore dropped every line$"):
        extract(b"Updated 4:05 pm\n", ignore=["Updated"], name="in")


def test_unsupported_input_is_refused_before_any_parsing():
    with pytest.raises(UnsupportedInput, match=r"^logo.png: binary file \(a PNG image\), not text, HTML or PDF$"):
        extract(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/html", name="logo.png")


def test_the_settings_used_are_recorded():
    extracted = extract(PAGE.read_bytes(), select="#News_Body_Txt_A")
    assert (extracted.extractor, extracted.select, extracted.ignore) == ("cssselect", "#News_Body_Txt_A", ())
    assert extract(PAGE.read_bytes()).select is None


def test_metadata_serialises_only_what_is_known():
    extracted = extract(PAGE.read_bytes())
    assert extracted.metadata.as_dict() == {
        "title": "外交部发言人华春莹就英方涉港错误言行答记者问", "date": "2019-08-10", "site": "中华人民共和国外交部"}


def test_importing_the_extraction_modules_loads_no_parser(tmp_path):
    code = (
        "import sys\n"
        "import redline.core, redline.core.extraction, redline.core.webpage, redline.core.pdftext\n"
        "import redline.core.css_select, redline.core.ignore, redline.core.sniff\n"
        "heavy = ('lxml', 'readability', 'pdfminer', 'cssselect', 'charset_normalizer')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
