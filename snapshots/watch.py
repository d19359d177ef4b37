"""``redline watch``: fetch watched statements again and record the ones whose text changed, in one commit.

A statement is watched when one of its sightings was fetched: its latest
fetched sighting gives the URL (the one asked for; redirects are followed
anew), the ETag and Last-Modified for a conditional GET, and the forced
encoding, if any. The page is read as ``add`` reads it (:mod:`.capture`,
with the statement's own settings and ``redline.toml``'s ``[sources]``),
and a new version is recorded only when the text differs from what that
sighting recorded. Every new version of a run goes into ONE commit
(:meth:`Archive.add_all`); a run where nothing changed makes no commit and
records nothing. A source that fails is listed and the others still
recorded.

URLs read from an archive are untrusted: fetched only from public
addresses unless the caller allows private ones (:func:`fetch.check_public`).

The conditional GET is sent only when today's extractor and settings are
those the sighting recorded: after an upgrade or a settings change the page
is fetched in full, so the next run records what it reads as now.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from redline.core import Comparison, diff
from redline.core.errors import RedlineError
from redline.core.sources import Settings, SourceRules
from redline.core.urls import split_url

from . import capture
from .cache import save_json
from .errors import ArchiveError, UnknownStatement
from .fetch import Fetcher
from .ids import check_id
from .settings import latest as latest_settings
from .sightings import TIME, Sighting, format_time, parse_time, sha256

if TYPE_CHECKING:
    from .archive import AddResult, Archive

# Hosts fetched at once; each host still gets one request at a time (the fetcher's lock) and its delay.
WORKERS = 4
# How often a statement is checked with ``by_age``, by how long ago its text last changed (NewsDiffs' tiers):
# re-releases come soon after a first release, and a statement left alone for a month rarely changes again.
TIERS: tuple[tuple[timedelta | None, timedelta], ...] = (
    (timedelta(hours=3), timedelta(minutes=15)),
    (timedelta(days=1), timedelta(minutes=30)),
    (timedelta(days=7), timedelta(hours=2)),
    (timedelta(days=30), timedelta(days=1)),
    (None, timedelta(days=7)),
)
# Scheduled runs start a little early or late: a check this share of its interval early still counts as due.
SLACK = 0.1
LOG_NAME = "redline-watch.json"


@dataclass(frozen=True)
class Watched:
    """A statement to fetch again: its latest fetched sighting, its own settings, when its text last changed."""

    id: str
    latest: Sighting
    own: Settings
    changed_at: str

    @property
    def url(self) -> str:
        return self.latest.fetch.url

    @property
    def host(self) -> str:
        parts = split_url(self.url)
        return parts.netloc if parts else self.url  # a malformed URL fails on its own turn


@dataclass(frozen=True)
class Changed:
    """A statement whose text changed: what ``add`` recorded, and the change from the version the page
    showed before (None when either cannot be read)."""

    id: str
    url: str
    result: AddResult
    change: Comparison | None


@dataclass(frozen=True)
class Failed:
    """A statement that could not be checked, with its URL and the reason (one line)."""

    id: str
    url: str
    error: str


@dataclass
class WatchResult:
    """One run: the statements checked (``changed`` + ``unchanged`` + ``failed``), those not due yet
    (``by_age``), and the one commit holding the new versions (None: nothing changed)."""

    changed: list[Changed] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    not_due: list[str] = field(default_factory=list)
    commit: str | None = None

    @property
    def checked(self) -> int:
        return len(self.changed) + len(self.unchanged) + len(self.failed)


@dataclass(frozen=True)
class _Read:
    """What fetching one statement gave: nothing new (``capture`` None), a new text, or a failure."""

    watched: Watched
    capture: capture.Capture | None = None
    error: str | None = None


def watched(archive: Archive, ids: Iterable[str] = ()) -> list[Watched]:
    """The statements to fetch: those named (each must have a fetched sighting), else every statement that has one."""
    named = list(dict.fromkeys(ids))
    for ident in named:
        check_id(ident)
    store = archive.store
    tip = store.tip()
    files = store.files(tip) if not named else {i: f for i in named for i, f in store.files(tip, i).items()}
    missing = [i for i in named if i not in files or not files[i].sightings]
    if missing:
        raise UnknownStatement(f"no statement {missing[0]!r} in the archive (`redline list` shows them)")
    versions = store.versions(files)
    found = []
    for ident in sorted(files):
        fetched = [s for v in versions.get(ident, []) for s in v.sightings if s.fetch is not None]
        if not fetched:
            if ident in named:
                raise ArchiveError(f"{ident} has no sighting fetched from a URL, so nothing to watch "
                                   "(`redline add ID URL` records one)")
            continue
        latest = max(fetched, key=lambda s: (s.retrieved, s.key))
        changed_at = max(v.origin.retrieved for v in versions[ident])
        found.append(Watched(ident, latest, latest_settings(store.settings(ident, files[ident])), changed_at))
    return found


def watch(archive: Archive, targets: list[Watched], fetcher: Fetcher, *, rules: SourceRules | None = None,
          public_only: bool = True, progress: Callable[[str], None] | None = None) -> WatchResult:
    """Fetch every target (hosts in parallel, each politely), record the changed ones in one commit."""
    result = WatchResult()
    reads = _fetch_all(targets, fetcher, rules, public_only, progress)
    additions = []
    for read in reads:
        if read.error is not None:
            result.failed.append(Failed(read.watched.id, read.watched.url, read.error))
        elif read.capture is None:
            result.unchanged.append(read.watched.id)
        else:
            try:
                additions.append((read, _addition(archive, read.watched, read.capture)))
            except RedlineError as exc:
                result.failed.append(Failed(read.watched.id, read.watched.url, str(exc)))
    added = archive.add_all([a for _, a in additions], f"redline: watch: {len(additions)} changed") if additions else []
    for (read, _), outcome in zip(additions, added):
        if outcome.commit is None:
            result.unchanged.append(read.watched.id)  # the text of the latest version again: nothing new
            continue
        result.commit = outcome.commit
        result.changed.append(Changed(read.watched.id, read.watched.url, outcome,
                                      _change(archive, outcome, read.watched.latest)))
    result.changed.sort(key=lambda c: c.id)
    result.unchanged.sort()
    result.failed.sort(key=lambda f: f.id)
    return result


def _fetch_all(targets: list[Watched], fetcher: Fetcher, rules: SourceRules | None, public_only: bool,
               progress: Callable[[str], None] | None) -> list[_Read]:
    """Every target fetched and read, hosts taking turns (so one slow host does not hold the others back)."""
    by_host: dict[str, list[Watched]] = {}
    for target in targets:
        by_host.setdefault(target.host, []).append(target)
    queues = list(by_host.values())
    ordered = [queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)]

    def one(target: Watched) -> _Read:
        try:
            return _read(target, fetcher, rules, public_only)
        except RedlineError as exc:
            return _Read(target, error=str(exc))
        finally:
            if progress is not None:
                progress(target.id)

    with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(by_host)))) as pool:
        return list(pool.map(one, ordered))


def _read(target: Watched, fetcher: Fetcher, rules: SourceRules | None, public_only: bool) -> _Read:
    """Fetch one target; a capture only when its text differs from what the latest sighting recorded."""
    latest = target.latest
    same_reading = capture.current(latest.extraction, latest.fetch, target.own, rules) if latest.extraction else False
    conditional = {"etag": latest.fetch.etag, "last_modified": latest.fetch.last_modified} if same_reading else {}
    fetched = fetcher.fetch(target.url, public_only=public_only, **conditional)
    if fetched.not_modified or (same_reading and sha256(fetched.body) == latest.original):
        return _Read(target)
    encoding = latest.extraction.encoding if latest.extraction else None
    found = capture.read(fetched.body, target.url, own=target.own, rules=rules, fetch=capture.record(fetched),
                         encoding=encoding, strict=False)
    return _Read(target) if sha256(found.stored) == latest.sha256 else _Read(target, found)


def _addition(archive: Archive, target: Watched, found: capture.Capture):
    """The new sighting of a changed page, as ``add URL`` would record it."""
    return archive.prepare(target.id, found.stored, source=target.latest.source or target.url,
                           retrieved=parse_time(found.fetch.time), original=found.original())


def _change(archive: Archive, outcome: AddResult, seen: Sighting) -> Comparison | None:
    """The engine's diff of the new version against the one the page showed before (``seen``, its latest
    sighting), even when the new version's date sorts it first; None when neither is readable."""
    stored = archive.statement(outcome.id)
    version = stored.by_key(outcome.version.key)
    previous = next((v for v in stored.versions if any(s.key == seen.key for s in v.sightings)), None)
    if previous is None or previous.document is None or version.document is None:
        return None
    return diff(previous.document, version.document, previous.name, version.name)


