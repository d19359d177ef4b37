"""Read the files (or standard input) named on the command line."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from redline.core import Document, decode, segment
from redline.core.encoding import read_limited
from redline.core.errors import DecodeError


@dataclass
class Source:
    """A document read from somewhere, with the name reports show for it."""

    name: str
    document: Document


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-`` for stdin), refusing oversized input early."""
    if path == "-":
        return read_limited(sys.stdin.buffer, _name(path))
    from redline.snapshots.importing import read_file

    return read_file(path)


def read_text(path: str, encoding: str | None = None) -> str:
    """Decoded text of ``path``."""
    return decode(read_bytes(path), _name(path), encoding)


def read_source(path: str, encoding: str | None = None) -> Source:
    """Read and parse ``path`` into a document."""
    return Source(_name(path), segment(read_text(path, encoding)))


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else path


__all__ = ["DecodeError", "Source", "read_bytes", "read_source", "read_text"]
