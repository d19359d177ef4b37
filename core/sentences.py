"""Split one paragraph into sentences, for Chinese, English and both mixed.

Rules (issue 2): Chinese sentences end at 。！？； and …, and at the
half-width ! ? ; used inside Chinese; closing quotes and brackets stay with
the sentence they close, and so does punctuation right after them
(``“…吗？”。``); a bracketed aside keeps its punctuation to itself unless it
is a whole sentence of its own (``（记者：是的。）``). English sentences end
at . ! ? followed by a plausible sentence start, and not after
abbreviations, titles, initials, decimals or ellipses; a title or initial
before an unmistakable start ("Hun Sen. In…", "World War I. We…") still
ends one.

Regular expressions find the candidate ends so that the Python-level work is
per sentence, not per character: 1 MB of Chinese splits in a few hundredths
of a second.
"""

from __future__ import annotations

import re

from .script import is_wide

# A run of sentence punctuation; the decision whether it ends a sentence is
# made per run.
_RUN = re.compile(r"[。！？；!?;.…｡．]+")
_CLOSER_RUN = re.compile(r"[”’」』）)\]】》〕〉'\"]*")
_STAGE_NOTE = re.compile(r"[ \t]*[（(\[【〔][^（()）\[\]【】〔〕。！？!?.;；…\n]{1,30}[）)\]】〕]")
_WORDLIKE = re.compile(r"[^\W_]")
_NON_SPACE = re.compile(r"\S")
_WORD_BEFORE = re.compile(r"(?<![\w&])([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s+([\"'“‘(\[]?)([A-Za-z0-9]\w*|[^\sA-Za-z0-9])")
_OPEN = {"(": ")", "（": "）", "[": "]", "【": "】", "〔": "〕"}
_BRACKET = re.compile(r"[()（）\[\]【】〔〕]")
# What takes a paragraph off the fast path (:func:`_plain_spans`): ends judged by their neighbours
# (. ! ? ; … and the full-width full stop), brackets and ASCII quotes. Without them, _RUN's runs are
# all Chinese ends, _CLOSER_RUN's closers the ones below, and no stage note can follow.
_NOT_PLAIN = re.compile(r"""[.!?;…．'"()（）\[\]【】〔〕]""")
_PLAIN_END = re.compile(r"(?:[。！？；｡]+[”’」』》〉]*)+")

# Titles stand before a name, so they never end a sentence.
TITLES = frozenset(
    """mr mrs ms dr prof gen col lt capt sgt maj adm gov sen rep pres rev hon
    messrs mme mlle""".split()
)
DATE_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)
ABBREVIATIONS = TITLES | DATE_ABBREVIATIONS | frozenset(
    """sr jr st mt vs v nos art fig figs vol vols pp approx dept est ft cf al ed
    eds no""".split()
)
# After these, "U.S." and friends do end the sentence.
SENTENCE_STARTERS = frozenset(
    "The This That These Those It He She We They I In On At But And A An As "
    "If When While There Our Its His Her Their So Yet".split()
)
# Starters that are never a name (pinyin He, An and So are surnames).
_UNAMBIGUOUS_STARTERS = SENTENCE_STARTERS - {"He", "An", "A", "As", "So"}


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text[start:end]``.

    Spans are offsets into ``text``, trimmed of surrounding whitespace; the
    paragraph is assumed not to contain speaker labels.
    """
    if end is None:
        end = len(text)
    if _NOT_PLAIN.search(text, start, end) is None:
        spans = _plain_spans(text, start, end)
    else:
        spans = _spans(text, start, end)
    return _join_bare_punctuation(text, [span for span in (_trim(text, s, e) for s, e in spans) if span])


def _plain_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """:func:`_spans` of a paragraph with only Chinese sentence ends, no brackets and no ASCII quotes
    (most Chinese paragraphs): every run of ends, closing quotes and the ends right after them closes a
    sentence, which one regular expression finds."""
    spans = []
    begin = start
    for found in _PLAIN_END.finditer(text, start, end):
        spans.append((begin, found.end()))
        begin = found.end()
    spans.append((begin, end))
    return spans


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Untrimmed sentence spans of ``text[start:end]``, each punctuation run judged in its place."""
    context = _Context(text, _bracketed(text, start, end))
    spans = []
    begin = start
    for run in _RUN.finditer(text, start, end):
        if run.start() < begin:
            continue  # already taken into the previous sentence
        stop = _sentence_end(text, run, begin, end, context)
        if stop is not None and stop > begin:
            stop = _absorb_note(text, _absorb_trailing(text, stop, end), end)
            spans.append((begin, stop))
            begin = stop
    spans.append((begin, end))
    return spans


