"""A PDF's statement as text: lines rejoined into paragraphs, page furniture dropped.

pdfminer.six finds the text lines and where they sit on the page
(:mod:`.pdflines`); the rest is redline's, from the geometry:

* margin line numbers (court transcripts: 1-25 down the left edge) go;
* running headers and footers (a line at the top or bottom of a page that
  recurs, digits aside, on most pages) and page numbers (``7``, ``- 7 -``,
  ``Page 7 of 27``, ``第7页``) go;
* a paragraph ends where the next line is indented, where the vertical gap
  grows, where the line stops short of the right margin although the next
  line's first word would have fit, or where a speaker label starts a line;
* lines join with a space, never between Chinese characters; an end-of-line
  hyphen goes only when the document itself spells the word unhyphenated
  (Word-made transcripts break lines at compounds such as ``pass-through``
  and almost never hyphenate words), a soft hyphen always goes.

A PDF without a text layer (scanned pages) raises :class:`NoTextLayer`:
redline does no OCR. pdfminer.six was chosen over pypdf by measurement:
docs/extraction.md.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from .extracted import PDF, Extracted, PageMeta
from .errors import BadPdf, NoTextLayer
from .pdflines import Fragment, Page
from .script import is_unspaced
from .speakers import find_label

EXTRACTOR = "pdfminer.six"
# Version of the layout rules below; bump when they change the text they produce.
# 2: lines in drawing order, not pdfminer's text-box order (.pdflines); the text differs only where two
# lines start at the very same point.
LAYOUT_VERSION = 2
# Page bands where running headers, footers and page numbers live (share of page height).
FURNITURE_BAND = 0.12
# A band line recurring (digits aside) on this share of pages is furniture.
FURNITURE_SHARE = 0.5
# Fewer margin numbers than this on a page are text, not line numbering.
MIN_MARGIN_NUMBERS = 5
# Fragments whose vertical centres are closer than this share of their height share a line.
SAME_LINE = 0.5
# A gap between fragments wider than this share of the line height is a space.
SPACE_GAP = 0.2
# A line starting this much right of the text's left edge (in line heights) is indented.
INDENT = 1.0
# A vertical step this many times the usual line pitch separates paragraphs.
PARAGRAPH_GAP = 1.3
# Slack (in average character widths) when asking whether a word would have fit.
FIT_SLACK = 2.0

_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHENS = "-\u2010\u00ad"


def extract_pdf(data: bytes, name: str = "<input>") -> Extracted:
    """The statement in PDF ``data``, one paragraph per line."""
    from .pdfworker import read

    pages, title, version = read(data, name)
    if not pages:
        raise BadPdf(f"{name}: the PDF has no pages that can be found (none, or a damaged cross-reference table)")
    if not any(f.text.strip() for page in pages for f in page.fragments):
        raise NoTextLayer(
            f"{name}: the PDF has no text layer ({len(pages)} page(s) of images, or drawing commands that cannot "
            "be read?); redline does no OCR"
        )
    return Extracted(layout_pages(pages), PDF, PageMeta(title=title), *extractor(version))


def extractor(version: str | None = None) -> tuple[str, str]:
    """pdfminer.six and its ``version`` (the installed one by default) followed by ``+redline.N``
    (:data:`LAYOUT_VERSION`)."""
    if version is None:
        import pdfminer

        version = pdfminer.__version__
    return EXTRACTOR, f"{version}+redline.{LAYOUT_VERSION}"


def layout_pages(pages: list[Page]) -> str:
    """The text of ``pages``: furniture dropped, paragraphs one per line."""
    lines_by_page = [_lines(_without_margin_numbers(page)) for page in pages]
    lines_by_page = _without_furniture(pages, lines_by_page)
    lines = [line for page_lines in lines_by_page for line in page_lines]
    if not lines:
        return ""
    return "\n".join(_paragraphs(lines, lines_by_page)) + "\n"


@dataclass(frozen=True, slots=True)
class _Line(Fragment):
    """Fragments on one baseline, joined; ``page`` is the page's index."""

    page: int = -1

    @property
    def char_width(self) -> float:
        return (self.x1 - self.x0) / max(len(self.text), 1)


