"""Word-level ops between two texts (:class:`~redline.core.ops.Op`)."""

from __future__ import annotations

from diff_match_patch import diff_match_patch

from .normalization import normalize_all
from .ops import RESPELL, Op
from .tokendiff import diff_tokens
from .tokens import token_texts


def words(text: str) -> list[str]:
    """Tokens that join back to ``text``; whitespace rides on the word before it."""
    out: list[str] = []
    for token in token_texts(text, keep_space=True):
        if token.isspace() and out:
            out[-1] += token
        else:
            out.append(token)
    return out


def inline_ops(a: str, b: str) -> list[Op]:
    """Minimal word-level ops turning ``a`` into ``b`` (deterministic)."""
    ta, tb = words(a), words(b)
    keys_a = [key or " " for key in normalize_all(ta)]
    keys_b = [key or " " for key in normalize_all(tb)]
    ops: list[Op] = []
    i = j = 0
    for op, count in diff_tokens(keys_a, keys_b):
        if op == diff_match_patch.DIFF_DELETE:
            _push(ops, Op.delete("".join(ta[i:i + count])))
            i += count
        elif op == diff_match_patch.DIFF_INSERT:
            _push(ops, Op.insert("".join(tb[j:j + count])))
            j += count
        else:
            _push_equal(ops, ta[i:i + count], tb[j:j + count])
            i += count
            j += count
    return ops


def _push_equal(ops: list[Op], xs: list[str], ys: list[str]) -> None:
    """Tokens equal after normalisation: runs written alike are ``=``, the others ``~``.

    Each run is joined once (merging token by token would copy a long run
    over and over: quadratic in a long unchanged stretch).
    """
    k = 0
    while k < len(xs):
        start, same = k, xs[k] == ys[k]
        while k < len(xs) and (xs[k] == ys[k]) == same:
            k += 1
        a, b = "".join(xs[start:k]), "".join(ys[start:k])
        _push(ops, Op.equal(a) if same else Op(RESPELL, a, b))


def _push(ops: list[Op], op: Op) -> None:
    """Append ``op``, merging it into the last op when both are of one kind."""
    if ops and ops[-1].kind == op.kind:
        last = ops[-1]
        ops[-1] = Op(op.kind, last.a + op.a, last.b + op.b)
    else:
        ops.append(op)


__all__ = ["inline_ops", "words"]
