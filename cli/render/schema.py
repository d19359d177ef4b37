"""Every JSON document redline writes, shaped in one place (schema 1, docs/json.md).

Result objects stay free of presentation; these functions turn them into
the documented shapes. ``SCHEMA`` is the version every document carries as
``"schema"``: it changes only when a shape changes incompatibly.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from redline.core.gcpause import gc_paused

if TYPE_CHECKING:
    from redline.core import Comparison, Document, Pair, QuoteReport, QuoteSource, QuoteTrace
    from redline.core.check import Finding, Outcome
    from redline.core.policy import Policy
    from redline.core.result import Coverage, Share, Summary
    from redline.snapshots import AddResult, StatementSummary, Version
    from redline.snapshots.annotations import Annotation
    from redline.snapshots.archive import RederiveResult
    from redline.snapshots.history import Blame, LogEntry
    from redline.snapshots.search import Match, Trace
    from redline.snapshots.notify import Failure as NotifyFailure
    from redline.snapshots.verify import Report
    from redline.snapshots.watch import Changed, WatchResult

    from .news import News

SCHEMA = 1


# -- comparisons ------------------------------------------------------------------
@gc_paused  # tens of thousands of new dicts and lists, no cycles
def comparison_json(result: Comparison) -> dict:
    """``align``, ``compare`` and ``diff``."""
    return {
        "schema": SCHEMA,
        "mode": result.mode,
        "a": asdict(result.a),
        "b": asdict(result.b),
        "pairs": [pair_json(pair) for pair in result.pairs],
        "summary": summary_json(result.summary),
    }


def pair_json(pair: Pair) -> dict:
    return {
        "kind": pair.kind, "moved": pair.moved, "section": pair.section, "a": pair.a, "b": pair.b,
        "a_text": pair.a_text, "b_text": pair.b_text, "speaker": pair.speaker, "a_speaker": pair.a_speaker,
        "similarity": pair.similarity, "flags": pair.flags, "trim": pair.trim,
        "ops": [op.as_list() for op in pair.ops],
    }


def summary_json(summary: Summary) -> dict:
    out: dict = {"counts": summary.counts, "flags": summary.flags}
    if summary.coverage is not None:
        out["coverage"] = coverage_json(summary.coverage)
    if summary.header is not None:
        out["header"] = {key: {"a": change.a, "b": change.b} for key, change in summary.header.items()}
    return out


def coverage_json(coverage: Coverage) -> dict:
    return {**share_json(coverage.overall),
            "speakers": {speaker: share_json(share) for speaker, share in coverage.speakers.items()}}


def share_json(share: Share) -> dict:
    return {"sentences": {"used": share.sentences.used, "total": share.sentences.total},
            "chars": {"used": share.chars.used, "total": share.chars.total, "share": share.char_share}}


# -- quotes -------------------------------------------------------------------------
def quotes_json(report: QuoteReport) -> dict:
    """``quotes``: ``a`` is the transcript, ``b`` the article (docs/json.md, "quotes")."""
    return {
        "schema": SCHEMA,
        "mode": "quotes",
        "a": asdict(report.a),
        "b": asdict(report.b),
        "quotes": [quote_json(q) for q in report.quotes],
        "summary": report.summary,
    }


def quote_json(quote: QuoteTrace) -> dict:
    return {
        "index": quote.index, "text": quote.text, "start": quote.start, "end": quote.end, "marked": quote.marked,
        "speaker": quote.speaker, "kind": quote.kind.value, "misattributed": quote.misattributed,
        "sources": [quote_source_json(s) for s in quote.sources], "flags": quote.flags,
    }


def quote_source_json(source: QuoteSource) -> dict:
    return {"index": source.sentences[0], "text": source.text, "start": source.start, "end": source.end,
            "speaker": source.speaker, "ops": [op.as_list() for op in source.ops], "flags": source.flags}


# -- segment ------------------------------------------------------------------------
def document_json(doc: Document, name: str) -> dict:
    """The documented ``segment`` JSON shape (README: "segment JSON")."""
    return {
        "schema": SCHEMA,
        "name": name,
        "metadata": asdict(doc.metadata),
        "sections": [
            {
                "role": section.role,
                "label": section.label,
                "start": section.start,
                "end": section.end,
                "turns": [
                    {"speaker": t.speaker, "label": t.label, "start": t.start, "end": t.end,
                     "inline": t.inline, "first": t.first, "count": t.count}
                    for t in section.turns
                ],
                "sentences": [
                    {"index": s.index, "text": s.text, "start": s.start, "end": s.end,
                     "speaker": s.speaker, "paragraph": s.paragraph, "turn": s.turn}
                    for s in section.sentences
                ],
            }
            for section in doc.sections
        ],
        "trailer": [{"text": line.text, "start": line.start, "end": line.end} for line in doc.trailer],
    }


# -- check --------------------------------------------------------------------------
def finding_json(f: Finding) -> dict:
    where = f.where
    return {
        "rule": f.rule, "severity": f.severity, "statement": f.statement, "version": f.version,
        "speaker": f.speaker, "sentence": f.sentence, "message": f.message, "file": f.file, "line": f.line,
        "section": where.section if where else None, "index": where.index if where else None,
    }


def check_json(outcomes: list[Outcome], policy: Policy) -> dict:
    """``{"schema", "policy": {"origin", "rules"}, "inputs": [{"name", "error", "note", "findings"}], "summary"}``."""
    from redline.core.check import totals  # here, so a diff's report does not load the rule engine

    return {
        "schema": SCHEMA,
        "policy": {"origin": policy.origin, "rules": dict(policy.severities)},
        "inputs": [{"name": o.name, "error": o.error, "note": o.note, "findings": [finding_json(f) for f in o.findings]}
                   for o in outcomes],
        "summary": totals(outcomes),
    }


# -- archive ------------------------------------------------------------------------
def version_json(version: Version) -> dict:
    """The fields every archive report gives for a version."""
    return {"version": version.number, "key": version.key, "label": version.label,
            "date": version.date, "commit": version.commit}


def added_json(results: list[AddResult]) -> dict:
    """``add`` and ``import``: new versions, sightings of known versions, inputs that added nothing, and
    extraction settings remembered."""
    out: dict = {"schema": SCHEMA, "added": [], "sightings": [], "unchanged": [], "remembered": []}
    for r in results:
        if r.remembered is not None:
            out["remembered"].append({"id": r.id, "select": r.remembered.select, "ignore": list(r.remembered.ignore),
                                      "commit": r.commit})
        entry = {"id": r.id, "key": r.version.key, "version": r.version.number}
        if r.outcome == "added":
            out["added"].append({**entry, "commit": r.commit})
        elif r.outcome == "sighting":
            out["sightings"].append({**entry, "sighting": r.sighting.key, "commit": r.commit})
        else:
            out["unchanged"].append(entry)
    return out


def list_json(rows: list[StatementSummary]) -> dict:
    return {"schema": SCHEMA,
            "statements": [{"id": r.id, "versions": r.versions, "first": r.first, "latest": r.latest} for r in rows]}


def log_json(ident: str, entries: list[LogEntry]) -> dict:
    return {"schema": SCHEMA, "id": ident, "versions": [
        {**version_json(e.version), "source": e.version.source, "note": e.version.note, "sha256": e.version.sha256,
         "sightings": [{"key": s.key, "label": s.label, "date": s.date, "source": s.source,
                        "retrieved": s.retrieved, "note": s.note, "file": s.file} for s in e.version.sightings],
         "annotations": [annotation_json(a) for a in e.version.annotations],
         "changes": e.changes, "header": list(e.header), "unreadable": e.unreadable}
        for e in reversed(entries)
    ]}


def annotation_json(annotation: Annotation) -> dict:
    return {"time": annotation.time, **annotation.changes()}


def show_json(ident: str, version: Version, text: str) -> dict:
    return {"schema": SCHEMA, "id": ident, **version_json(version), "source": version.source, "note": version.note,
            "sha256": version.sha256, "annotations": [annotation_json(a) for a in version.annotations], "text": text}


def blame_json(blame: Blame) -> dict:
    return {"schema": SCHEMA, "id": blame.id, "version": blame.version.number, "sentences": [
        {"text": s.text, "speaker": s.speaker, "section": s.section,
         "origin": version_json(s.origin), "changed": version_json(s.changed) if s.changed else None}
        for s in blame.sentences
    ]}


def search_json(matches: list[Match] | list[Trace], history: bool) -> dict:
    if history:
        return {"schema": SCHEMA, "matches": [{"id": t.id, "text": t.text, "speaker": t.speaker,
                                               "versions": t.versions, "removed_in": t.removed_in} for t in matches]}
    return {"schema": SCHEMA, "matches": [{"id": m.id, "version": m.version, "key": m.key, "text": m.text,
                                           "speaker": m.speaker, "section": m.section} for m in matches]}


def rederive_json(result: RederiveResult) -> dict:
    """``rederive``: sentence files rewritten, and what stored pages and PDFs extract to today."""
    found = result.extraction
    extraction = {
        "checked": found.checked,
        "differs": [{"id": d.id, "version": d.version.number, "key": d.version.key, "sha256": d.sha256}
                    for d in found.drifted],
        "same": [{"id": c.id, "keys": list(c.keys), "sha256": c.sha256} for c in found.converged],
        "failed": [{"id": f.id, "sighting": f.key, "error": f.error} for f in found.failed],
    }
    return {"schema": SCHEMA, "rewritten": result.paths, "commit": result.commit, "skipped": result.skipped,
            "extraction": extraction}


def watch_json(result: WatchResult, failures: list[NotifyFailure], sent: int) -> dict:
    """``watch``: the statements checked, those that changed (with the diff's summary against the version
    before; null for a first version), unchanged, failed; the commit; the notifications."""
    from .news import headline
    from .watch import news_of

    return {
        "schema": SCHEMA, "checked": result.checked,
        "changed": [{"id": c.id, "key": c.result.version.key, "version": c.result.version.number, "url": c.url,
                     "summary": summary_json(c.change.summary) if c.change else None,
                     "headline": headline(news_of(c))} for c in result.changed],
        "unchanged": result.unchanged,
        "failed": [{"id": f.id, "url": f.url, "error": f.error} for f in result.failed],
        "not_due": result.not_due, "commit": result.commit,
        "notifications": {"sent": sent, "failed": [{"target": f.target, "id": f.id, "error": f.error}
                                                   for f in failures]},
    }


def notification_json(item: News, changed: Changed) -> dict:
    """What a webhook receives for a new version (docs/json.md, "watch")."""
    from .news import MAX_FLAGGED, headline

    change = changed.change
    return {
        "schema": SCHEMA, "event": "new-version", "id": item.id, "title": item.title, "version": item.number,
        "key": item.key, "retrieved": item.retrieved, "url": changed.url,
        "summary": summary_json(change.summary) if change else None, "headline": headline(item),
        "flagged": [{"flags": list(f.flags), "text": f.text} for f in item.flagged[:MAX_FLAGGED]],
        "flagged_count": len(item.flagged), "link": item.link,
    }


def verify_json(report: Report) -> dict:
    return {"schema": SCHEMA, "ok": report.ok, "statements": report.statements, "sightings": report.sightings,
            "problems": report.problems, "notes": report.notes}
