"""How alike two sentences are: cheap shingle overlaps and the exact measure.

Candidates are found through shared shingles (character bigrams for Chinese,
word bigrams for Latin text) so that no step compares all pairs of
sentences; only the few candidates get the exact character-level measure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from diff_match_patch import diff_match_patch

from .script import HAN

_UNITS = re.compile(f"[{HAN}]|[^\\W_{HAN}]+")


def units(norm: str) -> list[str]:
    """Comparison units: single Chinese characters and lowercased words."""
    return [u.lower() for u in _UNITS.findall(norm)]


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


@lru_cache(maxsize=1)
def _dmp() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact, so results never depend on machine speed
    return engine


def char_matches(a: str, b: str) -> int:
    """Characters the two strings share in a minimal character diff."""
    if a == b:
        return len(a)
    diffs = _dmp().diff_main(a, b, False)
    return sum(len(text) for op, text in diffs if op == 0)


def similarity(a: str, b: str) -> float:
    """2 * matches / (len a + len b) over the given (normalised) strings."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    return round(2 * char_matches(a, b) / total, 4)


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


def alike(a: str, b: str, threshold: float = 0.5) -> bool:
    """Similar enough to be one sentence edited: by characters *and* by units."""
    if similarity(a, b) < threshold:
        return False
    matched, total_a, total_b, _ = unit_matches(a, b)
    return total_a + total_b > 0 and 2 * matched / (total_a + total_b) >= threshold


def diff_tokens(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Minimal diff of two token sequences: ``(op, count)`` runs, op in -1/0/1.

    Each distinct token becomes one character (diff-match-patch's
    lines-to-chars idea applied to words), so the diff is over words.
    """
    codes: dict[str, str] = {}

    def encode(seq: list[str]) -> str:
        out = []
        for token in seq:
            code = codes.get(token)
            if code is None:
                n = len(codes)
                code = chr(0xE000 + n) if n < 0x1900 else chr(0x10000 + n)
                codes[token] = code
            out.append(code)
        return "".join(out)

    diffs = _dmp().diff_main(encode(a), encode(b), False)
    return [(op, len(text)) for op, text in diffs]
