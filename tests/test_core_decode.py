"""Decoding input bytes: encodings, plausibility, binary and empty input, line ends."""

import importlib
import re

import pytest

from redline.core import decode, segment
from redline.core.errors import BinaryInput, DecodeError, EmptyInput, InputTooLarge

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk"]
)
def test_the_example_decodes_exactly_from_each_encoding(example_text, encoding):
    data = example_text.encode(encoding)
    if encoding.startswith("utf-16-"):
        data = "\ufeff".encode(encoding) + data  # a BOM, as editors write them
    assert decode(data, "example") == example_text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_the_same_text_in_any_encoding_segments_identically(example_text, encoding):
    reference = segment(decode(example_text.encode("utf-8")))
    assert segment(decode(example_text.encode(encoding))) == reference


@pytest.mark.parametrize(
    "snippet",
    [
        # Short GBK snippets of real MFA text on which charset-normalizer's
        # first guess is Big5, UTF-16-BE or cp037 (EBCDIC).
        "17年1",
        "2017年4",
        "，理由荒谬、",
        "遣“卡尔·文",
        "问：",
        "朱镕基总理",
    ],
)
def test_short_gbk_text_is_read_as_chinese(snippet):
    assert decode(snippet.encode("gbk")) == snippet


@pytest.mark.parametrize(
    "text",
    [
        "Señor López",
        "Señor López said “no” today.",
        "“Hello,” she said — it’s fine…",
        "naïve façade",
        "Müller and Søren went to Zürich.",
        "£1,750 fine, € 20",
    ],
)
def test_windows_1252_english_is_not_read_as_chinese(text):
    decoded = decode(text.encode("cp1252"))
    assert decoded == text
    assert not CJK.search(decoded)


def test_binary_input_is_refused_naming_the_file(binary_sample):
    kind, data = binary_sample
    with pytest.raises(BinaryInput, match=rf"^sample\.{kind}: binary file"):
        decode(data, f"sample.{kind}")


def test_a_forced_encoding_does_not_make_binary_input_text(binary_sample):
    _, data = binary_sample
    with pytest.raises(BinaryInput):
        decode(data, "sample", encoding="latin-1")


def test_a_stray_control_character_is_not_binary():
    assert decode("Hello\x1b world.\n".encode()) == "Hello\x1b world.\n"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\n", b"\r\n\r\n", "\ufeff".encode("utf-8"), "\u3000\n".encode("gb18030")]
)
def test_empty_or_blank_input_is_refused(data):
    with pytest.raises(EmptyInput, match="^blank.txt: empty"):
        decode(data, "blank.txt")


def test_oversized_input_is_refused(monkeypatch):
    # The module holding the decoder and its limit.
    monkeypatch.setattr(importlib.import_module("redline.core.encoding"), "MAX_BYTES", 10)
    with pytest.raises(InputTooLarge, match="^big.txt: "):
        decode(b"x" * 11, "big.txt")


def test_damaged_utf8_is_an_error_naming_the_bad_byte(example_text):
    data = example_text.encode("utf-8")
    with pytest.raises(DecodeError, match=r"^cut.txt: cannot tell the text encoding \(not UTF-8 from byte 300,"):
        decode(data[:300] + b"\xff" + data[300:], "cut.txt")


def test_a_bom_with_invalid_content_is_an_error():
    with pytest.raises(DecodeError, match="^bad.txt: has a utf-16 byte-order mark"):
        decode(b"\xff\xfeA\x00B", "bad.txt")


def test_forced_encoding_is_used(example_text):
    data = example_text.encode("gb18030")
    assert decode(data, encoding="gb18030") == example_text
    assert decode(data, encoding="GBK") == example_text


def test_forced_utf8_drops_the_bom():
    assert decode("\ufeff问：你好？".encode(), encoding="utf-8") == "问：你好？"


def test_a_wrong_forced_encoding_names_the_byte():
    with pytest.raises(DecodeError, match=r"^in.txt: not valid ascii \(byte 3: "):
        decode("abc问".encode(), "in.txt", encoding="ascii")


@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13", "base64"])
def test_unknown_or_non_text_encodings_are_errors(encoding):
    with pytest.raises(DecodeError, match=rf"^in.txt: unknown text encoding '{encoding}'"):
        decode(b"abc", "in.txt", encoding=encoding)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(example_text, newline):
    text = decode(example_text.replace("\n", newline).encode("utf-8"))
    assert text == example_text
    assert "\r" not in text


def test_spans_refer_to_the_decoded_text_not_the_bytes(example_text):
    data = example_text.replace("\n", "\r\n").encode("utf-16")
    doc = segment(decode(data))
    assert doc.text == example_text
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
    assert doc.sentences == segment(example_text).sentences


def test_short_repetitive_gb18030_chinese_is_not_taken_for_korean():
    # Found by hypothesis: a few Hanzi repeated, all in the rows EUC-KR gives Hangul.
    text = "取得了取得了取得了\n卢比奥国务卿:\n\n卢比奥国务卿:\n"
    assert decode(text.encode("gb18030")) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_refused_with_the_encoding_to_pass(codec):
    data = "We met today. The talks went well.\n".encode(codec)
    with pytest.raises(BinaryInput, match=rf"^in\.txt: binary file \(not text; if it is UTF-16 without a byte-order "
                                          rf"mark, pass --encoding {codec}\)$"):
        decode(data, "in.txt")
    assert decode(data, "in.txt", codec) == "We met today. The talks went well.\n"


def test_a_binary_file_gets_no_encoding_hint():
    with pytest.raises(BinaryInput, match=r"^in\.bin: binary file \(not text\)$"):
        decode(bytes(range(256)) * 4, "in.bin")
