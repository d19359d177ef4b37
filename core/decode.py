"""Turn input bytes into text: encoding detection with plausibility checks.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are certain. Anything
else goes to charset-normalizer, and each guess must also *look* right:
GB18030 decodes almost any byte string, so a GB18030 reading is accepted
only when its non-ASCII characters are overwhelmingly common Chinese
(GB2312) characters, never for ``Señor López`` in Windows-1252.
"""

from __future__ import annotations

import codecs
import re

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
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_NEWLINES = re.compile(r"\r\n?")
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz", "cp936"}


def decode(data: bytes, name: str = "<input>", encoding: str | None = None) -> str:
    """Decode ``data`` to text with LF line ends and no BOM.

    ``name`` is only used in error messages. ``encoding`` forces a codec.
    Raises :class:`EmptyInput`, :class:`BinaryInput`, :class:`InputTooLarge`
    or :class:`DecodeError`.
    """
    if len(data) > MAX_BYTES:
        raise InputTooLarge(
            f"{name}: input is {len(data) / 2**20:.0f} MB, more than the "
            f"{MAX_BYTES // 2**20} MB redline reads"
        )
    if encoding:
        text = _decode_forced(data, name, encoding)
    else:
        text = _decode_detected(data, name)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise EmptyInput(f"{name}: empty input (no text to read)")
    return text


def _decode_forced(data: bytes, name: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DecodeError(f"{name}: unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"{name}: not valid {encoding} (byte {exc.start}: {exc.reason})"
        ) from None
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
    if _looks_binary(data):
        raise BinaryInput(f"{name}: binary file (not text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in _candidates(data):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text, codec):
            return text
    raise DecodeError(
        f"{name}: cannot tell the text encoding (not UTF-8, GB18030 or "
        "Windows-1252); pass --encoding"
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = len(_CONTROL_BYTES.findall(sample))
    return controls > max(2, len(sample) // 200)


def _candidates(data: bytes) -> list[str]:
    """Codecs to try, charset-normalizer's ranking first, then the usual two."""
    from charset_normalizer import from_bytes

    ranked = []
    for match in from_bytes(data[:200_000]):
        codec = codecs.lookup(match.encoding).name
        ranked.append("gb18030" if codec in _GB_FAMILY else codec)
    return list(dict.fromkeys(ranked + ["gb18030", "cp1252"]))


def _plausible(text: str, codec: str) -> bool:
    """Reject readings that turn bytes into noise."""
    if _CONTROL_CHARS.search(text):
        return False
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    if not foreign:
        return True
    if codec == "gb18030":
        return _common_chinese_share(foreign) >= 0.9
    if "\u4e00" <= max(foreign) and codec not in ("big5", "cp950", "big5hkscs"):
        # A non-Chinese codec that yields CJK ideographs is guessing.
        return False
    # Latin-script codecs: accented letters are the minority in real text.
    return len(foreign) <= len(text) * 0.3


def _common_chinese_share(chars: list[str]) -> float:
    common = 0
    for ch in chars:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common / len(chars)
