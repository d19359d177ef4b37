"""Benchmark extraction: a large real web page and a 20-page-plus real PDF, warm and cold.

Run: python bench/bench_extract.py [--runs 7]

Pages and PDFs come from ../shared/corpus/web (REDLINE_CORPUS overrides).
Warm: ``redline.core.extraction.extract`` in this process, median of --runs
interleaved runs, wall and CPU (process) time; CPU time is steadier on a
shared machine. Baselines in the same runs: parsing the decoded page with
lxml, and inflating every stream of the PDF with zlib. Cold: the same call
in a fresh interpreter (imports of readability-lxml / pdfminer.six
included), minus an empty interpreter's start. Budgets (issue 11): a
200 KB page in 0.2 s, a 20-page PDF in 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_extractors import inflate_streams  # noqa: E402
from corpus import CORPUS  # noqa: E402

WEB = CORPUS / "web"
PAGES = [
    "html/zh_cmse_2012-06-24_spokesperson-statement_DOM.html",  # 423 KB saved DOM, the largest statement page
    "versions/europarl_oeil_2023-2019-INI/v1_commit-b7ce7e0_2024-05-24.html",  # 137 KB
    "html/en_europarl_2019-07-18_venezuela-sanctions_press-release.html",  # 103 KB
]
PDFS = [
    "pdf/en_fed_FOMCpresconf20220615_powell-transcript.pdf",  # 27 pages
    "pdf/en_fed_FOMCpresconf20220727_powell-transcript.pdf",  # 29 pages
]
BUDGET_PAGE_SECONDS_PER_200KB = 0.2
BUDGET_PDF_SECONDS_PER_20_PAGES = 1.0


def lxml_parse(data: bytes) -> None:
    import lxml.html

    from redline.core.htmldecode import decode_html
    from redline.core.htmltext import clean_markup

    lxml.html.document_fromstring(clean_markup(decode_html(data)))


def timed(function, data: bytes) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function(data)
    return time.perf_counter() - wall, time.process_time() - cpu


def warm(paths: list[Path], baseline, runs: int) -> dict[Path, dict[str, float]]:
    from redline.core.extraction import extract

    inputs = {path: path.read_bytes() for path in paths}
    for data in inputs.values():
        extract(data)  # imports and first-call set-up are measured cold, below
    samples: dict[tuple[Path, str], list[tuple[float, float]]] = {}
    for _ in range(runs):
        for path, data in inputs.items():
            samples.setdefault((path, "extract"), []).append(timed(extract, data))
            samples.setdefault((path, "baseline"), []).append(timed(baseline, data))
    result = {}
    for path in paths:
        wall = statistics.median(s[0] for s in samples[path, "extract"])
        cpu = statistics.median(s[1] for s in samples[path, "extract"])
        base = statistics.median(s[1] for s in samples[path, "baseline"])
        result[path] = {"wall": wall, "cpu": cpu, "ratio": cpu / base if base else float("nan")}
    return result


def cold(path: Path, runs: int) -> float:
    """Median wall time of one extract() in a fresh interpreter, minus an empty interpreter's."""
    code = ("import sys\nfrom pathlib import Path\nfrom redline.core.extraction import extract\n"
            "extract(Path(sys.argv[1]).read_bytes())")
    empty, full = [], []
    for _ in range(runs):
        for command, into in (([sys.executable, "-c", "pass"], empty), ([sys.executable, "-c", code, str(path)], full)):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            into.append(time.perf_counter() - start)
    return statistics.median(full) - statistics.median(empty)


def pdf_pages(path: Path) -> int:
    from redline.core.pdftext import _read

    return len(_read(path.read_bytes(), str(path))[0])


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} CPUs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs per input (median reported)")
    args = parser.parse_args()
    pages = [WEB / p for p in PAGES]
    pdfs = [WEB / p for p in PDFS]
    missing = [p for p in pages + pdfs if not p.exists()]
    if missing:
        sys.exit(f"missing {missing[0]} (set REDLINE_CORPUS)")
    print(f"load before: {load()}")
    page_times = warm(pages, lxml_parse, args.runs)
    pdf_times = warm(pdfs, inflate_streams, max(3, args.runs // 2))
    cold_page = cold(pages[0], 3)
    cold_pdf = cold(pdfs[0], 3)
    print(f"load after:  {load()}\n")

    print("Web pages (readability-lxml + redline metadata and layout), warm, median of runs")
    print(f"{'page':<58} {'KB':>5} {'wall s':>7} {'CPU s':>7} {'CPU s/200KB':>11} {'× lxml parse':>12}")
    for path, t in page_times.items():
        kb = path.stat().st_size / 1000
        per_200 = t["cpu"] * 200 / kb
        print(f"{path.name[:58]:<58} {kb:5.0f} {t['wall']:7.3f} {t['cpu']:7.3f} {per_200:11.3f} {t['ratio']:12.1f}"
              f"  {'OK' if per_200 <= BUDGET_PAGE_SECONDS_PER_200KB else 'OVER BUDGET'}")
    print(f"cold, fresh interpreter, {pages[0].name[:40]}: {cold_page:.3f} s (imports included)\n")

    print("PDFs (pdfminer.six + redline layout), warm, median of runs")
    print(f"{'PDF':<58} {'pages':>5} {'wall s':>7} {'CPU s':>7} {'CPU s/20pp':>10} {'× inflate':>9}")
    for path, t in pdf_times.items():
        pages_count = pdf_pages(path)
        per_20 = t["cpu"] * 20 / pages_count
        print(f"{path.name[:58]:<58} {pages_count:5d} {t['wall']:7.3f} {t['cpu']:7.3f} {per_20:10.3f} {t['ratio']:9.0f}"
              f"  {'OK' if per_20 <= BUDGET_PDF_SECONDS_PER_20_PAGES else 'OVER BUDGET'}")
    print(f"cold, fresh interpreter, {pdfs[0].name[:40]}: {cold_pdf:.3f} s (imports included)")


if __name__ == "__main__":
    main()
