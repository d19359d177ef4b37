"""Versions from sightings, and REV resolution.

Sightings are ordered by statement date, then retrieval time; consecutive
sightings of identical bytes are one version; a revert (A, B, A) is three.
Version numbers are positions in that order, so they can shift when an
older release is added later; stable keys never do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from .errors import InvalidRev

from .sightings import Sighting

_HEX = re.compile(r"[0-9a-f]{7,64}")
_KEY = re.compile(r"[0-9a-f]{12}-\d{8}T\d{6}Z")


@dataclass(frozen=True)
class Version:
    """One version: its position, its bytes' hash and every sighting of them, oldest first."""

    number: int
    sha256: str
    sightings: tuple[Sighting, ...]
    commit: str | None = None

    @property
    def first(self) -> Sighting:
        return self.sightings[0]

    @property
    def key(self) -> str:
        return self.first.key

    @property
    def label(self) -> str | None:
        return self.first.label

    @property
    def date(self) -> str | None:
        return self.first.date

    @property
    def source(self) -> str | None:
        return self.first.source

    def describe(self) -> str:
        """``@2 (key, label)`` for messages naming candidates."""
        extra = f", {self.label}" if self.label else ""
        return f"@{self.number} ({self.key}{extra})"


def group(sightings: list[Sighting], commits: Mapping[str, str] | None = None) -> list[Version]:
    """Order sightings and fold consecutive identical bytes into versions numbered from 1."""
    commits = commits or {}
    versions: list[Version] = []
    runs: list[list[Sighting]] = []
    for sighting in sorted(sightings, key=lambda s: s.order):
        if runs and runs[-1][0].sha256 == sighting.sha256:
            runs[-1].append(sighting)
        else:
            runs.append([sighting])
    for number, run in enumerate(runs, 1):
        versions.append(Version(number, run[0].sha256, tuple(run), commits.get(run[0].key)))
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
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", rev):
        return _by_date(ident, versions, rev)
    labelled = [v for v in versions if any(s.label == rev for s in v.sightings)]
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
        date.fromisoformat(text)
    except ValueError:
        raise InvalidRev(f"{ident}@{text}: not a valid date") from None
    current = [v for v in versions if (v.date or v.first.retrieved[:10]) <= text]
    if not current:
        raise InvalidRev(f"{ident}@{text}: no version yet on that date (the first is dated {versions[0].first.order[0]})")
    return current[-1]


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
