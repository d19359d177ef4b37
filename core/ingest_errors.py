"""Errors met while turning published pages and PDFs into statement text.

Kept apart from ``errors.py`` while the error hierarchy is being reorganised;
every class is a :class:`RedlineError`, so the CLI reports each as one line
on stderr with exit status 2.
"""

from .errors import RedlineError


class UnsupportedInput(RedlineError):
    """Input is neither text, HTML nor PDF (an image, an archive, another media type)."""


class EmptyExtraction(RedlineError):
    """A page or PDF yielded no statement text (a JavaScript-only page, a selector matching nothing)."""


class NoTextLayer(EmptyExtraction):
    """A PDF whose pages hold no text, only images; redline does no OCR."""


class BadPdf(RedlineError):
    """A PDF that cannot be read: damaged, truncated or encrypted."""


class InvalidSelector(RedlineError):
    """A CSS selector given with --select does not parse."""


class InvalidIgnorePattern(RedlineError):
    """A regular expression given with --ignore does not compile."""
