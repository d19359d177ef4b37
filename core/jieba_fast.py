"""jieba, loaded the fast way: the same tokeniser and dictionary, a fraction of the wait.

Two costs of a plain ``import jieba; jieba.initialize()`` buy nothing:

- ``import jieba`` imports ``pkg_resources`` (about 0.2 s) only to open its
  own data files; jieba opens them with plain ``open`` when that import
  fails, so it is hidden while jieba is imported.
- ``initialize`` reads its prefix dictionary from a cache written with
  ``marshal`` (9.3 MB) through ``marshal.load(file)``, which reads the file
  a few bytes at a time (about four times slower than
  ``marshal.loads`` of the file's bytes). The same cache file, read whole
  and decoded with ``marshal.loads``, gives the same ``FREQ`` and ``total``.

The tokeniser is jieba's own ``jieba.dt``, so ``jieba.cut`` and
``jieba.lcut`` give exactly the tokens they always give. Without a usable
cache, jieba's own ``initialize`` builds and writes it, as it always does.

Faster still for a few cuts: :func:`load_table` gives a :class:`TableCutter`,
jieba's own tokeniser over a table of the same words and frequencies sorted
by word, in buckets of the words sharing their first two characters. Only
the table's index is read; a cut reads and decodes the buckets of the
characters and character pairs it meets, so a first cut takes a small
fraction of a dictionary load, and ``jieba.dt`` is left alone.
:func:`save_table` writes the table from a loaded dictionary; it records
jieba's version and its dictionary file's size and time, and a checksum of
the index and of each bucket. A table whose header or index does not match
is ignored; a bucket that fails its checksum makes the cutter give up, and
the caller cuts with jieba's dictionary instead.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import warnings
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

QUIET = 60  # above logging.CRITICAL: jieba's "Building prefix dict" lines never show


def import_jieba() -> ModuleType:
    """The ``jieba`` module, imported without ``pkg_resources``, its log silenced."""
    jieba = sys.modules.get("jieba")
    if jieba is None:
        hide = "pkg_resources" not in sys.modules
        if hide:
            sys.modules["pkg_resources"] = None  # makes "import pkg_resources" raise ImportError
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import jieba
        finally:
            if hide and sys.modules.get("pkg_resources", False) is None:
                del sys.modules["pkg_resources"]
    jieba.setLogLevel(QUIET)
    return jieba


def load() -> ModuleType:
    """``jieba`` with its default dictionary loaded, from jieba's own cache when it can be."""
    jieba = import_jieba()
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return jieba
    cached = _read_cache(cache_path(tokenizer)) if tokenizer.dictionary == jieba.DEFAULT_DICT else None
    with tokenizer.lock:
        if cached is not None and not tokenizer.initialized:
            tokenizer.FREQ, tokenizer.total = cached
            tokenizer.initialized = True
    tokenizer.check_initialized()  # no usable cache: jieba builds (and writes) it
    return jieba


def cache_path(tokenizer) -> str:
    """Where jieba keeps the default dictionary's cache (as ``Tokenizer.initialize`` computes it)."""
    import tempfile  # here: importing it costs 7 ms that a cut from the table never needs

    return os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), tokenizer.cache_file or "jieba.cache")


