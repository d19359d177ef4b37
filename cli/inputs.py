"""Read the statements named on the command line: files, standard input and URLs.

The one reading path of every command that reads a statement: the bytes
(from a file, ``-`` or an ``http(s)://`` fetch) go through
:func:`redline.core.extraction.extract`, which tells text, HTML and PDF
apart by the bytes and the HTTP content type, then the text is segmented.
For a URL, ``redline.toml`` gives the fetch settings and the site's
``[sources]`` rule (``--select`` replaces its selector, ``--ignore``
patterns add to its own).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import click

from redline.core import Document, segment
from redline.core.encoding import read_limited
from redline.core.errors import DecodeError
from redline.core.extracted import TEXT, Extracted


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: ``--encoding``, ``--select``, ``--ignore`` and ``--ignore-robots``."""

    encoding: str | None = None
    select: str | None = None
    ignore: tuple[str, ...] = ()
    robots: bool = True


@dataclass
class Source:
    """A document read from somewhere, with the name reports show for it.

    ``extracted`` is how its text was found (None for an archived
    version); ``fetched`` what the server answered, for a URL. ``as_read``
    says the text is exactly the input's bytes decoded (a text file, no
    ``--ignore``), so the archive keeps those bytes rather than the text.
    """

    name: str
    document: Document
    extracted: Extracted | None = None
    fetched: object | None = None  # redline.snapshots.fetch.Fetched, imported only when fetching
    as_read: bool = False


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-`` for stdin), refusing oversized input early."""
    if path == "-":
        return read_limited(sys.stdin.buffer, _name(path))
    from redline.snapshots.importing import read_file

    return read_file(path)


def read_input(arg: str, options: ReadOptions = ReadOptions(), forced_file: bool = False) -> tuple[Source, bytes]:
    """Read ``arg``, a file, ``-`` or an http(s) URL (unless ``forced_file``); the source and its bytes."""
    from .refs import is_url

    if is_url(arg) and not forced_file:
        return _read_url(arg, options)
    data = read_bytes(arg)
    return _source(_name(arg), data, options), data


def read_source(arg: str, options: ReadOptions = ReadOptions(), forced_file: bool = False) -> Source:
    """Read and parse ``arg`` (a file, ``-`` or an http(s) URL) into a document."""
    return read_input(arg, options, forced_file)[0]


def _source(name: str, data: bytes, options: ReadOptions, *, content_type: str | None = None,
            url: str | None = None, select: str | None = None, ignore: tuple[str, ...] = (), fetched=None) -> Source:
    from redline.core.extraction import extract

    ignore = ignore + options.ignore
    extracted = extract(data, content_type, url=url, select=options.select or select, ignore=ignore,
                        encoding=options.encoding, name=name)
    as_read = fetched is None and extracted.kind == TEXT and not ignore
    return Source(name, segment(extracted.text), extracted, fetched, as_read)


def _read_url(url: str, options: ReadOptions) -> tuple[Source, bytes]:
    from redline.snapshots.fetch import display_url

    config, fetcher = _fetching(options)
    fetched = fetcher.fetch(url)
    rule = config.sources.for_url(fetched.url) or config.sources.for_url(fetched.final_url)
    source = _source(display_url(fetched.url), fetched.body, options, content_type=fetched.content_type,
                     url=fetched.final_url, select=rule.select if rule else None,
                     ignore=rule.ignore if rule else (), fetched=fetched)
    return source, fetched.body


def _fetching(options: ReadOptions):
    """The configuration and the one fetcher of this command (kept per host for politeness), made on first use."""
    from dataclasses import replace

    from redline.snapshots.config import load_config
    from redline.snapshots.errors import ArchiveNotFound
    from redline.snapshots.fetch import Fetcher

    ctx = click.get_current_context(silent=True)
    state = ctx.find_root().meta if ctx is not None else {}
    if "redline.fetching" not in state:
        from .refs import open_archive

        try:
            archive = open_archive(ctx.find_root().obj if ctx is not None else None)
        except ArchiveNotFound:
            archive = None
        config = load_config(archive)
        settings = config.fetch if options.robots else replace(config.fetch, robots=False)
        fetcher = Fetcher(settings)
        if ctx is not None:
            ctx.find_root().call_on_close(fetcher.close)
        state["redline.fetching"] = (config, fetcher)
    return state["redline.fetching"]


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else path


__all__ = ["DecodeError", "ReadOptions", "Source", "read_bytes", "read_input", "read_source"]
