"""Where an excerpt sentence is expected in the full text, and which copy of a repeat it takes.

Anchors (sentences found once in the full text, in order) bound each other
excerpt sentence to a window of the full text. A sentence repeated in the
full text (``谢谢。`` a thousand times) takes the copy that best fits its
window: said by the same speaker, inside the window, nearest its start,
earliest. Each copy is used once while unused copies remain, so a thousand
excerpt ``谢谢。`` trace to a thousand copies, not all to the first.

Both questions are answered in logarithmic time: a bisection over the
anchors for the window, and per sentence and speaker a sorted list of copies
whose used entries are skipped through "next unused" links.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from .speakers import different_speakers

Cost = tuple[int, int, int, int]


class Windows:
    """The window of each excerpt sentence, from the anchors ``{excerpt j: full i}``."""

    def __init__(self, anchors: dict[int, int], size: int, a_speakers: list[str | None] | None,
                 b_speakers: list[str | None] | None) -> None:
        order = sorted(anchors.items())
        self.excerpt_at = [j for j, _ in order]
        self.full_at = [i for _, i in order]
        self.size = size
        self.a_speakers = a_speakers
        self.b_speakers = b_speakers

    def bounds(self, j: int) -> tuple[int, int]:
        """Full-text positions of the nearest anchors before and after excerpt sentence ``j``."""
        below = bisect_left(self.excerpt_at, j)
        above = bisect_right(self.excerpt_at, j)
        lo = self.full_at[below - 1] if below else -1
        hi = self.full_at[above] if above < len(self.full_at) else self.size
        return lo, hi

    def other_speaker(self, a_speaker: str | None, j: int) -> int:
        """1 when the full-text speaker is known to differ from excerpt sentence ``j``'s."""
        return int(bool(self.a_speakers and self.b_speakers and different_speakers(a_speaker, self.b_speakers[j])))

    def cost(self, j: int, i: int) -> Cost:
        """Sort key: same speaker, inside the window, nearest to it, earliest."""
        lo, hi = self.bounds(j)
        other = self.other_speaker(self.a_speakers[i] if self.a_speakers else None, j)
        if lo < i < hi:
            return (other, 0, i - lo, i)
        return (other, 1, min(abs(i - lo), abs(i - hi)), i)


class _Copies:
    """Sorted full-text positions of one sentence said by one speaker; used ones are skipped."""

    def __init__(self, positions: list[int]) -> None:
        self.at = positions
        n = len(positions)
        self._next = list(range(n + 1))  # first unused index >= k (n: none)
        self._prev = list(range(n + 1))  # 1 + last unused index <= k - 1 (0: none)

    def use(self, i: int) -> None:
        k = bisect_left(self.at, i)
        self._next[k] = k + 1
        self._prev[k + 1] = k

    def best(self, lo: int, hi: int, free: bool, inside: bool | None = None) -> tuple[int, int, int] | None:
        """``(outside, distance, position)`` of the best copy for window ``(lo, hi)``.

        ``free`` skips used copies; ``inside`` True or False asks only for
        copies inside or outside the window, None for either.
        """
        at = self.at
        if inside is not False:
            first = self._after(bisect_right(at, lo), free)
            if first is not None and at[first] < hi:
                return (0, at[first] - lo, at[first])
            if inside:
                return None
        options = []
        before = self._before(bisect_right(at, lo) - 1, free)
        if before is not None:
            options.append((1, lo - at[before], at[before]))
        after = self._after(bisect_left(at, hi), free)
        if after is not None:
            options.append((1, at[after] - hi, at[after]))
        return min(options) if options else None

    def _after(self, k: int, free: bool) -> int | None:
        if free:
            k = _find(self._next, k)
        return k if k < len(self.at) else None

    def _before(self, k: int, free: bool) -> int | None:
        if free:
            k = _find(self._prev, k + 1) - 1
        return k if k >= 0 else None


def _find(links: list[int], k: int) -> int:
    """Follow ``links`` to a fixed point, shortening the path on the way (union-find)."""
    root = k
    while links[root] != root:
        root = links[root]
    while links[k] != root:
        links[k], k = root, links[k]
    return root


# The order in which fits are handed out: (other speaker, outside the window).
# Every sentence first gets a copy that fits it well, so a sentence that
# would only take a copy as a poor fit cannot take it from one it fits.
TIERS = ((0, 0), (0, 1), (1, 0), (1, 1))


def pick_repeated(exact: dict[int, list[int]], window: Windows, a_speakers: list[str | None] | None,
                  taken: set[int] = frozenset()) -> dict[int, int]:
    """Full-text copy for each excerpt sentence in ``exact`` (``{j: full positions}``).

    Tier by tier (``TIERS``), excerpt sentences in order take the best
    unused copy that fits them that well; positions in ``taken`` (the
    anchors') count as used. A sentence with no unused copy left takes the
    best copy anyway, as an excerpt may quote a sentence twice. Without
    competition for a copy this is each sentence's best copy, as before.
    """
    groups: dict[int, list[tuple[str | None, _Copies]]] = {}
    for found in exact.values():
        if found[0] not in groups:  # the first position names the sentence
            groups[found[0]] = _speaker_groups(found, a_speakers, taken)
    chosen: dict[int, int] = {}
    pending = sorted(exact)
    for other, outside in TIERS:
        left = []
        for j in pending:
            lo, hi = window.bounds(j)
            fits = [(fit, group) for speaker, group in groups[exact[j][0]]
                    if window.other_speaker(speaker, j) == other
                    and (fit := group.best(lo, hi, True, inside=not outside)) is not None]
            if fits:
                fit, group = min(fits, key=lambda f: f[0])
                chosen[j] = fit[-1]
                group.use(fit[-1])
            else:
                left.append(j)
        pending = left
    for j in pending:
        lo, hi = window.bounds(j)
        chosen[j] = min((window.other_speaker(speaker, j), *group.best(lo, hi, False))
                        for speaker, group in groups[exact[j][0]])[-1]
    return chosen


def _speaker_groups(found: list[int], a_speakers: list[str | None] | None,
                    taken: set[int]) -> list[tuple[str | None, _Copies]]:
    """The copies of one sentence, by speaker, with ``taken`` positions marked used."""
    by_speaker: dict[str | None, list[int]] = defaultdict(list)
    for i in found:
        by_speaker[a_speakers[i] if a_speakers else None].append(i)
    groups = []
    for speaker, positions in by_speaker.items():
        group = _Copies(positions)
        for i in positions:
            if i in taken:
                group.use(i)
        groups.append((speaker, group))
    return groups
