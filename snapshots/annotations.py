"""Amendments to a version's metadata after the fact (``redline annotate``).

An annotation is a small JSON file of its own
(``statements/<id>/_annotations/<version key>-<time>.json``, never edited),
so annotating only ever adds files, like every other write, and clones
merge their annotations without conflicts. Per field, the latest annotation
wins.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .errors import InvalidField
from .records import check_record, text
from .sightings import (
    KEY, check_date, check_line, check_note, date_field, format_time, line_field, note_field, stamp, time_field,
    trailers,
)

FIELDS = ("label", "date", "source", "note")


@dataclass(frozen=True)
class Annotation:
    """New values for some of a version's label, date, source and note (None: unchanged)."""

    id: str
    version: str
    time: str
    label: str | None = None
    date: str | None = None
    source: str | None = None
    note: str | None = None

    @property
    def name(self) -> str:
        """The file name: the version's key, then the time of the annotation."""
        return f"{self.version}-{stamp(self.time)}"

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes, where: str) -> Annotation:
        """Parse and check an annotation file; :class:`BadRecord` (naming ``where``) if it is malformed."""
        raw = check_record(data, where)
        return cls(
            id=text(raw, "id", where), version=text(raw, "version", where, KEY),
            time=time_field(raw, "time", where),
            label=line_field(raw, "label", where), date=date_field(raw, "date", where),
            source=line_field(raw, "source", where), note=note_field(raw, where),
        )

    def changes(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name) is not None}


def make(ident: str, version: str, moment, label: str | None = None, date: str | None = None,
         source: str | None = None, note: str | None = None) -> Annotation:
    """A checked annotation (:class:`InvalidField` for a bad value, or for no value at all)."""
    annotation = Annotation(ident, version, format_time(moment), check_line("label", label), check_date(date),
                            check_line("source", source), check_note(note))
    if not annotation.changes():
        raise InvalidField("nothing to annotate: give a label, date, source or note")
    return annotation


def commit_message(annotation: Annotation) -> bytes:
    """Subject, then the amended fields as trailers (a note indented, so it cannot pass for one)."""
    changed = ", ".join(annotation.changes())
    return trailers(f"redline: annotate {annotation.id} {annotation.version} ({changed})", annotation.note, [
        ("Redline-Id", annotation.id), ("Redline-Version", annotation.version),
        ("Redline-Label", annotation.label), ("Redline-Date", annotation.date),
        ("Redline-Source", annotation.source), ("Redline-Annotated", annotation.time),
    ])