def _read_cache(path: str) -> tuple[dict[str, int], int] | None:
    """``(FREQ, total)`` from jieba's cache file, or None when it is missing or not one."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        freq, total = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(freq, dict) or not isinstance(total, int) or not freq:
        return None
    return freq, total


_MAGIC = b"RLJIEBA4"
# magic, jieba version, dictionary size, dictionary mtime_ns, total, words, buckets, CRC-32 of the index
_HEADER = struct.Struct("<8s16sQQQIII")
# The index after the header: each bucket's key, first row and offset (one more of these two closing
# the last bucket), and CRC-32, as (array type, entries beyond one per bucket).
_INDEX = (("Q", 0), ("I", 1), ("I", 1), ("I", 0))
# A batch needing more buckets than this reads all of them at once: one read of 6.6 MB costs less
# than thousands of small ones.
MAX_SEPARATE_READS = 256
TABLE_PREFIX = "jieba-freq"
# Tables kept in the cache folder, one per install of jieba met most recently.
MAX_TABLES = 4


def index_size(buckets: int) -> int:
    """Bytes of the index of a table of ``buckets`` buckets."""
    return sum(array(code).itemsize * (buckets + extra) for code, extra in _INDEX)


def bucket_key(word: str) -> int:
    """The bucket of a word in the table: its first two characters (one for a one-character word).

    Keys sort as the words do, so each bucket is one stretch of the sorted table.
    """
    return ord(word[0]) << 21 | (ord(word[1]) if len(word) > 1 else 0)


class WordTable:
    """jieba's ``FREQ`` (word or prefix -> frequency) as a table sorted by word, read bucket by bucket.

    The words sharing their first two characters stand together (a bucket):
    their frequencies, then the words joined by newlines, checked by a CRC-32
    of their own. Only the index (each bucket's key, first row, offset and
    CRC) is read when the table is opened; :meth:`fill` reads and decodes the
    buckets asked for, so a cut reads a few kilobytes of a 10 MB file.
    """

    def __init__(self, path: Path, index: bytes, buckets: int, data_at: int, total: int) -> None:
        self._path, self._data_at, self.total = path, data_at, total
        self._all: memoryview | None = None  # every bucket's bytes, once a large batch has read them
        parts, at = [], 0
        for code, extra in _INDEX:
            part = array(code)
            part.frombytes(index[at:at + part.itemsize * (buckets + extra)])
            at += part.itemsize * (buckets + extra)
            parts.append(part)
        self._keys, self._rows, self._offsets, self._sums = parts

    def extent(self) -> tuple[int, int]:
        """How many words the index covers, and where its last bucket ends in the file."""
        return self._rows[-1], self._data_at + self._offsets[-1]

    def fill(self, freq: dict[str, int], grams: Iterable[str]) -> bool:
        """Add to ``freq`` every word and prefix that starts with one of ``grams`` (one or two characters).

        False when a bucket read is damaged (its CRC differs; or the file was replaced since the index was
        read, or can no longer be read): the table can no longer be trusted.
        """
        keys = self._keys
        wanted = []
        for gram in grams:
            key = bucket_key(gram)
            k = bisect_left(keys, key)
            if k < len(keys) and keys[k] == key:
                wanted.append(k)
        if not wanted:
            return True
        try:
            for k, record in self._records(wanted):
                words = self._decode(k, record)
                if words is None:
                    return False
                freq.update(words)
        except OSError:
            return False
        return True

    def _records(self, wanted: list[int]) -> Iterator[tuple[int, bytes]]:
        """The bytes of each wanted bucket: read one by one, or all buckets in one read for a large batch
        (kept, so later batches read nothing)."""
        offsets = self._offsets
        if self._all is None and len(wanted) > MAX_SEPARATE_READS:
            with open(self._path, "rb") as handle:
                handle.seek(self._data_at)
                self._all = memoryview(handle.read(offsets[-1]))
        if self._all is not None:
            for k in wanted:
                yield k, self._all[offsets[k]:offsets[k + 1]]
            return
        with open(self._path, "rb") as handle:
            for k in wanted:
                handle.seek(self._data_at + offsets[k])
                yield k, handle.read(offsets[k + 1] - offsets[k])

    def _decode(self, k: int, record: bytes) -> Iterable[tuple[str, int]] | None:
        """The words and frequencies of bucket ``k``, or None if its bytes are not what the table wrote."""
        if len(record) != self._offsets[k + 1] - self._offsets[k] or zlib.crc32(record) != self._sums[k]:
            return None
        count = self._rows[k + 1] - self._rows[k]
        freqs = array("I")
        freqs.frombytes(record[:4 * count])
        words = bytes(record[4 * count:]).decode("utf-8").split("\n")
        return zip(words, freqs) if len(words) == count else None


class TableCutter:
    """jieba's own tokeniser over a :class:`WordTable`: exactly jieba's cuts, with no 500,000-entry dict.

    A private ``jieba.Tokenizer`` (``jieba.dt`` is left alone) whose ``FREQ``
    holds the buckets met so far. Every lookup jieba makes while cutting a
    run is a substring of that run, so it starts with one of the run's
    characters and, if longer, one of its character pairs: filling those
    buckets first answers each lookup as the full dictionary would.
    """

    def __init__(self, jieba: ModuleType, table: WordTable) -> None:
        self.table = table
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total = {}, table.total
        self.tokenizer.initialized = True
        self._filled: set[str] = set()

    def cut(self, runs: list[str]) -> list[list[str]] | None:
        """jieba's words (``HMM=True``) of each run; None if the table turned out damaged."""
        grams = set().union(*runs)
        for run in runs:
            grams.update(run[k:k + 2] for k in range(len(run) - 1))
        grams -= self._filled
        if not self.table.fill(self.tokenizer.FREQ, grams):
            return None
        self._filled |= grams
        return [self.tokenizer.lcut(run, HMM=True) for run in runs]


