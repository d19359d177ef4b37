"""Two-column text report: source on the left, derived text on the right.

Columns are measured in terminal cells, wide (Chinese) characters counting
two, so the columns line up in a terminal.
"""

from __future__ import annotations

from redline.core import Comparison, Pair

from redline.core.ops import DELETE, EQUAL, INSERT, RESPELL, markup

from .comparison import MARKS, OP_STYLES, summary_text
from .style import Painter, char_width
from .words import plural

Piece = tuple[str, dict]


def side_by_side(result: Comparison, paint: Painter, width: int, show_all: bool = False) -> str:
    """The report as two columns of ``(width - 3) // 2`` cells each."""
    column = max(20, (width - 3) // 2)
    out = [paint(_fit(result.a.name, column) + " │ " + _fit(result.b.name, column), bold=True)]
    hidden = 0
    for pair in result.pairs:
        if not show_all and (pair.unchanged or pair.kind == "omitted" and not pair.moved):
            hidden += 1
            continue
        label = f"{MARKS.get(pair.kind, '?')} {pair.kind}{' moved' if pair.moved else ''}"
        notes = ", ".join(pair.trim + pair.flags)
        out.append(paint(f"{label}  {pair.speaker or ''}  {notes}".rstrip(), dim=True))
        left = _wrap(_pieces(pair, "a"), column, paint)
        right = _wrap(_pieces(pair, "b"), column, paint)
        for k in range(max(len(left), len(right))):
            out.append(_cell(left, k, column) + " │ " + _cell(right, k, column).rstrip())
    if hidden:
        what = "unchanged" if result.mode == "versions" else "same or omitted"
        out.append(paint(f"({plural(hidden, what + ' sentence')} not shown; --all shows them)", dim=True))
    out += ["", summary_text(result, paint)]
    return "\n".join(out)


def _pieces(pair: Pair, side: str) -> list[Piece]:
    """Styled pieces of one side of a pair."""
    if pair.kind == "same":
        return [(pair.a_text if side == "a" else pair.b_text, {})]
    pieces: list[Piece] = []
    for op in pair.ops:
        if op.kind == EQUAL:
            pieces.append((op.a, {}))
        elif op.kind == RESPELL:
            pieces.append((op.a if side == "a" else op.b, {"fg": "yellow"}))
        elif op.kind == DELETE and side == "a":
            pieces.append((markup(op.kind, op.a), OP_STYLES[op.kind]))
        elif op.kind == INSERT and side == "b":
            pieces.append((markup(op.kind, op.b), OP_STYLES[op.kind]))
    return pieces


def _wrap(pieces: list[Piece], column: int, paint: Painter) -> list[tuple[str, int]]:
    """Lines of ``(styled text, cells used)`` no wider than ``column`` cells."""
    lines: list[tuple[str, int]] = []
    current, used = [], 0
    for text, style in pieces:
        run = ""
        for ch in text.replace("\n", " "):
            cells = char_width(ch)
            if used + cells > column:
                current.append(paint(run, **style) if style and run else run)
                lines.append(("".join(current), used))
                current, used, run = [], 0, ""
            run += ch
            used += cells
        if run:
            current.append(paint(run, **style) if style else run)
    if current or not lines:
        lines.append(("".join(current), used))
    return lines


def _cell(lines: list[tuple[str, int]], k: int, column: int) -> str:
    if k >= len(lines):
        return " " * column
    text, used = lines[k]
    return text + " " * (column - used)


def _fit(text: str, column: int) -> str:
    out, used = "", 0
    for ch in text:
        if used + char_width(ch) > column - 1:
            return out + "…" + " " * (column - used - 1)
        out += ch
        used += char_width(ch)
    return out + " " * (column - used)
