"""Trace every quotation of an article to the transcript it quotes: ``quotes``.

The quotations come from :mod:`.quotation`; each is cut into parts (its
sentences, and the stretches between ellipses), and every part goes through
the excerpt engine's :func:`~.excerpt.trace` (exact anchors, shingle
candidates, coverage, joins of neighbouring sentences), so a quotation is
traced exactly as an excerpt sentence would be. Parts whose sources follow
one another form one stretch; a quotation whose stretches come from places
apart is ``spliced``. Each stretch gets the engine's word-level ops
(:func:`~.inline.inline_ops`), its trim positions (:mod:`.trims`) and its
meaning flags (:func:`~.meaning.pair_flags`).

Reported speech (no quotation marks) claims the gist, not the words: when
its words mostly differ it is a ``paraphrase``, never ``altered``. Words
attributed to someone who is not a speaker of the transcript are looked for
only as they stand (verbatim or trimmed): the transcript's own speaker saying
something like them is no source for a third party's words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .aliases import Speaker, is_person, resolve_speaker, transcript_speakers
from .document import Document, Sentence
from .errors import NoSentences
from .excerpt import trace
from .inline import inline_ops
from .meaning import FLAGS, pair_flags
from .normalization import normalize, normalize_all
from .parse import segment
from .quotation import EDGE_PUNCT, Quotation, find_quotations
from .result import Narration, QuoteKind, QuoteReport, QuoteSource, QuoteTrace, Side
from .similarity import similarity
from .trims import is_trim, trim_sides

# Reported speech keeps fewer of the speaker's words: a paraphrase's source need explain only this share of it
# (the excerpt engine asks 0.5 of a sentence; "he is firmly on their side" keeps 4 of 6 words of its source).
PARAPHRASE_COVERAGE = 0.4


@dataclass(slots=True)
class _Piece:
    """A stretch of the article to trace: a part of a quotation, and the transcript sentences found for it."""

    start: int
    end: int
    text: str
    found: list[int] | None = None


@dataclass(slots=True)
class _Run:
    """Pieces whose sources follow one another: one source of a quotation."""

    lo: int
    hi: int
    pieces: list[_Piece]


class _Transcript:
    """The transcript's sentences, their comparison keys, and who said each."""

    def __init__(self, doc: Document, principal: str | None) -> None:
        full = doc.section("full")
        self.doc = doc
        self.sentences: list[Sentence] = full.sentences if full else doc.sentences
        if not self.sentences:
            raise NoSentences("the transcript has no sentences to trace quotations to")
        self.keys = normalize_all([s.text for s in self.sentences])
        self.speakers = _with_principal(transcript_speakers(doc), principal)
        self.by_label = {label: sp for sp in self.speakers for label in sp.labels}
        self.turns = any(s.speaker for s in self.sentences)
        self.principal = next((sp for sp in self.speakers if sp.principal), None)

    def speaker_of(self, i: int) -> Speaker | None:
        """Who said sentence ``i``: its turn's speaker; in a transcript without turns, the principal."""
        label = self.sentences[i].speaker
        if label:
            return self.by_label.get(label)
        return None if self.turns else self.principal

    def name_of(self, i: int) -> str | None:
        """The name reports give the speaker of sentence ``i``: the person if known, else the turn label."""
        speaker = self.speaker_of(i)
        return speaker.name if speaker else self.sentences[i].speaker

    def text_of(self, lo: int, hi: int) -> str:
        return " ".join(s.text for s in self.sentences[lo:hi + 1])


def _with_principal(speakers: list[Speaker], name: str | None) -> list[Speaker]:
    """The speakers with ``name`` as the principal's name (``--speaker``: when the title names nobody)."""
    if not name:
        return speakers
    for k, speaker in enumerate(speakers):
        if speaker.principal:
            roles = speaker.roles if speaker.name in speaker.roles else (*speaker.roles, speaker.name)
            return [*speakers[:k], replace(speaker, name=name, roles=roles), *speakers[k + 1:]]
    return [Speaker(name, principal=True), *speakers]


@dataclass(frozen=True, slots=True)
class _Claim:
    """Who a quotation is attributed to: a transcript speaker, or a third party the transcript does not hold."""

    speaker: Speaker | None
    third_party: bool


