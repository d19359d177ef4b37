"""What jieba costs before its first cut, and what core/jieba_fast.py and rjieba save.

Run: python bench/bench_jieba.py [--rounds 7] [--no-identity]

1. Fresh interpreters, interleaved round by round (median): ``import jieba``
   with and without ``pkg_resources``, ``jieba.initialize()`` against the
   fast loader, the issue's reference first cut (``import jieba;
   jieba.lcut('今天我们取得了进展')``), rjieba's first cut (if installed), and
   ``redline diff`` of a tiny pair with one changed Chinese sentence.
2. Where ``import jieba`` spends its time (``python -X importtime``).
3. jieba's cache read two ways in one process: ``marshal.load(file)`` and
   ``marshal.loads(file.read())`` (CPU seconds, median, interleaved).
4. Cutting speed with the dict and with the word table (core/jieba_fast.py),
   which decodes only the buckets of the characters and pairs a batch meets.
5. Token identity: every distinct Chinese run of ../shared/corpus/mfa_zh and
   news_zh cut by ``jieba.lcut(run, HMM=True)`` and by ``rjieba.cut(run)``
   (the run splitter is redline's: maximal runs of Han characters).
"""

from __future__ import annotations

import argparse
import marshal
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS  # noqa: E402

REDLINE = shutil.which("redline") or "redline"
# The loader alone, without importing the rest of redline.core (it imports only the standard library).
LOADER = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1] / 'core')!r}); import jieba_fast"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
FIRST_CUT = "今天我们取得了进展"
SNIPPETS = {
    "python (nothing)": "pass",
    "import pkg_resources": "import warnings; warnings.simplefilter('ignore'); import pkg_resources",
    "import jieba": "import jieba",
    "import jieba, no pkg_resources": "import sys; sys.modules['pkg_resources'] = None; import jieba",
    "jieba.initialize() (plain)": "import jieba; jieba.setLogLevel(60); jieba.initialize()",
    "jieba_fast.load()": f"{LOADER}; jieba_fast.load()",
    "first cut, plain jieba (reference)": f"import jieba; jieba.lcut('{FIRST_CUT}')",
    "first cut, jieba_fast": f"{LOADER}; jieba_fast.load().lcut('{FIRST_CUT}')",
    "first cut, rjieba": f"import rjieba; rjieba.cut('{FIRST_CUT}')",
}


def has(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def startup(rounds: int, folder: Path) -> dict[str, float]:
    """Median wall seconds of each snippet (and a tiny redline diff), interleaved."""
    old, new = folder / "old.txt", folder / "new.txt"
    old.write_text("外交部发言人表示。\n今天我们取得了进展。\n谢谢。\n", encoding="utf-8")
    new.write_text("外交部发言人表示。\n今天我们取得了重要进展。\n谢谢。\n", encoding="utf-8")
    table = folder / "jieba.table"
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from redline.core import jieba_fast; "
                    "jieba_fast.save_table(Path(sys.argv[1]))", str(table)], check=True)
    commands = {name: [sys.executable, "-c", code] for name, code in SNIPPETS.items()}
    commands["first cut, jieba_fast word table"] = [
        sys.executable, "-c", f"{LOADER}; jieba_fast.load_table({str(table)!r}).cut(['{FIRST_CUT}'])"]
    if not has("rjieba"):
        del commands["first cut, rjieba"]
    commands["redline diff, one changed sentence"] = [REDLINE, "diff", "--format", "json", str(old), str(new)]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            times[name].append(wall(argv))
    return {name: statistics.median(ts) for name, ts in times.items()}


def import_breakdown() -> list[tuple[int, str]]:
    """Cumulative microseconds of ``import jieba`` and of its heaviest parts (median of 5 runs)."""
    runs: dict[str, list[int]] = {}
    for _ in range(5):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import jieba"], capture_output=True, text=True)
        for line in proc.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
            if match and match.group(3).split(".")[0] in ("jieba", "pkg_resources"):
                runs.setdefault(match.group(3), []).append(int(match.group(2)))
    rows = [(int(statistics.median(values)), module) for module, values in runs.items()]
    return sorted(rows, reverse=True)[:6]


def cache_reads(rounds: int) -> tuple[float, float, int]:
    """CPU seconds of marshal.load(file) and marshal.loads(bytes) of jieba's cache, and its size."""
    from redline.core import jieba_fast

    jieba = jieba_fast.load()
    path = jieba_fast.cache_path(jieba.dt)
    by_file, by_bytes = [], []
    for _ in range(rounds):
        start = time.process_time()
        with open(path, "rb") as handle:
            first = marshal.load(handle)
        by_file.append(time.process_time() - start)
        start = time.process_time()
        with open(path, "rb") as handle:
            second = marshal.loads(handle.read())
        by_bytes.append(time.process_time() - start)
        assert first == second
        first = second = None
    return statistics.median(by_file), statistics.median(by_bytes), os.path.getsize(path)


