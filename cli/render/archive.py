"""Render archive results (``list``, ``log``, ``blame``, ``search``, ``verify``) as text (JSON: :mod:`.schema`).

Version numbers count from 1 at the earliest version in the order.
"""

from __future__ import annotations

from redline.snapshots import AddResult, ImportResult, StatementSummary
from redline.snapshots.archive import RederiveResult
from redline.snapshots.history import Blame, LogEntry
from redline.snapshots.search import Match, Trace
from redline.snapshots.verify import Report

from .changes import what_changed
from .safe import one_line
from .style import Painter, width
from .words import plural

RENUMBER_NOTE = (
    "Version numbers are positions in the order (statement date, then retrieval time) and can shift "
    "when an older release is added later; keys never change."
)


def list_text(rows: list[StatementSummary], paint: Painter) -> str:
    wide = max([len(r.id) for r in rows] + [2])
    out = [paint(f"{'ID':<{wide}}  VERSIONS  FIRST       LATEST", bold=True)]
    out += [f"{r.id:<{wide}}  {r.versions:>8}  {r.first or '-':<10}  {r.latest or '-'}" for r in rows]
    return "\n".join(out)


def log_text(ident: str, entries: list[LogEntry], paint: Painter, oneline: bool = False) -> str:
    if not entries:  # every statement has a version: -n, --since or --until left none
        return f"no version of {ident} in that range"
    if oneline:
        return "\n".join(_log_line(entry, paint) for entry in reversed(entries))
    out = []
    for entry in reversed(entries):
        v = entry.version
        head = f"@{v.number}  {v.key}" + (f"  {v.label}" if v.label else "")
        out.append(paint(head, fg="yellow"))
        out.append(f"    date {v.date or '-'} · commit {(v.commit or '-')[:12]} · {plural(len(v.sightings), 'sighting')}")
        for s in v.sightings:
            where = f" · {s.source}" if s.source else ""
            label = f" · {s.label}" if s.label and s is not v.origin else ""
            out.append(f"    seen {s.retrieved}{label}{where}")
            out += [f"    note: {line}" for line in (s.note or "").splitlines()]
        for a in v.annotations:
            changed = ", ".join(f"{name} {value!r}" for name, value in a.changes().items() if name != "note")
            out.append(f"    annotated {a.time}" + (f": {changed}" if changed else ""))
            out += [f"    note: {line}" for line in (a.note or "").splitlines()]
        if entry.changes:
            c = entry.changes
            # moved counts pairs of the other kinds (as the diff's summary line has it)
            out.append(f"    vs @{v.number - 1}: " + ", ".join(f"{c[k]} {k}" for k in c if k != "moved")
                       + f"; {c.get('moved', 0)} moved")
        if entry.header:
            out.append(f"    header changed: {', '.join(entry.header)}")
        if entry.unreadable:
            out.append(f"    changes unknown: {entry.unreadable}")
        out.append("")
    out.append(paint(RENUMBER_NOTE, dim=True))
    return "\n".join(out)


def _log_line(entry: LogEntry, paint: Painter) -> str:
    """``@3 KEY date label (changes)``."""
    v = entry.version
    if entry.unreadable:
        changed = "changes unknown: unreadable"
    else:
        changed = what_changed(entry.changes, entry.header) if entry.changes is not None else "first version"
    label = f" {v.label}" if v.label else ""
    return f"{paint(f'@{v.number}', fg='yellow')} {v.key} {v.date or '-'}{label} ({changed})"


def added_text(result: AddResult, versioned_metadata: bool = False) -> str:
    """What ``add`` did, in a sentence (and one more when it remembered new extraction settings)."""
    return _added_sentence(result, versioned_metadata) + (_remembered(result) if result.remembered else "")


def _added_sentence(result: AddResult, versioned_metadata: bool) -> str:
    v = result.version
    where = f"{result.id}@{v.number} ({v.key})"
    if result.outcome == "unchanged":
        return f"Unchanged: identical to the latest version {where}; nothing added."
    if result.outcome == "added":
        return f"Added {where}, version {v.number} of {result.count}, commit {result.commit[:12]}"
    s = result.sighting
    # What this sighting brings: a label or date the version has already (its text's own date) is no news.
    recorded = [name for name in ("label", "date", "source", "note")
                if getattr(s, name) and not (name in ("label", "date") and getattr(s, name) == getattr(v, name))]
    what = f" with its {', '.join(recorded)}" if recorded else ""
    hint = (f"; the version keeps its label and date (`redline annotate {result.id}@{v.number}` amends them)"
            if versioned_metadata else "")
    return f"Recorded a new sighting of {where}{what}, commit {result.commit[:12]}{hint}"


