"""Benchmark the engine's worst cases (issue 10) against a 1 MB diff and difflib, in one run.

Run: python bench/bench_worst.py [--rounds 3] [--timeout 60] [--only NAME,...]

Every input is built from real press-conference text (../shared/corpus/mfa_zh,
or $REDLINE_CORPUS/mfa_zh) and timed end to end through the ``redline`` CLI
(start-up and jieba included), interleaved round by round with the two
baselines: ``redline diff`` of bench_diff's 1 MB pair and a difflib diff of the
same pair's sentence lists. Figures are medians over the rounds, printed with
ratios to both baselines and the machine's load average. A run that exceeds
--timeout is killed and reported as "> N s" (and not repeated).

The cases:
  (a) ``align`` of an excerpt against a full text holding 20,000 repeated
      short lines (the corpus's most frequent short sentences, such as
      你对此有何评论？, between real sentences); and ``align`` of the 1 MB pair
      full against full.
  (b) ``diff`` of two versions whose only difference is a stretch of 8,000
      repeated sentences, edited here and there (no sentence in the stretch
      is unique, so the anchors fall back to pairing repeats).
  (c) ``diff`` of one 20,000- and one 100,000-character sentence (real text
      with its sentence ends turned into commas) with scattered word edits;
      of a 320,000-character sentence of one clause repeated, 20 clauses
      edited; and of real transcript sentences against a 1.3 MB sentence
      of one clause repeated (one side all insertions: Myers' bounded cuts).
Budget (issue 10): each worst case at most 2x the 1 MB diff.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_diff import DIFFLIB, make_versions  # noqa: E402
from corpus import CORPUS, chinese_transcript, sentences_of  # noqa: E402

REDLINE = shutil.which("redline") or "redline"
BUDGET_RATIO = 2.0  # issue 10: each worst case at most 2x the 1 MB diff
REPEATED_LINES = 20_000
GAP_SENTENCES = 8_000
LONG_SENTENCES = (20_000, 100_000)
REPEATED_CLAUSE = "我们取得了进展，"  # 8 characters
REPEATED_CLAUSES = 40_000  # 320,000 characters
EDIT_EVERY = 50  # characters between word edits in a long sentence (about): D grows with N
_SENTENCE_END = re.compile(r"[。！？；!?;…\n]+")
_LABEL = re.compile(r"^[^，。：:]{1,16}[：:]")
_SHORT = re.compile(r"^[\u4e00-\u9fff]{3,10}[。？！]$")


@dataclass
class Case:
    """One command to time, with what its output should be checked for."""

    name: str
    argv: list[str]
    note: str = ""
    times: list[float] = field(default_factory=list)
    timed_out: bool = False
    output: bytes = b""


def timed(argv: list[str], timeout: float) -> tuple[float | None, bytes]:
    """Wall seconds and stdout of one run; None when killed at ``timeout``."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b""
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[:300]}")
    return wall, proc.stdout


def frequent_short_sentences(count: int = 6) -> list[str]:
    """The corpus's most repeated short sentences (你对此有何评论？ and the like)."""
    seen: Counter[str] = Counter()
    for path in sorted((CORPUS / "mfa_zh").glob("*.txt")):
        for sentence in sentences_of(path.read_text(encoding="utf-8")):
            sentence = sentence.strip()
            if _SHORT.match(sentence):
                seen[sentence] += 1
    return [s for s, _ in seen.most_common(count)]


def real_sentences(size: int) -> list[str]:
    """Distinct one-line sentences of the corpus, speaker labels (问：, 答：) taken off.

    Without labels every line belongs to one turn, so the benchmark measures
    the tracing of repeats, not the speaker rule.
    """
    out = [_LABEL.sub("", s.strip()) for s in sentences_of(chinese_transcript(size, seed=7)) if "\n" not in s.strip()]
    return list(dict.fromkeys(s for s in out if s))


