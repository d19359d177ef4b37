"""What changed in a new version, in words: for Atom feeds (``export-site``) and notifications (``watch``).

A :class:`News` item is made once from the engine's diff of a version
against the one before it; the renderers here say it as a line of text, as
a short HTML fragment, and as an Atom entry. Every piece of statement text
is escaped for where it goes.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from redline.core import Comparison

from .changes import what_changed
from .comparison import ops_text
from .html import esc
from .safe import xml_text
from .style import Painter

ATOM = "http://www.w3.org/2005/Atom"
# A feed entry or a message lists at most this many flagged sentences.
MAX_FLAGGED = 10
_PLAIN = Painter(False)


@dataclass(frozen=True)
class Flagged:
    """A sentence whose change raised meaning flags, with its word changes marked (``[-…-]{+…+}``)."""

    flags: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class News:
    """A new version of a statement: which, when, how it changed, and where its pages are."""

    id: str
    title: str | None
    number: int
    key: str
    retrieved: str
    counts: dict[str, int] | None = None
    flagged: tuple[Flagged, ...] = field(default_factory=tuple)
    link: str = ""
    header: tuple[str, ...] = ()  # header fields changed (title...)


def news(ident: str, title: str | None, number: int, key: str, retrieved: str,
         change: Comparison | None, link: str = "") -> News:
    """The news of one version; ``change`` is its diff from the version before (None for the first)."""
    flagged = tuple(Flagged(tuple(p.flags), ops_text(p.ops, _PLAIN) if p.ops else (p.b_text or p.a_text))
                    for p in change.pairs if p.flags) if change else ()
    return News(ident, title, number, key, retrieved, dict(change.counts) if change else None, flagged, link,
                tuple(change.summary.header or ()) if change else ())


def headline(item: News) -> str:
    """``ID @3: 2 modified, 1 added; flagged: negation, number``, or ``ID @1: first version``."""
    if item.counts is None:
        what = "first version"
    else:
        what = what_changed(item.counts, item.header)
    flags = sorted({f for s in item.flagged for f in s.flags})
    return f"{item.id} @{item.number}: {what}" + (f"; flagged: {', '.join(flags)}" if flags else "")


def flagged_lines(item: News) -> list[str]:
    """One line per flagged sentence (the first :data:`MAX_FLAGGED`)."""
    lines = [f"[{', '.join(s.flags)}] {s.text}" for s in item.flagged[:MAX_FLAGGED]]
    if len(item.flagged) > MAX_FLAGGED:
        lines.append(f"(and {len(item.flagged) - MAX_FLAGGED} more)")
    return lines


def news_html(item: News) -> str:
    """A short HTML fragment: the headline and the flagged sentences, all text escaped."""
    items = "".join(f"<li>{esc(line)}</li>" for line in flagged_lines(item))
    return f"<p>{esc(headline(item))}</p>" + (f"<ul>{items}</ul>" if items else "")


# -- Atom --------------------------------------------------------------------------------------
def atom(title: str, feed_id: str, base: str, self_link: str, items: list[News]) -> str:
    """An Atom 1.0 feed (RFC 4287): one entry per new version, newest first.

    Entry links are paths from the site's root; ``base`` (``xml:base``) says
    where that root is, relative to the feed or as an absolute URL.
    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}base": base})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((i.retrieved for i in items), default="1970-01-01T00:00:00Z")
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "redline"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link)
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "redline"
    for item in sorted(items, key=lambda i: (i.retrieved, i.id, i.number), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(item.id, item.key)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(f"{item.title or item.id} @{item.number}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = item.retrieved
        if item.link:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=item.link)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(headline(item))
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = xml_text(news_html(item))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def entry_id(ident: str, key: str) -> str:
    """A version's Atom id: a name-based UUID of its statement and stable key, so it never changes."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'redline:{ident}@{key}')}"


def feed_id(name: str) -> str:
    """A feed's Atom id from a stable name (the archive's first commit, a statement ID)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'redline-feed:{name}')}"

