"""Any input redline reads -- text, an HTML page, a PDF -- as statement text.

The one entry point the CLI and the archive call: the bytes and, for a
fetched source, the HTTP content type and URL in; an :class:`Extracted`
out. Pure: no network, no files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .errors import EmptyExtraction, InapplicableOption
from .extracted import HTML, PDF, TEXT, Extracted
from .htmldecode import decode_served
from .ignore import compile_ignore, drop_ignored
from .sniff import sniff

# Version of how plain text is read (decode only; no layout of redline's own).
TEXT_EXTRACTOR = "redline"
TEXT_VERSION = "redline.1"


def extract(
    data: bytes,
    content_type: str | None = None,
    *,
    url: str | None = None,
    select: str | None = None,
    ignore: Iterable[str] = (),
    encoding: str | None = None,
    name: str = "<input>",
) -> Extracted:
    """The statement in ``data``, whatever kind of input it is.

    ``content_type`` is the HTTP header of a fetched input (its charset is
    used for text and HTML); ``url`` where it was fetched from. ``select``
    (HTML only) is a CSS selector replacing main-content extraction;
    ``ignore`` are regular expressions whose lines are dropped;
    ``encoding`` (text and HTML) forces a codec. ``name`` names the input
    in error messages (a path or the URL). Raises a
    :class:`redline.core.RedlineError` subclass on anything redline cannot
    read. Text without ``ignore`` comes out exactly as
    :func:`redline.core.decode` reads it.
    """
    kind = sniff(data, content_type, name)
    if select is not None and kind != HTML:
        raise InapplicableOption(f"{name}: --select applies to HTML pages, and this input is {kind}")
    if encoding is not None and kind == PDF:
        raise InapplicableOption(f"{name}: --encoding applies to text and HTML, and this input is a PDF")
    ignore = tuple(ignore)
    patterns = compile_ignore(ignore)  # a bad pattern fails before any parsing
    if kind == HTML:
        from .webpage import extract_html

        extracted = extract_html(data, content_type, url=url, select=select, encoding=encoding, name=name)
    elif kind == PDF:
        from .pdftext import extract_pdf

        extracted = extract_pdf(data, name)
    else:
        text = decode_served(data, content_type, name, encoding)
        extracted = Extracted(text, TEXT, extractor=TEXT_EXTRACTOR, extractor_version=TEXT_VERSION)
    if not patterns:
        return extracted
    kept = drop_ignored(extracted.text, patterns)
    if not kept.strip():
        raise EmptyExtraction(f"{name}: --ignore dropped every line")
    return replace(extracted, text=kept, ignore=ignore)


def extractor_for(kind: str, select: str | None = None) -> tuple[str, str]:
    """The extractor (name, version) that :func:`extract` uses today for an input of ``kind``.

    The archive compares it with what a sighting recorded: the same
    extractor and settings on the same bytes give the same text, so a
    conditional GET (``watch``) or a re-extraction (``rederive``) can be
    skipped.
    """
    if kind == HTML:
        from .webpage import extractor

        return extractor(select)
    if kind == PDF:
        from .pdftext import extractor

        return extractor()
    return TEXT_EXTRACTOR, TEXT_VERSION
