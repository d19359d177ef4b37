"""``redline check`` over archived statements: read each statement once, evaluate the policy, locate findings.

The rules themselves are pure (:mod:`redline.core.check`); this module feeds
them what the archive records (every version's document, the diff from the
version before, label, note, source, date, stored-file problems) and points
each finding at the archive file and line it is about. Many statements are
checked in a process pool (:mod:`.parallel`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial

from redline.core.document import Document
from redline.core.check import Finding, Integrity, Outcome, VersionFacts, evaluate, version_facts
from redline.core.errors import RedlineError
from redline.core.policy import Policy, default_policy, parse_policy

from . import layout
from .archive import Archive
from .config import find_config, parse_config, read_config_file
from .parallel import for_each
from .statement import StoredStatement, StoredVersion

def load_policy(path: str | None = None, archive: Archive | None = None) -> Policy:
    """The policy ``check`` uses.

    ``path`` if given; else ``redline.toml`` at the archive's root (on disk,
    else in the archive's tree); for plain files, the nearest one from the
    current directory up to the repository root; else the defaults.
    """
    found = read_config_file(path, "the policy") if path is not None else find_config(archive)
    if found is None:
        return default_policy()
    parse_config(found.data, found.origin)  # the whole file is checked, as every other command checks it
    return parse_policy(found.data, found.origin)


def check_statements(archive: Archive, refs: list[str], policy: Policy,
                     step: Callable[[], None] | None = None,
                     changes: Mapping[str, list[tuple[str, str]]] | None = None,
                     against: tuple[str, Document] | None = None) -> list[Outcome]:
    """Every statement in ``refs`` (``ID`` or ``ID@REV``), in order, all read from one snapshot of the archive.

    With ``changes`` (:meth:`Archive.changes_since`), only the versions those changed files belong to,
    and the versions right after them, are checked: the findings a pull request introduces. Quotations
    are checked against ``against`` (name, document), else against the statement the policy's
    ``[quotes]`` table names for each.
    """
    return for_each(partial(StatementChecker, str(archive.path), policy, changes, against), refs, step)


class StatementChecker:
    """Checks archived statements (``ID`` or ``ID@REV``), one :meth:`Archive.statement` read each.

    Findings name files relative to the archive's root, as a pull request's diff does.
    """

    def __init__(self, path: str, policy: Policy, changes: Mapping[str, list[tuple[str, str]]] | None = None,
                 against: tuple[str, Document] | None = None) -> None:
        self.archive = Archive.open(path)
        self.policy = policy
        self.changes = changes
        self.against = against
        self.tip = self.archive.tip()

    def __call__(self, ref: str) -> Outcome:
        try:
            return Outcome(ref, self.findings(ref))
        except RedlineError as exc:
            return Outcome(ref, [], str(exc))

    def findings(self, ref: str) -> list[Finding]:
        stored = self.archive.statement(ref, at=self.tip)
        versions = stored.selected if self.changes is None else touched(stored, self.changes.get(stored.id, []))
        transcript = self._transcript(stored.id)
        facts = [self._facts(stored, version, transcript) for version in versions]
        return [self._locate(f, stored) for f in evaluate(stored.id, facts, self.policy)]

    def _transcript(self, ident: str) -> tuple[str, Document] | None:
        """What the statement quotes: ``--against``, else the archived statement ``[quotes]`` names."""
        if self.against is not None or not self.policy.wants("quote-"):
            return self.against
        ref = self.policy.quotes.get(ident)
        if ref is None:
            return None
        version = self.archive.statement(ref, at=self.tip).version
        return version.name, version.require_document()

    def _facts(self, stored: StoredStatement, version: StoredVersion,
               transcript: tuple[str, Document] | None = None) -> VersionFacts:
        """What the policy looks at for one version: its document, the diff from the one before, its history."""
        integrity = tuple(Integrity("history-hash" if p.in_raw else "history-derived", p.path, p.message)
                          for p in version.problems) if self.policy.wants("history-") else ()
        meta = {**version.meta(), "archived": True, "integrity": integrity}
        doc = version.document
        if doc is None:
            return VersionFacts(version.name, version.key, **meta)
        previous = stored.previous(version)
        before = previous.document if previous is not None else None
        return version_facts(doc, version.name, version.key, self.policy,
                             (previous.key, before) if before is not None else None, transcript, **meta)

    def _locate(self, finding: Finding, stored: StoredStatement) -> Finding:
        """The finding with the archive file (and line) it is about: a sentence file line, else a sighting file."""
        where = finding.where
        if finding.file is not None:
            path, line = finding.file, finding.line
        elif where.section is not None:
            version = stored.by_key(where.version)
            path, line = version.sentences_path, version.line_of(where.section, where.index) or 1
        else:
            path, line = stored.by_key(where.version).sighting_path, 1
        return replace(finding, file=path, line=line)


def touched(stored: StoredStatement, files: list[tuple[str, str]]) -> list[StoredVersion]:
    """The versions of ``stored`` that ``files`` (``(kind, name)``, as :meth:`Archive.changes_since` gives
    them) belong to: a sighting, the bytes or sentence file, an annotation; and the version after each,
    whose changes are now counted from it."""
    keys, digests = set(), set()
    for kind, name in files:
        if kind in (layout.SIGHTINGS, layout.ANNOTATIONS):
            keys.add(layout.KEY.match(name).group())
        else:
            digests.add(name.removesuffix(".txt"))
    hit = {v.number for v in stored.versions
           if v.sha256 in digests or v.key in keys or any(s.key in keys for s in v.sightings)}
    return [v for v in stored.versions if v.number in hit or v.number - 1 in hit]


__all__ = ["StatementChecker", "check_statements", "load_policy"]
