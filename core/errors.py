"""Every error redline reports to a user, in one place.

The CLI turns any ``RedlineError`` into a one-line message on stderr and
exit status 2; the library raises them and never prints.
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


class InvalidId(RedlineError):
    """A statement ID is not a lowercase slug redline accepts."""


class InvalidRev(RedlineError):
    """A version reference does not name exactly one version."""


class ArchiveNotFound(RedlineError):
    """No redline archive at or above the given place."""


class ArchiveError(RedlineError):
    """The archive could not be read or written."""


class UnknownStatement(RedlineError):
    """The archive holds no statement with that ID."""


class InvalidField(RedlineError):
    """A label, date, source, note or retrieval time given for a version is not acceptable."""


class InvalidPolicy(RedlineError):
    """A policy file is not valid TOML or names an unknown rule or severity."""
