"""History through the engine: what changed between consecutive versions, and ``blame``.

Both use :func:`redline.core.diff` on consecutive versions, so a sentence
that only moved is the same sentence (not a removal and an addition), and
a split or merged sentence keeps the lineage of the sentences it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redline.core import Document, diff
from redline.core.errors import RedlineError

from .versions import Version

CHANGE_KINDS = ("same", "modified", "added", "removed", "split", "merged", "moved")


@dataclass(frozen=True)
class LogEntry:
    """A version and its change against the previous one (None for the first, and when either cannot be
    read: ``unreadable`` then says why); ``header``: the header fields that changed (``title``...)."""

    version: Version
    changes: dict[str, int] | None
    unreadable: str | None = None
    header: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlameLine:
    """A sentence of the blamed version: where its lineage began and where it last changed (None: never)."""

    text: str
    speaker: str | None
    section: str
    index: int
    origin: Version
    changed: Version | None


@dataclass(frozen=True)
class Blame:
    id: str
    version: Version
    sentences: list[BlameLine]


def changes(versions: list[Version], document: Callable[[Version], Document],
            wanted: list[int] | None = None) -> list[LogEntry]:
    """The versions at the ``wanted`` positions (all by default), each with the engine's counts against
    the one before it, oldest first. Only those versions and their predecessors are read and compared."""
    entries = []
    for k in range(len(versions)) if wanted is None else wanted:
        counts = unreadable = None
        header: tuple[str, ...] = ()
        try:
            if k > 0:
                found = diff(document(versions[k - 1]), document(versions[k]), words=False).summary
                counts = {kind: found.counts.get(kind, 0) for kind in CHANGE_KINDS}
                header = tuple(found.header or ())
            else:
                document(versions[k])
        except RedlineError as exc:  # bytes a clone holds that do not decode: the other versions still log
            unreadable = str(exc)
        entries.append(LogEntry(versions[k], counts, unreadable, header))
    return entries


def blame(ident: str, versions: list[Version], upto: Version, document: Callable[[Version], Document]) -> Blame:
    """Carry each sentence's (origin, last change) through the engine's pairs from version 1 to ``upto``.

    ``same`` pairs (moved or not) keep both; ``modified``, ``split`` and
    ``merged`` keep the earliest origin and record this version as the
    change; ``added`` sentences start here.
    """
    first = versions[0]
    doc = document(first)
    state = {(s.section, s.index): (first, None) for s in doc.sentences}
    for version in versions[1:upto.number]:
        new = document(version)
        carried = {}
        for pair in diff(doc, new, words=False).pairs:
            if not pair.b:
                continue
            before = [state[(pair.section, i)] for i in pair.a if (pair.section, i) in state]
            if pair.kind == "same" and before:
                mark = before[0]
            elif pair.kind == "added" or not before:
                mark = (version, None)
            else:
                mark = (min((b[0] for b in before), key=lambda v: v.number), version)
            for index in pair.b:
                carried[(pair.section, index)] = mark
        doc, state = new, carried
    lines = [BlameLine(s.text, s.speaker, s.section, s.index, *state.get((s.section, s.index), (upto, None)))
             for s in doc.sentences]
    return Blame(ident, upto, lines)
