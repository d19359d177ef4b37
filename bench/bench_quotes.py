"""Benchmark ``redline quotes`` against ``redline align`` on the same article and transcript.

Run: python bench/bench_quotes.py [--runs 7]

Two real pairs, each a ~5 KB article and a 1 MB transcript: the GOV.UK
pre-brief of Liz Truss's 2022 UN speech against the speech as delivered, and
the 新闻联播 report on the 2025 New Year address against the address; in
each, the delivered text stands in the middle of other real press-conference
text (../shared/corpus/mfa_en or mfa_zh) up to 1 MB, so the quotations must
be found in all of it. ``quotes --format json`` and ``align --format json``
(the same two files, the article as the excerpt) run interleaved, start-up
and jieba included; the script prints the median of each, their ratio (the
issue asks for quotes to be no slower than align) and the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS, chinese_transcript, run  # noqa: E402

REDLINE = shutil.which("redline") or "redline"
SIZE = 1_000_000
PAIRS = {
    "en": ("govuk/prebrief_vs_delivered/2022-09-21_truss_unga.excerpt.txt",
           "govuk/prebrief_vs_delivered/2022-09-21_truss_unga.full.txt", "mfa_en"),
    "zh": ("news_zh/xwlb_newyear2025.report.txt", "news_zh/xwlb_newyear2025.address.txt", "mfa_zh"),
}


def build(lang: str, folder: Path) -> tuple[Path, Path]:
    """The article (padded to ~5 KB with the pair's other real reports for Chinese) and a 1 MB transcript."""
    article_path, speech_path, filler = PAIRS[lang]
    article = (CORPUS / article_path).read_text(encoding="utf-8")
    if lang == "zh":  # the 新闻联播 report is 1.8 KB: both years' reports make a longer article
        article += "\n\n" + (CORPUS / "news_zh/xwlb_newyear2024.report.txt").read_text(encoding="utf-8")
    speech = (CORPUS / speech_path).read_text(encoding="utf-8")
    title, _, body = speech.partition("\n")
    padding = chinese_transcript(SIZE - len(speech.encode("utf-8")), seed=7, folder=filler)
    half = padding.rfind("\n\n", 0, len(padding) // 2)
    transcript = f"{title}\n\n{padding[:half].strip()}\n\n{body.strip()}\n\n{padding[half:].strip()}\n"
    a, t = folder / f"article-{lang}.txt", folder / f"transcript-{lang}.txt"
    a.write_text(article, encoding="utf-8")
    t.write_text(transcript, encoding="utf-8")
    return a, t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs of each command")
    args = parser.parse_args()
    run([REDLINE, "align", "--format", "json", __file__, __file__])  # warm jieba's cache file
    with tempfile.TemporaryDirectory() as tmp:
        print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for lang in PAIRS:
            article, transcript = build(lang, Path(tmp))
            quotes_cmd = [REDLINE, "quotes", "--format", "json", str(article), str(transcript)]
            align_cmd = [REDLINE, "align", "--format", "json", str(transcript), str(article)]
            times: dict[str, list[float]] = {"quotes": [], "align": []}
            outputs: dict[str, bytes] = {}
            for _ in range(args.runs):
                for name, cmd in (("quotes", quotes_cmd), ("align", align_cmd)):
                    wall, _, outputs[name] = run(cmd)
                    times[name].append(wall)
            summary = json.loads(outputs["quotes"])["summary"]
            q, a = statistics.median(times["quotes"]), statistics.median(times["align"])
            print(f"{lang}: article {article.stat().st_size / 1000:.1f} KB, transcript "
                  f"{transcript.stat().st_size / 1e6:.2f} MB; quotes {q:.2f}s, align {a:.2f}s (medians of "
                  f"{args.runs}); quotes/align = {q / a:.2f}; {summary}")
        print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("budget: quotes/align <= 1.0")


if __name__ == "__main__":
    main()
