"""The public alignment API: ``align`` and ``compare`` (excerpt mode), ``diff`` (versions).

One engine, two modes. Excerpt mode traces every excerpt sentence to its
source in the full text and accounts for every full-text sentence it left
out; versions mode pairs every sentence of an old and a new release. Both
mark moved pairs, word-level ops and meaning flags.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict
from itertools import accumulate

from .document import Document, Section, Sentence
from .errors import NoSection
from .excerpt import trace
from .flags import is_trim, only_notes, pair_flags, trim_sides
from .inline import inline_ops
from .tokens import precut
from .moves import in_order
from .normalize import normalize_all
from .result import EXCERPT_KINDS, VERSION_KINDS, Comparison, Pair, Side
from .versions import match
from .similarity import similarity

HEADER_FIELDS = ("title", "title_en", "speaker", "role", "place", "date")


def align(full: Document, excerpt: Document, a_name: str = "full", b_name: str = "excerpt",
          strict: bool = False) -> Comparison:
    """Trace ``excerpt`` (its excerpt section, else its text) to ``full``."""
    source = full.section("full") or full.sections[-1]
    derived = excerpt.section("excerpt") or excerpt.section("full") or excerpt.sections[0]
    return _excerpt_comparison(source, derived, _side(full, a_name, source), _side(excerpt, b_name, derived), strict)


def compare(doc: Document, name: str = "document", strict: bool = False) -> Comparison:
    """Trace a document's own excerpt section to its full section."""
    source, derived = doc.section("full"), doc.section("excerpt")
    if derived is None or source is None:
        missing = "excerpt section" if derived is None else "full-text section"
        raise NoSection(f"{name}: has no {missing} (markers such as [节选部分] and [完整内容], or [Excerpt] and [Full text])")
    return _excerpt_comparison(source, derived, _side(doc, f"{name} [{source.role}]", source),
                               _side(doc, f"{name} [{derived.role}]", derived), strict)


def diff(old: Document, new: Document, a_name: str = "old", b_name: str = "new", strict: bool = False,
         words: bool = True) -> Comparison:
    """Sentence-level diff of two versions, section by section.

    ``words=False`` leaves out word-level ops and flags, so jieba is never
    loaded: pairs and counts only, for summaries such as ``log``.
    """
    pairs: list[Pair] = []
    roles = [s.role for s in new.sections] + [s.role for s in old.sections if not new.section(s.role)]
    for role in dict.fromkeys(roles):
        pairs.extend(_version_pairs(old.section(role), new.section(role), role, strict, words))
    summary = _summary(pairs, VERSION_KINDS)
    summary["header"] = _header_changes(old, new)
    return Comparison("versions", _side(old, a_name), _side(new, b_name), pairs, summary)


def _header_changes(old: Document, new: Document) -> dict:
    """Changed header fields; an English title repeating the title is not news twice."""
    changes = {}
    for key in HEADER_FIELDS:
        a, b = getattr(old.metadata, key), getattr(new.metadata, key)
        if a == b or (key == "title_en" and (a, b) == (old.metadata.title, new.metadata.title)):
            continue
        changes[key] = {"a": a, "b": b}
    return changes


def _side(doc: Document, name: str, section: Section | None = None) -> Side:
    count = len(section.sentences) if section else len(doc.sentences)
    return Side(name, count, asdict(doc.metadata))


def _keys(sentences: list[Sentence], strict: bool) -> list[str]:
    """Comparison keys: exact texts with --strict, else normalised."""
    texts = [s.text for s in sentences]
    return texts if strict else normalize_all(texts)


