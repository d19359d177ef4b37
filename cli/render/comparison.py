"""Render a :class:`~redline.core.Comparison` as readable text or a unified diff."""

from __future__ import annotations

from redline.core import Comparison, Pair
from redline.core.ops import DELETE, EQUAL, INSERT, RESPELL, Op, markup

from .style import Painter
from .words import plural

OP_STYLES = {DELETE: {"fg": "red"}, INSERT: {"fg": "green"}, RESPELL: {"fg": "yellow"}}
MARKS = {"same": "=", "trimmed": "✂", "edited": "✎", "added": "+", "omitted": "-",
         "modified": "~", "removed": "-", "split": "<", "merged": ">"}


def inline_text(pair: Pair, paint: Painter) -> str:
    """The pair's text with deletions and insertions marked, readable without colour."""
    if pair.kind == "same":
        return pair.b_text
    return ops_text(pair.ops, paint)


def ops_text(ops: list[Op], paint: Painter) -> str:
    """Side ``b`` of ``ops`` with deletions, insertions and respellings marked."""
    out = []
    moved_space = ""  # a cut's trailing space, shown after its markup (see below)
    for k, op in enumerate(ops):
        if op.kind == EQUAL or (op.kind == RESPELL and op.a.strip() == op.b.strip()):
            # Equal, or only spacing differs: nothing to show, but keep the space before a cut.
            cut = ops[k + 1] if k + 1 < len(ops) and ops[k + 1].kind == DELETE else None
            space = op.b[len(op.a):] if op.b.startswith(op.a) else ""
            if cut is not None and space and not space.strip() and cut.text.endswith(space):
                # "up" → "up " before a cut of ", we ": "up[-, we-] will" reads right on both sides.
                out.append(op.a)
                moved_space = space
            else:
                out.append(max(op.a, op.b, key=len) if cut is not None else op.b)
        else:
            shown = f"{op.a}→{op.b}" if op.kind == RESPELL else op.text
            if moved_space:  # set only before a cut, whose text ends with it
                shown = shown[:-len(moved_space)]
            out.append(paint(markup(op.kind, shown), **OP_STYLES[op.kind]) + moved_space)
            moved_space = ""
    return "".join(out)


def comparison_text(result: Comparison, paint: Painter, show_all: bool = False) -> str:
    """A report grouped by speaker turn, then a short summary."""
    out = [paint(f"{result.a.name} → {result.b.name}", bold=True)]
    speaker: object = object()
    hidden = 0
    omitted_run: list[Pair] = []
    for pair in result.pairs:
        if not show_all and pair.unchanged and result.mode == "versions":
            hidden += 1
            continue
        if pair.kind == "omitted" and not show_all:
            omitted_run.append(pair)
            continue
        if pair.speaker != speaker:
            speaker = pair.speaker
            out += ["", paint(f"{speaker or '(no speaker)'}:", fg="cyan", bold=True)]
        out.append(_pair_line(pair, paint))
    if omitted_run:
        out += ["", _omitted_runs(omitted_run, paint)]
    if hidden:
        out += ["", paint(f"({plural(hidden, 'unchanged sentence')} not shown; --all shows them)", dim=True)]
    out += ["", summary_text(result, paint)]
    return "\n".join(out)


def _flag_note(pair: Pair, flag: str) -> str:
    """A flag as the report names it; a turn's change of speaker says whose words they were."""
    if flag == "speaker" and pair.a_speaker and pair.speaker and pair.a_speaker != pair.speaker:
        return f"speaker: {pair.a_speaker} → {pair.speaker}"
    return flag


def _pair_line(pair: Pair, paint: Painter) -> str:
    where = _where(pair)
    notes = list(pair.trim) + [paint(_flag_note(pair, f), fg="magenta", bold=True) for f in pair.flags]
    if pair.moved:
        notes.insert(0, paint("moved", fg="blue", bold=True))
    tail = f"  ({where}{'; ' + ', '.join(notes) if notes else ''})"
    head = f"  {MARKS.get(pair.kind, '?')} {pair.kind:<8} "
    return head + inline_text(pair, paint) + paint(tail, dim=not notes)


def _where(pair: Pair) -> str:
    def span(idx: list[int]) -> str:
        if not idx:
            return "-"
        return f"#{idx[0] + 1}" if len(idx) == 1 else f"#{idx[0] + 1}-{idx[-1] + 1}"

    return f"{span(pair.a)} → {span(pair.b)}"


def _omitted_runs(pairs: list[Pair], paint: Painter) -> str:
    """Omitted full-text sentences collapsed into runs of consecutive indices."""
    runs: list[list[Pair]] = []
    for pair in pairs:
        if runs and pair.a[0] == runs[-1][-1].a[0] + 1:
            runs[-1].append(pair)
        else:
            runs.append([pair])
    lines = [paint(f"omitted from the full text: {plural(len(pairs), 'sentence')} in {plural(len(runs), 'run')}",
                   bold=True)]
    for run in runs:
        first, last = run[0].a[0] + 1, run[-1].a[0] + 1
        label = f"#{first}" if first == last else f"#{first}-{last}"
        preview = run[0].a_text if len(run[0].a_text) <= 40 else run[0].a_text[:39] + "…"
        count = plural(len(run), "sentence")
        lines.append(paint(f"  - {label:<9} {count:<13} {run[0].speaker or '(no speaker)'}: {preview}", dim=True))
    return "\n".join(lines)


