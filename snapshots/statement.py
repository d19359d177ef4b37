"""A statement as the archive holds it: every version with its sightings, exact bytes and sentence file.

This is the one way redline reads a statement (:meth:`redline.snapshots.Archive.statement`):
statement → stored version → text → document. Sightings are read when the
statement is; the first version to need its bytes reads every version's raw
bytes in one ``git cat-file --batch`` run (likewise the sentence files), so
a command that looks at one version pays for one batch and a command that
looks at all (``log``, ``check``, ``export-site``) pays for the same one.
Texts, documents, sentence line numbers and integrity problems are worked
out on first use and kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property

from redline.core import Document, decode, segment
from redline.core import encoding
from redline.core.encoding import refuse_size
from redline.core.errors import RedlineError

from . import derived, integrity, layout
from .errors import ArchiveError
from .plumbing import Git
from .store import StatementFiles
from .versions import Version


class _Blobs:
    """A statement's raw bytes and sentence files by content hash, each kind read in one batch on first use."""

    def __init__(self, git: Git, ident: str, files: StatementFiles) -> None:
        self.git = git
        self.ident = ident
        self.files = files
        self._raw: dict[str, bytes] | None = None
        self._sizes: dict[str, int | None] = {}
        self._sentences: dict[str, bytes] | None = None

    def raw(self, digest: str) -> bytes | None:
        if self._raw is None:
            # Sizes first: a blob over what redline reads (a clone's may be huge) is refused unread.
            self._sizes, self._raw = self._read(self.files.raw, encoding.MAX_BYTES)
        refuse_size(layout.raw_path(self.ident, digest), self._sizes.get(digest) or 0)
        return self._raw.get(digest)

    def sentences(self, digest: str) -> bytes | None:
        """The sentence file of ``digest``; None when there is none, or one too large to be redline's (a
        clone's): the version's bytes are segmented instead."""
        if self._sentences is None:
            _, self._sentences = self._read(self.files.sentences, derived.MAX_BYTES)
        return self._sentences.get(digest)

    def _read(self, shas: dict[str, str], limit: int) -> tuple[dict[str, int], dict[str, bytes]]:
        """The size of every blob of ``shas`` (by digest), and the bytes of those at most ``limit`` long."""
        digests = sorted(shas)
        sizes, read = {}, {}
        for digest, (size, data) in zip(digests, self.git.cat_within([shas[d] for d in digests], limit)):
            sizes[digest] = size
            if data is not None:
                read[digest] = data
        return sizes, read


