"""``rederive``'s report on extraction: the text each version's original bytes give today.

When the extractor or a statement's settings change (a new redline, an
edited ``[sources]`` rule, new ``--select``/``--ignore``), reading a
stored page again can give another text. Nothing stored changes because
of it: a version's key holds the hash of the text it recorded, for good.
This module only reports, per statement, the versions whose original
bytes now extract to another text, and versions that now extract to one
and the same text. The next ``watch`` fetches those pages in full (no
conditional GET once the extraction changed) and records what is current.

Sightings whose extractor and settings are those of today are not read
again: extraction is deterministic, so their text is the one they recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.core import encoding
from redline.core.errors import RedlineError
from redline.core.sources import Settings, SourceRules

from . import capture, layout
from .settings import latest as latest_settings
from .sightings import Sighting, sha256
from .store import StatementFiles, Store
from .versions import Version, group


@dataclass(frozen=True)
class Drift:
    """A ``version`` of statement ``id`` whose original bytes now extract to the text ``sha256``."""

    id: str
    version: Version
    sha256: str


@dataclass(frozen=True)
class Converged:
    """Versions of statement ``id`` (by key) that hold different texts and now extract to one, ``sha256``."""

    id: str
    keys: tuple[str, ...]
    sha256: str


@dataclass(frozen=True)
class Unreadable:
    """A sighting whose original bytes cannot be read again (missing, or refused by the extractor)."""

    id: str
    key: str
    error: str


@dataclass
class ExtractionReport:
    """What re-extracting found: how many originals were read again, and what changed."""

    checked: int = 0
    drifted: list[Drift] = field(default_factory=list)
    converged: list[Converged] = field(default_factory=list)
    failed: list[Unreadable] = field(default_factory=list)


def reextract(store: Store, ident: str, files: StatementFiles, rules: SourceRules | None,
              report: ExtractionReport) -> None:
    """Add what statement ``ident``'s originals extract to today (with its own settings and ``rules``) to ``report``."""
    own = latest_settings(store.settings(ident, files))
    versions = group(store.sightings(ident, files), annotations=store.annotations(ident, files))
    stale = [(v, s) for v in versions for s in v.sightings
             if s.extraction is not None and not capture.current(s.extraction, s.fetch, own, rules)]
    wanted = sorted({s.original for _, s in stale if s.original in files.originals})
    originals = dict(zip(wanted, store.git.cat_within([files.originals[d] for d in wanted], encoding.MAX_BYTES)))
    now: dict[tuple, str] = {}  # (original, settings that matter) -> the text's hash today
    texts: dict[str, set[str]] = {}  # version key -> the hashes its sightings' originals extract to today
    for version, sighting in stale:
        size, data = originals.get(sighting.original, (None, None))
        if data is None:
            why = f"are missing from {layout.ORIGINALS}/" if size is None else f"are {size:,} bytes, more than redline reads"
            report.failed.append(Unreadable(ident, sighting.key, f"its original bytes ({sighting.original[:12]}) {why}"))
            continue
        found = _text_now(ident, sighting, data, own, rules, now, report)
        if found is not None:
            texts.setdefault(version.key, set()).add(found)
    _judge(ident, versions, texts, report)


def _text_now(ident: str, sighting: Sighting, data: bytes, own: Settings, rules: SourceRules | None,
              now: dict[tuple, str], report: ExtractionReport) -> str | None:
    """The hash of what ``sighting``'s original extracts to today (each original and setting read once)."""
    settings = capture.settings_for(sighting.extraction, sighting.fetch, own, rules)
    content_type = sighting.fetch.content_type if sighting.fetch else None
    url = sighting.fetch.final_url if sighting.fetch else None
    memo = (sighting.original, settings, content_type, url, sighting.extraction.encoding)
    if memo not in now:
        try:
            found = capture.read(data, layout.original_path(ident, sighting.original), own=own, rules=rules,
                                 fetch=sighting.fetch, encoding=sighting.extraction.encoding, strict=False)
        except RedlineError as exc:
            report.failed.append(Unreadable(ident, sighting.key, str(exc)))
            return None
        report.checked += 1
        now[memo] = sha256(found.stored)
    return now[memo]


def _judge(ident: str, versions: list[Version], texts: dict[str, set[str]], report: ExtractionReport) -> None:
    """Versions whose text today differs from theirs, and versions of different texts that now share one."""
    by_text: dict[str, list[Version]] = {}
    for version in versions:
        today = texts.get(version.key, {version.sha256})
        for digest in sorted(today - {version.sha256}):
            report.drifted.append(Drift(ident, version, digest))
        for digest in today:
            by_text.setdefault(digest, []).append(version)
    for digest, sharing in sorted(by_text.items()):
        if len({v.sha256 for v in sharing}) > 1:
            report.converged.append(Converged(ident, tuple(v.key for v in sharing), digest))


__all__ = ["Converged", "Drift", "ExtractionReport", "Unreadable", "reextract"]
