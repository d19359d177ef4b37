"""A sighting: one time a statement's bytes were seen, with where and when.

Each sighting is a small JSON file of its own in the archive (never edited),
and the same facts go into the commit message as trailers for readers of
plain ``git log``. The JSON file is what redline reads; trailers are a copy.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone

from .errors import InvalidField, InvalidId
from .ids import check_id
from .layout import KEY
from .records import CONTROL_IN_LINE, CONTROL_IN_NOTE, BadRecord, check_record, count, optional, text

KEY_HASH_CHARS = 12
MAX_FIELD_CHARS = 2000
MAX_NOTE_CHARS = 20000
# The grammar of what redline writes into a sighting file.
SHA256 = re.compile(r"[0-9a-f]{64}")
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    version: str | None = None

    def to_json(self) -> bytes:
        """Stable bytes: same facts, same blob, so clones that record one sighting agree."""
        return (json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes, where: str = "sighting") -> Sighting:
        return cls.from_dict(check_record(data, where), where)

    @classmethod
    def from_dict(cls, raw: dict, where: str = "sighting") -> Sighting:
        """Check every field this version knows against what redline writes (:class:`BadRecord` if one
        fails); fields a newer redline added are ignored."""
        ident = text(raw, "id", where)
        try:
            check_id(ident)
        except InvalidId:
            raise BadRecord(f"{where}: field 'id' is not a statement ID") from None
        date = optional(raw, "date", where, DATE)
        if date is not None:
            try:
                check_date(date)
            except InvalidField:
                raise BadRecord(f"{where}: field 'date' is not a valid date") from None
        return cls(
            id=ident, key=text(raw, "key", where, KEY), sha256=text(raw, "sha256", where, SHA256),
            size=count(raw, "size", where), retrieved=text(raw, "retrieved", where, TIME), date=date,
            label=optional(raw, "label", where), source=optional(raw, "source", where),
            note=optional(raw, "note", where, note=True), file=optional(raw, "file", where),
            encoding=optional(raw, "encoding", where), version=optional(raw, "version", where, KEY),
        )

    @property
    def order(self) -> tuple[str, str, str]:
        """Versions are ordered by statement date, then retrieval time (undated: retrieval date)."""
        return (self.date or self.retrieved[:10], self.retrieved, self.key)


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
    try:
        return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    except (OverflowError, ValueError):
        raise InvalidField(f"retrieval time {text!r} is out of range in UTC") from None


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
    if CONTROL_IN_LINE.search(text):
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
    if CONTROL_IN_NOTE.search(text):
        raise InvalidField(f"note contains a control character: {text[:60]!r}")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidField(f"note is longer than {MAX_NOTE_CHARS} characters")
    return text.strip("\n") or None


def commit_message(sighting: Sighting) -> bytes:
    """Subject, the note indented, then trailers."""
    subject = f"redline: add {sighting.id} {sighting.key}" + (f" ({sighting.label})" if sighting.label else "")
    return trailers(subject, sighting.note, [
        ("Redline-Id", sighting.id), ("Redline-Key", sighting.key), ("Redline-Sha256", sighting.sha256),
        ("Redline-Label", sighting.label), ("Redline-Date", sighting.date),
        ("Redline-Source", sighting.source), ("Redline-Retrieved", sighting.retrieved),
        ("Redline-Version", sighting.version if sighting.version != sighting.key else None),
    ])


def trailers(subject: str, note: str | None, fields: list[tuple[str, str | None]]) -> bytes:
    """A commit message: subject, the note indented (so none of its lines can pass for a trailer),
    then ``Key: value`` trailers for the fields that are set."""
    parts = [subject]
    if note:
        parts.append("Note:\n" + "\n".join("    " + line for line in note.splitlines()))
    parts.append("\n".join(f"{k}: {v}" for k, v in fields if v))
    return ("\n\n".join(parts) + "\n").encode()
