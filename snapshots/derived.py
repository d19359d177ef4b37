"""The derived sentence file: one sentence per line, so plain ``git diff`` reads at sentence level.

    # redline sentences · engine 0.1.0 · sha256 <hex of the raw bytes>
    ## full [完整内容]
    ### 卢比奥国务卿
    今天我们过得非常不错。

``##`` lines open a section (role, then its marker), ``###`` lines name the
speaker from there on (empty: no speaker). A sentence that itself starts with
``#`` or ``\\`` is written with a ``\\`` in front, so the file parses back
exactly. The first line records the engine version that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from redline.core import Document
from redline.core.encoding import MAX_BYTES as MAX_INPUT_BYTES

# The most a sentence file can hold: the text of the largest input redline reads, re-encoded as UTF-8 (GB18030
# Chinese grows by half) with a line break, section and speaker lines around short sentences. Readers leave a
# larger one (a clone's) unread.
MAX_BYTES = 4 * MAX_INPUT_BYTES

_HEADER = re.compile(r"# redline sentences · engine (\S+) · sha256 ([0-9a-f]{64})")


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The installed redline version: derived files record it, and fetches send it (``redline/VERSION``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("redline")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


@dataclass(frozen=True, slots=True)
class Line:
    """A sentence as the derived file records it, and the file's line (from 1, the header) that holds it."""

    section: str
    index: int
    speaker: str | None
    text: str
    line: int


def render(doc: Document, digest: str) -> bytes:
    """The derived file for ``doc``, parsed from raw bytes whose SHA-256 is ``digest``."""
    out = [f"# redline sentences · engine {engine_version()} · sha256 {digest}"]
    for section in doc.sections:
        out.append(f"## {section.role} {section.label or ''}".rstrip())
        speaker = None
        for sentence in section.sentences:
            if sentence.speaker != speaker:
                speaker = sentence.speaker
                out.append(f"### {speaker or ''}".rstrip())
            text = " ".join(sentence.text.splitlines())
            out.append("\\" + text if text.startswith(("#", "\\")) else text)
    return ("\n".join(out) + "\n").encode()


def header(data: bytes) -> tuple[str, str] | None:
    """(engine version, sha256) from a derived file's first line, or None if it has none."""
    match = _HEADER.match(data.split(b"\n", 1)[0].decode("utf-8", "replace"))
    return (match.group(1), match.group(2)) if match else None


def parse(data: bytes) -> list[Line]:
    """The sentences of a derived file, with section, index within it, speaker and line number.

    Bytes that are not UTF-8 (a file edited by hand) read as U+FFFD, so a damaged file still parses.
    """
    lines, section, speaker, index = [], "full", None, 0
    for number, raw in enumerate(data.decode("utf-8", "replace").split("\n")[1:], start=2):
        if raw.startswith("### ") or raw == "###":
            speaker = raw[4:] or None
        elif raw.startswith("## "):
            section, speaker, index = raw[3:].split(" ", 1)[0], None, 0
        elif raw:
            lines.append(Line(section, index, speaker, raw[1:] if raw.startswith("\\") else raw, number))
            index += 1
    return lines
