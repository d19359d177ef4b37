"""What extraction returns: the statement text of one input and where it came from.

The archive records ``extractor`` and ``extractor_version`` with every
sighting, so that ``rederive`` can tell when re-extracting the stored raw
bytes may give a different text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

TEXT = "text"
HTML = "html"
PDF = "pdf"
KINDS = (TEXT, HTML, PDF)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself; each field is None when the page does not say.

    ``date`` is ISO ``YYYY-MM-DD``; ``url`` is the canonical URL (absolute
    http or https only).
    """

    title: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The fields that are set, for JSON and the archive."""
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True, slots=True)
class Extracted:
    """Statement text taken from one input, one paragraph per line.

    ``kind`` is one of :data:`KINDS`. ``extractor`` names the library that
    found the text; ``extractor_version`` is its version followed by
    ``+redline.N``, N being the version of redline's own layout rules for
    that kind, bumped whenever they change the text they produce.
    ``select`` and ``ignore`` are the settings the text was extracted with:
    with the raw bytes, they are what it takes to extract it again.
    """

    text: str
    kind: str
    metadata: PageMeta = field(default_factory=PageMeta)
    extractor: str = "redline"
    extractor_version: str = ""
    select: str | None = None
    ignore: tuple[str, ...] = ()
