"""Bracketed editorial notes: ``（笑声）``, ``[Applause]``, ``（指媒体报道的…）``.

They are the editor's words, not the speaker's: excerpt tracing leaves them
out when it scores a source, and a note inserted (or, in a revision,
dropped) raises the ``editorial`` flag.
"""

from __future__ import annotations

import re
from collections import Counter

from .ops import DELETE, INSERT, Op
from .trims import is_ellipsis

BRACKETED = re.compile(r"[(\[〔【〈（［](?:[^()\[\]〔〕【】〈〉（）［］]{1,120})[)\]〕】〉）］]")


def without_notes(text: str) -> str:
    """``text`` with bracketed editorial notes removed."""
    return BRACKETED.sub("", text)


def only_notes(text: str) -> bool:
    """True for a sentence that is nothing but bracketed notes (``（笑声）``, ``[Applause]``)."""
    return bool(BRACKETED.search(text)) and not BRACKETED.sub("", text).strip(" .。!！?？")


def editorial(ops: list[Op], a_key: str, b_key: str, excerpt: bool) -> bool:
    """A note inserted; or removed (in an excerpt: only when words took its place,
    as when an excerpt prints words where the transcript has （听不清）).

    ``a_key``/``b_key`` are the two sides' comparison keys (normalised unless
    ``--strict``), so notes differing only in bracket width are the same note.
    """
    old, new = _notes(a_key), _notes(b_key)
    if new - old:
        return True
    if not excerpt:
        return bool(old - new)
    return any(
        op.kind == DELETE and _notes(op.a)
        and any(ops[n].kind == INSERT for n in (k - 1, k + 1) if 0 <= n < len(ops))
        for k, op in enumerate(ops)
    )


def _notes(text: str) -> Counter:
    """The notes of ``text``; a bracketed ellipsis (``[...]``) marks a cut, not a note."""
    return Counter(n for n in BRACKETED.findall(text) if not is_ellipsis(n))
