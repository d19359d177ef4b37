"""The :class:`Archive`: every sighting of every statement, in a git repository.

An archive made by ``redline init`` or ``redline clone`` is a bare
repository: no work tree to keep in step, nothing to edit by hand, and
exactly what a git host holds, so ``git clone`` gives colleagues a normal
checkout where ``git log -p`` and the sentence files read as usual. A
checked-out clone works as an archive too; redline then keeps its index and
files in step after each write.
"""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from redline.core import decode, encoding, segment
from redline.core.clip import first_of
from redline.core.encoding import refuse_size
from redline.core.errors import RedlineError
from redline.core.script import has_lone_surrogate
from redline.core.sources import Settings, SourceRules

from .errors import ArchiveError, ArchiveNotFound, InvalidField, InvalidId, InvalidRev, UnknownStatement

from . import annotations, capture, derived, history, importing, integrity, layout, records, remote, settings
from .annotations import Annotation
from .capture import Original
from .ids import Ref, check_id, parse_ref
from .plumbing import REGULAR, Entry, Git, run_git
from .records import BadRecord
from .reextract import ExtractionReport, reextract
from .settings import SettingsRecord, latest as latest_settings
from .sightings import (
    Sighting, batch_message, check_date, check_line, check_note, commit_message, first_encodings, format_time, make_key,
    sha256,
)
from .search import Match, Trace, search as find_sentences
from .statement import StoredStatement, StoredVersion, read as read_statement
from .store import Plan, StatementFiles, Store
from .verify import Report, verify as check_archive
from .versions import Version, current, day_of, founder, group, resolve, runs, when_seen
from .index import STATEMENTS, Index, confirmation


ADDED, SIGHTED, UNCHANGED = "added", "sighting", "unchanged"


@dataclass(frozen=True)
class AddResult:
    """What ``add`` did (``outcome``): ``added`` a new version; recorded a ``sighting`` of a known
    version (joining it: new metadata, or the same bytes seen again elsewhere in the order); or
    ``unchanged`` (the latest version's bytes and nothing new about them: no commit, unless new
    settings were ``remembered``)."""

    id: str
    version: Version
    count: int
    commit: str | None
    sighting: Sighting | None
    outcome: str = UNCHANGED
    title: str | None = None
    remembered: Settings | None = None


@dataclass(frozen=True)
class Addition:
    """One input of :meth:`Archive.add_all`, checked and parsed: the version's bytes and their derived sentence
    file, and the sighting to record (``draft``: all but its key, time and version, which depend on where it
    lands). ``date`` is the date given (the draft's may come from the text); ``original`` the page or PDF the
    text came from; ``remember`` the statement's settings from now on."""

    data: bytes
    draft: Sighting
    moment: datetime
    sentences: bytes
    title: str | None
    date: str | None = None
    original: Original | None = None
    remember: Settings | None = None

    @property
    def ident(self) -> str:
        return self.draft.id


@dataclass(frozen=True)
class AnnotateResult:
    """The annotation ``annotate`` recorded, the version as it now reads, and the commit."""

    id: str
    version: Version
    annotation: Annotation
    commit: str


@dataclass(frozen=True)
class ImportResult:
    """One entry per file, in the order given: what ``add`` did, or None when it was imported before;
    and a warning when the files' titles differ."""

    id: str
    added: list[tuple[str, AddResult | None]]
    warning: str | None = None


@dataclass(frozen=True)
class RederiveResult:
    """Sentence files rewritten by ``rederive`` and the commit holding them (None: all were current), and
    what the stored pages and PDFs extract to today (:mod:`.reextract`; nothing stored changes)."""

    paths: list[str]
    commit: str | None
    extraction: ExtractionReport = field(default_factory=ExtractionReport)
    skipped: list[str] = field(default_factory=list)  # "path: why" of bytes nothing can be derived from


@dataclass(frozen=True)
class StatementSummary:
    """A row of ``redline list``."""

    id: str
    versions: int
    first: str | None
    latest: str | None


