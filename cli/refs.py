"""Resolve a command-line argument to a document: a file, or an archived version.

An existing path wins; ``file:PATH`` forces a file and ``id:ID[@REV]`` an
archive reference; anything else that is not a path but reads as
``ID[@REV]`` is looked up in the archive (``--archive``, ``REDLINE_ARCHIVE``,
or the current directory and its parents).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from redline.core.errors import RedlineError
from redline.snapshots.errors import ArchiveNotFound, InvalidId, InvalidRev, UnknownStatement

from .inputs import Source, read_source


@dataclass
class ArchivedSource(Source):
    """A document read from the archive; ``version`` describes it for report headers."""

    version: dict = field(default_factory=dict)


def open_archive(obj: dict | None):
    """The archive named by ``--archive``/``REDLINE_ARCHIVE``, else found from the current directory."""
    from redline.snapshots import Archive

    return Archive.find((obj or {}).get("archive"))


def load_source(arg: str, obj: dict | None, encoding: str | None = None) -> Source:
    """Read ``arg`` as a file (``-`` for stdin) or as an archived ``ID[@REV]``."""
    if arg.startswith("file:"):
        return read_source(arg[len("file:"):], encoding)
    if arg.startswith("id:"):
        return _archived(arg[len("id:"):], obj)
    if arg == "-" or os.path.exists(arg):
        return read_source(arg, encoding)
    try:
        _parse(arg)
    except (InvalidId, InvalidRev):
        return read_source(arg, encoding)
    try:
        return _archived(arg, obj)
    except ArchiveNotFound as exc:
        raise RedlineError(f"{arg}: no such file, and no archive to look it up in ({exc})") from None
    except UnknownStatement:
        raise RedlineError(f"{arg}: no such file, and no statement {arg.partition('@')[0]!r} in the archive") from None


def load_default_pair(arg: str, obj: dict | None) -> tuple[Source, Source]:
    """``diff ID``: the version before and the latest (or the one ``ID@REV`` names) of a statement."""
    ref = _parse(arg[len("id:"):] if arg.startswith("id:") else arg)
    archive = open_archive(obj)
    found = archive.resolve(ref)
    if found.version.number == 1:
        count = len(found.versions)
        raise InvalidRev(
            f"{ref.id} has {'only one version' if count == 1 else f'no version before @1 ({count} in all)'}: "
            "nothing to compare it with (name two versions, or a version and a file)"
        )
    return _source(archive, ref.id, found.versions[found.version.number - 2]), _source(archive, ref.id, found.version)


def _parse(text: str):
    from redline.snapshots import parse_ref

    return parse_ref(text)


def _archived(text: str, obj: dict | None) -> ArchivedSource:
    archive = open_archive(obj)
    found = archive.resolve(_parse(text))
    return _source(archive, found.id, found.version)


def _source(archive, ident: str, version) -> ArchivedSource:
    meta = {"id": ident, "version": version.number, "key": version.key, "label": version.label,
            "date": version.date, "sha256": version.sha256}
    return ArchivedSource(f"{ident}@{version.number}", archive.document(ident, version), meta)
