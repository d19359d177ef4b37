"""Word-level edit operations: the named type of every pair's ``ops``.

An :class:`Op` is a piece of side ``a`` (the source or old text) and the
piece of side ``b`` (the derived or new text) standing for it:

- ``EQUAL`` (``=``): the same text on both sides;
- ``DELETE`` (``-``): text only on side ``a``;
- ``INSERT`` (``+``): text only on side ``b``;
- ``RESPELL`` (``~``): equal after normalisation, written differently
  (``，`` for ``,``, other quotation marks or spacing).

Joining every op's ``a`` gives side ``a``; joining every ``b`` gives side
``b``. In JSON an op is ``["=", text]``, ``["-", text]``, ``["+", text]``
or ``["~", a, b]`` (see :meth:`Op.as_list`).
"""

from __future__ import annotations

from dataclasses import dataclass

EQUAL, DELETE, INSERT, RESPELL = "=", "-", "+", "~"

_MARKS = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}"), RESPELL: ("{~", "~}")}


@dataclass(frozen=True, slots=True)
class Op:
    """One edit operation; ``a`` is empty for an insertion, ``b`` for a deletion."""

    kind: str
    a: str
    b: str

    @classmethod
    def equal(cls, text: str) -> Op:
        return cls(EQUAL, text, text)

    @classmethod
    def delete(cls, text: str) -> Op:
        return cls(DELETE, text, "")

    @classmethod
    def insert(cls, text: str) -> Op:
        return cls(INSERT, "", text)

    @property
    def text(self) -> str:
        """The piece a reader sees: the deleted text for a deletion, else side ``b``'s."""
        return self.a if self.kind == DELETE else self.b

    def as_list(self) -> list[str]:
        """The JSON form: ``[kind, text]``, or ``["~", a, b]`` for a respelling."""
        return [RESPELL, self.a, self.b] if self.kind == RESPELL else [self.kind, self.text]


def join_a(ops: list[Op]) -> str:
    """Side ``a`` rebuilt from ``ops``."""
    return "".join(op.a for op in ops)


def join_b(ops: list[Op]) -> str:
    """Side ``b`` rebuilt from ``ops``."""
    return "".join(op.b for op in ops)


def markup(kind: str, text: str) -> str:
    """``text`` marked as reports show an op of ``kind``: ``[-cut-]``, ``{+added+}``, ``{~a→b~}``."""
    opening, closing = _MARKS.get(kind, ("", ""))
    return f"{opening}{text}{closing}"
