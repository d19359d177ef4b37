"""URLs read from untrusted places (web pages, archives, settings) taken apart without raising."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urljoin, urlsplit


# ``scheme://``: what any address starts with (``https://``, ``ftp://``, ``slack://``), as RFC 3986 spells a scheme.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S")


def has_scheme(text: str) -> bool:
    """Whether ``text`` starts like an address of some scheme (``ftp://host``, ``json://…``)."""
    return _SCHEME.match(text) is not None


def split_url(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None when ``url`` cannot be a URL (``http://[``: a bracket left open, or a
    bracketed host that is no IP address), so that such a value is refused or shown as text, never raised."""
    try:
        parts = urlsplit(url)
        parts.hostname, parts.port  # noqa: B018 (each raises on a malformed host or port)
    except ValueError:
        return None
    return parts


def join_url(base: str, href: str) -> str | None:
    """``urljoin(base, href)``, or None when either cannot be a URL."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


__all__ = ["has_scheme", "join_url", "split_url"]
