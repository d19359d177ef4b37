"""``redline check``: rules evaluated over facts about versions, giving findings.

Pure evaluation: the caller reads documents and archive facts (see
:mod:`redline.snapshots.checks` for archived statements), this module turns
them into :class:`Finding` records, each with a rule id, a severity from the
:class:`~redline.core.policy.Policy` and a one-line message naming
statement, version, speaker and sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .alignment import compare, diff
from .clip import clip
from .document import Document
from .meaning import MEANING
from .ops import DELETE, INSERT, Op, markup
from .policy import RULE_IDS, RULES, Policy
from .result import Comparison, Kind, Pair, QuoteKind, QuoteReport, QuoteTrace
from .sourcing import quotes

# Findings quote at most this many characters of a sentence, and list at most this many word changes.
SENTENCE_CHARS = 80
MAX_OPS_SHOWN = 4
_BREAKS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Where:
    """What a finding points at: a sentence (section and index) of a version, or the version as a whole."""

    version: str | None
    section: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class Integrity:
    """A history problem the caller found (rule ``history-hash`` or ``history-derived``) in one stored file."""

    rule: str
    path: str
    message: str


@dataclass(frozen=True)
class VersionFacts:
    """What the rules look at for one version of a statement (a plain file is a one-version statement).

    ``key`` identifies the version in :class:`Where`; ``excerpt`` is its
    excerpt traced to its full text (None without both sections), ``change``
    its diff against the previous version (None for the first).
    """

    name: str
    key: str | None
    excerpt: Comparison | None = None
    change: Comparison | None = None
    previous: str | None = None
    label: str | None = None
    note: str | None = None
    source: str | None = None
    date: str | None = None
    archived: bool = False
    integrity: tuple[Integrity, ...] = ()
    quotes: QuoteReport | None = None  # its quotations traced to the transcript it quotes
    quote_places: tuple[Where, ...] = ()  # the sentence each quotation starts in


@dataclass(frozen=True)
class Finding:
    """One rule broken by one sentence or version; ``file``/``line`` are filled in by whoever knows the files."""

    rule: str
    severity: str
    statement: str
    version: str | None
    speaker: str | None
    sentence: str | None
    detail: str
    where: Where | None = None
    file: str | None = None
    line: int | None = None

    @property
    def message(self) -> str:
        """One line naming statement and version, then speaker, sentence and what is wrong."""
        return f"{self.version or self.statement}: {self.detail}"


def version_facts(doc: Document, name: str, key: str | None, policy: Policy,
                  previous: tuple[str | None, Document] | None = None,
                  transcript: tuple[str, Document] | None = None, **meta) -> VersionFacts:
    """Facts for ``doc``: the comparisons the policy's enabled rules need, plus ``meta`` as given.

    ``transcript`` (its name and document) is what ``doc`` quotes, for the quote rules.
    """
    excerpt = None
    if policy.wants("excerpt-") and has_excerpt(doc):
        excerpt = compare(doc, name)
    change = None
    if previous is not None and policy.wants("version-"):
        change = diff(previous[1], doc, "previous", name)
    if transcript is not None and policy.wants("quote-"):
        report = quotes(doc, transcript[1], a_name=transcript[0], b_name=name)
        meta.update(quotes=report, quote_places=tuple(_place(doc, key, q.start) for q in report.quotes))
    return VersionFacts(name, key, excerpt, change, previous[0] if previous else None, **meta)


def has_excerpt(doc: Document) -> bool:
    """Whether ``doc`` holds an excerpt and the full text to trace it to (what the ``excerpt-`` rules read)."""
    return bool(doc.section("excerpt") and doc.section("full"))


def _place(doc: Document, key: str | None, offset: int) -> Where:
    """The sentence of ``doc`` that holds ``offset`` (a quotation in a title has none)."""
    for section in doc.sections:
        for sentence in section.sentences:
            if sentence.start <= offset < sentence.end:
                return Where(key, section.role, sentence.index)
    return Where(key)


def evaluate(statement: str, versions: Iterable[VersionFacts], policy: Policy) -> list[Finding]:
    """Every finding of every enabled rule, version by version, in rule order."""
    found = []
    for facts in versions:
        for rule in RULES:
            severity = policy.severity(rule.id)
            if severity != "off":
                found += [replace(f, severity=severity) for f in CHECKS[rule.id](statement, facts)]
    return found


# -- the rules ------------------------------------------------------------------
Check = Callable[[str, VersionFacts], Iterator[Finding]]


def _finding(rule: str, statement: str, facts: VersionFacts, what: str, pair: Pair | None = None,
             old: bool = False, **extra) -> Finding:
    """A finding about ``pair`` (its derived sentence, or with ``old`` its source sentence) or the version."""
    version = facts.name if facts.key is not None else None
    speaker = sentence = None
    where = Where(facts.key)
    if pair is not None:
        side_b = bool(pair.b) and not old
        speaker = pair.speaker if side_b else (pair.a_speaker or pair.speaker)
        sentence = pair.b_text if side_b else pair.a_text
        where = Where(facts.key if side_b else facts.previous, pair.section, (pair.b if side_b else pair.a)[0])
    quoted = f"“{_short(sentence)}” — " if sentence is not None else ""
    detail = (f"{_BREAKS.sub(' ', speaker)}: " if speaker else "") + quoted + what
    return Finding(rule, "", statement, version, speaker, sentence, detail, where, **extra)


def _short(text: str) -> str:
    return clip(_BREAKS.sub(" ", text).strip(), SENTENCE_CHARS)


def _ops(pair: Pair) -> str:
    """The word changes of a pair, marked as the text report marks them: ``[-15-] {+12+}``."""
    return _changes(pair.ops)


def _changes(ops: list[Op]) -> str:
    pieces = [markup(op.kind, _short(op.text)) for op in ops if op.kind in (DELETE, INSERT)]
    more = len(pieces) - MAX_OPS_SHOWN
    return " ".join(pieces[:MAX_OPS_SHOWN]) + (f" (+{more} more)" if more > 0 else "")


def _excerpt_pairs(facts: VersionFacts) -> list[Pair]:
    return [p for p in facts.excerpt.pairs if p.b] if facts.excerpt else []


def _change_pairs(facts: VersionFacts) -> list[Pair]:
    return facts.change.pairs if facts.change else []


def _added(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if pair.kind == Kind.ADDED:
            yield _finding("excerpt-added", statement, facts, "excerpt sentence not found in the full text", pair)


def _speaker(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if "speaker" in pair.flags:
            yield _finding("excerpt-speaker", statement, facts,
                           f"the full text gives these words to {pair.a_speaker or 'no speaker'}", pair)


def _excerpt_meaning(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        changed = [f for f in MEANING if f in pair.flags]
        if pair.kind in (Kind.TRIMMED, Kind.EDITED) and changed:
            yield _finding("excerpt-meaning", statement, facts,
                           f"{' and '.join(changed)} changed ({pair.kind} excerpt sentence): {_ops(pair)}", pair)


def _flagged(rule: str, flag: str, what: str) -> Check:
    def check(statement: str, facts: VersionFacts) -> Iterator[Finding]:
        for pair in _excerpt_pairs(facts):
            if flag in pair.flags:
                yield _finding(rule, statement, facts, f"{what}: {_ops(pair)}", pair)
    return check


def _edited(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if pair.kind == Kind.EDITED:
            yield _finding("excerpt-edited", statement, facts, f"edited excerpt: {_ops(pair)}", pair)


def _moved(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if pair.moved:
            yield _finding("excerpt-moved", statement, facts,
                           f"taken out of order (full-text sentence #{pair.a[0] + 1})", pair)


def _silent(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    if facts.note or facts.label:
        return
    for name, change in ((facts.change.summary.header or {}) if facts.change else {}).items():
        yield _finding("version-silent-change", statement, facts,
                       f"header {name} changed with no note or label on the new version: "
                       f"“{_short(change.a or '(none)')}” → “{_short(change.b or '(none)')}”")
    for pair in _change_pairs(facts):
        if pair.kind == Kind.REMOVED:
            yield _finding("version-silent-change", statement, facts,
                           "sentence removed with no note or label on the new version", pair, old=True)
        elif pair.kind in (Kind.MODIFIED, Kind.SPLIT, Kind.MERGED):
            yield _finding("version-silent-change", statement, facts,
                           f"sentence {pair.kind} with no note or label on the new version: {_ops(pair)}", pair)


def _version_meaning(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _change_pairs(facts):
        changed = [f for f in MEANING if f in pair.flags]
        if changed:
            yield _finding("version-meaning", statement, facts,
                           f"{' and '.join(changed)} changed since the previous version: {_ops(pair)}", pair)


def _integrity(rule: str) -> Check:
    def check(statement: str, facts: VersionFacts) -> Iterator[Finding]:
        for problem in facts.integrity:
            if problem.rule == rule:
                yield _finding(rule, statement, facts, problem.message, file=problem.path, line=1)
    return check


def _missing_source(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    if facts.archived and not facts.source:
        yield _finding("metadata-source", statement, facts, "no source recorded (redline add --source URL)")


def _missing_date(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    if not facts.date:
        yield _finding("metadata-date", statement, facts, "no statement date (in the header, or --date)")


def _quote_finding(rule: str, statement: str, facts: VersionFacts, k: int, what: str) -> Finding:
    """A finding about the article's ``k``-th quotation, pointing at the sentence it starts in."""
    quote = facts.quotes.quotes[k]
    speaker = _BREAKS.sub(" ", quote.speaker) if quote.speaker else None
    detail = (f"{speaker}: " if speaker else "") + f"“{_short(quote.text)}” — {what}"
    line = facts.quotes.text.count("\n", 0, quote.start) + 1  # for a quotation outside any sentence
    return Finding(rule, "", statement, facts.name if facts.key is not None else None, speaker, quote.text,
                   detail, facts.quote_places[k], line=line)


