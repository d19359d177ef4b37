"""Render a :class:`~redline.core.QuoteReport` as text or as an HTML page (JSON: :mod:`.schema`).

Text: one entry per quotation in article order (kind, speaker as written and
as resolved, then each source with the words the quotation cut or changed
marked), narration between them with ``--all``, then a summary. HTML: the
article with every quotation highlighted by kind, and beside each paragraph
the sources of the quotations it holds; every piece of text is escaped.
"""

from __future__ import annotations

import re

from redline.core import QuoteReport, QuoteSource, QuoteTrace
from redline.core.result import QuoteKind

from .comparison import ops_text
from .html import esc, lang_of, ops_html, page
from .style import Painter

NO_QUOTES = "no quotations found"
MARKS = {"verbatim": "=", "trimmed": "✂", "altered": "✎", "spliced": "&", "paraphrase": "≈", "not-found": "?"}
KIND_COLOURS = {"verbatim": "green", "trimmed": "cyan", "altered": "yellow", "spliced": "yellow",
                "paraphrase": "blue", "not-found": "red"}
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def _speaker(quote: QuoteTrace) -> str:
    written = quote.speaker or "(no attribution)"
    return f"{written} → {quote.resolved}" if quote.resolved and quote.resolved != quote.speaker else written


def _where(source: QuoteSource) -> str:
    first, last = source.sentences[0] + 1, source.sentences[-1] + 1
    span = f"#{first}" if first == last else f"#{first}-{last}"
    return f"{span} {source.speaker}" if source.speaker else span


def summary_line(report: QuoteReport) -> str:
    counts = report.summary
    kinds = ", ".join(f"{counts[k.value]} {k.value}" for k in QuoteKind)
    return f"summary: {kinds}; {counts['misattributed']} misattributed"


# -- text -----------------------------------------------------------------------
def quotes_text(report: QuoteReport, paint: Painter, show_all: bool = False) -> str:
    """Each quotation and its sources; with ``show_all`` the narration around them too."""
    if not report.quotes:
        return NO_QUOTES
    entries = [(q.start, _quote_entry(q, paint)) for q in report.quotes]
    if show_all:
        entries += [(n.start, paint(f"   narration: {n.text}", dim=True)) for n in report.narration]
    out = [paint(f"{report.b.name}: quotations traced to {report.a.name}", bold=True), ""]
    out += [text for _, text in sorted(entries, key=lambda e: e[0])]
    out += ["", summary_line(report)]
    return "\n".join(out)


def _quote_entry(quote: QuoteTrace, paint: Painter) -> str:
    kind = quote.kind.value
    notes = [quote.style] + [t for s in quote.sources for t in s.trim]
    notes += [paint(flag, fg="magenta", bold=True) for flag in quote.flags]
    if quote.misattributed:
        notes.append(paint("misattributed", fg="red", bold=True))
    head = (f"#{quote.index + 1} {MARKS[kind]} {paint(f'{kind:<10}', fg=KIND_COLOURS[kind], bold=True)} "
            f"{_speaker(quote)}  ({', '.join(dict.fromkeys(notes))})")
    lines = [head]
    if not quote.sources:
        lines.append(f"     “{quote.text}”  " + paint(f"({_absent(quote)})", dim=True))
    for source in quote.sources:
        where = paint(f"← {_where(source)}", dim=True)
        if source.kind == QuoteKind.PARAPHRASE:
            lines.append(f"     “{_quoted(quote, source)}”")
            lines.append(f"     {where} (similarity {source.similarity:.2f}): {source.text}")
        else:
            lines.append(f"     {ops_text(source.ops, paint)}  {where}")
    if quote.misattributed:
        said = ", ".join(dict.fromkeys(s.speaker or "?" for s in quote.sources))
        lines.append(paint(f"     the transcript gives these words to {said}", fg="red"))
    return "\n".join(lines)


def _absent(quote: QuoteTrace) -> str:
    """Why a quotation has no source: a third party's words were never claimed to be in the transcript."""
    return "not in the transcript; attributed to someone who is not its speaker" if quote.third_party \
        else "not in the transcript"


def _quoted(quote: QuoteTrace, source: QuoteSource) -> str:
    """The stretch of the quotation a source stands for."""
    return quote.text[source.quote_start - quote.start:source.quote_end - quote.start] or quote.text


