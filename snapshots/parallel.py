"""Work over many statements: in this process for a few, in a process pool (one worker per core) for many."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from . import records

T = TypeVar("T")
# Below this many items, starting worker processes costs more than it saves.
POOL_MIN = 8
# prctl(2): the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def for_each(make: Callable[[], Callable[[str], T]], items: list[str],
             step: Callable[[], None] | None = None) -> list[T]:
    """``make()(item)`` for each item, results in order; ``step`` is called after each (progress).

    ``make`` builds the per-process worker (it opens the archive once); it
    must pickle, so pass a class or a ``functools.partial`` of one.
    """
    results: list[T] = []
    outcomes: Iterable[T] = map(make(), items) if len(items) < POOL_MIN else _pooled(make, items)
    for outcome in outcomes:
        results.append(outcome)
        if step is not None:
            step()
    return results


def _pooled(make: Callable[[], Callable[[str], T]], items: list[str]) -> Iterator[T]:
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, max(1, len(items) // POOL_MIN))
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(make, os.getpid())) as pool:
        for result, skipped in pool.map(_work, items, chunksize=max(1, min(16, len(items) // (workers * 8)))):
            records.restore(skipped)  # the worker's warnings about records it skipped
            yield result


_WORKER: Callable | None = None


def _start_worker(make: Callable[[], Callable], parent: int) -> None:
    global _WORKER
    _die_with(parent)
    _WORKER = make()


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies: a parent killed with SIGKILL cannot stop its
    pool, whose workers would otherwise finish its queue (writing pages nobody wants) and then wait for ever."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request above took hold
        os._exit(1)


def _work(item: str) -> tuple:
    assert _WORKER is not None
    return _WORKER(item), records.drain()