def repeated_lines_pair(rng: random.Random) -> tuple[str, str]:
    """A full text of real sentences each followed by repeated short lines, and an excerpt.

    Four repeated lines follow each real sentence (20,000 in all); the
    excerpt keeps every other block whole, so half the repeats are traced.
    """
    repeats = frequent_short_sentences()
    real = [s for s in real_sentences(3_000_000) if len(s) > 12]
    blocks = []
    for k in range(REPEATED_LINES // 4):
        blocks.append([real[k % len(real)]] + [rng.choice(repeats) for _ in range(4)])
    full = "\n".join(line for block in blocks for line in block) + "\n"
    excerpt = "\n".join(line for block in blocks[::2] for line in block) + "\n"
    return full, excerpt


def repeated_gap_pair(rng: random.Random) -> tuple[str, str]:
    """Two versions differing only inside a stretch of repeated sentences.

    The stretch holds ``GAP_SENTENCES`` lines drawn from a few frequent short
    sentences; the new version replaces, drops or inserts one in 50 of them.
    Real text stands before and after.
    """
    repeats = frequent_short_sentences()
    gap = [rng.choice(repeats) for _ in range(GAP_SENTENCES)]
    new_gap = []
    for line in gap:
        roll = rng.random()
        if roll < 0.01:
            new_gap.append(rng.choice(repeats))
        elif roll < 0.015:
            continue
        elif roll < 0.02:
            new_gap.extend([line, rng.choice(repeats)])
        else:
            new_gap.append(line)
    text = chinese_transcript(40_000, seed=11)
    head, tail = text[:len(text) // 2].rsplit("\n", 1)[0], text[len(text) // 2:].split("\n", 1)[1]
    return (f"{head}\n" + "\n".join(gap) + f"\n{tail}", f"{head}\n" + "\n".join(new_gap) + f"\n{tail}")


def long_sentence_pair(chars: int, rng: random.Random) -> tuple[str, str]:
    """One sentence of ``chars`` characters of real text, and a copy with scattered word edits."""
    text = _SENTENCE_END.sub("，", chinese_transcript(chars * 4, seed=13))
    sentence = text[:chars - 1]
    words = ["非常", "进一步", "坚决", "始终", "积极", "认真"]
    pieces, pos = [], 0
    while pos < len(sentence):
        step = rng.randrange(EDIT_EVERY // 2, EDIT_EVERY * 3 // 2)
        piece = sentence[pos:pos + step]
        if len(piece) > 10:
            cut = rng.randrange(2, len(piece) - 4)
            piece = piece[:cut] + rng.choice(words) + piece[cut + 2:]
        pieces.append(piece)
        pos += step
    return sentence + "。\n", "".join(pieces) + "。\n"


def repeated_clause_pair(rng: random.Random) -> tuple[str, str]:
    """One sentence of ``REPEATED_CLAUSES`` copies of one clause, and a copy with 20 clauses edited."""
    clauses = [REPEATED_CLAUSE] * REPEATED_CLAUSES
    old = "".join(clauses) + "。\n"
    for _ in range(20):
        clauses[rng.randrange(len(clauses))] = "他们没有取得进展，"
    return old, "".join(clauses) + "。\n"


def short_against_huge_pair() -> tuple[str, str]:
    """About 2,000 characters of real sentences, and one sentence of 1.3 MB (one clause repeated)."""
    return "\n".join(real_sentences(6_000)[:40]) + "\n", "今天我们过得非常不错，" * 40_000 + "。\n"


def build(folder: Path, only: set[str] | None, redline: str) -> list[Case]:
    """Write every input into ``folder`` and return the cases to time."""
    rng = random.Random(10)

    def write(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    old, new, _ = make_versions(1_000_000)
    a, b = write("old-1mb.txt", old), write("new-1mb.txt", new)
    cases = [Case("diff 1 MB (baseline)", [redline, "diff", "--format", "json", a, b]),
             Case("difflib sentence lists, 1 MB", [sys.executable, "-c", DIFFLIB, a, b])]
    wanted = []
    full, excerpt = repeated_lines_pair(rng)
    wanted.append(Case("(a) align, 20,000 repeated lines",
                       [redline, "align", "--format", "json", write("rep-full.txt", full), write("rep-excerpt.txt", excerpt)],
                       f"{len(full.splitlines()):,} full lines, {len(excerpt.splitlines()):,} excerpt lines"))
    wanted.append(Case("(a) align 1 MB full vs full", [redline, "align", "--format", "json", a, b]))
    gap_old, gap_new = repeated_gap_pair(rng)
    wanted.append(Case("(b) diff, gap of 8,000 repeats",
                       [redline, "diff", "--format", "json", write("gap-old.txt", gap_old), write("gap-new.txt", gap_new)]))
    for chars in LONG_SENTENCES:
        x, y = long_sentence_pair(chars, rng)
        wanted.append(Case(f"(c) diff, one {chars:,}-char sentence",
                           [redline, "diff", "--format", "json", write(f"long-{chars}-a.txt", x), write(f"long-{chars}-b.txt", y)]))
    x, y = repeated_clause_pair(rng)
    wanted.append(Case(f"(c) diff, {len(x) - 2:,} chars of one clause",
                       [redline, "diff", "--format", "json", write("clause-a.txt", x), write("clause-b.txt", y)]))
    x, y = short_against_huge_pair()
    wanted.append(Case(f"(c) diff, short vs one {len(y.encode()) / 1e6:.1f} MB sentence",
                       [redline, "diff", "--format", "json", write("short.txt", x), write("huge.txt", y)]))
    return cases + [c for c in wanted if only is None or any(o in c.name for o in only)]


def summary(case: Case) -> str:
    """Counts from the JSON report, to see the result is sane."""
    if not case.output or case.argv[0] == sys.executable:
        return ""
    counts = json.loads(case.output)["summary"]["counts"]
    return " ".join(f"{k}={v}" for k, v in counts.items() if v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs of every case (median kept)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run is killed")
    parser.add_argument("--only", help="comma-separated substrings of the worst-case names to run")
    parser.add_argument("--redline", default=REDLINE, help="the redline command to time (another build, say)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    print(f"corpus {CORPUS}; load average at start {os.getloadavg()}; {os.cpu_count()} cores")
    timed([args.redline, "diff", "--format", "json", __file__, __file__], args.timeout)  # warm jieba's cache file
    with tempfile.TemporaryDirectory() as tmp:
        cases = build(Path(tmp), only, args.redline)
        for _ in range(args.rounds):
            for case in cases:
                if case.timed_out:
                    continue
                wall, out = timed(case.argv, args.timeout)
                if wall is None:
                    case.timed_out = True
                else:
                    case.times.append(wall)
                    case.output = case.output or out
    base, difflib_case = cases[0], cases[1]
    base_time, difflib_time = statistics.median(base.times), statistics.median(difflib_case.times)
    print(f"load average at end {os.getloadavg()}; medians of {args.rounds} interleaved rounds")
    print(f"{'case':<38} {'median':>9} {'x 1MB diff':>10} {'x difflib':>9}  result")
    for case in cases:
        if case.timed_out:
            seconds, ratio, vs_difflib = f"> {args.timeout:.0f} s", f"> {args.timeout / base_time:.0f}", ""
        else:
            median = statistics.median(case.times)
            seconds, ratio, vs_difflib = f"{median:.2f} s", f"{median / base_time:.1f}", f"{median / difflib_time:.1f}"
        print(f"{case.name:<38} {seconds:>9} {ratio:>10} {vs_difflib:>9}  {case.note} {summary(case)}".rstrip())
    print(f"budget: each worst case at most {BUDGET_RATIO:g}x the 1 MB diff ({BUDGET_RATIO * base_time:.2f} s here)")


if __name__ == "__main__":
    main()
