"""Errors of the archive layer and of fetching, under :class:`redline.core.errors.RedlineError`.

The CLI turns any of them into a one-line message on stderr and exit status 2.
"""

from redline.core.errors import RedlineError


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


class FetchError(RedlineError):
    """A URL could not be fetched: unreachable, refused, disallowed by robots.txt, an HTTP error, too large."""
