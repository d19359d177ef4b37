"""One writer at a time: an ``fcntl.flock`` the kernel releases when its holder dies.

A killed writer therefore never leaves a stale lock behind, unlike git's
``index.lock`` files. Readers take no lock: refs and objects are always
consistent on their own.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ArchiveError

WAIT_SECONDS = 120.0


@contextmanager
def exclusive(path: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock on ``path`` (created if needed) for the ``with`` block, waiting up to ``wait`` s."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise ArchiveError(f"cannot write to the archive: cannot open its lock {path} ({exc.strerror}); "
                           "nothing was written") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ArchiveError(f"archive is busy: another redline has held {path} for {wait:.0f} s") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)