def summary_text(result: Comparison, paint: Painter) -> str:
    """One or two lines of counts, flags, coverage and header changes."""
    summary = result.summary
    kinds = ", ".join(f"{n} {kind}" for kind, n in summary.counts.items() if kind != "moved")
    lines = [paint("summary: ", bold=True) + f"{kinds}; {summary.counts['moved']} moved"]
    if summary.flags:
        lines.append("flags: " + ", ".join(f"{flag} {n}" for flag, n in summary.flags.items()))
    if summary.coverage:
        share = summary.coverage.overall
        lines.append(
            f"coverage: {share.sentences.used}/{share.sentences.total} full-text sentences, "
            f"{share.char_share:.1%} of characters"
        )
    for key, change in (summary.header or {}).items():
        lines.append(f"header {key}: {_field(change.a)} → {_field(change.b)}")
    return "\n".join(lines)


def _field(value: str | None) -> str:
    """A header field's value quoted, or ``(none)`` for a field one version lacks."""
    return "(none)" if value is None else repr(value)


def comparison_unified(result: Comparison, context: int = 3) -> str:
    """A git-style unified diff, one sentence per line, per section.

    The pairs kept in order are the common thread; everything else (moved,
    removed, omitted, added) shows as removal at its old place and addition
    at its new one.
    """
    out = []
    sections = dict.fromkeys(p.section for p in result.pairs)
    for section in sections:
        pairs = [p for p in result.pairs if p.section == section or (result.mode == "excerpt")]
        lines = _script(pairs)
        if not any(tag != " " for tag, *_ in lines):
            continue
        label = f" [{section}]" if result.mode == "versions" and len(sections) > 1 else ""
        out += [f"--- a/{result.a.name.lstrip('/')}{label}", f"+++ b/{result.b.name.lstrip('/')}{label}"]  # as git
        out += _hunks(lines, context)
        if result.mode == "excerpt":
            break
    return "\n".join(out)


def _script(pairs: list[Pair]) -> list[tuple[str, str, int, int]]:
    """Lines ``(tag, text, a_line, b_line)`` with both line numbers increasing."""
    chain = sorted((p for p in pairs if p.a and p.b and not p.moved), key=lambda p: p.b[0])
    a_text = {i: t for p in pairs for i, t in zip(p.a, p.a_parts)}
    b_text = {j: t for p in pairs for j, t in zip(p.b, p.b_parts)}
    in_chain_a = {i for p in chain for i in p.a}
    in_chain_b = {j for p in chain for j in p.b}
    lines: list[tuple[str, str, int, int]] = []
    ai = bi = 0
    a_end, b_end = max(a_text, default=-1) + 1, max(b_text, default=-1) + 1

    def flush(a_stop: int, b_stop: int) -> None:
        nonlocal ai, bi
        for i in range(ai, a_stop):
            if i not in in_chain_a and i in a_text:
                lines.append(("-", a_text[i], i, bi))
        for j in range(bi, b_stop):
            if j not in in_chain_b and j in b_text:
                lines.append(("+", b_text[j], a_stop, j))
        ai, bi = max(ai, a_stop), max(bi, b_stop)

    for pair in chain:
        flush(pair.a[0], pair.b[0])
        if pair.kind == "same":
            lines += [(" ", b_text[j], i, j) for i, j in zip(pair.a, pair.b)]
        else:
            lines += [("-", a_text[i], i, pair.b[0]) for i in pair.a]
            lines += [("+", b_text[j], pair.a[-1] + 1, j) for j in pair.b]
        ai, bi = pair.a[-1] + 1, pair.b[-1] + 1
    flush(a_end, b_end)
    return lines


def _hunks(lines: list[tuple[str, str, int, int]], context: int) -> list[str]:
    changed = [k for k, line in enumerate(lines) if line[0] != " "]
    out: list[str] = []
    k = 0
    while k < len(changed):
        start = max(0, changed[k] - context)
        end = changed[k] + context + 1
        while k + 1 < len(changed) and changed[k + 1] - context <= end:
            k += 1
            end = changed[k] + context + 1
        end = min(end, len(lines))
        chunk = lines[start:end]
        a_lines = [line for line in chunk if line[0] != "+"]
        b_lines = [line for line in chunk if line[0] != "-"]
        a_start = (a_lines[0][2] + 1) if a_lines else chunk[0][2]
        b_start = (b_lines[0][3] + 1) if b_lines else chunk[0][3]
        out.append(f"@@ -{a_start},{len(a_lines)} +{b_start},{len(b_lines)} @@")
        out += [f"{tag}{text}" for tag, text, *_ in chunk]
        k += 1
    return out
