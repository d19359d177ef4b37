"""``verify``: git's own check, then every stored hash and derived file against what it should be.

A derived file made by another engine version is information (``rederive``
refreshes it), not a problem: the raw bytes are the record, derived files a view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.core import decode, segment
from redline.core.errors import RedlineError
from .errors import ArchiveError

from . import derived, integrity, layout
from .ids import check_id
from .sightings import KEY_HASH_CHARS, Sighting
from .store import StatementFiles, Store

# verify names the file first, so its lines keep their own wording of the shared checks' problems.
_WORDING = {
    integrity.RAW_CHANGED: "bytes do not match their SHA-256 name",
    integrity.SENTENCES_MISSING: "missing (run `redline rederive`)",
    integrity.SENTENCES_HEADER: "no valid header naming its raw bytes",
    integrity.SENTENCES_ORPHAN: "derived from bytes the archive does not hold",
    integrity.SENTENCES_DIFFER: "differs from what engine {engine} derives (run `redline rederive`)",
}


@dataclass
class Report:
    """Problems make ``verify`` fail; notes are for information only."""

    statements: int = 0
    sightings: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store) -> Report:
    """Check the whole archive at the branch tip."""
    report = Report()
    fsck = store.git.run("fsck", "--no-dangling", "--no-progress", check=False)
    if fsck.returncode:
        lines = (fsck.stderr + fsck.stdout).decode(errors="replace").splitlines()
        report.problems += [f"git fsck: {line}" for line in lines if line.strip()] or ["git fsck failed"]
    try:
        _files(store, report)
    except ArchiveError as exc:
        report.problems.append(f"cannot read every file: {exc}")
    return report


def _files(store: Store, report: Report) -> None:
    tip = store.tip()
    top = {e.path: e for e in store.git.ls_tree(tip)}
    for name in (layout.MARKER, layout.ATTRIBUTES):
        if name not in top:
            report.problems.append(f"{name} is missing")
    for entry in store.git.ls_tree(tip, layout.STATEMENTS + "/", recursive=True):
        if layout.split_path(entry.path) is None:
            report.problems.append(f"{entry.path}: not a file redline writes")
    for ident, files in sorted(store.files(tip).items()):
        report.statements += 1
        _statement(store, ident, files, report)


def _statement(store: Store, ident: str, files: StatementFiles, report: Report) -> None:
    where = layout.statement_dir(ident)
    try:
        check_id(ident)
    except RedlineError as exc:
        report.problems.append(f"{where}: {exc}")
    encodings: dict[str, str | None] = {}
    for key, blob in zip(files.sightings, store.git.cat_blobs(list(files.sightings.values()))):
        report.sightings += 1
        path = layout.sighting_path(ident, key)
        try:
            sighting = Sighting.from_json(blob)
        except (ValueError, TypeError) as exc:
            report.problems.append(f"{path}: unreadable sighting ({exc})")
            continue
        cached = store.cache.get(files.sightings[key])
        if cached is not None and Sighting.from_dict(cached) != sighting:
            store.cache.drop()
            report.notes.append(f"the sighting cache disagreed with {path}; it was cleared and will rebuild itself")
        if sighting.id != ident or sighting.key != key or not key.startswith(sighting.sha256[:KEY_HASH_CHARS]):
            report.problems.append(f"{path}: records id {sighting.id!r} and key {sighting.key!r}, not its place")
        if sighting.sha256 not in files.raw:
            report.problems.append(f"{path}: its bytes ({sighting.sha256[:12]}) are missing from {layout.RAW}/")
        encodings.setdefault(sighting.sha256, sighting.encoding)
    raws = dict(zip(files.raw, store.git.cat_blobs(list(files.raw.values()))))
    for digest, data in raws.items():
        _report(integrity.raw_problem(ident, digest, data), report)
    for digest, blob in zip(files.sentences, store.git.cat_blobs(list(files.sentences.values()))):
        _sentences(ident, digest, blob, raws.get(digest), encodings.get(digest), report)
    for digest in files.raw.keys() - files.sentences.keys():
        _report(integrity.sentences_problem(ident, digest, None, None), report)


def _sentences(ident: str, digest: str, blob: bytes, raw: bytes | None, encoding: str | None, report: Report) -> None:
    path = layout.sentences_path(ident, digest)
    document = None if raw is None else lambda: segment(decode(raw, path, encoding))
    try:
        problem = integrity.sentences_problem(ident, digest, blob, document)
    except RedlineError as exc:
        report.problems.append(f"{path}: its raw bytes no longer decode ({exc})")
        return
    made = derived.header(blob)
    if problem is None and made is not None and made[0] != derived.engine_version():
        report.notes.append(f"{path}: made by engine {made[0]}, this is {derived.engine_version()} "
                            "(`redline rederive` refreshes it)")
    _report(problem, report)


def _report(problem: integrity.Problem | None, report: Report) -> None:
    if problem is not None:
        wording = _WORDING[problem.kind].format(engine=derived.engine_version())
        report.problems.append(f"{problem.path}: {wording}")


__all__ = ["Report", "verify"]