@dataclass(frozen=True, eq=False, kw_only=True)
class StoredVersion(Version):
    """A :class:`Version` of statement ``id`` with its stored files."""

    id: str
    blobs: _Blobs = field(repr=False)

    @property
    def raw(self) -> bytes | None:
        """The exact bytes (None: the archive does not hold them)."""
        return self.blobs.raw(self.sha256)

    @property
    def sentences(self) -> bytes | None:
        """The derived sentence file as stored (None: the archive does not hold it)."""
        return self.blobs.sentences(self.sha256)

    @property
    def name(self) -> str:
        """``ID@N``, as reports and decode errors name the version."""
        return f"{self.id}@{self.number}"

    @property
    def raw_path(self) -> str:
        return layout.raw_path(self.id, self.sha256)

    @property
    def sentences_path(self) -> str:
        return layout.sentences_path(self.id, self.sha256)

    @property
    def sighting_path(self) -> str:
        """The file of the version's first sighting (what points at the version as a whole)."""
        return layout.sighting_path(self.id, self.key)

    def meta(self) -> dict[str, str | None]:
        """Label, note, source and statement date, as amended (see :class:`Version`)."""
        return {"label": self.label, "note": self.note, "source": self.source, "date": self.date}

    def facts(self) -> dict[str, str | None]:
        """What a report shows about the version beside its text: number, key and :meth:`meta`."""
        return {"version": f"@{self.number}", "key": self.key, **self.meta()}

    @cached_property
    def _raw_problem(self) -> integrity.Problem | None:
        return integrity.raw_problem(self.id, self.sha256, self.raw)

    @property
    def intact(self) -> bool:
        """Whether the exact bytes are there and still match their SHA-256."""
        return self._raw_problem is None

    @property
    def text(self) -> str | None:
        """The text, decoded as when it was added; None unless :attr:`intact` and decodable (a cloned
        sighting may name a codec its bytes are not in, or the bytes be more than redline reads)."""
        return self._decoded[0]

    @cached_property
    def _decoded(self) -> tuple[str | None, str | None]:
        """The text, or None and why it cannot be read (None: missing or changed bytes, which
        :attr:`problems` tells)."""
        try:
            if self.raw is None or not self.intact:
                return None, None
            return decode(self.raw, self.name, self.first.encoding), None
        except RedlineError as exc:
            return None, str(exc)

    @cached_property
    def document(self) -> Document | None:
        """The parsed text (None as for :attr:`text`)."""
        return segment(self.text) if self.text is not None else None

    def require_document(self) -> Document:
        """:attr:`document`, or :class:`ArchiveError` when the stored bytes cannot be read."""
        if self.document is None:
            why = self._decoded[1] or (f"{self.name}: the stored bytes are missing or no longer match their hash "
                                       "(`redline verify` says more)")
            raise ArchiveError(why)
        return self.document

    @cached_property
    def problems(self) -> tuple[integrity.Problem, ...]:
        """What is wrong with the stored files: the bytes first; the sentence file only if the bytes are sound."""
        problem = self._raw_problem or integrity.sentences_problem(
            self.id, self.sha256, self.sentences, lambda: self.document)
        return (problem,) if problem is not None else ()

    @cached_property
    def sentence_file(self) -> tuple[derived.Line, ...]:
        """The sentences of :attr:`sentences_path` with their line numbers; when the archive lacks that file,
        as the engine would write it (empty if the bytes cannot be read either)."""
        blob = self.sentences
        if blob is None and self.document is not None:
            blob = derived.render(self.document, self.sha256)
        return tuple(derived.parse(blob)) if blob is not None else ()

    @cached_property
    def _lines(self) -> dict[tuple[str, int], int]:
        return {(line.section, line.index): line.line for line in self.sentence_file}

    def line_of(self, section: str, index: int) -> int | None:
        """The line of :attr:`sentences_path` holding sentence ``index`` of ``section``, if it has one."""
        return self._lines.get((section, index))


@dataclass(frozen=True)
class StoredStatement:
    """A statement's versions, oldest first, each with its stored files (:class:`StoredVersion`).

    ``selected`` are the versions the reference named: the one ``ID@REV``
    resolves to, or every version for a bare ``ID``.
    """

    id: str
    versions: tuple[StoredVersion, ...]
    selected: tuple[StoredVersion, ...]

    @property
    def version(self) -> StoredVersion:
        """The version ``ID@REV`` named (the latest for a bare ``ID``)."""
        return self.selected[-1]

    def previous(self, version: Version) -> StoredVersion | None:
        """The version before ``version`` (None for the first)."""
        return self.versions[version.number - 2] if version.number > 1 else None

    def by_key(self, key: str) -> StoredVersion:
        """The version with stable key ``key`` (:class:`KeyError` if none has it)."""
        found = next((v for v in self.versions if v.key == key), None)
        if found is None:
            raise KeyError(key)
        return found


def read(git: Git, ident: str, files: StatementFiles, versions: list[Version],
         selected: list[Version]) -> StoredStatement:
    """The statement's versions over its stored files (read lazily, one batch per kind of file)."""
    blobs = _Blobs(git, ident, files)
    stored = tuple(StoredVersion(**{f.name: getattr(v, f.name) for f in fields(Version)}, id=ident, blobs=blobs)
                   for v in versions)
    chosen = {v.number for v in selected}
    return StoredStatement(ident, stored, tuple(v for v in stored if v.number in chosen))


__all__ = ["StoredStatement", "StoredVersion", "read"]
