"""Render a :class:`~redline.core.Comparison` as one self-contained HTML page.

Side by side (source left, derived right), grouped by speaker turn, with
word-level ``<del>``/``<ins>``, flags as badges, moved sentences linked both
ways to the place they came from, omitted passages and (in versions mode)
long unchanged runs folded into ``<details>``. The page loads nothing: inline
CSS, no script, and a Content-Security-Policy that forbids both, so that even
a mistake in escaping could not run a transcript's ``<script>``. Every piece
of statement text and metadata goes through :func:`esc`.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from dataclasses import dataclass, replace

from redline.core import Comparison, Pair
from redline.core.clip import clip
from redline.core.ops import DELETE, EQUAL, INSERT, Op
from redline.core.script import has_han
from redline.core.urls import split_url

from .safe import escape
from .words import plural

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
FONTS = ('-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans CJK SC", '
         '"Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
         "sans-serif")
CSS = """
:root{--line:#e3e3e3;--dim:#6b6b6b;--ins:#d7f5d3;--ins-fg:#135f13;--del:#fddcdc;--del-fg:#8a1616;
 --norm:#fff1c2;--moved:#2f62c9;--warn:#9a5b00;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:1rem;font:16px/1.6 FONTS;color:#1d1d1d;background:#fff}
a{color:var(--moved)}
h1{font-size:1.35rem;line-height:1.3;margin:.2rem 0 .4rem}
h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
.mode,.dim,.n,.note{color:var(--dim)}
.meta{border-collapse:collapse;margin:.5rem 0;font-size:.9rem;width:100%}
.meta th,.meta td{border-top:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top;
 overflow-wrap:anywhere}
.meta th{color:var(--dim);font-weight:normal;white-space:nowrap}
.counts{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0;margin:.5rem 0}
.tag,.counts li{display:inline-block;border-radius:.6rem;padding:0 .5rem;font-size:.78rem;line-height:1.5;
 background:#eee;white-space:nowrap;margin:.1rem .25rem .1rem 0;text-decoration:none;color:#333}
.k-trimmed,.k-modified,.k-split,.k-merged{background:#fff1c2}
.k-edited{background:#ffe0b3}.k-added,.k-removed{background:#fbd3d0}.k-omitted{background:#eee}
.f-negation,.f-reversal,.f-number,.f-speaker{background:var(--bad);color:#fff}
.f-hedge,.f-editorial,.f-quote,.f-name{background:#f3d9a4}
a.tag,.t-moved{background:#dbe6fb;color:var(--moved)}
.cols,.row{display:grid;grid-template-columns:1fr 1fr;gap:0 1.2rem}
.cols{position:sticky;top:0;background:#fff;border-bottom:2px solid var(--line);font-weight:600;z-index:1;
 padding:.3rem 0;font-size:.9rem}
.row{border-top:1px solid var(--line);padding:.35rem 0;scroll-margin-top:3rem}
.row>div{overflow-wrap:anywhere;min-width:0}
.row.moved{box-shadow:inset 3px 0 var(--moved)}
.row.ghost{color:var(--dim);font-size:.9rem}
.row:target{background:#fff8d6}
.turn{margin:1rem 0 0;font-weight:700;color:#444}
.section{margin:1.2rem 0 0;font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.05em;color:var(--dim)}
.n{font-size:.75rem;margin-right:.35rem;font-variant-numeric:tabular-nums}
del{background:var(--del);color:var(--del-fg)}
ins{background:var(--ins);color:var(--ins-fg);text-decoration:underline}
.norm{background:var(--norm)}
.omit{color:var(--dim)}
details{margin:.2rem 0;border-top:1px solid var(--line)}
summary{cursor:pointer;color:var(--dim);padding:.3rem 0;font-size:.9rem}
nav{font-size:.9rem;margin-bottom:.5rem}
ul.plain{list-style:none;padding:0;margin:0}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit}
@media (max-width:700px){
 body{padding:.6rem}
 .cols{display:none}
 .row{grid-template-columns:1fr}
 .row>div:empty,.row.r-same:not(.moved)>.a{display:none}
 .row>.a:not(:empty){border-left:3px solid var(--del);padding-left:.4rem}
 .row>.b:not(:empty){border-left:3px solid var(--ins);padding-left:.4rem}
}
""".replace("FONTS", FONTS)
CONTEXT = 1
MIN_FOLD = 3


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute: ``& < > " '`` escaped, control characters shown as
    escapes (:func:`.safe.escape`; HTML holds none, and a page may be read in a terminal)."""
    return html.escape(escape(str(text)), quote=True)


def link(url: str | None) -> str:
    """A URL as a link if it is http(s), else as text: no ``javascript:`` or ``data:`` hrefs."""
    if not url:
        return ""
    parts = split_url(url.strip())
    if parts is not None and parts.scheme.lower() in ("http", "https"):
        return f'<a href="{esc(url.strip())}" rel="noopener noreferrer">{esc(url)}</a>'
    return esc(url)


def page(title: str, body: str, lang: str = "en", css: str = "") -> str:
    """A complete page: doctype, CSP, viewport, inline CSS (plus a report's own ``css``), ``body`` (already HTML)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>"
    )


def lang_of(*texts: str) -> str:
    """``zh-Hans`` when the texts hold Chinese (picks the CJK glyphs), else ``en``."""
    return "zh-Hans" if any(has_han(t or "") for t in texts) else "en"


def comparison_title(result: Comparison) -> str:
    """The statement's title if its header has one, else the two names."""
    meta = result.b.metadata or result.a.metadata or {}
    return meta.get("title") or f"{result.a.name} → {result.b.name}"


def with_facts(result: Comparison, a: dict, b: dict) -> Comparison:
    """The comparison with facts about each side (version, key, label, source, ...) added to its metadata."""
    return replace(result, a=replace(result.a, metadata={**result.a.metadata, **a}),
                   b=replace(result.b, metadata={**result.b.metadata, **b}))


def comparison_html(result: Comparison) -> str:
    """The whole page for ``--format html``."""
    sample = [p.b_text or p.a_text for p in result.pairs[:50]]
    return page(comparison_title(result), comparison_body(result), lang_of(comparison_title(result), *sample))


def comparison_body(result: Comparison, heading: str | None = None) -> str:
    """Summary header and side-by-side rows (the site embeds this in its own pages)."""
    return summary_html(result, heading) + rows_html(result)


# -- summary ---------------------------------------------------------------
MODE_LABEL = {"excerpt": "Excerpt traced to the full text", "versions": "Changes between two versions"}
SIDE_LABELS = {"excerpt": ("source (a)", "derived (b)"), "versions": ("old (a)", "new (b)")}
SKIP_META = {"titles", "extra"}


def summary_html(result: Comparison, heading: str | None = None) -> str:
    """Title, the two sides' names and metadata, counts, flags, coverage and header changes."""
    out = [f"<header>\n<h1>{esc(heading or comparison_title(result))}</h1>",
           f'<p class="mode">{esc(MODE_LABEL.get(result.mode, result.mode))}</p>',
           '<table class="meta">',
           "<tr><th></th>" + "".join(f"<th>{side}</th>" for side in SIDE_LABELS.get(result.mode, ("a", "b"))) + "</tr>",
           _meta_row("name", esc(result.a.name), esc(result.b.name)),
           _meta_row("sentences", str(result.a.sentences), str(result.b.sentences))]
    a_meta, b_meta = result.a.metadata or {}, result.b.metadata or {}
    for key in dict.fromkeys([*a_meta, *b_meta]):
        if key in SKIP_META or not (a_meta.get(key) or b_meta.get(key)):
            continue
        show = link if key == "source" else _meta_value
        out.append(_meta_row(key, show(a_meta.get(key)), show(b_meta.get(key))))
    out.append("</table>")
    summary = result.summary
    out.append('<ul class="counts">' + "".join(
        f'<li class="k-{esc(kind)}">{n} {esc(kind)}</li>' for kind, n in summary.counts.items()) + "</ul>")
    if summary.flags:
        out.append("<p>flags: " + " ".join(_tag(f"{flag} {n}", f"f-{flag}") for flag, n in summary.flags.items())
                   + "</p>")
    if summary.coverage:
        share = summary.coverage.overall
        out.append(f"<p>coverage: {share.sentences.used}/{share.sentences.total} full-text sentences, "
                   f"{share.char_share:.1%} of characters</p>")
    for key, change in (summary.header or {}).items():
        out.append(f"<p>header {esc(key)}: <del>{esc(change.a or '')}</del> → "
                   f"<ins>{esc(change.b or '')}</ins></p>")
    out.append("</header>")
    return "\n".join(out) + "\n"


def _meta_value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return esc("; ".join(str(v) for v in value))
    return esc(value) if value not in (None, "") else ""


def _meta_row(key: str, a: str, b: str) -> str:
    if a == b:
        return f'<tr><th>{esc(key)}</th><td colspan="2">{a}</td></tr>'
    return f"<tr><th>{esc(key)}</th><td>{a}</td><td>{b}</td></tr>"


def _tag(text: str, cls: str) -> str:
    return f'<span class="tag {esc(cls)}">{esc(text)}</span>'


# -- layout ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Row:
    """One line of the page: a pair (``ghost`` False), or where a moved pair's source stood."""

    number: int
    pair: Pair
    ghost: bool = False

    @property
    def speaker(self) -> str | None:
        """Whose words the row shows: a ghost stands in the source, so its source speaker."""
        return self.pair.a_speaker if self.ghost else self.pair.speaker

    @property
    def fold(self) -> str | None:
        """``omitted`` or ``same`` when this row may be folded into a run, else None."""
        if self.ghost:
            return None
        if self.pair.kind == "omitted":
            return "omitted"
        return "same" if self.pair.unchanged else None


def layout(result: Comparison) -> list[Row]:
    """Rows in reading order: the derived side's order, with source-only rows where they stood.

    Omitted and removed sentences, and the old place of each moved pair,
    go right after the in-order pair that precedes them in the source.
    """
    rows: list[Row] = []
    groups: dict[str, list[tuple[int, Pair]]] = {}
    for number, pair in enumerate(result.pairs):
        key = pair.section if result.mode == "versions" else ""
        groups.setdefault(key, []).append((number, pair))
    for group in groups.values():
        placed = [(n, p) for n, p in group if p.b]
        chain = [p.a[0] for _, p in placed if p.a and not p.moved]
        loose = sorted(
            [(p.a[0], 0, Row(n, p)) for n, p in group if not p.b]
            + [(p.a[0], 1, Row(n, p, ghost=True)) for n, p in placed if p.a and p.moved],
            key=lambda item: item[:2],
        )
        slots: dict[int, list[Row]] = {}
        for a0, _, row in loose:
            slots.setdefault(bisect_left(chain, a0), []).append(row)
        rows += slots.get(0, [])
        seen = 0
        for n, pair in placed:
            rows.append(Row(n, pair))
            if pair.a and not pair.moved:
                seen += 1
                rows += slots.get(seen, [])
    return rows


def _runs(rows: list[Row], mode: str) -> list[tuple[str | None, list[Row]]]:
    """Consecutive rows that fold together (omitted: consecutive source sentences)."""
    runs: list[tuple[str | None, list[Row]]] = []
    for row in rows:
        fold = row.fold if (row.fold == "omitted" or mode == "versions") else None
        if runs and fold and runs[-1][0] == fold and _continues(runs[-1][1][-1], row):
            runs[-1][1].append(row)
        else:
            runs.append((fold, [row]))
    return runs


def _continues(last: Row, row: Row) -> bool:
    return row.fold != "omitted" or row.pair.a[0] == last.pair.a[-1] + 1


# -- rows ------------------------------------------------------------------
class _Turns:
    """Emits a speaker (and section) heading whenever they change."""

    def __init__(self, speaker: object = None, section: object = None, sections: bool = False) -> None:
        self.speaker, self.section, self.sections = speaker, section, sections

    def heading(self, row: Row) -> str:
        out = ""
        if self.sections and row.pair.section != self.section:
            self.section, self.speaker = row.pair.section, object()
            out += f'<div class="section">{esc(row.pair.section)}</div>\n'
        if row.speaker != self.speaker:
            self.speaker = row.speaker
            out += f'<div class="turn">{esc(row.speaker or "(no speaker)")}</div>\n'
        return out


def rows_html(result: Comparison) -> str:
    """The side-by-side body: column heads, then turns of rows with folded runs."""
    sections = result.mode == "versions" and len({p.section for p in result.pairs}) > 1
    turns = _Turns(object(), object(), sections)
    out = [f'<main>\n<div class="cols"><div>{esc(result.a.name)}</div><div>{esc(result.b.name)}</div></div>\n']
    runs = _runs(layout(result), result.mode)
    for k, (fold, run) in enumerate(runs):
        if fold == "omitted":
            out.append(_folded(run, turns, _omitted_label(run)))
            continue
        head = CONTEXT if k > 0 else 0
        tail = CONTEXT if k < len(runs) - 1 else 0
        if fold == "same" and len(run) - head - tail >= MIN_FOLD:
            middle = run[head:len(run) - tail]
            out += [turns.heading(r) + _row(r) for r in run[:head]]
            out.append(_folded(middle, turns, f"{len(middle):,} unchanged sentences"))
            out += [turns.heading(r) + _row(r) for r in run[len(run) - tail:]]
        else:
            out += [turns.heading(r) + _row(r) for r in run]
    out.append("</main>\n")
    return "".join(out)


def _folded(run: list[Row], turns: _Turns, label: str) -> str:
    """A ``<details>`` run; headings inside follow the run, the page outside keeps its own."""
    inner = _Turns(turns.speaker, turns.section, turns.sections)
    kind = "omitted" if run[0].fold == "omitted" else "same"
    body = "".join(inner.heading(r) + _row(r) for r in run)
    return f'<details class="fold-{kind}"><summary>{esc(label)}</summary>\n{body}</details>\n'


def _omitted_label(run: list[Row]) -> str:
    first, last = run[0].pair.a[0] + 1, run[-1].pair.a[-1] + 1
    where = f"#{first}" if first == last else f"#{first}–{last}"
    text = run[0].pair.a_text
    preview = text if len(text) <= 40 else text[:39] + "…"
    count = f"{plural(len(run), 'sentence')} omitted"
    return f"{count} ({where}) · {run[0].pair.speaker or '(no speaker)'}: {preview}"


def _span(idx: list[int]) -> str:
    return f'<span class="n">{_plain_span(idx)}</span>' if idx else ""


def _row(row: Row) -> str:
    pair, n = row.pair, row.number
    if row.ghost:
        return (f'<div class="row ghost" id="g{n}"><div class="a">{_span(pair.a)}{esc(clip(pair.a_text, 60))} '
                f'<a class="tag t-moved" href="#p{n}">moved → {esc(_plain_span(pair.b))}</a></div><div class="b"></div></div>\n')
    classes = f"row r-{esc(pair.kind)}" + (" moved" if pair.moved else "")
    a_html, b_html = _sides(pair)
    tags = _tags(pair, n)
    if pair.b:
        b_html += tags
    else:
        a_html += tags
    a_cell = f"{_span(pair.a)}{a_html}" if pair.a else ""
    b_cell = f"{_span(pair.b)}{b_html}" if pair.b else ""
    return f'<div class="{classes}" id="p{n}"><div class="a">{a_cell}</div><div class="b">{b_cell}</div></div>\n'


def _sides(pair: Pair) -> tuple[str, str]:
    """Each side's text with its own changes marked: deletions on the left, insertions on the right."""
    if pair.kind == "same":
        return esc(pair.a_text), esc(pair.b_text)
    if not pair.b:
        wrap = "del" if pair.kind == "removed" else "span"
        return f'<{wrap} class="omit">{esc(pair.a_text)}</{wrap}>', ""
    if not pair.a:
        return "", f"<ins>{esc(pair.b_text)}</ins>"
    return ops_html(pair.ops)


def ops_html(ops: list[Op]) -> tuple[str, str]:
    """Side ``a`` with its deletions marked, and side ``b`` with its insertions (respellings on both)."""
    left, right = [], []
    for op in ops:
        if op.kind == EQUAL:
            left.append(esc(op.a))
            right.append(esc(op.b))
        elif op.kind == DELETE:
            left.append(f"<del>{esc(op.a)}</del>")
        elif op.kind == INSERT:
            right.append(f"<ins>{esc(op.b)}</ins>")
        else:
            left.append(f'<span class="norm">{esc(op.a)}</span>')
            right.append(f'<span class="norm">{esc(op.b)}</span>')
    return "".join(left), "".join(right)


def _tags(pair: Pair, n: int) -> str:
    """Kind (with where a trim cut), moved (a link to the old place) and flags."""
    if pair.unchanged:
        return ""
    kind = pair.kind + (f" · {', '.join(pair.trim)}" if pair.trim else "")
    out = [_tag(kind, f"k-{pair.kind}")] if pair.kind != "same" else []
    if pair.moved:
        out.append(f'<a class="tag t-moved" href="#g{n}">moved from {esc(_plain_span(pair.a))}</a>')
    out += [_tag(f"speaker (source: {pair.a_speaker or 'none'})" if flag == "speaker" else flag, f"f-{flag}")
            for flag in pair.flags]
    return f'<div class="tags">{"".join(out)}</div>'


def _plain_span(idx: list[int]) -> str:
    return f"#{idx[0] + 1}" if len(idx) == 1 else f"#{idx[0] + 1}–{idx[-1] + 1}"