class Archive:
    """A redline archive: a git repository with statements under ``statements/``.

    Open one with :meth:`open` (a path) or :meth:`find` (walk up from the
    current directory); create one with :meth:`init` or :meth:`clone`.
    """

    def __init__(self, path: Path, git_dir: Path, work_tree: Path | None) -> None:
        self.path = path
        self.work_tree = work_tree
        self.git = Git(git_dir)
        self.store = Store(self.git, work_tree)

    # -- finding and creating --------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike) -> Archive:
        """The archive at ``path`` exactly; :class:`ArchiveNotFound` if it is not one.

        One ``git rev-parse`` tells a bare repository from a checkout (importing
        GitPython just for that would cost every command about 50 ms).
        """
        where = Path(path).absolute()
        proc = run_git(["rev-parse", "--path-format=absolute", "--git-dir", "--is-bare-repository", "--show-prefix"],
                       cwd=where, check=False) if where.is_dir() else None
        lines = proc.stdout.decode().splitlines() if proc and proc.returncode == 0 else []
        bare = lines[1:2] == ["true"]
        # Exactly here: a bare repository's own folder, or a checkout's top (no prefix).
        if len(lines) < 2 or (Path(lines[0]) != where if bare else len(lines) > 2 and lines[2]):
            raise ArchiveNotFound(f"{path}: not a redline archive (create one with `redline init {path}`)")
        git_dir, work_tree = Path(lines[0]), None if bare else where
        archive = cls(where, git_dir, work_tree)
        if archive.git.run("cat-file", "-e", f"HEAD:{layout.MARKER}", check=False).returncode:
            raise ArchiveNotFound(f"{path}: a git repository, but not a redline archive (no {layout.MARKER})"
                                  + archive._unborn_hint())
        return archive

    def _unborn_hint(self) -> str:
        """How to check out an archive a clone left unchecked-out (a remote whose HEAD names no branch)."""
        if self.git.rev("HEAD") is not None:
            return ""
        branches = self.git.run("for-each-ref", "--format=%(refname:short)", "refs/remotes/", check=False)
        for branch in branches.stdout.decode(errors="replace").split():
            if self.git.run("cat-file", "-e", f"{branch}:{layout.MARKER}", check=False).returncode == 0:
                local = branch.partition("/")[2]
                return (f"; nothing is checked out, but {branch} holds an archive: "
                        f"run `git -C {self.path} checkout {local}`")
        return ""

    @classmethod
    def find(cls, explicit: str | None = None, start: str | os.PathLike | None = None) -> Archive:
        """``explicit`` if given, else the first archive in ``start`` (the cwd) or a parent, like git."""
        if explicit:
            return cls.open(explicit)
        here = Path(start or os.getcwd()).absolute()
        for folder in (here, *here.parents):
            if (folder / ".git").exists() or ((folder / "HEAD").is_file() and (folder / "objects").is_dir()):
                return cls.open(folder)
        raise ArchiveNotFound(
            f"no redline archive in {here} or its parents (use --archive DIR, set REDLINE_ARCHIVE, or `redline init`)"
        )

    @classmethod
    def clone(cls, url: str, path: str | os.PathLike) -> Archive:
        """A colleague's first copy: a bare clone of ``url`` at ``path``, checked to be an archive."""
        where = remote.clone(url, Path(path).absolute())
        try:
            archive = cls.open(where)
        except ArchiveNotFound:
            shutil.rmtree(where, ignore_errors=True)
            raise ArchiveNotFound(f"{url}: cloned, but it is not a redline archive (the copy was removed)") from None
        archive.rebuild_index()  # now, so that no first query pays for it
        return archive

    @classmethod
    def init(cls, path: str | os.PathLike) -> Archive:
        """Create an archive (a bare repository with the marker and ``.gitattributes``) at ``path``."""
        where = Path(path).absolute()
        if where.exists() and (not where.is_dir() or any(where.iterdir())):
            raise ArchiveError(f"{path}: already exists and is not an empty folder")
        run_git(["init", "--quiet", "--bare", f"--initial-branch={layout.BRANCH}", str(where)])
        git = Git(where)
        files = {layout.MARKER: git.hash_blob(layout.marker_bytes()),
                 layout.ATTRIBUTES: git.hash_blob(layout.ATTRIBUTES_TEXT.encode())}
        archive = cls(where, where, None)
        # Bare repositories keep no reflog by default: keep one, so every move of the branch is on record.
        git.run("config", "core.logAllRefUpdates", "always")
        tree = git.mktree(Entry(REGULAR, "blob", sha, name) for name, sha in sorted(files.items()))
        commit = git.commit_tree(tree, [], b"redline: new archive\n", archive.store.identity())
        if not git.update_ref(f"refs/heads/{layout.BRANCH}", commit, None):
            raise ArchiveError(f"{path}: could not create the first commit")
        return archive

    # -- reading -----------------------------------------------------------
    def tip(self) -> str:
        """The commit reads come from: the branch's tip, or a detached HEAD (as CI checkouts leave it)."""
        return self.store.tip()

    def root_commit(self) -> str:
        """The archive's first commit: a name for the archive that every clone shares."""
        roots = self.git.out("rev-list", "--max-parents=0", self.tip(), "--").split()
        return min(roots) if roots else self.tip()

    def ids(self) -> list[str]:
        """Every statement ID, sorted."""
        return sorted(self.store.files(self.store.tip()))

    def touched_since(self, commit: str) -> list[str]:
        """IDs of the statements whose files changed between ``commit`` and the tip, sorted (for pull requests)."""
        return list(self.changes_since(commit))

    def changes_since(self, commit: str) -> dict[str, list[tuple[str, str]]]:
        """Per statement (sorted by ID), the files that changed between ``commit`` and the tip, as
        ``(kind, name)`` (``_sightings``, ``KEY.json``...). Statements gone by the tip are left out.

        :class:`InvalidRev` if ``commit`` names no commit of the archive; :class:`ArchiveError` if a changed
        file under ``statements/`` is not one redline writes (the range holds what no check can judge).
        """
        since = self.git.rev(commit)
        if since is None:
            raise InvalidRev(f"{commit}: not a commit of the archive")
        tip = self.store.tip()
        # From where the branch left ``commit``: files added there since are not the range's deletions.
        base = self.git.run("merge-base", since, tip, check=False).stdout.decode().strip() or since
        rewritten = self.store.rewrites(base, tip)
        if rewritten:
            raise ArchiveError(f"deleted or changed since {commit}: {first_of(rewritten)} (archived "
                               "files are only ever added; the range removes versions or edits them by hand)")
        out = self.git.run("-c", "core.quotepath=off", "diff", "--name-only", "-z", since, tip,
                           "--", layout.STATEMENTS + "/").stdout
        changed: dict[str, list[tuple[str, str]]] = {}
        for path in (name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name):
            parts = layout.split_path(path)
            if parts is None:
                raise ArchiveError(f"{path}: changed since {commit}, and not a file redline writes "
                                   "(`redline verify` lists every such file)")
            changed.setdefault(parts[0], []).append(parts[1:])
        return {ident: changed[ident] for ident in sorted(self.store.files(tip)) if ident in changed}

    def file(self, path: str, limit: int) -> bytes | None:
        """At most the first ``limit`` bytes of the file at ``path`` (relative to the archive's root, e.g.
        ``redline.toml``) at the tip, or None: a huge blob in a cloned tree is never read whole."""
        return self.git.head(f"{self.store.tip()}:{path}", limit)

    def _files(self, ident: str, tip: str | None = None) -> tuple[str, StatementFiles]:
        check_id(ident)
        tip = tip or self.store.tip()
        files = self.store.files(tip, ident).get(ident)
        if files is None or not files.sightings:
            raise UnknownStatement(f"no statement {ident!r} in the archive (`redline list` shows them)")
        return tip, files

    def statement(self, ref: str | Ref, *, at: str | None = None, commits: bool = False) -> StoredStatement:
        """``ID`` or ``ID@REV``: every version with its sightings and stored files.

        ``selected`` holds the version REV names (a number, a date, a label,
        a key or commit prefix; see :func:`redline.snapshots.versions.resolve`),
        or every version for a bare ``ID``; ``version`` the one named (the
        latest for a bare ``ID``). ``at`` is the commit to read (default: the
        tip), so that many statements come from one snapshot; ``commits``
        finds the commit that added each version (a walk of history).
        """
        ref = parse_ref(ref) if isinstance(ref, str) else ref
        tip, files = self._files(ref.id, at)
        keys = list(files.sightings)
        indexed = at is None  # the index describes the tip only
        added = self._added_by(tip, ref.id, keys, indexed) if commits else None
        versions = group(self.store.sightings(ref.id, files), added, self.store.annotations(ref.id, files))
        found = resolve(ref.id, versions, ref.rev, lambda: added or self._added_by(tip, ref.id, keys, indexed))
        return read_statement(self.git, ref.id, files, versions, versions if ref.rev is None else [found])

    def _added_by(self, tip: str, ident: str, keys: list[str], indexed: bool) -> dict[str, str]:
        """Sighting key -> the commit that added it, from the index's record of the trailers when it can
        answer (so a statement's history costs what the statement has, not what the archive has)."""
        index = Index.open(self.store) if indexed else None
        claims = index.commits(ident) if index is not None and index.catch_up(STATEMENTS, tip) else None
        return self.store.added_by(tip, ident, keys, claims)

    def statements(self, prefix: str = "", *, as_of: str | None = None) -> list[StatementSummary]:
        """Statements whose ID starts with ``prefix``, with version counts and first and latest dates.

        ``as_of`` (a day or a moment, as in ``ID@DATE``): only the versions that existed then.
        """
        if has_lone_surrogate(prefix):
            raise InvalidId(f"{prefix!r}: no statement ID starts so (it holds bytes that are not UTF-8)")
        tip = self.store.tip()
        index = Index.open(self.store)
        if index is not None and index.catch_up(STATEMENTS, tip):
            if as_of is None:
                return [StatementSummary(*row) for row in index.summaries(prefix)]
            found = {row.id: list(row.versions) for row in index.rows(prefix)}
            seen = attrgetter("day", "retrieved")
        else:
            files = {i: f for i, f in self.store.files(tip).items() if i.startswith(prefix)}
            found, seen = self.store.versions(files), None
        rows = []
        for ident, versions in sorted(found.items()):
            if as_of is not None:
                versions = current(versions, as_of, seen)
            if versions:
                first, latest = ((seen or when_seen)(v)[0] for v in (versions[0], versions[-1]))
                rows.append(StatementSummary(ident, len(versions), first, latest))
        return rows

    def log(self, ident: str, *, since: str | None = None, until: str | None = None,
            limit: int | None = None) -> list[history.LogEntry]:
        """Versions oldest first, each with the engine's change counts against the previous one.

        ``since``/``until`` (ISO days, both included) keep the versions whose statement date (else
        the day first seen) falls within them; ``limit`` keeps the newest that many.
        """
        since, until = check_date(since), check_date(until)
        versions = list(self.statement(ident, commits=True).versions)
        wanted = [k for k, v in enumerate(versions) if (since or "") <= day_of(v) <= (until or "9999-12-31")]
        return history.changes(versions, StoredVersion.require_document, wanted[-limit:] if limit else wanted)

    def blame(self, ref: str | Ref) -> history.Blame:
        """Each sentence of ``ID[@REV]`` with the version its lineage began in and the one it last changed in."""
        stored = self.statement(ref, commits=True)
        return history.blame(stored.id, list(stored.versions), stored.version, StoredVersion.require_document)

    def search(self, query: str, *, regex: bool = False, ident: str | None = None,
               history: bool = False, ignore_case: bool = False) -> list[Match] | list[Trace]:
        """Sentences containing ``query`` (normalised) in the latest versions, or across every version."""
        if ident is not None:
            check_id(ident)
        return find_sentences(self.store, query, regex=regex, ident=ident, history=history, ignore_case=ignore_case)

    def verify(self) -> Report:
        """``git fsck``, stored hashes and derived files (see :mod:`redline.snapshots.verify`); the derived
        index is rebuilt from scratch."""
        report = check_archive(self.store)
        self.rebuild_index()
        return report

    def rebuild_index(self) -> None:
        """Build the derived index anew (:mod:`.index`); a failure only costs speed later. The records it
        skips are the index's to report on later queries, not this command's."""
        index = Index.open(self.store)
        if index is not None:
            index.forget()
            with records.held(), suppress(ArchiveError):  # an archive git cannot read: verify says why
                index.build(self.store.tip())

    # -- writing -----------------------------------------------------------
    def add(self, ident: str, data: bytes, *, label: str | None = None, date: str | None = None,
            source: str | None = None, note: str | None = None, retrieved: datetime | None = None,
            file: str | None = None, encoding: str | None = None, original: Original | None = None,
            remember: Settings | None = None) -> AddResult:
        """Record a sighting of ``data`` as a version of ``ident``: one commit, or none if nothing is new.

        Every argument is checked, and the bytes decoded and segmented, before anything is written.
        The sighting founds a new version, or joins the one the run rule puts it in (whose key,
        label and date stay as they are); the latest version's bytes again with nothing new about
        them (no label, date, source or note it lacks) add nothing.

        ``data`` is the version's text; for a page, a PDF or a URL that is the text extracted, and
        ``original`` the bytes it came from, kept beside it with how it was found (and fetched).
        ``remember`` are the statement's own extraction settings from now on (``--select``,
        ``--ignore``): recorded when they differ from those in force.
        """
        return self.add_all([self.prepare(ident, data, label=label, date=date, source=source, note=note,
                                          retrieved=retrieved, file=file, encoding=encoding, original=original,
                                          remember=remember)])[0]

    def prepare(self, ident: str, data: bytes, *, label: str | None = None, date: str | None = None,
                source: str | None = None, note: str | None = None, retrieved: datetime | None = None,
                file: str | None = None, encoding: str | None = None, original: Original | None = None,
                remember: Settings | None = None) -> Addition:
        """One input of :meth:`add_all`, checked (IDs, fields, the bytes decoded and segmented) before any write."""
        check_id(ident)
        label, source, file = check_line("label", label), check_line("source", source), check_line("file name", file)
        note, date = check_note(note), check_date(date)
        doc = segment(decode(data, file or ident, encoding))
        digest = sha256(data)
        if remember is not None:
            settings.make(ident, datetime.now(timezone.utc), remember)  # a value that cannot be recorded fails now
        draft = Sighting(id=ident, key="", sha256=digest, size=len(data), retrieved="", date=date or doc.metadata.date,
                         label=label, source=source, note=note, file=file, encoding=encoding,
                         extraction=original.extraction if original else None,
                         fetch=original.fetch if original else None)
        return Addition(data, draft, retrieved or datetime.now(timezone.utc), derived.render(doc, digest),
                        doc.metadata.title, date, original, remember)

    def add_all(self, additions: list[Addition], subject: str | None = None) -> list[AddResult]:
        """Record every addition in ONE commit (none if nothing is new), each as :meth:`add` would.

        ``watch`` records a run's new versions this way: however many
        statements changed, one commit; none when none did. ``subject`` heads
        the commit message of several sightings. One addition per statement.
        """
        if len({a.ident for a in additions}) != len(additions):
            raise ValueError("add_all takes one addition per statement")
        made: dict[str, tuple[Sighting | None, SettingsRecord | None]] = {}

        def plan(tip: str) -> Plan | None:
            files: dict[str, str] = {}
            made.clear()
            for addition in additions:
                placed = self._place(tip, addition)
                if placed is not None:
                    files.update(placed[0])
                    made[addition.ident] = placed[1:]
            if not made:
                return None
            sightings = [s for s, _ in made.values() if s is not None]
            if len(made) > 1 or (subject and sightings):
                message = batch_message(subject or f"redline: add {len(sightings)} sightings", sightings)
            else:
                sighting, record = next(iter(made.values()))
                message = commit_message(sighting) if sighting is not None else settings.commit_message(record)
            return Plan(files, message)

        commit = self.store.commit(plan)
        self._confirm([(a.ident, a.draft.sha256, a.sentences) for a in additions])
        return [self._added(addition, commit, *made.get(addition.ident, (None, None))) for addition in additions]

    def _confirm(self, files: list[tuple[str, str, bytes]]) -> None:
        """Tell the index that these sentence files (statement, version digest, bytes) are this engine's own
        derivations: ``search`` trusts them without deriving them again."""
        index = Index.open(self.store)
        if index is not None:
            index.confirm(confirmation(*file) for file in files)

    def _place(self, tip: str, addition: Addition) -> tuple[dict[str, str], Sighting | None, SettingsRecord | None] | None:
        """The files ``addition`` adds at ``tip``, its sighting (None: nothing new to record of the bytes) and
        its settings record (None: the settings in force stay); None when it adds nothing at all."""
        ident, digest = addition.ident, addition.draft.sha256
        files = self.store.files(tip, ident).get(ident, StatementFiles())
        new: dict[str, str] = {}
        record = None
        if addition.remember is not None and addition.remember != latest_settings(self.store.settings(ident, files)):
            record = settings.make(ident, datetime.now(timezone.utc), addition.remember)
            new[layout.settings_path(ident, record.name)] = self.git.hash_blob(record.to_json())
        sightings = self.store.sightings(ident, files)
        versions = group(sightings, annotations=self.store.annotations(ident, files))
        if versions and versions[-1].sha256 == digest and not _news(versions[-1], addition):
            return (new, None, record) if record is not None else None
        when = addition.moment
        while make_key(digest, when) in files.sightings:
            when += timedelta(seconds=1)
        original = addition.original
        sighting = replace(addition.draft, key=make_key(digest, when), retrieved=format_time(when))
        sighting = _readable(replace(sighting, version=_joins(sightings, sighting)))
        new[layout.sighting_path(ident, sighting.key)] = self.git.hash_blob(sighting.to_json())
        if digest not in files.raw:
            new[layout.raw_path(ident, digest)] = self.git.hash_blob(addition.data)
        if digest not in files.sentences:
            new[layout.sentences_path(ident, digest)] = self.git.hash_blob(addition.sentences)
        if original is not None and original.extraction.original not in files.originals:
            new[layout.original_path(ident, original.extraction.original)] = self.git.hash_blob(original.data)
        return new, sighting, record

    def _added(self, addition: Addition, commit: str | None, sighting: Sighting | None,
               record: SettingsRecord | None) -> AddResult:
        """What :meth:`add_all` did for one addition, with the statement's versions as they now are."""
        versions = list(self.statement(addition.ident).versions)
        remembered = record.settings if record is not None else None
        if sighting is None:
            return AddResult(addition.ident, versions[-1], len(versions), commit if record else None, None,
                             UNCHANGED, addition.title, remembered)
        version = next(v for v in versions if any(s.key == sighting.key for s in v.sightings))
        return AddResult(addition.ident, version, len(versions), commit, sighting,
                         ADDED if sighting.version == sighting.key else SIGHTED, addition.title, remembered)

    def settings(self, ident: str) -> Settings:
        """The statement's own extraction settings in force (none for a statement the archive lacks)."""
        check_id(ident)
        files = self.store.files(self.store.tip(), ident).get(ident)
        return latest_settings(self.store.settings(ident, files)) if files else Settings()

    def annotate(self, ref: str | Ref, *, label: str | None = None, date: str | None = None,
                 source: str | None = None, note: str | None = None,
                 when: datetime | None = None) -> AnnotateResult:
        """Amend the label, date, source or note of the version ``ID@REV`` names (one commit).

        The version keeps its key; the amendment is a file of its own, so
        nothing stored is rewritten and clones merge annotations cleanly.
        """
        ref = parse_ref(ref) if isinstance(ref, str) else ref
        annotation = annotations.make(ref.id, self.statement(ref).version.key, when or datetime.now(timezone.utc),
                                      label, date, source, note)

        def plan(tip: str) -> Plan:
            path = layout.annotation_path(ref.id, annotation.name)
            return Plan({path: self.git.hash_blob(annotation.to_json())}, annotations.commit_message(annotation))

        commit = self.store.commit(plan)
        version = self.statement(f"{ref.id}@{annotation.version}").version
        return AnnotateResult(ref.id, version, annotation, commit)

    def import_files(self, ident: str, paths: Iterable[Path], *, date: str | None = None,
                     source: str | None = None, retrieved: datetime | None = None,
                     progress: Callable[[Path], None] | None = None, own: Settings | None = None,
                     encoding: str | None = None) -> ImportResult:
        """Add each file as the next sighting, in the order given, under one lock.

        Each file is read as ``add`` reads it (:mod:`.capture`): a page's or
        a PDF's text is extracted, with ``own`` settings (given: remembered
        for the statement; default: the statement's own). Retrieval times
        are ``retrieved`` (default: now) plus a microsecond per file, so
        files that share a statement date keep the order they were given
        in. A file whose bytes the statement already records under the same
        file name was imported before and is skipped, so a run cut short (an
        error, a kill) can simply be run again.
        """
        check_id(ident)
        paths = list(paths)
        start = retrieved or datetime.now(timezone.utc)
        added: list[tuple[str, AddResult | None]] = []
        titles: dict[str, str | None] = {}
        with self.store.locked():
            seen = self._imported(ident)
            reading = own if own is not None else self.settings(ident)
            for step, path in enumerate(paths):
                try:
                    data = importing.read_file(path)
                    name = Path(path).name
                    if (sha256(data), name) in seen:
                        added.append((str(path), None))
                    else:
                        found = capture.read(data, str(path), own=reading, encoding=encoding,
                                             strict=own is not None and own.select is not None)
                        result = self.add(ident, found.stored, date=date, source=source, file=name,
                                          retrieved=start + timedelta(microseconds=step),
                                          original=found.original(), encoding=encoding if found.as_read else None,
                                          remember=own)
                        added.append((str(path), result))
                        titles[str(path)] = result.title
                        seen.add((sha256(data), name))
                except RedlineError as exc:
                    done = sum(result is not None for _, result in added)
                    if done:  # same error, same type, saying what was kept
                        exc.args = (f"{exc}; the {done} file{'s' * (done != 1)} before it were imported "
                                    "(a new run skips them and goes on)",)
                    raise
                if progress:
                    progress(Path(path))
        return ImportResult(ident, added, importing.titles(titles))

    def _imported(self, ident: str) -> set[tuple[str, str]]:
        """(sha256 of the file's bytes, file name) of every sighting of ``ident`` that came from a named file."""
        files = self.store.files(self.store.tip(), ident).get(ident)
        if files is None:
            return set()
        return {(s.original or s.sha256, s.file) for s in self.store.sightings(ident, files) if s.file}

    def rederive(self, ident: str | None = None, rules: SourceRules | None = None) -> RederiveResult:
        """Rewrite derived sentence files that the current engine would write differently (one commit), and
        report what stored pages and PDFs extract to today (with each statement's settings and ``rules``,
        ``redline.toml``'s ``[sources]``).

        Raw bytes, originals and sightings are never touched: a version keeps the text (and the key) it
        recorded; ``watch`` records what is current.
        """
        if ident is not None:
            self._files(ident)
        fresh: list[str] = []
        skipped: list[str] = []
        confirmed: list[tuple[str, str, bytes]] = []
        report = ExtractionReport()
        for name, statement in sorted(self.store.files(self.store.tip(), ident).items()):
            reextract(self.store, name, statement, rules, report)

        def plan(tip: str) -> Plan | None:
            files = {}
            confirmed.clear()
            skipped.clear()
            for name, statement in sorted(self.store.files(tip, ident).items()):
                encodings = first_encodings(self.store.sightings(name, statement))
                digests = sorted(statement.raw)
                raws = self.git.cat_within([statement.raw[d] for d in digests], encoding.MAX_BYTES)
                olds = dict(zip(statement.sentences, (data for _, data in self.git.cat_within(
                    list(statement.sentences.values()), derived.MAX_BYTES))))
                for digest, (size, data) in zip(digests, raws):
                    path = layout.sentences_path(name, digest)
                    try:
                        refuse_size(layout.raw_path(name, digest), size)
                        _intact(name, digest, data)
                        text = derived.render(segment(decode(data, path, encodings.get(digest))), digest)
                    except RedlineError as exc:  # a clone's bytes: the other versions are still derived
                        skipped.append(str(exc))
                        continue
                    confirmed.append((name, digest, text))
                    if olds.get(digest) != text:
                        files[path] = self.git.hash_blob(text)
            fresh[:] = sorted(files)
            message = f"redline: rederive {len(files)} sentence files with engine {derived.engine_version()}\n"
            return Plan(files, message.encode()) if files else None

        result = RederiveResult(fresh, self.store.commit(plan), report, skipped)
        self.rebuild_index()
        self._confirm(confirmed)
        return result

    def sync(self, remote_name: str = "origin") -> remote.SyncResult:
        """Fetch, merge and push through a git remote (never prompting for credentials)."""
        return remote.sync(self.store, remote_name)


