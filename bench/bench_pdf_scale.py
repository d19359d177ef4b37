"""How the cost of reading a PDF grows on hostile shapes, and what it costs in memory.

Run: python bench/bench_pdf_scale.py [--runs 5] [--size 600] [--before]

Each shape is a small PDF (Flate-compressed, built here) at 1x, 2x and 4x
--size, read by ``extract_pdf`` (its reading process's CPU time included), interleaved with a baseline: a
real 27-page transcript (../shared/corpus/web/pdf; REDLINE_CORPUS
overrides). The script prints the medians, the growth from 1x to 2x and
from 2x to 4x (close to 2 is linear, 4 quadratic, 8 cubic), the cost at 4x
as a multiple of the baseline, and the peak memory of reading the 4x file
in a fresh interpreter (imports included; an empty PDF's is printed for
reference). Every 4x file stays under redline's caps
(core/pdflines.py). --before also times the previous reading (pdfminer's
layout analysis, which grouped lines into text boxes) at 1x and 2x, once
each; it takes minutes.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from corpus import CORPUS  # noqa: E402
from pdfs import make_pdf, runs  # noqa: E402  (the tests' PDF writer)

BASELINE = CORPUS / "web" / "pdf" / "en_fed_FOMCpresconf20220615_powell-transcript.pdf"
TEXT = b"Hello world. This is text."  # 26 characters, the security review's run


def _runs(spots, text: bytes = TEXT, size: int = 12) -> bytes:
    return runs(spots, text, size)


def _strewn(n: int) -> bytes:
    area = [(x, y) for x in range(60, 360, 2) for y in range(300, 500, 2)]
    return make_pdf([_runs(random.Random(5).sample(area, n))])


def _transcript_pages(n: int) -> bytes:
    """``n`` pages of 40 lines of 10-point text, 12 words a line."""
    words = b"the committee will publish its report on the programme next week and".split()
    rng = random.Random(7)
    def line(i: int) -> bytes:
        return b"BT /F1 10 Tf 72 %d Td (%s) Tj ET\n" % (720 - 15 * i, b" ".join(rng.choices(words, k=12)))

    return make_pdf([b"".join(map(line, range(40))) for _ in range(n)])


def _forms(n: int, leaf: bytes) -> bytes:
    """Forms each drawing the one below twice, down to ``leaf``, drawn n times (rounded down to a power of 2).

    Text inside forms is not read, so the page has a line of its own.
    """
    depth = n.bit_length() - 1
    page = b"/X%d Do " % depth + _runs([(72, 300)], b"The page's own line.")
    return make_pdf([page], [leaf] + [b"/X%d Do /X%d Do" % (i, i) for i in range(depth)])


# name: (what the file at size n draws, build(n) -> PDF bytes)
SHAPES = {
    "stacked": ("n runs of 26 characters at one spot (the review's file)",
                lambda n: make_pdf([_runs([(72, 712)] * n)])),
    "strewn": ("n runs at random spots of a 300 x 200 pt area", _strewn),
    "one-long-line": ("one run of 40n characters in 1-point type",
                      lambda n: make_pdf([_runs([(0, 400)], b"ab " * (40 * n // 3), 1)])),
    "pages": ("n/10 pages of 40 lines of text", lambda n: _transcript_pages(n // 10)),
    "forms-text": ("forms within forms drawing a run of text n times", lambda n: _forms(n, _runs([(72, 400)]))),
    "forms-nothing": ("forms within forms drawing 1 KB of commands that draw nothing n times",
                      lambda n: _forms(n, b"q Q\n" * 256)),
}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (redline reads a PDF in a child process)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(read, data: bytes) -> float:
    start = _cpu()
    read(data)
    return _cpu() - start


def _read_new(data: bytes) -> None:
    from redline.core.pdftext import extract_pdf

    extract_pdf(data, "bench.pdf")


def _read_before(data: bytes) -> None:
    """The reading before core/pdflines.py: pdfminer's layout analysis, its boxes' lines."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams(boxes_flow=None))
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        [line.get_text() for box in device.get_result() if isinstance(box, LTTextContainer)
         for line in box if isinstance(line, LTTextLine)]


def _peak_mb(data: bytes) -> float:
    """Peak resident memory of a fresh interpreter that reads ``data`` (imports included): the larger of its
    own and its reading process's."""
    # VmHWM, not getrusage's ru_maxrss, which a child inherits from this (larger) process across fork and exec;
    # the reading process's ru_maxrss may be the fresh interpreter's, which is smaller.
    code = ("import re, resource, sys\nfrom redline.core.errors import RedlineError\n"
            "from redline.core.pdftext import extract_pdf\n"
            "try:\n    extract_pdf(sys.stdin.buffer.read())\nexcept RedlineError:\n    pass\n"
            "own = int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))\n"
            "print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True).stdout
    return int(out) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=600, help="n at 1x")
    parser.add_argument("--before", action="store_true", help="also time the previous reading at 1x and 2x (slow)")
    args = parser.parse_args()
    sizes = (args.size, 2 * args.size, 4 * args.size)
    baseline = BASELINE.read_bytes()
    _read_new(baseline)  # imports
    print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; CPU seconds, medians of {args.runs}")
    print(f"{'shape':<15}{'KB at 4x':>9}{'1x s':>8}{'2x s':>8}{'4x s':>8}{'2x/1x':>7}{'4x/2x':>7}"
          f"{'× base':>8}{'MB at 4x':>9}" + ("   before 1x, 2x" if args.before else ""))
    base = []
    for name, (_, build) in SHAPES.items():
        files = {n: build(n) for n in sizes}
        times = {n: [] for n in sizes}
        for _ in range(args.runs):
            for n in sizes:
                times[n].append(_timed(_read_new, files[n]))
            base.append(_timed(_read_new, baseline))
        med = {n: statistics.median(times[n]) for n in sizes}
        row = (f"{name:<15}{len(files[sizes[-1]]) / 1024:>9.1f}" + "".join(f"{med[n]:>8.3f}" for n in sizes)
               + f"{med[sizes[1]] / med[sizes[0]]:>7.2f}{med[sizes[2]] / med[sizes[1]]:>7.2f}"
               + f"{med[sizes[2]] / statistics.median(base):>8.1f}{_peak_mb(files[sizes[-1]]):>9.0f}")
        if args.before:
            row += "   " + ", ".join(f"{_timed(_read_before, files[n]):.2f}" for n in sizes[:2])
        print(row, flush=True)
    print(f"{'(baseline)':<15}{len(baseline) / 1024:>9.1f}{statistics.median(base):>8.3f}"
          f"   the 27-page Fed transcript; peak {_peak_mb(baseline):.0f} MB")
    print(f"{'(empty PDF)':<15}{'':>49}{_peak_mb(make_pdf([b''])):>9.0f}")
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, (description, _) in SHAPES.items():
        print(f"  {name}: {description}")


if __name__ == "__main__":
    main()
