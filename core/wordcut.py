"""Chinese word cutting with jieba, loaded only when a Chinese run needs cutting.

jieba (and its dictionary load) is imported the first time a run of more
than one Chinese character is cut, with its log lines silenced. Cuts are
remembered, and a batch of runs (:func:`cut_many`) can be sent at once to a
helper process started by :func:`redline.core.cut_helper.start`, which loads
the dictionary on the other core while the caller reads and aligns.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

from . import cut_helper

# Remembered cuts are dropped wholesale beyond this many runs: memory stays bounded on huge inputs.
MAX_REMEMBERED = 100_000

_cuts: dict[str, list[str]] = {}


@lru_cache(maxsize=1)
def _jieba():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def load() -> None:
    """Load jieba's dictionary now."""
    _jieba()


def jieba_cut(run: str) -> list[str]:
    """jieba's words of one Chinese run, in this process (the tokeniser users know: HMM on)."""
    return list(_jieba().cut(run, HMM=True))


def jieba_loaded() -> bool:
    """Whether jieba's dictionary has been loaded in this process."""
    return _jieba.cache_info().currsize > 0


def cut(han: str) -> list[str]:
    """The words of a run of Chinese characters."""
    if len(han) == 1:
        return [han]
    words = _cuts.get(han)
    return words if words is not None else cut_many([han])[0]


def cut_many(runs: list[str]) -> list[list[str]]:
    """The words of each run, cut in one batch (by the helper process when one is running)."""
    if not runs:
        return []
    found = None if jieba_loaded() else cut_helper.cut(runs)
    if found is None:
        found = [jieba_cut(run) for run in runs]
    if len(_cuts) > MAX_REMEMBERED:
        _cuts.clear()
    _cuts.update(zip(runs, found))
    return found


def uncut(runs: list[str]) -> list[str]:
    """The runs among ``runs`` not cut yet (worth a batch)."""
    return [r for r in runs if len(r) > 1 and r not in _cuts]
