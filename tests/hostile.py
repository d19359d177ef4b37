"""Hostile archives: what a malicious remote could push, written with plain git plumbing.

Nothing here goes through redline, so nothing redline checks on the way in
protects the archive; tests then run redline on it and check what users see.
Tests run with ``--import-mode=importlib`` (test modules cannot import each
other), so a test module loads this file through a fixture (``importlib``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

BRANCH = "refs/heads/main"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Mallory", "GIT_AUTHOR_EMAIL": "mallory@example.org",
    "GIT_AUTHOR_DATE": "2025-11-25T09:00:00+00:00",
    "GIT_COMMITTER_NAME": "Mallory", "GIT_COMMITTER_EMAIL": "mallory@example.org",
    "GIT_COMMITTER_DATE": "2025-11-25T09:00:00+00:00",
}
# Nesting deeper than any recursive parser's stack (Python's default limit is 1,000).
DEEP = 100_000

# Terminal escapes a transcript, label, note, source or key could carry.
CLEAR_SCREEN = "\x1b[2J\x1b[H"
CONCEALED = "\x1b[8mconcealed\x1b[28m"
WINDOW_TITLE = "\x1b]0;owned title\x07"
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\"
C1_CSI = "\u009b2J"
FORGED = "\n::error file=README.md,line=1::forged annotation"

# What no output of redline may carry raw: C0 controls but tab and newline, DEL, and C1 controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]")
# On a terminal with colour on, the only escapes allowed are SGR colours and weights redline paints with.
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
PAINT_CODES = frozenset({"", "0", "1", "2", "22", "39", *map(str, range(30, 38)), *map(str, range(90, 98))})


@dataclass(frozen=True)
class Link:
    """A symlink entry (mode 120000) pointing at ``target``."""

    target: str


def git(git_dir: str | os.PathLike, *args: str | bytes, data: bytes | None = None,
        env: Mapping[str, str] | None = None) -> bytes:
    """``git --git-dir=GIT_DIR ARGS`` with ``data`` on stdin; its stdout (a failure raises)."""
    proc = subprocess.run(["git", f"--git-dir={os.fspath(git_dir)}", *args], input=data,
                          capture_output=True, env={**os.environ, **IDENTITY, **(env or {})})
    if proc.returncode:
        raise RuntimeError(f"git {args[0]!r} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def commit(git_dir: str | os.PathLike, files: Mapping[str | bytes, bytes | Link | None],
           message: str = "hostile edit", ref: str = BRANCH) -> str:
    """Commit ``files`` (path -> bytes, a :class:`Link`, or None to delete) on top of ``ref``, unchecked.

    Paths may be any bytes git stores (not UTF-8, control characters); the
    entries go to a private index through ``update-index -z --index-info``.
    """
    old = git(git_dir, "rev-parse", "--verify", ref).decode().strip()
    records = []
    for path, content in files.items():
        name = path if isinstance(path, bytes) else path.encode()
        if content is None:
            records.append(b"0 " + b"0" * 40 + b"\t" + name + b"\0")
            continue
        mode, blob = ("120000", content.target.encode()) if isinstance(content, Link) else ("100644", content)
        sha = git(git_dir, "hash-object", "-w", "--stdin", data=blob).strip()
        records.append(mode.encode() + b" " + sha + b"\t" + name + b"\0")
    with tempfile.TemporaryDirectory() as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git(git_dir, "read-tree", old, env=index)
        git(git_dir, "update-index", "-z", "--index-info", data=b"".join(records), env=index)
        tree = git(git_dir, "write-tree", env=index).decode().strip()
    new = git(git_dir, "commit-tree", tree, "-p", old, data=message.encode() + b"\n").decode().strip()
    git(git_dir, "update-ref", ref, new, old)
    return new


def sighting_path(ident: str, key: str) -> str:
    return f"statements/{ident}/_sightings/{key}.json"


def key_for(digest: str, stamp: str) -> str:
    """A key in redline's grammar: content-hash prefix, then ``YYYYMMDDTHHMMSSZ``."""
    return f"{digest[:12]}-{stamp}"


def retrieved_at(stamp: str) -> str:
    """The retrieval time a key's ``YYYYMMDDTHHMMSSZ`` stands for, as sighting files write it."""
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}.000000Z"


def record(ident: str, key: str, digest: str, size: int, retrieved: str) -> dict[str, object]:
    """The fields of a sighting file as redline writes one, optional ones empty."""
    return {"id": ident, "key": key, "sha256": digest, "size": size, "retrieved": retrieved, "date": None,
            "label": None, "source": None, "note": None, "file": None, "encoding": None}


