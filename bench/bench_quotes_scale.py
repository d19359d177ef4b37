"""How the quotation finder's cost grows on articles of hostile shapes.

Run: python bench/bench_quotes_scale.py [--runs 5] [--size 40000]

Each shape is built at 1x, 2x and 4x --size characters and given to
``find_quotations`` in-process, interleaved with a baseline of the same
size: ``split_sentences`` over a real English press-conference text
(../shared/corpus/mfa_en), a pass every article needs anyway. The script
prints the medians, each shape's cost relative to the baseline at 4x, and
its growth from 1x to 4x: close to 4 is linear, 16 would be quadratic.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import chinese_transcript  # noqa: E402

from redline.core.quotation import find_quotations  # noqa: E402
from redline.core.sentences import split_sentences  # noqa: E402


def _repeat(unit: str, size: int, sep: str = "") -> str:
    return sep.join(unit.format(i=i) for i in range(max(1, size // len(unit))))


SHAPES = {
    # one paragraph per attribution, a "Health and Social" name to read around each "and"
    "paragraphs": lambda n: _repeat("The Health and Social Care Secretary said that plan {i} would work.", n, "\n\n"),
    "marks-one-paragraph": lambda n: _repeat("The minister described it as “a very good plan for number {i}” today. ", n),
    "verbs-one-sentence": lambda n: _repeat("the reports of item {i} added more ", n) + ".",
    "marks-one-sentence": lambda n: _repeat("and the people of area {i} described it as “a good plan for them” ", n) + ".",
    "zh-one-clause": lambda n: _repeat("第个地区的人民很好的计划", n) + "表示“这是很好的计划”。",
    "blank-line-of-spaces": lambda n: "Hello there.\n" + " " * n + "\nMore words.",
    "unclosed-marks": lambda n: "“a " * (n // 6) + "x’ " * (n // 6),
    "unattributed-quotes": lambda n: "He said “we will win.” " + _repeat("“Yes.” ", n),
    "auxiliary-run": lambda n: "He " + "then " * (n // 5) + "said that we will win.",
    "verbs-without-spaces": lambda n: "x " + "said," * (n // 5),
    "bracketed-stops": lambda n: _repeat("(a.) B", n),
    "quoted-stops": lambda n: _repeat('He said "yes." ', n),
}


def _timed(fn, text: str) -> float:
    start = time.perf_counter()
    fn(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=40_000, help="characters at 1x")
    args = parser.parse_args()
    english = chinese_transcript(8 * args.size, seed=3, folder="mfa_en")
    sizes = (args.size, 2 * args.size, 4 * args.size)
    print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'shape':<22}{'1x s':>8}{'2x s':>8}{'4x s':>8}{'growth':>8}{'vs base':>9}")
    base = {n: [] for n in sizes}
    for _ in range(args.runs):
        for n in sizes:
            base[n].append(_timed(lambda t: split_sentences(t, 0, len(t)), english[:n]))
    base_4x = statistics.median(base[sizes[-1]])
    print(f"{'(baseline split)':<22}" + "".join(f"{statistics.median(base[n]):>8.3f}" for n in sizes))
    for name, make in SHAPES.items():
        texts = {n: make(n) for n in sizes}
        times = {n: [] for n in sizes}
        for _ in range(args.runs):
            for n in sizes:
                times[n].append(_timed(find_quotations, texts[n]))
                base[n].append(_timed(lambda t: split_sentences(t, 0, len(t)), english[:n]))
        med = {n: statistics.median(times[n]) for n in sizes}
        growth = med[sizes[-1]] / max(med[sizes[0]], 1e-9)
        print(f"{name:<22}" + "".join(f"{med[n]:>8.3f}" for n in sizes)
              + f"{growth:>8.1f}{med[sizes[-1]] / base_4x:>8.1f}x")
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("linear growth from 1x to 4x is about 4; quadratic would be 16")


if __name__ == "__main__":
    main()
