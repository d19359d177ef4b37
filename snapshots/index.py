"""A derived index beside the archive, so that queries do not grow with it: list, search, log, blame.

It lives in the git directory (``redline-index.sqlite``), is never committed
and never required for correctness:

- every read brings it up to the commit being read by re-reading only the
  statements whose files changed since the commit it was built at
  (``git diff --name-only``), or rebuilds it when that commit is not an
  ancestor any more (a rewritten branch);
- ``verify`` and ``rederive`` rebuild it from scratch;
- an index that cannot be opened, read or written (a read-only archive, a
  damaged or foreign file, another process holding it) is not used: the
  query reads the archive as if there were none.

Two parts, each remembering the commit it describes: *statements* (each
statement's versions, and the commit that added each sighting: ``list``,
``log``, ``blame``) and *text* (an FTS5 trigram index of the distinct
normalised sentences of all of each statement's versions: ``search`` reads
only the statements whose text holds every trigram of the query, then
matches exactly in the versions it asks about). The text tables keep no copy of the text:
a statement indexed again gets new rows, and the rows it had are left
behind, unreachable, until they outnumber the live ones and the text part
is rebuilt.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from dataclasses import dataclass
from pathlib import Path

from redline.core.normalization import normalize_all

from . import derived, layout, records
from .sightings import sha256
from .store import StatementFiles, Store
from .versions import day_of

# 4: one text table (all versions) instead of two. 5: sentence files confirmed against their bytes.
FORMAT = "5"
NAME = "redline-index.sqlite"
# Wait this long for another process to finish writing the index before reading the archive instead.
BUSY_SECONDS = 5.0
# FTS5 trigrams: a query shorter than this after normalising cannot use the text index.
TRIGRAM = 3
STATEMENTS, TEXT = "statements", "text"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS statements(id TEXT PRIMARY KEY, count INTEGER, first TEXT, latest TEXT, versions TEXT);
CREATE TABLE IF NOT EXISTS commits(id TEXT, key TEXT, sha TEXT, PRIMARY KEY(id, key));
CREATE TABLE IF NOT EXISTS skipped(id TEXT, problem TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS every USING fts5(body, tokenize='trigram', detail='none', content='');
CREATE TABLE IF NOT EXISTS texts(id TEXT PRIMARY KEY, rowid_every INTEGER UNIQUE);
CREATE TABLE IF NOT EXISTS confirmed(digest TEXT PRIMARY KEY);
"""


@dataclass(frozen=True)
class Entry:
    """A version as the index knows it."""

    number: int
    key: str
    sha256: str
    day: str
    retrieved: str


@dataclass(frozen=True)
class Row:
    """A statement as the index knows it: its versions, oldest first."""

    id: str
    versions: tuple[Entry, ...]


