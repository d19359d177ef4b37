"""Run the engine's bulk work with the cyclic garbage collector paused."""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def gc_paused(function: F) -> F:
    """``function``, run with the cyclic garbage collector paused.

    Parsing and comparing build tens of thousands of objects and no
    reference cycles; each collection on the way walks all of them again (a
    quarter of a 1 MB diff's time). The collector restarts after, if it was
    running.
    """
    @wraps(function)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()
    return run  # type: ignore[return-value]
