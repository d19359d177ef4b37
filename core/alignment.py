"""The public alignment API: ``align`` and ``compare`` (excerpt mode), ``diff`` (versions).

One engine, two modes. Excerpt mode traces every excerpt sentence to its
source in the full text and accounts for every full-text sentence it left
out; versions mode pairs every sentence of an old and a new release. Both
mark moved pairs, word-level ops and meaning flags.

Each sentence is normalised once (its comparison key); the keys travel with
the groups of sentences, so later steps never normalise a sentence again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import accumulate

from .document import Document, Section, Sentence
from .errors import NoSection
from .excerpt import trace
from .gcpause import gc_paused
from .inline import inline_ops, worded
from .meaning import pair_flags
from .moves import in_order
from .normalization import normalize_all
from .notes import only_notes
from .ops import EQUAL, RESPELL, Op
from .result import (
    EXCERPT_KINDS, VERSION_KINDS, Comparison, Coverage, HeaderChange, Kind, Pair, Share, Side, Summary, Tally,
)
from .revisions import match
from .similarity import similarity
from .tokens import precut
from .trims import is_trim, trim_sides

HEADER_FIELDS = ("title", "title_en", "speaker", "role", "place", "date")


@gc_paused
def align(full: Document, excerpt: Document, a_name: str = "full", b_name: str = "excerpt",
          strict: bool = False, words: bool = True) -> Comparison:
    """Trace ``excerpt`` (its excerpt section, else its text) to ``full``.

    ``words=False`` leaves out word-level ops and flags, so jieba is never
    loaded: which sentences are same, added or omitted, and where each came
    from, for a report of whole sentences. A reworded sentence is then
    ``edited`` (telling a trim from an edit takes its word-level ops), and
    the coverage counts no characters for it.
    """
    source = full.section("full") or full.sections[-1]
    derived = excerpt.section("excerpt") or excerpt.section("full") or excerpt.sections[0]
    return _excerpt_comparison(source, derived, _side(full, a_name, source), _side(excerpt, b_name, derived), strict,
                               words)


@gc_paused
def compare(doc: Document, name: str = "document", strict: bool = False, words: bool = True) -> Comparison:
    """Trace a document's own excerpt section to its full section (``words`` as for :func:`align`)."""
    source, derived = doc.section("full"), doc.section("excerpt")
    if derived is None or source is None:
        missing = "excerpt section" if derived is None else "full-text section"
        raise NoSection(f"{name}: has no {missing} (markers such as [节选部分] and [完整内容], or [Excerpt] and [Full text])")
    return _excerpt_comparison(source, derived, _side(doc, f"{name} [{source.role}]", source),
                               _side(doc, f"{name} [{derived.role}]", derived), strict, words)


@gc_paused
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
    summary.header = _header_changes(old, new)
    return Comparison("versions", _side(old, a_name), _side(new, b_name), pairs, summary)


def _header_changes(old: Document, new: Document) -> dict[str, HeaderChange]:
    """Changed header fields; an English title repeating the title is not news twice."""
    changes = {}
    for key in HEADER_FIELDS:
        a, b = getattr(old.metadata, key), getattr(new.metadata, key)
        if a == b or (key == "title_en" and (a, b) == (old.metadata.title, new.metadata.title)):
            continue
        changes[key] = HeaderChange(a, b)
    return changes


def _side(doc: Document, name: str, section: Section | None = None) -> Side:
    count = len(section.sentences) if section else len(doc.sentences)
    return Side(name, count, asdict(doc.metadata))


def _keys(sentences: list[Sentence], strict: bool) -> list[str]:
    """Comparison keys: exact texts with --strict, else normalised."""
    texts = [s.text for s in sentences]
    return texts if strict else normalize_all(texts)


@dataclass(slots=True)
class _Group:
    """Sentences of side ``a`` matched with sentences of side ``b``, their texts and keys joined.

    ``reworded``: both sides present and different after normalisation,
    spacing aside (unless ``--strict``): word-level ops needed.
    """

    a: list[int]
    b: list[int]
    a_parts: list[str]
    b_parts: list[str]
    a_key: str
    b_key: str
    a_speaker: str | None
    speaker: str | None
    a_text: str
    b_text: str
    reworded: bool

    def pair(self, kind: Kind, section: str, ops: list[Op]) -> Pair:
        score = similarity(self.a_key, self.b_key) if self.reworded else (1.0 if self.a and self.b else 0.0)
        return Pair(kind, section, self.a, self.b, self.a_text, self.b_text, self.speaker, score, ops=ops,
                    a_speaker=self.a_speaker, a_parts=self.a_parts, b_parts=self.b_parts)


