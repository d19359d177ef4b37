"""Word tokens for word-level diffs: jieba for Chinese runs, a regex for the rest.

jieba (and its ~0.7 s dictionary load) is imported only when a Chinese run
actually needs splitting, and its log lines are silenced. A command that
will probably need it can call :func:`prefetch` first: a forked child loads
the dictionary on the other core while the parent reads and aligns, then
cuts text on request, so the load no longer adds to the wall time.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import signal
import struct
import warnings
from dataclasses import dataclass
from functools import lru_cache

from .script import HAN

_RUNS = re.compile(f"([{HAN}]+)|(\\s+)|([^\\s{HAN}]+)")
# Latin-side tokens: words (with inner apostrophes/hyphens), numbers
# (3.5, 1,750), and single punctuation characters.
_LATIN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*|\S")


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number, punctuation mark or (optionally) whitespace run."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _jieba():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def tokenize(text: str, offset: int = 0, keep_space: bool = False) -> list[Token]:
    """Tokens of ``text`` with spans shifted by ``offset``.

    With ``keep_space`` whitespace runs are tokens too, so that the tokens
    join back to exactly ``text``.
    """
    tokens: list[Token] = []
    for run in _RUNS.finditer(text):
        han, space, other = run.groups()
        base = offset + run.start()
        if han:
            pos = base
            for word in _cut(han):
                tokens.append(Token(word, pos, pos + len(word)))
                pos += len(word)
        elif space:
            if keep_space:
                tokens.append(Token(space, base, base + len(space)))
        else:
            tokens.extend(Token(m.group(), base + m.start(), base + m.end()) for m in _LATIN.finditer(other))
    return tokens


def _cut(han: str) -> list[str]:
    if len(han) == 1:
        return [han]
    words = _cuts.get(han)
    if words is None:
        words = _cut_many([han])[0]
    return words


def precut(texts: list[str]) -> None:
    """Cut every Chinese run of ``texts`` now, in one batch (one round trip to a helper)."""
    runs = list(dict.fromkeys(m.group(1) for t in texts for m in _RUNS.finditer(t) if m.group(1)))
    _cut_many([r for r in runs if len(r) > 1 and r not in _cuts])


def _cut_many(runs: list[str]) -> list[list[str]]:
    global _helper
    if not runs:
        return []
    found = None
    if _helper is not None and not jieba_loaded():
        try:
            found = _helper.cut(runs)
        except (OSError, EOFError, ValueError, struct.error):
            _helper.stop()
            _helper = None
    if found is None:
        jieba = _jieba()
        found = [list(jieba.cut(run, HMM=True)) for run in runs]
    if len(_cuts) > 100_000:
        _cuts.clear()
    _cuts.update(zip(runs, found))
    return found


_cuts: dict[str, list[str]] = {}


def jieba_loaded() -> bool:
    """Whether jieba's dictionary has been loaded in this process."""
    return _jieba.cache_info().currsize > 0


def prefetch() -> None:
    """Start loading jieba in a forked helper process, if that can save time.

    Only with fork, more than one core, and no dictionary here yet; the
    helper serves every later cut in this process and dies with it.
    """
    global _helper
    if _helper is not None or jieba_loaded() or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return
    _helper = _Helper()


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


def _serve(requests: int, replies: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    jieba = _jieba()
    while True:
        try:
            runs = _receive(requests)
        except EOFError:
            return
        _send(replies, [list(jieba.cut(run, HMM=True)) for run in runs])


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
