"""Word-level ops between two texts (:class:`~redline.core.ops.Op`)."""

from __future__ import annotations

from diff_match_patch import diff_match_patch

from .normalization import normalize
from .ops import DELETE, EQUAL, INSERT, RESPELL, Op
from .similarity import diff_tokens
from .tokens import tokenize


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
        if op == diff_match_patch.DIFF_DELETE:
            _push(ops, Op.delete("".join(ta[i:i + count])))
            i += count
        elif op == diff_match_patch.DIFF_INSERT:
            _push(ops, Op.insert("".join(tb[j:j + count])))
            j += count
        else:
            for x, y in zip(ta[i:i + count], tb[j:j + count]):
                _push(ops, Op.equal(x) if x == y else Op(RESPELL, x, y))
            i += count
            j += count
    return ops


def _push(ops: list[Op], op: Op) -> None:
    """Append ``op``, merging it into the last op when both are of one kind."""
    if ops and ops[-1].kind == op.kind:
        last = ops[-1]
        ops[-1] = Op(op.kind, last.a + op.a, last.b + op.b)
    else:
        ops.append(op)


__all__ = ["DELETE", "EQUAL", "INSERT", "RESPELL", "Op", "inline_ops", "words"]