def _traced(facts: VersionFacts) -> list[tuple[int, QuoteTrace]]:
    return list(enumerate(facts.quotes.quotes)) if facts.quotes else []


def _quote_not_found(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for k, quote in _traced(facts):
        if quote.kind == QuoteKind.NOT_FOUND and not quote.third_party:
            yield _quote_finding("quote-not-found", statement, facts, k, f"not in {facts.quotes.a.name}")


def _quote_misattributed(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for k, quote in _traced(facts):
        if quote.misattributed:
            said = ", ".join(dict.fromkeys(s.speaker or "no speaker" for s in quote.sources))
            yield _quote_finding("quote-misattributed", statement, facts, k, f"the transcript gives these words to {said}")


def _quote_altered(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for k, quote in _traced(facts):
        meaning = [f for f in MEANING if f in quote.flags]
        if quote.kind == QuoteKind.ALTERED or (quote.kind == QuoteKind.TRIMMED and meaning):
            what = f"{quote.kind} quotation" + (f", {' and '.join(meaning)} changed" if meaning else "")
            yield _quote_finding("quote-altered", statement, facts, k, f"{what}: {_changes(quote.sources[0].ops)}")


def _quote_spliced(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for k, quote in _traced(facts):
        if quote.kind == QuoteKind.SPLICED:
            places = ", ".join(f"#{s.sentences[0] + 1}" for s in quote.sources)
            yield _quote_finding("quote-spliced", statement, facts, k,
                                 f"joined from transcript sentences {places} of {facts.quotes.a.name}")


CHECKS: dict[str, Check] = {
    "excerpt-added": _added,
    "excerpt-speaker": _speaker,
    "excerpt-meaning": _excerpt_meaning,
    "excerpt-hedge": _flagged("excerpt-hedge", "hedge", "qualifier cut"),
    "excerpt-edited": _edited,
    "excerpt-editorial": _flagged("excerpt-editorial", "editorial", "editorial note inserted"),
    "excerpt-moved": _moved,
    "version-silent-change": _silent,
    "version-meaning": _version_meaning,
    "history-hash": _integrity("history-hash"),
    "history-derived": _integrity("history-derived"),
    "metadata-source": _missing_source,
    "metadata-date": _missing_date,
    "quote-not-found": _quote_not_found,
    "quote-misattributed": _quote_misattributed,
    "quote-altered": _quote_altered,
    "quote-spliced": _quote_spliced,
}
assert set(CHECKS) == set(RULE_IDS)


# -- outcomes -------------------------------------------------------------------------
# What a file without both sections gets instead of silence: only its metadata could be checked.
NOTHING_TO_CHECK = ("nothing to check: no excerpt and full-text sections ([Excerpt]/[Full text], [节选部分]/[完整内容]) "
                    "and no transcript it quotes (--against, or [quotes] in redline.toml)")


@dataclass
class Outcome:
    """The check of one input (a file or an archived statement): its findings, or why it could not be read;
    ``note`` says when it had nothing for the rules to check."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    note: str | None = None

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


def totals(outcomes: list[Outcome]) -> dict[str, int]:
    """Inputs checked, unreadable inputs, error and warning findings."""
    return {
        "inputs": len(outcomes),
        "unreadable": sum(o.error is not None for o in outcomes),
        "errors": sum(o.count("error") for o in outcomes),
        "warnings": sum(o.count("warning") for o in outcomes),
    }


def check_document(doc: Document, name: str, policy: Policy, file: str | None = None,
                   transcript: tuple[str, Document] | None = None) -> Outcome:
    """A transcript as a one-version statement; each finding points at ``file`` and the line of its sentence.

    With ``transcript`` (name, document), ``doc`` is also an article whose quotations the quote rules check.
    """
    facts = version_facts(doc, name, None, policy, transcript=transcript, date=doc.metadata.date)
    findings = []
    for finding in evaluate(name, [facts], policy):
        line = finding.line or 1
        if finding.where is not None and finding.where.section is not None:
            sentence = doc.section(finding.where.section).sentences[finding.where.index]
            line = doc.text.count("\n", 0, sentence.start) + 1
        findings.append(replace(finding, file=file, line=line))
    return Outcome(name, findings, note=None if has_excerpt(doc) or transcript is not None else NOTHING_TO_CHECK)


__all__ = [
    "CHECKS", "NOTHING_TO_CHECK", "Finding", "Integrity", "Outcome", "VersionFacts", "Where", "check_document",
    "evaluate", "has_excerpt", "totals", "version_facts",
]
