"""robots.txt as RFC 9309 reads it: which paths of a site redline may fetch.

The standard library's ``urllib.robotparser`` predates the RFC: it applies
the first matching rule rather than the longest, and reads ``*`` and ``$``
literally, so ``Disallow: /*.pdf$`` never matches and ``Allow: /news/``
after ``Disallow: /`` never applies. This module follows the RFC: the
group for redline's product token (else ``*``), the longest matching rule
wins, ``Allow`` wins a tie, ``*`` matches any run of characters and ``$``
ends a pattern; ``/robots.txt`` itself is always allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

# RFC 9309 2.5: crawlers must read at least 500 KiB of a robots.txt; the rest may be ignored.
MAX_ROBOTS_BYTES = 500 * 1024
# The value is stripped in code: a lazy ``(.*?)\s*$`` backtracks quadratically on long space runs.
_LINE = re.compile(r"\s*([A-Za-z-]+)\s*:(.*)")


@dataclass(frozen=True)
class Rule:
    """One ``Allow``/``Disallow`` line: its path pattern, percent-encoding normalised."""

    allow: bool
    pattern: str

    def match_length(self, path: str) -> int | None:
        """How specific the rule is for ``path`` (the pattern's length), or None when it does not match."""
        return len(self.pattern) if _matches(self.pattern, path) else None


@dataclass(frozen=True)
class Robots:
    """The rules of one site's robots.txt that apply to one user agent."""

    rules: tuple[Rule, ...] = ()

    def allows(self, url: str) -> bool:
        """Whether the path (and query) of ``url`` may be fetched."""
        parts = urlsplit(url)
        path = _normalise((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        if path == "/robots.txt":
            return True
        best: tuple[int, bool] | None = None
        for rule in self.rules:
            length = rule.match_length(path)
            if length is not None and (best is None or (length, rule.allow) > best):
                best = (length, rule.allow)
        return True if best is None else best[1]


ALLOW_ALL = Robots()
DISALLOW_ALL = Robots((Rule(False, "/"),))


def parse_robots(text: str, product: str) -> Robots:
    """The rules of ``text`` for ``product`` (a lowercase token such as ``redline``), else for ``*``.

    Groups naming the product are merged, as the RFC says; lines that are
    not ``user-agent``, ``allow`` or ``disallow`` are skipped.
    """
    groups: dict[str, list[Rule]] = {}
    agents: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        match = _LINE.match(raw.split("#", 1)[0])
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agent = value.split("/", 1)[0].strip().lower()
            agents.append(agent)
            groups.setdefault(agent, [])
        elif key in ("allow", "disallow") and agents:
            in_rules = True
            if value:  # an empty Disallow allows everything: no rule
                for agent in agents:
                    groups[agent].append(Rule(key == "allow", _normalise(value)))
    rules = groups.get(product.lower(), groups.get("*", []))
    return Robots(tuple(rules))


def _normalise(path: str) -> str:
    """``path`` with percent-encoding made uniform, so ``/a%3c`` and ``/a<`` compare equal."""
    return quote(unquote(path), safe="/?=&*$;:@!'()+,~%")


def _matches(pattern: str, path: str) -> bool:
    """Whether ``path`` starts with ``pattern``: ``*`` any run of characters, a final ``$`` the end.

    Matched piece by piece with ``str.find`` (the leftmost place of each
    piece is always a safe choice), so a hostile ``/*a*a*a*…b`` costs
    linear time where a translated regular expression backtracks.
    """
    anchored = pattern.endswith("$")
    first, *rest = (pattern[:-1] if anchored else pattern).split("*")
    if not path.startswith(first):
        return False
    if not rest:
        return not anchored or path == first
    last = rest.pop() if anchored else None
    position = len(first)
    for piece in rest:
        found = path.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return last is None or (path.endswith(last) and len(path) - len(last) >= position)


__all__ = ["ALLOW_ALL", "DISALLOW_ALL", "MAX_ROBOTS_BYTES", "Robots", "Rule", "parse_robots"]
