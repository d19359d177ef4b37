"""Compare main-content extractors on real pages, and PDF text extractors on real PDFs.

Run: python bench/compare_extractors.py [--html] [--pdf] [--runs 5] [--show NAME]
Needs the candidates redline does not depend on: pip install trafilatura jusText pypdf

HTML: trafilatura (four settings), readability-lxml and jusText on the
pages in PAGES (../shared/corpus/web, REDLINE_CORPUS overrides), each
against the hand-written body text in tests/fixtures/web/gold/<page>.txt.
Every library gets the same input: the page decoded by redline
(``decode_html``) and cleaned for lxml (``clean_markup``). Scores:

* P/R/F1 of character bigrams (multisets; whitespace runs count as one
  space, list markers and invisible format characters are dropped) --
  how much of the body was found, how much else came with it;
* lines: share of gold lines found as whole lines in the output
  (paragraph structure, which the segmenter reads);
* labels: speaker labels (``华春莹：``, ``THE PRESIDENT:``; found in the
  gold by redline's own ``find_label``) kept at the start of a line;
* notes: bracketed notes of the gold (``(Applause.)``, ``[paying]``,
  ``（记者唐霁）``) found in the output;
* han+: spaces between two Han characters that the gold does not have;
* ms: median CPU time per page over --runs interleaved runs (process
  time: steadier than wall time on a shared machine), and its ratio to
  parsing the same string with lxml (the baseline).

PDF: pypdf and pdfminer.six as the text source of redline's own layout
(core/pdftext.py: furniture, paragraphs, hyphens), on the PDFs in
corpus/web/pdf, with checks of what each rule must achieve, plus the words
one library produces and the other does not (glued or split words).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS, ROOT  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "web" / "gold"
WEB = CORPUS / "web"
PAGES = {
    "zh_fmprc_2020-06-09_hua-chunying_regular-press-conference": "html/zh_fmprc_2020-06-09_hua-chunying_regular-press-conference.html",
    "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong": "html/zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong.html",
    "zh_fmprc_2019-02-16_yang-jiechi_munich-speech_DOM": "html/zh_fmprc_2019-02-16_yang-jiechi_munich-speech_DOM.html",
    "zh_govcn_2007_npc-standing-committee-resolution": "html/zh_govcn_2007_npc-standing-committee-resolution.html",
    "zh_cmse_2012-06-24_spokesperson-statement_DOM": "html/zh_cmse_2012-06-24_spokesperson-statement_DOM.html",
    "zh_xinhuanet_2019-12-10_news": "html/zh_xinhuanet_2019-12-10_news.html",
    "en_fmprc_2020-06-09_hua-chunying_regular-press-conference": "html/en_fmprc_2020-06-09_hua-chunying_regular-press-conference.html",
    "en_whitehouse_2014-03-04_remarks-president-fy2015-budget": "html/en_whitehouse_2014-03-04_remarks-president-fy2015-budget.html",
    "en_whitehouse_2014-03-04_remarks-first-lady-chinese-immersion-school": "html/en_whitehouse_2014-03-04_remarks-first-lady-chinese-immersion-school.html",
    "en_whitehouse_2012_remarks-first-lady-campaign-event-la-jolla": "html/en_whitehouse_2012_remarks-first-lady-campaign-event-la-jolla.html",
    "en_europarl_2019-07-18_venezuela-sanctions_press-release": "html/en_europarl_2019-07-18_venezuela-sanctions_press-release.html",
    "en_europarl_2025-02-13_georgia_press-release": "html/en_europarl_2025-02-13_georgia_press-release.html",
    "govuk_health_sec_statement_2021-03-01.v2": "versions/govuk_health_sec_statement_2021-03-01/v2.html",
    "govuk_mhra_astrazeneca_statement_2021-03.v4": "versions/govuk_mhra_astrazeneca_statement_2021-03/v4.html",
    "govuk_quarantine_press_release_2021-02.v5": "versions/govuk_quarantine_press_release_2021-02/v5.html",
    "govuk_storm_eunice_ea_statement_2022-02.v6": "versions/govuk_storm_eunice_ea_statement_2022-02/v6.html",
}
PDFS = sorted((WEB / "pdf").glob("*.pdf")) if (WEB / "pdf").is_dir() else []

_LIST_MARKER = re.compile(r"^(?:[-•*]|\d{1,2}[.)])\s+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[(（\[【][^()（）\[\]【】]{1,40}[)）\]】]")
_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


# --- HTML candidates: decoded, cleaned page text in, body text out -------------------------

def trafilatura_with(**options):
    def run(html: str, lang: str) -> str:
        import trafilatura

        return trafilatura.extract(html, include_comments=False, include_tables=True,
                                   deduplicate=False, **options) or ""
    return run


def readability(html: str, lang: str) -> str:
    from readability import Document

    from redline.core.htmltext import element_text, parse_html

    return element_text(parse_html(Document(html).summary(html_partial=True)))


def justext_paragraphs(html: str, lang: str) -> str:
    import justext

    if lang == "en":
        paragraphs = justext.justext(html, justext.get_stoplist("English"))
    else:
        # No Chinese stoplist: the documented language-independent mode.
        paragraphs = justext.justext(html, frozenset(), stopwords_low=0, stopwords_high=0)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


CANDIDATES = {
    "trafilatura": trafilatura_with(),
    "trafilatura fast": trafilatura_with(fast=True),
    "trafilatura recall": trafilatura_with(favor_recall=True),
    "trafilatura precision": trafilatura_with(favor_precision=True),
    "readability-lxml": readability,
    "jusText": justext_paragraphs,
}


def lxml_parse(html: str, lang: str) -> str:
    import lxml.html

    lxml.html.document_fromstring(html)
    return ""


# --- scoring -------------------------------------------------------------------------------

def norm_line(line: str) -> str:
    return _SPACE.sub(" ", _LIST_MARKER.sub("", _INVISIBLE.sub("", line.strip()))).strip()


def norm_lines(text: str) -> list[str]:
    return [n for n in map(norm_line, text.splitlines()) if n]


def bigrams(lines: list[str]) -> Counter:
    text = " ".join(lines)
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def score(gold_text: str, output: str) -> dict:
    from redline.core.speakers import find_label

    gold, out = norm_lines(gold_text), norm_lines(output)
    g, o = bigrams(gold), bigrams(out)
    common = sum((g & o).values())
    precision = common / max(sum(o.values()), 1)
    recall = common / max(sum(g.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out_lines = Counter(out)
    lines = sum(min(n, out_lines[line]) for line, n in Counter(gold).items()) / len(gold)
    labels = Counter()
    for line in gold:
        found = find_label(line)
        if found:
            labels[line[:found[1]]] += 1
    out_labels = Counter(line[:len(label)] for line in out for label in labels if line.startswith(label))
    labels_kept = sum(min(n, out_labels[label]) for label, n in labels.items())
    notes = Counter(_NOTE.findall(" ".join(gold)))
    joined = " ".join(out)
    notes_kept = sum(min(n, joined.count(note)) for note, n in notes.items())
    han = max(0, len(_HAN_SPACE.findall(joined)) - len(_HAN_SPACE.findall(" ".join(gold))))
    return {"p": precision, "r": recall, "f1": f1, "lines": lines, "labels": (labels_kept, sum(labels.values())),
            "notes": (notes_kept, sum(notes.values())), "han": han}


# --- HTML comparison -----------------------------------------------------------------------

def load_pages() -> list[tuple[str, str, str, str]]:
    """``(name, language, cleaned html, gold)`` for every page whose corpus file exists."""
    from redline.core.htmldecode import decode_html
    from redline.core.htmltext import clean_markup

    pages = []
    for name, path in PAGES.items():
        source = WEB / path
        if not source.exists():
            sys.exit(f"missing {source} (set REDLINE_CORPUS)")
        html = clean_markup(decode_html(source.read_bytes(), name=str(source)))
        pages.append((name, "zh" if name.startswith("zh_") else "en", html, (GOLD / f"{name}.txt").read_text("utf-8")))
    return pages


def compare_html(runs: int, show: str | None) -> None:
    pages = load_pages()
    names = list(CANDIDATES)
    outputs: dict[tuple[str, str], str] = {}
    times: dict[tuple[str, str], list[float]] = {}
    print(f"load before: {fmt_load()}")
    for name, lang, html, _ in pages:  # warm-up: imports and lazy initialisation
        for candidate in names:
            outputs[name, candidate] = CANDIDATES[candidate](html, lang)
    for _ in range(runs):
        for name, lang, html, _ in pages:
            for candidate, function in [*CANDIDATES.items(), ("lxml parse", lxml_parse)]:
                start = time.process_time()
                function(html, lang)
                times.setdefault((name, candidate), []).append(time.process_time() - start)
    print(f"load after:  {fmt_load()}\n")
    scores = {(name, c): score(gold, outputs[name, c]) for name, _, _, gold in pages for c in names}
    ms = {key: 1000 * statistics.median(values) for key, values in times.items()}

    print("F1 of character bigrams per page (P/R in the summary); * = fewer than all gold lines exact\n")
    print("| page | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for name, *_ in pages:
        cells = [f"{scores[name, c]['f1']:.3f}{'' if scores[name, c]['lines'] == 1 else '*'}" for c in names]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("| extractor | P | R | F1 | F1 zh | F1 en | lines exact | labels kept | notes kept | han+ | "
          "pages F1<0.9 | CPU ms (median page) | × lxml parse |")
    print("|---|" + "---|" * 12)
    for c in names:
        rows = [scores[name, c] for name, *_ in pages]
        zh = [scores[name, c]["f1"] for name, lang, *_ in pages if lang == "zh"]
        en = [scores[name, c]["f1"] for name, lang, *_ in pages if lang == "en"]
        labels = [sum(r["labels"][i] for r in rows) for i in (0, 1)]
        notes = [sum(r["notes"][i] for r in rows) for i in (0, 1)]
        page_ms = [ms[name, c] for name, *_ in pages]
        ratio = statistics.median(ms[name, c] / ms[name, "lxml parse"] for name, *_ in pages)
        print(f"| {c} | {mean(r['p'] for r in rows):.3f} | {mean(r['r'] for r in rows):.3f} | "
              f"{mean(r['f1'] for r in rows):.3f} | {mean(zh):.3f} | {mean(en):.3f} | "
              f"{mean(r['lines'] for r in rows):.1%} | {labels[0]}/{labels[1]} | {notes[0]}/{notes[1]} | "
              f"{sum(r['han'] for r in rows)} | {sum(r['f1'] < 0.9 for r in rows)} | "
              f"{statistics.median(page_ms):.0f} | {ratio:.1f} |")
    if show:
        for name, _, _, gold in pages:
            print(f"\n===== {name} ({show}) =====")
            print(outputs[name, show])


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# --- PDF comparison ------------------------------------------------------------------------

# Mean glyph width as a share of the font size: pypdf reports where a run of
# text starts, not where it ends, so its width is estimated.
PYPDF_GLYPH_WIDTH = 0.5


def pypdf_pages(data: bytes):
    """pypdf's text runs as redline's Page/Fragment geometry (run ends estimated)."""
    import pypdf

    from redline.core.pdftext import Fragment, Page

    pages = []
    for pdf_page in pypdf.PdfReader(io.BytesIO(data)).pages:
        box = pdf_page.mediabox
        page = Page(float(box.width), float(box.height))

        def visit(text, cm, tm, font, size, page=page):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            height = size or 10.0
            top = page.height - y - height
            width = len(text) * height * PYPDF_GLYPH_WIDTH
            page.fragments.append(Fragment(x, x + width, top, top + height, text.replace("\n", " ")))

        pdf_page.extract_text(visitor_text=visit)
        pages.append(page)
    return pages


def pdfminer_pages(data: bytes):
    from redline.core.pdftext import _read

    return _read(data, "<bench>")[0]


def pypdf_plain(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdfminer_plain(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def with_layout(read_pages):
    def run(data: bytes) -> str:
        from redline.core.pdftext import layout_pages

        return layout_pages(read_pages(data))
    return run


# Each backend: PDF bytes in, text out. "plain" is the library's own text output.
PDF_BACKENDS = {
    "pypdf plain": pypdf_plain,
    "pdfminer.six plain": pdfminer_plain,
    "pypdf + redline layout": with_layout(pypdf_pages),
    "pdfminer.six + redline layout": with_layout(pdfminer_pages),
}


def inflate_streams(data: bytes) -> None:
    """The baseline: inflate every Flate stream of the file (what any PDF reader must do)."""
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            zlib.decompressobj().decompress(data[match.end():match.end() + 2_000_000])
        except zlib.error:
            pass


# What each PDF's text must and must not hold after redline's layout.
PDF_CHECKS = {
    "en_fed_FOMCpresconf20220615": {
        "starts": ["From the standpoint of our congressional mandate", "CHAIR POWELL. Good afternoon."],
        "joined": ["the Fed understand the hardship", "price stability, the current picture"],
        "present": ["pass-through", "two and a half years", "¾ percentage point"],
        "absent": ["Page 1 of 27", "FINAL", "passthrough", "pass- through"],
    },
    "en_fed_FOMCpresconf20220727": {
        "starts": ["CHAIR POWELL. Good afternoon."],
        "joined": [],
        "present": ["below-trend"],
        "absent": ["Page 1 of 29", "FINAL", "belowtrend"],
    },
    "en_nz-pm_2020-05-05": {
        "starts": ["PM: Kia ora koutou katoa.", "Dr Ashley Bloomfield: Thank you, Prime Minister."],
        "joined": ["to Dr Bloomfield first"],
        "present": ["self-isolation", "willy-nilly"],
        "absent": ["page 1 of 11", "page 2 of 11", "Thank  you"],
    },
    "en_scotus_2009-01-13": {
        "starts": ["IN THE SUPREME COURT OF THE UNITED STATES"],
        "joined": ["argument before the Supreme Court"],
        "present": ["Tuesday, January 13, 2009"],
        "absent": ["\n1\n", "\n25\n", "1 IN THE SUPREME"],
    },
}


def pdf_checks(name: str, text: str) -> tuple[int, int, list[str]]:
    checks = next((c for key, c in PDF_CHECKS.items() if name.startswith(key)), None)
    if checks is None:
        return 0, 0, []
    lines = text.splitlines()
    failed = []
    failed += [f"not a paragraph start: {s!r}" for s in checks["starts"] if not any(l.startswith(s) for l in lines)]
    failed += [f"split: {s!r}" for s in checks["joined"] if s not in text]
    failed += [f"missing: {s!r}" for s in checks["present"] if s not in text]
    failed += [f"present: {s!r}" for s in checks["absent"] if s in f"\n{text}"]
    total = sum(len(v) for v in checks.values())
    return total - len(failed), total, failed


def compare_pdf(runs: int) -> None:
    if not PDFS:
        sys.exit(f"no PDFs in {WEB / 'pdf'} (set REDLINE_CORPUS)")
    print(f"load before: {fmt_load()}")
    texts, times = {}, {}
    for path in PDFS:
        data = path.read_bytes()
        for backend, extract in PDF_BACKENDS.items():
            texts[path.name, backend] = extract(data)
        for _ in range(runs):
            for backend, extract in [*PDF_BACKENDS.items(), ("inflate", inflate_streams)]:
                start = time.process_time()
                extract(data)
                times.setdefault((path.name, backend), []).append(time.process_time() - start)
    print(f"load after:  {fmt_load()}\n")
    print("CPU seconds (process time: steadier than wall time on a shared machine), median of runs\n")
    print("| PDF | pages | extractor | checks passed | lines | CPU s | × inflate | failed checks |")
    print("|---|---|---|---|---|---|---|---|")
    import pypdf

    for path in PDFS:
        pages = len(pypdf.PdfReader(path).pages)
        base = statistics.median(times[path.name, "inflate"])
        for backend in PDF_BACKENDS:
            text = texts[path.name, backend]
            passed, total, failed = pdf_checks(path.name, text)
            seconds = statistics.median(times[path.name, backend])
            print(f"| {path.name} | {pages} | {backend} | {passed}/{total} | {len(text.splitlines())} | "
                  f"{seconds:.2f} | {seconds / base:.0f} | {'; '.join(failed)} |")
    print("\nWords one layout backend produces and the other does not (first 12 each):")
    a, b = "pypdf + redline layout", "pdfminer.six + redline layout"
    for path in PDFS:
        words = {x: Counter(re.findall(r"[\w’'-]+", texts[path.name, x])) for x in (a, b)}
        print(f"  {path.name}: only pypdf: {sorted((words[a] - words[b]))[:12]}")
        print(f"  {' ' * len(path.name)}  only pdfminer.six: {sorted((words[b] - words[a]))[:12]}")


def fmt_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min; {os.cpu_count()} CPUs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", action="store_true", help="compare HTML extractors only")
    parser.add_argument("--pdf", action="store_true", help="compare PDF extractors only")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (median reported)")
    parser.add_argument("--show", metavar="NAME", help="print this HTML extractor's output for every page")
    args = parser.parse_args()
    for module, package in (("trafilatura", "trafilatura"), ("justext", "jusText"), ("pypdf", "pypdf")):
        try:
            __import__(module)
        except ImportError:
            sys.exit(f"the comparison needs {package}: pip install trafilatura jusText pypdf")
    both = not (args.html or args.pdf)
    if args.html or both:
        compare_html(args.runs, args.show)
    if args.pdf or both:
        if args.html or both:
            print()
        compare_pdf(max(1, args.runs // 2))


if __name__ == "__main__":
    main()
