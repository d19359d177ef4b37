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


# Characters a Chinese text is full of whose compatibility form is plain (full-width
# ASCII, the ideographic space, the ellipsis): replaced first by their NFKD form,
# which leaves NFKC's answer as it was, the text is then usually NFKC already,
# and checking that is ten times faster than normalising it.
_WIDE_FORMS = {
    char: form for char, form in ((chr(c), unicodedata.normalize("NFKD", chr(c)))
                                  for c in [*range(0xFF01, 0xFF5F), 0x3000, 0x2026])
    if not any(unicodedata.combining(x) for x in form)
}
_HAS_WIDE_FORM = re.compile("[" + "".join(_WIDE_FORMS) + "]").findall


def normalize(text: str) -> str:
    """Return the comparison form of ``text``.

    NFKC folds width variants and compatibility forms; quotes fold to ASCII;
    whitespace runs become one space, and vanish next to Chinese characters
    (where spacing carries no meaning).
    """
    return _fold_space(_fold_marks(_plain_forms(text)))


def normalize_all(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, the wide forms replaced in one pass over the joined text.

    NUL separates the texts: redline's decoding refuses it and no wide form
    maps to it. Should a caller's text hold one, each text is done alone.
    """
    if not texts:
        return []
    parts = _plain_forms("\x00".join(texts)).split("\x00")
    if len(parts) != len(texts):
        return [normalize(t) for t in texts]
    return [_fold_space(_fold_marks(t)) for t in parts]


def _plain_forms(text: str) -> str:
    """``text`` with the ``_WIDE_FORMS`` it holds replaced (each at C speed)."""
    for char in set(_HAS_WIDE_FORM(text)):
        text = text.replace(char, _WIDE_FORMS[char])
    return text


def _fold_marks(text: str) -> str:
    """NFKC (computed only where the text is not NFKC already), then quotation marks folded."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_QUOTES) if _HAS_QUOTE(text) else text


def _fold_space(text: str) -> str:
    if not _HAS_SPACE(text):
        return text
    if not text.isascii():
        text = _SPACE_NEAR_CJK.sub("", text)
    return _SPACE.sub(" ", text).strip()
