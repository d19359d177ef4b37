"""``search``: sentences containing a text (or matching a pattern) in the archive's derived files.

Matching runs on :func:`redline.core.normalize` forms, so ``,`` finds ``，``
and quote styles or spacing never hide a match. Sentences come from the
derived sentence files, so no statement is parsed again at search time;
but a file that holds a match is first confirmed to be what this engine
derives from its version's bytes (once: the index remembers it), since a
clone's files can be edited by hand. One that is not is searched as its
bytes read instead, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from redline.core import normalize
from redline.core.clip import first_of
from redline.core.errors import RedlineError
from redline.core.ignore import MAX_PATTERN_CHARS, compile_regex
from redline.core.script import HAN

from . import derived, layout, records
from .errors import UnknownStatement
from .index import STATEMENTS, TEXT, Index, confirmation
from .records import BadRecord
from .statement import read as read_statement
from .store import Store


@dataclass(frozen=True)
class Match:
    """A sentence of a statement's latest version (``search`` without ``--history``)."""

    id: str
    version: int
    key: str
    text: str
    speaker: str | None
    section: str


@dataclass(frozen=True)
class Trace:
    """A matching sentence across a statement's history: where it appeared, where it disappeared."""

    id: str
    text: str
    speaker: str | None
    versions: list[int]
    removed_in: int | None


# Runs of the query that survive normalisation unchanged, each with the characters NFKC could turn
# into such a run: radicals, compatibility and enclosed forms for ideographs; for ASCII letters and
# digits, anything but ASCII, ideographs and the punctuation Chinese text is made of.
_RUN_KINDS = (
    (re.compile(f"[{HAN}]+"), True,
     re.compile("[\u2e80-\u2fdf\u3200-\u33ff\uf900-\ufaff\U0001f200-\U0001f2ff\U0002f800-\U0002fa1f]")),
    (re.compile("[A-Za-z0-9]+"), False,
     re.compile(f"[^\x00-\x7f\u00a0\u00b7\u2010-\u2027\u3000-\u303f{HAN}"
                "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")),
)


def could_match(query: str, regex: bool, ignore_case: bool = False) -> Callable[[str], bool]:
    """A cheap whole-file test that never rejects a file holding a match.

    Normalising every file costs most of a search. A run of ideographs (or
    of ASCII letters and digits) in the normalised query can only appear in
    a normalised file if the file holds it (ideographs perhaps with spaces
    between, which normalising drops) or holds a character NFKC could fold
    into it; files that do neither are skipped unread. Queries with no such
    run, and patterns, fall back to normalising each file.
    """
    fold = str.lower if ignore_case else _same
    needle = "" if regex else fold(normalize(query))
    checks = [(run, re.compile(r"\s*".join(run)) if spaced else None, exotic)
              for finder, spaced, exotic in _RUN_KINDS for run in finder.findall(needle)]
    if not checks:
        return (lambda text: True) if regex else (lambda text: needle in fold(normalize(text)))

    def test(text: str) -> bool:
        text = fold(text)
        return all(run in text or (spaced and spaced.search(text)) or exotic.search(text)
                   for run, spaced, exotic in checks)

    return test


def _same(text: str) -> str:
    return text


