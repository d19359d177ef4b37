"""Normalisation for comparison only; stored and displayed text never changes.

One function, :func:`normalize`, is used everywhere the engine asks whether
two pieces of text are "the same": full-width and half-width forms fold
together (``，`` equals ``,``), every quotation mark style folds to ``"`` or
``'``, and whitespace differences disappear.
"""

from __future__ import annotations

import re
import unicodedata

from .script import UNSPACED

_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u300c": '"', "\u300d": '"', "\u300e": '"', "\u300f": '"',
        "\u301d": '"', "\u301e": '"', "\u301f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u2032": "'", "\u2033": '"',
        # Dashes and the ideographic full stop variants that NFKC leaves alone.
        "\u2015": "\u2014", "\u2500": "\u2014",
        "\u3000": " ",
    }
)

_HAS_QUOTE = re.compile("[" + "".join(chr(c) for c in _QUOTES) + "]").search
_SPACE = re.compile(r"\s+")
_HAS_SPACE = re.compile(r"\s").search
_SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{UNSPACED}])|(?<=[{UNSPACED}])\s+")


def normalize(text: str) -> str:
    """Return the comparison form of ``text``.

    NFKC folds width variants and compatibility forms; quotes fold to ASCII;
    whitespace runs become one space, and vanish next to Chinese characters
    (where spacing carries no meaning).
    """
    return _fold_space(_fold_marks(text))


def normalize_all(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, in one pass over the joined text.

    NUL cannot occur in decoded input and NFKC maps nothing to or from it,
    so it safely separates the texts.
    """
    if not texts:
        return []
    return [_fold_space(t) for t in _fold_marks("\x00".join(texts)).split("\x00")]


def _fold_marks(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_QUOTES) if _HAS_QUOTE(text) else text


def _fold_space(text: str) -> str:
    if not _HAS_SPACE(text):
        return text
    if not text.isascii():
        text = _SPACE_NEAR_CJK.sub("", text)
    return _SPACE.sub(" ", text).strip()
