"""A sighting: one time a statement's bytes were seen, with where and when.

Each sighting is a small JSON file of its own in the archive (never edited),
and the same facts go into the commit message as trailers for readers of
plain ``git log``. The JSON file is what redline reads; trailers are a copy.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timezone

from .errors import InvalidField

KEY_HASH_CHARS = 12
_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_FIELD_CHARS = 2000
MAX_NOTE_CHARS = 20000


@dataclass(frozen=True)
class Sighting:
    """The stored facts of one sighting (the archive's ``_sightings/<key>.json``)."""

    id: str
    key: str
    sha256: str
    size: int
    retrieved: str
    date: str | None = None
    label: str | None = None
    source: str | None = None
    note: str | None = None
    file: str | None = None
    encoding: str | None = None

    def to_json(self) -> bytes:
        """Stable bytes: same facts, same blob, so clones that record one sighting agree."""
        return (json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes) -> Sighting:
        return cls.from_dict(json.loads(data))

    @classmethod
    def from_dict(cls, raw: dict) -> Sighting:
        """Fields this version knows; fields a newer redline added are ignored."""
        return cls(**{k: v for k, v in raw.items() if k in _FIELDS})

    @property
    def order(self) -> tuple[str, str, str]:
        """Versions are ordered by statement date, then retrieval time (undated: retrieval date)."""
        return (self.date or self.retrieved[:10], self.retrieved, self.key)


_FIELDS = frozenset(f.name for f in fields(Sighting))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_key(digest: str, retrieved: datetime) -> str:
    """The stable key: content-hash prefix plus retrieval time to the second (UTC)."""
    return f"{digest[:KEY_HASH_CHARS]}-{retrieved.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, so sightings in one second keep their order."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    """An ISO 8601 retrieval time; a time without zone is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidField(f"retrieval time {text!r} is not ISO 8601 (e.g. 2025-11-23T10:15:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check_date(text: str | None) -> str | None:
    """A statement date must be ISO ``YYYY-MM-DD``."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InvalidField(f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def check_line(name: str, text: str | None) -> str | None:
    """Labels, sources and file names are one line of printable text."""
    if text is None:
        return None
    if _ONE_LINE.search(text):
        raise InvalidField(f"{name} must be one line without control characters: {text[:60]!r}")
    if not text.strip():
        raise InvalidField(f"{name} is empty")
    if len(text) > MAX_FIELD_CHARS:
        raise InvalidField(f"{name} is longer than {MAX_FIELD_CHARS} characters")
    return text.strip()


def check_note(text: str | None) -> str | None:
    """Notes may span lines but hold no other control characters."""
    if text is None:
        return None
    if _NOTE_CONTROL.search(text):
        raise InvalidField(f"note contains a control character: {text[:60]!r}")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidField(f"note is longer than {MAX_NOTE_CHARS} characters")
    return text.strip("\n") or None


def commit_message(sighting: Sighting) -> bytes:
    """Subject, the note indented (so none of its lines can pass for a trailer), then trailers."""
    subject = f"redline: add {sighting.id} {sighting.key}" + (f" ({sighting.label})" if sighting.label else "")
    parts = [subject]
    if sighting.note:
        parts.append("Note:\n" + "\n".join("    " + line for line in sighting.note.splitlines()))
    trailers = [
        ("Redline-Id", sighting.id), ("Redline-Key", sighting.key), ("Redline-Sha256", sighting.sha256),
        ("Redline-Label", sighting.label), ("Redline-Date", sighting.date),
        ("Redline-Source", sighting.source), ("Redline-Retrieved", sighting.retrieved),
    ]
    parts.append("\n".join(f"{k}: {v}" for k, v in trailers if v))
    return ("\n\n".join(parts) + "\n").encode()
