"""``redline export-site``: the archive as a static site.

Each statement is read whole (:meth:`redline.snapshots.Archive.statement`)
and its pages written by :mod:`redline.cli.render.site`, many statements in
a process pool (:mod:`redline.snapshots.parallel`).
"""

from __future__ import annotations

import os
import shutil
from functools import partial
from pathlib import Path

import click

from .app import cli, echo, progress, warn
from .render.words import plural

SITE_MARKER = ".redline-site"


@cli.command("export-site")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--base-url", metavar="URL", help="Where the site will be published, for absolute links in its feeds.")
@click.pass_context
def export_site(ctx, directory, base_url):
    """Write the whole archive as a static website in DIRECTORY.

    An index of statements; per statement its versions and sightings; each
    version's text, the changes from the version before it, and its
    excerpt traced to its full text (side-by-side pages, as --format
    html). Atom feeds, one for the archive (feed.xml) and one per statement,
    have an entry per version saying what changed and which sentences
    carry meaning flags. Links are relative: publish the folder on any
    static host, or open index.html from disk. Page names use stable version keys, so links
    keep working as versions are added. DIRECTORY must be empty, new, or a
    site exported before. The site is written in a new folder beside it
    and renamed into its place when complete, so a run cut short leaves
    DIRECTORY as it was.

    Example:

        redline export-site public/ && python -m http.server -d public
    """
    from redline.core.clip import first_of
    from redline.core.errors import RedlineError
    from redline.snapshots.parallel import for_each

    from .output import replace_folder, sweep, temporary_folder
    from .refs import open_archive
    from .render.news import atom, feed_id
    from .render.site import index_page

    target = Path(os.path.realpath(directory))
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / SITE_MARKER).is_file())):
        raise RedlineError(f"{directory}: not empty and not a site redline exported (no {SITE_MARKER}); "
                           "choose a new or empty folder")
    foreign = _foreign(target) if target.is_dir() else []
    if foreign:
        raise RedlineError(f"{directory}: holds {first_of(foreign)}, which export-site did not write and would "
                           "delete; move it out, or choose another folder")
    if target == Path.cwd().resolve() or target in Path.cwd().resolve().parents:
        raise RedlineError(f"{directory}: the site replaces its folder as a whole, so it cannot be the "
                           "current folder or hold it; choose a folder inside it or elsewhere")
    archive = open_archive(ctx.obj)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep(target)
        build = temporary_folder(target)
    except OSError as exc:
        raise RedlineError(f"{directory}: cannot write ({exc.strerror or exc})") from None
    try:
        readable = {row.id for row in archive.statements()}
        every = archive.ids()
        ids = [ident for ident in every if ident in readable]
        left_out = [ident for ident in every if ident not in readable]
        if left_out:  # a clone's statement whose every sighting is bad: the others are still published
            warn(f"{first_of(left_out)}: no version redline can read; left out of the site "
                 "(`redline verify` lists every problem)")
        base = _base(base_url)
        with progress(len(ids), "Writing pages") as step:
            statements = for_each(partial(SiteWriter, str(archive.path), str(build), base), ids, step)
        write_page(build, "index.html", index_page(statements, archive.tip()))
        write_page(build, "feed.xml", atom("redline archive", feed_id(archive.root_commit()), base or "./",
                                           "feed.xml", [n for s in statements for n in s.news]))
        write_page(build, SITE_MARKER, "redline export-site\n")
        replace_folder(build, target)
    except OSError as exc:
        raise RedlineError(f"{directory}: cannot write ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(build, ignore_errors=True)
    pages = 1 + sum(1 + sum(1 + (v.changes is not None) + v.excerpt for v in s.versions) for s in statements)
    echo(f"Wrote {plural(pages, 'page')} for {plural(len(statements), 'statement')} to {directory} "
         f"(open {Path(directory) / 'index.html'})")


def _foreign(site: Path) -> list[str]:
    """What in an exported site's folder no export writes (sorted): files, links and empty folders that
    replacing it would delete."""
    from .render.site import is_page

    found = []
    for folder, subfolders, names in os.walk(site):
        here = Path(folder)
        relative = here.relative_to(site).as_posix()
        if not (subfolders or names) and here != site:
            found.append(relative + "/")
        found += [(here / name).relative_to(site).as_posix() + "/" for name in subfolders if (here / name).is_symlink()]
        for name in names:
            path = (here / name).relative_to(site).as_posix()
            if not ((here / name).is_file() and not (here / name).is_symlink() and (path == SITE_MARKER or is_page(path))):
                found.append(path)
    return sorted(found)


def _base(url: str | None) -> str | None:
    """``--base-url`` checked (http or https) and ending in ``/``."""
    from redline.core.errors import RedlineError
    from redline.core.urls import split_url

    if url is None:
        return None
    parts = split_url(url)
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or not url.isprintable() \
            or " " in url:
        raise RedlineError(f"--base-url {url!r}: not an http(s) URL (printable, without spaces)")
    return url if url.endswith("/") else url + "/"


def write_page(root: Path, relative: str, text: str) -> None:
    """Write ``root/relative``, refusing a path that resolves outside ``root`` (names come from the archive)."""
    from redline.core.errors import RedlineError

    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise RedlineError(f"{relative!r}: a page outside the site; nothing was written")
    if not root.is_dir():
        # Swept away: the run that made it was killed, and this is one of its orphaned workers.
        raise RedlineError(f"{root}: the site folder being written is gone")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class SiteWriter:
    """Writes one statement's pages (its index, and per version: text, changes, excerpt) and describes it."""

    def __init__(self, path: str, out: str, base: str | None = None) -> None:
        from redline.snapshots import Archive

        self.archive = Archive.open(path)
        self.tip = self.archive.tip()
        self.out = Path(out)
        self.base = base

    def __call__(self, ident: str):
        from redline.core import compare, diff

        from .render import site
        from .render.html import with_facts
        from .render.news import atom, feed_id, news

        stored = self.archive.statement(ident, at=self.tip)
        folder = site.statement_dir(ident)
        infos, pages = [], []
        for version in stored.versions:
            doc, previous = version.document, stored.previous(version)
            before = previous.document if previous is not None else None
            change = excerpt = None
            if doc is not None and before is not None:
                change = diff(before, doc, previous.name, version.name)
                change = with_facts(change, previous.facts(), version.facts())
            if doc is not None and doc.section("excerpt") and doc.section("full"):
                facts = version.facts()
                excerpt = with_facts(compare(doc, version.name), facts, facts)
            infos.append(site.VersionInfo(
                version.number, version.key, version.date, version.label,
                tuple(site.SightingInfo(s.retrieved, s.label, s.source, s.note) for s in version.sightings),
                change.summary.counts if change else None, excerpt is not None, doc is not None,
                version.source, version.note, tuple(change.summary.header or ()) if change else ()))
            pages.append((version, change, excerpt))
        latest = next((v.document for v in reversed(stored.versions) if v.document), None)
        title = latest.metadata.title if latest else None
        items = tuple(news(ident, title, v.number, v.key, v.first.retrieved, change,
                           f"{folder}/{site.version_file(v.key, 'diff' if change else '')}")
                      for v, change, _ in pages)
        info = site.StatementInfo(ident, title, tuple(infos), items)
        write_page(self.out, f"{folder}/index.html", site.statement_page(info))
        write_page(self.out, f"{folder}/feed.xml", atom(title or ident, feed_id(ident), self.base or site.root_of(ident),
                                                        f"{folder}/feed.xml", list(items)))
        for entry, (version, change, excerpt) in zip(infos, pages):
            write_page(self.out, f"{folder}/{site.version_file(version.key)}", site.version_page(info, entry, version.text))
            if change is not None:
                write_page(self.out, f"{folder}/{site.version_file(version.key, 'diff')}",
                           site.comparison_page(info, entry, change, "diff"))
            if excerpt is not None:
                write_page(self.out, f"{folder}/{site.version_file(version.key, 'excerpt')}",
                           site.comparison_page(info, entry, excerpt, "excerpt"))
        return info