def matcher(query: str, regex: bool, ignore_case: bool = False) -> Callable[[str], bool]:
    """A predicate over normalised text. A pattern is tried on the normalised and the exact sentence."""
    if not regex:
        needle = normalize(query)
        if not needle:
            raise RedlineError("search text is empty")
        if ignore_case:
            needle = needle.lower()
            return lambda text: needle in text.lower()
        return lambda text: needle in text
    if len(query) > MAX_PATTERN_CHARS:
        raise RedlineError(f"regular expression {query[:60]!r}… is longer than {MAX_PATTERN_CHARS} characters")
    try:
        pattern = compile_regex(query, re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise RedlineError(f"invalid regular expression {query!r}: {exc}") from None
    return lambda text: pattern.search(text) is not None


def search(store: Store, query: str, *, regex: bool = False, ident: str | None = None,
           history: bool = False, ignore_case: bool = False) -> list[Match] | list[Trace]:
    """Matches in every statement's latest version, or with ``history`` in every version.

    With the archive's index (:mod:`.index`), only the statements whose text
    holds every trigram of the query are read; without it (a pattern, a
    query under three characters, an index that cannot be used), every
    statement is.
    """
    test, prefilter = matcher(query, regex, ignore_case), could_match(query, regex, ignore_case)
    tip = store.tip()
    found = None if regex else _from_index(store, tip, normalize(query), ident)
    if found is None:
        found = _from_tree(store, tip, ident)
    picked = {i: (vs if history else vs[-1:]) for i, vs in sorted(found.items())}
    wanted = sorted({(i, v.sha256) for i, vs in picked.items() for v in vs})
    blobs = (data for _, data in store.git.cat_within([f"{tip}:{layout.sentences_path(i, d)}" for i, d in wanted],
                                                         derived.MAX_BYTES, must_exist=False))
    hits, matched = {}, {}  # only the files that match are kept, to be confirmed
    for key, blob in zip(wanted, blobs):
        hits[key] = _hits(blob, test, prefilter, regex)
        if hits[key]:
            matched[key] = blob
    for key, blob in _unconfirmed(store, tip, matched).items():
        hits[key] = _hits(blob, test, prefilter, regex)
    if history:
        return [t for i, vs in picked.items() for t in _history(i, vs, hits)]
    return [Match(i, v.number, v.key, line.text, line.speaker, line.section)
            for i, vs in picked.items() for v in vs for line in hits[(i, v.sha256)]]


def _unconfirmed(store: Store, tip: str, files: dict[tuple[str, str], bytes]) -> dict[tuple[str, str], bytes | None]:
    """Of the sentence files ``files`` (by statement and version digest), those that are not what this
    engine derives from their versions' bytes, with what it derives (None: the bytes cannot be read).

    Files confirmed before, for that statement and version, are not derived again (the index remembers
    them); without an index, every search confirms its own.
    """
    if not files:
        return {}
    index = Index.open(store)
    marks = {key: confirmation(*key, blob) for key, blob in files.items()}
    known = index.confirmed(marks.values()) if index is not None else set()
    doubtful = sorted(key for key in files if marks[key] not in known)
    if not doubtful:
        return {}
    idents = sorted({i for i, _ in doubtful})
    statements = store.files(tip, idents[0]) if len(idents) == 1 else store.files(tip)
    found = store.versions({i: statements[i] for i in idents if i in statements})
    versions = {(i, v.sha256): v for i in found
                for v in read_statement(store.git, i, statements[i], found[i], found[i]).versions}
    wrong, good = {}, []
    for key in doubtful:
        document = versions[key].document if key in versions else None  # sized, decoded as when added
        text = derived.render(document, key[1]) if document is not None else None
        if text is not None and _same_sentences(text, files[key], key[1]):
            good.append(marks[key])
        else:
            wrong[key] = text
    if index is not None and good:
        index.confirm(good)
    for searched, outcome in ((True, "its version's bytes were searched instead"),
                              (False, "skipped, as its version's bytes cannot be read")):
        paths = [layout.sentences_path(i, d) for i, d in sorted(wrong) if (wrong[(i, d)] is not None) == searched]
        if paths:
            records.warn(BadRecord(f"{first_of(paths)}: not what this engine derives from its version's bytes "
                                   "(another engine made it, or it was edited by hand)"), outcome)
    return wrong


def _same_sentences(ours: bytes, theirs: bytes, digest: str) -> bool:
    """Whether two sentence files hold the same sentences of the bytes ``digest``, whichever engine version
    heads them (a release that splits sentences as the last one did leaves the files good)."""
    head = derived.header(theirs)
    return head is not None and head[1] == digest and ours.partition(b"\n")[2] == theirs.partition(b"\n")[2]


def _from_index(store: Store, tip: str, needle: str, ident: str | None) -> dict[str, list] | None:
    """Candidate statements and their versions from the index; None when it cannot answer."""
    index = Index.open(store)
    if index is None or not (index.catch_up(STATEMENTS, tip) and index.catch_up(TEXT, tip)):
        return None
    candidates = index.candidates(needle.lower())
    if candidates is None:
        return None
    index.warn_skipped(None if ident is None else [ident])  # every statement was searched, not just these
    if ident is not None:
        if not index.rows(ids=[ident]):
            raise UnknownStatement(f"no statement {ident!r} in the archive (`redline list` shows them)")
        candidates &= {ident}
    return {row.id: list(row.versions) for row in index.rows(ids=candidates)}


def _from_tree(store: Store, tip: str, ident: str | None) -> dict[str, list]:
    """Every statement's versions (or ``ident``'s), read from the archive itself."""
    statements = store.files(tip, ident)
    if ident is not None and ident not in statements:
        raise UnknownStatement(f"no statement {ident!r} in the archive (`redline list` shows them)")
    return store.versions(statements)


def _hits(blob: bytes | None, test: Callable[[str], bool], prefilter: Callable[[str], bool],
          regex: bool) -> list[derived.Line]:
    if blob is None or not prefilter(blob.decode("utf-8", "replace")):
        return []
    return [line for line in derived.parse(blob) if test(_norm(line.text)) or (regex and test(line.text))]


def _history(ident: str, versions: list, hits: dict[tuple[str, str], list[derived.Line]]) -> list[Trace]:
    seen: dict[str, Trace] = {}
    for version in versions:
        for line in hits[(ident, version.sha256)]:
            trace = seen.setdefault(_norm(line.text), Trace(ident, line.text, line.speaker, [], None))
            if version.number not in trace.versions:
                trace.versions.append(version.number)
    last = versions[-1].number
    return [Trace(t.id, t.text, t.speaker, t.versions, None if t.versions[-1] == last else t.versions[-1] + 1)
            for t in seen.values()]


@lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    """Sentences repeat across versions: normalise each distinct one once."""
    return normalize(text)
