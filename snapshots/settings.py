"""A statement's own extraction settings, remembered in the archive: the ``--select`` and ``--ignore``
that ``add`` was last given for it.

``add``, ``import``, ``watch`` and ``rederive`` read the statement's text
with them (on top of ``redline.toml``'s ``[sources]`` rule for the URL).
Each change is a small file of its own
(``statements/<id>/_settings/<time>.json``, never edited), so clones merge
without conflicts; the latest applies. The settings are run on pages, so
a file from a cloned archive is checked as the command line would be: the
selector must compile, and so must every pattern.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from redline.core.css_select import MAX_SELECTOR_CHARS, check_selector
from redline.core.errors import InvalidIgnorePattern, InvalidSelector
from redline.core.ignore import MAX_PATTERN_CHARS, compile_ignore
from redline.core.sources import Settings

from .ids import check_id
from .errors import InvalidId
from .records import BadRecord, check_record, optional, strings, text
from .sightings import MAX_PATTERNS, check_line, format_time, stamp, time_field, trailers


@dataclass(frozen=True)
class SettingsRecord:
    """The settings statement ``id`` was given at ``time`` (``select`` None and ``ignore`` empty: none)."""

    id: str
    time: str
    select: str | None = None
    ignore: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The file name (without ``.json``): the time, digits only."""
        return stamp(self.time)

    @property
    def settings(self) -> Settings:
        return Settings(self.select, self.ignore)

    def to_json(self) -> bytes:
        facts = {"id": self.id, "time": self.time, "select": self.select, "ignore": list(self.ignore)}
        return (json.dumps(facts, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes, where: str) -> SettingsRecord:
        """Parse and check a settings file; :class:`BadRecord` (naming ``where``) if it is malformed."""
        raw = check_record(data, where)
        ident = text(raw, "id", where)
        try:
            check_id(ident)
        except InvalidId:
            raise BadRecord(f"{where}: field 'id' is not a statement ID") from None
        record = cls(ident, time_field(raw, "time", where), optional(raw, "select", where, longest=MAX_SELECTOR_CHARS),
                     strings(raw, "ignore", where, MAX_PATTERNS, MAX_PATTERN_CHARS))
        try:
            if record.select is not None:
                check_selector(record.select)
            compile_ignore(record.ignore)
        except (InvalidSelector, InvalidIgnorePattern) as exc:
            raise BadRecord(f"{where}: {exc}") from None
        return record


def make(ident: str, moment: datetime, settings: Settings) -> SettingsRecord:
    """A record of ``settings``, each one line (:class:`InvalidField` otherwise: it would break the file's
    trailers)."""
    for value in (settings.select, *settings.ignore):
        check_line("--select or --ignore", value)
    return SettingsRecord(ident, format_time(moment), settings.select, tuple(settings.ignore))


def latest(records: list[SettingsRecord]) -> Settings:
    """The settings in force: the latest record's (none recorded: no settings)."""
    return max(records, key=lambda r: r.time).settings if records else Settings()


def commit_message(record: SettingsRecord) -> bytes:
    """Subject, then the settings as trailers."""
    return trailers(f"redline: settings of {record.id}", None, [
        ("Redline-Id", record.id), ("Redline-Select", record.select),
        *(("Redline-Ignore", pattern) for pattern in record.ignore), ("Redline-Settings", record.time),
    ])


__all__ = ["SettingsRecord", "commit_message", "latest", "make"]