def _unspaced(key: str) -> str:
    """A key without whitespace: sentences differing only in spacing are the same (unless --strict)."""
    return "".join(key.split())


def _group(A: list[Sentence], ia: list[int], B: list[Sentence], ib: list[int],
           a_keys: list[str], b_keys: list[str], strict: bool) -> _Group:
    ia, ib = sorted(ia) if len(ia) > 1 else ia[:], sorted(ib) if len(ib) > 1 else ib[:]
    a_speaker = A[ia[0]].speaker if ia else None
    a_parts, b_parts = [A[i].text for i in ia], [B[j].text for j in ib]
    a_key, b_key = _joined(a_keys, ia), _joined(b_keys, ib)
    reworded = bool(ia and ib) and a_key != b_key and (strict or _unspaced(a_key) != _unspaced(b_key))
    return _Group(ia, ib, a_parts, b_parts, a_key, b_key, a_speaker, B[ib[0]].speaker if ib else a_speaker,
                  " ".join(a_parts), " ".join(b_parts), reworded)


def _joined(keys: list[str], idx: list[int]) -> str:
    """The keys of ``idx`` joined (most groups hold one sentence)."""
    return keys[idx[0]] if len(idx) == 1 else "".join([keys[i] for i in idx])


def _precut(groups: list[_Group]) -> None:
    """Cut the Chinese of every reworded group in one batch, before word-level ops need it."""
    precut([text for g in groups if g.reworded for text in worded(g.a_text, g.b_text)])


def _excerpt_comparison(source: Section, derived: Section, a: Side, b: Side, strict: bool,
                        words: bool) -> Comparison:
    A, B = source.sentences, derived.sentences
    a_keys, b_keys = _keys(A, strict), _keys(B, strict)
    chosen = trace(a_keys, b_keys, [s.speaker for s in A], [s.speaker for s in B])
    groups = [_group(A, chosen.get(j, []), B, [j], a_keys, b_keys, strict) for j in range(len(B))]
    if words:
        _precut(groups)
    pairs = [_excerpt_pair(g, words) for g in groups]
    _mark_moves(pairs)
    used = _kept_chars(A, pairs)
    pairs += [_omitted(A[i], i) for i in range(len(A)) if i not in used]
    summary = _summary(pairs, EXCERPT_KINDS)
    summary.coverage = _coverage(A, used)
    return Comparison("excerpt", a, b, pairs, summary)


def _omitted(sentence: Sentence, i: int) -> Pair:
    """A full-text sentence the excerpt left out (thousands of them against a long text: built directly)."""
    return Pair(Kind.OMITTED, "full", [i], [], sentence.text, "", sentence.speaker, 0.0, ops=[Op.delete(sentence.text)],
                a_speaker=sentence.speaker, a_parts=[sentence.text], b_parts=[])


def _excerpt_pair(group: _Group, words: bool) -> Pair:
    """Added (no source), same, or trimmed/edited by its word-level ops; with its flags (``words``)."""
    if not group.a:
        pair = group.pair(Kind.ADDED, "excerpt", [Op.insert(group.b_text)])
        pair.flags = ["editorial"] if words and only_notes(pair.b_text) else []  # （笑声） as a sentence
        return pair
    if not group.reworded:
        pair = group.pair(Kind.SAME, "excerpt", [])
    elif not words:
        pair = group.pair(Kind.EDITED, "excerpt", [])
    else:
        ops = inline_ops(group.a_text, group.b_text)
        trimmed = is_trim(ops)
        pair = group.pair(Kind.TRIMMED if trimmed else Kind.EDITED, "excerpt", ops)
        if trimmed:
            pair.trim = trim_sides(ops)
    if words:
        pair.flags = pair_flags(pair.ops, group.a_key, group.b_key, pair.a_speaker, pair.speaker, True)
    return pair


def _version_kind(group: _Group) -> Kind:
    if not group.a:
        return Kind.ADDED
    if not group.b:
        return Kind.REMOVED
    if not group.reworded:
        return Kind.SAME
    if len(group.a) == len(group.b) == 1:
        return Kind.MODIFIED
    return Kind.SPLIT if len(group.a) == 1 else Kind.MERGED


