"""Benchmark decoding + segmentation of real Chinese transcripts, and CLI start-up.

Run: python bench/bench_segment.py [--sizes 0.1,1,4] [--repeat 5]

For each size it concatenates real press-conference transcripts (different
files from ../shared/corpus/mfa_zh, never one text repeated), then, in a
fresh interpreter per size, times ``segment(decode(bytes))`` (best of
--repeat; no word tokens, so jieba stays unloaded) and measures its peak
memory twice: Python allocations (tracemalloc) and the whole process
(ru_maxrss, interpreter included). Then it times ``redline --help`` and
``redline --version`` as subprocesses. Budgets (issue 2): 1 MB in 0.2 s at
most, peak 150 MB at most, start-up under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import best_of, chinese_transcript, run  # noqa: E402

MB = 1_000_000
BUDGET_SECONDS = 0.2
BUDGET_PEAK_MB = 150
BUDGET_STARTUP_SECONDS = 0.3


def measure(path: Path, repeat: int) -> dict:
    """Run in the child: best time and tracemalloc peak of decode + segment."""
    from redline.core import decode, parse, segment
    from redline.core.wordcut import jieba_loaded

    data = path.read_bytes()
    best = float("inf")
    doc = None
    for _ in range(repeat):
        doc = None  # free the last document before timing the next
        parse._splits.clear()  # a first parse: no line's split remembered from the run before
        start = time.perf_counter()
        doc = segment(decode(data, str(path)))
        best = min(best, time.perf_counter() - start)
    sentences = len(doc.sentences)
    doc = None
    parse._splits.clear()
    tracemalloc.start()
    segment(decode(data, str(path)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": best, "traced_mb": peak / 2**20, "sentences": sentences, "jieba": jieba_loaded()}


def bench_size(size_mb: float, folder: Path, repeat: int) -> dict:
    """Build the input in ``folder`` and measure it in a fresh interpreter."""
    text = chinese_transcript(int(size_mb * MB))
    path = folder / f"transcript-{size_mb}MB.txt"
    path.write_text(text, encoding="utf-8")
    _, rss_mb, out = run([sys.executable, __file__, "--measure", str(path), "--repeat", str(repeat)])
    result = json.loads(out)
    result.update(size_mb=size_mb, bytes=path.stat().st_size, rss_mb=rss_mb)
    return result


def redline_script() -> str:
    beside = Path(sys.executable).with_name("redline")
    return str(beside) if beside.exists() else shutil.which("redline") or "redline"


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER BUDGET"


def report(rows: list[dict], startup: dict[str, float]) -> None:
    print("decode + segment of real MFA Chinese transcripts (no word tokens)")
    print(f"{'size':>8} {'bytes':>10} {'sentences':>10} {'best time':>10} {'s per MB':>9} "
          f"{'traced peak':>12} {'process RSS':>12} {'jieba':>6}")
    for row in rows:
        print(f"{row['size_mb']:>6} MB {row['bytes']:>10,} {row['sentences']:>10,} {row['seconds']:>8.3f} s "
              f"{row['seconds'] / (row['bytes'] / MB):>9.3f} {row['traced_mb']:>9.1f} MB {row['rss_mb']:>9.1f} MB "
              f"{'yes' if row['jieba'] else 'no':>6}")
    for small, large in zip(rows, rows[1:]):
        size, seconds = large["bytes"] / small["bytes"], large["seconds"] / small["seconds"]
        traced = large["traced_mb"] / small["traced_mb"]
        print(f"growth {small['size_mb']} -> {large['size_mb']} MB (size x{size:.1f}): "
              f"time x{seconds:.1f}, traced peak x{traced:.1f}")
    one = next((row for row in rows if row["size_mb"] == 1), None)
    if one:
        print(f"budget 1 MB <= {BUDGET_SECONDS} s: {one['seconds']:.3f} s {verdict(one['seconds'] <= BUDGET_SECONDS)}")
    worst = max(max(row["rss_mb"], row["traced_mb"]) for row in rows)
    print(f"budget peak <= {BUDGET_PEAK_MB} MB (largest input, whole process): {worst:.1f} MB "
          f"{verdict(worst <= BUDGET_PEAK_MB)}")
    print()
    for command, seconds in startup.items():
        print(f"{command}: {seconds:.3f} s (best of 7) {verdict(seconds < BUDGET_STARTUP_SECONDS)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,1,4", help="input sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size (best is kept)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = [bench_size(float(size), Path(tmp), args.repeat) for size in args.sizes.split(",")]
    script = redline_script()
    startup = {f"redline {flag}": best_of(7, [script, flag])[0] for flag in ("--help", "--version")}
    report(rows, startup)


if __name__ == "__main__":
    main()
