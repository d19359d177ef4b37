"""Render a parsed :class:`~redline.core.Document` (``redline segment``)."""

from __future__ import annotations

from redline.core import Document

from .style import Painter
from .words import plural


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
        turns = f", {plural(len(section.turns), 'turn')}" if section.turns else ""
        head = f"[{section.role}] {section.label or ''}".rstrip()
        out += ["", paint(f"{head}: {plural(len(section.sentences), 'sentence')}{turns}", bold=True)]
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

