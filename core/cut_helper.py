"""A helper process that loads jieba on the other core and cuts Chinese text sent over a pipe.

A command that will probably need word-level ops calls :func:`start` first:
a forked child loads the dictionary while the parent reads and aligns,
then cuts every batch of runs the parent sends, so the load no longer adds
to the wall time. Cuts are identical to jieba's in-process cuts (the child
runs the same code); any failure falls back to cutting in process.
"""

from __future__ import annotations

import atexit
import marshal
import os
import signal
import struct


class _Helper:
    """A child process holding jieba's dictionary, cutting text sent over a pipe."""

    def __init__(self) -> None:
        to_child, child_in = os.pipe()[::-1]
        child_out, from_child = os.pipe()[::-1]
        self.pid = os.fork()
        if self.pid == 0:  # the child: serve until the parent closes its end
            os.close(to_child)
            os.close(from_child)
            try:
                _serve(child_in, child_out)
            finally:
                os._exit(0)
        os.close(child_in)
        os.close(child_out)
        self.to_child, self.from_child = to_child, from_child
        atexit.register(self.stop)

    def cut(self, runs: list[str]) -> list[list[str]]:
        _send(self.to_child, runs)
        return _receive(self.from_child)

    def stop(self) -> None:
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass


_helper: _Helper | None = None


def start() -> None:
    """Start loading jieba in a forked helper process, if that can save time.

    Only with fork, more than one core, and no dictionary in this process
    yet; the helper serves every later batch and dies with this process.
    """
    from .wordcut import jieba_loaded

    global _helper
    if _helper is not None or jieba_loaded() or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return
    _helper = _Helper()


def running() -> bool:
    """Whether a helper is serving this process."""
    return _helper is not None


def cut(runs: list[str]) -> list[list[str]] | None:
    """The helper's cuts of ``runs``; None when no helper runs (or it died: it is then stopped for good)."""
    global _helper
    if _helper is None:
        return None
    try:
        return _helper.cut(runs)
    except (OSError, EOFError, ValueError, struct.error):
        _helper.stop()
        _helper = None
        return None


def _serve(requests: int, replies: int) -> None:
    from .wordcut import jieba_cut, load

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load()  # now, while the parent works
    while True:
        try:
            runs = _receive(requests)
        except EOFError:
            return
        _send(replies, [jieba_cut(run) for run in runs])


def _send(fd: int, value) -> None:
    data = marshal.dumps(value)
    os.write(fd, struct.pack("<I", len(data)))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int):
    size = struct.unpack("<I", _read_exactly(fd, 4))[0]
    return marshal.loads(_read_exactly(fd, size))


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            raise EOFError("helper process closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
