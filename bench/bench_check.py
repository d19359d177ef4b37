"""Benchmark issue 5's budgets: the HTML report of a 1 MB diff, and ``redline check`` over a big archive.

    python bench/bench_check.py [--skip-archive] [--keep DIR] [--runs N]

1. ``redline diff OLD NEW --format html -o FILE`` on two versions of a 1 MB
   Chinese transcript (bench_diff's edits: ~2% of sentences changed, some
   moved, split, merged), end to end: budget 3 s. Also the page's size and
   folds, and (if Debian's chromium is there) how long the browser takes to
   load it and take a screenshot.
2. ``redline check`` over issue 4's benchmark archive (1,000 statements x 10
   versions, built by bench_archive with git fast-import): budget 120 s on
   two cores; then one new version of one statement and ``check --since``
   the commit before it: budget 2 s. ``export-site`` of the same archive is
   timed for information.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_archive import build  # noqa: E402
from bench_diff import make_versions  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BUDGETS = {"html 1 MB diff": 3.0, "check archive": 120.0, "check --since": 2.0}


def redline(*args: str, ok=(0, 1)) -> float:
    """Wall seconds of one ``redline`` run, start-up included."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "redline.cli", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    if proc.returncode not in ok:
        raise SystemExit(f"redline {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[:400]}")
    return time.perf_counter() - started


def bench_html(folder: Path, runs: int) -> dict[str, float]:
    old, new, made = make_versions(1_000_000)
    (folder / "old.txt").write_text(old, encoding="utf-8")
    (folder / "new.txt").write_text(new, encoding="utf-8")
    out = folder / "report.html"
    seconds = min(redline("diff", str(folder / "old.txt"), str(folder / "new.txt"), "--format", "html",
                          "-o", str(out)) for _ in range(runs))
    page = out.read_text(encoding="utf-8")
    rows = page.count('class="row ')
    folds = re.findall(r'<details class="fold-same"><summary>([\d,]+) unchanged', page)
    print(f"1 MB diff ({sum(made.values())} edits made): page {len(page.encode()) / 1e6:.1f} MB, "
          f"{rows} rows, of which {sum(int(f.replace(',', '')) for f in folds)} unchanged sentences fold into "
          f"{len(folds)} closed runs")
    if Path(CHROMIUM).exists():
        started = time.perf_counter()
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-first-run", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={folder / 'profile'}", f"--screenshot={folder / 'shot.png'}",
                        "--window-size=1200,1400", out.as_uri()], capture_output=True, check=True, timeout=300)
        print(f"chromium loads and screenshots it in {time.perf_counter() - started:.1f} s (no budget)")
    return {"html 1 MB diff": seconds}


def bench_archive(folder: Path, corpus: Path) -> dict[str, float]:
    archive, ident, _ = build(folder, corpus)
    print(f"{os.cpu_count()} cores")
    results = {"check archive": redline("--archive", str(archive), "check", "--format", "json",
                                        "-o", str(folder / "check.json"))}
    before = subprocess.run(["git", f"--git-dir={archive}", "rev-parse", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    new = folder / "new.txt"
    new.write_text(subprocess.run([sys.executable, "-m", "redline.cli", "--archive", str(archive), "show", ident],
                                  capture_output=True, text=True, check=True).stdout + "\n补充:谢谢。\n",
                   encoding="utf-8")
    redline("--archive", str(archive), "add", ident, str(new), "--label", "corrected", ok=(0,))
    results["check --since"] = min(redline("--archive", str(archive), "check", "--since", before) for _ in range(3))
    started = time.perf_counter()
    redline("--archive", str(archive), "export-site", str(folder / "site"), ok=(0,))
    print(f"export-site of the archive: {time.perf_counter() - started:.1f} s (no budget)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[1] / "shared/corpus/mfa_zh")
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep it.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-archive", action="store_true", help="Only the HTML report.")
    args = parser.parse_args()
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        results = bench_html(root, args.runs)
        if not args.skip_archive:
            results.update(bench_archive(root, args.corpus))
    print(f"\n{'measure':<16} {'seconds':>8} {'budget':>7}")
    for name, seconds in results.items():
        flag = "ok" if seconds <= BUDGETS[name] else "OVER"
        print(f"{name:<16} {seconds:>8.2f} {BUDGETS[name]:>7.1f}  {flag}")


if __name__ == "__main__":
    main()
