"""A PDF's text lines by pdfminer.six, in time linear in what its pages draw.

pdfminer.six interprets each page and groups its characters into lines
(``group_objects``: one pass, each character against the one before).
Its layout analysis then groups lines into text boxes
(``group_textlines``), for the reading order of boxes; redline orders
lines by their geometry itself (:mod:`.pdftext`), so it skips that step,
whose cost grows with the cube of the number of lines that lie near one
another: a 1 KB file drawing 2,000 lines at one spot ran for
minutes. Lines come in the order the page draws them.

What a small file can multiply is capped, each cap with one error
(:class:`PdfTooLarge`), far above real statements: the characters of a
page (each held, about 600 bytes, until the page's lines are grouped) and
of the document, the pages, and the bytes of drawing commands run (a form
XObject drawn twice runs twice; forms drawing forms double at each level).
Not capped: pdfminer's decoding of streams and fonts (docs/safety.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from .errors import PdfTooLarge

# Characters drawn on one page; the densest page of the corpus and fixtures has 4,458. Bounds memory.
MAX_PAGE_CHARS = 100_000
# Characters drawn in one document; the longest has 56,214 (29 pages). About 10 µs each.
MAX_CHARS = 2_000_000
# Pages in one document; the longest has 29.
MAX_PAGES = 10_000
# Bytes of content streams run for one document, a form's each time it is drawn; the most is 294,448
# (29 pages). About 2 µs each.
MAX_CONTENT_BYTES = 16 * 1024 * 1024


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


@dataclass(slots=True)
class _Budget:
    """What one document has spent of the caps; ``page`` counts from 1."""

    name: str
    page: int = 0
    page_chars: int = 0
    chars: int = 0
    content_bytes: int = 0

    def next_page(self) -> None:
        if self.page == MAX_PAGES:
            raise PdfTooLarge(f"{self.name}: the PDF has more than {MAX_PAGES:,} pages; redline reads no PDF this long")
        self.page += 1
        self.page_chars = 0

    def char(self) -> None:
        self.page_chars += 1
        self.chars += 1
        if self.page_chars > MAX_PAGE_CHARS:
            raise PdfTooLarge(f"{self.name}: page {self.page} draws more than {MAX_PAGE_CHARS:,} characters; "
                              "redline reads no PDF this dense")
        if self.chars > MAX_CHARS:
            raise PdfTooLarge(f"{self.name}: the PDF draws more than {MAX_CHARS:,} characters; "
                              "redline reads no PDF this long")

    def content(self, size: int) -> None:
        self.content_bytes += size
        if self.content_bytes > MAX_CONTENT_BYTES:
            raise PdfTooLarge(f"{self.name}: the PDF runs more than {MAX_CONTENT_BYTES >> 20} MB of drawing commands "
                              "(a form drawn twice counts twice); redline reads no PDF this large")


def read_lines(data: bytes, name: str = "<input>"):
    """Each page of the PDF ``data`` with its text lines (in drawing order), and pdfminer's ``PDFDocument``.

    Raises :class:`PdfTooLarge` past a cap (``name`` names the input);
    pdfminer's exceptions (a damaged or encrypted file) pass through.
    Characters inside form XObjects stay out, as pdfminer's layout
    analysis leaves them (``all_texts`` off).
    """
    from pdfminer.layout import LAParams, LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    _quiet_pdfminer()
    device_class, interpreter_class = _classes()
    budget = _Budget(name)
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    manager = PDFResourceManager()
    device = device_class(manager, budget)
    interpreter = interpreter_class(manager, device)
    laparams = LAParams()
    pages = []
    for pdf_page in PDFPage.create_pages(document):
        budget.next_page()
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


_CLASSES = None


def _quiet_pdfminer() -> None:
    """Keep pdfminer's log (``Data-loss while decompressing corrupted data``, font warnings) off stderr:
    redline's errors are one line of its own, and a damaged file that still reads is not the user's matter."""
    import logging

    log = logging.getLogger("pdfminer")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
        log.propagate = False


def _classes():
    """The device and interpreter classes, defined on first use: importing this module loads no pdfminer."""
    global _CLASSES
    if _CLASSES is None:
        from pdfminer.converter import PDFLayoutAnalyzer
        from pdfminer.pdfinterp import PDFPageInterpreter
        from pdfminer.pdftypes import stream_value

        class Device(PDFLayoutAnalyzer):
            """Each page's characters as pdfminer lays them, counted, with no layout analysis (``laparams=None``)."""

            def __init__(self, manager, budget: _Budget) -> None:
                super().__init__(manager, laparams=None)
                self.budget = budget
                self.result = None

            def render_char(self, *args, **kwargs) -> float:
                self.budget.char()
                return super().render_char(*args, **kwargs)

            # redline reads no graphics: paths and images are not kept.
            def paint_path(self, *args, **kwargs) -> None:
                pass

            def render_image(self, *args, **kwargs) -> None:
                pass

            def receive_layout(self, ltpage) -> None:
                self.result = ltpage

        class Interpreter(PDFPageInterpreter):
            """Counts the bytes of every content stream it runs: a page's, and a form's (in a ``dup``) each time."""

            def execute(self, streams) -> None:
                self.device.budget.content(sum(len(stream_value(stream).get_data()) for stream in streams))
                super().execute(streams)

        _CLASSES = Device, Interpreter
    return _CLASSES


def document_title(document) -> str | None:
    """The title in the information dictionary of pdfminer's ``document``, on one line, or None."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in document.info:
        value = resolve1(info.get("Title"))
        if isinstance(value, bytes):
            value = decode_text(value)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:500]
    return None
