"""Colour and column helpers shared by the text renderers."""

from __future__ import annotations

import os
import sys
import unicodedata

import click

from .safe import sgr


def use_color(choice: bool | None, stream=None) -> bool:
    """Colour when asked, else only on a terminal and without NO_COLOR."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


class Painter:
    """Applies ANSI styles only when colour is on.

    The styles are marked (:func:`.safe.sgr`), not raw: the text they wrap is
    escaped where output leaves redline, and only the marks become ESC again.
    """

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **style) -> str:
        if not self.color:
            return text
        opened, _, closed = click.style("\0", **style).partition("\0")
        return sgr(opened) + text + sgr(closed)


def char_width(ch: str) -> int:
    """Terminal cells of one character: wide (W/F) characters take two."""
    if ch < "\u1100":
        return 1
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    """Terminal cells of a string."""
    return sum(map(char_width, text))