def _version_pairs(old: Section | None, new: Section | None, role: str, strict: bool, words: bool) -> list[Pair]:
    A = old.sentences if old else []
    B = new.sentences if new else []
    matched, a_keys, b_keys = match([s.text for s in A], [s.text for s in B], None if strict else normalize_all)
    groups = {k: _group(A, ia, B, ib, a_keys, b_keys, strict) for k, (ia, ib) in enumerate(matched)
              if not (len(ia) == len(ib) == 1 and a_keys[ia[0]] == b_keys[ib[0]])}
    if words:
        _precut(list(groups.values()))
    pairs = [_version_pair(groups[k], role, words) if k in groups
             else _unchanged(A[ia[0]], ia[0], B[ib[0]], ib[0], a_keys[ia[0]], role, words)
             for k, (ia, ib) in enumerate(matched)]
    _mark_moves(pairs)
    return _new_order(pairs)


def _unchanged(old: Sentence, i: int, new: Sentence, j: int, key: str, role: str, words: bool) -> Pair:
    """One sentence the same in both versions (its comparison ``key``): most of a long transcript, so built
    directly; a change of speaker is flagged."""
    pair = Pair(Kind.SAME, role, [i], [j], old.text, new.text, new.speaker, 1.0, ops=[], a_speaker=old.speaker,
                a_parts=[old.text], b_parts=[new.text])
    if words and old.speaker != new.speaker:
        pair.flags = pair_flags([], key, key, old.speaker, new.speaker, False)
    return pair


def _version_pair(group: _Group, role: str, words: bool) -> Pair:
    """The pair of a group; with ``words``, its word-level ops and meaning flags."""
    kind = _version_kind(group)
    if kind == Kind.ADDED:
        ops = [Op.insert(group.b_text)]
    elif kind == Kind.REMOVED:
        ops = [Op.delete(group.a_text)]
    else:
        ops = inline_ops(group.a_text, group.b_text) if words and group.reworded else []
    pair = group.pair(kind, role, ops)
    if not words:
        return pair
    if pair.a and pair.b and (kind != Kind.SAME or pair.a_speaker != pair.speaker):
        pair.flags = pair_flags(ops, group.a_key, group.b_key, pair.a_speaker, pair.speaker, False)
    elif kind in (Kind.ADDED, Kind.REMOVED) and only_notes(pair.a_text or pair.b_text):
        pair.flags = ["editorial"]  # a note added or dropped as a sentence of its own
    return pair


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


def _summary(pairs: list[Pair], kinds: tuple[Kind, ...]) -> Summary:
    counts: dict[str, int] = {kind.value: sum(p.kind == kind for p in pairs) for kind in kinds}
    counts["moved"] = sum(p.moved for p in pairs)
    flags: dict[str, int] = {}
    for pair in pairs:
        for flag in pair.flags:
            flags[flag] = flags.get(flag, 0) + 1
    return Summary(counts, flags)


def _kept_chars(A: list[Sentence], pairs: list[Pair]) -> dict[int, int]:
    """Characters of each used full-text sentence that the excerpt kept."""
    kept: dict[int, int] = {}
    for pair in pairs:
        if not pair.a:
            continue
        if pair.kind == Kind.SAME:
            budget = sum(len(A[i].text) for i in pair.a)
        else:
            budget = sum(len(op.a) for op in pair.ops if op.kind in (EQUAL, RESPELL))
        for i in pair.a:
            take = min(budget, len(A[i].text))
            kept[i] = max(kept.get(i, 0), take)
            budget -= take
    return kept


def _coverage(A: list[Sentence], used: dict[int, int]) -> Coverage:
    """Share of the full text the excerpt used, overall and per speaker.

    Sentences count when any of their words were used; characters count
    only the words actually kept.
    """
    def share(indices: Sequence[int]) -> Share:
        return Share(Tally(sum(i in used for i in indices), len(indices)),
                     Tally(sum(used.get(i, 0) for i in indices), sum(len(A[i].text) for i in indices)))

    by_speaker: dict[str, list[int]] = {}
    for i, sentence in enumerate(A):
        by_speaker.setdefault(sentence.speaker or "", []).append(i)
    return Coverage(share(range(len(A))), {speaker: share(by_speaker[speaker]) for speaker in sorted(by_speaker)})
