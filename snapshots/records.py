"""The small JSON records an archive holds (sightings, annotations), read as untrusted input.

An archive that came through ``clone`` or ``sync`` may hold anything: every
field is checked against its grammar and type before redline uses it (keys
become page names, ids become paths). A record that fails is a
:class:`BadRecord`: ``verify`` reports it, every other command skips it with
one warning naming the file (:func:`warn`, collected by the CLI with
:func:`drain`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ArchiveError

MAX_RECORD_BYTES = 256 * 1024
# No count in a record is larger (sizes are bytes of text redline reads).
MAX_COUNT = 2**53
# Control characters, and lone surrogates (JSON's "\\ud800" is no text a terminal or a file can hold).
CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

_warnings: dict[str, str] = {}


class BadRecord(ArchiveError):
    """A sighting or annotation file that is not what redline writes."""


def warn(problem: BadRecord, outcome: str = "skipped") -> None:
    """Remember a record that could not be used, once per file, with what was done instead (``outcome``)."""
    where, _, what = str(problem).partition(": ")
    _warnings.setdefault(where, f"{what}; {outcome}")


def drain() -> list[str]:
    """The records not used since the last call, as ``path: what is wrong; what was done instead``."""
    found = [f"{where}: {what}" for where, what in _warnings.items()]
    _warnings.clear()
    return found


def restore(found: list[str]) -> None:
    """Take back warnings drained elsewhere (a worker process)."""
    for line in found:
        where, _, what = line.partition(": ")
        _warnings.setdefault(where, what)


@contextmanager
def held() -> Iterator[list[str]]:
    """The warnings raised inside the block, in the list it yields, kept apart from the command's own
    (the index records them, and re-raises them for the statements a query covers)."""
    earlier = drain()
    found: list[str] = []
    try:
        yield found
    finally:
        found.extend(drain())
        restore(earlier)


def oversized(where: str, size: int) -> BadRecord:
    """The error for a record file of ``size`` bytes, past :data:`MAX_RECORD_BYTES` (readers leave it unread)."""
    return BadRecord(f"{where}: {size} bytes, more than a record redline writes")


def check_record(data: bytes, where: str) -> dict:
    """The JSON object in ``data``; :class:`BadRecord` for anything else."""
    if len(data) > MAX_RECORD_BYTES:
        raise oversized(where, len(data))
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        raise BadRecord(f"{where}: not valid JSON") from None
    if not isinstance(raw, dict):
        raise BadRecord(f"{where}: not a JSON object")
    return raw


def text(raw: dict, name: str, where: str, grammar: re.Pattern | None = None, longest: int | None = None) -> str:
    """A required one-line string field, matching ``grammar`` when given."""
    value = optional(raw, name, where, grammar, longest=longest)
    if value is None:
        raise BadRecord(f"{where}: field {name!r} is missing")
    return value


def optional(raw: dict, name: str, where: str, grammar: re.Pattern | None = None, note: bool = False,
             longest: int | None = None) -> str | None:
    """An optional string field: one line without control characters (a note may span lines), at most
    ``longest`` characters when given."""
    return _string(raw.get(name), name, where, grammar, note, longest)


def _string(value: object, name: str, where: str, grammar: re.Pattern | None = None, note: bool = False,
            longest: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f"{where}: field {name!r} is not a string")
    if (CONTROL_IN_NOTE if note else CONTROL_IN_LINE).search(value):
        raise BadRecord(f"{where}: field {name!r} holds control characters")
    if longest is not None and len(value) > longest:
        raise BadRecord(f"{where}: field {name!r} is longer than {longest} characters")
    if grammar is not None and not grammar.fullmatch(value):
        raise BadRecord(f"{where}: field {name!r} is not in the form redline writes")
    return value


def strings(raw: dict, name: str, where: str, most: int, longest: int) -> tuple[str, ...]:
    """An optional list of one-line strings (missing: empty): at most ``most`` of them, each non-empty and at
    most ``longest`` characters."""
    value = raw.get(name, [])
    if not isinstance(value, list) or len(value) > most:
        raise BadRecord(f"{where}: field {name!r} is not a list of at most {most} strings")
    found = tuple(_string(item, name, where, longest=longest) for item in value)
    if not all(found):
        raise BadRecord(f"{where}: field {name!r} holds an empty or missing string")
    return found  # type: ignore[return-value]


def number(raw: dict, name: str, where: str, low: int, high: int) -> int:
    """A required integer field between ``low`` and ``high``."""
    value = raw.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadRecord(f"{where}: field {name!r} is not a whole number from {low} to {high}")
    return value


def table(raw: dict, name: str, where: str) -> dict | None:
    """An optional JSON object field (None when missing)."""
    value = raw.get(name)
    if value is not None and not isinstance(value, dict):
        raise BadRecord(f"{where}: field {name!r} is not a JSON object")
    return value


def count(raw: dict, name: str, where: str) -> int:
    """A required non-negative integer field."""
    return number(raw, name, where, 0, MAX_COUNT)
