"""Quotation detection measured against the hand-written set in tests/fixtures/quotes.

Run: python bench/eval_quotes.py [--split dev|heldout|all] [--only ID...] [--verbose] [--check-sources]

For each language, and for the dev and held-out pairs apart, prints the
precision and recall of quotation detection (strict and loose span
matching, see docs/quotes-evaluation.md), how often the speaker as written
and the speaker it resolves to in the transcript are right, and with
--verbose every miss and every false detection. --check-sources verifies
every expected source against the full transcript in ../shared/corpus
(REDLINE_CORPUS overrides the place).

tests/test_core_quotation_eval.py imports this module (by path) for the
loader and the matcher, so the suite and this report always agree.
"""

from __future__ import annotations

import argparse
import html as html_lib
import os
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from redline.core import QuoteTrace, quotes, segment
from redline.core.aliases import resolve_speaker, transcript_speakers
from redline.core.quotation import STYLES, Quotation, find_quotations

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "fixtures" / "quotes"
CORPUS = Path(os.environ.get("REDLINE_CORPUS", ROOT.parent / "shared" / "corpus"))
KINDS = ("verbatim", "trimmed", "altered", "spliced", "paraphrase", "not-found")
NOT_QUOTE = ("narration", "term", "echo")
STRICT_OVERLAP = 0.8  # intersection/union of trimmed spans for a strict match
LOOSE_COVER = 0.8  # share of the expected span a loose match must cover


@dataclass(frozen=True)
class Expected:
    """One hand-written quotation; ``start``/``end`` found in the article by the loader."""

    text: str
    start: int
    end: int
    marked: bool
    style: str
    speaker: str
    speaker_resolves: str
    kind: str
    sources: tuple[str, ...]
    misattributed: bool = False
    marked_parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotQuote:
    text: str
    start: int
    end: int
    why: str


@dataclass
class Pair:
    id: str
    lang: str
    split: str
    article: str
    transcript_path: str  # relative to the corpus
    transcript_excerpt: str  # tests/fixtures/quotes/<id>.transcript.txt
    principal: str  # the person the transcript's title names (its principal speaker), by hand
    quotes: list[Expected]
    not_quotes: list[NotQuote]
    constructed: bool = False  # real sentences given to another speaker on purpose (misattribution cases)


def load_pairs(folder: Path = PAIRS) -> list[Pair]:
    return [load_pair(path) for path in sorted(folder.glob("*.toml"))]


def load_pair(path: Path) -> Pair:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = path.name
    article = (path.parent / data["article"]).read_text(encoding="utf-8")
    if data["split"] not in ("dev", "heldout") or data["lang"] not in ("en", "zh"):
        raise ValueError(f"{name}: split must be dev|heldout and lang en|zh")
    quotes = [_expected(name, article, q) for q in data.get("quote", [])]
    not_quotes = []
    for item in data.get("not_quote", []):
        if item["why"] not in NOT_QUOTE:
            raise ValueError(f"{name}: not_quote why must be one of {NOT_QUOTE}")
        start = article.find(item["text"])
        if start < 0:
            raise ValueError(f"{name}: not_quote text not in the article: {item['text'][:40]!r}")
        not_quotes.append(NotQuote(item["text"], start, start + len(item["text"]), item["why"]))
    excerpt = (path.parent / f"{data['id']}.transcript.txt").read_text(encoding="utf-8")
    return Pair(data["id"], data["lang"], data["split"], article, data["transcript"], excerpt,
                data["transcript_principal"], quotes, not_quotes, bool(data.get("constructed")))


