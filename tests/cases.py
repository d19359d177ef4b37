"""The evaluation cases in tests/fixtures/cases: their loader and their checker.

Every case is a small pair of real texts (or real texts edited to show one
phenomenon) with the expected pairing written by hand; docs/evaluation.md
gives the format. ``check`` compares the engine's result, obtained through
the public API (``redline.core.segment``, ``align``, ``diff``), with the best
fitting expectation and says what differs.

Two users: tests/test_core_cases.py (through the ``case_checker`` fixture of
conftest.py) and bench/eval_engine.py, which prints the same checks as
accuracy figures; one checker, so the suite and the report always agree.
This module imports nothing from the tests: bench/ can load it as is.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from redline.core import align, diff, segment

CASES = Path(__file__).resolve().parent / "fixtures" / "cases"

MODES = ("versions", "excerpt")
KINDS = {
    "versions": ("same", "modified", "added", "removed", "split", "merged"),
    "excerpt": ("same", "trimmed", "edited", "added"),
}
ANY = "any"  # flags = "any": this pair's flags are not checked


# --------------------------------------------------------------------------
# Cases


@dataclass
class Expected:
    """One expected pair: indices are 0-based sentence indices, as in the JSON output."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    kinds: tuple[str, ...]  # acceptable kinds (usually one)
    moved: bool = False
    flags: tuple[str, ...] | None = ()  # None: not checked
    trim: tuple[str, ...] | None = None  # checked when given
    implied: bool = False  # filled in by ``rest = "same"``

    @property
    def key(self) -> tuple:
        return ("b", self.b) if self.b else ("a", self.a)

    @property
    def changed(self) -> bool:
        """Anything a reader must be told about: not a plain in-order ``same``."""
        return self.moved or self.kinds != ("same",)


@dataclass
class Case:
    id: str
    path: Path
    mode: str
    lang: str
    phenomena: list[str]
    source: str
    a: str
    b: str
    expected: list[list[Expected]]  # the main expectation, then alternatives
    omitted: set[int] = field(default_factory=set)  # excerpt mode: full-text sentences no pair uses
    counts: tuple[int, int] = (0, 0)  # sentences of a and b as a reader splits them


def load_cases(folder: Path = CASES) -> list[Case]:
    """Every case in ``folder``, in file-name order."""
    return [load_case(path) for path in sorted(folder.glob("*.toml"))]


