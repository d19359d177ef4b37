"""``verify``: git's own check, then every stored hash and derived file against what it should be.

Stored hashes include the original pages and PDFs (``_original/``) that
extracted texts came from, and each sighting must find its original there.

A derived file made by another engine version is information (``rederive``
refreshes it), not a problem: the raw bytes are the record, derived files a view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from redline.core import decode, encoding, segment
from redline.core.errors import RedlineError
from .errors import ArchiveError

from . import derived, integrity, layout
from .plumbing import LOCK_ADVICE, REGULAR, Entry
from .records import BadRecord, check_record
from .sightings import Sighting, first_encodings
from .store import StatementFiles, Store, parse_annotation, parse_settings, parse_sighting, sized

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
    report.problems += [f"{lock}: {LOCK_ADVICE}" for lock in store.git.ref_locks()]
    try:
        _files(store, report)
    except ArchiveError as exc:
        report.problems.append(f"cannot read every file: {exc}")
    return report


def _files(store: Store, report: Report) -> None:
    tip = store.tip()
    top = {e.path: e for e in store.git.ls_tree(tip)}
    _marker(store, top.get(layout.MARKER), report)
    if layout.ATTRIBUTES not in top:
        report.problems.append(f"{layout.ATTRIBUTES} is missing")
    for entry in store.git.ls_tree(tip, layout.STATEMENTS + "/", recursive=True):
        if layout.split_path(entry.path) is None or entry.mode != REGULAR:
            report.problems.append(f"{entry.path}: not a file redline writes")
    for ident, files in sorted(store.files(tip).items()):
        report.statements += 1
        _statement(store, ident, files, report)


def _marker(store: Store, entry: Entry | None, report: Report) -> None:
    """``redline.json``: a regular file holding the marker of an archive in a format this redline reads."""
    if entry is None:
        report.problems.append(f"{layout.MARKER} is missing")
        return
    if entry.mode != REGULAR:
        report.problems.append(f"{layout.MARKER}: not a regular file (git mode {entry.mode})")
        return
    try:
        marker = sized(check_record)(next(store.records([entry.sha])), layout.MARKER)
    except BadRecord as exc:
        report.problems.append(str(exc))
        return
    if marker.get("redline") != "archive":
        report.problems.append(f"{layout.MARKER}: does not say \"redline\": \"archive\"")
    elif marker.get("format") != layout.FORMAT or type(marker.get("format")) is not int:
        report.problems.append(f"{layout.MARKER}: format {marker.get('format')!r}; this redline reads "
                               f"format {layout.FORMAT}")


def _statement(store: Store, ident: str, files: StatementFiles, report: Report) -> None:
    sightings = []
    report.sightings += len(files.sightings)
    for key, path, sighting in _records(store, files.sightings, partial(layout.sighting_path, ident), parse_sighting,
                                        report):
        cached = store.cache.get(files.sightings[key])
        if cached is not None and _from_cache(cached, path) != sighting:
            store.cache.drop()
            report.notes.append(f"the sighting cache disagreed with {path}; it was cleared and will rebuild itself")
        if sighting.sha256 not in files.raw:
            report.problems.append(f"{path}: its bytes ({sighting.sha256[:12]}) are missing from {layout.RAW}/")
        if sighting.original is not None and sighting.original not in files.originals:
            report.problems.append(f"{path}: the original bytes its text was extracted from "
                                   f"({sighting.original[:12]}) are missing from {layout.ORIGINALS}/")
        sightings.append(sighting)
    encodings = first_encodings(sightings)
    for _, path, annotation in _records(store, files.annotations, partial(layout.annotation_path, ident),
                                        parse_annotation, report):
        if annotation.version not in files.sightings:
            report.problems.append(f"{path}: amends version {annotation.version}, which the statement lacks")
    list(_records(store, files.settings, partial(layout.settings_path, ident), parse_settings, report))
    originals = store.git.cat_within(list(files.originals.values()), encoding.MAX_BYTES)
    for digest, (size, data) in zip(files.originals, originals):
        if data is None:
            _unread(layout.original_path(ident, digest), size, report)
        else:
            _report(integrity.raw_problem(ident, digest, data, layout.original_path), report)
    _versions(store, ident, files, encodings, report)


def _versions(store: Store, ident: str, files: StatementFiles, encodings: dict[str, str], report: Report) -> None:
    """Each version's bytes, then its sentence file against them, read in order a few at a time (a clone's
    blobs cannot fill memory), the bytes held only until the next version's."""
    order = [(digest, held) for digest in sorted(files.raw.keys() | files.sentences.keys())
             for held in (files.raw, files.sentences) if digest in held]
    raw_digest, raw = "", None
    limits = [encoding.MAX_BYTES if held is files.raw else derived.MAX_BYTES for _, held in order]
    for (digest, held), (size, data) in zip(order, store.git.cat_within([held[d] for d, held in order], limits)):
        if held is files.raw:
            raw_digest, raw = digest, data
            problem = integrity.raw_problem(ident, digest, raw) if raw is not None else None
            if raw is None:
                _unread(layout.raw_path(ident, digest), size, report)
            elif problem is not None:
                _report(problem, report)
                raw = None  # what these bytes derive is no measure of the sentence file
            if digest not in files.sentences:
                _report(integrity.sentences_problem(ident, digest, None, None), report)
        elif data is None:
            _unread(layout.sentences_path(ident, digest), size, report)
        elif raw_digest != digest:
            _sentences(ident, digest, data, None, encodings.get(digest), report)
        elif raw is not None:
            _sentences(ident, digest, data, raw, encodings.get(digest), report)
        # else the version's bytes were left unread or have changed (reported above): nothing to derive from


def _unread(path: str, size: int, report: Report) -> None:
    report.problems.append(f"{path}: {size:,} bytes, more than redline reads; not read")


def _records(store: Store, blobs: dict[str, str], path_of: Callable[[str], str], parse: Callable,
             report: Report) -> Iterator[tuple[str, str, object]]:
    """``(name, path, record)`` for each record file that ``parse`` accepts; each it refuses is a problem."""
    for name, (size, data) in zip(blobs, store.records(list(blobs.values()))):
        path = path_of(name)
        try:
            record = sized(parse)((size, data), path)
        except BadRecord as exc:
            report.problems.append(str(exc))
            continue
        yield name, path, record


def _from_cache(cached: object, path: str) -> Sighting | None:
    """What the sighting cache holds for a file (None if that is not even a sighting)."""
    try:
        return Sighting.from_dict(cached, path) if isinstance(cached, dict) else None
    except BadRecord:
        return None


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
