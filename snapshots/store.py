"""Reading a statement's files out of a commit's tree, and writing new ones in one commit.

Everything is read from git objects (never a work tree). Writes add files
only, under the archive lock, as one commit that moves the branch with
``update-ref`` from the expected old value, retried if the branch moved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArchiveError

from . import layout
from .cache import SightingCache
from .lock import exclusive
from .plumbing import REGULAR, Git, edit_tree, run_git
from .annotations import Annotation
from .records import MAX_RECORD_BYTES, BadRecord, check_record, oversized, warn
from .settings import SettingsRecord
from .sightings import KEY_HASH_CHARS, Sighting
from .versions import Version, group

RETRIES = 8
# Below this many sighting files, reading them from git beats loading the whole cache.
CACHE_FROM = 300


@dataclass
class StatementFiles:
    """Blob shas of one statement's files, by kind and name (raw, sentences and originals by sha256,
    sightings by key, annotations and settings by name without ``.json``)."""

    raw: dict[str, str] = field(default_factory=dict)
    sightings: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, name: str, sha: str) -> None:
        if kind == layout.RAW:
            self.raw[name] = sha
        elif kind == layout.SIGHTINGS and name.endswith(".json"):
            self.sightings[name[:-len(".json")]] = sha
        elif kind == layout.SENTENCES and name.endswith(".txt"):
            self.sentences[name[:-len(".txt")]] = sha
        elif kind == layout.ANNOTATIONS and name.endswith(".json"):
            self.annotations[name[:-len(".json")]] = sha
        elif kind == layout.ORIGINALS:
            self.originals[name] = sha
        elif kind == layout.SETTINGS and name.endswith(".json"):
            self.settings[name[:-len(".json")]] = sha


@dataclass(frozen=True)
class Plan:
    """What one commit adds: archive paths to blob shas, and the commit message."""

    files: Mapping[str, str]
    message: bytes


class Store:
    """The archive's git objects and its one branch."""

    def __init__(self, git: Git, work_tree: Path | None) -> None:
        self.git = git
        self.work_tree = work_tree
        self.lock_path = git.git_dir / "redline.lock"
        self._held = 0
        self._identity: dict[str, str] | None = None
        self.cache = SightingCache(git.git_dir)

    # -- reading ---------------------------------------------------------
    @property
    def ref(self) -> str:
        """The branch HEAD names; writing needs one."""
        ref = self._symbolic_head()
        if not ref:
            raise ArchiveError("HEAD is detached: redline writes to the branch HEAD names "
                               "(check out a branch, e.g. `git checkout -B main`)")
        return ref

    def tip(self) -> str:
        """The commit to read: the branch's tip, or a detached HEAD (as CI checkouts leave it)."""
        ref = self._symbolic_head() or "HEAD"
        tip = self.git.rev(ref)
        if tip is None:
            raise ArchiveError(f"{ref} does not exist: not a redline archive (run `redline init`)")
        return tip

    def is_ancestor(self, older: str, newer: str) -> bool:
        """Whether commit ``older`` is an ancestor of (or is) ``newer``."""
        return self.git.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def rewrites(self, old: str, new: str) -> list[str]:
        """Archived files that ``new`` deletes or changes against ``old``, sorted: the marker, the
        attributes, and every statement file but derived sentence files (which ``rederive`` rewrites).

        redline only ever adds these; a history that removes or edits one lost data or was edited by hand.
        """
        out = self.git.run("-c", "core.quotepath=off", "diff", "--name-status", "--no-renames", "-z",
                           old, new).stdout.split(b"\0")
        found = []
        for status, name in zip(out[0::2], out[1::2]):
            path = name.decode("utf-8", "surrogateescape")
            parts = layout.split_path(path)
            kept = path in (layout.MARKER, layout.ATTRIBUTES) or (parts is not None and parts[1] != layout.SENTENCES)
            if status != b"A" and kept:
                found.append(path)
        return sorted(found)

    def _symbolic_head(self) -> str:
        return self.git.run("symbolic-ref", "-q", "HEAD", check=False).stdout.decode().strip()

    def files(self, tip: str, ident: str | None = None) -> dict[str, StatementFiles]:
        """Every statement's files at ``tip`` (or just ``ident``'s), by statement ID."""
        prefix = layout.statement_dir(ident) + "/" if ident else layout.STATEMENTS + "/"
        found: dict[str, StatementFiles] = {}
        for entry in self.git.ls_tree(tip, prefix, recursive=True):
            parts = layout.split_path(entry.path) if entry.mode == REGULAR else None  # verify reports others
            if parts and (ident is None or parts[0] == ident):
                found.setdefault(parts[0], StatementFiles()).add(parts[1], parts[2], entry.sha)
        return found

    def sightings(self, ident: str, files: StatementFiles) -> list[Sighting]:
        """The statement's sightings; a malformed file, or one that records another place than its own,
        is skipped with a warning (:mod:`.records`)."""
        return self.read_sightings([(layout.sighting_path(ident, key), sha) for key, sha in files.sightings.items()])

    def read_sightings(self, files: list[tuple[str, str]]) -> list[Sighting]:
        """Parsed sighting files ``(path, blob)``, each checked to record the statement and key its path
        names; bad ones are skipped with a warning. A few are read straight from git, many through the
        cache (filling it with the records that parse)."""
        blobs = [sha for _, sha in files]
        if len(blobs) <= CACHE_FROM:
            return _kept(sized(parse_sighting), list(zip(self.records(blobs), (path for path, _ in files))))
        bad: dict[str, tuple[int, bytes | None]] = {}
        missing = [b for b in blobs if self.cache.get(b) is None]
        for blob, (size, data) in zip(missing, self.records(missing)):
            try:
                self.cache.put(blob, sized(check_record)((size, data), blob))
            except BadRecord:
                bad[blob] = size, data
        self.cache.save()
        return _kept(lambda sha, path: sized(parse_sighting)(bad[sha], path) if sha in bad
                     else _placed(Sighting.from_dict(self.cache.get(sha), path), path),
                     [(sha, path) for path, sha in files])

    def records(self, shas: list[str]) -> Iterator[tuple[int, bytes | None]]:
        """Each record file's size and bytes; bytes None for one too large to be a record, left unread."""
        return self.git.cat_within(shas, MAX_RECORD_BYTES)

    def versions(self, statements: dict[str, StatementFiles]) -> dict[str, list[Version]]:
        """Every statement's versions (as amended), reading all sighting files in one batch."""
        listed = [(layout.sighting_path(i, key), sha) for i, f in statements.items() for key, sha in f.sightings.items()]
        by_id: dict[str, list[Sighting]] = {}
        for sighting in self.read_sightings(listed):
            by_id.setdefault(sighting.id, []).append(sighting)
        return {i: group(sightings, annotations=self.annotations(i, statements[i]) if statements[i].annotations else ())
                for i, sightings in by_id.items()}

    def annotations(self, ident: str, files: StatementFiles) -> list[Annotation]:
        """The statement's annotations of its own versions; a malformed file is skipped with a warning."""
        names = list(files.annotations)
        datas = self.records([files.annotations[n] for n in names])
        return _kept(sized(parse_annotation), [(d, layout.annotation_path(ident, n)) for n, d in zip(names, datas)])

    def settings(self, ident: str, files: StatementFiles) -> list[SettingsRecord]:
        """The statement's settings records; a malformed file is skipped with a warning."""
        names = list(files.settings)
        datas = self.records([files.settings[n] for n in names])
        return _kept(sized(parse_settings), [(d, layout.settings_path(ident, n)) for n, d in zip(names, datas)])

    def added_by(self, tip: str, ident: str, keys: list[str], claims: Mapping[str, str] | None = None) -> dict[str, str]:
        """Sighting key -> the commit that added it.

        The commits' trailers name them: ``claims`` when the caller has them
        (the index), else ``git log --grep`` (no tree diffs: milliseconds on
        10,000 commits); each claim is checked against the trees, and keys
        the trailers miss fall back to a path-limited walk.
        """
        if claims is None:
            claims = {}
            for commit, who, key in self.trailer_claims(tip, grep=f"Redline-Id: {ident}"):
                if who == ident:
                    claims.setdefault(key, commit)
        found = self._confirmed(ident, {key: claims[key] for key in keys if key in claims})
        if len(found) < len(set(keys)):
            found = {**self._walk(tip, ident), **found}
        return found

    def trailer_claims(self, *revs: str, grep: str | None = None) -> list[tuple[str, str, str]]:
        """(commit, statement, sighting key) as the commits in ``revs`` name them in their trailers, newest first.

        A commit of several sightings (``watch``) names each as a ``Redline-Id`` and ``Redline-Key`` pair,
        in order; a commit whose counts of the two differ names none for sure and claims nothing.
        """
        options = ["--fixed-strings", f"--grep={grep}"] if grep else []
        out = self.git.run(
            "log", *options, "--format=%H %(trailers:key=Redline-Id,valueonly,separator=%x2C) "
                             "%(trailers:key=Redline-Key,valueonly,separator=%x2C)", *revs, "--").stdout
        claims = []
        for line in out.decode("utf-8", "replace").splitlines():
            parts = line.split(" ")
            if len(parts) != 3 or not all(parts):
                continue
            ids, keys = parts[1].split(","), parts[2].split(",")
            if len(ids) == len(keys):
                claims += [(parts[0], ident, key) for ident, key in zip(ids, keys)]
        return claims

    def _confirmed(self, ident: str, claimed: dict[str, str]) -> dict[str, str]:
        """The claims whose commit has the sighting file and whose parent does not."""
        lines = []
        for key, commit in claimed.items():
            path = layout.sighting_path(ident, key)
            lines += [f"{commit}:{path}", f"{commit}^:{path}"]
        if not lines:
            return {}
        answers = self.git.run("cat-file", "--batch-check", data="\n".join(lines).encode() + b"\n").stdout
        answers = answers.decode().splitlines()
        return {key: commit for (key, commit), here, before in zip(claimed.items(), answers[::2], answers[1::2])
                if not here.endswith(" missing") and before.endswith(" missing")}

    def _walk(self, tip: str, ident: str) -> dict[str, str]:
        """Sighting key -> adding commit by a path-limited walk of history (slow on long histories).

        Paths are ASCII (IDs and keys are), so git never quotes them.
        """
        out = self.git.run(
            "log", "--format=%H", "--name-only", "--diff-filter=A", tip, "--",
            f"{layout.statement_dir(ident)}/{layout.SIGHTINGS}/",
        ).stdout.decode()
        commits, current = {}, ""
        for line in out.splitlines():
            if len(line) == 40 and "/" not in line:
                current = line
            elif line:
                parts = layout.split_path(line)
                if parts and parts[0] == ident and parts[2].endswith(".json"):
                    commits.setdefault(parts[2][:-5], current)
        return commits

    # -- writing ---------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the archive lock (re-entrant within this object)."""
        if self._held:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        with exclusive(self.lock_path):
            self._held = 1
            try:
                yield
            finally:
                self._held = 0

    def identity(self) -> dict[str, str]:
        if self._identity is None:
            self._identity = self.git.identity()
        return self._identity

    def commit(self, plan: Callable[[str], Plan | None]) -> str | None:
        """Commit what ``plan(tip)`` asks for on top of the branch; None when it asks for nothing.

        ``plan`` sees the current tip and is asked again if the branch moved
        before the update landed (someone wrote without redline's lock).
        """
        with self.locked():
            ref = self.ref
            for _ in range(RETRIES):
                tip = self.tip()
                wanted = plan(tip)
                if wanted is None:
                    return None
                tree = edit_tree(self.git, self.git.out("rev-parse", f"{tip}^{{tree}}"), wanted.files)
                commit = self.git.commit_tree(tree, [tip], wanted.message, self.identity())
                if self.git.update_ref(ref, commit, tip):
                    self.refresh_checkout(tip, commit)
                    return commit
            raise ArchiveError(f"{ref} kept moving while redline wrote to it; nothing was changed, try again")

    def move(self, old: str, new: str) -> bool:
        """Fast-forward the branch (sync); False if it moved meanwhile."""
        if not self.git.update_ref(self.ref, new, old):
            return False
        self.refresh_checkout(old, new)
        return True

    def refresh_checkout(self, old: str, new: str) -> None:
        """Bring a checked-out clone's index and files from ``old`` to ``new`` (bare archives have none).

        Two-tree ``read-tree -m -u`` only touches what changed and refuses to
        overwrite local edits; if it cannot run, the branch has still moved
        and ``git status`` shows the files as not yet checked out.
        """
        if self.work_tree is not None:
            run_git(["read-tree", "-m", "-u", old, new], cwd=self.work_tree, check=False)




