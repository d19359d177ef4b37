"""Do archive queries grow with the archive? 300 against 10,000 statements, 3 versions each.

Builds both archives with ``git fast-import`` (as bench_archive.py does: real
Foreign Ministry briefings, laid out exactly as ``redline add`` lays them
out; beyond the corpus's 1,000 files statements repeat them with a line of
their own), then times ``search``, ``search --history``, ``list``, ``log``
and ``blame`` end to end on both, interleaved, and prints the median of
each and the ratio 10,000 / 300, with the machine's load.

    python bench/bench_archive_scale.py [--keep DIR] [--runs N] [--sizes 300,10000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_archive import build  # noqa: E402
from corpus import CORPUS  # noqa: E402

VERSIONS = 3
MIN_BYTES = 3_000
QUERIES = {
    "search": ["search", "中方高度重视"],
    "search --history": ["search", "中方高度重视", "--history"],
    "search (none)": ["search", "这句话不在任何文件里出现"],
    "search (one)": ["search", "第7号转载"],
    "search (one) --history": ["search", "第7号转载", "--history"],
    "list": ["list"],
    "log": ["log", "{first}"],
    "blame": ["blame", "{first}"],
}


def run(archive: Path, args: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "redline.cli", "--archive", str(archive), *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"redline {' '.join(args)} failed: {proc.stderr.decode()}")
    return elapsed


def results(archive: Path, query: list[str], first: str) -> int:
    """How many rows (matches, statements, versions, sentences) a query's JSON holds."""
    args = [arg.format(first=first) for arg in query]
    out = json.loads(subprocess.run([sys.executable, "-m", "redline.cli", "--archive", str(archive), *args,
                                     "--format", "json"], capture_output=True).stdout)
    return len(next(v for k, v in out.items() if isinstance(v, list)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="Build the archives here and keep them (reused when present).")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="300,10000")
    args = parser.parse_args()
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        archives = {}
        for size in sizes:
            folder = root / f"scale-{size}"
            if not (folder / "archive").exists():
                folder.mkdir(parents=True, exist_ok=True)
                build(folder, CORPUS / "mfa_zh", size, VERSIONS, MIN_BYTES)
            archives[size] = folder / "archive"
            run(archives[size], ["list"])  # the first reader fills caches, as any first command would
            run(archives[size], ["search", "预热"])
        listed = subprocess.run([sys.executable, "-m", "redline.cli", "--archive", str(archives[sizes[0]]), "list",
                                 "--format", "json"], capture_output=True, check=True).stdout
        first = json.loads(listed)["statements"][0]["id"]  # a statement both archives hold
        times: dict[tuple[int, str], list[float]] = {}
        loads = []
        for _ in range(args.runs):
            for name, query in QUERIES.items():
                for size in sizes:
                    command = [arg.format(first=first) for arg in query]
                    times.setdefault((size, name), []).append(run(archives[size], command))
            loads.append(os.getloadavg()[0])
        print(f"load average during the runs: {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores; "
              f"median of {args.runs} interleaved runs, seconds, start-up included")
        print(f"{'command':<18}" + "".join(f"{size:>10}" for size in sizes) + f"{'ratio':>8}  results")
        for name, query in QUERIES.items():
            medians = [statistics.median(times[(size, name)]) for size in sizes]
            found = " / ".join(str(results(archives[size], query, first)) for size in sizes)
            print(f"{name:<18}" + "".join(f"{m:>10.3f}" for m in medians) + f"{medians[-1] / medians[0]:>8.2f}  {found}")
        print("A search reads only the statements that hold the query (through the index), so its cost follows "
              "the results, not the archive: these archives repeat the corpus, so common phrases match more "
              "at 10,000.")


if __name__ == "__main__":
    main()