def load_case(path: Path) -> Case:
    """One case file, its expectations expanded and checked for consistency (ValueError if not)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    mode = data["mode"]
    if mode not in MODES:
        raise ValueError(f"{path.name}: mode must be one of {MODES}")
    a_doc, b_doc = segment(data["a"]), segment(data["b"])
    # ``a_count``/``b_count`` declare the sentence counts a reader sees when the
    # segmenter disagrees (a failure of the case, reported by ``check``).
    n_a = data.get("a_count", len(_sentences(a_doc, mode, "a")))
    n_b = data.get("b_count", len(_sentences(b_doc, mode, "b")))
    variants = [data["pairs"]] + list(data.get("alt", []))
    expected = [_expand(path.name, mode, v, data.get("rest"), n_a, n_b) for v in variants]
    case = Case(path.stem, path, mode, data.get("lang", ""), list(data["phenomena"]), data.get("source", ""),
                data["a"], data["b"], expected, counts=(n_a, n_b))
    if mode == "excerpt":
        used = {i for e in expected[0] for i in e.a}
        case.omitted = set(range(n_a)) - used
    return case


def _expand(name: str, mode: str, raw: list[dict], rest: str | None, n_a: int, n_b: int) -> list[Expected]:
    out = []
    for item in raw:
        kinds = item["kind"] if isinstance(item["kind"], list) else [item["kind"]]
        for kind in kinds:
            if kind not in KINDS[mode]:
                raise ValueError(f"{name}: kind {kind!r} is not a {mode} kind")
        flags = item.get("flags", [])
        out.append(Expected(
            tuple(item.get("a", [])), tuple(item.get("b", [])), tuple(kinds), bool(item.get("moved", False)),
            None if flags == ANY else tuple(sorted(flags)),
            tuple(item["trim"]) if "trim" in item else None,
        ))
    if rest == "same":
        used_a = {i for e in out for i in e.a}
        used_b = {j for e in out for j in e.b}
        free_a = [i for i in range(n_a) if i not in used_a]
        free_b = [j for j in range(n_b) if j not in used_b]
        if len(free_a) != len(free_b):
            raise ValueError(f"{name}: rest = 'same' but {len(free_a)} a and {len(free_b)} b sentences are unlisted")
        out.extend(Expected((i,), (j,), ("same",), implied=True) for i, j in zip(free_a, free_b))
    # Every derived sentence in exactly one pair; in versions mode every old one too.
    b_seen = Counter(j for e in out for j in e.b)
    if sorted(b_seen) != list(range(n_b)) or max(b_seen.values(), default=1) > 1:
        raise ValueError(f"{name}: expected pairs must cover each of the {n_b} b sentences once: {dict(b_seen)}")
    if mode == "versions":
        a_seen = Counter(i for e in out for i in e.a)
        if sorted(a_seen) != list(range(n_a)) or max(a_seen.values(), default=1) > 1:
            raise ValueError(f"{name}: expected pairs must cover each of the {n_a} a sentences once: {dict(a_seen)}")
    else:
        for e in out:
            if any(i >= n_a for i in e.a):
                raise ValueError(f"{name}: source index out of range in {e}")
    return sorted(out, key=lambda e: (e.b or (10**6,), e.a))


def _sentences(doc, mode: str, side: str):
    """The sentences the engine compares, as ``align`` and ``diff`` pick them."""
    if mode == "excerpt" and side == "b":
        section = doc.section("excerpt") or doc.section("full") or doc.sections[0]
        return section.sentences
    if mode == "excerpt":
        return (doc.section("full") or doc.sections[-1]).sentences
    return doc.sentences


def run_case(case: Case):
    """The engine's result for this case, through the public API."""
    a, b = segment(case.a), segment(case.b)
    return diff(a, b) if case.mode == "versions" else align(a, b)


# --------------------------------------------------------------------------
# Checking


