"""Trims: an excerpt sentence that only removed words, and where the cuts stand.

A cut is at the ``head`` when only punctuation is kept before it, at the
``tail`` when only punctuation is kept after it, else ``inside``. An
ellipsis (``…``, ``...``, ``[...]``) or punctuation standing at a cut, and
the first kept word capitalised anew, are still a trim.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .ops import DELETE, INSERT, Op

HEAD, INSIDE, TAIL = "head", "inside", "tail"

_ELLIPSIS = re.compile(r"^\s*[(\[]?\s*(?:\.{2,}|…+)\s*[)\]]?\s*$")
_CUT_PUNCT = re.compile(r"^[\s.,;:!?。，、；：！？…\-—]*$")


def is_ellipsis(text: str) -> bool:
    """An ellipsis, bare or bracketed, marking where words were cut."""
    return _ELLIPSIS.match(text) is not None


def cut_positions(ops: list[Op]) -> Callable[[int], str]:
    """Where op ``k`` stands: ``head``, ``tail`` or ``inside`` the kept text, for any ``k``.

    The kept text before op ``k`` is only punctuation when no op before it
    keeps more, so the first and last ops that do are found once.
    """
    keeping = [k for k, op in enumerate(ops) if not _CUT_PUNCT.match(op.b)]
    first, last = (keeping[0], keeping[-1]) if keeping else (len(ops), -1)

    def position(k: int) -> str:
        if k <= first:
            return HEAD
        if k >= last:
            return TAIL
        return INSIDE

    return position


def trim_sides(ops: list[Op]) -> list[str]:
    """Where deletions stand: ``head``, ``inside`` and/or ``tail``."""
    where = []
    position = cut_positions(ops)
    for k, op in enumerate(ops):
        if op.kind == INSERT and is_ellipsis(op.b) and k in (0, len(ops) - 1):
            where.append(HEAD if k == 0 else TAIL)  # "…" marking a cut at the edge
        if op.kind == DELETE:
            where.append(position(k))
    return [w for w in (HEAD, INSIDE, TAIL) if w in where]


def is_trim(ops: list[Op]) -> bool:
    """Only words removed.

    Insertions may only be an ellipsis or punctuation at a cut, or the first
    kept word capitalised anew after a head cut ("I think we" → "We").
    """
    if not any(op.kind == DELETE for op in ops) and not _edge_ellipsis(ops):
        return False
    for k, op in enumerate(ops):
        if op.kind != INSERT:
            continue
        if k in (0, len(ops) - 1) and is_ellipsis(op.b):
            continue
        near_cut = any(0 <= n < len(ops) and ops[n].kind == DELETE for n in (k - 1, k + 1))
        if not (near_cut and (is_ellipsis(op.b) or _CUT_PUNCT.match(op.b) or _recapitalised(ops, k))):
            return False
    return True


def _edge_ellipsis(ops: list[Op]) -> bool:
    return any(ops[k].kind == INSERT and is_ellipsis(ops[k].b) for k in {0, len(ops) - 1} if ops)


def _recapitalised(ops: list[Op], k: int) -> bool:
    if k != 1 or ops[0].kind != DELETE:
        return False
    cut_words, new_word = ops[0].a.split(), ops[k].b.strip()
    return bool(cut_words) and cut_words[-1].lower() == new_word.lower() != new_word