def _excerpt_comparison(source: Section, derived: Section, a: Side, b: Side, strict: bool) -> Comparison:
    A, B = source.sentences, derived.sentences
    a_keys, b_keys = _keys(A, strict), _keys(B, strict)
    chosen = trace(a_keys, b_keys, [s.speaker for s in A], [s.speaker for s in B])
    pairs = [_pair(A, chosen.get(j, []), B, [j], "excerpt", a_keys, b_keys) for j in range(len(B))]
    _mark_moves(pairs)
    # Word-level work last: a prefetched jieba has had time to load.
    precut([t for p in pairs if p.kind == "changed" for t in (p.a_text, p.b_text)])
    for pair in pairs:
        if pair.kind == "only-b":
            pair.kind = "added"
            pair.flags = ["editorial"] if only_notes(pair.b_text) else []  # （笑声） as a sentence
            continue
        if pair.kind == "changed":
            pair.ops = inline_ops(pair.a_text, pair.b_text)
            pair.kind = "trimmed" if is_trim(pair.ops) else "edited"
            if pair.kind == "trimmed":
                pair.trim = trim_sides(pair.ops)
        pair.flags = pair_flags(pair.ops, pair.a_text, pair.b_text, pair.a_speaker, pair.speaker, True)
    used = _kept_chars(A, pairs)
    for i in range(len(A)):
        if i not in used:
            omitted = _pair(A, [i], B, [], "full", a_keys, b_keys)
            omitted.kind = "omitted"
            pairs.append(omitted)
    summary = _summary(pairs, EXCERPT_KINDS)
    summary["coverage"] = _coverage(A, used)
    return Comparison("excerpt", a, b, pairs, summary)


def _version_pairs(old: Section | None, new: Section | None, role: str, strict: bool, words: bool) -> list[Pair]:
    A = old.sentences if old else []
    B = new.sentences if new else []
    groups, a_keys, b_keys = match([s.text for s in A], [s.text for s in B], None if strict else normalize_all)
    pairs = [_pair(A, ia, B, ib, role, a_keys, b_keys) for ia, ib in groups]
    for pair in pairs:
        if pair.kind == "changed":
            pair.kind = "modified" if len(pair.a) == len(pair.b) == 1 else ("split" if len(pair.a) == 1 else "merged")
        elif pair.kind == "only-a":
            pair.kind = "removed"
        elif pair.kind == "only-b":
            pair.kind = "added"
    _mark_moves(pairs)
    if words:
        precut([t for p in pairs if p.kind in ("modified", "split", "merged") for t in (p.a_text, p.b_text)])
        for pair in pairs:
            _add_words(pair)
    return _new_order(pairs)


def _add_words(pair: Pair) -> None:
    """Word-level ops and meaning flags of a versions-mode pair."""
    if pair.kind in ("modified", "split", "merged"):
        pair.ops = inline_ops(pair.a_text, pair.b_text)
    if pair.a and pair.b and (pair.kind != "same" or pair.a_speaker != pair.speaker):
        pair.flags = pair_flags(pair.ops, pair.a_text, pair.b_text, pair.a_speaker, pair.speaker, False)
    elif only_notes(pair.a_text or pair.b_text):
        pair.flags = ["editorial"]  # a note added or dropped as a sentence of its own


def _pair(A: list[Sentence], ia: list[int], B: list[Sentence], ib: list[int], section: str,
          a_keys: list[str], b_keys: list[str]) -> Pair:
    """A pair with texts and similarity; ``kind`` is provisional and word-level ops come later."""
    if len(ia) == 1 and len(ib) == 1 and a_keys[ia[0]] == b_keys[ib[0]]:
        a, b = A[ia[0]], B[ib[0]]
        return Pair("same", section, ia, ib, a.text, b.text, b.speaker, 1.0,
                    a_speaker=a.speaker, a_parts=[a.text], b_parts=[b.text])
    ia, ib = sorted(ia), sorted(ib)
    a_parts = [A[i].text for i in ia]
    b_parts = [B[j].text for j in ib]
    a_text, b_text = " ".join(a_parts), " ".join(b_parts)
    a_key = "".join(a_keys[i] for i in ia)
    b_key = "".join(b_keys[j] for j in ib)
    a_speaker = A[ia[0]].speaker if ia else None
    speaker = B[ib[0]].speaker if ib else a_speaker
    if not ia or not ib:
        kind, score, ops = ("only-b" if ib else "only-a"), 0.0, [["+", b_text]] if ib else [["-", a_text]]
    elif a_key == b_key:
        kind, score, ops = "same", 1.0, []
    else:
        kind, score, ops = "changed", similarity(a_key, b_key), []
    return Pair(kind, section, ia, ib, a_text, b_text, speaker, score, ops=ops,
                a_speaker=a_speaker, a_parts=a_parts, b_parts=b_parts)


