"""A web page's statement as text: main content by readability-lxml, metadata, a header for the segmenter.

The text starts with the page's title and date on lines of their own, so
that :func:`redline.core.segment` reads them as the header (and ``diff``
reports a changed title or date), then a blank line, then the body, one
paragraph per line. readability-lxml was chosen over trafilatura and
jusText by measurement: docs/extraction.md.
"""

from __future__ import annotations

from .extracted import HTML, Extracted, PageMeta
from .htmldecode import decode_html
from .htmltext import element_text, parse_html
from .errors import EmptyExtraction
from .normalization import normalize
from .pagemeta import page_meta
from .css_select import select_text

EXTRACTOR = "readability-lxml"
# Version of the layout rules below (header lines, title de-duplication).
LAYOUT_VERSION = 1
# A body line repeating the title this early is the page's own heading.
MAX_TITLE_REPEAT_LINE = 12


def extract_html(
    data: bytes,
    content_type: str | None = None,
    *,
    url: str | None = None,
    select: str | None = None,
    encoding: str | None = None,
    name: str = "<input>",
) -> Extracted:
    """The statement in HTML ``data`` (bytes as served; ``content_type`` is the HTTP header).

    ``select`` is a CSS selector whose elements replace the main-content
    extraction; ``encoding`` forces a codec. Raises
    :class:`EmptyExtraction` when no text is found.
    """
    root = parse_html(decode_html(data, content_type, name, encoding), name)
    body_element = root.find("body")
    lines = element_text(body_element).splitlines() if body_element is not None else []
    meta = page_meta(root, lines, url)
    body = select_text(root, select, name) if select is not None else _main_text(root, name)
    if not body.strip():
        visible = sum(len(line.strip()) for line in lines)
        raise EmptyExtraction(
            f"{name}: no statement text found in the page (it may need JavaScript to show it; try --select)"
            if not visible else
            f"{name}: no statement text found among the page's {visible:,} characters of text (too short or too "
            "scattered for the main-content extractor; --select names the elements that hold it)")
    return Extracted(layout(meta, body), HTML, meta, *extractor(select), select)


def extractor(select: str | None = None) -> tuple[str, str]:
    """The library that finds a page's text (cssselect for ``--select``, else readability-lxml) and its
    version followed by ``+redline.N`` (:data:`LAYOUT_VERSION`): what a sighting records."""
    name, version = ("cssselect", _cssselect_version()) if select is not None else (EXTRACTOR, _readability_version())
    return name, f"{version}+redline.{LAYOUT_VERSION}"


def layout(meta: PageMeta, body: str) -> str:
    """Title and date lines, a blank line, then ``body`` without an early repeat of the title."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if meta.title:
        key = normalize(meta.title)
        repeat = next((i for i, line in enumerate(lines[:MAX_TITLE_REPEAT_LINE]) if normalize(line) == key), None)
        if repeat is not None:
            del lines[repeat]
    header = [value for value in (meta.title, meta.date) if value]
    return "\n".join([*header, ""] + lines if header else lines) + "\n"


def _main_text(root, name: str) -> str:
    """readability-lxml's main content of ``root`` laid out as lines (``root`` is left untouched)."""
    from copy import deepcopy

    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(deepcopy(root)).summary(html_partial=True)
    except Unparseable as exc:
        raise EmptyExtraction(f"{name}: no main content found in the page ({exc})") from None
    return element_text(parse_html(summary, name)) if summary.strip() else ""


def _readability_version() -> str:
    import readability

    return readability.__version__


def _cssselect_version() -> str:
    import cssselect

    return cssselect.__version__
