"""``redline.toml``: where it is found, and its ``[sources]``, ``[fetch]`` and ``[notify]`` tables.

One lookup for every table (``check``'s ``[rules]`` too): the file given,
else ``redline.toml`` at the archive's root (on disk, else in the archive's
tree), else, outside an archive, the nearest one from the current
directory up to the repository root. The file is untrusted: every value is
checked before use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from redline.core.encoding import MAX_BYTES
from redline.core.errors import InvalidConfig, RedlineError
from redline.core.policy import MAX_POLICY_BYTES, read_settings
from redline.core.sources import SourceRules, parse_sources

from .fetch import FetchSettings

if TYPE_CHECKING:
    from .archive import Archive

CONFIG_FILE = "redline.toml"
# A newsroom notifies a few channels; more than this is a mistake (or a way to flood), not a setting.
MAX_NOTIFY_URLS = 20
MAX_NOTIFY_URL_CHARS = 2048
# Upper bounds of [fetch] values: beyond them a value is a mistake, not a choice.
MAX_SECONDS = 3600.0
MAX_RETRIES = 10
MAX_REDIRECTS = 30


@dataclass(frozen=True)
class ConfigFile:
    """The bytes of a ``redline.toml`` (at most :data:`MAX_POLICY_BYTES` + 1) and where they came from."""

    data: bytes
    origin: str


@dataclass(frozen=True)
class NotifySettings:
    """``[notify]``: where ``watch`` sends news of new versions (``urls``), and the address of the archive's
    published ``export-site`` (``site``), which messages link to."""

    urls: tuple[str, ...] = ()
    site: str | None = None


@dataclass(frozen=True)
class Config:
    """The settings ``redline.toml`` gives for reading sources and for ``watch``."""

    sources: SourceRules = SourceRules()
    fetch: FetchSettings = FetchSettings()
    origin: str = "defaults"
    notify: NotifySettings = NotifySettings()


def read_config_file(path: str | Path, what: str = "the settings") -> ConfigFile:
    """The first bytes of ``path``, enough to tell it is too large; ``cannot read WHAT`` when it cannot be read."""
    try:
        with open(path, "rb") as handle:  # a bounded read: ``--policy /dev/zero`` must end
            return ConfigFile(handle.read(MAX_POLICY_BYTES + 1), str(path))
    except OSError as exc:
        raise RedlineError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None


def find_config(archive: Archive | None = None) -> ConfigFile | None:
    """The ``redline.toml`` that applies (see the module docstring), or None."""
    if archive is not None:
        found = archive.path / CONFIG_FILE
        if found.is_file():
            return read_config_file(found)
        stored = archive.file(CONFIG_FILE, MAX_POLICY_BYTES + 1)
        return ConfigFile(stored, CONFIG_FILE) if stored is not None else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return read_config_file(folder / CONFIG_FILE)
        if (folder / ".git").exists():
            break
    return None


def load_config(archive: Archive | None = None) -> Config:
    """The ``[sources]`` and ``[fetch]`` settings of the ``redline.toml`` that applies, else the defaults."""
    found = find_config(archive)
    return parse_config(found.data, found.origin) if found is not None else Config()


def parse_config(data: bytes | str, origin: str) -> Config:
    """The ``[sources]``, ``[fetch]`` and ``[notify]`` settings of a ``redline.toml``'s bytes, each checked."""
    settings = read_settings(data, origin)
    return Config(parse_sources(settings.get("sources"), origin), parse_fetch(settings.get("fetch"), origin),
                  origin, parse_notify(settings.get("notify"), origin))


# TOML key -> FetchSettings field, and each value's kind and bounds.
_FETCH_KEYS = {
    "connect-timeout": ("connect_timeout", float, 0.1, MAX_SECONDS),
    "timeout": ("timeout", float, 0.1, MAX_SECONDS),
    "max-bytes": ("max_bytes", int, 1, MAX_BYTES),
    "delay": ("delay", float, 0.0, MAX_SECONDS),
    "retries": ("retries", int, 0, MAX_RETRIES),
    "backoff": ("backoff", float, 0.0, MAX_SECONDS),
    "robots": ("robots", bool, None, None),
    "max-redirects": ("max_redirects", int, 0, MAX_REDIRECTS),
}
assert {name for name, *_ in _FETCH_KEYS.values()} == {f.name for f in fields(FetchSettings)}


def parse_fetch(table: object, origin: str) -> FetchSettings:
    """The settings of a parsed ``[fetch]`` table (defaults for what it leaves out)."""
    if table is None:
        return FetchSettings()
    if not isinstance(table, dict):
        raise InvalidConfig(f"{origin}: [fetch] must be a table")
    changes = {}
    for key, value in table.items():
        if key not in _FETCH_KEYS:
            raise InvalidConfig(f"{origin}: [fetch] has unknown setting {key!r} (settings: {', '.join(_FETCH_KEYS)})")
        name, kind, low, high = _FETCH_KEYS[key]
        changes[name] = _checked(key, value, kind, low, high, origin)
    return replace(FetchSettings(), **changes)


def parse_notify(table: object, origin: str) -> NotifySettings:
    """The settings of a parsed ``[notify]`` table: ``urls`` (a list of notification URLs) and ``site``."""
    if table is None:
        return NotifySettings()
    if not isinstance(table, dict):
        raise InvalidConfig(f"{origin}: [notify] must be a table")
    unknown = sorted(set(table) - {"urls", "site"})
    if unknown:
        raise InvalidConfig(f"{origin}: [notify] has unknown setting {unknown[0]!r} (settings: urls, site)")
    urls = table.get("urls", [])
    if (not isinstance(urls, list) or len(urls) > MAX_NOTIFY_URLS
            or not all(isinstance(u, str) and u.strip() and _one_line(u) for u in urls)):
        raise InvalidConfig(f"{origin}: [notify] urls must be a list of at most {MAX_NOTIFY_URLS} URLs, "
                            f"each one line of at most {MAX_NOTIFY_URL_CHARS} characters")
    site = table.get("site")
    if site is not None and not (isinstance(site, str) and site.lower().startswith(("http://", "https://"))
                                 and _one_line(site)):
        raise InvalidConfig(f"{origin}: [notify] site must be the http(s) address of the archive's published site")
    return NotifySettings(tuple(u.strip() for u in urls), site)


def _one_line(text: str) -> bool:
    return len(text) <= MAX_NOTIFY_URL_CHARS and text.isprintable()


def _checked(key: str, value: object, kind: type, low, high, origin: str):
    if kind is bool:
        if not isinstance(value, bool):
            raise InvalidConfig(f"{origin}: [fetch] {key} must be true or false")
        return value
    numeric = (int, float) if kind is float else (int,)
    if isinstance(value, bool) or not isinstance(value, numeric) or (isinstance(value, float) and not math.isfinite(value)):
        raise InvalidConfig(f"{origin}: [fetch] {key} must be {'a number' if kind is float else 'a whole number'}")
    if not low <= value <= high:
        raise InvalidConfig(f"{origin}: [fetch] {key} must be between {low:g} and {high:g}")
    return kind(value)


__all__ = [
    "CONFIG_FILE", "Config", "ConfigFile", "NotifySettings", "find_config", "load_config", "parse_fetch",
    "parse_config", "parse_notify", "read_config_file",
]
