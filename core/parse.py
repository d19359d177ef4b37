"""Parse a statement into a :class:`Document`: header, sections, turns, sentences.

The text is read line by line. Leading lines without sentence punctuation
form the header; trailing lines that only repeat the header (site
boilerplate) form the trailer; bracketed markers such as ``[节选部分]`` and
``[完整内容]`` split the rest into sections; speaker labels open turns and
narration about the press (``会后有记者问及：…``) closes them; each remaining
line is a paragraph split by :func:`split_sentences`.
"""

from __future__ import annotations

import re
from collections import Counter

from .dates import find_date, is_date_line
from .document import Document, Line, Metadata, Section, Sentence, Turn
from .gcpause import gc_paused
from .normalization import normalize
from .script import has_wide
from .sentences import split_sentences
from .speakers import find_label, is_narration

_LINE = re.compile(r"[^\n]*\n?")
# A line that ends like a sentence (closing quotes and brackets aside) is speech.
_ENDS_SENTENCE = re.compile(r"[。！？!?；;.…｡．][”’」』）)\]】》〕〉'\"]*$")
# A line ending in a colon introduces what follows: body, not header.
_ENDS_COLON = re.compile(r"[:：]$")
_MARKER = re.compile(r"^\s*[\[【〔［]\s*([^\]】〕］]{1,40}?)\s*[\]】〕］]\s*$")
_EXCERPT_WORDS = ("节选", "摘录", "摘编", "摘要", "excerpt", "extract", "highlights")
_FULL_WORDS = ("完整", "全文", "实录", "full", "transcript", "as delivered")
# "马尔科·卢比奥 | 国务卿" in a header.
_NAME_ROLE = re.compile(r"\s*[|｜]\s*")
# Between a site's name and a page title: "美国务院 | …", "Remarks - GOV.UK".
_SITE_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s+[-–—]\s+")
MAX_HEADER_LINES = 12
MAX_HEADER_LINE_CHARS = 160
MAX_LONE_WORD_CHARS = 20
MAX_LONE_CJK_CHARS = 4
# Characters before a line that its sentence split may look at (a full stop's
# word before it, 12 characters and the one before those): part of the key
# under which the split is remembered.
SPLIT_CONTEXT = 13
# Remembered splits are dropped wholesale beyond this many lines: memory stays bounded.
MAX_REMEMBERED_SPLITS = 200_000

_splits: dict[tuple[int, int, str], list[tuple[int, int]]] = {}


@gc_paused
def segment(text: str) -> Document:
    """Parse decoded ``text`` (LF line ends) into a :class:`Document`."""
    lines = _lines(text)
    header, body = _split_header(lines)
    metadata = _metadata(header)
    body, trailer = _split_trailer(body, header, metadata)
    names = [line.text for line in header]
    sections = _sections(text, body, names)
    return Document(text=text, metadata=metadata, sections=sections, header=header, trailer=trailer)


def section_role(label: str) -> str | None:
    """``excerpt`` or ``full`` for a section marker's label, else None."""
    lowered = label.lower()
    if any(word in lowered for word in _EXCERPT_WORDS):
        return "excerpt"
    if any(word in lowered for word in _FULL_WORDS):
        return "full"
    return None


def _lines(text: str) -> list[Line]:
    """Non-blank lines with their spans (trailing whitespace excluded)."""
    lines = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(stripped, start, start + len(stripped)))
    return lines


def _marker_role(line: Line) -> tuple[str, str] | None:
    match = _MARKER.match(line.text)
    if not match:
        return None
    role = section_role(match.group(1))
    return (role, line.text) if role else None


