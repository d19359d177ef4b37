"""Decoding web pages: HTTP charset, then <meta charset>, then detection; GBK pages come out right.

The corpus holds no real GBK page, so the GBK fixtures are a real Foreign
Ministry page transcoded to GBK, with the meta charset changed to gb2312
and with it removed (tests/fixtures/web/SOURCES.md).
"""

from pathlib import Path

import pytest

from redline.core.errors import RedlineError
from redline.core.htmldecode import decode_html, meta_charset
from redline.core.webpage import extract_html

WEB = Path(__file__).parent / "fixtures" / "web"
UTF8_PAGE = WEB / "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong.html"
GBK_PAGE = WEB / "zh_fmprc_2019-08-10.gbk.html"
GBK_NO_META = WEB / "zh_fmprc_2019-08-10.gbk-nometa.html"
ANSWER = "英国对香港一无主权，二无治权，三无监督权。"


def test_the_gbk_fixtures_really_are_gbk():
    for path in (GBK_PAGE, GBK_NO_META):
        data = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert ANSWER in data.decode("gbk")
    assert meta_charset(GBK_PAGE.read_bytes()) == "gb2312"
    assert meta_charset(GBK_NO_META.read_bytes()) is None


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (GBK_PAGE, None),  # <meta charset=gb2312>: GBK read as its GB18030 superset
        (GBK_NO_META, None),  # nothing declared: detection
        (GBK_NO_META, "text/html; charset=GBK"),  # the HTTP header
        (GBK_NO_META, "text/html; charset=utf-8"),  # a wrong header is dropped: the bytes are not UTF-8
        (GBK_PAGE, "text/html; charset=windows-1252"),  # a wrong header that decodes: the header wins
    ],
)
def test_gbk_pages(path, content_type):
    text = decode_html(path.read_bytes(), content_type)
    if content_type and "1252" in content_type:
        # Browsers obey the header too: the page comes out as mojibake, not as an error.
        assert ANSWER not in text
        return
    assert ANSWER in text
    # Characters GBK lacks were written as character references and survive parsing.
    assert "&#231;" in text


@pytest.mark.parametrize("path", [GBK_PAGE, GBK_NO_META])
def test_gbk_pages_extract_exactly_like_the_utf8_original(path):
    original = extract_html(UTF8_PAGE.read_bytes())
    transcoded = extract_html(path.read_bytes())
    assert transcoded.text == original.text
    assert transcoded.metadata == original.metadata


def test_a_legacy_label_is_not_believed_over_valid_utf8():
    # GNE's saved pages: templates still say gb2312 over bytes the CMS wrote in UTF-8.
    page = UTF8_PAGE.read_bytes().replace(b"charset=UTF-8", b"charset=gb2312")
    assert meta_charset(page) == "gb2312"
    assert ANSWER in decode_html(page)
    assert ANSWER in decode_html(UTF8_PAGE.read_bytes(), "text/html; charset=GB2312")


def test_the_http_charset_comes_before_the_meta_charset():
    page = b'<html><head><meta charset="windows-1252"></head><body><p>\xc4\xe3\xba\xc3</p></body></html>'
    assert "你好" in decode_html(page, "text/html; charset=gbk")
    assert "ÄãºÃ" in decode_html(page)
    assert "ÄãºÃ" in decode_html(page, "text/html")


def test_latin1_labels_mean_windows_1252():
    page = b"<html><head><meta charset=iso-8859-1></head><body><p>\x93Caf\xe9\x94</p></body></html>"
    assert "\u201cCafé\u201d" in decode_html(page)


@pytest.mark.parametrize("label", [b"x-unknown-thing", b"base64", b"rot13", b"utf-16"])
def test_unusable_labels_fall_back_to_detection(label):
    page = b"<html><head><meta charset=" + label + b"></head><body><p>" + "外交部发言人".encode("gbk") + b"</p>"
    assert "外交部发言人" in decode_html(page)


def test_undecodable_and_empty_pages_are_one_line_errors():
    for data in (b"", b"   \n"):
        with pytest.raises(RedlineError) as caught:
            extract_html(data, name="page.html")
        assert str(caught.value).startswith("page.html: ")
        assert "\n" not in str(caught.value)
