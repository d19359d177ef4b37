"""``redline check``'s rules: what counts as unfaithful or a silent change, and how serious it is.

Pure evaluation: the caller reads documents and archive facts, this module
turns them into :class:`Finding` records, each with a rule id, a severity
from the :class:`Policy` and a one-line message naming statement, version,
speaker and sentence. Policies come from TOML text (``redline.toml``);
reading the file is the caller's business.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from .align import compare, diff
from .document import Document
from .errors import InvalidPolicy
from .result import Comparison, Pair

SEVERITIES = ("error", "warning", "off")
MEANING = ("negation", "number")
SENTENCE_CHARS = 80
_BREAKS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule id, its default severity and what it catches (``redline check --help`` lists them)."""

    id: str
    default: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("excerpt-added", "error", "an excerpt sentence with no source in the full text"),
    Rule("excerpt-speaker", "error", "excerpt words attributed to another speaker than in the full text"),
    Rule("excerpt-meaning", "error", "a negation or number changed in a trimmed or edited excerpt sentence"),
    Rule("excerpt-hedge", "warning", "a qualifier (I think, perhaps, 我认为, 可能) cut by a trim"),
    Rule("excerpt-edited", "warning", "an excerpt sentence with words inserted or replaced"),
    Rule("excerpt-editorial", "warning", "an editorial note inserted into an excerpt sentence"),
    Rule("excerpt-moved", "off", "an excerpt sentence taken out of the full text's order"),
    Rule("version-silent-change", "warning", "a new version removes or modifies sentences with no note or label"),
    Rule("version-meaning", "warning", "a negation or number changed between versions"),
    Rule("history-hash", "error", "stored bytes that no longer match their recorded hash"),
    Rule("history-derived", "error", "a sentence file that disagrees with what its recorded engine derives"),
    Rule("metadata-source", "warning", "an archived version with no source"),
    Rule("metadata-date", "warning", "a version with no statement date"),
)
RULE_IDS = tuple(rule.id for rule in RULES)


@dataclass(frozen=True)
class Policy:
    """Severity per rule id; ``origin`` says where it came from (a path, or ``defaults``)."""

    severities: Mapping[str, str]
    origin: str = "defaults"

    def severity(self, rule: str) -> str:
        return self.severities[rule]

    def wants(self, prefix: str) -> bool:
        """Whether any rule starting with ``prefix`` is on (so callers can skip work)."""
        return any(s != "off" for rule, s in self.severities.items() if rule.startswith(prefix))


def default_policy() -> Policy:
    return Policy({rule.id: rule.default for rule in RULES})


def parse_policy(text: str, origin: str) -> Policy:
    """A policy from TOML: a ``[rules]`` table mapping rule ids to ``error``, ``warning`` or ``off``.

    Rules not named keep their defaults; unknown ids and severities are
    refused (a typo must not silently switch a rule off).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidPolicy(f"{origin}: not valid TOML ({exc})") from None
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise InvalidPolicy(f"{origin}: [rules] must be a table of rule = \"error\" | \"warning\" | \"off\"")
    severities = dict(default_policy().severities)
    for rule, severity in rules.items():
        if rule not in severities:
            raise InvalidPolicy(f"{origin}: unknown rule {rule!r} (rules: {', '.join(RULE_IDS)})")
        if severity not in SEVERITIES:
            raise InvalidPolicy(f"{origin}: rule {rule} has severity {severity!r}, not one of {', '.join(SEVERITIES)}")
        severities[rule] = severity
    return Policy(severities, origin)


# -- facts in, findings out ---------------------------------------------------
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
                  previous: tuple[str | None, Document] | None = None, **meta) -> VersionFacts:
    """Facts for ``doc``: the comparisons the policy's enabled rules need, plus ``meta`` as given."""
    excerpt = None
    if policy.wants("excerpt-") and doc.section("excerpt") and doc.section("full"):
        excerpt = compare(doc, name)
    change = None
    if previous is not None and policy.wants("version-"):
        change = diff(previous[1], doc, "previous", name)
    return VersionFacts(name, key, excerpt, change, previous[0] if previous else None, **meta)


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
    text = _BREAKS.sub(" ", text).strip()
    return text if len(text) <= SENTENCE_CHARS else text[:SENTENCE_CHARS - 1] + "…"


def _ops(pair: Pair) -> str:
    """The word changes of a pair, marked as the text report marks them: ``[-15-] {+12+}``."""
    pieces = [f"[-{_short(op[1])}-]" if op[0] == "-" else f"{{+{_short(op[1])}+}}"
              for op in pair.ops if op[0] in "-+"]
    return " ".join(pieces[:4]) + (f" (+{len(pieces) - 4} more)" if len(pieces) > 4 else "")


def _excerpt_pairs(facts: VersionFacts) -> list[Pair]:
    return [p for p in facts.excerpt.pairs if p.b] if facts.excerpt else []


def _change_pairs(facts: VersionFacts) -> list[Pair]:
    return facts.change.pairs if facts.change else []


def _added(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if pair.kind == "added":
            yield _finding("excerpt-added", statement, facts, "excerpt sentence not found in the full text", pair)


def _speaker(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if "speaker" in pair.flags:
            yield _finding("excerpt-speaker", statement, facts,
                           f"the full text gives these words to {pair.a_speaker or 'no speaker'}", pair)


def _excerpt_meaning(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        changed = [f for f in MEANING if f in pair.flags]
        if pair.kind in ("trimmed", "edited") and changed:
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
        if pair.kind == "edited":
            yield _finding("excerpt-edited", statement, facts, f"edited excerpt: {_ops(pair)}", pair)


def _moved(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    for pair in _excerpt_pairs(facts):
        if pair.moved:
            yield _finding("excerpt-moved", statement, facts,
                           f"taken out of order (full-text sentence #{pair.a[0] + 1})", pair)


def _silent(statement: str, facts: VersionFacts) -> Iterator[Finding]:
    if facts.note or facts.label:
        return
    for pair in _change_pairs(facts):
        if pair.kind == "removed":
            yield _finding("version-silent-change", statement, facts,
                           "sentence removed with no note or label on the new version", pair, old=True)
        elif pair.kind in ("modified", "split", "merged"):
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
}
assert set(CHECKS) == set(RULE_IDS)


__all__ = [
    "CHECKS", "RULES", "RULE_IDS", "SEVERITIES", "Finding", "Integrity", "InvalidPolicy", "Policy", "Rule",
    "VersionFacts", "Where", "default_policy", "evaluate", "parse_policy", "version_facts",
]