def _split_header(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Leading lines that are not speech: titles, names, places, dates."""
    count = 0
    for line in lines[:MAX_HEADER_LINES]:
        if not _is_header_line(line):
            break
        count += 1
    if count == len(lines):
        # Nothing but short unpunctuated lines: all of it is body.
        return [], lines
    return lines[:count], lines[count:]


def _is_header_line(line: Line) -> bool:
    text = line.text
    if len(text) > MAX_HEADER_LINE_CHARS or _ENDS_SENTENCE.search(text) or _ENDS_COLON.search(text):
        return False
    # "耿爽：中国政府决定…" without final punctuation is a headline; a label
    # alone on its line opens the body.
    return not (_marker_role(line) or _is_label_line(line))


def _is_label_line(line: Line) -> bool:
    label = find_label(line.text)
    return label is not None and label[1] >= len(line.text)


def _metadata(header: list[Line]) -> Metadata:
    meta = Metadata()
    phase = "titles"
    places = []
    for line in header:
        text = line.text
        parts = _NAME_ROLE.split(text)
        if is_date_line(text) and meta.date is None:
            meta.date = find_date(text)
            phase = "after-date"
        elif len(parts) == 2 and all(parts) and meta.speaker is None and phase == "titles":
            meta.speaker, meta.role = parts
            phase = "place"
        elif phase == "titles":
            meta.titles.append(text)
        elif phase == "place":
            places.append(text)
        else:
            meta.extra.append(text)
    if meta.titles:
        meta.title = meta.titles[0]
        meta.title_en = next((t for t in meta.titles if not has_wide(t)), None)
    if places:
        meta.place = ", ".join(places)
    if meta.date is None:
        meta.date = next((d for d in map(find_date, meta.titles + meta.extra) if d), None)
    return meta


def _split_trailer(body: list[Line], header: list[Line], meta: Metadata) -> tuple[list[Line], list[Line]]:
    """Site boilerplate after the last sentence: lines that repeat the header
    or are one short word, none of them punctuated like a sentence.

    The line before a trailer must end a sentence: under a label line, or
    after an unpunctuated line, a short line is speech or heading.
    """
    known = {normalize(t) for t in [line.text for line in header] + [meta.speaker or "", meta.role or ""] if t}
    cut = len(body)
    while cut > 0 and _is_boilerplate(body[cut - 1], known):
        cut -= 1
    if cut == len(body) or cut == 0 or not _ENDS_SENTENCE.search(body[cut - 1].text):
        return body, []
    return body[:cut], body[cut:]


def _is_boilerplate(line: Line, known: set[str]) -> bool:
    if _ENDS_SENTENCE.search(line.text) or find_label(line.text) or _marker_role(line):
        return False
    return _repeats_header(line.text, known) or _is_lone_word(line.text)


def _repeats_header(text: str, known: set[str]) -> bool:
    parts = [normalize(p) for p in _SITE_SEPARATOR.split(text) if p.strip()]
    return any(part in known for part in parts)


def _is_lone_word(text: str) -> bool:
    """``Responses``, ``Share``, ``打印``: one short word, Chinese words being short."""
    if len(text) > MAX_LONE_WORD_CHARS or len(text.split()) != 1:
        return False
    return len(text) <= MAX_LONE_CJK_CHARS or not has_wide(text)


def _sections(text: str, body: list[Line], names: list[str]) -> list[Section]:
    """Split the body at section markers; text before the first is a preamble."""
    chunks: list[tuple[str, str | None, int, list[Line]]] = [("full", None, body[0].start if body else 0, [])]
    for line in body:
        marker = _marker_role(line)
        if marker:
            chunks.append((marker[0], marker[1], line.end, []))
        else:
            chunks[-1][3].append(line)
    if len(chunks) > 1:
        first = chunks.pop(0)
        if first[3]:
            chunks.insert(0, ("preamble", None, first[2], first[3]))
    return [_section(text, *chunk, names) for chunk in chunks]


def _section(text: str, role: str, label: str | None, start: int, lines: list[Line], names: list[str]) -> Section:
    """Turns and sentences of one section; ``names`` tell narration from speech."""
    section = Section(role=role, label=label, start=start, end=lines[-1].end if lines else start)
    known: set[str] = set()
    speaker = None
    turn_index = None
    paragraph = -1
    for line in lines:
        found = find_label(line.text, known)
        body_start = line.start
        if found:
            speaker, offset = found
            whole_line = offset >= len(line.text)
            if whole_line:
                known.add(speaker)
            section.turns.append(
                Turn(speaker, line.text[:offset], line.start, line.start + offset, not whole_line,
                     len(section.sentences), 0)
            )
            turn_index = len(section.turns) - 1
            if whole_line:
                continue
            body_start = line.start + offset
        elif speaker is not None and is_narration(line.text, [*names, *known]):
            speaker = turn_index = None
        paragraph += 1
        for s, e in _split(text, line, body_start):
            section.sentences.append(
                Sentence(len(section.sentences), text[s:e], s, e, speaker, paragraph, role, turn_index)
            )
    counts = Counter(s.turn for s in section.sentences)
    for i, turn in enumerate(section.turns):
        turn.count = counts[i]
    return section


def _split(text: str, line: Line, body_start: int) -> list[tuple[int, int]]:
    """:func:`split_sentences` of a line's body, remembered by the line's text and context.

    The second version of a statement is mostly the first one's lines: each
    is split once, and the other version's equal lines (same text, same
    characters before them) reuse the split.
    """
    lead = max(0, line.start - SPLIT_CONTEXT)
    key = (line.start - lead, body_start - line.start, text[lead:line.end])
    found = _splits.get(key)
    if found is None:
        found = [(s - line.start, e - line.start) for s, e in split_sentences(text, body_start, line.end)]
        if len(_splits) >= MAX_REMEMBERED_SPLITS:
            _splits.clear()
        _splits[key] = found
    return [(line.start + s, line.start + e) for s, e in found]
