"""Do two builds of redline give the same answers on real inputs? JSON compared pair by pair.

Run: python bench/compare_builds.py --old OLD_REDLINE [--new redline] [--mfa 100]

Both commands run ``diff --format json`` or ``align``/``compare --format
json`` on the same files and the reports are compared pair by pair. The
inputs come from ../shared/corpus (or $REDLINE_CORPUS) and tests/fixtures:
every pair of GOV.UK versions, the GOV.UK prebrief/delivered excerpts, the
briefing and Rubio fixtures, bench_diff's 0.1 MB pair (3 seeds), and for the
first --mfa MFA transcripts a copy with lines dropped or repeated (versions)
and a "thinned" excerpt that drops every third sentence (excerpt mode, where
repeated questions compete for copies). Prints every input whose report
differs, with the pairs only one build made, then a count. Exit 0 always.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_diff import make_versions  # noqa: E402
from corpus import CORPUS, ROOT, sentences_of  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def inputs(folder: Path, mfa: int) -> list[tuple[str, list[str]]]:
    """``(name, redline arguments)`` for every input, its files written into ``folder``."""
    def write(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    out = []
    versions: dict[str, list[Path]] = {}
    for path in sorted((CORPUS / "govuk" / "versions").glob("*.txt")):
        versions.setdefault(path.name.split(".v")[0], []).append(path)
    for paths in versions.values():
        out += [(f"{a.name} -> {b.name}", ["diff", str(a), str(b)]) for a, b in itertools.combinations(paths, 2)]
    for excerpt in sorted((CORPUS / "govuk" / "prebrief_vs_delivered").glob("*.excerpt.txt")):
        full = excerpt.with_name(excerpt.name.replace(".excerpt", ".full"))
        out.append((excerpt.name, ["align", str(full), str(excerpt)]))
    out.append(("briefing", ["diff", str(FIXTURES / "briefing_v1.txt"), str(FIXTURES / "briefing_v2.txt")]))
    out.append(("rubio", ["compare", str(FIXTURES / "rubio_geneva.txt")]))
    out.append(("rubio corrected", ["compare", str(FIXTURES / "rubio_geneva_corrected.txt")]))
    for seed in (1, 2, 3):
        old, new, _ = make_versions(100_000, seed)
        out.append((f"bench 0.1 MB seed {seed}", ["diff", write(f"old{seed}.txt", old), write(f"new{seed}.txt", new)]))
    rng = random.Random(4)
    for path in sorted((CORPUS / "mfa_zh").glob("*.txt"))[:mfa]:
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
        out.append((f"{path.name} thinned", ["align", str(path), write(f"{path.stem}-thinned.txt", thinned)]))
    return out


def report(command: str, args: list[str]) -> dict:
    proc = subprocess.run([command, *args[:1], "--format", "json", *args[1:]], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return {"error": proc.stderr.strip()[:200]}
    return json.loads(proc.stdout)


def pair_keys(data: dict) -> set[str]:
    return {json.dumps(pair, sort_keys=True, ensure_ascii=False) for pair in data.get("pairs", [])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", required=True, help="the redline command of the build to compare against")
    parser.add_argument("--new", default=shutil.which("redline") or "redline", help="the build under test")
    parser.add_argument("--mfa", type=int, default=100, help="how many MFA transcripts to edit and thin")
    args = parser.parse_args()
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = inputs(Path(tmp), args.mfa)
        for name, argv in cases:
            old, new = report(args.old, argv), report(args.new, argv)
            if old == new:
                continue
            changed += 1
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
