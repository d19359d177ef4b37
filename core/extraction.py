"""Any input redline reads -- text, an HTML page, a PDF -- as statement text.

The one entry point the CLI and the archive call: the bytes and, for a
fetched source, the HTTP content type and URL in; an :class:`Extracted`
out. Pure: no network, no files.
"""

from __future__ import annotations

from .encoding import decode
from .extracted import HTML, PDF, TEXT, Extracted
from .errors import InvalidSelector
from .sniff import sniff

# Version of how plain text is read (decode only; no layout of redline's own).
TEXT_VERSION = "redline.1"


def extract(
    data: bytes,
    content_type: str | None = None,
    *,
    url: str | None = None,
    select: str | None = None,
    name: str = "<input>",
) -> Extracted:
    """The statement in ``data``, whatever kind of input it is.

    ``name`` names the input in error messages (a path or the URL). Raises
    a :class:`redline.core.RedlineError` subclass on anything redline
    cannot read.
    """
    kind = sniff(data, content_type, name)
    if select is not None and kind != HTML:
        raise InvalidSelector(f"{name}: --select applies to HTML pages, and this input is {kind}")
    if kind == HTML:
        from .webpage import extract_html

        return extract_html(data, content_type, url=url, select=select, name=name)
    if kind == PDF:
        from .pdftext import extract_pdf

        return extract_pdf(data, name)
    return Extracted(decode(data, name), TEXT, extractor="redline", extractor_version=TEXT_VERSION)