def sized(parse: Callable) -> Callable:
    """``parse`` for a record as :meth:`Store.records` reads it: ``(size, bytes)``, bytes None when too large."""
    def read(sized: tuple[int, bytes | None], path: str):
        size, data = sized
        if data is None:
            raise oversized(path, size)
        return parse(data, path)
    return read


def _kept(parse: Callable, items: list[tuple]) -> list:
    """``parse(*item)`` for each item; one that raises :class:`BadRecord` is skipped with a warning."""
    out = []
    for item in items:
        try:
            out.append(parse(*item))
        except BadRecord as exc:
            warn(exc)
    return out


def parse_sighting(data: bytes, path: str) -> Sighting:
    """The sighting file at ``path``, checked field by field and against its place; :class:`BadRecord`
    otherwise. Readers skip a bad one with a warning, ``verify`` reports it."""
    return _placed(Sighting.from_json(data, path), path)


def parse_annotation(data: bytes, path: str) -> Annotation:
    """The annotation file at ``path``, checked as :func:`parse_sighting` checks a sighting."""
    annotation = Annotation.from_json(data, path)
    if layout.annotation_path(annotation.id, annotation.name) != path:
        raise BadRecord(f"{path}: records statement {annotation.id!r} and version {annotation.version!r}, "
                        "not its place")
    return annotation


def parse_settings(data: bytes, path: str) -> SettingsRecord:
    """The settings file at ``path``, checked as :func:`parse_sighting` checks a sighting."""
    record = SettingsRecord.from_json(data, path)
    if layout.settings_path(record.id, record.name) != path:
        raise BadRecord(f"{path}: records statement {record.id!r} at {record.time}, not its place")
    return record


def _placed(sighting: Sighting, path: str) -> Sighting:
    """The sighting, if it records the statement and key its file's place names."""
    if layout.sighting_path(sighting.id, sighting.key) != path:
        raise BadRecord(f"{path}: records statement {sighting.id!r} and key {sighting.key!r}, not its place")
    if not sighting.key.startswith(sighting.sha256[:KEY_HASH_CHARS]):
        raise BadRecord(f"{path}: its key does not start with its bytes' hash")
    return sighting
