"""Find the quotations in an article: marked, block, colon and reported speech.

A quotation is a stretch of an article presented as someone's words: text
in quotation marks that is attributed or reads as speech, each paragraph of
a block quote after "… is expected to say:", a headline "PM to tell UN: …",
and reported speech without marks (``习近平主席指出，…``, ``you said that …``).
Everything else is narration, including terms in marks that nobody is said
to have said (“村超”). Quotations never overlap: marks inside reported
speech are its ``marked_parts``, and a quote inside a quotation is part of
it. Pure: text in, dataclasses out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .aliases import is_answer_label, is_question_label, title_speaker
from .attribution import (
    Attribution,
    Reported,
    attribution_after,
    attribution_before,
    block_intro,
    reported_speech,
)
from .quotemarks import OPENING_MARKS, MarkedSpan, MarkProblem, pair_marks
from .script import has_han
from .sentences import split_sentences
from .speakers import find_label

STYLES = ("marks", "block", "colon", "reported")
_BULLET = re.compile(r"[-•*·]\s")
_ELLIPSIS = re.compile(r"…+|\.{3,}")
_WORD = re.compile(r"[^\W_]")
# Punctuation and marks at the ends of a piece of text.
EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
# Marked text that reads as speech even with no verb beside it.
_SENTENCE_PUNCT = re.compile(r"[。！？；!?]|[.](?=\s|$)")
MIN_EN_SPEECH_WORDS = 8  # "finest hour" is a phrase; eight words make a statement
MIN_ZH_SPEECH_CHARS = 16  # “五位一体”, “一带一路”国际合作高峰论坛 are names; a clause is longer
MARKED_COVER = 0.9  # reported speech that is all one marked quote is that quote
SO_CALLED = ("所谓",)
# Paragraphs that end a block quote: the writer names the speaker or reports a third party.
_THIRD_PERSON = re.compile(
    r"\b(?:the Prime Minister|Prime Minister|PM|the President|the spokesperson|(?:he|she) (?:will|is|has|was)|"
    r"(?:his|her) speech)\b",
    re.IGNORECASE,
)
_NARRATION_LEAD = re.compile(
    r"^(?:The\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4}\s+(?:has\s+(?:already\s+)?)?"
    r"(?:projects?|estimates?|shows?|shown|demonstrated|found|finds|expects?|forecasts?)\s+that\b"
)
_ZH_PRONOUNS_3 = ("他", "她", "他们", "她们")
_EN_PRONOUNS_3 = frozenset("he she they".split())
_SECOND_PERSON = frozenset("你 您 你们 您们 you".split())
_FIRST_PERSON = frozenset("我 我们 i we".split())


@dataclass(frozen=True, slots=True)
class QuotePart:
    """A piece of a quotation: one sentence, or a stretch between ellipses, or a marked span."""

    text: str
    start: int
    end: int
    marked: bool


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quotation in an article.

    ``start``/``end`` index the article, quotation marks excluded. ``speaker``
    is the attribution as written ("" if none), ``speaker_ref`` the name it
    stands for within the article (the antecedent of "he", the spokesperson
    a "you" in a question addresses). ``marked`` is true for words claimed
    verbatim (marks, a block quote, a colon), false for reported speech.
    """

    index: int
    text: str
    start: int
    end: int
    marked: bool
    style: str
    speaker: str
    speaker_ref: str
    attribution: tuple[int, int] | None
    parts: tuple[QuotePart, ...]
    marked_parts: tuple[QuotePart, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteWarning:
    """Something a reader should know about how a quotation was delimited."""

    kind: str
    offset: int
    message: str


@dataclass(frozen=True, slots=True)
class QuoteScan:
    """The quotations of an article, the marked terms that are not quotations, and warnings."""

    quotations: tuple[Quotation, ...]
    terms: tuple[QuotePart, ...]
    warnings: tuple[QuoteWarning, ...]


@dataclass(slots=True)
class _Paragraph:
    start: int
    end: int
    body: int  # after a speaker label
    turn: str | None  # the label of the turn it belongs to
    indent: int
    labelled: bool  # opens with its own label


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    style: str
    who: Attribution | None
    paragraph: int
    marked_parts: list[MarkedSpan]


def find_quotations(text: str) -> QuoteScan:
    """Every quotation in ``text`` (an article), in order."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return QuoteScan((), (), ())
    spans, problems = pair_marks(text, [(p.start, p.end) for p in paragraphs])
    blocks = _blocks(text, paragraphs)
    in_block = {block.paragraph for block in blocks}
    reported = [r for r in _reported(text, paragraphs) if r.paragraph not in in_block]
    marked, terms = _marked(text, paragraphs, spans, reported, in_block)
    # Words inside a marked term are the term's, not someone's reported speech.
    term_spans = _Spans((s.start, s.end) for s in terms)
    reported = [r for r in reported if not term_spans.overlaps(r.start, r.end)]
    chosen = _resolve_overlaps(text, blocks + marked + reported)
    principal, _ = title_speaker(text[paragraphs[0].body:paragraphs[0].end])
    quotations = _build(text, paragraphs, chosen, principal)
    return QuoteScan(tuple(quotations), tuple(_part(text, s.start, s.end, True) for s in terms),
                     tuple(_warning(p) for p in problems))


def _paragraphs(text: str) -> list[_Paragraph]:
    """Blank-line separated paragraphs; one without a speaker label continues the last labelled turn."""
    out: list[_Paragraph] = []
    for line_start, line_end in _paragraph_lines(text):
        raw = text[line_start:line_end]
        start = line_start + len(raw) - len(raw.lstrip())
        end = line_end - (len(raw) - len(raw.rstrip()))
        indent = len(raw) - len(raw.lstrip(" \t\u3000"))
        first_line = text[start:text.find("\n", start, end) if "\n" in text[start:end] else end]
        label = find_label(first_line)
        body = start
        if label:
            body = start + label[1]
            while body < end and text[body].isspace():
                body += 1
        turn = label[0] if label else (out[-1].turn if out else None)
        out.append(_Paragraph(start, end, body, turn, indent, label is not None))
    return out


def _paragraph_lines(text: str):
    """``(start, end)`` of each run of lines with something on them; a blank line (spaces allowed) ends one."""
    run_start = None
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            if run_start is None:
                run_start = offset
            run_end = end
        elif run_start is not None:
            yield run_start, run_end
            run_start = None
        offset = end + 1
    if run_start is not None:
        yield run_start, run_end


class _Spans:
    """``(start, end)`` spans, asked whether a range overlaps any of them.

    Spans are sorted by start; the running maximum of ends lets one bisection
    answer for all spans that start before the range ends.
    """

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_right(self.starts, end - 1)  # spans starting before ``end``
        return before > 0 and self.reach[before - 1] > start


# ---------------------------------------------------------------- blocks


def _blocks(text: str, paragraphs: list[_Paragraph]) -> list[_Candidate]:
    """Paragraphs of block quotes, each after a paragraph introducing it with a colon."""
    out = []
    number = 0
    while number < len(paragraphs):
        para = paragraphs[number]
        who = block_intro(text, para.body, para.end)
        number += 1
        if who is None:
            continue
        first_indent = paragraphs[number].indent if number < len(paragraphs) else 0
        indented = first_indent > para.indent
        while number < len(paragraphs) and _continues_block(text, paragraphs[number], who, indented, first_indent):
            out.append(_Candidate(paragraphs[number].body, paragraphs[number].end, "block", who, number, []))
            number += 1
    return out


def _continues_block(text: str, para: _Paragraph, who: Attribution, indented: bool, indent: int) -> bool:
    """Whether ``para`` is still part of the block quote ``who`` introduced: not when it
    names the speaker in the third person or reports a third party ('The IMF projects that')."""
    if indented:
        return para.indent >= indent
    body = text[para.body:para.end]
    if para.labelled or _BULLET.match(body) or body.rstrip().endswith((":", "：")):
        return False
    if block_intro(text, para.body, para.end):
        return False
    if has_han(body):
        return who.speaker not in body and not any(p + v in body for p in _ZH_PRONOUNS_3 for v in ("表示", "指出", "说"))
    if _THIRD_PERSON.search(body) or _NARRATION_LEAD.match(body):
        return False
    names = [w for w in who.speaker.split() if w[:1].isupper() and w.lower() not in ("the", "he", "she")]
    return not any(re.search(rf"\b{re.escape(name)}\b", body) for name in names)


# ---------------------------------------------------------------- reported speech


def _reported(text: str, paragraphs: list[_Paragraph]) -> list[_Candidate]:
    """Reported speech, sentence by sentence. What follows a colon runs on to
    the end of the paragraph, or to the next sentence with an attribution."""
    out = []
    for number, para in enumerate(paragraphs):
        sentences = split_sentences(text, para.body, para.end)
        found = [reported_speech(text, start, end) for start, end in sentences]
        for i, clauses in enumerate(found):
            for clause in clauses:
                stop = clause.end
                if clause.colon:
                    for j in range(i + 1, len(sentences)):
                        if found[j] or _attributed_mark(text, sentences[j]):
                            break
                        stop = sentences[j][1]
                out.append(_reported_candidate(text, clause, stop, number))
    return out


def _attributed_mark(text: str, sentence: tuple[int, int]) -> bool:
    """The sentence quotes someone in marks (他还说，『…』)."""
    start, end = sentence
    return any(text[i] in OPENING_MARKS and attribution_before(text, start, i) for i in range(start, end))


def _reported_candidate(text: str, found: Reported, stop: int, paragraph: int) -> _Candidate:
    style = "colon" if found.colon and not has_han(text[found.start:stop]) else "reported"
    return _Candidate(found.start, stop, style, found.attribution, paragraph, [])


# ---------------------------------------------------------------- marked spans


def _marked(text: str, paragraphs: list[_Paragraph], spans: list[MarkedSpan], reported: list[_Candidate],
            in_block: set[int]) -> tuple[list[_Candidate], list[MarkedSpan]]:
    """Top-level marked spans: quotations, parts of reported speech, or terms."""
    quotes, terms = [], []
    starts = [p.start for p in paragraphs]
    hosts = _Hosts(reported)
    sentences = _Sentences(text, paragraphs)
    for span in spans:
        if span.depth or span.end <= span.start:
            continue
        number = _paragraph_of(starts, span.opened)
        if number in in_block:
            continue
        host = hosts.holding(span.opened, span.end)
        if host is not None:
            host.marked_parts.append(span)
            continue
        if text[max(0, span.opened - 2):span.opened] in SO_CALLED:
            terms.append(span)  # 所谓“外事部门”: named, and disowned
            continue
        sentence = sentences.at(number, span.opened)
        who = attribution_before(text, sentence[0], span.opened)
        if who is None and span.closed is not None:
            closing = sentences.at(_paragraph_of(starts, span.closed), span.closed)
            who = attribution_after(text, span.closed, closing[1])
        if who is not None or _reads_as_speech(text[span.start:span.end]):
            quotes.append(_Candidate(span.start, span.end, "marks", who, number, []))
        else:
            terms.append(span)
    return quotes, terms


def _reads_as_speech(inner: str) -> bool:
    if has_han(inner):
        return bool(_SENTENCE_PUNCT.search(inner)) or len(inner) >= MIN_ZH_SPEECH_CHARS
    return bool(_SENTENCE_PUNCT.search(inner.strip())) or len(inner.split()) >= MIN_EN_SPEECH_WORDS


def _paragraph_of(starts: list[int], offset: int) -> int:
    """The number of the paragraph holding ``offset``, given the paragraphs' starts."""
    return max(0, bisect_right(starts, offset) - 1)


class _Hosts:
    """Reported speech, asked which one (the first found) holds a range."""

    def __init__(self, reported: list[_Candidate]) -> None:
        self.order = sorted(range(len(reported)), key=lambda i: reported[i].start)
        self.reported = reported
        self.starts = [reported[i].start for i in self.order]
        self.reach: list[int] = []
        for i in self.order:
            self.reach.append(max(reported[i].end, self.reach[-1]) if self.reach else reported[i].end)

    def holding(self, start: int, end: int) -> _Candidate | None:
        # Walk back over the hosts starting at or before ``start`` while one of
        # them may still reach ``end``; reported speech rarely overlaps, so few are read.
        at = bisect_right(self.starts, start) - 1
        found = None
        while at >= 0 and self.reach[at] >= end:
            i = self.order[at]
            if self.reported[i].end >= end and (found is None or i < found):
                found = i
            at -= 1
        return None if found is None else self.reported[found]


class _Sentences:
    """Sentences of each paragraph body, split once and looked up by offset."""

    def __init__(self, text: str, paragraphs: list[_Paragraph]) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self.split: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

    def at(self, number: int, offset: int) -> tuple[int, int]:
        if number not in self.split:
            para = self.paragraphs[number]
            found = split_sentences(self.text, para.body, para.end)
            self.split[number] = ([start for start, _ in found], found)
        starts, found = self.split[number]
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < found[i][1]:
            return found[i]
        para = self.paragraphs[number]
        return para.body, para.end


# ---------------------------------------------------------------- overlaps


def _resolve_overlaps(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep blocks over marks over reported speech; reported speech that is one
    marked quote becomes that quote, with the reported speech's speaker."""
    rank = {"block": 0, "marks": 1, "colon": 2, "reported": 3}
    for cand in candidates:
        if cand.style in ("reported", "colon") and len(cand.marked_parts) == 1:
            span = cand.marked_parts[0]
            if _share(text, span, cand) >= MARKED_COVER:
                cand.start, cand.end, cand.style, cand.marked_parts = span.start, span.end, "marks", []
    kept: list[_Candidate] = []
    taken = _Taken()
    for cand in sorted(candidates, key=lambda c: (rank[c.style], c.start)):
        if taken.add(cand.start, cand.end):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


class _Taken:
    """Disjoint ranges of the text already taken by a quotation."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        """Take ``start:end`` if it overlaps no range taken; say whether it was taken."""
        at = bisect_right(self.starts, start)
        if at > 0 and self.ends[at - 1] > start:
            return False
        if at < len(self.starts) and self.starts[at] < end:
            return False
        self.starts.insert(at, start)
        self.ends.insert(at, end)
        return True


def _share(text: str, span: MarkedSpan, host: _Candidate) -> float:
    """How much of the host's words the marked span holds, marks and punctuation aside."""
    inner = len(_words_only(text[span.start:span.end]))
    return inner / max(1, len(_words_only(text[host.start:host.end])))


def _words_only(piece: str) -> str:
    return EDGE_PUNCT.sub("", piece)


# ---------------------------------------------------------------- output


def _build(text: str, paragraphs: list[_Paragraph], chosen: list[_Candidate], principal: str | None) -> list[Quotation]:
    out = []
    previous = ""
    for cand in chosen:
        cand.start, cand.end = _strip(text, cand.start, cand.end)
    chosen = [cand for cand in chosen if _WORD.search(text, cand.start, cand.end)]
    named: _Candidate | None = None  # the last quotation with its own attribution
    for index, cand in enumerate(chosen):
        who = cand.who
        if who is None:
            # An unattributed quotation belongs to the last speaker named in or just before its paragraph.
            who = named.who if named is not None and cand.paragraph - named.paragraph <= 1 else None
        else:
            named = cand
        speaker = who.speaker if who else ""
        ref = _reference(speaker, paragraphs[cand.paragraph].turn, previous, principal)
        if speaker and not _is_pronoun(speaker):
            previous = speaker
        out.append(Quotation(
            index=index,
            text=text[cand.start:cand.end],
            start=cand.start,
            end=cand.end,
            marked=cand.style != "reported",
            style=cand.style,
            speaker=speaker,
            speaker_ref=ref,
            attribution=(who.start, who.end) if who else None,
            parts=tuple(_parts(text, cand.start, cand.end, cand.style != "reported")),
            marked_parts=tuple(_part(text, s.start, s.end, True) for s in cand.marked_parts),
        ))
    return out


def _is_pronoun(speaker: str) -> bool:
    lowered = speaker.lower()
    return lowered in _EN_PRONOUNS_3 | _SECOND_PERSON | _FIRST_PERSON or speaker in _ZH_PRONOUNS_3


def _reference(speaker: str, label: str | None, previous: str, principal: str | None) -> str:
    """Who a pronoun stands for in the article; other speakers stand for themselves."""
    lowered = speaker.lower()
    if lowered in _EN_PRONOUNS_3 or speaker in _ZH_PRONOUNS_3:
        return previous or principal or ""
    if lowered in _SECOND_PERSON:
        if label and is_question_label(label):
            return principal or "答"
        return "问" if label and is_answer_label(label, principal) else ""
    if lowered in _FIRST_PERSON:
        if label and is_answer_label(label, principal):
            return principal or label
        return "问" if label and is_question_label(label) else ""
    return speaker


def _parts(text: str, start: int, end: int, marked: bool) -> list[QuotePart]:
    """Sentences of a quotation, each cut further at ellipses."""
    parts = []
    for s, e in split_sentences(text, start, end):
        cut = s
        for gap in _ELLIPSIS.finditer(text, s, e):
            if gap.start() > cut and text[cut:gap.start()].strip():
                parts.append(_part(text, cut, gap.start(), marked))
            cut = gap.end()
        if text[cut:e].strip():
            parts.append(_part(text, cut, e, marked))
    return [p for p in (_trimmed(text, p) for p in parts) if p]


def _trimmed(text: str, part: QuotePart) -> QuotePart | None:
    """A part without surrounding space, and without a mark that reopens a quotation."""
    start, end = _strip(text, part.start, part.end)
    if start < end and text[start] in OPENING_MARKS and _opens_line(text, start):
        start, end = _strip(text, start + 1, end)  # the mark that reopens a quotation in its next paragraph
    return _part(text, start, end, part.marked) if end > start else None


def _opens_line(text: str, offset: int) -> bool:
    """Only spaces or tabs stand between ``offset`` and a line break before it."""
    before = offset
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    return before > 0 and text[before - 1] == "\n"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _part(text: str, start: int, end: int, marked: bool) -> QuotePart:
    return QuotePart(text[start:end], start, end, marked)


def _warning(problem: MarkProblem) -> QuoteWarning:
    if problem.unclosed:
        return QuoteWarning("unbalanced", problem.offset,
                            f"quotation mark {problem.mark} is never closed: "
                            "the quotation runs to the end of its paragraph")
    return QuoteWarning("unbalanced", problem.offset, f"closing quotation mark {problem.mark} has no opening mark")