@dataclass
class PairCheck:
    expected: Expected
    got: object | None  # the engine's Pair, or None when nothing has this key
    problems: list[str]  # what differs, flags aside
    flag_tp: list[str] = field(default_factory=list)
    flag_fp: list[str] = field(default_factory=list)
    flag_fn: list[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.problems


@dataclass
class CaseCheck:
    case: Case
    pairs: list[PairCheck]
    extra: list[str]  # problems outside the listed pairs (omitted pairs, stray flags)
    extra_fp: list[str]
    variant: int  # which expectation matched best (0 = main)
    stray_flags: list[str] = field(default_factory=list)  # flags on pairs no expectation has

    @property
    def pairs_right(self) -> int:
        return sum(p.right for p in self.pairs)

    @property
    def flags_right(self) -> bool:
        return not self.extra_fp and all(not p.flag_fp and not p.flag_fn for p in self.pairs)

    @property
    def right(self) -> bool:
        return self.pairs_right == len(self.pairs) and not self.extra and self.flags_right

    def problems(self) -> list[str]:
        out = []
        for p in self.pairs:
            label = _label(self.case, p.expected)
            if p.problems:
                out.append(f"{label}: " + "; ".join(p.problems))
            if p.flag_fp or p.flag_fn:
                bits = []
                if p.flag_fn:
                    bits.append("missing flag " + ",".join(p.flag_fn))
                if p.flag_fp:
                    bits.append("spurious flag " + ",".join(p.flag_fp))
                out.append(f"{label}: " + "; ".join(bits))
        out.extend(self.extra)
        out.extend(self.extra_fp)
        return out


def check(case: Case, result) -> CaseCheck:
    """Compare the engine's result with the case, against the best-fitting expectation."""
    checks = [_check_variant(case, result, k, variant) for k, variant in enumerate(case.expected)]
    return max(checks, key=lambda c: (c.right, c.pairs_right, -len(c.problems()), -c.variant))


def _check_variant(case: Case, result, k: int, expected: list[Expected]) -> CaseCheck:
    got = {}
    for pair in result.pairs:
        if case.mode == "excerpt" and pair.kind == "omitted":
            continue
        got[("b", tuple(pair.b)) if pair.b else ("a", tuple(pair.a))] = pair
    checks = []
    for e in expected:
        pair = got.pop(e.key, None)
        checks.append(_check_pair(case, e, pair))
    extra, extra_fp = [], []
    stray = []
    for key, pair in got.items():  # pairs the engine made that no expectation has
        extra.append(f"unexpected pair {pair.kind} a={list(pair.a)} b={list(pair.b)}")
        if pair.flags:
            extra_fp.append(f"unexpected pair a={list(pair.a)} b={list(pair.b)} has flags {','.join(pair.flags)}")
            stray.extend(pair.flags)
    for side, text, n in (("a", case.a, case.counts[0]), ("b", case.b, case.counts[1])):
        found = len(_sentences(segment(text), case.mode, side))
        if found != n:
            extra.append(f"segmentation: {side} has {found} sentences, a reader sees {n}")
    if case.mode == "excerpt":
        omitted = {p.a[0] for p in result.pairs if p.kind == "omitted"}
        want = set(range(case.counts[0])) - {i for e in expected for i in e.a}
        if omitted != want:
            missing, stray = sorted(want - omitted), sorted(omitted - want)
            bits = []
            if missing:
                bits.append(f"not reported omitted: a={missing}")
            if stray:
                bits.append(f"reported omitted but used: a={stray}")
            extra.append("omitted pairs: " + "; ".join(bits))
    return CaseCheck(case, checks, extra, extra_fp, k, stray)


def _check_pair(case: Case, e: Expected, pair) -> PairCheck:
    if pair is None:
        return PairCheck(e, None, [f"no pair with {'b' if e.b else 'a'}={list(e.b or e.a)}"],
                         flag_fn=list(e.flags or ()))
    problems = []
    if tuple(pair.a) != e.a or tuple(pair.b) != e.b:
        problems.append(f"expected a={list(e.a)} b={list(e.b)}, got a={list(pair.a)} b={list(pair.b)}")
    if pair.kind not in e.kinds:
        problems.append(f"expected {'|'.join(e.kinds)}, got {pair.kind}")
    if pair.moved != e.moved:
        problems.append("expected moved" if e.moved else "falsely moved")
    if e.trim is not None and pair.kind == "trimmed" and tuple(pair.trim) != e.trim:
        problems.append(f"expected trim {list(e.trim)}, got {list(pair.trim)}")
    check = PairCheck(e, pair, problems)
    if e.flags is not None:
        want, have = set(e.flags), set(pair.flags)
        check.flag_tp = sorted(want & have)
        check.flag_fn = sorted(want - have)
        check.flag_fp = sorted(have - want)
    return check


def _label(case: Case, e: Expected) -> str:
    a_doc, b_doc = segment(case.a), segment(case.b)
    side, idx, doc = ("b", e.b, b_doc) if e.b else ("a", e.a, a_doc)
    sentences = _sentences(doc, case.mode, side)
    text = " ".join(sentences[k].text if k < len(sentences) else "?" for k in idx)
    where = f"{side}{list(idx)}"
    return f"{where} {short(text)}"


def short(text: str, width: int = 36) -> str:
    """``text`` on one line, in quotes, cut with an ellipsis past ``width`` characters (for messages)."""
    text = re.sub(r"\s+", " ", text)
    return f"“{text}”" if len(text) <= width else f"“{text[:width - 1]}…”"