# -- checking recent statements more often ------------------------------------------------------
def interval(changed_at: str, now: datetime) -> timedelta:
    """How often a statement whose text last changed at ``changed_at`` is checked (:data:`TIERS`)."""
    age = now - parse_time(changed_at)
    return next(every for within, every in TIERS if within is None or age < within)


def due(target: Watched, last_checked: str | None, now: datetime) -> bool:
    """Whether ``target`` is due for a check with tiers by age (never checked: due)."""
    if last_checked is None:
        return True
    return now - parse_time(last_checked) >= interval(target.changed_at, now) * (1 - SLACK)


def _is_time(value) -> bool:
    """``value`` is a time as :func:`format_time` writes it, and a real one."""
    if not (isinstance(value, str) and TIME.fullmatch(value)):
        return False
    try:
        parse_time(value)
    except RedlineError:
        return False
    return True


class CheckLog:
    """When each statement was last checked, for tiers by age: ``redline-watch.json`` in the git directory.

    Never committed (a run that changes nothing writes no commit); without it every statement is due. A
    file that cannot be read is ignored, and one that cannot be written only makes the next run check more.
    """

    def __init__(self, git_dir: Path) -> None:
        self.path = Path(git_dir) / LOG_NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = None
        checked = data.get("checked") if isinstance(data, dict) else None
        self.checked = {k: v for k, v in checked.items() if isinstance(k, str) and _is_time(v)} \
            if isinstance(checked, dict) else {}

    def split(self, targets: list[Watched], now: datetime) -> tuple[list[Watched], list[str]]:
        """The targets due now, and the IDs of those that are not."""
        due_now = [t for t in targets if due(t, self.checked.get(t.id), now)]
        waiting = sorted({t.id for t in targets} - {t.id for t in due_now})
        return due_now, waiting

    def record(self, ids: Iterable[str], now: datetime) -> None:
        """Remember that ``ids`` were checked at ``now`` (failed checks are not recorded: they stay due)."""
        self.checked.update({ident: format_time(now) for ident in ids})
        save_json(self.path, {"format": 1, "checked": self.checked})


# -- running again and again ---------------------------------------------------------------------
def every(period: float, job: Callable[[], object], *, runs: int | None = None,
          sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
    """Run ``job`` every ``period`` seconds (from the start of one run to the next; a run longer than the
    period is followed at once), ``runs`` times or for ever; the last run's result."""
    done, last = 0, None
    while runs is None or done < runs:
        started = clock()
        last = job()
        done += 1
        if runs is not None and done >= runs:
            break
        sleep(max(0.0, started + period - clock()))
    return last


__all__ = [
    "Changed", "CheckLog", "Failed", "TIERS", "WatchResult", "Watched", "due", "every", "interval", "watch",
    "watched",
]
