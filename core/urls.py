"""URLs read from untrusted places (web pages, archives, settings) taken apart without raising."""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


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


__all__ = ["join_url", "split_url"]
