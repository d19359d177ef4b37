"""What a command-line argument names: a file, a URL, or an archived version; and reading it.

An ``http://`` or ``https://`` argument is a URL; one of another scheme
(``ftp://``, ``file://``) is refused. Otherwise an existing path (or ``-``)
wins, except a statement's own folder in a checked-out archive (it holds
``_sightings/``), which names that statement: its path under the
checkout's ``statements/`` folder, however the folder is written
(``remarks``, ``./gov/flood/``, ``.`` from inside it). ``file:PATH``
forces a file and ``id:ID[@REV]`` an archive reference; anything else that
is not a path but reads as ``ID[@REV]`` is looked up in the archive
(``--archive``, ``REDLINE_ARCHIVE``, or the current directory and its
parents); a statement's folder is refused when that is another archive
than the checkout holding it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from redline.core.errors import RedlineError
from redline.core.urls import has_scheme
from redline.snapshots.errors import ArchiveNotFound, InvalidId, InvalidRev, UnknownStatement
from redline.snapshots.ids import check_id
from redline.snapshots.layout import MARKER, SIGHTINGS, STATEMENTS

from .inputs import ReadOptions, Source, read_source

FILE, URL, REF = "file", "url", "ref"


@dataclass(frozen=True)
class Target:
    """A file path, a URL or an ``ID[@REV]`` reference; ``forced`` when a ``file:``/``id:`` prefix said so;
    ``checkout``, for a statement's folder, the checked-out archive that holds it."""

    kind: str
    value: str
    forced: bool = False
    checkout: Path | None = None


def is_url(arg: str) -> bool:
    """Whether ``arg`` is meant as a web address (``http://`` or ``https://``, any case)."""
    return arg[:8].lower().startswith(("http://", "https://"))


def refuse_other_schemes(arg: str) -> None:
    """Refuse an address of another scheme (``ftp://``, ``file://``) that names no existing path."""
    if has_scheme(arg) and not is_url(arg) and not os.path.exists(arg):
        raise RedlineError(f"{arg}: only http:// and https:// addresses can be read (a local file: give its path)")


def classify(arg: str) -> Target:
    """Whether ``arg`` names a file, a URL or an archived statement (see the module docstring)."""
    if is_url(arg):
        return Target(URL, arg)
    refuse_other_schemes(arg)
    for prefix, kind in (("file:", FILE), ("id:", REF)):
        if arg.startswith(prefix):
            return Target(kind, arg[len(prefix):], True)
    if os.path.isdir(os.path.join(arg, SIGHTINGS)):
        found = _checked_out(arg)
        if found is not None:
            return Target(REF, found[0], checkout=found[1])
    elif arg == "-" or os.path.exists(arg):
        return Target(FILE, arg)
    try:
        _parse(arg)
    except (InvalidId, InvalidRev):
        return Target(FILE, arg)  # reading it says "no such file" (or checks the folder's files)
    return Target(REF, arg)


def _checked_out(folder: str) -> tuple[str, Path] | None:
    """The ID of a statement's folder in a checked-out archive (its path under the checkout's own
    ``statements/``, the checkout being the work tree that holds it, with ``redline.json`` at its top), and
    that checkout; None outside one."""
    here = Path(folder).resolve()
    root = next((p for p in here.parents if (p / ".git").exists()), None)
    if root is None or not (root / MARKER).is_file() or not here.is_relative_to(root / STATEMENTS):
        return None
    try:
        return check_id(here.relative_to(root / STATEMENTS).as_posix()), root
    except InvalidId:
        return None


def same_archive(target: Target, archive) -> None:
    """Refuse a statement's folder in one checkout when another archive is read (``--archive``,
    ``REDLINE_ARCHIVE``): its ID there may name other text."""
    if target.checkout is not None and Path(archive.path).resolve() != target.checkout:
        raise RedlineError(f"{target.value}: that folder is in the checkout at {target.checkout}, but the archive "
                           f"read is {archive.path} (--archive or REDLINE_ARCHIVE); give the statement's ID instead")


def not_found(arg: str, archive_error: ArchiveNotFound | None = None) -> str:
    """Why ``arg``, neither a file nor a statement, could not be read."""
    if archive_error is not None:
        return f"{arg}: no such file, and no archive to look it up in ({archive_error})"
    return f"{arg}: no such file, and no statement {arg.partition('@')[0]!r} in the archive (`redline list` shows them)"


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
    return _source(_stored(target, obj).version)


def _stored(target: Target, obj: dict | None):
    """The archived statement ``target`` names; an argument not forced by ``id:`` may have meant a file."""
    if target.forced:
        return open_archive(obj).statement(target.value)
    try:
        archive = open_archive(obj)
        same_archive(target, archive)
        return archive.statement(target.value)
    except ArchiveNotFound as exc:
        raise RedlineError(not_found(target.value, exc)) from None
    except UnknownStatement:
        raise RedlineError(not_found(target.value)) from None


def load_default_pair(arg: str, obj: dict | None) -> tuple[Source, Source]:
    """``diff ID``: the version before and the latest (or the one ``ID@REV`` names) of a statement."""
    target = classify(arg)
    if target.kind != REF:
        raise RedlineError(f"{arg}: a file or URL needs a second file, URL or version to compare with "
                           "(redline diff OLD NEW)")
    stored = _stored(target, obj)
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
    return Source(version.name, version.require_document(), facts=version.facts())