class Index:
    """The index of one archive, brought up to ``tip`` on open."""

    def __init__(self, store: Store, db: sqlite3.Connection) -> None:
        self.store = store
        self.db = db

    @classmethod
    def open(cls, store: Store) -> Index | None:
        """The archive's index, or None when it cannot be used (the caller then reads the archive)."""
        path = Path(store.git.git_dir) / NAME
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
                db.executescript(_SCHEMA)
                if _meta(db, "format") == FORMAT:
                    return cls(store, db)
                if _meta(db, "format") is None and not db.execute("SELECT count(*) FROM meta").fetchone()[0]:
                    _set_meta(db, "format", FORMAT)
                    return cls(store, db)
                db.close()  # another format: start afresh
            except (sqlite3.OperationalError, OSError):
                return None  # busy, read-only, or out of reach: read the archive instead
            except sqlite3.DatabaseError:
                pass  # damaged, or not an index at all: start afresh
            try:
                path.unlink(missing_ok=True)
            except OSError:
                return None
        return None

    # -- keeping it current ------------------------------------------------------
    def build(self, tip: str) -> bool:
        """Bring both parts up to ``tip`` now (after ``clone``, ``verify``, ``rederive``), so that no
        later query pays for it."""
        return self.catch_up(STATEMENTS, tip) and self.catch_up(TEXT, tip)

    def catch_up(self, part: str, tip: str) -> bool:
        """Bring ``part`` up to ``tip``; False when that cannot be done (the caller reads the archive)."""
        try:
            done = _meta(self.db, part)
            if done == tip:
                return True
            self.db.execute("BEGIN IMMEDIATE")
            try:
                done = _meta(self.db, part)  # another process may have caught up meanwhile
                if done != tip:
                    touched = self._touched(done, tip)
                    (self._statements if part == STATEMENTS else self._texts)(tip, touched)
                    if part == STATEMENTS:
                        self._commits(done if touched is not None else None, tip)
                    _set_meta(self.db, part, tip)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            return True
        except sqlite3.Error:
            return False

    def forget(self) -> None:
        """Forget everything: the next query (or :meth:`build`) builds the index anew."""
        try:
            self.db.executescript("DELETE FROM meta; DELETE FROM statements; DELETE FROM commits; DELETE FROM skipped; "
                                  "DELETE FROM texts; INSERT INTO every(every) VALUES('delete-all');")
        except sqlite3.Error:
            pass

    def _touched(self, done: str | None, tip: str) -> set[str] | None:
        """IDs whose files changed since ``done``; None: everything (no usable earlier state)."""
        if done is None or not self.store.is_ancestor(done, tip):
            return None
        out = self.store.git.run("diff", "--name-only", "-z", "--no-renames", done, tip, "--",
                                 layout.STATEMENTS + "/").stdout
        return {parts[0] for path in out.split(b"\0") if path
                and (parts := layout.split_path(path.decode("utf-8", "surrogateescape")))}

    def _changed(self, tip: str, touched: set[str] | None) -> tuple[dict[str, StatementFiles], set[str]]:
        """The files of the statements to (re)index at ``tip``, and the IDs to drop."""
        if touched is None:
            return self.store.files(tip), set()
        files = {i: f for i in touched for i, f in self.store.files(tip, i).items()}
        return files, touched - set(files)

    def _statements(self, tip: str, touched: set[str] | None) -> None:
        files, gone = self._changed(tip, touched)
        if touched is None:
            self.db.execute("DELETE FROM statements")
            self.db.execute("DELETE FROM skipped")
        self.db.executemany("DELETE FROM statements WHERE id = ?", [(i,) for i in gone])
        self.db.executemany("DELETE FROM skipped WHERE id = ?", [(i,) for i in gone | set(files)])
        with records.held() as skipped:
            found = self.store.versions(files)
        rows = []
        for ident, versions in found.items():
            rows.append((ident, len(versions), day_of(versions[0]), day_of(versions[-1]),
                         json.dumps([(v.number, v.key, v.sha256, day_of(v), v.first.retrieved) for v in versions])))
        self.db.executemany("INSERT OR REPLACE INTO statements VALUES (?, ?, ?, ?, ?)", rows)
        self.db.executemany("INSERT INTO skipped VALUES (?, ?)",
                            [(parts[0], line) for line in skipped if (parts := layout.split_path(line.split(": ")[0]))])

    def _commits(self, done: str | None, tip: str) -> None:
        """Which commit added each sighting, from the commit trailers of the new commits only."""
        if done is None:
            self.db.execute("DELETE FROM commits")
        claims = self.store.trailer_claims(*([tip, f"^{done}"] if done else [tip]))
        # Oldest first, so the first commit to add a key wins where a merge brings it twice.
        self.db.executemany("INSERT OR IGNORE INTO commits VALUES (?, ?, ?)",
                            [(ident, key, commit) for commit, ident, key in reversed(claims)])

    def _texts(self, tip: str, touched: set[str] | None) -> None:
        live = self.db.execute("SELECT count(*) FROM texts").fetchone()[0]
        stale = int(_meta(self.db, "stale") or 0)
        if touched is not None and stale + len(touched) > max(live, 100):
            touched = None  # more dead rows than live ones: start afresh
        files, gone = self._changed(tip, touched)
        if touched is None:
            self.db.executescript("DELETE FROM texts; INSERT INTO every(every) VALUES('delete-all');")
            stale = 0
        else:
            stale += sum(self.db.execute(f"SELECT count(*) FROM texts WHERE id IN ({','.join('?' * len(chunk))})",
                                         chunk).fetchone()[0] for chunk in _chunks(sorted(touched)))
            self.db.executemany("DELETE FROM texts WHERE id = ?", [(i,) for i in gone])
        with records.held():  # the statements part recorded them
            versions = self.store.versions(files)
        wanted = sorted({(i, v.sha256) for i, vs in versions.items() for v in vs if v.sha256 in files[i].sentences})
        stream = zip(wanted, (data for _, data in self.store.git.cat_within(
            [files[i].sentences[d] for i, d in wanted], derived.MAX_BYTES)))
        files_of = Counter(i for i, _ in wanted)
        for ident in sorted(versions):  # the order of ``wanted``: one statement's files held at a time
            vs = versions[ident]
            blobs = dict(islice(stream, files_of[ident]))
            every = "\n".join(dict.fromkeys(normalize_all(list(dict.fromkeys(
                line.text for v in vs for line in _lines(blobs.get((ident, v.sha256))))))))
            row = self.db.execute("INSERT INTO every(body) VALUES (?)", (every,)).lastrowid
            self.db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (ident, row))
        _set_meta(self.db, "stale", str(stale))

    # -- queries -----------------------------------------------------------------
    def summaries(self, prefix: str = "") -> list[tuple[str, int, str, str]]:
        """(ID, versions, first day, latest day) of every statement whose ID starts with ``prefix``; the
        records skipped in reading them are warned about again."""
        found = self.db.execute("SELECT id, count, first, latest FROM statements WHERE substr(id, 1, ?) = ? "
                                "ORDER BY id", (len(prefix), prefix)).fetchall()
        self.warn_skipped(None if not prefix else [row[0] for row in found])
        return found

    def rows(self, prefix: str = "", ids: Iterable[str] | None = None) -> list[Row]:
        """Every statement whose ID starts with ``prefix`` (or is among ``ids``), sorted by ID; the records
        skipped in reading them are warned about again (:mod:`.records`), as a read of the archive would."""
        if ids is None:
            found = self.db.execute("SELECT id, versions FROM statements WHERE substr(id, 1, ?) = ? ORDER BY id",
                                    (len(prefix), prefix)).fetchall()
        else:
            found = sorted(row for chunk in _chunks(sorted(ids)) for row in self.db.execute(
                f"SELECT id, versions FROM statements WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        self.warn_skipped([i for i, _ in found])
        return [Row(i, tuple(Entry(*v) for v in json.loads(vs))) for i, vs in found]

    def warn_skipped(self, ids: Iterable[str] | None = None) -> None:
        """Warn again about the records skipped in the statements ``ids`` (default: every statement)."""
        if ids is None:
            found = self.db.execute("SELECT problem FROM skipped").fetchall()
        else:
            found = [row for chunk in _chunks(sorted(ids)) for row in self.db.execute(
                f"SELECT problem FROM skipped WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
        records.restore([problem for (problem,) in found])

    def commits(self, ident: str) -> dict[str, str]:
        """Sighting key -> the commit whose trailers say it added it (claims; the caller confirms them)."""
        return dict(self.db.execute("SELECT key, sha FROM commits WHERE id = ?", (ident,)).fetchall())

    def confirmed(self, digests: Iterable[str]) -> set[str]:
        """Those of ``digests`` (:func:`confirmation` of sentence files) once found to be what this engine
        derives from their versions' bytes (:meth:`confirm`)."""
        wanted = sorted(set(digests))
        try:
            return {d for chunk in _chunks(wanted) for (d,) in self.db.execute(
                f"SELECT digest FROM confirmed WHERE digest IN ({','.join('?' * len(chunk))})", chunk)}
        except sqlite3.Error:
            return set()

    def confirm(self, digests: Iterable[str]) -> None:
        """Remember sentence files found to be what their bytes give (a fact about their content: kept when
        the rest of the index is rebuilt)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")  # one transaction, not one per row
            try:
                self.db.executemany("INSERT OR IGNORE INTO confirmed VALUES (?)", [(d,) for d in digests])
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass  # busy or read-only: confirmed again next time

    def candidates(self, needle: str) -> set[str] | None:
        """IDs where some version's normalised text holds every trigram of ``needle`` (the caller matches
        exactly, in the versions it asks about); None when the needle is too short for trigrams."""
        grams = {needle[k:k + TRIGRAM] for k in range(len(needle) - TRIGRAM + 1)}
        grams = {g for g in grams if g.strip() and '"' not in g}
        if not grams:
            return None
        query = " AND ".join(f'"{g}"' for g in sorted(grams))
        found = self.db.execute("SELECT texts.id FROM every JOIN texts ON texts.rowid_every = every.rowid "
                                "WHERE every MATCH ?", (query,)).fetchall()
        return {i for (i,) in found}


def confirmation(ident: str, digest: str, blob: bytes) -> str:
    """What :meth:`Index.confirm` remembers of a sentence file: its bytes, for that statement and version
    (a good file copied under another statement's version is not good there)."""
    return sha256(f"{ident}\0{digest}\0".encode() + blob)


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """``items`` in slices small enough for one SQL statement's parameters."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _lines(blob: bytes | None) -> list[derived.Line]:
    return derived.parse(blob) if blob is not None else []


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


__all__ = ["Entry", "Index", "Row"]
