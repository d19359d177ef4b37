"""Trace each excerpt sentence to the full-text sentence(s) it came from.

Exact matches of normalised sentences come first; those that are unique on
both sides and in order anchor the excerpt to the full text. A repeated
sentence takes the occurrence that fits between its anchors, each copy once
while unused copies remain (:mod:`.windows`). Everything else
is looked up through shared shingles and scored by how much of the excerpt
sentence the candidate (or two or three neighbouring sentences joined)
covers, preferring candidates that keep the excerpt's order.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .anchors import longest_increasing
from .candidates import TextIndex
from .notes import without_notes
from .script import has_han
from .similarity import unit_matches, unit_overlap, units
from .windows import Windows, pick_repeated

# Share of an excerpt sentence its source must explain; below it, the sentence is "added".
MIN_COVERAGE = 0.5
# An unbroken shared run this long (in characters of words or of Chinese)
# is a verbatim quote, whatever else the sentence does.
LONG_QUOTE = {"latin": 30, "han": 15}
# An excerpt sentence may join up to this many neighbouring full-text sentences.
MAX_JOIN = 3
# Candidates scored per excerpt sentence.
CANDIDATES = 5
# Coverage decides between candidates to this step (1/50 = 2%); speaker, order and nearness break ties.
COVERAGE_STEPS = 50
# A source kept almost whole (this share) inside a longer excerpt sentence explains it...
KEPT_WHOLE = 0.9
# ...if it has at least this many characters of words to judge by.
MIN_KEPT_CHARS = 6
# Joining stops once this share of the sentence is explained, or when a join gains less than MIN_JOIN_GAIN.
EXPLAINED = 0.95
MIN_JOIN_GAIN = 0.1
# A source must also explain this share of the coverage asked of the rest of an English sentence
# (its words but the function words below), or a press release's "He will add:" is traced to "He will
# never succeed…" for its "He will" (review 5). Half: a quote with words added or a paraphrase keeps fewer.
CONTENT_SHARE = 0.5
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor so if of to in on at by for from with as into than then that this these "
    "those it its it's he she we they i you me him her us them his their our your my be is are was were "
    "been being am will would shall should can could may might must do does did have has had not no "
    "there here what which who whom whose when where why how all any each also just very too".split()
)


def trace(a_keys: list[str], b_keys: list[str], a_speakers: list[str | None] | None = None,
          b_speakers: list[str | None] | None = None, min_coverage: float = MIN_COVERAGE) -> dict[int, list[int]]:
    """Map excerpt index → full-text indices; untraceable sentences are absent.

    With speakers given, a candidate said by the same speaker wins a tie:
    a journalist quoting the spokesperson does not become the source of the
    spokesperson's words. ``min_coverage`` is the share of a sentence its
    source must explain (lower for paraphrase, which keeps fewer words).
    """
    where: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(a_keys):
        where[key].append(i)
    exact = {j: where[key] for j, key in enumerate(b_keys) if key in where}
    unique = [(found[0], j) for j, found in sorted(exact.items()) if len(found) == 1]
    anchors = dict((j, i) for i, j in longest_increasing(unique))
    chosen: dict[int, list[int]] = {j: [i] for j, i in anchors.items()}
    window = Windows(anchors, len(a_keys), a_speakers, b_speakers)
    repeated = {j: found for j, found in exact.items() if j not in chosen}
    chosen.update((j, [i]) for j, i in pick_repeated(repeated, window, a_speakers, set(anchors.values())).items())
    missing = [j for j in range(len(b_keys)) if j not in chosen]
    if missing:
        index = TextIndex(a_keys)
        index.prepare([without_notes(b_keys[j]) or b_keys[j] for j in missing])
        for j in missing:
            best = _best_source(j, b_keys[j], a_keys, index, window, min_coverage)
            if best:
                chosen[j] = best
    return chosen


def _best_source(j: int, key: str, a_keys: list[str], index: TextIndex, window: Windows,
                 min_coverage: float) -> list[int] | None:
    spoken = without_notes(key) or key
    bounds = sorted((-_steps(_coverage(spoken, *unit_overlap(a_keys[i], spoken))), i)
                    for _, i in index.query(spoken, limit=CANDIDATES))
    scored = []
    for bound, i in bounds:
        if scored and bound > min(scored)[0]:
            break  # its coverage cannot reach the best one's: not worth its diff
        scored.append((-_steps(_coverage(spoken, *_matches([i], key, a_keys)[1:])), window.cost(j, i), i))
    if not scored:
        return None
    scored.sort(key=lambda x: (x[0], x[1]))
    return _accepted(_grow([scored[0][2]], key, a_keys), key, a_keys, min_coverage)


def _accepted(span: list[int], key: str, a_keys: list[str], min_coverage: float) -> list[int] | None:
    """``span`` if it explains enough of ``key`` to be its source, else None."""
    spoken, matches, source_total, _, longest = matched = _matches(span, key, a_keys)
    if _coverage(*matched) < min_coverage:
        return None
    if longest >= LONG_QUOTE["latin"] or (source_total >= MIN_KEPT_CHARS and matches / source_total >= KEPT_WHOLE):
        return span  # a quote, or a source kept whole in reported speech, whatever else the sentence says
    return span if _says_enough(spoken, " ".join(a_keys[i] for i in span), min_coverage) else None


def _says_enough(spoken: str, source: str, min_coverage: float) -> bool:
    """Whether ``source`` explains enough of an English sentence's content words too (their letters,
    in any order); a sentence of function words only, or one with Chinese, is not judged."""
    if has_han(spoken):
        return True
    content = Counter(u for u in units(spoken) if u not in _FUNCTION_WORDS and u.isalpha())
    total = sum(len(u) * n for u, n in content.items())
    if not total:
        return True
    shared = content & Counter(units(source))
    return sum(len(u) * n for u, n in shared.items()) / total >= min_coverage * CONTENT_SHARE


def _steps(coverage: float) -> int:
    """Coverage in steps of ``1 / COVERAGE_STEPS``: finer differences are ties."""
    return round(coverage * COVERAGE_STEPS)


def _coverage(spoken: str, matches: int, source_total: int, spoken_total: int, longest: int) -> float:
    """How much of the excerpt sentence (its words, ``spoken``) the source explains.

    Bracketed notes are left out (an editor added them); a source kept
    almost whole inside a longer excerpt sentence counts, and so does a long
    verbatim run (a quote cut from a reworded sentence). The measure never
    decreases as ``matches`` and ``longest`` grow, so their upper bounds
    give an upper bound of it.
    """
    if not spoken_total:
        return 0.0
    kept = matches / source_total if source_total >= MIN_KEPT_CHARS else 0.0
    script = "han" if has_han(spoken) else "latin"
    quoted = MIN_COVERAGE if longest >= LONG_QUOTE[script] else 0.0
    return max(matches / spoken_total, kept if kept >= KEPT_WHOLE else 0.0, quoted)


def _matches(span: list[int], key: str, a_keys: list[str]) -> tuple[str, int, int, int, int]:
    source = " ".join(a_keys[i] for i in span)
    spoken = without_notes(key) or key
    return (spoken, *unit_matches(source, spoken))


def _grow(span: list[int], key: str, a_keys: list[str]) -> list[int]:
    """Join neighbouring sentences while they explain more of ``key``.

    Growth is judged on the share of the excerpt sentence explained, not on
    how whole the source is kept, so a join of two sources is found (across
    a turn too: a question's words put into the answer are flagged
    ``speaker``).
    """
    def explained(candidate: list[int]) -> float:
        _, matches, _, spoken_total, _ = _matches(candidate, key, a_keys)
        return matches / spoken_total if spoken_total else 0.0

    coverage = explained(span)
    while len(span) < MAX_JOIN and coverage < EXPLAINED:
        options = []
        if span[0] > 0:
            options.append([span[0] - 1] + span)
        if span[-1] + 1 < len(a_keys):
            options.append(span + [span[-1] + 1])
        gains = [(explained(o), o) for o in options]
        if not gains:
            break
        best, grown = max(gains, key=lambda g: g[0])
        if best - coverage < MIN_JOIN_GAIN:
            break
        span, coverage = grown, best
    return span