def _without_margin_numbers(page: Page) -> list[Fragment]:
    """The page's fragments without a column of increasing line numbers left of the text."""
    numbers = [f for f in page.fragments if f.text.strip().isdecimal() and len(f.text.strip()) <= 3]
    if len(numbers) < MIN_MARGIN_NUMBERS:
        return page.fragments
    number_ids = set(map(id, numbers))
    others = [f for f in page.fragments if id(f) not in number_ids and f.text.strip()]
    if not others:
        return page.fragments
    left = min(f.x0 for f in others)
    column = sorted((f for f in numbers if f.x1 <= left), key=lambda f: f.top)
    values = [int(f.text) for f in column]
    if len(column) < MIN_MARGIN_NUMBERS or values != sorted(set(values)):
        return page.fragments
    dropped = set(map(id, column))
    return [f for f in page.fragments if id(f) not in dropped]


def _lines(fragments: list[Fragment]) -> list[_Line]:
    """Fragments grouped into lines (same baseline), top to bottom, each read left to right."""
    lines: list[list[Fragment]] = []
    for fragment in sorted((f for f in fragments if f.text.strip()), key=lambda f: (f.top, f.x0)):
        centre = (fragment.top + fragment.bottom) / 2
        for line in reversed(lines[-3:]):
            ref = line[0]
            if abs(centre - (ref.top + ref.bottom) / 2) < SAME_LINE * min(ref.height, fragment.height):
                line.append(fragment)
                break
        else:
            lines.append([fragment])
    return [_join_fragments(sorted(line, key=lambda f: f.x0)) for line in lines]


def _join_fragments(fragments: list[Fragment]) -> _Line:
    text = fragments[0].text.strip()
    for before, after in zip(fragments, fragments[1:]):
        piece = after.text.strip()
        gap = after.x0 - before.x1
        wide = gap > SPACE_GAP * min(before.height, after.height)
        text += " " + piece if wide and not (is_unspaced(text[-1]) and is_unspaced(piece[0])) else piece
    first, last = fragments[0], fragments[-1]
    return _Line(first.x0, last.x1, min(f.top for f in fragments), max(f.bottom for f in fragments), _tidy(text))


def _tidy(text: str) -> str:
    """One space between words; none between Chinese characters."""
    return _SPACES.sub(_space_between, text).strip()


