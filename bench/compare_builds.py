"""Do two builds of redline give the same answers on real inputs? Reports compared pair by pair.

Run: python bench/compare_builds.py --old OLD_REDLINE [--new redline] [--mfa 100] [--mfa-en 30]

Both commands run ``diff``, ``align``/``compare`` (``--format json``, and
``--format unified`` for excerpts, whose unified report needs no word-level
ops) and ``quotes --format json`` on the same files, and the reports are
compared. The inputs come from ../shared/corpus (or $REDLINE_CORPUS),
tests/fixtures and examples/: the bundled example; every pair of GOV.UK
versions and the GOV.UK prebrief/delivered excerpts; the briefing and Rubio
fixtures, every engine case (tests/fixtures/cases) and every quotation
fixture; consecutive government work reports (1954 -> 1955, ...);
bench_diff's 0.1 MB pair (3 seeds), its 1 MB pair (diff, and full against
full), and its 10 KB excerpt against 1 MB; and for the first --mfa Chinese
(--mfa-en English) MFA transcripts a copy with lines dropped or repeated
(versions) and a "thinned" excerpt that drops every third sentence (excerpt
mode, where repeated questions compete for copies). Prints every input
whose report differs, with the pairs only one build made, then a count.
Exit 0 always.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_diff import excerpt_of, make_versions  # noqa: E402
from corpus import CORPUS, ROOT, sentences_of  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


EXAMPLE = ROOT / "examples" / "rubio-geneva-2025-11-23.zh.txt"
WORK_REPORTS = 12  # consecutive pairs of government work reports: long, heavily rewritten versions


def inputs(folder: Path, mfa: int, mfa_en: int) -> list[tuple[str, list[str]]]:
    """``(name, redline arguments)`` for every input, its files written into ``folder``."""
    def write(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def excerpt(name: str, argv: list[str]) -> list[tuple[str, list[str]]]:
        return [(name, argv), (f"{name} (unified)", [argv[0], "--format", "unified", *argv[1:]])]

    out = []
    versions: dict[str, list[Path]] = {}
    for path in sorted((CORPUS / "govuk" / "versions").glob("*.txt")):
        versions.setdefault(path.name.split(".v")[0], []).append(path)
    for paths in versions.values():
        out += [(f"{a.name} -> {b.name}", ["diff", str(a), str(b)]) for a, b in itertools.combinations(paths, 2)]
    for path in sorted((CORPUS / "govuk" / "prebrief_vs_delivered").glob("*.excerpt.txt")):
        full = path.with_name(path.name.replace(".excerpt", ".full"))
        out += excerpt(path.name, ["align", str(full), str(path)])
    reports = sorted((CORPUS / "zh_gov_work_reports").glob("*.txt"))[:WORK_REPORTS + 1]
    out += [(f"{a.name} -> {b.name}", ["diff", str(a), str(b)]) for a, b in zip(reports, reports[1:])]
    out += excerpt("example", ["compare", str(EXAMPLE)])
    out.append(("briefing", ["diff", str(FIXTURES / "briefing_v1.txt"), str(FIXTURES / "briefing_v2.txt")]))
    out += excerpt("rubio", ["compare", str(FIXTURES / "rubio_geneva.txt")])
    out += excerpt("rubio corrected", ["compare", str(FIXTURES / "rubio_geneva_corrected.txt")])
    for case in sorted((FIXTURES / "cases").glob("*.toml")):
        spec = tomllib.loads(case.read_text(encoding="utf-8"))
        a, b = write(f"{case.stem}.a.txt", spec["a"]), write(f"{case.stem}.b.txt", spec["b"])
        if spec.get("mode") == "excerpt":
            out += excerpt(f"case {case.stem}", ["align", a, b])
        else:
            out.append((f"case {case.stem}", ["diff", a, b]))
    for article in sorted([FIXTURES / "quotes_article.txt", *(FIXTURES / "quotes").glob("*.article.txt")]):
        transcript = article.with_name(article.name.replace("article", "transcript"))
        out.append((f"quotes {article.name}", ["quotes", str(article), str(transcript)]))
    for seed in (1, 2, 3):
        old, new, _ = make_versions(100_000, seed)
        out.append((f"bench 0.1 MB seed {seed}", ["diff", write(f"old{seed}.txt", old), write(f"new{seed}.txt", new)]))
    old, new, _ = make_versions(1_000_000)
    a, b = write("old-1mb.txt", old), write("new-1mb.txt", new)
    out.append(("bench 1 MB", ["diff", a, b]))
    out += excerpt("bench 1 MB full against full", ["align", a, b])
    full, part = excerpt_of(1_000_000)
    out += excerpt("bench 10 KB excerpt of 1 MB", ["align", write("full-1mb.txt", full), write("excerpt-10kb.txt", part)])
    rng = random.Random(4)
    chinese = sorted((CORPUS / "mfa_zh").glob("*.txt"))[:mfa]
    english = sorted((CORPUS / "mfa_en").glob("*.txt"))[:mfa_en]
    for path in chinese + english:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        edited = list(lines)
        for _ in range(3):
            k = rng.randrange(len(edited))
            if rng.random() < 0.5:
                edited.pop(k)
            else:
                edited.insert(k, rng.choice(lines))
        out.append((f"{path.name} edited", ["diff", str(path), write(f"{path.stem}-edited.txt", "\n".join(edited))]))
        thinned = "".join(s for n, s in enumerate(sentences_of(text)) if n % 3 != 1)
        out += excerpt(f"{path.name} thinned", ["align", str(path), write(f"{path.stem}-thinned.txt", thinned)])
    return out


def report(command: str, args: list[str]) -> dict:
    """The JSON report (``{"text": ...}`` for a unified one), or ``{"error": ...}``."""
    unified = "unified" in args
    argv = [command, *args] if unified else [command, *args[:1], "--format", "json", *args[1:]]
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return {"error": proc.stderr.strip()[:200]}
    return {"text": proc.stdout} if unified else json.loads(proc.stdout)


def pair_keys(data: dict) -> set[str]:
    return {json.dumps(pair, sort_keys=True, ensure_ascii=False) for pair in data.get("pairs", [])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", required=True, help="the redline command of the build to compare against")
    parser.add_argument("--new", default=shutil.which("redline") or "redline", help="the build under test")
    parser.add_argument("--mfa", type=int, default=100, help="how many Chinese MFA transcripts to edit and thin")
    parser.add_argument("--mfa-en", type=int, default=30, help="how many English MFA transcripts to edit and thin")
    args = parser.parse_args()
    changed = 0
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(2) as pool:
        cases = inputs(Path(tmp), args.mfa, args.mfa_en)
        for name, argv in cases:
            old, new = pool.map(report, (args.old, args.new), (argv, argv))
            if old == new:
                continue
            changed += 1
            if "text" in old:
                lines = difflib.unified_diff(old["text"].splitlines(), new.get("text", "").splitlines(), lineterm="")
                print(f"DIFFERS {name}:", *list(lines)[2:12], sep="\n   ")
                continue
            print(f"DIFFERS {name}: {old.get('summary', old).get('counts')} -> {new.get('summary', new).get('counts')}")
            only_old, only_new = pair_keys(old) - pair_keys(new), pair_keys(new) - pair_keys(old)
            for label, pairs in (("old", only_old), ("new", only_new)):
                for pair in sorted(pairs)[:4]:
                    p = json.loads(pair)
                    print(f"   {label}: {p.get('kind')} a={p.get('a')} b={p.get('b')} moved={p.get('moved')} "
                          f"{(p.get('b_text') or p.get('a_text') or '')[:30]!r}")
    print(f"{changed} of {len(cases)} reports differ ({args.old} vs {args.new})")


if __name__ == "__main__":
    main()
