"""Diffs of token sequences whose cost stays near-linear, however long the sentence.

Each distinct token becomes one character (diff-match-patch's lines-to-chars
idea applied to words), and the two code strings are diffed. Up to
``PLAIN_LIMIT`` codes a side that is diff-match-patch's exact diff, as it
always was. Past it, diff-match-patch's bisection (Myers' algorithm) costs
about D² steps for D edits, and a 100,000-character sentence with scattered
edits takes minutes; so a long pair is first cut at anchors (runs of
``ANCHOR_GRAM`` codes that occur once on each side, in order, as in
patience diff; first whole clauses, cut at punctuation, when it has any),
and only the stretches between anchors are diffed, each the same way. A
long stretch with no unique run left falls back to Myers with a bounded
search (:mod:`.myers`). Nothing depends on the machine's speed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from diff_match_patch import diff_match_patch

from .moves import in_order
from .myers import BOUNDED_COST, matches

# Longer than any real sentence seen (the corpus's longest is 922
# characters; three of them joined, 2,766): below it the answer is
# diff-match-patch's own, exactly as before.
PLAIN_LIMIT = 3000
# Codes per anchor: eight characters (or words) in a row rarely recur by chance.
ANCHOR_GRAM = 8

Run = tuple[int, int]  # (op, count), op -1 delete, 0 equal, 1 insert
# The codes ``encode`` gives punctuation and space tokens: plane 15's private use area.
SEPARATOR_CODES = (0xF0000, 0xFFFFE)
_SEPARATORS = f"\\s,.;:!?，。、；：！？…{chr(SEPARATOR_CODES[0])}-{chr(SEPARATOR_CODES[1] - 1)}"
_CHUNK = re.compile(f"[^{_SEPARATORS}]*[{_SEPARATORS}]+|[^{_SEPARATORS}]+")
_SEPARATOR_TOKEN = re.compile(f"[{_SEPARATORS}]+")
# The codes of other tokens: the BMP's private use area, then the supplementary planes up to the
# separators, then what is left after them. Past ~990,000 distinct words there is no code left.
_WORD_RANGES = (
    (0xE000, 0x1900), (0x11900, SEPARATOR_CODES[0] - 0x11900), (SEPARATOR_CODES[1], 0x110000 - SEPARATOR_CODES[1]),
)


@lru_cache(maxsize=1)
def _dmp() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact, so results never depend on machine speed
    return engine


def encode(a: list[str], b: list[str]) -> tuple[str, str]:
    """One character per distinct token, shared by both sequences.

    Punctuation and space tokens get codes of their own range (``SEPARATOR_CODES``),
    so that a long code string can be cut into chunks as text is.
    """
    codes: dict[str, str] = {}
    separators = 0

    def one(seq: list[str]) -> str:
        nonlocal separators
        out = []
        for token in seq:
            code = codes.get(token)
            if code is None:
                if separators < SEPARATOR_CODES[1] - SEPARATOR_CODES[0] and _SEPARATOR_TOKEN.fullmatch(token):
                    code = chr(SEPARATOR_CODES[0] + separators)
                    separators += 1
                else:
                    code = _word_code(len(codes) - separators)
                codes[token] = code
            out.append(code)
        return "".join(out)

    return one(a), one(b)


def _word_code(n: int) -> str:
    """The code of the ``n``-th distinct word; :class:`_NoCodeLeft` past the last."""
    for start, size in _WORD_RANGES:
        if n < size:
            return chr(start + n)
        n -= size
    raise _NoCodeLeft


class _NoCodeLeft(Exception):
    """More distinct words than characters to stand for them."""


def diff_tokens(a: list[str], b: list[str]) -> list[Run]:
    """Diff of two token sequences: ``(op, count)`` runs, op in -1/0/1.

    Minimal (diff-match-patch's answer) up to ``PLAIN_LIMIT`` tokens a side;
    past it, anchored first, so near-minimal and near-linear. Two sequences
    with more distinct words than there are codes (~990,000) keep only their
    common head and tail; the rest is one deletion and one insertion.
    """
    try:
        return diff_codes(*encode(a, b))
    except _NoCodeLeft:
        head = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        tail = next((k for k, (x, y) in enumerate(zip(reversed(a[head:]), reversed(b[head:]))) if x != y),
                    min(len(a), len(b)) - head)
        runs = [(0, head), (-1, len(a) - head - tail), (1, len(b) - head - tail), (0, tail)]
        return [run for run in runs if run[1]]


def diff_codes(x: str, y: str) -> list[Run]:
    """Diff of two strings, character by character: ``(op, count)`` runs."""
    return [(op, len(text)) for op, text in diff_texts(x, y)]


def diff_texts(x: str, y: str) -> list[tuple[int, str]]:
    """diff-match-patch's ``(op, text)`` diff, anchored first when either side is long."""
    if max(len(x), len(y)) <= PLAIN_LIMIT:
        return _dmp().diff_main(x, y, False)
    diffs: list[tuple[int, str]] = []
    _anchored(x, y, diffs)
    return cleanup_merge(diffs)  # the canonical form diff_main returns


def _anchored(x: str, y: str, out: list[tuple[int, str]]) -> None:
    """Append the diff of ``x`` and ``y`` to ``out``: anchors first, then each stretch."""
    dmp = _dmp()
    stack: list[tuple[str, str | None]] = [(x, y)]  # (text, None) is an equal run
    while stack:
        x, y = stack.pop()
        if y is None:
            out.append((0, x))
            continue
        if not x or not y or max(len(x), len(y)) <= PLAIN_LIMIT:
            out.extend(dmp.diff_main(x, y, False))
            continue
        head = dmp.diff_commonPrefix(x, y)
        tail = dmp.diff_commonSuffix(x[head:], y[head:])
        middle_x, middle_y = x[head:len(x) - tail], y[head:len(y) - tail]
        runs = (chunk_runs(middle_x, middle_y) or anchor_runs(middle_x, middle_y, ANCHOR_GRAM)
                if middle_x and middle_y else [])
        pieces: list[tuple[str, str | None]] = [(x[:head], None)]
        if runs:
            i0 = j0 = 0
            for i, j, size in runs:
                pieces += [(middle_x[i0:i], middle_y[j0:j]), (middle_x[i:i + size], None)]
                i0, j0 = i + size, j + size
            pieces.append((middle_x[i0:], middle_y[j0:]))
        elif middle_x and middle_y:
            pieces += [(text, None) if op == 0 else (text, "") if op < 0 else ("", text)
                       for op, text in _bounded(middle_x, middle_y)]
        else:
            pieces.append((middle_x, middle_y))
        pieces.append((x[len(x) - tail:], None))
        stack.extend(piece for piece in reversed(pieces) if piece[0] or piece[1])


def cleanup_merge(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """diff-match-patch's ``diff_cleanupMerge`` of ``diffs``, the same result in linear time.

    Its own merges equalities by adding strings one to another in place and
    deletes list items one at a time: quadratic in a long sentence's diff,
    whose bounded stretches come as one equality per character. Here each
    pass builds a new list and joins each element's text once.
    """
    while True:
        diffs = _merge_pass(diffs)
        diffs, shifted = _shift_pass(diffs)
        if not shifted:
            return diffs


def _merge_pass(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first pass of ``diff_cleanupMerge``: each run of edits one deletion and one insertion, their common
    prefix and suffix moved into the equalities around them, adjacent equalities joined."""
    dmp = _dmp()
    out: list[list] = []  # [op, [texts]]: joined at the end
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in [*diffs, (0, "")]:  # the end, as diff-match-patch's dummy equality
        if op > 0:
            inserted.append(text)
        elif op < 0:
            deleted.append(text)
        elif len(deleted) + len(inserted) > 1:
            text_delete, text_insert = "".join(deleted), "".join(inserted)
            if deleted and inserted:
                common = dmp.diff_commonPrefix(text_insert, text_delete)
                if common:
                    if out:
                        out[-1][1].append(text_insert[:common])  # the equality before the edits
                    else:
                        out.append([0, [text_insert[:common]]])
                    text_insert, text_delete = text_insert[common:], text_delete[common:]
                common = dmp.diff_commonSuffix(text_insert, text_delete)
                if common:
                    text = text_insert[-common:] + text
                    text_insert, text_delete = text_insert[:-common], text_delete[:-common]
            out += [[-1, [text_delete]]] if text_delete else []
            out += [[1, [text_insert]]] if text_insert else []
            out.append([0, [text]])  # not joined to the equality before, even with no edit left between
            deleted, inserted = [], []
        elif deleted or inserted:  # one edit alone stays as it is
            out.append([-1, deleted] if deleted else [1, inserted])
            out.append([0, [text]])
            deleted, inserted = [], []
        elif out and out[-1][0] == 0:
            out[-1][1].append(text)
        else:
            out.append([0, [text]])
    merged = [(op, "".join(texts)) for op, texts in out]
    if merged[-1][1] == "":
        merged.pop()
    return merged


def _shift_pass(diffs: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], bool]:
    """The second pass of ``diff_cleanupMerge``: an edit between two equalities that ends like the one
    before it (or starts like the one after) slides over it, which joins two equalities: ``A<ins>BA</ins>C``
    becomes ``<ins>AB</ins>AC``. Whether any slid.

    The list diff-match-patch edits in place is ``done + diffs[k:]`` here,
    its pointer at ``len(done)``: deleting an item costs nothing.
    """
    if len(diffs) < 3:
        return diffs, False
    done, k, shifted = [diffs[0]], 1, False
    while k < len(diffs) - 1:
        (before_op, before), (op, edit), (after_op, after) = done[-1], diffs[k], diffs[k + 1]
        if before_op == 0 and after_op == 0 and edit.endswith(before):
            done.pop()
            done += [(op, before + edit[:-len(before)]), (0, before + after)] if before else [(op, edit), (0, after)]
            k, shifted = k + 2, True
        elif before_op == 0 and after_op == 0 and edit.startswith(after):
            done[-1] = (0, before + after)
            done.append((op, edit[len(after):] + after))
            k, shifted = k + 2, True
        else:
            done.append(diffs[k])
            k += 1
    return done + diffs[k:], shifted


def chunk_runs(x: str, y: str) -> list[tuple[int, int, int]]:
    """Equal runs ``(i, j, size)`` made of whole chunks that occur once on each side, in order.

    A chunk is text up to and including its separators (punctuation and
    spaces; the separator codes of ``encode``), found by a regular
    expression: a few thousand clauses instead of every gram of a long text.
    Empty when a side has no separators to cut at.
    """
    chunks_x, chunks_y = _CHUNK.findall(x), _CHUNK.findall(y)
    if len(chunks_x) < 2 or len(chunks_y) < 2:
        return []
    starts_x = list(accumulate(map(len, chunks_x), initial=0))
    starts_y = list(accumulate(map(len, chunks_y), initial=0))
    count_x, count_y = Counter(chunks_x), Counter(chunks_y)
    where = {chunk: k for k, chunk in enumerate(chunks_x) if count_x[chunk] == 1 and count_y[chunk] == 1}
    seeds = [(starts_x[where[chunk]], starts_y[m], len(chunk)) for m, chunk in enumerate(chunks_y) if chunk in where]
    runs: list[tuple[int, int, int]] = []
    for i, j, size in (seeds[k] for k in sorted(in_order(seeds))):
        if runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == j:
            runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + size)  # adjacent on both sides: one run
        else:
            runs.append((i, j, size))
    return runs


def anchor_runs(x: str, y: str, gram: int) -> list[tuple[int, int, int]]:
    """Equal runs ``(i, j, size)``, in order on both sides, seeded by unique ``gram``-grams.

    A gram that occurs once in ``x`` and once in ``y`` anchors (as in
    patience diff); consecutive anchors on one diagonal form a run, and the
    heaviest chain of runs increasing on both sides is kept, minus any run
    that overlaps the one before it.
    """
    grams_x = [x[k:k + gram] for k in range(len(x) - gram + 1)]
    grams_y = [y[k:k + gram] for k in range(len(y) - gram + 1)]
    once = _once(grams_x) & _once(grams_y)
    where = {g: i for i, g in enumerate(grams_x) if g in once}
    seeds: list[tuple[int, int, int]] = []
    for j, g in enumerate(grams_y):
        i = where.get(g)
        if i is None:
            continue
        if seeds and seeds[-1][0] + seeds[-1][2] - gram + 1 == i and seeds[-1][1] + seeds[-1][2] - gram + 1 == j:
            seeds[-1] = (seeds[-1][0], seeds[-1][1], seeds[-1][2] + 1)
        else:
            seeds.append((i, j, gram))
    runs: list[tuple[int, int, int]] = []
    for k in sorted(in_order(seeds)):
        i, j, size = seeds[k]
        if runs and (i < runs[-1][0] + runs[-1][2] or j < runs[-1][1] + runs[-1][2]):
            continue  # overlaps the run before it
        runs.append((i, j, size))
    return runs


def _once(items: list[str]) -> set[str]:
    return {item for item, n in Counter(items).items() if n == 1}


def _bounded(x: str, y: str) -> list[tuple[int, str]]:
    """A long stretch without anchors: Myers with a bounded search, as ``(op, text)`` pieces."""
    out: list[tuple[int, str]] = []
    i0 = j0 = 0
    for i, j in matches(x, y, max_cost=BOUNDED_COST) + [(len(x), len(y))]:
        if i > i0:
            out.append((-1, x[i0:i]))
        if j > j0:
            out.append((1, y[j0:j]))
        if i < len(x):
            out.append((0, x[i]))
        i0, j0 = i + 1, j + 1
    return out
