"""What ``redline watch`` prints, and the notifications it sends: both say what changed in words
(:mod:`.news`, which ``export-site``'s feeds use too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .news import News, flagged_lines, headline, news
from .site import statement_dir, version_file

if TYPE_CHECKING:
    from redline.snapshots.notify import Failure, Message
    from redline.snapshots.watch import Changed, WatchResult


def news_of(changed: Changed, site: str | None = None) -> News:
    """The news of a changed statement; its link is the version's changes page on the published site
    (``site``: ``export-site``'s address), else the page it was fetched from."""
    version = changed.result.version
    link = changed.url
    if site:
        page = version_file(version.key, "diff" if changed.change is not None else "")
        link = f"{site.rstrip('/')}/{statement_dir(changed.id)}/{page}"
    return news(changed.id, changed.result.title, version.number, version.key, changed.result.sighting.retrieved,
                changed.change, link)


def message(changed: Changed, site: str | None = None) -> Message:
    """The notification of one changed statement: title and text for apprise, JSON for webhooks."""
    from redline.snapshots.notify import Message

    from .schema import notification_json

    item = news_of(changed, site)
    body = "\n".join([headline(item), *flagged_lines(item), item.link])
    title = f"{item.title or item.id}: new version @{item.number}"
    return Message(changed.id, title, body, notification_json(item, changed))


def watch_text(result: WatchResult) -> str:
    """One line per changed statement, then the run in a sentence."""
    lines = [f"changed  {headline(news_of(c))} ({c.result.version.key})" for c in result.changed]
    counts = f"{len(result.changed)} changed, {len(result.unchanged)} unchanged, {len(result.failed)} failed"
    waiting = f"; {len(result.not_due)} not due yet" if result.not_due else ""
    commit = f"; commit {result.commit[:12]}" if result.commit else "; nothing recorded"
    noun = "statement" if result.checked == 1 else "statements"
    lines.append(f"Checked {result.checked} {noun}: {counts}{waiting}{commit}.")
    return "\n".join(lines)


def failure_lines(result: WatchResult) -> list[str]:
    """The sources that could not be checked, one line each (for stderr, at the end)."""
    return [f"{f.id}: {f.error}" for f in result.failed]


def notify_failure_line(failure: Failure) -> str:
    """A notification that did not go out."""
    return f"notification about {failure.id} to {failure.target} failed: {failure.error}"