def _remembered(result: AddResult) -> str:
    settings = result.remembered
    shown = ([f"--select {settings.select!r}"] if settings.select else []) + [f"--ignore {p!r}" for p in settings.ignore]
    return (f"\nRemembered for {result.id} (add, import, watch and rederive use them): {' '.join(shown)}"
            f"; commit {result.commit[:12]}.")


def imported_text(result: ImportResult) -> str:
    """A line per file, then the count of new versions."""
    out = []
    for path, added in result.added:
        if added is None:
            state = "imported before; skipped"
        elif added.outcome == "unchanged":
            state = "unchanged"
        else:
            state = f"@{added.version.number} {added.version.key}" + (" (a sighting)" if added.outcome == "sighting" else "")
        out.append(f"{path}: {state}")
    new = sum(a is not None and a.outcome == "added" for _, a in result.added)
    out.append(f"Imported {plural(new, 'new version')} of {result.id} from {plural(len(result.added), 'file')}.")
    return "\n".join(out)


def blame_text(blame: Blame, paint: Painter) -> str:
    out, section = [], None
    speakers = max([width(s.speaker or "") for s in blame.sentences] + [1])
    for s in blame.sentences:
        if s.section != section:
            section = s.section
            out.append(paint(f"[{section}]", bold=True))
        changed = f"@{s.changed.number}" if s.changed else "-"
        speaker = (s.speaker or "") + " " * (speakers - width(s.speaker or ""))
        out.append(f"{paint(f'@{s.origin.number:<4}', fg='yellow')} {changed:<5} {paint(speaker, fg='cyan')}  {s.text}")
    return "\n".join(out)


def search_text(matches: list[Match] | list[Trace], history: bool, paint: Painter) -> str:
    out = []
    for m in matches:
        speaker = f"{m.speaker}: " if m.speaker else ""
        if history:
            seen = ",".join(f"@{n}" for n in m.versions)
            gone = f"removed in @{m.removed_in}" if m.removed_in else "still there"
            out.append(f"{paint(m.id, fg='yellow')} {seen} ({gone})  {speaker}{m.text}")
        else:
            out.append(f"{paint(f'{m.id}@{m.version}', fg='yellow')}  {speaker}{m.text}")
    return "\n".join(out)


def verify_text(report: Report, paint: Painter) -> str:
    # A problem names files of the archive, which a clone can name with newlines: one line each.
    out = [f"problem: {one_line(p)}" for p in report.problems] + [f"note: {one_line(n)}" for n in report.notes]
    summary = f"{plural(report.statements, 'statement')}, {plural(report.sightings, 'sighting')}: "
    summary += paint("ok", fg="green") if report.ok else paint(f"{plural(len(report.problems), 'problem')}", fg="red")
    return "\n".join(out + [summary])


def rederive_text(result: RederiveResult) -> str:
    """The sentence files rewritten, then what stored pages extract to today."""
    if result.commit is None:
        out = ["All sentence files are current; nothing to do."]
    else:
        out = [f"Rewrote {plural(len(result.paths), 'sentence file')}, commit {result.commit[:12]}."]
    found = result.extraction
    if not (found.checked or found.failed):
        return "\n".join(out)
    out.append(f"Read {plural(found.checked, 'stored page')} again with today's extractor "
               "and settings:")
    for drift in found.drifted:
        out.append(f"  {drift.id}@{drift.version.number} ({drift.version.key}): now extracts to other text "
                   f"({drift.sha256[:12]})")
    for same in found.converged:
        out.append(f"  {same.id}: versions {', '.join(same.keys)} now extract to the same text ({same.sha256[:12]})")
    for bad in found.failed:
        out.append(f"  {bad.id} sighting {bad.key}: cannot be read again ({bad.error})")
    if found.drifted or found.converged:
        out.append("Stored versions keep their text and keys; `redline watch` records what pages fetched from a URL "
                   "extract to now, `redline add ID FILE` what a saved file does.")
    elif not found.failed:
        out.append("  every version extracts to the text it holds.")
    return "\n".join(out)