def _space_between(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    if 0 < start and end < len(text) and is_unspaced(text[start - 1]) and is_unspaced(text[end]):
        return ""
    return " "


def _without_furniture(pages: list[Page], lines_by_page: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers and recurring headers/footers from the top and bottom bands of each page."""
    def in_band(line: _Line, page: Page) -> bool:
        return line.bottom <= FURNITURE_BAND * page.height or line.top >= (1 - FURNITURE_BAND) * page.height

    shapes = Counter()
    for page, lines in zip(pages, lines_by_page):
        shapes.update({_shape(line.text) for line in lines if in_band(line, page)})
    recurring = {s for s, n in shapes.items() if len(pages) > 1 and n >= max(2, FURNITURE_SHARE * len(pages))}
    kept = []
    for number, (page, lines) in enumerate(zip(pages, lines_by_page)):
        page_lines = []
        for line in lines:
            if in_band(line, page) and (_shape(line.text) in recurring or _PAGE_NUMBER.fullmatch(line.text)):
                continue
            page_lines.append(replace(line, page=number))
        kept.append(page_lines)
    return kept


def _shape(text: str) -> str:
    """``Page 7 of 27`` and ``Page 8 of 27`` have one shape."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _paragraphs(lines: list[_Line], lines_by_page: list[list[_Line]]) -> list[str]:
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = statistics.quantiles([line.x1 for line in lines], n=10)[-1] if len(lines) > 1 else lines[0].x1
    pitch = _pitch(lines_by_page)
    vocabulary = _vocabulary(lines)
    paragraphs = [[lines[0].text]]
    for before, after in zip(lines, lines[1:]):
        if _breaks(before, after, left, right, pitch):
            paragraphs.append([after.text])
        else:
            _join_line(paragraphs[-1], after.text, vocabulary)
    return ["".join(pieces) for pieces in paragraphs]


def _pitch(lines_by_page: list[list[_Line]]) -> float:
    """The usual distance from one line's top to the next line's."""
    steps = [b.top - a.top for lines in lines_by_page for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return statistics.median(steps) if steps else 0.0


def _breaks(before: _Line, after: _Line, left: float, right: float, pitch: float) -> bool:
    """True if ``after`` starts a new paragraph."""
    if after.x0 > left + INDENT * after.height:
        return True
    if after.page == before.page and pitch and after.top - before.top > PARAGRAPH_GAP * pitch:
        return True
    first_word = after.text.split(" ", 1)[0]
    room = right - before.x1
    if room > (len(first_word) + FIT_SLACK) * after.char_width:
        return True
    label = find_label(after.text)
    return label is not None and label[1] < len(after.text)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """Lower-cased words of the document (hyphenated compounds as one word) and the longest one's length."""

    counts: Counter
    longest: int


def _vocabulary(lines: list[_Line]) -> _Vocabulary:
    counts = Counter(word.lower() for line in lines for word in _WORD.findall(line.text))
    return _Vocabulary(counts, max(map(len, counts), default=0))


def _join_line(pieces: list[str], following: str, vocabulary: _Vocabulary) -> None:
    """Continue the paragraph held as ``pieces`` (non-empty strings, joined once at the end) with its next line."""
    # Enough of the paragraph's end for its last character, the one before and a word as long as any.
    tail = _tail(pieces, vocabulary.longest + 3)
    if tail[-1] == "\u00ad" or (_hyphen_break(tail, following) and _spelled_whole(tail[:-1], following, vocabulary)):
        pieces[-1] = pieces[-1][:-1]
        if not pieces[-1]:
            pieces.pop()
    elif not (_hyphen_break(tail, following) or is_unspaced(tail[-1]) or is_unspaced(following[0])):
        pieces.append(" ")
    pieces.append(following)


def _tail(pieces: list[str], size: int) -> str:
    """The last ``size`` characters of ``"".join(pieces)``, reading only the pieces needed."""
    taken: list[str] = []
    length = 0
    for piece in reversed(pieces):
        if length >= size:
            break
        taken.append(piece[-(size - length):])
        length += len(taken[-1])
    return "".join(reversed(taken))


def _hyphen_break(text: str, following: str) -> bool:
    """True if ``text`` ends in a word broken by a hyphen and ``following`` goes on in lower case."""
    return text[-1] in _HYPHENS and len(text) > 1 and text[-2].isalpha() and following[:1].islower()


def _spelled_whole(head: str, following: str, vocabulary: _Vocabulary) -> bool:
    """True if the document spells the word broken between ``head`` and ``following`` unhyphenated more often.

    ``head`` is the end of the text before the hyphen, at least ``vocabulary.longest + 2``
    characters of it where the text has them.
    """
    last = _last_word(head, vocabulary.longest)
    first = _WORD.search(following)
    if last is None or first is None:
        return False
    counts = vocabulary.counts
    return counts[(last + first.group()).lower()] > counts[f"{last}-{first.group()}".lower()]


def _last_word(head: str, longest: int) -> str | None:
    """The last :data:`_WORD` of ``head``, or None if it has none or may be longer than ``longest``.

    ``head`` may be a cut tail: a word starting in its first two characters
    can reach further left, but it is then longer than ``longest``, so it is
    in no vocabulary and joins nothing.
    """
    words = _WORD.findall(head)
    if not words:
        return None
    last = words[-1]
    if len(head) > longest + 1 and len(last) >= len(head) - 1:
        return None
    return last
