"""Extraction settings per site: ``redline.toml``'s ``[sources]`` table.

Each key names where a rule applies: a URL prefix (``"https://www.fmprc.gov.cn/eng/"``)
or a host name, which covers its subdomains too (``"gov.uk"`` covers
``www.gov.uk``). Each value may set ``select`` (a CSS selector) and
``ignore`` (a list of regular expressions). For a URL, the most specific
rule applies alone: the longest matching URL prefix, else the longest
matching host. The file is untrusted: keys and values are checked, and
unknown settings refused, so a typo cannot silently change extraction.

redline ships rules of its own (:data:`BUILTIN`) for sites where the
main-content extractor is measured to miss statement text; a URL that any
``[sources]`` rule matches uses that rule instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import InvalidConfig, InvalidIgnorePattern, InvalidSelector
from .ignore import compile_ignore
from .urls import split_url

SETTINGS = ("select", "ignore")
MAX_RULES = 1000
MAX_KEY_CHARS = 2048
_HOST = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


@dataclass(frozen=True)
class Settings:
    """How to find a statement's text: a CSS selector replacing main-content extraction (``--select``) and
    patterns of noise lines to drop (``--ignore``)."""

    select: str | None = None
    ignore: tuple[str, ...] = ()

    def updated(self, select: str | None = None, ignore: tuple[str, ...] = ()) -> Settings:
        """These settings with ``select`` and ``ignore`` replacing their own, each when given."""
        return Settings(select if select is not None else self.select, tuple(ignore) or self.ignore)


@dataclass(frozen=True)
class SourceRule:
    """Where a rule applies (a URL prefix or a host) and what it sets."""

    where: str
    select: str | None = None
    ignore: tuple[str, ...] = ()

    @property
    def is_prefix(self) -> bool:
        return "://" in self.where

    def matches(self, url: str) -> bool:
        if self.is_prefix:
            return url.startswith(self.where)
        parts = split_url(url)
        host = ((parts.hostname if parts else "") or "").lower()
        return host == self.where or host.endswith("." + self.where)


@dataclass(frozen=True)
class SourceRules:
    """Every ``[sources]`` rule; :meth:`for_url` picks the one that applies."""

    rules: tuple[SourceRule, ...] = ()

    def for_url(self, url: str) -> SourceRule | None:
        """The most specific rule for ``url`` (the longest URL prefix, else the longest host), else the most
        specific of :data:`BUILTIN`; or None."""
        for rules in (self.rules, BUILTIN):
            matching = [rule for rule in rules if rule.matches(url)]
            if matching:
                return max(matching, key=lambda rule: (rule.is_prefix, len(rule.where)))
        return None

    def applied(self, urls: tuple[str | None, ...], own: Settings = Settings()) -> Settings:
        """The settings for a page fetched from ``urls`` (asked for, then final): the rule of the first URL
        that has one, with ``own`` (the statement's, or the command line's) on top: its selector replaces
        the rule's, its patterns add to the rule's."""
        rule = next((found for url in urls if url and (found := self.for_url(url))), None)
        if rule is None:
            return own
        return Settings(own.select or rule.select, rule.ignore + own.ignore)


# GOV.UK: readability-lxml drops link paragraphs of the body ("Read the Secretary of State's oral statement"),
# and keeps the page's change history ("Last updated 15 March 2021"). Against the text of the 17 GOV.UK
# versions in the corpus, .govspeak keeps 426 sentences the same and 96 not, readability 416 and 136; it is
# never worse on one (docs/extraction.md).
# Only www.gov.uk, the host measured: councils, ONS or legislation.gov.uk have no .govspeak.
BUILTIN = (SourceRule("www.gov.uk", select=".govspeak"),)


def parse_sources(table: object, origin: str) -> SourceRules:
    """The rules of a parsed ``[sources]`` table; :class:`InvalidConfig` names the first problem."""
    if table is None:
        return SourceRules()
    if not isinstance(table, Mapping):
        raise InvalidConfig(f"{origin}: [sources] must be a table of \"host or URL prefix\" = {{ select, ignore }}")
    if len(table) > MAX_RULES:
        raise InvalidConfig(f"{origin}: [sources] has more than {MAX_RULES} entries")
    return SourceRules(tuple(_rule(key, value, origin) for key, value in table.items()))


def _rule(key: str, value: object, origin: str) -> SourceRule:
    where = _where(key, origin)
    if not isinstance(value, Mapping):
        raise InvalidConfig(f"{origin}: [sources.{key!r}] must be a table with select and/or ignore")
    unknown = sorted(set(value) - set(SETTINGS))
    if unknown:
        raise InvalidConfig(f"{origin}: [sources.{key!r}] has unknown setting {unknown[0]!r} (settings: select, ignore)")
    select = value.get("select")
    if select is not None and not isinstance(select, str):
        raise InvalidConfig(f"{origin}: [sources.{key!r}] select must be a string (a CSS selector)")
    ignore = value.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(p, str) for p in ignore):
        raise InvalidConfig(f"{origin}: [sources.{key!r}] ignore must be a list of regular expressions")
    try:
        compile_ignore(ignore)
        if select is not None:
            from .css_select import check_selector

            check_selector(select)
    except (InvalidIgnorePattern, InvalidSelector) as exc:
        raise InvalidConfig(f"{origin}: [sources.{key!r}] {exc}") from None
    return SourceRule(where, select, tuple(ignore))


def _where(key: str, origin: str) -> str:
    """A URL prefix (http/https, with a host) or a lower-case host name."""
    if len(key) > MAX_KEY_CHARS:
        raise InvalidConfig(f"{origin}: [sources] key longer than {MAX_KEY_CHARS} characters")
    if "://" in key:
        parts = split_url(key)
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise InvalidConfig(f"{origin}: [sources] key {key!r} is neither a host name nor an http(s) URL prefix")
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}{key[len(parts.scheme) + 3 + len(parts.netloc):]}"
    host = key.strip().lower().rstrip(".")
    if not _HOST.fullmatch(host):
        raise InvalidConfig(f"{origin}: [sources] key {key!r} is neither a host name nor an http(s) URL prefix")
    return host


__all__ = ["Settings", "SourceRule", "SourceRules", "parse_sources"]