def encode(fields: Mapping[str, object]) -> bytes:
    """A sighting file's bytes, formatted as redline formats them."""
    return (json.dumps(fields, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def sighting(ident: str, key: str, digest: str, size: int, retrieved: str, **fields: object) -> bytes:
    """A sighting file with ``fields`` (label, note, source...) set to any JSON value."""
    return encode({**record(ident, key, digest, size, retrieved), **fields})


def annotation_path(ident: str, key: str, time: str) -> str:
    """Where an annotation of version ``key`` made at ``time`` (as sighting files write times) lives."""
    return f"statements/{ident}/_annotations/{key}-{re.sub('[-:.]', '', time)}.json"


def annotation(ident: str, key: str, time: str, **fields: object) -> bytes:
    """An annotation file amending ``fields`` (label, date, source, note), formatted as redline formats one."""
    return encode({"id": ident, "version": key, "time": time, "label": None, "date": None, "source": None,
                   "note": None, **fields})


def malformed(ident: str, digest: str) -> dict[str, tuple[str, bytes]]:
    """Sighting files redline cannot use, by name: (path, content), ``digest`` a real raw file of ``ident``.

    Every file name is in the key grammar and, where the content is a sighting
    at all, matches its key, so the content is the only thing wrong.
    """
    def valid(stamp: str, **fields: object) -> bytes:
        return encode({**record(ident, key_for(digest, stamp), digest, 10, retrieved_at(stamp)), **fields})

    contents = {
        "list": lambda stamp: b"[1, 2, 3]\n",
        "string": lambda stamp: b'"a sighting"\n',
        "number": lambda stamp: b"42\n",
        "null": lambda stamp: b"null\n",
        "empty": lambda stamp: b"",
        "not-json": lambda stamp: b"\xff\xfe{not json",
        "deep-array": lambda stamp: b"[" * DEEP + b"]" * DEEP,
        "deep-object": lambda stamp: b'{"a":' * DEEP + b"1" + b"}" * DEEP,
        "empty-object": lambda stamp: b"{}\n",
        "missing-fields": lambda stamp: json.dumps({"id": ident, "key": key_for(digest, stamp)}).encode(),
        "int-sha256": lambda stamp: valid(stamp, sha256=12345),
        "unknown-sha256": lambda stamp: valid(stamp, sha256="f" * 64),
        "wrong-types": lambda stamp: valid(stamp, size="big", retrieved=5, label=["x"], source={"u": 1}),
        "int-date": lambda stamp: valid(stamp, date=20250304),
        "bad-date": lambda stamp: valid(stamp, date="yesterday"),
        "bad-retrieved": lambda stamp: valid(stamp, retrieved="not a time"),
        "other-id": lambda stamp: valid(stamp, id="someone-else"),
        # Longer than redline writes: every command would print them (log, twice).
        "long-label": lambda stamp: valid(stamp, label="x" * 2001),
        "long-note": lambda stamp: valid(stamp, note="n" * 20001),
        "nan-size": lambda stamp: valid(stamp).replace(b'"size": 10', b'"size": NaN'),
        "huge-number": lambda stamp: valid(stamp).replace(b'"size": 10', b'"size": 1' + b"0" * 5000),
        # Codecs no text is decoded with: not a text encoding, one for host names, and a name Python's lookup
        # reads as UTF-8 once it has dropped the bidi control.
        "rot13-encoding": lambda stamp: valid(stamp, encoding="rot13"),
        "idna-encoding": lambda stamp: valid(stamp, encoding="idna"),
        "bidi-encoding": lambda stamp: valid(stamp, encoding="utf-8\u202e"),
        # Times and dates in the form redline writes that name no moment or day.
        "impossible-retrieved": lambda stamp: valid(stamp, retrieved="2025-13-45T99:99:99.000000Z"),
        "zero-retrieved": lambda stamp: valid(stamp, retrieved="0000-00-00T00:00:00.000000Z"),
        "impossible-fetch-time": lambda stamp: valid(stamp, fetch={
            "url": "https://example.org/b", "final_url": "https://example.org/b", "status": 200,
            "time": "2025-02-30T10:00:00.000000Z"}),
    }
    files = {}
    for number, (name, content) in enumerate(contents.items()):
        stamp = f"20250304T09{number:02d}00Z"
        files[name] = (sighting_path(ident, key_for(digest, stamp)), content(stamp))
    return files


def markers(marker: bytes) -> dict[str, bytes | Link]:
    """``redline.json`` contents verify must reject, by name (``marker`` is a good one)."""
    good = json.loads(marker)
    return {
        "format-999": json.dumps({**good, "format": 999}).encode(),
        "format-string": json.dumps({**good, "format": str(good["format"])}).encode(),
        "not-an-archive": json.dumps({**good, "redline": "something else"}).encode(),
        "list": b"[]\n",
        "empty": b"",
        "not-json": b"redline\n",
        "symlink": Link("statements"),
    }


def raw_controls(text: str) -> list[str]:
    """The raw control characters in ``text`` (tab and newline are fine)."""
    return RAW_CONTROL.findall(text)


def foreign_escapes(text: str) -> list[str]:
    """Escape sequences in terminal output other than the SGR colours redline paints, and stray controls."""
    bad = [m.group(0) for m in _SGR.finditer(text) if any(c not in PAINT_CODES for c in m.group(1).split(";"))]
    return bad + raw_controls(_SGR.sub("", text))


def forged_commands(text: str) -> list[str]:
    """Lines a CI runner would read as workflow commands (``::error ...``)."""
    return [line for line in text.splitlines() if line.strip().startswith("::")]
