"""What a command-line argument names: a file, a URL, or an archived version; and reading it.

An ``http://`` or ``https://`` argument is a URL. Otherwise an existing
path (or ``-``) wins, except a statement's own folder in a checked-out
archive (it holds ``_sightings/``), which names that statement when it
reads as an ID (from ``statements/``, ``remarks`` is both); ``file:PATH``
forces a file and ``id:ID[@REV]`` an archive reference; anything else that
is not a path but reads as ``ID[@REV]`` is looked up in the archive
(``--archive``, ``REDLINE_ARCHIVE``, or the current directory and its
parents).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from redline.core.errors import RedlineError
from redline.snapshots.errors import ArchiveNotFound, InvalidId, InvalidRev, UnknownStatement
from redline.snapshots.layout import SIGHTINGS

from .inputs import ReadOptions, Source, read_source

FILE, URL, REF = "file", "url", "ref"


@dataclass(frozen=True)
class Target:
    """A file path, a URL or an ``ID[@REV]`` reference; ``forced`` when a ``file:``/``id:`` prefix said so."""

    kind: str
    value: str
    forced: bool = False


def is_url(arg: str) -> bool:
    """Whether ``arg`` is meant as a web address (``http://`` or ``https://``, any case)."""
    return arg[:8].lower().startswith(("http://", "https://"))


def classify(arg: str) -> Target:
    """Whether ``arg`` names a file, a URL or an archived statement (see the module docstring)."""
    for prefix, kind in (("file:", FILE), ("id:", REF)):
        if arg.startswith(prefix):
            return Target(kind, arg[len(prefix):], True)
    if is_url(arg):
        return Target(URL, arg)
    statement_folder = os.path.isdir(os.path.join(arg, SIGHTINGS))
    if arg == "-" or (os.path.exists(arg) and not statement_folder):
        return Target(FILE, arg)
    try:
        _parse(arg)
    except (InvalidId, InvalidRev):
        return Target(FILE, arg)  # reading it says "no such file" (or checks the folder's files)
    return Target(REF, arg)


def open_archive(obj: dict | None):
    """The archive named by ``--archive``/``REDLINE_ARCHIVE``, else found from the current directory."""
    from redline.snapshots import Archive

    return Archive.find((obj or {}).get("archive"))


def load_sources(args: list[str], obj: dict | None, options: ReadOptions = ReadOptions()) -> list[Source]:
    """:func:`load_source` of each of ``args``, refusing ``-`` twice: standard input is read once."""
    if args.count("-") > 1:
        raise RedlineError("- (standard input) is given more than once; it can be read only once")
    return [load_source(arg, obj, options) for arg in args]


def load_source(arg: str, obj: dict | None, options: ReadOptions = ReadOptions()) -> Source:
    """Read ``arg`` as a file (``-`` for stdin), a URL, or an archived ``ID[@REV]``."""
    target = classify(arg)
    if target.kind == FILE:
        return read_source(target.value, options, forced_file=target.forced)
    if target.kind == URL:
        return read_source(target.value, options)
    if target.forced:
        return _source(open_archive(obj).statement(target.value).version)
    try:
        return _source(open_archive(obj).statement(target.value).version)
    except ArchiveNotFound as exc:
        raise RedlineError(f"{arg}: no such file, and no archive to look it up in ({exc})") from None
    except UnknownStatement:
        raise RedlineError(f"{arg}: no such file, and no statement {arg.partition('@')[0]!r} in the archive") from None


def load_default_pair(arg: str, obj: dict | None) -> tuple[Source, Source]:
    """``diff ID``: the version before and the latest (or the one ``ID@REV`` names) of a statement."""
    stored = open_archive(obj).statement(arg[len("id:"):] if arg.startswith("id:") else arg)
    version = stored.version
    previous = stored.previous(version)
    if previous is None:
        count = len(stored.versions)
        raise InvalidRev(
            f"{stored.id} has {'only one version' if count == 1 else f'no version before @1 ({count} in all)'}: "
            "nothing to compare it with (name two versions, or a version and a file)"
        )
    return _source(previous), _source(version)


def _parse(text: str):
    from redline.snapshots import parse_ref

    return parse_ref(text)


def _source(version) -> Source:
    return Source(version.name, version.require_document())
