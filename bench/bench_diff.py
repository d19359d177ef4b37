"""Benchmark ``redline diff`` and ``redline align`` on real Chinese transcripts.

Run: python bench/bench_diff.py [--sizes 0.1,1,4]

For each size it builds two versions of a real press-conference transcript
(text from ../shared/corpus/mfa_zh) with about 2% of sentences edited and
some moved, split, merged, removed and added; times ``redline diff --format
json`` end to end (start-up and jieba included) next to ``git diff
--no-index --word-diff`` and difflib over the sentence lists on the same
files; and checks that the report finds about as many changes as were made
and invents no moves. Then it aligns a 10 KB excerpt against the 1 MB text.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import chinese_transcript, run, sentences_of  # noqa: E402

REDLINE = shutil.which("redline") or "redline"
DIFFLIB = (
    "import difflib,re,sys\n"
    "def s(p): return [x for x in re.split(r'(?<=[。！？])|\\n', open(p,encoding='utf-8').read()) if x.strip()]\n"
    "a,b=s(sys.argv[1]),s(sys.argv[2])\n"
    "sys.stdout.writelines(difflib.unified_diff(a,b,lineterm='\\n'))\n"
)


def make_versions(size: int, seed: int = 1) -> tuple[str, str, dict[str, int]]:
    """Old text, new text with edits, and how many edits of each kind were made."""
    rng = random.Random(seed)
    old = chinese_transcript(size)
    paragraphs = [p.split("。") for p in old.split("\n")]
    made = {"modified": 0, "split": 0, "merged": 0, "moved": 0, "removed": 0, "added": 0}
    slots = [(p, k) for p, parts in enumerate(paragraphs) for k in range(len(parts) - 1) if len(parts[k]) > 12]
    rng.shuffle(slots)
    total = len(slots)
    picks = iter(slots)
    for kind, share in (("modified", 0.012), ("split", 0.002), ("merged", 0.002), ("removed", 0.002), ("added", 0.002)):
        for _ in range(max(1, int(total * share))):
            p, k = next(picks)
            parts = paragraphs[p]
            text = parts[k]
            if kind == "modified":
                cut = rng.randrange(2, len(text) - 4)
                parts[k] = text[:cut] + rng.choice(["非常", "进一步", "坚决", "始终"]) + text[cut + 2:]
            elif kind == "split" and "，" in text[3:-3]:
                parts[k] = text.replace("，", "。", 1)
            elif kind == "merged" and k + 1 < len(parts) - 1:
                parts[k] = text + "，" + parts.pop(k + 1)
            elif kind == "removed":
                parts[k] = None
            elif kind == "added":
                parts[k] = text + "。我们对此表示欢迎，并愿同各方一道继续努力"
            else:
                continue
            made[kind] += 1
    new_paragraphs = ["。".join(x for x in parts if x is not None) for parts in paragraphs]
    for _ in range(max(1, total // 500)):
        src = rng.randrange(len(new_paragraphs))
        if new_paragraphs[src].count("。") >= 1 and len(new_paragraphs[src]) > 40:
            moved = new_paragraphs.pop(src)
            new_paragraphs.insert(rng.randrange(len(new_paragraphs)), moved)
            made["moved"] += moved.count("。")
    return old, "\n".join(new_paragraphs), made


def bench_size(mb: float, folder: Path) -> dict:
    old, new, made = make_versions(int(mb * 1_000_000))
    a, b = folder / f"old-{mb}.txt", folder / f"new-{mb}.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    wall, rss, out = min(run([REDLINE, "diff", "--format", "json", str(a), str(b)]) for _ in range(3))
    report = json.loads(out)
    counts = report["summary"]["counts"]
    git = min(run(["git", "diff", "--no-index", "--word-diff", str(a), str(b)])[0] for _ in range(3))
    difflib_time = min(run([sys.executable, "-c", DIFFLIB, str(a), str(b)])[0] for _ in range(3))
    return {"mb": mb, "wall": wall, "rss": rss, "git": git, "difflib": difflib_time, "counts": counts,
            "made": made, "sentences": report["a"]["sentences"]}


def excerpt_of(size: int, excerpt_size: int = 10_000) -> tuple[str, str]:
    """A full text of about ``size`` bytes and an excerpt of random sentences of it (about ``excerpt_size``)."""
    full = chinese_transcript(size, seed=3)
    sentences = sentences_of(full)
    rng = random.Random(5)
    excerpt, total = [], 0
    while total < excerpt_size:
        piece = rng.choice(sentences).strip()
        excerpt.append(piece)
        total += len(piece.encode("utf-8"))
    return full, "\n".join(excerpt)


def bench_align(folder: Path) -> tuple[float, float, dict]:
    full, excerpt = excerpt_of(1_000_000)
    f, e = folder / "full.txt", folder / "excerpt.txt"
    f.write_text(full, encoding="utf-8")
    e.write_text(excerpt, encoding="utf-8")
    best = min(run([REDLINE, "align", "--format", "json", str(f), str(e)]) for _ in range(3))
    return best[0], best[1], json.loads(best[2])["summary"]["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.1,1,4", help="sizes in MB, comma-separated")
    args = parser.parse_args()
    run([REDLINE, "diff", "--format", "json", __file__, __file__])  # warm jieba's cache file
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [bench_size(float(s), folder) for s in args.sizes.split(",")]
        print(f"{'MB':>5} {'sents':>6} {'redline':>8} {'RSS MB':>7} {'git wd':>7} {'difflib':>8}  changes found / made")
        for r in rows:
            c, m = r["counts"], r["made"]
            found = {k: c[k] for k in ("modified", "split", "merged", "removed", "added", "moved")}
            print(f"{r['mb']:>5} {r['sentences']:>6} {r['wall']:>7.2f}s {r['rss']:>7.0f} {r['git']:>6.2f}s "
                  f"{r['difflib']:>7.2f}s  found {found} made {m}")
        base = rows[0]
        for r in rows[1:]:
            print(f"growth {base['mb']} → {r['mb']} MB: ×{r['wall'] / base['wall']:.1f} time "
                  f"for ×{r['mb'] / base['mb']:.0f} input")
        wall, rss, counts = bench_align(folder)
        print(f"align 10 KB excerpt vs 1 MB full: {wall:.2f}s, {rss:.0f} MB peak; {counts}")
        print("budgets: diff 1 MB ≤ 1.2 s and ≤ 300 MB; align ≤ 1.2 s")


if __name__ == "__main__":
    main()
