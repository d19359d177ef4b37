"""Turn input bytes into text: encoding detection with plausibility checks.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are certain. Otherwise
the two legacy encodings redline is built for are tried first, each only if
its reading *looks* right: GB18030 (a superset of GBK and GB2312) when its
characters are overwhelmingly common Chinese, then Windows-1252 when the
result reads as Latin-script text. charset-normalizer ranks whatever is
left (Big5, Shift-JIS, Cyrillic code pages...).

The fixed order is deliberate: on short inputs charset-normalizer ranks
Big5 above GBK (``17年1`` becomes ``17爛1``) and Windows-1250/1251 above
Windows-1252 (``Señor López`` becomes ``Seёor Lґpez``).
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from .script import CJK_LETTERS
from .errors import BinaryInput, DecodeError, EmptyInput, InputTooLarge

MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, LF, VT/FF and CR, plus DEL: text does not hold them.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A reading holding these (or U+FFFD) is the wrong one.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_NEWLINES = re.compile(r"\r\n?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BINARY_SAMPLE = 65536
_PLAUSIBLE_SAMPLE = 20000

# One GB18030 character per match; group 1 is set when it lies in the
# GB2312 zone (both bytes 0xA1-0xFE) in the rows of symbols, full-width
# forms, pinyin and Hanzi. Latin text misread as GB18030 lands elsewhere:
# an accented byte is almost always followed by an ASCII one.
_GB_CHAR = re.compile(
    rb"([\xa1-\xa3\xa8\xa9\xb0-\xf7][\xa1-\xfe])"
    rb"|[\x81-\xfe](?:[\x30-\x39][\x81-\xfe][\x30-\x39]|[\x40-\xfe])"
)
# Real GBK text scores ~1.0 (a rare name character like 镕 costs little);
# Big5 misread as GB18030 scores under 0.7 even on ten characters.
MIN_CHINESE_SHARE = 0.75
# EUC-KR puts every Hangul syllable in lead bytes 0xB0-0xC8, rows where GB2312 holds the Hanzi read
# a- to r- in pinyin: Chinese has about 60% of its Hanzi there (at most 78% of the first 40 in 400
# Foreign Ministry pages), Korean all of them. Above this share the bytes are Korean, not Chinese.
MAX_HANGUL_ROWS_SHARE = 0.9
# With fewer distinct Hanzi than this, the share says too little to call Chinese bytes Korean
# (a short text repeating a few characters can sit in those rows by chance).
MIN_HANZI_FOR_ROWS = 20
# From this many distinct characters up, all in those rows is no chance for Chinese (under 2% of short
# texts), nor proof of Korean: such a text is refused with a hint, not read as either (review 5).
MIN_HANZI_TO_DOUBT = 8
# Latin-script readings: most non-ASCII characters stand alone between ASCII
# letters (é, ñ, “); mojibake of a multi-byte encoding comes in runs.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
# Compiled on first use (through re's cache): only a text that is not UTF-8 needs it, and its ranges
# cost 2 ms to compile.
_CJK_CHAR = f"[{CJK_LETTERS}]"
# A codec name as people and Python write them (``gb18030``, ``utf-16``, ``Windows-1252``, ``Shift_JIS``). Python's
# lookup drops every other character (``utf\u202e8`` finds UTF-8), so a name holding one is no name redline takes.
_CODEC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# Text codecs Python knows in which no document is written: IDNA and Punycode encode host names, and
# ``undefined`` fails on every input.
_NOT_FOR_DOCUMENTS = frozenset({"idna", "punycode", "undefined"})
_CJK_CODECS = frozenset(
    "big5 big5hkscs cp950 cp932 shift_jis shift_jis_2004 shift_jisx0213 euc_jp "
    "euc_jis_2004 euc_jisx0213 euc_kr cp949 johab iso2022_jp iso2022_kr hz".split()
)


def read_limited(stream: BinaryIO, name: str) -> bytes:
    """All of an open binary stream, refusing one larger than :data:`MAX_BYTES` without reading on."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputTooLarge(f"{name}: larger than the {MAX_BYTES // 2**20} MB redline reads")
    return data


def too_large(size: int) -> bool:
    """Whether an input of ``size`` bytes is more than redline reads (:data:`MAX_BYTES`)."""
    return size > MAX_BYTES


def refuse_size(name: str, size: int) -> None:
    """Raise :class:`InputTooLarge` for an input of ``size`` bytes over :data:`MAX_BYTES` (checked before
    reading it where the size is known first: an archive's blob)."""
    if too_large(size):
        raise InputTooLarge(f"{name}: input is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB redline reads")


def decode(data: bytes, name: str = "<input>", encoding: str | None = None) -> str:
    """Decode ``data`` to text with LF line ends and no BOM.

    ``name`` is only used in error messages. ``encoding`` forces a codec.
    Raises :class:`EmptyInput`, :class:`BinaryInput`, :class:`InputTooLarge`
    or :class:`DecodeError`.
    """
    refuse_size(name, len(data))
    if encoding:
        text = _decode_forced(data, name, encoding)
    else:
        text = _decode_detected(data, name)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise EmptyInput(f"{name}: empty input (no text to read)")
    return text


def check_encoding(encoding: str, name: str = "<input>") -> None:
    """Refuse (:class:`DecodeError`) an ``encoding`` that is not a text codec redline decodes documents with.

    The one rule for a forced codec: ``--encoding``, the ``encoding`` a sighting in an archive records, a
    charset a page declares. The name must be in :data:`_CODEC_NAME`'s form and name a codec Python
    knows as a text encoding (not rot13 or base64), other than :data:`_NOT_FOR_DOCUMENTS`.
    """
    try:
        if not _CODEC_NAME.fullmatch(encoding):
            raise LookupError(encoding)
        codec = codecs.lookup(encoding).name
        b"A".decode(codec)  # LookupError for codecs that are not text encodings (rot13, base64)
    except LookupError:
        raise DecodeError(f"{name}: unknown text encoding {encoding!r}") from None
    except ValueError:
        pass  # a text codec, only not for one byte (utf-16) or for any input (undefined, refused below)
    if codec in _NOT_FOR_DOCUMENTS:
        raise DecodeError(f"{name}: {encoding!r} is not an encoding documents are written in")


def _decode_forced(data: bytes, name: str, encoding: str) -> str:
    check_encoding(encoding, name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"{name}: not valid {encoding} (byte {exc.start}: {exc.reason})"
        ) from None
    except ValueError as exc:
        # Codecs that fail on their own terms raise a bare UnicodeError.
        raise DecodeError(f"{name}: not valid {encoding} ({exc})") from None
    if _SURROGATE.search(text):
        # unicode_escape turns "\\ud800" into half a character: no text holds one.
        raise DecodeError(f"{name}: not valid {encoding} (it decodes to a lone surrogate, which is not text)")
    if _looks_binary(text, _CONTROL_TEXT, "\x00"):
        # Latin-1 and friends decode anything: a binary file stays binary.
        raise BinaryInput(f"{name}: binary file (control characters when read as {encoding})")
    return text.removeprefix("\ufeff")


def _decode_detected(data: bytes, name: str) -> str:
    if not data:
        raise EmptyInput(f"{name}: empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                raise DecodeError(f"{name}: has a {codec} byte-order mark but is not valid {codec}") from None
    if _looks_binary(data, _CONTROL_BYTES, b"\x00"):
        raise BinaryInput(f"{name}: binary file (not text{_utf16_hint(data)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Kept for the message: a damaged UTF-8 file is the likeliest case.
        utf8_error = exc.start
    for codec, plausible in _readers(data):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == "gb18030" and _too_short_to_tell(text) and _decodes(data, "euc_kr"):
            raise DecodeError(f"{name}: too short to tell GB18030 Chinese from EUC-KR Korean; "
                              "pass --encoding gb18030 or --encoding euc-kr")
        if not _CONTROL_CHARS.search(text) and plausible(text):
            return text
    raise DecodeError(
        f"{name}: cannot tell the text encoding (not UTF-8 from byte {utf8_error}, "
        "nor plausible GB18030 or Windows-1252); pass --encoding"
    )


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_hint(data: bytes) -> str:
    """``; if it is UTF-16 without a byte-order mark, pass --encoding utf-16-le`` (or -be) when NUL bytes
    fill one of every two places, as ASCII-range UTF-16 has them; else nothing."""
    sample = data[:_BINARY_SAMPLE]
    half = len(sample) // 2
    if half < 8:
        return ""
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) > 0.9 * half and sample.count(0) < 0.6 * len(sample):
            return f"; if it is UTF-16 without a byte-order mark, pass --encoding {codec}"
    return ""


def _looks_binary(sample: bytes | str, controls: re.Pattern, nul: bytes | str) -> bool:
    """NUL, or more control characters than the odd stray one."""
    sample = sample[:_BINARY_SAMPLE]
    if nul in sample:
        return True
    return len(controls.findall(sample)) > max(2, len(sample) // 200)


def _readers(data: bytes):
    """``(codec, plausibility check)`` pairs in the order they are tried."""
    yield "gb18030", _plausible_chinese
    yield "cp1252", _plausible_latin
    for codec in _ranked(data):
        if codec in _CJK_CODECS:
            yield codec, _plausible_cjk
        elif codec not in ("gb18030", "cp1252"):
            yield codec, _plausible_latin


def _ranked(data: bytes) -> list[str]:
    """charset-normalizer's guesses, limited to codecs that keep ASCII as ASCII."""
    from charset_normalizer import from_bytes

    ranked = []
    for match in from_bytes(data[:200_000]):
        codec = codecs.lookup(match.encoding).name
        if _ascii_compatible(codec):
            ranked.append(codec)
    return list(dict.fromkeys(ranked))


def _ascii_compatible(codec: str) -> bool:
    """False for UTF-16/32 without a BOM and EBCDIC, which turn ASCII into noise."""
    probe = b"Az09 .,:\n"
    try:
        return probe.decode(codec) == probe.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _chinese_share(text: str) -> float:
    """Share of ``text``'s non-ASCII characters that are common Chinese.

    Common means the GB2312 zone of GB18030: Hanzi, Chinese punctuation,
    full-width forms, pinyin (not its kana, Greek or Cyrillic rows). 1.0
    for pure ASCII.
    """
    matches = _GB_CHAR.findall(text[:_PLAUSIBLE_SAMPLE].encode("gb18030"))
    if not matches:
        return 1.0
    return sum(1 for common in matches if common) / len(matches)


def _hangul_shaped(text: str) -> bool:
    """Whether ``text``'s GB18030 bytes sit where EUC-KR puts Hangul (see :data:`MAX_HANGUL_ROWS_SHARE`)."""
    distinct, in_rows = _hangul_rows(text)
    return distinct >= MIN_HANZI_FOR_ROWS and in_rows > MAX_HANGUL_ROWS_SHARE * distinct


def _too_short_to_tell(text: str) -> bool:
    """Whether ``text``'s GB18030 bytes sit where EUC-KR puts Hangul, in too few distinct characters to
    call them Korean, and too many to call the match chance (:data:`MIN_HANZI_TO_DOUBT`)."""
    distinct, in_rows = _hangul_rows(text)
    return MIN_HANZI_TO_DOUBT <= distinct < MIN_HANZI_FOR_ROWS and in_rows > MAX_HANGUL_ROWS_SHARE * distinct


def _hangul_rows(text: str) -> tuple[int, int]:
    """Distinct double-byte characters of ``text`` in GB18030's Hanzi rows, and how many sit in Hangul's."""
    distinct = {m.group(0) for m in _GB_CHAR.finditer(text[:_PLAUSIBLE_SAMPLE].encode("gb18030"))
                if m.group(0)[0] >= 0xB0}
    return len(distinct), sum(char[0] <= 0xC8 for char in distinct)


def _plausible_chinese(text: str) -> bool:
    return _chinese_share(text) >= MIN_CHINESE_SHARE and not _hangul_shaped(text)


def _plausible_latin(text: str) -> bool:
    sample = text[:_PLAUSIBLE_SAMPLE]
    if re.search(_CJK_CHAR, sample):
        return False
    foreign = sum(1 for ch in sample if ord(ch) > 0x7F)
    if foreign > len(sample) * 0.3:
        return False
    in_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(sample))
    return in_runs <= foreign * 0.5


def _plausible_cjk(text: str) -> bool:
    sample = text[:_PLAUSIBLE_SAMPLE]
    return bool(re.search(_CJK_CHAR, sample))
