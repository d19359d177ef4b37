"""Benchmark ``redline watch`` over 200 statements served from 127.0.0.1, 10% of them changed.

Run: python bench/bench_watch.py [--statements 200] [--runs 5]

The pages are real (../shared/corpus/web): each statement serves one of
the 12 saved pages in html/, except every tenth, which serves a real
re-release series from versions/ (GOV.UK statements, an EU legislative
file) and moves to the next release before each "changed" run, so 10% of
the statements change each time (releases whose statement text is that of
the release before are left out of the series: watch records nothing for
them). A local server (snapshots/localweb.py)
answers with an ETag, and 304 to a matching If-None-Match. The archive is
built once through the library (every statement added from its URL), then
three kinds of ``redline watch`` run end to end as a user runs them
(Python start-up included), interleaved with ``redline --help`` as the
baseline, each several times:

- nothing changed, the server answering conditional GETs with 304;
- nothing changed, a server that ignores conditional GETs (200 and the
  full page every time: redline compares the page's hash, and extracts
  nothing);
- 10% changed: each run records its 20 new versions in ONE commit.

It prints the median time of each (and as a multiple of ``--help``), the
commits and versions each run made, and the machine's load. ``delay = 0``
in redline.toml: the server is local (a real run waits ``delay`` seconds
between two requests to one host).
"""

from __future__ import annotations

import argparse
import json
import os
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
CONFIG = "[fetch]\ndelay = 0\nretries = 0\ntimeout = 30\n"


class Site:
    """The pages by path, an ETag per body, and whether conditional GETs are answered."""

    def __init__(self, web, conditional: bool = True) -> None:
        from redline.snapshots.localweb import Reply

        self.web, self.Reply, self.conditional = web, Reply, conditional
        self.bodies: dict[str, bytes] = {}

    def put(self, path: str, body: bytes) -> str:
        self.bodies[path] = body
        return self.web.serve(path, lambda seen, path=path: self.answer(path, seen))

    def answer(self, path: str, seen):
        body = self.bodies[path]
        etag = f'"{hash(body) & 0xffffffff:x}"'
        if self.conditional and seen.headers.get("if-none-match") == etag:
            return self.Reply(304)
        return self.Reply(200, body, {"Content-Type": "text/html; charset=utf-8", "ETag": etag})


def series() -> list[list[bytes]]:
    """The real re-release series of corpus/web/versions, each a list of page versions whose statement text
    differs from the one before (and, as they are served round and round, the last from the first). Some
    releases change only the page around the text (GOV.UK's quarantine release v1 to v3): those are left
    out, since watch rightly records nothing for them."""
    from redline.core.extraction import extract

    found = []
    for folder in sorted((CORPUS / "web" / "versions").iterdir()):
        pages, texts = [], []
        for path in sorted(folder.glob("*.html")):
            text = extract(path.read_bytes(), "text/html").text
            if not texts or text != texts[-1]:
                pages.append(path.read_bytes())
                texts.append(text)
        if len(texts) > 2 and texts[-1] == texts[0]:
            pages.pop()
        if len(pages) >= 2:
            found.append(pages)
    return found


def build(archive: Path, site: Site, count: int) -> dict[str, tuple[list[bytes], int]]:
    """An archive of ``count`` statements added from their URLs in one commit; the changing ones' series."""
    from redline.snapshots import Archive, capture
    from redline.snapshots.fetch import FetchSettings, Fetcher

    pages = [p.read_bytes() for p in sorted((CORPUS / "web" / "html").glob("*.html"))]
    chains = series()
    changing: dict[str, tuple[list[bytes], int]] = {}
    store = Archive.init(archive)
    (archive / "redline.toml").write_text(CONFIG, encoding="utf-8")
    additions = []
    with Fetcher(FetchSettings(delay=0, retries=0, robots=True)) as fetcher:
        for n in range(count):
            ident, path = f"bench/s{n:03d}", f"/s/{n:03d}"
            if n % 10 == 0:
                chain = chains[(n // 10) % len(chains)]
                changing[path] = (chain, 0)
                url = site.put(path, chain[0])
            else:
                url = site.put(path, pages[n % len(pages)])
            found = capture.fetch(fetcher, url)
            additions.append(store.prepare(ident, found.stored, source=url, original=found.original()))
    store.add_all(additions, "bench: 200 statements")
    return changing


def advance(site: Site, changing: dict[str, tuple[list[bytes], int]]) -> None:
    """Every changing statement moves to the next release of its series (round and round)."""
    for path, (chain, at) in list(changing.items()):
        at = (at + 1) % len(chain)
        changing[path] = (chain, at)
        site.bodies[path] = chain[at]


def timed(cmd: list[str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}")
    return elapsed, proc.stdout


def commits(archive: Path) -> int:
    return int(subprocess.run(["git", "-C", str(archive), "rev-list", "--count", "HEAD"],
                              capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs of each kind")
    args = parser.parse_args()
    from redline.snapshots.localweb import LocalWeb

    watch = [REDLINE, "--archive", "", "watch", "--allow-private-addresses", "--format", "json"]
    times: dict[str, list[float]] = {"--help": [], "unchanged (304)": [], "unchanged (200, no ETag)": [],
                                     "10% changed": []}
    made: dict[str, set[tuple[int, int, int]]] = {k: set() for k in times}
    with tempfile.TemporaryDirectory() as scratch, LocalWeb() as web:
        site = Site(web)
        archive = Path(scratch) / "archive"
        started = time.perf_counter()
        changing = build(archive, site, args.statements)
        print(f"built an archive of {args.statements} statements from their URLs in "
              f"{time.perf_counter() - started:.1f} s ({len(changing)} of them change each time)")
        watch[2] = str(archive)
        timed(watch)  # warm: robots.txt, caches, the index
        for _ in range(args.runs):
            for kind in times:
                if kind == "--help":
                    times[kind].append(timed([REDLINE, "--help"])[0])
                    continue
                site.conditional = kind != "unchanged (200, no ETag)"
                if kind == "10% changed":
                    advance(site, changing)
                before = commits(archive)
                elapsed, out = timed(watch)
                report = json.loads(out)
                times[kind].append(elapsed)
                made[kind].add((report["checked"], len(report["changed"]), commits(archive) - before))
    base = statistics.median(times["--help"])
    print(f"{'run':<28}{'median':>9}{'× --help':>10}   checked / changed / commits")
    for kind, values in times.items():
        median = statistics.median(values)
        counts = "; ".join(f"{c} / {n} / {k}" for c, n, k in sorted(made[kind])) if made[kind] else "-"
        print(f"{kind:<28}{median:>8.2f}s{median / base:>9.1f}×   {counts}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.runs} interleaved runs each; load average {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
