"""The base of every error redline reports to a user, and the engine's own errors.

Each layer defines its errors under :class:`RedlineError` in its own
``errors`` module (the archive's are in :mod:`redline.snapshots.errors`).
The CLI turns any of them into a one-line message on stderr and exit
status 2; the library raises them and never prints.
"""


class RedlineError(Exception):
    """Base of all errors redline reports to a user."""


class DecodeError(RedlineError):
    """Input bytes could not be turned into text."""


class BinaryInput(DecodeError):
    """Input looks like a binary file, not text."""


class EmptyInput(DecodeError):
    """Input holds no text at all."""


class InputTooLarge(DecodeError):
    """Input is larger than redline is willing to read."""


class NoSection(RedlineError):
    """A document lacks the section an operation needs (e.g. no excerpt)."""


class InvalidPolicy(RedlineError):
    """A policy file is not valid TOML or names an unknown rule or severity."""


class NoSentences(RedlineError):
    """A document holds no sentence where the operation needs some (a transcript to trace quotations to)."""


class UnsupportedInput(RedlineError):
    """Input is neither text, HTML nor PDF (an image, an archive, another media type)."""


class EmptyExtraction(RedlineError):
    """A page or PDF yielded no statement text (a JavaScript-only page, a selector matching nothing)."""


class NoTextLayer(EmptyExtraction):
    """A PDF whose pages hold no text, only images; redline does no OCR."""


class BadPdf(RedlineError):
    """A PDF that cannot be read: damaged, truncated or encrypted."""


class PdfTooLarge(BadPdf):
    """A PDF past one of the caps on what redline reads: pages, characters, drawing commands run."""


class InapplicableOption(RedlineError):
    """An extraction option given for an input it does not apply to (--select for a PDF)."""


class InvalidSelector(RedlineError):
    """A CSS selector given with --select does not parse."""


class InvalidIgnorePattern(RedlineError):
    """A regular expression given with --ignore does not compile."""


class InvalidConfig(RedlineError):
    """redline.toml's [sources] or [fetch] table holds something redline refuses."""