def _expected(name: str, article: str, q: dict) -> Expected:
    scope = q.get("within", q["text"])
    if article.count(scope) != 1 or scope.count(q["text"]) != 1:
        raise ValueError(f"{name}: quote text must occur exactly once (use `within`): {q['text'][:40]!r}")
    start = article.index(scope) + scope.index(q["text"])
    if q["kind"] not in KINDS or q["style"] not in STYLES:
        raise ValueError(f"{name}: unknown kind or style in {q['text'][:40]!r}")
    if q["marked"] != (q["style"] != "reported"):
        raise ValueError(f"{name}: marked must be true exactly for marks, block and colon: {q['text'][:40]!r}")
    return Expected(q["text"], start, start + len(q["text"]), q["marked"], q["style"], q["speaker"],
                    q["speaker_resolves"], q["kind"], tuple(q["sources"]), q.get("misattributed", False),
                    tuple(q.get("marked_parts", ())))


# --------------------------------------------------------------------------
# Matching


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without whitespace, punctuation and quotation marks at its ends."""
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    return start, end


def _edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class PairResult:
    pair: Pair
    found: list[Quotation]
    strict: list[tuple[Expected, Quotation]]
    loose: list[tuple[Expected, Quotation]]
    missed: list[Expected]  # no strict match
    false: list[Quotation]  # no strict match, not inside an echo
    echoes: int  # detections inside an echo, not counted
    speaker_right: int = 0
    resolved_right: int = 0
    unresolved: list[tuple[Expected, Quotation, str]] = field(default_factory=list)
    traced: dict[int, QuoteTrace] = field(default_factory=dict)  # by quotation index
    wrong_kind: list[tuple[Expected, QuoteTrace]] = field(default_factory=list)
    wrong_source: list[tuple[Expected, QuoteTrace]] = field(default_factory=list)
    wrong_attribution: list[tuple[Expected, QuoteTrace]] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.missed and not self.false


def evaluate(pair: Pair, transcript: str | None = None) -> PairResult:
    """Detect quotations in the pair's article and match them to the expected ones."""
    scan = find_quotations(pair.article)
    found = list(scan.quotations)
    text = pair.article
    exp_spans = [trimmed_span(text, e.start, e.end) for e in pair.quotes]
    got_spans = [trimmed_span(text, q.start, q.end) for q in found]
    strict = _match(exp_spans, got_spans, lambda e, g: overlap(e, g) / max(1, _union(e, g)) >= STRICT_OVERLAP)
    loose = _match(exp_spans, got_spans, lambda e, g: _loose(e, g, exp_spans))
    echoes = [trimmed_span(text, n.start, n.end) for n in pair.not_quotes if n.why == "echo"]
    matched_got = {g for _, g in strict}
    inside_echo = {i for i, g in enumerate(got_spans) if i not in matched_got and
                   any(overlap(g, e) >= 0.5 * (g[1] - g[0]) for e in echoes)}
    result = PairResult(
        pair, found,
        [(pair.quotes[e], found[g]) for e, g in strict],
        [(pair.quotes[e], found[g]) for e, g in loose],
        [pair.quotes[e] for e in range(len(pair.quotes)) if e not in {e for e, _ in strict}],
        [found[g] for g in range(len(found)) if g not in matched_got and g not in inside_echo],
        len(inside_echo),
    )
    doc = segment(transcript if transcript is not None else pair.transcript_excerpt)
    speakers = transcript_speakers(doc)
    result.traced = {t.index: t for t in quotes(pair.article, doc).quotes}
    for exp, got in result.strict:
        traced = result.traced[got.index]
        if traced.kind != exp.kind:
            result.wrong_kind.append((exp, traced))
        if not source_right(exp, traced, doc.text):
            result.wrong_source.append((exp, traced))
        if traced.misattributed != exp.misattributed:
            result.wrong_attribution.append((exp, traced))
    for exp, got in result.strict:
        result.speaker_right += got.speaker == exp.speaker
        who = resolve_speaker(got.speaker_ref, speakers) if got.speaker_ref else None
        person = (pair.principal if who.principal else who.name) if who else ""
        if person == exp.speaker_resolves:
            result.resolved_right += 1
        else:
            result.unresolved.append((exp, got, person))
    return result


