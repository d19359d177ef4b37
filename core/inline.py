"""Word-level ops between two texts (:class:`~redline.core.ops.Op`)."""

from __future__ import annotations

from functools import lru_cache

from diff_match_patch import diff_match_patch

from .normalization import normalize_all
from .ops import RESPELL, Op
from .tokendiff import PLAIN_LIMIT, chunk_runs, diff_tokens
from .tokens import token_texts

# Characters a side past which a pair is first cut at the clauses it shares (text up to and
# including its punctuation, once on each side, in order: :func:`.tokendiff.chunk_runs`), so that
# only the text between them is cut into words: jieba cuts about 200,000 characters a second, and a
# 100,000-character sentence would spend most of its time cutting clauses that did not change.
# Three times the word diff's own limit, so no real sentence comes near it (the longest seen is 922
# characters; three joined, 2,766): their ops are the word diff's, as before.
LONG_TEXT = 3 * PLAIN_LIMIT


def words(text: str) -> list[str]:
    """Tokens that join back to ``text``; whitespace rides on the word before it."""
    out: list[str] = []
    for token in token_texts(text, keep_space=True):
        if token.isspace() and out:
            out[-1] += token
        else:
            out.append(token)
    return out


def word_pieces(a: str, b: str) -> tuple[tuple[str, str | None], ...]:
    """``a`` and ``b`` as the pieces :func:`inline_ops` diffs word by word, ``(a_part, b_part)``, and the
    clauses a long pair shares, ``(text, None)``; a pair up to ``LONG_TEXT`` is one piece."""
    return ((a, b),) if max(len(a), len(b)) <= LONG_TEXT else _clause_pieces(a, b)


@lru_cache(maxsize=16)
def _clause_pieces(a: str, b: str) -> tuple[tuple[str, str | None], ...]:
    """:func:`word_pieces` of a long pair. Remembered: the batch that cuts a comparison's words first
    (:func:`.tokens.precut`) asks too, and finding the shared clauses reads both texts."""
    runs = chunk_runs(a, b)
    if not runs:
        return ((a, b),)
    pieces: list[tuple[str, str | None]] = []
    i0 = j0 = 0
    for i, j, size in runs:
        pieces += [(a[i0:i], b[j0:j]), (a[i:i + size], None)]
        i0, j0 = i + size, j + size
    pieces.append((a[i0:], b[j0:]))
    return tuple(piece for piece in pieces if piece[0] or piece[1])


def worded(a: str, b: str) -> list[str]:
    """The texts :func:`inline_ops` of ``a`` and ``b`` cuts into words."""
    return [text for x, y in word_pieces(a, b) if y is not None for text in (x, y)]


def inline_ops(a: str, b: str) -> list[Op]:
    """Minimal word-level ops turning ``a`` into ``b`` (deterministic; near-minimal past ``LONG_TEXT``,
    where shared clauses are equal first)."""
    ops: list[Op] = []
    for x, y in word_pieces(a, b):
        for op in [Op.equal(x)] if y is None else _word_ops(x, y):
            _push(ops, op)
    return ops


def _word_ops(a: str, b: str) -> list[Op]:
    """Minimal word-level ops turning ``a`` into ``b``."""
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


__all__ = ["inline_ops", "word_pieces", "worded", "words"]
