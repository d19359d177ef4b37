"""Compare redline's sentence splitter with pysbd on a hand-checked gold set.

Run: python bench/compare_segmenters.py [--errors redline|pysbd|all] [--repeat 3] [--size-kb 200]

The gold set is tests/fixtures/segmentation_gold/{en,zh}.txt: real paragraphs
from ../shared/corpus, one gold sentence per line, paragraphs separated by a
blank line (how it was made: docs/segmentation.md and the README in that
folder). A paragraph's text is its sentences joined by one space (English)
or by nothing (Chinese); that is exactly the source paragraph, speaker label
removed.

For each language and segmenter it reports:

* exact: share of paragraphs whose sentences are exactly the gold ones;
* boundary precision / recall / F1 over all sentence boundaries inside the
  paragraphs (a boundary is the offset where a sentence other than the first
  starts; the paragraph's own start and end are not counted);
* for Chinese also the same figures with boundaries after ``；``/``;`` left
  out of both sides, since the project's rules (issue 2) end a sentence
  there and pysbd does not by design;
* speed: seconds per MB (UTF-8) of real text, paragraph by paragraph, on a
  ~200 KB sample per language (Chinese from mfa_zh, English from mfa_en and
  GOV.UK), best of --repeat runs.

pysbd is optional: without it the script reports redline alone and says so.
redline itself never depends on pysbd.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS, chinese_transcript  # noqa: E402

from redline.core import split_sentences  # noqa: E402

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "segmentation_gold"
JOINER = {"en": " ", "zh": ""}
CLOSERS = "”’」』）)]】》\"'"
# Speaker labels at the start of a paragraph, removed from the timing samples
# (the gold set has them removed already).
LABEL = re.compile(r"^(?:[^\s：:，。,.]{1,14}：|(?:Q|A|[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,4}):)\s*")


# --- gold -----------------------------------------------------------------

def load_gold(lang: str, folder: Path = GOLD) -> list[tuple[str, list[int]]]:
    """(paragraph text, gold boundary offsets) for each gold paragraph."""
    raw = (folder / f"{lang}.txt").read_text(encoding="utf-8")
    out = []
    for block in re.split(r"\n[ \t]*\n", raw.strip("\n")):
        sentences = block.split("\n")
        text = JOINER[lang].join(sentences)
        bounds, pos = [], 0
        for i, sentence in enumerate(sentences):
            if i:
                pos += len(JOINER[lang])
                bounds.append(pos)
            pos += len(sentence)
        out.append((text, bounds))
    return out


# --- segmenters -------------------------------------------------------------

def load_sources(lang: str, folder: Path = GOLD) -> list[str]:
    """The corpus folder each gold paragraph comes from (mfa_en, govuk, mfa_zh), if recorded."""
    path = folder / f"{lang}.sources.tsv"
    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t")[1].split("/")[0] for row in rows if row.strip()]


def redline_splitter(lang: str):
    def split(text: str) -> list[int]:
        return [start for start, _ in split_sentences(text)[1:]]
    return split


def pysbd_splitter(lang: str):
    """A function text -> boundary offsets, or None if pysbd is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language=lang, clean=False)

    def split(text: str) -> list[int]:
        return locate(text, segmenter.segment(text))
    return split


def locate(text: str, sentences: list[str]) -> list[int]:
    """Start offsets (after the first) of ``sentences`` found in order in ``text``."""
    starts, cursor = [], 0
    for sentence in sentences:
        piece = sentence.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0:  # the library changed the text: resynchronise on a prefix
            at = text.find(piece[:8], cursor)
            if at < 0:
                continue
        starts.append(at)
        cursor = at + len(piece)
    return [s for s in starts if s > 0]


# --- scoring ----------------------------------------------------------------

def after_semicolon(text: str, bound: int) -> bool:
    left = text[:bound].rstrip().rstrip(CLOSERS)
    return left.endswith(("；", ";"))


def score(gold: list[tuple[str, list[int]]], split, drop_semicolons: bool = False) -> dict:
    exact = tp = fp = fn = 0
    errors = []
    for n, (text, bounds) in enumerate(gold, 1):
        want = set(bounds)
        got = set(split(text))
        if drop_semicolons:
            want = {b for b in want if not after_semicolon(text, b)}
            got = {b for b in got if not after_semicolon(text, b)}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        if want == got:
            exact += 1
        else:
            errors.append((n, text, sorted(want - got), sorted(got - want)))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"paragraphs": len(gold), "boundaries": tp + fn, "exact": exact / len(gold),
            "precision": precision, "recall": recall, "f1": f1, "fp": fp, "fn": fn, "errors": errors}


# --- speed ------------------------------------------------------------------