def _join_bare_punctuation(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A "sentence" of punctuation alone (a lone ``……``) joins the next one, or the last."""
    out: list[tuple[int, int]] = []
    pending = None
    for s, e in spans:
        if pending is not None:
            s, pending = pending, None
        if not _WORDLIKE.search(text, s, e):
            pending = s
            continue
        out.append((s, e))
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        else:
            out.append((pending, spans[-1][1]))
    return out


def _absorb_note(text: str, stop: int, end: int) -> int:
    """Keep a stage note that follows a sentence with it: ``谢谢。（笑声）``, ``. [Applause]``.

    A bracketed aside with sentence punctuation of its own (``（记者：是的。）``)
    is a sentence by itself and is left alone.
    """
    note = _STAGE_NOTE.match(text, stop, end)
    return note.end() if note else stop


def _absorb_trailing(text: str, stop: int, end: int) -> int:
    """Take punctuation that directly follows a closed quote: ``“…吗？”。``."""
    while (run := _RUN.match(text, stop, end)) is not None:
        stop = _CLOSER_RUN.match(text, run.end(), end).end()
    return stop


class _Context:
    """What the punctuation runs of one paragraph, read in order, ask about their place: the
    innermost bracket pair around them, and how many ASCII quotes their line holds before them.
    Each question moves a cursor forward, so the paragraph is read once however many runs it has."""

    def __init__(self, text: str, brackets: list[tuple[int, int]]) -> None:
        self.text = text
        self.brackets = sorted(brackets)  # nested or apart (matched with a stack), by start
        self.next_bracket = 0
        self.open: list[tuple[int, int]] = []  # brackets started before the position asked, innermost last
        self.counted = {'"': (0, 0), "'": (0, 0)}  # quote -> (position, count since the line's start)
        self.first: tuple[int, int] = (-1, -1)  # a sentence's start -> its first non-space position

    def first_text(self, begin: int, end: int) -> int:
        """The first position at or after ``begin`` (a sentence's start) that is not whitespace, else ``end``."""
        if self.first[0] != begin:
            found = _NON_SPACE.search(self.text, begin, end)
            self.first = (begin, found.start() if found else end)
        return self.first[1]

    def enclosing(self, pos: int) -> tuple[int, int] | None:
        """The innermost bracket pair with ``opened < pos < closed`` (``pos`` never decreasing)."""
        while self.next_bracket < len(self.brackets) and self.brackets[self.next_bracket][0] < pos:
            while self.open and self.open[-1][1] <= self.brackets[self.next_bracket][0]:
                self.open.pop()
            self.open.append(self.brackets[self.next_bracket])
            self.next_bracket += 1
        while self.open and self.open[-1][1] <= pos:
            self.open.pop()
        return self.open[-1] if self.open else None

    def quotes_before(self, ch: str, pos: int) -> int:
        """How many ``ch`` stand between the start of ``pos``'s line and ``pos``."""
        at, count = self.counted[ch]
        if pos < at:
            at, count = 0, 0  # asked out of order: count again from the text's start
        newline = self.text.rfind("\n", at, pos)
        count = self.text.count(ch, newline + 1, pos) if newline >= 0 else count + self.text.count(ch, at, pos)
        self.counted[ch] = (pos, count)
        return count


def _sentence_end(text: str, run: re.Match, begin: int, end: int, context: _Context) -> int | None:
    """Where the sentence ends if ``run`` ends it, else None."""
    pos = run.start()
    enclosing = context.enclosing(pos)
    if enclosing:
        return _aside_end(text, run, begin, end, enclosing, context)
    punct = run.group()
    stop = _CLOSER_RUN.match(text, run.end(), end).end()
    stop = _balanced_quotes(text, run.end(), stop, context)
    before = text[pos - 1] if pos > 0 else ""
    after = text[stop] if stop < end else ""
    if any(ch in "。！？；｡" for ch in punct):
        return stop
    if "…" in punct or punct.startswith("..") or punct.endswith(".."):
        # Ellipses end Chinese sentences only.
        return stop if before and is_wide(before) else None
    if not after:
        return stop
    if is_wide(after) and punct != ".":
        return stop
    if ";" in punct and "!" not in punct and "?" not in punct:
        return stop if before and is_wide(before) else None
    if "!" in punct or "?" in punct:
        if after.isspace():
            nxt = _NEXT_WORD.match(text, stop, end)
            return None if nxt and nxt.group(2)[:1].islower() else stop
        return None
    return _period_end(text, pos, stop, end, before, after)


def _aside_end(text: str, run: re.Match, begin: int, end: int, enclosing: tuple[int, int],
               context: _Context) -> int | None:
    """Punctuation inside brackets ends nothing, unless the brackets hold a
    whole sentence of their own: ``（记者：是的。）`` opening a sentence."""
    opened, closed = enclosing
    if context.first_text(begin, end) < opened:
        return None
    stop = _CLOSER_RUN.match(text, run.end(), end).end()
    return stop if stop > closed else None


def _period_end(text: str, pos: int, stop: int, end: int, before: str, after: str) -> int | None:
    """Decide an English full stop: abbreviations, initials, decimals."""
    if is_wide(after):
        return stop if is_wide(before) or not _WORD_BEFORE.search(text, max(0, pos - 12), pos) else None
    if not after.isspace():
        return None
    nxt = _NEXT_WORD.match(text, stop, end)
    if nxt is None:
        return stop
    word = nxt.group(2)
    if word[:1].islower():
        return None
    match = _WORD_BEFORE.search(text, max(0, pos - 12), pos)
    if match is None:
        return stop
    return stop if _ends_after(match.group(1), word) else None


def _ends_after(token: str, word: str) -> bool:
    """Whether ``token.`` ends a sentence when ``word`` (capitalised) follows."""
    lower = token.lower()
    if "." in token:
        # U.S. / e.g. / a.m.: a sentence ends only before an obvious start.
        return word in SENTENCE_STARTERS
    if len(token) == 1 and token.isupper():
        # An initial ("J. Smith"), or a letter closing a name ("World War I. We").
        return word in _UNAMBIGUOUS_STARTERS
    if lower not in ABBREVIATIONS:
        return True
    if lower == "no":
        return not word[:1].isdigit()
    if lower in DATE_ABBREVIATIONS:
        # "Jan. 5", "Fri. Nov. 5"; otherwise a name: "Yang Jun. Do you…"
        return not (word[:1].isdigit() or word.lower() in DATE_ABBREVIATIONS)
    if lower in TITLES:
        # A title stands before a name: "Mr. He Lifeng", but "Hun Sen. In…".
        return word in _UNAMBIGUOUS_STARTERS
    return word in SENTENCE_STARTERS


def _balanced_quotes(text: str, run_end: int, stop: int, context: _Context) -> int:
    """Keep an ASCII quote after the punctuation only if it closes one (its line holds an odd number before it)."""
    for pos in range(run_end, stop):
        ch = text[pos]
        if ch in "\"'" and context.quotes_before(ch, pos) % 2 == 0:
            return pos
    return stop


def _bracketed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of matched bracket pairs, inside which punctuation ends nothing."""
    if not _BRACKET.search(text, start, end):
        return []
    spans, stack = [], []
    for match in _BRACKET.finditer(text, start, end):
        ch = match.group()
        if ch in _OPEN:
            stack.append((ch, match.start()))
        elif stack and _OPEN[stack[-1][0]] == ch:
            opener, at = stack.pop()
            spans.append((at, match.start()))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
