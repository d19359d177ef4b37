"""Decode the bytes of a web page, or of text served over HTTP: HTTP charset, then ``<meta charset>``, then detection.

Declared labels are read the way browsers read them (WHATWG Encoding):
``gb2312`` and ``gbk`` mean GB18030's superset, ``iso-8859-1`` and ``ascii``
mean Windows-1252, and a ``<meta>`` claiming UTF-16 means UTF-8. A label
is dropped when the bytes are not valid in it, and a legacy label is not
believed over bytes that are valid multi-byte UTF-8: ministries' templates
still say ``gb2312`` on pages their CMS now writes in UTF-8, and a page in
GBK is never valid UTF-8 beyond a few characters. Without a usable label,
:func:`redline.core.decode` detects the encoding. A byte-order mark wins
over any label, as in browsers.
"""

from __future__ import annotations

import codecs
import re

from .encoding import _BOMS as BOMS  # package-internal: one table of byte-order marks
from .encoding import check_encoding, decode
from .errors import DecodeError
from .sniff import parse_content_type

# Old CMS templates put scripts and long titles before the <meta>; WHATWG's
# prescan stops at 1024 bytes, which misses some of them.
META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_LABELS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "chinese": "gb18030", "csgb2312": "gb18030", "iso-ir-58": "gb18030",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
    "big5": "big5hkscs", "x-sjis": "shift_jis", "windows-31j": "cp932",
}


def decode_html(data: bytes, content_type: str | None = None, name: str = "<input>",
                encoding: str | None = None) -> str:
    """The text of HTML ``data``, LF line ends, no BOM (errors as :func:`redline.core.decode`).

    ``encoding`` forces a codec, as ``--encoding`` does.
    """
    return _decode_declared(data, _declared(data, content_type, meta=True), name, encoding)


def decode_served(data: bytes, content_type: str | None = None, name: str = "<input>",
                  encoding: str | None = None) -> str:
    """Text served with ``content_type``: its charset when the bytes are valid in it, else detection.

    Without a content type (a file), exactly :func:`redline.core.decode`.
    """
    return _decode_declared(data, _declared(data, content_type, meta=False), name, encoding)


def _decode_declared(data: bytes, declared: list[str], name: str, encoding: str | None) -> str:
    if encoding or not declared or data.startswith(tuple(bom for bom, _ in BOMS)):
        return decode(data, name, encoding)
    if declared[0] != "utf-8" and _valid_multibyte_utf8(data):
        return decode(data, name, "utf-8")
    for codec in declared:
        if _decodes(data, codec):
            return decode(data, name, codec)
    return decode(data, name)


def meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` near the start of ``data`` declares, as written."""
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _declared(data: bytes, content_type: str | None, meta: bool) -> list[str]:
    """Codecs named by the HTTP header and (with ``meta``) the page, in that order, known ones only."""
    _, http = parse_content_type(content_type)
    found = []
    labels = [(http, "http")] + ([(meta_charset(data), "meta")] if meta else [])
    for label, source in labels:
        codec = _codec(label, source) if label else None
        if codec and codec not in found:
            found.append(codec)
    return found


def _codec(label: str, source: str) -> str | None:
    key = label.strip().lower()
    key = _LABELS.get(key, key)
    try:
        codec = codecs.lookup(key).name
        check_encoding(codec)  # a label naming no text codec redline decodes with (rot13, idna) is not used
    except (LookupError, DecodeError):
        return None
    if source == "meta" and codec.startswith(("utf-16", "utf-32")):
        # Bytes that hold an ASCII <meta> are not UTF-16.
        return "utf-8"
    return codec


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except ValueError:  # UnicodeDecodeError, or a codec's own UnicodeError
        return False
    return True


def _valid_multibyte_utf8(data: bytes) -> bool:
    return not data.isascii() and _decodes(data, "utf-8")