# -- html -----------------------------------------------------------------------
QUOTE_CSS = """
mark.q{background:none;border-bottom:3px solid #999;padding:0 .1rem}
mark.q sup{font-size:.7rem;color:var(--dim);margin-left:.1rem}
.q-verbatim{border-color:#2e7d32!important}.q-trimmed{border-color:#00838f!important}
.q-altered,.q-spliced{border-color:#e08a00!important;background:#fff3e0!important}
.q-paraphrase{border-color:#5c6bc0!important}.q-not-found,.q-misattributed{border-color:var(--bad)!important;
 background:#fde7e5!important}
.t-verbatim{background:#d7f5d3}.t-trimmed{background:#d3f1f5}.t-altered,.t-spliced{background:#ffe0b3}
.t-paraphrase{background:#e1e5fb}.t-not-found,.t-misattributed{background:var(--bad);color:#fff}
.card{border-left:3px solid var(--line);padding:.1rem 0 .3rem .6rem;margin:0 0 .6rem;font-size:.92rem}
.card .src{color:#333;margin:.2rem 0}
.narration{color:#333}
"""


def quotes_html(report: QuoteReport) -> str:
    """The whole page for ``quotes --format html``."""
    title = report.b.metadata.get("title") or f"{report.b.name}: quotations"
    body = _summary_html(report, title) + _article_html(report)
    return page(title, body, lang_of(title, report.text[:2000]), QUOTE_CSS)


def _summary_html(report: QuoteReport, title: str) -> str:
    counts = report.summary
    items = "".join(f'<li class="t-{esc(kind)}">{n} {esc(kind)}</li>' for kind, n in counts.items())
    return (f"<header>\n<h1>{esc(title)}</h1>\n"
            f'<p class="mode">Quotations in {esc(report.b.name)}, traced to {esc(report.a.name)}</p>\n'
            f'<ul class="counts">{items}</ul>\n'
            + ("" if report.quotes else f"<p>{esc(NO_QUOTES)}</p>\n") + "</header>\n")


def _article_html(report: QuoteReport) -> str:
    """One row per article paragraph: the paragraph with its quotations marked, their sources beside it."""
    out = ['<main>\n<div class="cols"><div>article</div><div>source in the transcript</div></div>\n']
    for match in _PARAGRAPH.finditer(report.text):
        start, end = match.start(), match.end()
        inside = [q for q in report.quotes if q.start < end and start < q.end]
        cards = "".join(_card(q) for q in inside if start <= q.start < end)
        out.append(f'<div class="row"><div class="a narration">{_marked(report.text, start, end, inside)}</div>'
                   f'<div class="b">{cards}</div></div>\n')
    out.append("</main>\n")
    return "".join(out)


def _classes(quote: QuoteTrace) -> str:
    return f"q q-{quote.kind.value}" + (" q-misattributed" if quote.misattributed else "")


def _marked(text: str, start: int, end: int, quotes: list[QuoteTrace]) -> str:
    """``text[start:end]`` escaped, each quotation inside it wrapped in a ``<mark>`` of its kind."""
    out, pos = [], start
    for quote in sorted(quotes, key=lambda q: q.start):
        q_start, q_end = max(start, quote.start), min(end, quote.end)
        out.append(esc(text[pos:q_start]))
        number = f"<sup>{quote.index + 1}</sup>" if quote.end <= end else ""
        out.append(f'<mark class="{_classes(quote)}" id="q{quote.index + 1}" title="{esc(quote.kind.value)}">'
                   f"{esc(text[q_start:q_end])}{number}</mark>")
        pos = q_end
    out.append(esc(text[pos:end]))
    return "".join(out).replace("\n", "<br>")


def _card(quote: QuoteTrace) -> str:
    tags = [f'<span class="tag t-{esc(quote.kind.value)}">{esc(quote.kind.value)}</span>']
    tags += [f'<span class="tag">{esc(t)}</span>' for s in quote.sources for t in s.trim]
    tags += [f'<span class="tag f-{esc(flag)}">{esc(flag)}</span>' for flag in quote.flags]
    if quote.misattributed:
        tags.append('<span class="tag t-misattributed">misattributed</span>')
    parts = [f'<div class="card"><div><a href="#q{quote.index + 1}">#{quote.index + 1}</a> '
             f"{esc(_speaker(quote))} {''.join(tags)}</div>"]
    if not quote.sources:
        parts.append(f'<div class="src dim">{esc(_absent(quote))}</div>')
    for source in quote.sources:
        said, quoted = ops_html(source.ops)
        where = f'<span class="n">{esc(_where(source))}</span>'
        if source.kind == QuoteKind.PARAPHRASE:
            parts.append(f'<div class="src">{where} similarity {source.similarity:.2f}: {esc(source.text)}</div>')
        else:
            parts.append(f'<div class="src">{where} {said}</div>')
            if source.kind == QuoteKind.ALTERED:
                parts.append(f'<div class="src">quoted as: {quoted}</div>')
    parts.append("</div>")
    return "".join(parts)