def _claim(quote: Quotation, transcript: _Transcript) -> _Claim:
    ref = quote.speaker_ref
    speaker = resolve_speaker(ref, transcript.speakers) if ref else None
    # A name that is none of the transcript's named people is a third party; with no named person
    # in the transcript ("PM speech at …"), any name may be its speaker.
    named = any(is_person(sp) for sp in transcript.speakers)
    return _Claim(speaker, speaker is None and bool(ref) and named)


def quotes(article: Document | str, transcript: Document, speaker: str | None = None,
           a_name: str = "transcript", b_name: str = "article") -> QuoteReport:
    """Every quotation of ``article`` traced to ``transcript``.

    ``speaker`` names the transcript's principal speaker when its title does
    not (a speech titled "PM speech at …"). Raises :class:`NoSentences` for
    a transcript with nothing to trace to.
    """
    doc = segment(article) if isinstance(article, str) else article
    source = _Transcript(transcript, speaker)
    scan = find_quotations(doc.text)
    claims = [_claim(q, source) for q in scan.quotations]
    pieces = [[_Piece(p.start, p.end, p.text) for p in q.parts] for q in scan.quotations]
    _trace(source, [p for qp in pieces for p in qp], [c for c, qp in zip(claims, pieces) for _ in qp])
    traces = [_quote_trace(q, c, qp, source) for q, c, qp in zip(scan.quotations, claims, pieces)]
    _fallbacks(scan.quotations, claims, traces, source)
    warnings = [f"line {doc.text.count(chr(10), 0, w.offset) + 1}: {w.message}" for w in scan.warnings]
    return QuoteReport(_side(transcript, a_name, len(source.sentences)), _side(doc, b_name, len(doc.sentences)),
                       doc.text, traces, _narration(doc, scan.quotations), warnings)


def _side(doc: Document, name: str, sentences: int) -> Side:
    return Side(name, sentences, asdict(doc.metadata))


def _trace(source: _Transcript, pieces: list[_Piece], claims: list[_Claim],
           min_coverage: float | None = None) -> None:
    """Find each piece's source sentences (in one pass of the engine), preferring the claimed speaker's."""
    if not pieces:
        return
    keys = normalize_all([p.text for p in pieces])
    labels = [c.speaker.labels[0] if c.speaker and c.speaker.labels else None for c in claims]
    options = {} if min_coverage is None else {"min_coverage": min_coverage}
    found = trace(source.keys, keys, [s.speaker for s in source.sentences], labels, **options)
    for j, piece in enumerate(pieces):
        piece.found = found.get(j)


def _runs(pieces: list[_Piece]) -> list[_Run]:
    """Pieces grouped by where their sources stand: a piece continues a run when its source is the run's
    last sentence or the next one. Unfound pieces join the run before them (the first run if none)."""
    runs: list[_Run] = []
    waiting: list[_Piece] = []
    for piece in pieces:
        if piece.found is None:
            (runs[-1].pieces if runs else waiting).append(piece)
            continue
        lo, hi = min(piece.found), max(piece.found)
        last = runs[-1] if runs else None
        if last is not None and last.lo <= lo <= last.hi + 1:
            last.hi = max(last.hi, hi)
            last.pieces.append(piece)
        else:
            runs.append(_Run(lo, hi, waiting + [piece]))
            waiting = []
    return runs


def _quote_trace(quote: Quotation, claim: _Claim, pieces: list[_Piece], source: _Transcript,
                 paraphrase: bool = False) -> QuoteTrace:
    runs = _runs(pieces)
    sources = [_source(run, source, paraphrase or not quote.marked) for run in runs]
    kind = _kind(sources)
    if claim.third_party and kind not in (QuoteKind.VERBATIM, QuoteKind.TRIMMED):
        kind, sources = QuoteKind.NOT_FOUND, []
    return QuoteTrace(quote.index, quote.text, quote.start, quote.end, quote.marked, quote.style, quote.speaker,
                      claim.speaker.name if claim.speaker else None, kind,
                      _misattributed(claim, runs if sources else [], source), sources,
                      [flag for flag in FLAGS if any(flag in s.flags for s in sources)], claim.third_party)


