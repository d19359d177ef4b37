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
from dataclasses import dataclass, field

import click

from redline.core import Document, segment
from redline.core.encoding import read_limited
from redline.core.errors import DecodeError


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: ``--encoding``, ``--select``, ``--ignore`` and ``--ignore-robots``."""

    encoding: str | None = None
    select: str | None = None
    ignore: tuple[str, ...] = ()
    robots: bool = True

    @property
    def settings(self):
        """``--select`` and ``--ignore`` as extraction settings."""
        from redline.core.sources import Settings

        return Settings(self.select, self.ignore)


@dataclass
class Source:
    """A document read from somewhere, with the name reports show for it.

    ``capture`` holds the bytes read and how the text was found in them
    (:class:`redline.snapshots.capture.Capture`: a URL's fetch too); None
    for an archived version.
    """

    name: str
    document: Document
    capture: object | None = None  # redline.snapshots.capture.Capture
    facts: dict[str, str | None] = field(default_factory=dict)  # what an HTML report shows beside the name


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-`` for stdin), refusing oversized input early."""
    if path == "-":
        if sys.stdin is None:  # started with standard input closed (``<&-``)
            raise DecodeError(f"{_name(path)}: standard input is closed")
        return read_limited(sys.stdin.buffer, _name(path))
    from redline.snapshots.importing import read_file

    return read_file(path)


def read_source(arg: str, options: ReadOptions = ReadOptions(), forced_file: bool = False, own=None) -> Source:
    """Read and parse ``arg``: a file, ``-`` or (unless ``forced_file``) an http(s) URL.

    ``own`` are the extraction settings (default: ``--select`` and ``--ignore``; ``add`` passes the
    statement's remembered ones, updated by the options).
    """
    from redline.snapshots import capture

    from .refs import is_url, refuse_other_schemes

    own = own if own is not None else options.settings
    strict = options.select is not None
    if not forced_file:
        refuse_other_schemes(arg)
    if is_url(arg) and not forced_file:
        config, fetcher = _fetching(options)
        found = capture.fetch(fetcher, arg, own=own, rules=config.sources, encoding=options.encoding, strict=strict)
    else:
        found = capture.read(read_bytes(arg), _name(arg), own=own, encoding=options.encoding, strict=strict)
    facts = {"source": found.fetch.url} if found.fetch is not None else {}
    return Source(found.name, segment(found.extracted.text), found, facts)


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


__all__ = ["DecodeError", "ReadOptions", "Source", "read_bytes", "read_source"]
