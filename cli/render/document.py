"""Render a parsed :class:`~redline.core.Document` (``redline segment``)."""

from __future__ import annotations

from dataclasses import asdict

from redline.core import Document

from .style import Painter

SCHEMA = 1


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


def document_text(doc: Document, name: str, paint: Painter) -> str:
    """A readable listing: metadata, then each section's turns and sentences."""
    meta = doc.metadata
    out = [paint(name, bold=True)]
    fields = [
        ("title", meta.title), ("title_en", meta.title_en),
        ("speaker", " | ".join(p for p in (meta.speaker, meta.role) if p) or None),
        ("place", meta.place), ("date", meta.date),
    ]
    fields += [("titles", t) for t in meta.titles[1:]] + [("extra", e) for e in meta.extra]
    out += [f"{paint(key + ':', fg='cyan')} {value}" for key, value in fields if value]
    for section in doc.sections:
        turns = f", {_count(len(section.turns), 'turn')}" if section.turns else ""
        head = f"[{section.role}] {section.label or ''}".rstrip()
        out += ["", paint(f"{head}: {_count(len(section.sentences), 'sentence')}{turns}", bold=True)]
        speaker = object()
        for sentence in section.sentences:
            if sentence.speaker != speaker:
                speaker = sentence.speaker
                out.append(paint(f"  {speaker or '(no speaker)'}:", fg="yellow"))
            out.append(f"  {sentence.index + 1:>4}  {sentence.text}")
    if doc.trailer:
        out += ["", paint("trailer (not speech):", fg="cyan")]
        out += [f"        {line.text}" for line in doc.trailer]
    return "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
