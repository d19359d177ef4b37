"""Versions from sightings, and REV resolution.

Sightings are ordered by statement date, then retrieval time; consecutive
sightings of identical bytes are one version (the run rule: a revert A, B,
A is three). Version numbers are positions in that order, so they can
shift when an older release is added later.

A version's key, label and date never change once it exists: they are its
founder's (the sighting that made it), wherever later sightings of the same
bytes sort, and only ``redline annotate`` amends label and date. A new
sighting that sorts next to a version's sightings joins that version, even
before its first one; one that the run rule puts on its own starts a new
version. docs/archive.md states the rule in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar
from dataclasses import dataclass
from datetime import date

from .annotations import Annotation
from .errors import InvalidField, InvalidRev
from .sightings import DATE as _DAY
from .sightings import KEY as _KEY
from .sightings import Sighting, format_time, parse_time

T = TypeVar("T")
_HEX = re.compile(r"[0-9a-f]{7,64}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class Version:
    """One version: its position, its bytes' hash and every sighting of them in order.

    ``founder`` is the sighting that made the version: its key is the
    version's key, its label and date the version's, for good (annotations
    aside). ``annotations`` amend label, date, source and note, oldest first.
    """

    number: int
    sha256: str
    sightings: tuple[Sighting, ...]
    commit: str | None = None
    founder: Sighting | None = None
    annotations: tuple[Annotation, ...] = ()

    @property
    def first(self) -> Sighting:
        """The earliest sighting in the order."""
        return self.sightings[0]

    @property
    def origin(self) -> Sighting:
        """The sighting that made the version (the first in order, for archives older than founders)."""
        return self.founder or self.first

    @property
    def key(self) -> str:
        return self.origin.key

    @property
    def label(self) -> str | None:
        return self._amended("label") or self.origin.label

    @property
    def date(self) -> str | None:
        return self._amended("date") or self.origin.date

    @property
    def source(self) -> str | None:
        """Amended, else the founder's, else the first other sighting's that has one."""
        return self._amended("source") or self._from_sightings("source")

    @property
    def note(self) -> str | None:
        """Amended, else the founder's, else the first other sighting's that has one."""
        return self._amended("note") or self._from_sightings("note")

    def _from_sightings(self, name: str) -> str | None:
        return getattr(self.origin, name) or next((getattr(s, name) for s in self.sightings if getattr(s, name)), None)

    def _amended(self, name: str) -> str | None:
        return next((getattr(a, name) for a in reversed(self.annotations) if getattr(a, name) is not None), None)

    def describe(self) -> str:
        """``@2 (key, label)`` for messages naming candidates."""
        extra = f", {self.label}" if self.label else ""
        return f"@{self.number} ({self.key}{extra})"


def runs(sightings: list[Sighting]) -> list[list[Sighting]]:
    """Sightings in order, cut into runs of identical bytes: the run rule (A, B, A is three versions)."""
    out: list[list[Sighting]] = []
    for sighting in sorted(sightings, key=lambda s: s.order):
        if out and out[-1][0].sha256 == sighting.sha256:
            out[-1].append(sighting)
        else:
            out.append([sighting])
    return out


def founder(run: list[Sighting]) -> Sighting:
    """The sighting whose key names this run's version.

    Each sighting records the version it founded or joined; the earliest
    founder in the run that some sighting of the run names wins. A run that
    names none of its own (an archive from before founders were recorded,
    or a run cut off from its founder by a later sighting in between) is
    founded by its first sighting.
    """
    keys = {s.key for s in run}
    named = {s.version for s in run if s.version in keys}
    return next((s for s in run if s.key in named), run[0])


def group(sightings: list[Sighting], commits: Mapping[str, str] | None = None,
          annotations: Iterable[Annotation] = ()) -> list[Version]:
    """Order sightings and fold consecutive identical bytes into versions numbered from 1."""
    commits = commits or {}
    amended: dict[str, list[Annotation]] = {}
    for annotation in sorted(annotations, key=lambda a: a.time):
        amended.setdefault(annotation.version, []).append(annotation)
    versions = []
    for number, run in enumerate(runs(sightings), 1):
        made_by = founder(run)
        versions.append(Version(number, run[0].sha256, tuple(run), commits.get(made_by.key), made_by,
                                tuple(amended.get(made_by.key, ()))))
    return versions


def resolve(ident: str, versions: list[Version], rev: str | None,
            commits: Callable[[], Mapping[str, str]]) -> Version:
    """The one version ``rev`` names: integer, ISO date, exact label, then key or commit prefix.

    ``commits`` maps sighting keys to the commits that added them; it is only
    called when ``rev`` could be a commit prefix (it walks history).
    """
    if not versions:
        raise InvalidRev(f"{ident} has no versions")
    if rev is None:
        return versions[-1]
    if re.fullmatch(r"[+-]?\d+", rev) and not _HEX.fullmatch(rev):
        return _by_number(ident, versions, int(rev))
    if _DAY.fullmatch(rev) or _MOMENT.fullmatch(rev):
        return _by_date(ident, versions, rev)
    labelled = [v for v in versions if v.label == rev or any(s.label == rev for s in v.sightings)]
    if labelled:
        return _one(ident, rev, labelled, "label")
    if _KEY.fullmatch(rev) or _HEX.fullmatch(rev.lower()):
        found = _by_hex(versions, rev if _KEY.fullmatch(rev) else rev.lower(), commits)
        if found:
            return _one(ident, rev, found, "key or commit prefix")
    raise InvalidRev(
        f"{ident}@{rev}: no such version (try a number such as 1 or -1, a date YYYY-MM-DD, "
        f"an exact label, or a key or commit prefix of 7+ hex characters; `redline log {ident}` lists them)"
    )


def _by_number(ident: str, versions: list[Version], number: int) -> Version:
    count = len(versions)
    if number == 0 or not -count <= number <= count:
        raise InvalidRev(f"{ident}@{number}: {ident} has {count} version{'s' * (count != 1)} (1..{count}, or -1..-{count})")
    return versions[number - 1 if number > 0 else number]


def _by_date(ident: str, versions: list[Version], text: str) -> Version:
    try:
        found = current(versions, text)
    except InvalidRev as exc:
        raise InvalidRev(f"{ident}@{exc}") from None
    if not found:
        when = "on that date" if _DAY.fullmatch(text) else "at that time"
        raise InvalidRev(f"{ident}@{text}: no version yet {when} (the first is dated {versions[0].first.order[0]})")
    return found[-1]


def current(versions: list[T], when: str, seen: Callable[[T], tuple[str, str]] | None = None) -> list[T]:
    """The versions that existed at ``when``: a day (``YYYY-MM-DD``: dated, or first seen, by then) or a
    moment (``YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]``, UTC if no zone: dated before its day, or on it and first
    retrieved by then). ``seen`` gives a version's (day, first retrieval) (default: a :class:`Version`'s).
    :class:`InvalidRev` if ``when`` is neither."""
    seen = seen or when_seen
    try:
        if _DAY.fullmatch(when):
            day = date.fromisoformat(when).isoformat()
            return [v for v in versions if seen(v)[0] <= day]
        moment = parse_time(when)
    except (ValueError, InvalidField):
        raise InvalidRev(f"{when}: not a valid date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS][Z])") from None
    day, stamp = moment.date().isoformat(), format_time(moment)
    return [v for v in versions if seen(v)[0] < day or (seen(v)[0] == day and seen(v)[1] <= stamp)]


def when_seen(version: Version) -> tuple[str, str]:
    return day_of(version), version.first.retrieved


def day_of(version: Version) -> str:
    """The day a version counts from: its statement date, else the day it was first seen."""
    return version.date or version.first.retrieved[:10]


def _by_hex(versions: list[Version], rev: str, commits: Callable[[], Mapping[str, str]]) -> list[Version]:
    found = [v for v in versions if any(s.key.startswith(rev) for s in v.sightings)]
    if _HEX.fullmatch(rev):
        added = commits()
        found += [v for v in versions if v not in found
                  and any(added.get(s.key, "").startswith(rev) for s in v.sightings)]
    return found


def _one(ident: str, rev: str, found: list[Version], what: str) -> Version:
    if len(found) > 1:
        names = ", ".join(v.describe() for v in found)
        raise InvalidRev(f"{ident}@{rev} is ambiguous: {len(found)} versions match this {what}: {names}")
    return found[0]