def source_right(exp: Expected, traced: QuoteTrace, transcript: str) -> bool:
    """The traced sources are the expected ones: none for none; else every expected source (any of its
    occurrences) overlaps a traced source, and every traced source overlaps an expected one."""
    if not exp.sources or not traced.sources:
        return not exp.sources and not traced.sources
    wanted = [[(m.start(), m.end()) for m in re.finditer(re.escape(src), transcript)] for src in exp.sources]
    got = [(s.start, s.end) for s in traced.sources]
    return (all(any(overlap(w, g) for w in spans for g in got) for spans in wanted)
            and all(any(overlap(w, g) for spans in wanted for w in spans) for g in got))


def _union(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[1], b[1]) - min(a[0], b[0])


def _loose(e: tuple[int, int], g: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    if overlap(e, g) < LOOSE_COVER * max(1, e[1] - e[0]):
        return False
    return not any(o != e and overlap(o, g) > 0 for o in others)


def _match(exp: list, got: list, ok) -> list[tuple[int, int]]:
    """One-to-one pairs, best overlap first."""
    options = sorted(((overlap(e, g), i, j) for i, e in enumerate(exp) for j, g in enumerate(got) if ok(e, g)),
                     reverse=True)
    used_e, used_g, out = set(), set(), []
    for _, i, j in options:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            out.append((i, j))
    return sorted(out)


# --------------------------------------------------------------------------
# Report


@dataclass
class Tally:
    expected: int = 0
    found: int = 0
    strict: int = 0
    loose: int = 0
    speaker: int = 0
    resolved: int = 0
    pairs: int = 0
    kind: int = 0
    source: int = 0
    misattributed: int = 0  # expected misattributed quotations (strict matches) flagged as such
    misattributed_expected: int = 0
    false_misattributed: int = 0

    def add(self, r: PairResult) -> None:
        self.pairs += 1
        self.kind += len(r.strict) - len(r.wrong_kind)
        self.source += len(r.strict) - len(r.wrong_source)
        for exp, got in r.strict:
            flagged = r.traced[got.index].misattributed
            self.misattributed_expected += exp.misattributed
            self.misattributed += exp.misattributed and flagged
            self.false_misattributed += flagged and not exp.misattributed
        self.expected += len(r.pair.quotes)
        self.found += len(r.found) - r.echoes
        self.strict += len(r.strict)
        self.loose += len(r.loose)
        self.speaker += r.speaker_right
        self.resolved += r.resolved_right


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "-"


def report(results: list[PairResult], verbose: bool) -> None:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for r in results:
        for key in ((r.pair.lang, r.pair.split), (r.pair.lang, "all"), ("all", "all")):
            tallies[key].add(r)
    print(f"{'lang':5} {'split':8} {'pairs':>5} {'exp':>4} {'found':>5}  {'precision':>14} {'recall':>14}  "
          f"{'loose P':>14} {'loose R':>14}  {'speaker':>14} {'resolved':>14}")
    for (lang, split), t in sorted(tallies.items()):
        print(f"{lang:5} {split:8} {t.pairs:5} {t.expected:4} {t.found:5}  {_ratio(t.strict, t.found):>14} "
              f"{_ratio(t.strict, t.expected):>14}  {_ratio(t.loose, t.found):>14} {_ratio(t.loose, t.expected):>14}  "
              f"{_ratio(t.speaker, t.strict):>14} {_ratio(t.resolved, t.strict):>14}")
    print("speaker: strict matches whose speaker as written is right; resolved: whose transcript speaker is right")
    print(f"\n{'lang':5} {'split':8} {'kind':>14} {'source':>14}  {'misattributed':>14} {'false misattr.':>14}")
    for (lang, split), t in sorted(tallies.items()):
        print(f"{lang:5} {split:8} {_ratio(t.kind, t.strict):>14} {_ratio(t.source, t.strict):>14}  "
              f"{_ratio(t.misattributed, t.misattributed_expected):>14} {t.false_misattributed:>14}")
    print("kind, source: of the strict matches; misattributed: expected cases flagged (constructed pairs only)")
    if verbose:
        for r in results:
            _details(r)


def _details(r: PairResult) -> None:
    problems = [f"  missed ({e.style}, {e.speaker}): {e.text[:90]!r}" for e in r.missed]
    problems += [f"  false ({q.style}, {q.speaker}): {q.text[:90]!r}" for q in r.false]
    for exp, got in r.strict:
        if got.speaker != exp.speaker:
            problems.append(f"  speaker {got.speaker!r} (ref {got.speaker_ref!r}), expected {exp.speaker!r}: "
                            f"{exp.text[:50]!r}")
    for exp, got in r.wrong_kind:
        problems.append(f"  kind {got.kind.value}, expected {exp.kind}: {exp.text[:60]!r}")
    for exp, got in r.wrong_source:
        problems.append(f"  source {[s.text[:40] for s in got.sources]}, expected {[x[:40] for x in exp.sources]}: "
                        f"{exp.text[:40]!r}")
    for exp, got in r.wrong_attribution:
        problems.append(f"  misattributed {got.misattributed}, expected {exp.misattributed}: {exp.text[:50]!r}")
    for exp, got, resolved in r.unresolved:
        problems.append(f"  resolved {resolved!r} (ref {got.speaker_ref!r}), expected {exp.speaker_resolves!r}: "
                        f"{exp.text[:50]!r}")
    if problems:
        print(f"\n{r.pair.id} [{r.pair.split}]")
        print("\n".join(problems))


def check_sources(pairs: list[Pair]) -> int:
    """Every expected source must occur in the full transcript; return the number that do not."""
    bad = 0
    for pair in pairs:
        path = CORPUS / pair.transcript_path
        if not path.exists():
            sys.exit(f"no corpus file {path} (set REDLINE_CORPUS)")
        text = path.read_text(encoding="utf-8")
        for q in pair.quotes:
            for source in q.sources:
                if source not in text:
                    bad += 1
                    print(f"{pair.id}: source not in {pair.transcript_path}: {source[:60]!r}")
    return bad


def blockquote_check() -> None:
    """Block quotes found in the GOV.UK pages of the corpus against their <blockquote> elements.

    An independent check: nobody wrote these expectations, the page markup
    did. Each page version's text (govuk/versions/*.vN.txt) is searched and
    its block-quote paragraphs compared with the HTML's (web/versions/…/vN.html).
    """
    expected = found = right = pages = 0
    for html_path in sorted((CORPUS / "web" / "versions").glob("govuk_*/v*.html")):
        text_path = CORPUS / "govuk" / "versions" / f"{html_path.parent.name}.{html_path.stem}.txt"
        if not text_path.exists():
            continue
        pages += 1
        html = html_path.read_text(encoding="utf-8")
        want = {_flat(p) for block in re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)
                for p in re.findall(r"<p[^>]*>(.*?)</p>", block, re.S)}
        got = {_flat(q.text) for q in find_quotations(text_path.read_text(encoding="utf-8")).quotations
               if q.style == "block"}
        expected, found, right = expected + len(want), found + len(got), right + len(want & got)
    print(f"\nGOV.UK <blockquote> paragraphs, {pages} page versions: precision {_ratio(right, found)}, "
          f"recall {_ratio(right, expected)}")


def _flat(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--check-sources", action="store_true")
    parser.add_argument("--excerpts", action="store_true",
                        help="resolve speakers against the fixture excerpts instead of the full transcripts")
    args = parser.parse_args(argv)
    pairs = [p for p in load_pairs() if args.split in ("all", p.split) and (not args.only or p.id in args.only)]
    if args.check_sources:
        return 1 if check_sources(pairs) else 0
    results = []
    for pair in pairs:
        transcript = None
        if not args.excerpts:
            path = CORPUS / pair.transcript_path
            transcript = path.read_text(encoding="utf-8") if path.exists() else None
        results.append(evaluate(pair, transcript))
    report(results, args.verbose)
    if not args.only:
        blockquote_check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
