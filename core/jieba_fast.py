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
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
import warnings
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
