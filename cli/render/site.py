"""Pages of ``redline export-site``: the whole archive as static HTML.

Links are relative, so the folder works on any static host and from
``file://``. A version's pages are named by its stable key (not its number,
which shifts when an older release is added later), so links to them keep
working as the archive grows. Every page is self-contained, like the
``--format html`` report, whose pieces it reuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from redline.core import Comparison
from redline.snapshots.layout import KEY

from .html import comparison_body, esc, lang_of, link, page
from .changes import what_changed
from .words import plural
from .news import News


@dataclass(frozen=True)
class SightingInfo:
    """When and where a version's bytes were seen, as a page shows it."""

    retrieved: str
    label: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class VersionInfo:
    """One version as the site lists it; ``changes`` counts against the previous version (None for the first)."""

    number: int
    key: str
    date: str | None
    label: str | None
    sightings: tuple[SightingInfo, ...]
    changes: dict[str, int] | None = None
    excerpt: bool = False
    readable: bool = True
    source: str | None = None  # as amended, like ``date`` and ``label``
    note: str | None = None
    header: tuple[str, ...] = ()  # header fields changed against the previous version (title...)


@dataclass(frozen=True)
class StatementInfo:
    """A statement: its ID, title (from the latest readable version's header), versions oldest first,
    and what each version changed, in words (its feed's entries)."""

    id: str
    title: str | None
    versions: tuple[VersionInfo, ...]
    news: tuple[News, ...] = ()


# The names of a statement's own pages: its index and feed, and each version's pages (version_file). An ID
# segment can be named so too (``x`` and ``x/index.html`` are both IDs; ``x/<key, lowercased>.html`` on a
# file system that ignores case), hence without regard to case.
_PAGE = re.compile(rf"index\.html|feed\.xml|{KEY.pattern}(?:\.diff|\.excerpt)?\.html", re.IGNORECASE)


def statement_dir(ident: str) -> str:
    """Folder of a statement's pages, relative to the site root. An ID segment named like a page gets a
    ``_`` in front, which no ID segment starts with, so ``x/index.html``'s folder is not ``x``'s page."""
    return "s/" + "/".join("_" + part if _PAGE.fullmatch(part) else part for part in ident.split("/"))


def is_page(relative: str) -> bool:
    """Whether ``relative`` (a path from the site root) is a page export-site writes."""
    folder, _, name = relative.rpartition("/")
    return (folder == "" and name in ("index.html", "feed.xml")) or (folder.startswith("s/") and bool(_PAGE.fullmatch(name)))


def version_file(key: str, kind: str = "") -> str:
    """``KEY.html`` (the text), ``KEY.diff.html`` (changes from the previous version), ``KEY.excerpt.html``."""
    return f"{key}{'.' + kind if kind else ''}.html"


def _href(path: str) -> str:
    return esc(quote(path))


def root_of(ident: str) -> str:
    """From a statement's folder back to the site root."""
    return "../" * (2 + ident.count("/"))



# -- pages ----------------------------------------------------------------------------
def index_page(statements: list[StatementInfo], commit: str) -> str:
    """The site's front page: every statement with its title, version count and dates."""
    rows = []
    for info in statements:
        dates = [v.date for v in info.versions if v.date]
        rows.append(
            f'<tr><td><a href="{_href(statement_dir(info.id) + "/index.html")}">{esc(info.id)}</a></td>'
            f"<td>{esc(info.title or '')}</td><td>{len(info.versions)}</td>"
            f"<td>{esc(min(dates) if dates else '')}</td><td>{esc(max(dates) if dates else '')}</td></tr>"
        )
    body = (
        f"<header><h1>redline archive</h1><p class=\"mode\">{plural(len(statements), 'statement')} · archive at commit "
        f"{esc(commit[:12])} · <a href=\"feed.xml\">Atom feed</a></p></header>\n<main>\n<table class=\"meta\"><tr><th>statement</th><th>title</th>"
        f"<th>versions</th><th>first</th><th>latest</th></tr>\n" + "\n".join(rows) + "\n</table>\n</main>"
    )
    return page("redline archive", body, lang_of(*(s.title or "" for s in statements[:50])))


