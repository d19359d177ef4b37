"""Accuracy of the alignment engine on the hand-checked cases in tests/fixtures/cases.

Run: python bench/eval_engine.py [--cases DIR] [--only ID...] [--no-scale] [--seed N]

Every case is a small pair of real texts (or real texts edited to show one
phenomenon) with the expected pairing written by hand; see
docs/evaluation.md for the format and how the set was made. This prints,
per phenomenon and overall: pairs right / pairs total, cases fully right /
cases total, and the precision and recall of the meaning flags; then every
failure with a one-line diagnosis.

Then, separately, a scale sanity check: two real long Chinese press
conferences (and a ~1 MB concatenation of many) get a new version with about
2% of sentences edited and a few moved, split and merged; it reports the
changed pairs found against the edits made and the moves invented.

The loader and the checker live in tests/cases.py, which the test suite
(tests/test_core_cases.py) uses too, so the suite and this report always agree.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from redline.core import diff, segment, split_sentences

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

sys.path.insert(0, str(ROOT / "tests"))  # the case checker is the test suite's (bench/ is not a package)
from cases import CASES, Case, CaseCheck, check, load_cases, run_case, short  # noqa: E402


# --------------------------------------------------------------------------
# Report


@dataclass
class Tally:
    cases: int = 0
    cases_right: int = 0
    pairs: int = 0
    pairs_right: int = 0
    changed: int = 0
    changed_right: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_flag: dict = field(default_factory=lambda: defaultdict(Counter))

    def add(self, c: CaseCheck) -> None:
        self.cases += 1
        self.cases_right += c.right
        for p in c.pairs:
            self.pairs += 1
            self.pairs_right += p.right
            if p.expected.changed:
                self.changed += 1
                self.changed_right += p.right
            self.tp += len(p.flag_tp)
            self.fp += len(p.flag_fp)
            self.fn += len(p.flag_fn)
            for name, bucket in ((p.flag_tp, "tp"), (p.flag_fp, "fp"), (p.flag_fn, "fn")):
                for flag in name:
                    self.by_flag[flag][bucket] += 1
        self.fp += len(c.stray_flags)
        for flag in c.stray_flags:
            self.by_flag[flag]["fp"] += 1

    def row(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        return (f"{name:<22} {self.cases_right:>3}/{self.cases:<3} {self.pairs_right:>4}/{self.pairs:<4} "
                f"{_pct(self.pairs_right, self.pairs):>6} {self.changed_right:>4}/{self.changed:<4} "
                f"{_pct(self.changed_right, self.changed):>6}  {_num(precision):>5} {_num(recall):>5}")


def _pct(x: int, n: int) -> str:
    return f"{100 * x / n:.1f}%" if n else "-"


def _num(x: float) -> str:
    return "-" if x != x else f"{x:.2f}"


HEADER = (f"{'':<22} {'cases':>7} {'pairs':>9} {'':>6} {'changed':>9} {'':>6}  {'flagP':>5} {'flagR':>5}")


def evaluate(cases: list[Case]) -> list[CaseCheck]:
    return [check(case, run_case(case)) for case in cases]


def report(checks: list[CaseCheck], out=sys.stdout) -> None:
    overall = Tally()
    by_mode: dict[str, Tally] = defaultdict(Tally)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_phen: dict[str, Tally] = defaultdict(Tally)
    for c in checks:
        overall.add(c)
        by_mode[c.case.mode].add(c)
        by_lang[c.case.lang].add(c)
        for ph in c.case.phenomena:
            by_phen[ph].add(c)
    print("Accuracy on the case set (pairs: every expected pair; changed: pairs that are not a plain "
          "in-order `same`)", file=out)
    print(HEADER, file=out)
    for name, tally in sorted(by_phen.items()):
        print(tally.row(name), file=out)
    print("-" * len(HEADER), file=out)
    for name, tally in sorted(by_mode.items()):
        print(tally.row(f"mode={name}"), file=out)
    for name, tally in sorted(by_lang.items()):
        print(tally.row(f"lang={name}"), file=out)
    print(overall.row("OVERALL"), file=out)
    print("\nMeaning flags over the checked pairs (tp = expected and raised, fp = raised but not expected, "
          "fn = expected but missed)", file=out)
    for flag in ("editorial", "negation", "number", "hedge", "quote", "name", "speaker"):
        n = overall.by_flag[flag]
        p = n["tp"] / (n["tp"] + n["fp"]) if n["tp"] + n["fp"] else float("nan")
        r = n["tp"] / (n["tp"] + n["fn"]) if n["tp"] + n["fn"] else float("nan")
        print(f"  {flag:<10} tp {n['tp']:>3}  fp {n['fp']:>3}  fn {n['fn']:>3}   precision {_num(p):>5}  "
              f"recall {_num(r):>5}", file=out)
    failures = [c for c in checks if not c.right]
    print(f"\nFailures: {len(failures)} of {len(checks)} cases", file=out)
    for c in failures:
        print(f"- {c.case.id} [{', '.join(c.case.phenomena)}]", file=out)
        for line in c.problems():
            print(f"    {line}", file=out)


# --------------------------------------------------------------------------
# Scale sanity


def _zh_body(path: Path) -> list[list[str]]:
    """Paragraphs of a real transcript (title line dropped), each a list of sentences.

    Sentences keep their speaker labels (``问：``), so joining them gives the line back.
    """
    lines = path.read_text(encoding="utf-8").split("\n")[1:]
    return [[line[s:e] for s, e in split_sentences(line)] for line in (x.strip() for x in lines) if line]


_PUNCT_END = re.compile(r"[。！？]$")


_LABEL = re.compile(r"^[^，。！？、：:]{1,12}[：:]")


def make_edited(paragraphs: list[list[str]], rate: float, seed: int, boilerplate: bool = False) -> tuple[str, str, dict]:
    """Old and new text of one transcript with edits made at ``rate`` of sentences.

    Edits (each on a different sentence, never next to another edit, never on
    a sentence that occurs twice or opens a speaker turn): a word replaced,
    a few characters deleted, a negation inserted, a number changed;
    sentences moved at least five paragraphs away; a sentence split at a
    comma; two neighbouring sentences merged. With ``boilerplate``, also
    short sentences that occur three times or more (中方对此有何评论？) are dropped
    here and there, and copies inserted elsewhere: they must come out as
    removed and added, never moved. Returns the truth: how many of each, and
    the moved sentences' texts.
    """
    rng = random.Random(seed)
    counts = Counter(s for para in paragraphs for s in para)

    def plain(p: int, k: int) -> bool:
        s = paragraphs[p][k]
        return counts[s] == 1 and len(s) >= 12 and not _LABEL.match(s)

    flat = [(p, k) for p, para in enumerate(paragraphs) for k in range(len(para)) if plain(p, k)]
    n_edit = max(4, round(sum(map(len, paragraphs)) * rate))
    n_move = n_split = n_merge = max(1, n_edit // 6)
    n_word = n_edit - n_move - n_split - n_merge
    rng.shuffle(flat)
    taken: set[tuple[int, int]] = set()

    def pick(n: int, ok) -> list[tuple[int, int]]:
        out = []
        for x in flat:
            if len(out) == n:
                break
            near = {(x[0], x[1] + d) for d in (-1, 0, 1, 2)}
            if near & taken or not ok(*x):
                continue
            taken.update(near)
            out.append(x)
        return out

    split = pick(n_split, lambda p, k: bool(_commas(paragraphs[p][k])))
    merge = pick(n_merge, lambda p, k: k + 1 < len(paragraphs[p]) and plain(p, k + 1)
                 and bool(_PUNCT_END.search(paragraphs[p][k])))
    move = pick(n_move, lambda p, k: True)
    word = pick(n_word, lambda p, k: True)
    new = [list(para) for para in paragraphs]
    truth = {"edited": len(word), "moved": len(move), "split": len(split), "merged": len(merge), "moved_texts": set(),
             "removed": 0, "added": 0}
    for p, k in word:
        new[p][k] = _word_edit(new[p][k], rng)
    for p, k in split:
        s = new[p][k]
        c = rng.choice(_commas(s))
        new[p][k] = s[:c] + "。" + s[c + 1:]  # one line, two sentences
    for p, k in merge:
        new[p][k] = new[p][k][:-1] + "，" + new[p][k + 1]
        new[p][k + 1] = None
    for p, k in move:
        text = new[p][k]
        new[p][k] = None
        far = [q for q in range(len(new)) if abs(q - p) >= 5 and any(new[q])]
        target = rng.choice(far)
        new[target].insert(rng.randrange(1, len(new[target]) + 1), text)  # never before a label
        truth["moved_texts"].add(text)

    if boilerplate:
        repeated = [(p, k) for p, para in enumerate(paragraphs) for k in range(len(para))
                    if counts[para[k]] >= 3 and len(para[k]) <= 16 and (p, k) not in taken and k > 0
                    and not _LABEL.match(para[k])]
        rng.shuffle(repeated)
        for p, k in repeated[:max(1, n_edit // 6)]:
            new[p][k] = None
            truth["removed"] += 1
        texts = sorted({paragraphs[p][k] for p, k in repeated})
        for _ in range(max(1, n_edit // 6) if texts else 0):
            q = rng.randrange(len(new))
            if not any(new[q]) or any(abs(q - p) <= 1 for p, _ in taken):
                continue
            new[q].append(rng.choice(texts))  # a copy at the end of another paragraph
            truth["added"] += 1

    def render(paras):
        lines = []
        for para in paras:
            kept = [s for s in para if s]
            if kept:
                lines.append("".join(kept))
        return "\n\n".join(lines) + "\n"

    return render(paragraphs), render(new), truth


def _commas(s: str) -> list[int]:
    return [m.start() for m in re.finditer("，", s) if 4 < m.start() < len(s) - 5]


def _word_edit(s: str, rng: random.Random) -> str:
    how = rng.choice(("replace", "delete", "negate", "number"))
    body, end = (s[:-1], s[-1]) if _PUNCT_END.search(s) else (s, "")
    if how == "number" and re.search(r"\d", body):
        return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), body, count=1) + end
    if how == "negate" and "是" in body:
        return body.replace("是", "不是", 1) + end
    if how == "delete" and len(body) > 12:
        at = rng.randrange(2, len(body) - 6)
        return body[:at] + body[at + 3:] + end
    at = rng.randrange(2, max(3, len(body) - 2))
    return body[:at] + "进一步" + body[at:] + end


def scale_sanity(seed: int = 7, out=sys.stdout) -> None:
    files = sorted((CORPUS / "mfa_zh").glob("*.txt"), key=lambda p: -p.stat().st_size)
    if not files:
        print(f"(no corpus at {CORPUS}; scale sanity skipped)", file=out)
        return
    runs = [(files[0].name, _zh_body(files[0])), (files[1].name, _zh_body(files[1]))]
    big, size = [], 0
    for path in sorted(files)[::1]:
        paras = _zh_body(path)
        big.extend(paras)
        size += sum(len(s.encode()) for para in paras for s in para)
        if size >= 1_000_000:
            break
    runs.append((f"{len(big)} paragraphs of many transcripts (~{size / 1e6:.1f} MB)", big))
    print("\nScale sanity (versions mode; ~2% of sentences edited, some moved, split, merged)", file=out)
    for name, paragraphs in runs:
        for run_seed in ([seed] if len(paragraphs) < 1000 else [seed, seed + 1, seed + 2]):
            _scale_run(f"{name}, seed {run_seed}", paragraphs, run_seed, out)
        _scale_run(f"{name}, seed {seed}, with boilerplate dropped and copied", paragraphs, seed, out, True)


def _scale_run(name: str, paragraphs: list[list[str]], seed: int, out, boilerplate: bool = False) -> None:
    old, new, truth = make_edited(paragraphs, 0.02, seed, boilerplate)
    if boilerplate and not truth["removed"] + truth["added"]:
        print(f"- {name}: no short sentence occurs three times here; skipped", file=out)
        return
    start = time.perf_counter()
    a_doc, b_doc = segment(old), segment(new)
    result = diff(a_doc, b_doc)
    took = time.perf_counter() - start
    changed = [p for p in result.pairs if p.kind != "same"]
    kinds = Counter(p.kind for p in changed)
    moved = [p for p in result.pairs if p.moved]
    invented = [p for p in moved if p.b_text not in truth["moved_texts"]]
    missed = truth["moved_texts"] - {p.b_text for p in moved}
    made = truth["edited"] + truth["split"] + truth["merged"] + truth["removed"] + truth["added"]
    extra = f", {truth['removed']} repeated removed, {truth['added']} repeated added" if boilerplate else ""
    print(f"- {name}: {len(a_doc.sentences)} sentences, segment+diff {took:.2f} s", file=out)
    print(f"    edits made: {truth['edited']} edited, {truth['split']} split, {truth['merged']} merged{extra} "
          f"({made} changed pairs expected), {truth['moved']} moved", file=out)
    print(f"    found: {len(changed)} changed pairs ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
          f"{len(moved)} moved; invented moves: {len(invented)}; moves missed: {len(missed)}", file=out)
    for p in invented[:5]:
        print(f"    invented move: {p.kind} a={p.a} b={p.b} {short(p.b_text, 50)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--only", nargs="*", help="case ids to run")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale sanity check")
    parser.add_argument("--seed", type=int, default=7, help="seed of the scale sanity edits")
    args = parser.parse_args(argv)
    cases = load_cases(args.cases)
    if args.only:
        cases = [c for c in cases if c.id in args.only]
    langs = Counter(c.lang for c in cases)
    modes = Counter(c.mode for c in cases)
    print(f"{len(cases)} cases ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}; "
          f"{', '.join(f'{k} {v}' for k, v in sorted(modes.items()))})\n")
    report(evaluate(cases))
    if not args.no_scale:
        scale_sanity(args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