def _mark_moves(pairs: list[Pair]) -> None:
    """Flag pairs outside the heaviest in-order chain, per section."""
    by_section: dict[str, list[Pair]] = {}
    for pair in pairs:
        if pair.a and pair.b:
            by_section.setdefault(pair.section, []).append(pair)
    for group in by_section.values():
        points = [(p.a[0], p.b[0], len(p.a_text) + len(p.b_text)) for p in group]
        kept = in_order(points)
        for k, pair in enumerate(group):
            pair.moved = k not in kept


def _new_order(pairs: list[Pair]) -> list[Pair]:
    """Follow the new version; a removed pair stands after its old predecessor."""
    placed = sorted((p for p in pairs if p.b), key=lambda p: p.b[0])
    anchor_at = {}
    for p in placed:
        if not p.moved:
            for i in p.a:
                anchor_at[i] = p.b[0]
    removed = sorted((p for p in pairs if not p.b), key=lambda p: p.a[0])
    keyed = [((p.b[0], 0, 0), p) for p in placed]
    anchors = sorted(anchor_at.items())
    positions = [i for i, _ in anchors]
    latest = list(accumulate((b for _, b in anchors), max))
    for p in removed:
        k = bisect_left(positions, p.a[0])
        keyed.append(((latest[k - 1] if k else -1, 1, p.a[0]), p))
    return [p for _, p in sorted(keyed, key=lambda item: item[0])]


def _summary(pairs: list[Pair], kinds: tuple[str, ...]) -> dict:
    counts = {kind: sum(p.kind == kind for p in pairs) for kind in kinds}
    counts["moved"] = sum(p.moved for p in pairs)
    flags: dict[str, int] = {}
    for pair in pairs:
        for flag in pair.flags:
            flags[flag] = flags.get(flag, 0) + 1
    return {"counts": counts, "flags": flags}


def _kept_chars(A: list[Sentence], pairs: list[Pair]) -> dict[int, int]:
    """Characters of each used full-text sentence that the excerpt kept."""
    kept: dict[int, int] = {}
    for pair in pairs:
        if not pair.a:
            continue
        if pair.kind == "same":
            budget = sum(len(A[i].text) for i in pair.a)
        else:
            budget = sum(len(op[1]) for op in pair.ops if op[0] in "=~")
        for i in pair.a:
            take = min(budget, len(A[i].text))
            kept[i] = max(kept.get(i, 0), take)
            budget -= take
    return kept


def _coverage(A: list[Sentence], used: dict[int, int]) -> dict:
    """Share of the full text the excerpt used, overall and per speaker.

    Sentences count when any of their words were used; characters count
    only the words actually kept.
    """
    def tally(sentences: list[tuple[int, Sentence]]) -> dict:
        total_chars = sum(len(s.text) for _, s in sentences)
        used_chars = sum(used.get(i, 0) for i, _ in sentences)
        return {
            "sentences": {"used": sum(i in used for i, _ in sentences), "total": len(sentences)},
            "chars": {"used": used_chars, "total": total_chars,
                      "share": round(used_chars / total_chars, 4) if total_chars else 0.0},
        }

    indexed = list(enumerate(A))
    speakers = sorted({s.speaker or "" for s in A})
    result = tally(indexed)
    result["speakers"] = {sp: tally([(i, s) for i, s in indexed if (s.speaker or "") == sp]) for sp in speakers}
    return result
