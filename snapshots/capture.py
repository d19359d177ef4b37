"""A statement read from its original bytes (a file's, or a fetched page's) and the text found in them.

The one path from bytes to statement text for everything that extracts:
every command's inputs (``cli/inputs.py``), ``add``, ``import``, ``watch``
and ``rederive``, so a page is read the same way wherever it comes from.
A fetched page is extracted with the settings that apply to it: the
statement's own (or the command line's) on top of ``redline.toml``'s
``[sources]`` rule for its URL (:meth:`SourceRules.applied`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from redline.core.extracted import HTML, TEXT, Extracted
from redline.core.sources import Settings, SourceRules

if TYPE_CHECKING:
    # The fetcher (and urllib3) only load when a URL is read; sighting records (hashlib among them) when
    # a capture is kept or fetched: reading a file for a diff needs neither.
    from .fetch import Fetched, Fetcher
    from .sightings import Extraction, Fetch


@dataclass(frozen=True)
class Original:
    """What a sighting keeps beside its text: the bytes as published, how the text was found in them, and
    (for a fetch) what the server answered."""

    data: bytes
    extraction: Extraction
    fetch: Fetch | None = None


@dataclass(frozen=True)
class Capture:
    """The bytes of one input (``data``), the text extracted from them, and the fetch that brought them.

    ``encoding`` is a codec the reader forced (``--encoding``), if any.
    """

    name: str
    data: bytes
    extracted: Extracted
    fetch: Fetch | None = None
    encoding: str | None = None

    @property
    def as_read(self) -> bool:
        """Whether the text is exactly the bytes decoded (a text file read without ``--ignore``): the archive
        then keeps the bytes themselves as the version, as it always has."""
        return self.fetch is None and self.extracted.kind == TEXT and not self.extracted.ignore

    @property
    def stored(self) -> bytes:
        """The bytes that become the version: the file's own, or the extracted text in UTF-8."""
        return self.data if self.as_read else self.extracted.text.encode("utf-8")

    def original(self) -> Original | None:
        """The original bytes and how the text was found in them (None when :attr:`as_read`)."""
        if self.as_read:
            return None
        from .sightings import Extraction, sha256

        found = self.extracted
        extraction = Extraction(sha256(self.data), len(self.data), found.kind, found.extractor,
                                found.extractor_version, found.select, tuple(found.ignore), self.encoding)
        return Original(self.data, extraction, self.fetch)


def read(data: bytes, name: str, *, own: Settings = Settings(), rules: SourceRules | None = None,
         fetch: Fetch | None = None, encoding: str | None = None, strict: bool = True) -> Capture:
    """The statement in ``data``: a file's bytes, or a fetched body with its ``fetch`` record (whose content
    type and URLs guide the reading, and pick the ``rules`` entry that applies).

    A selector applies to pages only. Given on the command line (``strict``, and ``own.select`` set), it
    is an error for a text or a PDF; remembered for the statement or set for the site, it is left out
    for them (a site publishes PDFs too).
    """
    from redline.core.extraction import extract
    from redline.core.sniff import sniff

    content_type = fetch.content_type if fetch else None
    settings = _applied(fetch, own, rules)
    if settings.select is not None and not (strict and own.select) and sniff(data, content_type, name) != HTML:
        settings = Settings(None, settings.ignore)
    extracted = extract(data, content_type, url=fetch.final_url if fetch else None,
                        select=settings.select, ignore=settings.ignore, encoding=encoding, name=name)
    return Capture(name, data, extracted, fetch, encoding)


def settings_for(extraction: Extraction, fetch: Fetch | None, own: Settings = Settings(),
                 rules: SourceRules | None = None) -> Settings:
    """The settings :func:`read` would use today on the original bytes a sighting recorded."""
    settings = _applied(fetch, own, rules)
    return settings if extraction.kind == HTML else Settings(None, settings.ignore)


def _applied(fetch: Fetch | None, own: Settings, rules: SourceRules | None) -> Settings:
    """``own`` settings on top of the ``[sources]`` rule for a fetched page's URLs (files have none)."""
    return rules.applied((fetch.url, fetch.final_url), own) if rules is not None and fetch is not None else own


def current(extraction: Extraction, fetch: Fetch | None, own: Settings = Settings(),
            rules: SourceRules | None = None) -> bool:
    """Whether reading the original bytes again would give the text the sighting recorded: the same
    extractor at the same version, with the same settings (extraction is deterministic). ``watch`` then
    asks the server only whether the page changed (a conditional GET); ``rederive`` skips it."""
    from redline.core.extraction import extractor_for

    settings = settings_for(extraction, fetch, own, rules)
    return ((extraction.extractor, extraction.version) == extractor_for(extraction.kind, settings.select)
            and (extraction.select, tuple(extraction.ignore)) == (settings.select, settings.ignore))


def fetch(fetcher: Fetcher, url: str, *, own: Settings = Settings(), rules: SourceRules | None = None,
          encoding: str | None = None, public_only: bool = False, strict: bool = True) -> Capture:
    """Fetch ``url`` and read the page (see :func:`read`)."""
    fetched = fetcher.fetch(url, public_only=public_only)
    from .fetch import display_url

    return read(fetched.body, display_url(fetched.url), own=own, rules=rules, fetch=record(fetched),
                encoding=encoding, strict=strict)


def record(fetched: Fetched) -> Fetch:
    """What a sighting records of a fetch; a header that is not one short line of text is left out."""
    from .sightings import Fetch, format_time

    return Fetch(fetched.url, fetched.final_url, format_time(fetched.fetched_at), _header(fetched.content_type),
                 _header(fetched.etag), _header(fetched.last_modified), fetched.status)


def _header(value: str | None) -> str | None:
    from .records import CONTROL_IN_LINE
    from .sightings import MAX_HEADER_CHARS

    if value is None or len(value) > MAX_HEADER_CHARS or CONTROL_IN_LINE.search(value) or not value.strip():
        return None
    return value


__all__ = ["Capture", "Original", "current", "fetch", "read", "record", "settings_for"]
