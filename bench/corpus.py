"""Shared helpers for the benchmarks: real text from ../shared/corpus, edits, timing."""

from __future__ import annotations

import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("REDLINE_CORPUS", ROOT.parent / "shared" / "corpus"))


def chinese_transcript(size: int, seed: int = 0, folder: str = "mfa_zh") -> str:
    """About ``size`` bytes (UTF-8) of real press-conference text, files concatenated
    (``folder="mfa_en"`` for English)."""
    files = sorted((CORPUS / folder).glob("*.txt"))
    if not files:
        sys.exit(f"no corpus at {CORPUS}/{folder} (set REDLINE_CORPUS)")
    random.Random(seed).shuffle(files)
    parts, total = [], 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        body = text.split("\n", 2)[-1]  # drop each page's title line
        parts.append(body.strip())
        total += len(body.encode("utf-8"))
        if total >= size:
            break
    text = "\n\n".join(parts)
    data = text.encode("utf-8")[:size]
    return data.decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"


def run(cmd: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS (MB) and stdout of one command, measured for that child alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            try:
                os.execvp(cmd[0], cmd)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err.read().decode()[:300]}")
        return wall, usage.ru_maxrss / 1024, out.read()


def best_of(n: int, cmd: list[str]) -> tuple[float, float]:
    """Best wall time and its peak RSS over ``n`` runs."""
    results = [run(cmd)[:2] for _ in range(n)]
    return min(results)


def sentences_of(text: str) -> list[str]:
    """Rough sentence split for making edits (the engine does the real one)."""
    return [s for s in re.split(r"(?<=[。！？])", text) if s.strip()]
