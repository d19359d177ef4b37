"""What kind of input bytes are: text, HTML, PDF, or refused -- from the bytes first, the content type second."""

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.core.errors import RedlineError
from redline.core.errors import UnsupportedInput
from redline.core.sniff import parse_content_type, sniff

FIXTURES = Path(__file__).parent / "fixtures"
WEB = FIXTURES / "web"
HTML_PAGES = sorted(WEB.glob("*.html"))
PDFS = sorted((WEB / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: p.name)
def test_real_pages_are_html_whatever_the_server_says(path):
    data = path.read_bytes()
    for content_type in (None, "text/html; charset=utf-8", "application/octet-stream", "text/plain"):
        assert sniff(data, content_type) == "html"


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_real_pdfs_are_pdf_even_when_served_as_octet_stream(path):
    assert sniff(path.read_bytes(), "application/octet-stream") == "pdf"
    assert sniff(path.read_bytes(), "text/html") == "pdf"


def test_a_statement_saved_as_text_is_text():
    data = (FIXTURES / "rubio_geneva.txt").read_bytes()
    assert sniff(data) == "text"
    assert sniff(data, "text/plain; charset=utf-8") == "text"


def test_the_signature_may_follow_junk_in_the_first_kilobyte():
    assert sniff(b"\r\n" * 100 + b"%PDF-1.4\n...") == "pdf"


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body><p>x</p></body></html>",
        b"  \n<html lang='zh'><p>x</p>",
        b"<main role=\"main\"><h1>Title</h1></main>",
        b"<!-- saved from url=(0050)https://example.org --><html>",
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">\n<html xmlns=\"x\">",
        codecs.BOM_UTF8 + b"<!doctype html><p>x</p>",
        codecs.BOM_UTF16_LE + "<html><p>外交部</p></html>".encode("utf-16-le"),
    ],
)
def test_html_is_known_by_its_start(head):
    assert sniff(head) == "html"


def test_a_tagless_body_served_as_html_is_html():
    assert sniff(b"Statement by the spokesperson.", "text/html") == "html"


def test_an_xml_feed_is_not_html():
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
    assert sniff(feed) == "text"
    with pytest.raises(UnsupportedInput, match="application/rss\\+xml is neither HTML, PDF nor text"):
        sniff(feed, "application/rss+xml")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip-compressed data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Microsoft Office file"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "an MP4/QuickTime media file"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(8), "an executable"),
    ],
)
def test_other_binaries_are_refused_by_name(data, what):
    with pytest.raises(UnsupportedInput) as caught:
        sniff(data, "text/html", name="https://example.org/x")
    message = str(caught.value)
    assert message.startswith(f"https://example.org/x: binary file ({what}")
    assert message.endswith("not text, HTML or PDF")
    assert "\n" not in message


def test_other_binary_data_is_refused_by_decoding_as_before():
    from redline.core.errors import BinaryInput
    from redline.core.extraction import extract

    for content_type in (None, "text/html"):
        with pytest.raises(BinaryInput, match=r"^x: binary file \(not text\)$"):
            extract(b"abc\x00def" * 10, content_type, name="x")


def test_utf16_text_with_a_bom_is_not_binary():
    assert sniff(codecs.BOM_UTF16_LE + "国务卿卢比奥".encode("utf-16-le")) == "text"


@pytest.mark.parametrize("content_type", ["image/png", "application/json", "text/css", "video/mp4; codecs=x"])
def test_a_declared_type_that_is_neither_html_pdf_nor_text_is_refused(content_type):
    with pytest.raises(UnsupportedInput, match=r"^u: content type \S+ is neither HTML, PDF nor text$"):
        sniff(b"plain words", content_type, name="u")


def test_a_pdf_content_type_over_bytes_that_are_not_a_pdf_is_refused():
    with pytest.raises(UnsupportedInput, match="^u: served as application/pdf but the bytes are not a PDF$"):
        sniff(b"Access denied", "application/pdf", name="u")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, ("", None)),
        ("", ("", None)),
        ("text/html", ("text/html", None)),
        ("Text/HTML; Charset=GBK", ("text/html", "GBK")),
        ('text/html; charset="gb2312"', ("text/html", "gb2312")),
        ("text/html;charset=utf-8;foo=bar", ("text/html", "utf-8")),
        ("application/pdf; charset=", ("application/pdf", None)),
    ],
)
def test_content_type_header(header, expected):
    assert parse_content_type(header) == expected


@given(st.binary(max_size=300), st.sampled_from([None, "", "text/html", "text/plain", "application/pdf",
                                                  "image/gif", "application/octet-stream"]))
def test_sniff_answers_a_kind_or_refuses_in_one_line(data, content_type):
    try:
        kind = sniff(data, content_type)
    except RedlineError as exc:
        assert isinstance(exc, UnsupportedInput)
        assert "\n" not in str(exc)
    else:
        assert kind in ("text", "html", "pdf")