def _intact(ident: str, digest: str, data: bytes) -> None:
    """Refuse to derive from stored bytes that no longer hash to their name (hand-edited, or a clone's)."""
    problem = integrity.raw_problem(ident, digest, data)
    if problem is not None:
        raise ArchiveError(f"{problem.path}: {problem.message}")


def _news(version: Version, addition: Addition) -> bool:
    """Whether a re-add of ``version``'s bytes brings metadata the version does not have yet (a date only
    when given: the one the text holds is the version's already)."""
    draft, date = addition.draft, addition.date
    label, source, note = draft.label, draft.source, draft.note
    return ((label is not None and label != version.label and all(s.label != label for s in version.sightings))
            or (date is not None and date != version.date)
            or (source is not None and all(s.source != source for s in version.sightings))
            or (note is not None and all(s.note != note for s in version.sightings)))


def _readable(sighting: Sighting) -> Sighting:
    """``sighting`` if redline can read back what it would write (:class:`InvalidField` otherwise), so that no
    value from a page or a server makes a record every later command skips."""
    where = layout.sighting_path(sighting.id, sighting.key)
    try:
        Sighting.from_json(sighting.to_json(), where)
    except BadRecord as exc:
        raise InvalidField(f"cannot record this sighting: {str(exc).partition(': ')[2]}") from None
    return sighting


def _joins(sightings: list[Sighting], new: Sighting) -> str:
    """The key of the version ``new`` belongs to: the run rule places it among the others; a run of
    its own makes it the founder of a new version (its own key)."""
    run = next(r for r in runs([*sightings, new]) if new in r)
    others = [s for s in run if s is not new]
    return founder(others).key if others else new.key
