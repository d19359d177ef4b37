"""Which writing system a character belongs to: the one home of every such test.

Ranges are given as regular-expression class bodies (``f"[{HAN}]"``) so
that patterns elsewhere are built from them rather than spelled again.

- ``HAN``: Chinese characters (ideographs): the unified block, Extension A,
  the compatibility block and the supplementary planes (Extensions B-H).
- ``UNSPACED``: scripts written without spaces between words: Han, kana,
  CJK radicals and punctuation, and full-width forms. Spacing next to them
  carries no meaning.
- ``WIDE``: ``UNSPACED`` plus Hangul: the East Asian scripts whose sentence
  punctuation rules differ from English.
- ``CJK_LETTERS``: letters of Chinese, Japanese and Korean (no punctuation),
  to judge whether a decoded text reads as East Asian.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
KANA = "\u3040-\u30ff"
HANGUL = "\uac00-\ud7af"
UNSPACED = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
WIDE = UNSPACED + HANGUL
CJK_LETTERS = KANA + HAN + HANGUL

_HAN = re.compile(f"[{HAN}]")
_WIDE = re.compile(f"[{WIDE}]")
# Compiled on first use (through re's cache): only page and PDF extraction asks, and each of these
# classes costs 2 ms to compile.
_UNSPACED = f"[{UNSPACED}]"


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one Chinese character."""
    return _HAN.search(text) is not None


def count_han(text: str) -> int:
    """How many Chinese characters ``text`` holds."""
    return len(_HAN.findall(text))


def is_wide(ch: str) -> bool:
    """True for a character of an East Asian script or its punctuation (see ``WIDE``)."""
    return _WIDE.match(ch) is not None


def has_wide(text: str) -> bool:
    """True when ``text`` holds at least one ``WIDE`` character."""
    return _WIDE.search(text) is not None


def is_unspaced(ch: str) -> bool:
    """True for a character of a script written without spaces between words (see ``UNSPACED``)."""
    return re.match(_UNSPACED, ch) is not None


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: what bytes that are not UTF-8 become in a command-line
    argument or a file name, text that cannot be written out as UTF-8."""
    return not text.isascii() and re.search("[\ud800-\udfff]", text) is not None