def statement_page(info: StatementInfo) -> str:
    """A statement's versions, newest first: dates, labels, sightings, changes, and links to each page."""
    rows = []
    for v in reversed(info.versions):
        pages = [f'<a href="{_href(version_file(v.key))}">text</a>']
        if v.changes is not None:
            pages.append(f'<a href="{_href(version_file(v.key, "diff"))}">changes from @{v.number - 1}</a>')
        if v.excerpt:
            pages.append(f'<a href="{_href(version_file(v.key, "excerpt"))}">excerpt vs full text</a>')
        rows.append(
            f'<tr id="v{v.number}"><td>@{v.number}</td><td>{esc(v.date or "")}</td><td>{_label(v)}</td>'
            f"<td>{_changes(v)}</td><td>{_sightings(v)}</td><td>{' · '.join(pages)}</td></tr>"
        )
    body = (
        f'<nav><a href="{root_of(info.id)}index.html">archive</a> › {esc(info.id)}</nav>\n'
        f"<header><h1>{esc(info.title or info.id)}</h1><p class=\"mode\">{esc(info.id)} · "
        f"{plural(len(info.versions), 'version')} (numbers are positions in date order and can shift when an "
        "older release is added; the keys in page names do not) · <a href=\"feed.xml\">Atom feed</a></p></header>\n<main>\n<table class=\"meta\">"
        "<tr><th>version</th><th>date</th><th>label</th><th>changes</th><th>sightings</th><th>pages</th></tr>\n"
        + "\n".join(rows) + "\n</table>\n</main>"
    )
    return page(info.title or info.id, body, lang_of(info.title or ""))


def version_page(info: StatementInfo, version: VersionInfo, text: str | None) -> str:
    """A version's exact text (escaped, as preformatted text) with its metadata."""
    meta = [("statement", esc(info.id)), ("version", f"@{version.number}"), ("key", esc(version.key)),
            ("date", esc(version.date or "")), ("label", esc(version.label or "")),
            ("source", link(version.source) if version.source else ""), ("note", esc(version.note or "")),
            ("sightings", _sightings(version))]
    table = "".join(f"<tr><th>{key}</th><td>{value}</td></tr>" for key, value in meta)
    shown = (f'<pre class="text">{esc(text)}</pre>' if text is not None
             else "<p>The stored bytes of this version no longer match their recorded hash "
                  "(run <code>redline verify</code>).</p>")
    body = (f"{_nav(info, version)}\n<header><h1>{esc(info.title or info.id)} @{version.number}</h1>"
            f'<table class="meta">{table}</table></header>\n<main>\n{shown}\n</main>')
    return page(f"{info.id} @{version.number}", body, lang_of(info.title or "", (text or "")[:2000]))


def comparison_page(info: StatementInfo, version: VersionInfo, result: Comparison, kind: str) -> str:
    """The side-by-side report: changes from the previous version (``diff``), or the excerpt (``excerpt``)."""
    what = "changes from the previous version" if kind == "diff" else "excerpt traced to the full text"
    heading = f"{info.title or info.id} @{version.number}: {what}"
    body = f"{_nav(info, version)}\n{comparison_body(result, heading)}"
    sample = [p.b_text or p.a_text for p in result.pairs[:50]]
    return page(heading, body, lang_of(heading, *sample))


# -- pieces ---------------------------------------------------------------------------
def _nav(info: StatementInfo, version: VersionInfo) -> str:
    parts = [f'<a href="{root_of(info.id)}index.html">archive</a>',
             f'<a href="index.html">{esc(info.id)}</a>', f"@{version.number}"]
    numbers = {v.number: v for v in info.versions}
    if version.number - 1 in numbers:
        parts.append(f'<a href="{_href(version_file(numbers[version.number - 1].key))}">← @{version.number - 1}</a>')
    if version.number + 1 in numbers:
        parts.append(f'<a href="{_href(version_file(numbers[version.number + 1].key))}">@{version.number + 1} →</a>')
    return "<nav>" + " › ".join(parts[:3]) + (" · " + " · ".join(parts[3:]) if parts[3:] else "") + "</nav>"


def _label(version: VersionInfo) -> str:
    """A version's label, with its source and note as amended."""
    parts = [esc(version.label or "")] + ([link(version.source)] if version.source else [])
    note = f'<br><span class="note">{esc(version.note)}</span>' if version.note else ""
    return " · ".join(p for p in parts if p) + note


def _changes(version: VersionInfo) -> str:
    if version.changes is None:
        return "first version" if version.readable else "unreadable"
    return esc(what_changed(version.changes, version.header))


def _sightings(version: VersionInfo) -> str:
    items = []
    for s in version.sightings:
        parts = [esc(s.retrieved)] + [esc(x) for x in (s.label,) if x] + ([link(s.source)] if s.source else [])
        note = f'<br><span class="note">{esc(s.note)}</span>' if s.note else ""
        items.append(f"<li>{' · '.join(parts)}{note}</li>")
    return f'<ul class="plain">{"".join(items)}</ul>'
