"""Word-level inline ops between two texts.

Ops are ``["=", text]``, ``["-", text]``, ``["+", text]`` and
``["~", a_piece, b_piece]`` (equal only after normalisation). Joining ``=``,
``-`` and the first piece of ``~`` gives ``a``; joining ``=``, ``+`` and the
second piece of ``~`` gives ``b``.
"""

from __future__ import annotations

from .normalize import normalize
from .similarity import diff_tokens
from .tokens import tokenize

Op = list[str]


def words(text: str) -> list[str]:
    """Tokens that join back to ``text``; whitespace rides on the word before it."""
    out: list[str] = []
    for token in tokenize(text, keep_space=True):
        if token.text.isspace() and out:
            out[-1] += token.text
        else:
            out.append(token.text)
    return out


def inline_ops(a: str, b: str) -> list[Op]:
    """Minimal word-level ops turning ``a`` into ``b`` (deterministic)."""
    ta, tb = words(a), words(b)
    keys_a = [normalize(t) or " " for t in ta]
    keys_b = [normalize(t) or " " for t in tb]
    ops: list[Op] = []
    i = j = 0
    for op, count in diff_tokens(keys_a, keys_b):
        if op < 0:
            _push(ops, "-", "".join(ta[i:i + count]))
            i += count
        elif op > 0:
            _push(ops, "+", "".join(tb[j:j + count]))
            j += count
        else:
            for x, y in zip(ta[i:i + count], tb[j:j + count]):
                if x == y:
                    _push(ops, "=", x)
                else:
                    _push(ops, "~", x, y)
            i += count
            j += count
    return ops


def _push(ops: list[Op], kind: str, *pieces: str) -> None:
    if ops and ops[-1][0] == kind:
        ops[-1] = [kind] + [old + new for old, new in zip(ops[-1][1:], pieces)]
    else:
        ops.append([kind, *pieces])


def side_a(ops: list[Op]) -> str:
    """Rebuild side ``a`` from ops."""
    return "".join(op[1] for op in ops if op[0] in "=-~")


def side_b(ops: list[Op]) -> str:
    """Rebuild side ``b`` from ops."""
    return "".join(op[2] if op[0] == "~" else op[1] for op in ops if op[0] in "=+~")
