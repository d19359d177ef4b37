"""Benchmark ``redline diff`` and ``align`` on real Chinese transcripts, as ratios to difflib in the same run.

Run: python bench/bench_diff.py [--sizes 0.1,1,4,7] [--rounds 5] [--redline OTHER_BUILD]

Every case runs end to end through the installed ``redline`` (start-up and
jieba included), interleaved round by round with its baselines; figures are
medians of the rounds, next to the machine's load average:

- for each size, ``redline diff --format json`` of two versions of a real
  press-conference transcript (text from ../shared/corpus/mfa_zh, about 2%
  of sentences edited, some moved, split, merged, removed and added), next
  to difflib over the sentence lists of the same files (and ``git diff
  --no-index --word-diff`` for information), with the peak memory of the
  redline runs and a check that the report finds about as many changes as
  were made;
- ``redline align --format json`` of a 10 KB excerpt against 1 MB, next to
  difflib on the same two files;
- a tiny diff (one changed Chinese sentence), next to what a plain jieba
  user pays for a first cut: ``python -c "import jieba; jieba.lcut(...)"``;
- the floor of each report: a Python process that imports the CLI (click
  and the command table), reads and segments both inputs through redline's
  reading path and writes a JSON row holding each sentence's text once,
  with no alignment at all. Whatever the engine does, a report that
  accounts for every sentence costs at least this much in this design.

Budgets (issue 10): the 1 MB diff at most 5x difflib (3x the moonshot),
the align at most 4x, the tiny diff at most half the jieba first cut.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS, chinese_transcript, run, sentences_of  # noqa: E402

REDLINE = shutil.which("redline") or "redline"
DIFFLIB = (
    "import difflib,re,sys\n"
    "def s(p): return [x for x in re.split(r'(?<=[。！？])|\\n', open(p,encoding='utf-8').read()) if x.strip()]\n"
    "a,b=s(sys.argv[1]),s(sys.argv[2])\n"
    "sys.stdout.writelines(difflib.unified_diff(a,b,lineterm='\\n'))\n"
)


def make_versions(size: int, seed: int = 1) -> tuple[str, str, dict[str, int]]:
    """Old text, new text with edits, and how many edits of each kind were made."""
    rng = random.Random(seed)
    old = chinese_transcript(size)
    paragraphs = [p.split("。") for p in old.split("\n")]
    made = {"modified": 0, "split": 0, "merged": 0, "moved": 0, "removed": 0, "added": 0}
    slots = [(p, k) for p, parts in enumerate(paragraphs) for k in range(len(parts) - 1) if len(parts[k]) > 12]
    rng.shuffle(slots)
    total = len(slots)
    picks = iter(slots)
    for kind, share in (("modified", 0.012), ("split", 0.002), ("merged", 0.002), ("removed", 0.002), ("added", 0.002)):
        for _ in range(max(1, int(total * share))):
            p, k = next(picks)
            parts = paragraphs[p]
            text = parts[k]
            if kind == "modified":
                cut = rng.randrange(2, len(text) - 4)
                parts[k] = text[:cut] + rng.choice(["非常", "进一步", "坚决", "始终"]) + text[cut + 2:]
            elif kind == "split" and "，" in text[3:-3]:
                parts[k] = text.replace("，", "。", 1)
            elif kind == "merged" and k + 1 < len(parts) - 1:
                parts[k] = text + "，" + parts.pop(k + 1)
            elif kind == "removed":
                parts[k] = None
            elif kind == "added":
                parts[k] = text + "。我们对此表示欢迎，并愿同各方一道继续努力"
            else:
                continue
            made[kind] += 1
    new_paragraphs = ["。".join(x for x in parts if x is not None) for parts in paragraphs]
    for _ in range(max(1, total // 500)):
        src = rng.randrange(len(new_paragraphs))
        if new_paragraphs[src].count("。") >= 1 and len(new_paragraphs[src]) > 40:
            moved = new_paragraphs.pop(src)
            new_paragraphs.insert(rng.randrange(len(new_paragraphs)), moved)
            made["moved"] += moved.count("。")
    return old, "\n".join(new_paragraphs), made


def excerpt_of(size: int, excerpt_size: int = 10_000) -> tuple[str, str]:
    """A full text of about ``size`` bytes and an excerpt of random sentences of it (about ``excerpt_size``)."""
    full = chinese_transcript(size, seed=3)
    sentences = sentences_of(full)
    rng = random.Random(5)
    excerpt, total = [], 0
    while total < excerpt_size:
        piece = rng.choice(sentences).strip()
        excerpt.append(piece)
        total += len(piece.encode("utf-8"))
    return full, "\n".join(excerpt)


FLOOR = (
    "import json, sys\n"
    "import redline.cli.app  # click and the command table: every command pays for them\n"
    "from redline.cli.inputs import read_source\n"
    "docs = [read_source(p).document for p in sys.argv[1:]]\n"
    "rows = [{'kind': 'same', 'section': s.section, 'a': [s.index], 'text': s.text, 'speaker': s.speaker}\n"
    "        for d in docs for section in d.sections for s in section.sentences]\n"
    "sys.stdout.write(json.dumps({'pairs': rows}, ensure_ascii=False))\n"
)
JIEBA_FIRST_CUT = "import jieba; jieba.lcut('今天我们取得了进展')"
TINY = ("外交部发言人答记者问。\n{}\n我们欢迎各方继续努力。\n", "今天我们取得了进展。", "今天我们取得了重要进展。")
BUDGETS = {"diff 1 MB": 5.0, "align 10 KB vs 1 MB": 4.0}  # x difflib; the tiny diff: x the jieba first cut
TINY_BUDGET = 0.5


@dataclass
class Case:
    """One command timed every round; ``baseline`` names the case it is divided by."""

    name: str
    argv: list[str]
    baseline: str | None = None
    redline: bool = False  # a redline report: its counts are read and its peak memory shown
    expect: bytes = b""  # what its output must start with: a run that failed (exit 1 passes run()) is no time
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    report: dict | None = None  # a redline report's counts; kept small, as forks count this process's memory

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def build(folder: Path, sizes: list[float], redline: str = REDLINE) -> tuple[list[Case], dict[float, dict[str, int]]]:
    """Write every input into ``folder``; the cases, and the edits made at each size."""
    def write(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    cases, made = [], {}
    for mb in sizes:
        old, new, made[mb] = make_versions(int(mb * 1_000_000))
        a, b = write(f"old-{mb}.txt", old), write(f"new-{mb}.txt", new)
        cases += [Case(f"diff {mb:g} MB", [redline, "diff", "--format", "json", a, b], f"difflib {mb:g} MB", True),
                  Case(f"difflib {mb:g} MB", [sys.executable, "-c", DIFFLIB, a, b]),
                  Case(f"floor {mb:g} MB, no engine", [python_of(redline), "-c", FLOOR, a, b], f"difflib {mb:g} MB",
                       expect=b'{"pairs": '),
                  Case(f"git word-diff {mb:g} MB", ["git", "diff", "--no-index", "--word-diff", a, b],
                       f"difflib {mb:g} MB")]
    full, excerpt = excerpt_of(1_000_000)
    f, e = write("full.txt", full), write("excerpt.txt", excerpt)
    cases += [Case("align 10 KB vs 1 MB", [redline, "align", "--format", "json", f, e], "difflib 10 KB vs 1 MB", True),
              Case("difflib 10 KB vs 1 MB", [sys.executable, "-c", DIFFLIB, f, e]),
              Case("floor 10 KB vs 1 MB, no engine", [python_of(redline), "-c", FLOOR, f, e], "difflib 10 KB vs 1 MB",
                   expect=b'{"pairs": ')]
    frame, before, after = TINY
    a, b = write("tiny-old.txt", frame.format(before)), write("tiny-new.txt", frame.format(after))
    cases += [Case("tiny diff, one changed sentence", [redline, "diff", "--format", "json", a, b], "jieba first cut", True),
              Case("jieba first cut", [sys.executable, "-c", JIEBA_FIRST_CUT])]
    return cases, made


def python_of(command: str) -> str:
    """The Python a console script runs under (its ``#!`` line), so the floor imports the build being timed."""
    path = shutil.which(command) or command
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
    except OSError:
        return sys.executable
    interpreter = first[2:].decode(errors="replace").strip() if first.startswith(b"#!") else ""
    return interpreter if interpreter and os.path.isfile(interpreter) else sys.executable


def report_counts(out: bytes) -> dict:
    """A JSON report's counts and first side's sentences, read without loading the whole report
    (a 7 MB diff's report would leave this process large, and forks count its memory)."""
    counts = re.search(rb'"summary":\s*\{"counts":\s*(\{[^}]*\})', out)
    sentences = re.search(rb'"a":\s*\{"name":\s*"(?:[^"\\]|\\.)*",\s*"sentences":\s*(\d+)', out)
    return {"counts": json.loads(counts.group(1)), "sentences": int(sentences.group(1))}


def measure(cases: list[Case], rounds: int) -> None:
    """Run every case once a round, in order, ``rounds`` times."""
    for _ in range(rounds):
        for case in cases:
            wall, rss, out = run(case.argv)
            if not out.startswith(case.expect):
                raise SystemExit(f"{case.name}: unexpected output {out[:200]!r}")
            case.walls.append(wall)
            case.peaks.append(rss)
            if case.report is None and case.redline:
                case.report = report_counts(out)
            del out


def report(cases: list[Case], made: dict[float, dict[str, int]], rounds: int) -> None:
    by_name = {case.name: case for case in cases}
    print(f"load average at end {os.getloadavg()}; medians of {rounds} interleaved rounds")
    print(f"{'case':<34} {'median':>8} {'peak MB':>8} {'ratio':>14}  budget")
    for case in cases:
        base = by_name.get(case.baseline or "")
        ratio = f"{case.median / base.median:6.2f} x {'jieba' if 'jieba' in base.name else 'difflib'}" if base else ""
        budget = BUDGETS.get(case.name, TINY_BUDGET if case.baseline == "jieba first cut" else None)
        peak = f"{max(case.peaks):8.0f}" if case.redline else " " * 8
        print(f"{case.name:<34} {case.median:7.3f}s {peak} {ratio:>14}  {f'<= {budget:g}' if budget else ''}")
    print("\ngrowth (diff --format json; sentences, time, peak memory, changes found / made):")
    first = None
    for mb, edits in made.items():
        case = by_name[f"diff {mb:g} MB"]
        counts = case.report["counts"]
        found = {k: counts[k] for k in ("modified", "split", "merged", "removed", "added", "moved")}
        first = first or (mb, case.median)
        print(f"  {mb:>4g} MB  {case.report['sentences']:>6} sentences  {case.median:6.2f} s "
              f"(x{case.median / first[1]:5.1f} for x{mb / first[0]:g} input)  {max(case.peaks):5.0f} MB  "
              f"found {found} made {edits}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.1,1,4,7", help="sizes in MB, comma-separated")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved runs of every case (median kept)")
    parser.add_argument("--redline", default=REDLINE, help="the redline command to time (another build, say)")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    if 1.0 not in sizes:
        sizes.append(1.0)  # the budgets are set at 1 MB
    print(f"{args.redline}; corpus {CORPUS}; {os.cpu_count()} cores; load average at start {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        # Inputs are made in another process: a child's peak memory counts its parent's at the fork.
        cases, made = pool.submit(build, Path(tmp), sizes, args.redline).result()
        run(next(case.argv for case in cases if case.name.startswith("tiny")))  # jieba's cache and word table in place
        measure(cases, args.rounds)
    report(cases, made, args.rounds)


if __name__ == "__main__":
    main()
