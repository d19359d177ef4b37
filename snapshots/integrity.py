"""Whether a version's stored files are what they claim: raw bytes against their SHA-256, sentence files
against the engine that made them.

``verify`` runs these over every file of the archive; :class:`~redline.snapshots.statement.StoredVersion`
over one version's files, for ``check``. A sentence file another engine version made is not judged
(``rederive`` refreshes it): the raw bytes are the record, sentence files a view of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redline.core import Document

from . import derived, layout
from .sightings import sha256

RAW_MISSING = "raw-missing"
RAW_CHANGED = "raw-changed"
SENTENCES_MISSING = "sentences-missing"
SENTENCES_HEADER = "sentences-header"
SENTENCES_ORPHAN = "sentences-orphan"
SENTENCES_DIFFER = "sentences-differ"


@dataclass(frozen=True)
class Problem:
    """One stored file that is not what it should be.

    ``kind`` is one of this module's constants (``raw-…`` for the exact bytes, ``sentences-…`` for the
    derived file), ``path`` the file in the archive, ``message`` what is wrong, readable without the path.
    """

    kind: str
    path: str
    message: str

    @property
    def in_raw(self) -> bool:
        """Whether the problem is in the exact bytes (``_raw/``), else in the derived sentence file."""
        return self.kind.startswith("raw-")


def raw_problem(ident: str, digest: str, data: bytes | None, path_of: Callable[[str, str], str] = layout.raw_path,
                ) -> Problem | None:
    """The bytes stored under ``digest`` (in ``_raw/``, or where ``path_of`` says: ``_original/``): missing
    (``data`` None), or no longer hashing to it."""
    path = path_of(ident, digest)
    if data is None:
        return Problem(RAW_MISSING, path, f"the bytes of {digest[:12]} are missing")
    if sha256(data) != digest:
        return Problem(RAW_CHANGED, path, f"stored bytes no longer match their SHA-256 {digest[:12]}")
    return None


def sentences_problem(ident: str, digest: str, blob: bytes | None,
                      document: Callable[[], Document] | None) -> Problem | None:
    """The sentence file of ``digest``: missing, without a header naming its bytes, derived from bytes the
    archive does not hold (``document`` None), or unlike what this engine derives when this engine made it.

    ``document`` parses the raw bytes; it is only called for that last comparison, and what it raises
    (:class:`~redline.core.errors.DecodeError`) is the caller's to report.
    """
    path = layout.sentences_path(ident, digest)
    if blob is None:
        return Problem(SENTENCES_MISSING, path, "sentence file missing (run `redline rederive`)")
    head = derived.header(blob)
    if head is None or head[1] != digest:
        return Problem(SENTENCES_HEADER, path, "sentence file has no header naming its bytes")
    if document is None:
        return Problem(SENTENCES_ORPHAN, path, "sentence file derived from bytes the archive does not hold")
    if head[0] == derived.engine_version() and derived.render(document(), digest) != blob:
        return Problem(SENTENCES_DIFFER, path,
                       f"sentence file differs from what engine {head[0]} derives (run `redline rederive`)")
    return None


__all__ = [
    "Problem", "RAW_CHANGED", "RAW_MISSING", "SENTENCES_DIFFER", "SENTENCES_HEADER", "SENTENCES_MISSING",
    "SENTENCES_ORPHAN", "raw_problem", "sentences_problem",
]
