"""Chinese word cutting with jieba, loaded only when a Chinese run needs cutting.

The tokens are always jieba's own (``jieba.cut(run, HMM=True)``), loaded
through :mod:`.jieba_fast`: without ``pkg_resources`` and from jieba's cache
read whole. A small first batch is cut from a sorted word table in the
user's cache folder instead (:func:`.jieba_fast.load_table`), with no
dictionary built at all.

The table is written once, by the first process that has to load jieba's
dictionary and finds no valid table (missing, damaged, or made from another
jieba or dictionary file: such a table is ignored). It is written to a
temporary file renamed into place, so concurrent processes never read a
partial table and the last complete one wins. ``$XDG_CACHE_HOME`` moves
it; a cache folder that cannot be written costs speed, never a cut.
Cuts are remembered.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from . import jieba_fast

# Remembered cuts are dropped wholesale beyond this many runs: memory stays bounded on huge inputs.
MAX_REMEMBERED = 100_000
# A first batch of this many runs loads the dictionary rather than the table: the
# table's lookups are bisections, and past about 4,000 runs the dictionary's
# load (0.3 s) costs less than they do (measured in docs/benchmarks.md).
TABLE_MAX_RUNS = 4_000

_cuts: dict[str, list[str]] = {}
_jieba: ModuleType | None = None


def _load(batch: int) -> ModuleType:
    """jieba, loaded the cheapest way for a first batch of ``batch`` runs."""
    global _jieba
    if _jieba is None:
        jieba = None
        if batch < TABLE_MAX_RUNS:
            table = jieba_fast.default_table_path()
            jieba = jieba_fast.load_table(table)
            if jieba is None:  # no valid table yet: load the dictionary and write one
                jieba = jieba_fast.load()
                _save_table(table)
        _jieba = jieba or jieba_fast.load()
    return _jieba


def _save_table(path: Path) -> None:
    """Write the table for later processes; a cache folder that cannot be written costs nothing but speed."""
    try:
        jieba_fast.save_table(path)
    except OSError:
        pass


def load() -> None:
    """Load jieba's dictionary now."""
    _load(TABLE_MAX_RUNS)


def jieba_loaded() -> bool:
    """Whether jieba has been loaded in this process."""
    return _jieba is not None


def cut(han: str) -> list[str]:
    """The words of a run of Chinese characters."""
    if len(han) == 1:
        return [han]
    words = _cuts.get(han)
    return words if words is not None else cut_many([han])[0]


def cut_many(runs: list[str]) -> list[list[str]]:
    """The words of each run, cut in one batch."""
    if not runs:
        return []
    jieba = _load(len(runs))
    found = [list(jieba.cut(run, HMM=True)) for run in runs]
    if len(_cuts) > MAX_REMEMBERED:
        _cuts.clear()
    _cuts.update(zip(runs, found))
    return found


def uncut(runs: list[str]) -> list[str]:
    """The runs among ``runs`` not cut yet (worth a batch)."""
    return [r for r in runs if len(r) > 1 and r not in _cuts]

