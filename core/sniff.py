"""Tell what kind of input some bytes are: text, HTML or PDF, or something redline refuses.

The bytes decide first (a PDF signature, an HTML start, the magic number of
an image or archive), the HTTP content type second, the file name never: a
saved page called ``statement.txt`` is still HTML, and servers often send
PDFs as ``application/octet-stream``.
"""

from __future__ import annotations

import re

from .encoding import _BOMS as BOMS  # package-internal: one table of byte-order marks
from .extracted import HTML, PDF, TEXT
from .errors import UnsupportedInput

# PDF readers accept the signature anywhere in the first kilobyte.
PDF_SEARCH_BYTES = 1024
# Enough to get past a BOM, an XML declaration and a doctype or comment.
HEAD_BYTES = 1024
_PDF_SIGNATURE = b"%PDF-"
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or EPUB file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"\x7fELF", "an executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_FTYP_OFFSET = 4  # MP4/MOV/HEIC: a box size, then "ftyp"
# Start tags that open HTML: the WHATWG sniffing list plus the sectioning
# elements a saved fragment (GOV.UK's <main>) starts with.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|style|title|b|br|p"
    r"|main|article|section|header|nav|meta|link|span|ul|ol)[\s/>]"
    r"|<!--",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*", re.IGNORECASE)
_XHTML_ROOT = re.compile(r"<html[\s>]", re.IGNORECASE)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
# Types that say nothing about the content: the bytes alone decide.
GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """The media type (lower case) and the charset parameter of a Content-Type header."""
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").strip() or None
    return media.strip().lower(), charset


def sniff(data: bytes, content_type: str | None = None, name: str = "<input>") -> str:
    """``text``, ``html`` or ``pdf`` for ``data``; :class:`UnsupportedInput` for anything else."""
    if _PDF_SIGNATURE in data[:PDF_SEARCH_BYTES]:
        return PDF
    what = _binary_kind(data)
    if what:
        raise UnsupportedInput(f"{name}: binary file ({what}), not text, HTML or PDF")
    if _looks_like_html(data):
        return HTML
    media, _ = parse_content_type(content_type)
    if media in HTML_TYPES:
        return HTML
    if media in PDF_TYPES:
        raise UnsupportedInput(f"{name}: served as {media} but the bytes are not a PDF")
    if media in TEXT_TYPES or media in GENERIC_TYPES:
        return TEXT
    raise UnsupportedInput(f"{name}: content type {media} is neither HTML, PDF nor text")


def _binary_kind(data: bytes) -> str | None:
    """A name for bytes that are a known binary format."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[_FTYP_OFFSET:_FTYP_OFFSET + 4] == b"ftyp":
        return "an MP4/QuickTime media file"
    # Other binary data reads as text here; decoding refuses it (one test of "is this text?").
    return None


def _looks_like_html(data: bytes) -> bool:
    head = _head_text(data).lstrip()
    declaration = _XML_DECLARATION.match(head)
    if declaration:
        return bool(_XHTML_ROOT.search(head))
    return bool(_HTML_START.match(head))


def _head_text(data: bytes) -> str:
    """The first bytes as text, enough to read ASCII markup in any encoding redline reads."""
    head = data[:HEAD_BYTES]
    for bom, codec in BOMS:
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    # Markup is ASCII in every ASCII-compatible encoding; Latin-1 never fails.
    return head.decode("latin-1")