def _kind(sources: list[QuoteSource]) -> QuoteKind:
    if not sources:
        return QuoteKind.NOT_FOUND
    if len(sources) > 1:
        return QuoteKind.SPLICED
    return sources[0].kind


def _source(run: _Run, source: _Transcript, reported: bool) -> QuoteSource:
    """The run's transcript sentences, and the word-level ops from them to the quoted words."""
    a_text = source.text_of(run.lo, run.hi)
    b_text = _recased(a_text, " ".join(p.text for p in run.pieces))
    a_key, b_key = normalize(a_text), normalize(b_text)
    ops = inline_ops(a_text, b_text)
    if EDGE_PUNCT.sub("", a_key).casefold() == EDGE_PUNCT.sub("", b_key).casefold():
        kind, trim = QuoteKind.VERBATIM, []
    elif is_trim(ops):
        kind, trim = QuoteKind.TRIMMED, trim_sides(ops)
    else:
        kind, trim = (QuoteKind.PARAPHRASE if reported else QuoteKind.ALTERED), []
    first, last = source.sentences[run.lo], source.sentences[run.hi]
    return QuoteSource(list(range(run.lo, run.hi + 1)), a_text, first.start, last.end, source.name_of(run.lo),
                       run.pieces[0].start, run.pieces[-1].end, kind, similarity(a_key, b_key), ops,
                       pair_flags(ops, a_key, b_key, None, None, True), trim)


def _recased(a_text: str, b_text: str) -> str:
    """The quoted words with their first letter in the source's case: reported speech starts a clause
    in lower case ("said that the government …") where the speaker started a sentence."""
    if b_text[:1].islower() and a_text[:1].isupper() and a_text.split()[:1] == [b_text.split()[0].capitalize()]:
        return b_text[0].upper() + b_text[1:]
    return b_text


def _misattributed(claim: _Claim, runs: list[_Run], source: _Transcript) -> bool:
    """The article names a transcript speaker, and the transcript gives every traced word to another."""
    if claim.speaker is None or not runs:
        return False
    said_by = [source.speaker_of(i) for run in runs for i in range(run.lo, run.hi + 1)]
    return all(sp is not None for sp in said_by) and claim.speaker not in said_by


def _fallbacks(quotations: tuple[Quotation, ...], claims: list[_Claim], traces: list[QuoteTrace],
               source: _Transcript) -> None:
    """Reported speech not found part by part: marked words from places apart make it spliced;
    else the whole clause may be a paraphrase; else its one marked passage gives its source."""
    todo = [k for k, t in enumerate(traces)
            if t.kind == QuoteKind.NOT_FOUND and not t.marked and not claims[k].third_party]
    if not todo:
        return
    marked = {k: [_Piece(p.start, p.end, p.text) for p in quotations[k].marked_parts] for k in todo}
    _trace(source, [p for k in todo for p in marked[k]], [claims[k] for k in todo for _ in marked[k]])
    whole = {k: [_Piece(quotations[k].start, quotations[k].end, quotations[k].text)] for k in todo}
    _trace(source, [whole[k][0] for k in todo], [claims[k] for k in todo], PARAPHRASE_COVERAGE)
    for k in todo:
        found = [p for p in marked[k] if p.found is not None]
        if len(_runs(found)) < 2 and whole[k][0].found is not None:
            found = whole[k]
        traced = _quote_trace(quotations[k], claims[k], found, source, paraphrase=True)
        if traced.kind in (QuoteKind.VERBATIM, QuoteKind.TRIMMED):
            traced.kind = QuoteKind.PARAPHRASE  # its marked words are, the clause around them is not
        traces[k] = traced


def _narration(doc: Document, quotations: tuple[Quotation, ...]) -> list[Narration]:
    """Header lines and sentences of the article that hold no quotation, in order."""
    spans = [(q.start, q.end) for q in quotations]
    lines = [(line.text, line.start, line.end) for line in doc.header]
    lines += [(s.text, s.start, s.end) for s in doc.sentences]
    return [Narration(text, start, end) for text, start, end in sorted(lines, key=lambda x: x[1])
            if not any(start < q_end and q_start < end for q_start, q_end in spans)]


__all__ = ["PARAPHRASE_COVERAGE", "quotes"]
