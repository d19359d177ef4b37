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

Faster still for a few cuts: :func:`load_table` gives ``jieba.dt`` a
:class:`SortedFreq` instead of the 500,000-entry dict, a sorted table of the
same words and frequencies read in one go and searched by bisection, so no
dictionary is built at all (a first cut in about a tenth of the time). Each
lookup costs a bisection, so cutting many thousands of runs is faster with
the dict of :func:`load`. :func:`save_table` writes the table from a loaded
dictionary; it records jieba's version and its dictionary file's size and
time, and is ignored when they no longer match.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import tempfile
import warnings
from array import array
from bisect import bisect_left
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


_MAGIC = b"RLJIEBA1"
_HEADER = struct.Struct("<8s16sQQQI")  # magic, jieba version, dict size, dict mtime_ns, total, words


class SortedFreq:
    """jieba's ``FREQ`` (word or prefix -> frequency) as a sorted table searched by bisection.

    Supports what jieba's tokeniser asks of ``FREQ``: ``in``, ``[]``,
    ``get`` and (for ``add_word``) assignment, kept in an overlay that also
    remembers every lookup.
    """

    def __init__(self, offsets: array, freqs: array, blob: bytes) -> None:
        self._offsets, self._freqs, self._blob = offsets, freqs, blob
        self._rows = range(len(freqs))
        self._seen: dict[str, int | None] = {}

    def _word(self, row: int) -> str:
        return self._blob[self._offsets[row]:self._offsets[row + 1]].decode("utf-8")

    def _find(self, word: str) -> int | None:
        try:
            return self._seen[word]
        except KeyError:
            row = bisect_left(self._rows, word, key=self._word)
            found = self._freqs[row] if row < len(self._rows) and self._word(row) == word else None
            self._seen[word] = found
            return found

    def __contains__(self, word: str) -> bool:
        return self._find(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self._find(word)
        if found is None:
            raise KeyError(word)
        return found

    def __setitem__(self, word: str, freq: int) -> None:
        self._seen[word] = freq

    def get(self, word: str, default: int | None = None) -> int | None:
        found = self._find(word)
        return default if found is None else found


def default_table_path() -> Path:
    """Where the sorted table lives: the user's cache folder, not the shared temporary one."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "redline" / "jieba-freq.table"


def save_table(path: Path) -> None:
    """Write the loaded default dictionary of ``jieba.dt`` as a sorted table, atomically.

    Nothing is written when ``jieba.dt`` holds another dictionary: the table
    stands for the default one.
    """
    jieba = load()
    if jieba.dt.dictionary != jieba.DEFAULT_DICT or isinstance(jieba.dt.FREQ, SortedFreq):
        return
    freq = jieba.dt.FREQ
    words = sorted(freq)
    offsets, freqs, blob = array("I", [0]), array("I"), bytearray()
    for word in words:
        blob += word.encode("utf-8")
        offsets.append(len(blob))
        freqs.append(freq[word])
    size, mtime = _dictionary_stamp(jieba)
    header = _HEADER.pack(_MAGIC, jieba.__version__.encode()[:16], size, mtime, jieba.dt.total, len(words))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header + offsets.tobytes() + freqs.tobytes() + bytes(blob))
        os.replace(temporary, path)  # atomic: readers see the old table or the whole new one
    except BaseException:
        os.unlink(temporary)
        raise


def load_table(path: Path) -> ModuleType | None:
    """``jieba`` answering from the sorted table at ``path``; None if it is missing, stale or damaged."""
    jieba = import_jieba()
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return jieba
    table = read_table(path, jieba) if tokenizer.dictionary == jieba.DEFAULT_DICT else None
    if table is None:
        return None
    with tokenizer.lock:
        if not tokenizer.initialized:
            tokenizer.FREQ, tokenizer.total = table
            tokenizer.initialized = True
    return jieba


def read_table(path: Path, jieba: ModuleType) -> tuple[SortedFreq, int] | None:
    """``(FREQ, total)`` from the table at ``path`` if it was made from this jieba's dictionary."""
    try:
        data = Path(path).read_bytes()
        magic, version, size, mtime, total, count = _HEADER.unpack_from(data)
    except (OSError, struct.error):
        return None
    stamp = (version.rstrip(b"\0").decode(errors="replace"), size, mtime)
    if magic != _MAGIC or stamp != (jieba.__version__, *_dictionary_stamp(jieba)):
        return None
    start = _HEADER.size
    offsets, freqs = array("I"), array("I")
    try:
        offsets.frombytes(data[start:start + 4 * (count + 1)])
        freqs.frombytes(data[start + 4 * (count + 1):start + 8 * count + 4])
    except ValueError:
        return None
    blob = data[start + 8 * count + 4:]
    if len(offsets) != count + 1 or len(freqs) != count or offsets[0] != 0 or offsets[-1] != len(blob):
        return None
    return SortedFreq(offsets, freqs, blob), total


def _dictionary_stamp(jieba: ModuleType) -> tuple[int, int]:
    """Size and modification time of jieba's default dictionary file."""
    info = os.stat(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
    return info.st_size, info.st_mtime_ns