def timing_sample(lang: str, size: int) -> list[str]:
    """About ``size`` bytes of real paragraphs, speaker labels removed."""
    if lang == "zh":
        text = chinese_transcript(size)
    else:
        files = sorted((CORPUS / "mfa_en").glob("*.txt")) + sorted((CORPUS / "govuk").glob("*/*.full.txt"))
        if not files:
            sys.exit(f"no corpus at {CORPUS} (set REDLINE_CORPUS)")
        random.Random(0).shuffle(files)
        parts, total = [], 0
        for path in files:
            body = path.read_text(encoding="utf-8").split("\n", 2)[-1].strip()
            parts.append(body)
            total += len(body.encode("utf-8"))
            if total >= size:
                break
        text = "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore").rsplit("\n", 1)[0]
    paragraphs = [LABEL.sub("", line.strip(), count=1) for line in text.split("\n")]
    return [p for p in paragraphs if p]


def seconds_per_mb(split, paragraphs: list[str], repeat: int) -> float:
    size = sum(len(p.encode("utf-8")) for p in paragraphs)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for paragraph in paragraphs:
            split(paragraph)
        best = min(best, time.perf_counter() - start)
    return best / (size / 1_000_000)


# --- report -----------------------------------------------------------------

def context(text: str, bound: int, width: int = 30) -> str:
    return f"…{text[max(0, bound - width):bound].lstrip()} ‖ {text[bound:bound + width].rstrip()}…"


def print_errors(name: str, lang: str, result: dict) -> None:
    print(f"\n### {name}, {lang}: {len(result['errors'])} paragraphs differ from gold\n")
    for n, text, missed, extra in result["errors"]:
        print(f"- {lang} #{n}: {text[:70]}{'…' if len(text) > 70 else ''}")
        for bound in missed:
            print(f"    missed break   {context(text, bound)}")
        for bound in extra:
            print(f"    spurious break {context(text, bound)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder holding en.txt and zh.txt")
    parser.add_argument("--errors", choices=["none", "redline", "pysbd", "all"], default="none",
                        help="also list the paragraphs a segmenter gets wrong")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    parser.add_argument("--size-kb", type=int, default=200, help="timing sample per language, KB")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)

    try:
        import pysbd
        pysbd_version = getattr(pysbd, "__version__", "?")
    except ImportError:
        pysbd_version = None
    segmenters = [("redline", redline_splitter)]
    if pysbd_version:
        segmenters.append((f"pysbd {pysbd_version}", pysbd_splitter))
    else:
        print("pysbd is not installed (pip install pysbd): reporting redline only.\n")

    rows, results, by_source = [], {}, []
    for lang in ("en", "zh"):
        gold = load_gold(lang, args.gold)
        sources = load_sources(lang, args.gold)
        if len(sources) != len(gold):
            sources = []
        sample = None if args.no_timing else timing_sample(lang, args.size_kb * 1000)
        for name, factory in segmenters:
            split = factory(lang)
            result = score(gold, split)
            results[name, lang] = result
            speed = "" if sample is None else f"{seconds_per_mb(split, sample, args.repeat):.3f}"
            row = [name, lang, str(result["paragraphs"]), str(result["boundaries"]),
                   f"{result['exact']:.1%}", f"{result['precision']:.3f}", f"{result['recall']:.3f}",
                   f"{result['f1']:.3f}", speed]
            if lang == "zh":
                neutral = score(gold, split, drop_semicolons=True)
                row.append(f"{neutral['exact']:.1%} / {neutral['f1']:.3f}")
            else:
                row.append("")
            rows.append(row)
            for source in sorted(set(sources)):
                part = score([g for g, src in zip(gold, sources) if src == source], split)
                by_source.append([name, lang, source, str(part["paragraphs"]), f"{part['exact']:.1%}",
                                  f"{part['f1']:.3f}"])

    header = ["segmenter", "lang", "paragraphs", "gold breaks", "exact", "precision", "recall", "F1",
              "s per MB", "zh without ；: exact / F1"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if len({row[2] for row in by_source}) > 2:
        print("\nBy source (redline's rules were hardened on the MFA corpus; GOV.UK text is the nearer thing to held-out text):\n")
        print("| segmenter | lang | source | paragraphs | exact | F1 |")
        print("|---|---|---|---|---|---|")
        for row in by_source:
            print("| " + " | ".join(row) + " |")
    if not args.no_timing:
        print(f"\nSpeed: paragraph by paragraph on ~{args.size_kb} KB of real text per language, "
              f"best of {args.repeat}.")

    for name, _ in segmenters:
        if args.errors in (name.split()[0], "all"):
            for lang in ("en", "zh"):
                print_errors(name, lang, results[name, lang])
    return 0


if __name__ == "__main__":
    sys.exit(main())
