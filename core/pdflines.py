"""A PDF's text lines by pdfminer.six, in time linear in what its pages draw.

pdfminer.six interprets each page and groups its characters into lines
(``group_objects``: one pass, each character against the one before).
Its layout analysis then groups lines into text boxes
(``group_textlines``), for the reading order of boxes; redline orders
lines by their geometry itself (:mod:`.pdftext`), so it skips that step,
whose cost grows with the cube of the number of lines that lie near one
another: a 1 KB file drawing 2,000 lines at one spot ran for
minutes. Lines come in the order the page draws them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of text on a page; coordinates in points, ``top``/``bottom`` measured from the page top."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass(slots=True)
class Page:
    """The text fragments of one page, in no particular order."""

    width: float
    height: float
    fragments: list[Fragment] = field(default_factory=list)


def read_lines(data: bytes):
    """Each page of the PDF ``data`` with its text lines (in drawing order), and pdfminer's ``PDFDocument``.

    pdfminer's exceptions (a damaged or encrypted file) pass through.
    Characters inside form XObjects stay out, as pdfminer's layout
    analysis leaves them (``all_texts`` off).
    """
    from pdfminer.layout import LAParams, LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    manager = PDFResourceManager()
    device = _device_class()(manager)
    interpreter = PDFPageInterpreter(manager, device)
    laparams = LAParams()
    pages = []
    for pdf_page in PDFPage.create_pages(document):
        interpreter.process_page(pdf_page)
        layout, device.result = device.result, None
        page = Page(layout.width, layout.height)
        chars = [item for item in layout if isinstance(item, LTChar)]
        if chars:
            page.fragments.extend(
                Fragment(line.x0, line.x1, layout.height - line.y1, layout.height - line.y0, line.get_text())
                for line in layout.group_objects(laparams, chars) if not line.is_empty()
            )
        pages.append(page)
    return pages, document


_DEVICE = None


def _device_class():
    """The device class, defined on first use: importing this module loads no pdfminer."""
    global _DEVICE
    if _DEVICE is None:
        from pdfminer.converter import PDFLayoutAnalyzer

        class Device(PDFLayoutAnalyzer):
            """Each page's characters as pdfminer lays them, with no layout analysis (``laparams=None``)."""

            def __init__(self, manager) -> None:
                super().__init__(manager, laparams=None)
                self.result = None

            # redline reads no graphics: paths and images are not kept.
            def paint_path(self, *args, **kwargs) -> None:
                pass

            def render_image(self, *args, **kwargs) -> None:
                pass

            def receive_layout(self, ltpage) -> None:
                self.result = ltpage

        _DEVICE = Device
    return _DEVICE
