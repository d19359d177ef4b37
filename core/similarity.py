"""How alike two sentences are: cheap shingle overlaps and the exact measure.

Candidates are found through shared shingles (character bigrams for Chinese,
word bigrams for Latin text) so that no step compares all pairs of
sentences; only the few candidates get the exact character-level measure.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .script import HAN, count_han
from .tokendiff import diff_texts, diff_tokens

_UNITS = re.compile(f"[{HAN}]|[^\\W_{HAN}]+")
# Pairs whose measures are remembered: one pair is judged several times (grouping,
# confirming, reporting; a source scored, then grown), and a long sentence's diff
# is worth computing once.
REMEMBERED_PAIRS = 4096


@lru_cache(maxsize=REMEMBERED_PAIRS)
def units(norm: str) -> tuple[str, ...]:
    """Comparison units: single Chinese characters and lowercased words (remembered: a
    sentence's units serve its shingles and each of its measures)."""
    return tuple(u.lower() for u in _UNITS.findall(norm))


def shingles(norm: str) -> frozenset[str]:
    """Bigrams of units; a one-unit sentence is its own shingle."""
    parts = units(norm)
    if len(parts) < 2:
        return frozenset(parts)
    return frozenset(a + "\x00" + b for a, b in zip(parts, parts[1:]))


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice coefficient of two shingle sets."""
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part``'s shingles found in ``whole``."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def char_matches(a: str, b: str) -> int:
    """Characters the two strings share in a minimal character diff."""
    return _shared(a, b)[0]


@lru_cache(maxsize=REMEMBERED_PAIRS)
def _shared(a: str, b: str) -> tuple[int, int]:
    """Characters the two strings share in a minimal character diff, and how many are Chinese."""
    equal = a if a == b else "".join(text for op, text in diff_texts(a, b) if op == 0)
    return len(equal), count_han(equal)


def similarity(a: str, b: str) -> float:
    """2 * matches / (len a + len b) over the given (normalised) strings."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    return round(2 * char_matches(a, b) / total, 4)


@lru_cache(maxsize=REMEMBERED_PAIRS)
def unit_matches(a: str, b: str) -> tuple[int, int, int, int]:
    """Characters in shared units, the unit characters of ``a`` and ``b``,
    and the characters of the longest unbroken shared run.

    Units are words for Latin text and characters for Chinese, so two
    English sentences are not "alike" merely for sharing common letters.
    """
    ua, ub = units(a), units(b)
    total_a, total_b = sum(map(len, ua)), sum(map(len, ub))
    if ua == ub:
        return total_a, total_a, total_b, total_a
    matched, longest, i = 0, 0, 0
    for op, count in diff_tokens(ua, ub):
        if op == 0:
            run = sum(len(u) for u in ua[i:i + count])
            matched += run
            longest = max(longest, run)
        if op <= 0:
            i += count
    return matched, total_a, total_b, longest


def unit_overlap(a: str, b: str) -> tuple[int, int, int, int]:
    """An upper bound of :func:`unit_matches`, without a diff: the unit characters the two
    share counted as multisets (in any order) stand for both the matched and the longest run."""
    ua, ub = units(a), units(b)
    shared = Counter(ua) & Counter(ub)
    overlap = sum(len(unit) * n for unit, n in shared.items())
    return overlap, sum(map(len, ua)), sum(map(len, ub)), overlap


def alike(a: str, b: str, threshold: float = 0.5) -> bool:
    """Similar enough to be one sentence edited: by characters *and* by units.

    The Chinese characters the character diff keeps are units kept in order,
    so no more than the units' own diff keeps: when they alone reach the
    threshold, that diff is not needed (a 100,000-character sentence's
    costs 0.2 s). Nor is any diff when the lengths alone rule it out: a
    short sentence against a 1 MB one cannot share half its characters.
    """
    length = len(a) + len(b)
    if length and round(2 * min(len(a), len(b)) / length, 4) < threshold:  # the most similarity() can give
        return False
    if similarity(a, b) < threshold:
        return False
    total = sum(map(len, units(a))) + sum(map(len, units(b)))
    if total and 2 * _shared(a, b)[1] / total >= threshold:
        return True
    matched, total_a, total_b, _ = unit_matches(a, b)
    return total_a + total_b > 0 and 2 * matched / (total_a + total_b) >= threshold