def default_table_path(jieba: ModuleType) -> Path:
    """Where the table of this jieba's dictionary lives: the user's cache folder, not the shared temporary one.

    The name carries the dictionary's stamp, so two installs of jieba (two
    virtual environments) keep a table each instead of rewriting one in turn.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    stamp = f"{jieba.__version__}:{_dictionary_stamp(jieba)}".encode()
    return Path(base) / "redline" / f"{TABLE_PREFIX}-{zlib.crc32(stamp):08x}.table"


def save_table(path: Path) -> None:
    """Write the loaded default dictionary of ``jieba.dt`` as a sorted table, atomically.

    Nothing is written when ``jieba.dt`` holds another dictionary: the table
    stands for the default one. The temporary file is made first, so a cache
    folder that cannot be written fails before the table is built.
    """
    import tempfile

    jieba = load()
    if jieba.dt.dictionary != jieba.DEFAULT_DICT:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_table_bytes(jieba))
        os.replace(temporary, path)  # atomic: readers see the old table or the whole new one
    except BaseException:
        os.unlink(temporary)
        raise
    _prune(path)


def _prune(kept: Path) -> None:
    """Remove all but the :data:`MAX_TABLES` most recently written tables beside ``kept`` (10 MB each).

    A process still cutting from a removed table finds its next bucket
    unreadable and falls back to the dictionary, as for a damaged table.
    """
    tables = sorted(kept.parent.glob(f"{TABLE_PREFIX}*.table"), key=_written, reverse=True)
    for old in [t for t in tables if t != kept][MAX_TABLES - 1:]:
        try:
            old.unlink()
        except OSError:
            pass


def _written(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _table_bytes(jieba: ModuleType) -> bytes:
    """Header, index (keys, first rows, offsets, CRCs) and buckets of the table of ``jieba.dt``'s words."""
    freq = jieba.dt.FREQ
    words = sorted(w for w in freq if w and "\n" not in w)
    keys, rows, offsets, sums, data = array("Q"), array("I"), array("I"), array("I"), bytearray()
    start = 0
    for row in range(len(words) + 1):
        if row == len(words) or (row > start and bucket_key(words[row]) != bucket_key(words[start])):
            bucket = words[start:row]
            record = array("I", (freq[w] for w in bucket)).tobytes() + "\n".join(bucket).encode("utf-8")
            keys.append(bucket_key(bucket[0]))
            rows.append(start)
            offsets.append(len(data))
            sums.append(zlib.crc32(record))
            data += record
            start = row
    rows.append(len(words))
    offsets.append(len(data))
    index = keys.tobytes() + rows.tobytes() + offsets.tobytes() + sums.tobytes()
    size, mtime = _dictionary_stamp(jieba)
    header = _HEADER.pack(_MAGIC, jieba.__version__.encode()[:16], size, mtime, jieba.dt.total, len(words),
                          len(keys), zlib.crc32(index))
    return header + index + data


def load_table(path: Path) -> TableCutter | None:
    """A cutter answering from the sorted table at ``path``; None if it is missing, stale or damaged."""
    jieba = import_jieba()
    table = read_table(path, jieba)
    return TableCutter(jieba, table) if table is not None else None


def read_table(path: Path, jieba: ModuleType) -> WordTable | None:
    """The table at ``path`` if its header and index are whole and it was made from this jieba's dictionary.

    Each bucket is checked when it is read (:meth:`WordTable.fill`).
    """
    try:
        with open(path, "rb") as handle:
            magic, version, size, mtime, total, count, buckets, crc = _HEADER.unpack(handle.read(_HEADER.size))
            stamp = (version.rstrip(b"\0").decode(errors="replace"), size, mtime)
            file_size = os.fstat(handle.fileno()).st_size
            expected = index_size(buckets)
            # The header is checked before its sizes are trusted: a damaged count must not ask for gigabytes.
            if (magic != _MAGIC or stamp != (jieba.__version__, *_dictionary_stamp(jieba))
                    or _HEADER.size + expected > file_size):
                return None
            index = handle.read(expected)
    except (OSError, struct.error):
        return None
    if len(index) != expected or zlib.crc32(index) != crc:
        return None
    table = WordTable(Path(path), index, buckets, _HEADER.size + expected, total)
    return table if table.extent() == (count, file_size) else None


def _dictionary_stamp(jieba: ModuleType) -> tuple[int, int]:
    """Size and modification time of jieba's default dictionary file."""
    info = os.stat(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
    return info.st_size, info.st_mtime_ns
