"""A sighting: one time a statement's bytes were seen, with where and when.

Each sighting is a small JSON file of its own in the archive (never edited),
and the same facts go into the commit message as trailers for readers of
plain ``git log``. The JSON file is what redline reads; trailers are a copy.

A sighting of a page, a PDF or a fetched URL also records how its text was
found (:class:`Extraction`: the original bytes, kept in ``_original/``, the
extractor and its settings) and, when fetched, what the server answered
(:class:`Fetch`). Both are left out of the file when absent, so a text
file's sighting is written exactly as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone

from redline.core.css_select import MAX_SELECTOR_CHARS
from redline.core.encoding import check_encoding
from redline.core.errors import DecodeError
from redline.core.extracted import KINDS
from redline.core.ignore import MAX_PATTERN_CHARS

from .errors import InvalidField, InvalidId
from .ids import check_id
from .layout import KEY
from .records import (
    CONTROL_IN_LINE, CONTROL_IN_NOTE, BadRecord, check_record, count, number, optional, strings, table, text,
)

KEY_HASH_CHARS = 12
MAX_FIELD_CHARS = 2000
MAX_NOTE_CHARS = 20000
# The grammar of what redline writes into a sighting file.
SHA256 = re.compile(r"[0-9a-f]{64}")
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A URL as the fetcher leaves it: http(s), printable ASCII (the rest percent-encoded), at most 2048 characters.
URL = re.compile(r"https?://[!-~]{1,2040}")
KIND = re.compile("|".join(KINDS))
# Content types, ETags and Last-Modified dates are tens of characters; a longer header is not kept.
MAX_HEADER_CHARS = 1000
# Extractor names, versions and codec names are short; anything longer is not what redline writes.
MAX_NAME_CHARS = 200
# More --ignore patterns than this for one statement is a mistake, not a setting.
MAX_PATTERNS = 100
# Only a 2xx answer with a body makes a sighting (a 304 means nothing new).
OK_STATUSES = (200, 299)


@dataclass(frozen=True)
class Fetch:
    """What the server answered when a sighting was fetched: the URL asked for, the final URL after
    redirects, the status, the headers a conditional GET and a re-extraction need, and the time."""

    url: str
    final_url: str
    time: str
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200

    @classmethod
    def from_dict(cls, raw: dict, where: str) -> Fetch:
        return cls(
            url=text(raw, "url", where, URL), final_url=text(raw, "final_url", where, URL),
            status=number(raw, "status", where, *OK_STATUSES), time=time_field(raw, "time", where),
            content_type=optional(raw, "content_type", where, longest=MAX_HEADER_CHARS),
            etag=optional(raw, "etag", where, longest=MAX_HEADER_CHARS),
            last_modified=optional(raw, "last_modified", where, longest=MAX_HEADER_CHARS),
        )


@dataclass(frozen=True)
class Extraction:
    """How a sighting's text was found in its original bytes (``_original/<original>``): the kind of input,
    the extractor and its version, and the settings used (``select``, ``ignore``, a forced ``encoding``)."""

    original: str
    size: int
    kind: str
    extractor: str
    version: str
    select: str | None = None
    ignore: tuple[str, ...] = ()
    encoding: str | None = None

    @classmethod
    def from_dict(cls, raw: dict, where: str) -> Extraction:
        return cls(
            original=text(raw, "original", where, SHA256), size=count(raw, "size", where),
            kind=text(raw, "kind", where, KIND), extractor=text(raw, "extractor", where, longest=MAX_NAME_CHARS),
            version=text(raw, "version", where, longest=MAX_NAME_CHARS),
            select=optional(raw, "select", where, longest=MAX_SELECTOR_CHARS),
            ignore=strings(raw, "ignore", where, MAX_PATTERNS, MAX_PATTERN_CHARS),
            encoding=encoding_field(raw, "encoding", where),
        )


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
    extraction: Extraction | None = None
    fetch: Fetch | None = None

    def to_json(self) -> bytes:
        """Stable bytes: same facts, same blob, so clones that record one sighting agree. ``extraction`` and
        ``fetch`` are left out when absent (a text file's sighting reads as redline always wrote it)."""
        facts = {name: value for name, value in asdict(self).items()
                 if value is not None or name not in _RECORDS}
        return (json.dumps(facts, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

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
        return cls(
            id=ident, key=text(raw, "key", where, KEY), sha256=text(raw, "sha256", where, SHA256),
            size=count(raw, "size", where), retrieved=time_field(raw, "retrieved", where),
            date=date_field(raw, "date", where),
            label=line_field(raw, "label", where), source=line_field(raw, "source", where),
            note=note_field(raw, where), file=line_field(raw, "file", where),
            encoding=encoding_field(raw, "encoding", where), version=optional(raw, "version", where, KEY),
            extraction=_record(Extraction, raw, "extraction", where), fetch=_record(Fetch, raw, "fetch", where),
        )

    @property
    def original(self) -> str | None:
        """The SHA-256 of the original bytes the text was extracted from (None: a text file kept as it is)."""
        return self.extraction.original if self.extraction else None

    @property
    def order(self) -> tuple[str, str, str]:
        """Versions are ordered by statement date, then retrieval time (undated: retrieval date)."""
        return (self.date or self.retrieved[:10], self.retrieved, self.key)


_RECORDS = ("extraction", "fetch")


def _record(kind: type, raw: dict, name: str, where: str):
    """The nested record ``name`` (:class:`Extraction`, :class:`Fetch`), checked field by field; None if absent."""
    found = table(raw, name, where)
    return kind.from_dict(found, f"{where}: {name}") if found is not None else None


def sha256(data: bytes) -> str:
    import hashlib  # here: loading OpenSSL costs milliseconds that reading a file for a diff never needs

    return hashlib.sha256(data).hexdigest()


def make_key(digest: str, retrieved: datetime) -> str:
    """The stable key: content-hash prefix plus retrieval time to the second (UTC)."""
    return f"{digest[:KEY_HASH_CHARS]}-{retrieved.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, so sightings in one second keep their order."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def stamp(time: str) -> str:
    """A time as :func:`format_time` writes it, digits only (``20251123T183000000000Z``): for file names."""
    return time.replace("-", "").replace(":", "").replace(".", "")


def first_encodings(sightings: Iterable[Sighting]) -> dict[str, str | None]:
    """The encoding each content's first sighting names (``sightings`` oldest first): its text was
    decoded so when it was added, and a later sighting of the same bytes does not change that."""
    encodings: dict[str, str | None] = {}
    for sighting in sightings:
        encodings.setdefault(sighting.sha256, sighting.encoding)
    return encodings


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


def time_field(raw: dict, name: str, where: str) -> str:
    """A required time field of a record: as :func:`format_time` writes it, and a real moment
    (:func:`parse_time`; not ``2025-13-45T99:99:99.000000Z``)."""
    return _meant(text(raw, name, where, TIME), parse_time, InvalidField, f"{where}: field {name!r} is not a valid time")


def date_field(raw: dict, name: str, where: str) -> str | None:
    """An optional date field of a record: ``YYYY-MM-DD``, and a real day (:func:`check_date`; not ``2025-02-30``)."""
    return _meant(optional(raw, name, where, DATE), check_date, InvalidField,
                  f"{where}: field {name!r} is not a valid date")


def encoding_field(raw: dict, name: str, where: str) -> str | None:
    """An optional encoding field of a record: a codec that ``--encoding`` would take
    (:func:`redline.core.encoding.check_encoding`), so that the text it decodes can be read."""
    return _meant(optional(raw, name, where, longest=MAX_NAME_CHARS), check_encoding, DecodeError,
                  f"{where}: field {name!r} is not a text encoding redline decodes with")


def _meant(value: str | None, check: Callable[[str], object], refused: type[Exception], problem: str) -> str | None:
    """``value`` (None passes) if ``check`` takes it, else :class:`BadRecord` saying ``problem``: a field
    of the right grammar may still name no real moment, day or codec."""
    if value is not None:
        try:
            check(value)
        except refused:
            raise BadRecord(problem) from None
    return value


def line_field(raw: dict, name: str, where: str) -> str | None:
    """A record's label, source or file name, held to what :func:`check_line` lets redline write."""
    return optional(raw, name, where, longest=MAX_FIELD_CHARS)


def note_field(raw: dict, where: str) -> str | None:
    """A record's note, held to what :func:`check_note` lets redline write."""
    return optional(raw, "note", where, note=True, longest=MAX_NOTE_CHARS)


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
    return trailers(subject, sighting.note, _fields(sighting))


def batch_message(subject: str, sightings: list[Sighting]) -> bytes:
    """One commit recording several sightings (``watch``): the subject, each note indented under the sighting
    it belongs to, then each sighting's trailers in turn, ``Redline-Id`` first, so that the n-th
    ``Redline-Id`` and the n-th ``Redline-Key`` name one sighting."""
    notes = [(f"{s.id} {s.key}", s.note) for s in sightings if s.note]
    return _message(subject, notes, [field for s in sightings for field in _fields(s)])


def _fields(sighting: Sighting) -> list[tuple[str, str | None]]:
    return [
        ("Redline-Id", sighting.id), ("Redline-Key", sighting.key), ("Redline-Sha256", sighting.sha256),
        ("Redline-Label", sighting.label), ("Redline-Date", sighting.date),
        ("Redline-Source", sighting.source), ("Redline-Retrieved", sighting.retrieved),
        ("Redline-Version", sighting.version if sighting.version != sighting.key else None),
    ]


def trailers(subject: str, note: str | None, fields: list[tuple[str, str | None]]) -> bytes:
    """A commit message: subject, the note indented (so none of its lines can pass for a trailer),
    then ``Key: value`` trailers for the fields that are set."""
    return _message(subject, [("", note)] if note else [], fields)


def _message(subject: str, notes: list[tuple[str, str]], fields: list[tuple[str, str | None]]) -> bytes:
    parts = [subject]
    for whose, note in notes:
        heading = f"Note on {whose}:" if whose else "Note:"
        parts.append(heading + "\n" + "\n".join("    " + line for line in note.splitlines()))
    parts.append("\n".join(f"{k}: {v}" for k, v in fields if v))
    return ("\n\n".join(parts) + "\n").encode()
