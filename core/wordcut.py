"""Chinese word cutting with jieba, loaded only when a Chinese run needs cutting.

The tokens are always jieba's own (``jieba.cut(run, HMM=True)``), loaded
through :mod:`.jieba_fast`: without ``pkg_resources`` and from jieba's cache
read whole. Once a sorted word table is in the user's cache folder, cuts
come from it instead (:func:`.jieba_fast.load_table`): only the words of the
characters met are decoded, so a first cut costs a tenth of a dictionary
load, and a cut of everything about the same.

The table is written once per install of jieba (its name carries the
dictionary's stamp), by the first process that has to load jieba's
dictionary and finds no valid table (missing or damaged: such a table is
ignored). It is written to a
temporary file renamed into place, so concurrent processes never read a
partial table and the last complete one wins. ``$XDG_CACHE_HOME`` moves
it; a cache folder that cannot be written costs speed, never a cut.
Cuts are remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import jieba_fast

# Remembered cuts are dropped wholesale beyond this many runs: memory stays bounded on huge inputs.
MAX_REMEMBERED = 100_000
_cuts: dict[str, list[str]] = {}
_cut_batch: Callable[[list[str]], list[list[str]]] | None = None


def _cutter() -> Callable[[list[str]], list[list[str]]]:
    """jieba's cuts of a batch of runs: from the word table, else from jieba's dictionary (writing the table)."""
    global _cut_batch
    if _cut_batch is None:
        table = jieba_fast.default_table_path(jieba_fast.import_jieba())
        cutter = jieba_fast.load_table(table)
        _cut_batch = _from_table(cutter, table) if cutter is not None else _from_dictionary(table)
    return _cut_batch


def _from_table(cutter: jieba_fast.TableCutter, table: Path) -> Callable[[list[str]], list[list[str]]]:
    """Cuts from the word table while its buckets check out; from jieba's dictionary once one does not."""
    def cut_batch(runs: list[str]) -> list[list[str]]:
        global _cut_batch
        found = cutter.cut(runs)
        if found is None:  # a damaged bucket: the table is written again
            _cut_batch = _from_dictionary(table)
            found = _cut_batch(runs)
        return found
    return cut_batch


def _from_dictionary(table: Path) -> Callable[[list[str]], list[list[str]]]:
    """Cuts from jieba's dictionary, loaded now; the word table is written for later processes."""
    tokenizer = jieba_fast.load().dt
    _save_table(table)
    return lambda runs: [tokenizer.lcut(run, HMM=True) for run in runs]


def _save_table(path: Path) -> None:
    """Write the table for later processes; a cache folder that cannot be written costs nothing but speed."""
    try:
        jieba_fast.save_table(path)
    except OSError:
        pass


def jieba_loaded() -> bool:
    """Whether jieba has been loaded in this process."""
    return _cut_batch is not None


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
    found = _cutter()(runs)
    if len(_cuts) > MAX_REMEMBERED:
        _cuts.clear()
    _cuts.update(zip(runs, found))
    return found


def uncut(runs: list[str]) -> list[str]:
    """The runs among ``runs`` not cut yet (worth a batch)."""
    return [r for r in runs if len(r) > 1 and r not in _cuts]

