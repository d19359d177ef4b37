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
by word and read in one go: only the words starting with the characters and
character pairs a cut meets are decoded, so a first cut takes about a tenth of the time, and
``jieba.dt`` is left alone. :func:`save_table` writes the table from a
loaded dictionary; it records jieba's version, its dictionary file's size
and time and a checksum, and is ignored when any of them no longer matches.
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
from collections.abc import Iterable
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


_MAGIC = b"RLJIEBA3"
# magic, jieba version, dictionary size, dictionary mtime_ns, total, words, buckets, CRC-32 of the rest
_HEADER = struct.Struct("<8s16sQQQIII")


def bucket_key(word: str) -> int:
    """The bucket of a word in the table: its first two characters (one for a one-character word).

    Keys sort as the words do, so each bucket is one stretch of the sorted table.
    """
    return ord(word[0]) << 21 | (ord(word[1]) if len(word) > 1 else 0)


class WordTable:
    """jieba's ``FREQ`` (word or prefix -> frequency) as a table sorted by word, decoded bucket by bucket.

    The words sharing their first two characters stand together (a bucket);
    :meth:`fill` decodes the buckets asked for into a plain dict, in one go each.
    """

    def __init__(self, keys: array, rows: array, spans: array, freqs: array, blob: bytes, total: int) -> None:
        self._keys, self._rows, self._spans, self._freqs, self._blob = keys, rows, spans, freqs, blob
        self.total = total

    def fill(self, freq: dict[str, int], grams: Iterable[str]) -> None:
        """Add to ``freq`` every word and prefix that starts with one of ``grams`` (one or two characters)."""
        keys = self._keys
        for gram in grams:
            key = bucket_key(gram)
            k = bisect_left(keys, key)
            if k < len(keys) and keys[k] == key:
                words = self._blob[self._spans[k]:self._spans[k + 1]].decode("utf-8").split("\n")
                freq.update(zip(words, self._freqs[self._rows[k]:self._rows[k + 1]]))


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

    def cut(self, runs: list[str]) -> list[list[str]]:
        """jieba's words (``HMM=True``) of each run."""
        grams = set().union(*runs)
        for run in runs:
            grams.update(run[k:k + 2] for k in range(len(run) - 1))
        grams -= self._filled
        self.table.fill(self.tokenizer.FREQ, grams)
        self._filled |= grams
        return [self.tokenizer.lcut(run, HMM=True) for run in runs]


def default_table_path() -> Path:
    """Where the sorted table lives: the user's cache folder, not the shared temporary one."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "redline" / "jieba-freq.table"


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


def _table_bytes(jieba: ModuleType) -> bytes:
    """Header and body of the table of ``jieba.dt``'s words: keys, rows, spans, frequencies, words."""
    freq = jieba.dt.FREQ
    words = sorted(w for w in freq if w and "\n" not in w)
    keys, rows, spans, blob = array("Q"), array("I"), array("I"), bytearray()
    for row, word in enumerate(words):
        key = bucket_key(word)
        if not keys or keys[-1] != key:
            if blob:
                blob[-1:] = b""  # a bucket's words are joined by newlines, not ended by one
            keys.append(key)
            rows.append(row)
            spans.append(len(blob))
        blob += word.encode("utf-8") + b"\n"
    blob[-1:] = b""
    rows.append(len(words))
    spans.append(len(blob))
    body = keys.tobytes() + rows.tobytes() + spans.tobytes() + array("I", (freq[w] for w in words)).tobytes() + blob
    size, mtime = _dictionary_stamp(jieba)
    header = _HEADER.pack(_MAGIC, jieba.__version__.encode()[:16], size, mtime, jieba.dt.total, len(words),
                          len(keys), zlib.crc32(body))
    return header + body


def load_table(path: Path) -> TableCutter | None:
    """A cutter answering from the sorted table at ``path``; None if it is missing, stale or damaged."""
    jieba = import_jieba()
    table = read_table(path, jieba)
    return TableCutter(jieba, table) if table is not None else None


def read_table(path: Path, jieba: ModuleType) -> WordTable | None:
    """The table at ``path`` if it is whole and was made from this jieba's dictionary."""
    try:
        data = Path(path).read_bytes()
        magic, version, size, mtime, total, count, buckets, crc = _HEADER.unpack_from(data)
    except (OSError, struct.error):
        return None
    stamp = (version.rstrip(b"\0").decode(errors="replace"), size, mtime)
    if magic != _MAGIC or stamp != (jieba.__version__, *_dictionary_stamp(jieba)):
        return None
    body = memoryview(data)[_HEADER.size:]
    if zlib.crc32(body) != crc:
        return None
    arrays, at = [], 0
    for code, length in (("Q", buckets), ("I", buckets + 1), ("I", buckets + 1), ("I", count)):
        part = array(code)
        part.frombytes(body[at:at + part.itemsize * length])
        if len(part) != length:
            return None
        arrays.append(part)
        at += part.itemsize * length
    keys, rows, spans, freqs = arrays
    blob = bytes(body[at:])
    if (buckets and (rows[0], spans[0]) != (0, 0)) or rows[-1] != count or spans[-1] != len(blob):
        return None
    return WordTable(keys, rows, spans, freqs, blob, total)


def _dictionary_stamp(jieba: ModuleType) -> tuple[int, int]:
    """Size and modification time of jieba's default dictionary file."""
    info = os.stat(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
    return info.st_size, info.st_mtime_ns
