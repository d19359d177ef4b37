"""Statement IDs and ``ID@REV`` references: what redline accepts, checked before anything is written.

An ID is a lowercase slug, optionally namespaced with ``/``
(``state-dept/2025-11-23-rubio-geneva``). Because IDs become paths inside the
archive and arguments to git, anything that could escape the statements
folder or read as an option is refused here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidId, InvalidRev

MAX_ID_CHARS = 200
_SEGMENT = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9_])?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_id(value: str) -> str:
    """Return ``value`` if it is a valid statement ID, else raise :class:`InvalidId` saying why."""
    shown = _CONTROL.sub("?", value)[:60]
    if not value:
        raise InvalidId("statement ID is empty")
    if len(value) > MAX_ID_CHARS:
        raise InvalidId(f"statement ID is longer than {MAX_ID_CHARS} characters: {shown}...")
    if _CONTROL.search(value):
        raise InvalidId(f"statement ID contains a control character: {shown!r}")
    if "@" in value:
        raise InvalidId(f"statement ID cannot contain '@' (it separates ID and version): {shown}")
    if value.startswith(("-", ".", "/")):
        raise InvalidId(f"statement ID cannot start with {value[0]!r}: {shown}")
    if ".." in value:
        raise InvalidId(f"statement ID cannot contain '..': {shown}")
    if value != value.lower():
        raise InvalidId(f"statement ID must be lowercase: {shown}")
    for segment in value.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidId(
                f"statement ID {shown!r}: each '/'-separated part must be letters a-z, digits, '-', '_' "
                "or '.', starting with a letter or digit and not ending in '-' or '.'"
            )
    return value


@dataclass(frozen=True)
class Ref:
    """A parsed ``ID[@REV]``; ``rev`` is None for the latest version."""

    id: str
    rev: str | None = None

    def __str__(self) -> str:
        return self.id if self.rev is None else f"{self.id}@{self.rev}"


def parse_ref(text: str) -> Ref:
    """Split ``ID[@REV]`` at the first ``@`` (IDs never hold one) and check the ID."""
    ident, sep, rev = text.partition("@")
    if sep and not rev:
        raise InvalidRev(f"{text!r}: nothing after '@' (give a version: 1, -1, a date, a label or a key)")
    return Ref(check_id(ident), rev if sep else None)
