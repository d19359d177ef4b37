"""What a web page says about itself: title, date, site name, canonical URL, language.

All of it is untrusted: values are flattened to one line, stripped of
control characters and capped in length; URLs must be absolute http(s).

Dates come, in this order, from publication meta tags, JSON-LD
``datePublished``, a short date line near the title as the reader sees it
(``2020-06-09``, ``Published 1 March 2021``, ``发布日期: 2012-06-24``) and
``<time datetime>``, all read by :func:`redline.core.dates.find_date`. A
last-modified date is never taken for the publication date, and no date
is better than a guessed one: a date that changes between fetches would be
reported as a change.
"""

from __future__ import annotations

import json
import re

from .dates import find_date
from .extracted import PageMeta
from .urls import join_url, split_url

MAX_FIELD_CHARS = 500
MAX_URL_CHARS = 2048
# A date line is short: a date, perhaps a time and a label ("发布日期:").
MAX_DATE_LINE_CHARS = 40
# How far from the title line a date line may be (page text lines).
DATE_LINES_BEFORE = 8
DATE_LINES_AFTER = 12
# Publication dates, most specific first (matched on lower-cased name/property/itemprop).
PUBLISHED_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "publish_date",
    "publish-date", "pubdate", "publication_date", "firstpublishedtime", "dc.date.issued",
    "dcterms.issued", "parsely-pub-date", "sailthru.date", "dc.date", "dcterms.date", "dcterms.created",
)
# Between a page's title and its site's name: " | ", "_", " - ", "记者会 — 外交部", "交通-新华网".
_TITLE_SEPARATOR = re.compile(
    r"\s*[|｜_]+\s*|\s+[-–—»·]+\s+|(?<=[\u3400-\u9fff])[-–—－]+(?=[\u3400-\u9fff])"
)
_ISO_DAY = re.compile(r"\s*\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")


def page_meta(root, lines: list[str], url: str | None = None) -> PageMeta:
    """Metadata of the page parsed as ``root``, whose visible text lines are ``lines``.

    ``url`` is where the page was fetched from; relative canonical links are
    resolved against it.
    """
    metas = _meta_values(root)
    raw_title = _clean(_text_of(root.find("head/title"))) or metas.get("og:title")
    headings = [h for h in (_clean(_text_of(e)) for e in root.iter("h1")) if h]
    title = _title(raw_title, headings)
    return PageMeta(
        title=title,
        date=_date(root, metas, lines, title),
        site=metas.get("og:site_name") or metas.get("application-name") or _site_part(raw_title, title),
        url=_canonical(root, metas, url),
        language=_language(root, metas),
    )


def _meta_values(root) -> dict[str, str]:
    """First non-empty content of each ``<meta>`` by lower-cased name, property, itemprop or http-equiv."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = _clean(meta.get("content"))
        if not content:
            continue
        for attribute in ("name", "property", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key:
                values.setdefault(key, content)
    return values


def _title(raw: str | None, headings: list[str]) -> str | None:
    """The page's title without its site name: the ``<h1>`` the ``<title>`` contains, else its longest part."""
    if raw:
        for heading in headings:
            if heading in raw:
                return heading
        return max(_TITLE_SEPARATOR.split(raw), key=len).strip() or None
    return headings[0] if headings else None


def _site_part(raw: str | None, title: str | None) -> str | None:
    """The last part of a ``<title>`` such as ``Remarks | The White House``, when it is not the title."""
    if not raw:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(raw) if p.strip()]
    if len(parts) < 2 or (title and parts[-1] in title):
        return None
    return parts[-1]


def _date(root, metas: dict[str, str], lines: list[str], title: str | None) -> str | None:
    for key in PUBLISHED_KEYS:
        if key in metas and (found := _machine_date(metas[key])):
            return found
    return (
        _json_ld_date(root)
        or _date_line(lines, title)
        or next((d for d in map(_machine_date, _time_values(root)) if d), None)
    )


def _machine_date(value: str) -> str | None:
    """ISO date of a machine-readable value (``2021-03-01T18:23:00+00:00``, ``2007-08-20-23:59:59``)."""
    prefix = _ISO_DAY.match(value)
    return find_date(prefix.group() if prefix else value)


def _json_ld_date(root) -> str | None:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser's stack
            continue
        for value in _json_values(data, "datePublished"):
            if isinstance(value, str) and (found := _machine_date(value)):
                return found
    return None


def _json_values(data, key: str):
    """Values of ``key`` anywhere in parsed JSON, depth first (iteratively)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if key in node:
                yield node[key]
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _date_line(lines: list[str], title: str | None) -> str | None:
    """The date on the short line nearest the title line (the title's own date excluded)."""
    at = next((i for i, line in enumerate(lines) if title and line == title), None)
    if at is None:
        return None
    window = range(max(0, at - DATE_LINES_BEFORE), min(len(lines), at + DATE_LINES_AFTER + 1))
    for i in sorted(window, key=lambda i: (abs(i - at), i < at)):
        if i != at and len(lines[i]) <= MAX_DATE_LINE_CHARS and (found := find_date(lines[i])):
            return found
    return None


def _time_values(root) -> list[str]:
    return [value for t in root.iter("time") if (value := (t.get("datetime") or "").strip())]


def _canonical(root, metas: dict[str, str], base: str | None) -> str | None:
    links = [link.get("href") for link in root.iter("link") if "canonical" in (link.get("rel") or "").lower()]
    for href in [*links, metas.get("og:url")]:
        href = _clean(href)
        if not href:
            continue
        absolute = join_url(base, href) if base else href
        parts = split_url(absolute) if absolute else None
        if parts and parts.scheme in ("http", "https") and parts.netloc and len(absolute) <= MAX_URL_CHARS:
            return absolute
    return None


def _language(root, metas: dict[str, str]) -> str | None:
    for value in (root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  metas.get("content-language"), metas.get("language"), metas.get("dc.language")):
        value = (value or "").strip().lower().replace("_", "-")
        if _LANGUAGE.fullmatch(value):
            return value
    return None


def _text_of(element) -> str | None:
    return element.text_content() if element is not None else None


def _clean(value: str | None) -> str | None:
    """One line of at most :data:`MAX_FIELD_CHARS` characters, no control characters, or None."""
    if not value:
        return None
    flat = " ".join(_CONTROL.sub(" ", value).split())
    return flat[:MAX_FIELD_CHARS] or None