def corpus_runs() -> list[str]:
    """Every distinct Chinese run of the corpus's mfa_zh and news_zh, in file order."""
    runs: dict[str, None] = {}
    for folder in ("mfa_zh", "news_zh"):
        for path in sorted((CORPUS / folder).glob("*.txt")):
            runs.update(dict.fromkeys(HAN_RUN.findall(path.read_text(encoding="utf-8"))))
    return list(runs)


def table_throughput(count: int) -> tuple[float, float]:
    """Seconds to cut ``count`` corpus runs with the loaded dict and from the word table (filling included)."""
    from redline.core import jieba_fast

    jieba = jieba_fast.load()
    runs = corpus_runs()[:count]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jieba.table"
        jieba_fast.save_table(path)
        start = time.perf_counter()
        tabled = jieba_fast.load_table(path).cut(runs)
        with_table = time.perf_counter() - start
    start = time.perf_counter()
    plain = [jieba.lcut(run, HMM=True) for run in runs]
    with_dict = time.perf_counter() - start
    assert tabled == plain
    return with_dict, with_table


def identity() -> dict:
    """rjieba's tokens against jieba.lcut(run, HMM=True) over every distinct corpus run."""
    import rjieba

    from redline.core import jieba_fast

    jieba = jieba_fast.load()
    runs = corpus_runs()
    start = time.perf_counter()
    plain = [jieba.lcut(run, HMM=True) for run in runs]
    jieba_seconds = time.perf_counter() - start
    start = time.perf_counter()
    fast = [rjieba.cut(run) for run in runs]
    rjieba_seconds = time.perf_counter() - start
    differ = [(run, p, f) for run, p, f in zip(runs, plain, fast) if p != f]
    return {"runs": len(runs), "chars": sum(map(len, runs)), "differ": differ,
            "jieba_seconds": jieba_seconds, "rjieba_seconds": rjieba_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved runs of every command (median kept)")
    parser.add_argument("--no-identity", action="store_true", help="skip the corpus-wide token comparison")
    args = parser.parse_args()
    print(f"load average at start {os.getloadavg()}; {os.cpu_count()} cores")
    subprocess.run([sys.executable, "-c", SNIPPETS["jieba_fast.load()"]], check=True)  # make sure the cache exists
    with tempfile.TemporaryDirectory() as tmp:
        medians = startup(args.rounds, Path(tmp))
    reference = medians["first cut, plain jieba (reference)"]
    print(f"\n1. fresh interpreters, median of {args.rounds} interleaved rounds")
    for name, seconds in medians.items():
        print(f"  {name:<38} {seconds:6.3f} s  {seconds / reference:5.2f} x reference")
    print("\n2. import jieba, heaviest imports (cumulative ms):")
    for micros, module in import_breakdown():
        print(f"  {module:<30} {micros / 1000:7.1f}")
    by_file, by_bytes, size = cache_reads(max(3, args.rounds // 2))
    print(f"\n3. jieba's cache ({size / 1e6:.1f} MB): marshal.load(file) {by_file:.3f} s CPU, "
          f"marshal.loads(read()) {by_bytes:.3f} s CPU ({by_file / by_bytes:.1f}x)")
    load = medians["jieba_fast.load()"] - medians["import jieba, no pkg_resources"]
    print("\n4. cutting corpus runs (identical tokens), the dict's load aside "
          f"(~{load:.2f} s above the import) against the word table, its reading and filling included:")
    for count in (500, 5000, 50000):
        with_dict, with_table = table_throughput(count)
        print(f"  {count:>6,} runs: {with_dict:.2f} s with the loaded dict, {with_table:.2f} s from the table")
    if not args.no_identity and has("rjieba"):
        result = identity()
        print(f"\n5. {result['runs']:,} distinct Chinese runs ({result['chars']:,} characters) of mfa_zh + news_zh: "
              f"{len(result['differ'])} cut differently by rjieba; "
              f"jieba {result['jieba_seconds']:.2f} s, rjieba {result['rjieba_seconds']:.2f} s")
        for run, plain, fast in result["differ"][:10]:
            print(f"   {run[:40]}: jieba {plain[:8]} rjieba {fast[:8]}")
    print(f"\nload average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
