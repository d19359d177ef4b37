"""Telling people that a statement changed: plain webhooks (a JSON POST) and apprise URLs.

``watch --notify URL`` (or ``redline.toml``'s ``[notify]``): an ``http://``
or ``https://`` URL is a webhook, POSTed the message's JSON by redline
itself (urllib3, as fetching is); any other scheme (``mailto://``,
``slack://``, ``matrix://``, ``tgram://``, ``json://``...) goes to apprise,
which knows a hundred services, imported only when such a URL is given
(``pip install 'redline[notify]'``). The messages themselves (what changed,
in words) are made by the caller (``cli/render/news.py``).

Notifications are sent after the commit, and a failure is reported, never
raised: the versions are recorded whatever happens to the messages.
Notification URLs often hold a secret (a token in the path, a password),
so they are shown only as ``scheme://host/…``.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from redline.core.errors import RedlineError
from redline.core.urls import has_scheme, split_url

from .fetch import SCHEMES, check_url, not_public_error, public_pool, public_problem, user_agent

# A webhook that has not answered in this long is not going to; the run has other work.
TIMEOUT = 30.0
CONNECT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Message:
    """One notification: a title and a plain-text body (apprise), and the JSON a webhook receives."""

    id: str
    title: str
    body: str
    payload: dict


@dataclass(frozen=True)
class Target:
    """Where to send: a webhook or an apprise URL. ``trusted`` when given on the command line; one from a
    ``redline.toml`` (which a cloned archive can hold) is POSTed only to public addresses."""

    url: str
    trusted: bool = True

    @property
    def webhook(self) -> bool:
        return self.scheme in SCHEMES

    @property
    def scheme(self) -> str:
        url = self.url.strip()
        return url.partition(":")[0].lower() if ":" in url else ""

    @property
    def shown(self) -> str:
        """The URL without what may be a secret: ``https://hooks.example.org/…``, ``slack://…``."""
        parts = split_url(self.url.strip())
        host = parts.netloc.rpartition("@")[2] if parts and self.webhook else ""
        return f"{self.scheme}://{host}/…" if host else f"{self.scheme}://…"


@dataclass(frozen=True)
class Failure:
    """A message that did not reach a target, and why."""

    target: str
    id: str
    error: str


def check_targets(targets: Iterable[Target], *, allow_private: bool = False) -> list[Target]:
    """``targets`` checked before anything is fetched: a webhook URL must be a URL redline fetches (http or
    https, no user name or password); any other must be one apprise knows (and apprise installed). An
    apprise URL from a ``redline.toml`` is refused unless ``allow_private``: apprise connects where the URL
    says, and redline cannot hold it to public addresses as it does a webhook."""
    checked = []
    for target in targets:
        given = "--notify" if target.trusted else "redline.toml [notify] url"
        if not has_scheme(target.url.strip()):
            raise RedlineError(f"{given}: not a URL (a webhook is https://..., another service "
                               "service://... as apprise reads it)")
        if target.webhook:
            try:
                target = Target(check_url(target.url), target.trusted)
            except RedlineError:
                raise RedlineError(f"{given} {target.shown}: not a webhook URL redline can POST to "
                                   "(http or https, without a user name or password)") from None
        elif not (target.trusted or allow_private):
            raise RedlineError(f"{given} {target.shown}: only http(s) webhooks are taken from a redline.toml "
                               "(give it with --notify, or pass --allow-private-addresses)")
        elif not _knows(target.url):
            raise RedlineError(f"{given} {target.shown}: not a notification URL apprise knows "
                               "(see https://github.com/caronc/apprise/wiki)")
        checked.append(target)
    return checked


def send(targets: list[Target], messages: list[Message], *, allow_private: bool = False) -> list[Failure]:
    """Send every message to every target; the failures (none raised)."""
    failures = []
    pools: dict[bool, object] = {}  # by whether its connections check their address (public_pool)
    for target in targets:
        for message in messages:
            if target.webhook:
                public_only = not (target.trusted or allow_private)
                if public_only not in pools:
                    import urllib3

                    pools[public_only] = public_pool() if public_only else urllib3.PoolManager()
                error = _post(pools[public_only], target, message, public_only)
            else:
                error = _apprise_send(target, message)
            if error is not None:
                failures.append(Failure(target.shown, message.id, error))
    for pool in pools.values():
        pool.clear()
    return failures


def _post(pool, target: Target, message: Message, public_only: bool) -> str | None:
    """POST the message's JSON to a webhook; why it failed, or None. ``public_only`` (a webhook named in a
    redline.toml) checks the host's addresses first, and ``pool``'s connections the one they reach."""
    import urllib3
    from urllib3 import exceptions as e

    if public_only:
        why = public_problem(target.url)
        if why is not None:
            return why
    body = json.dumps(message.payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": user_agent()}
    try:
        response = pool.request("POST", target.url, body=body, headers=headers, redirect=False, retries=False,
                                preload_content=False,
                                timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT, read=TIMEOUT))
    except not_public_error() as exc:
        return str(exc).split(": ", 1)[-1]
    except e.HTTPError as exc:
        return f"could not POST ({type(exc).__name__})"
    response.release_conn() if response.isclosed() else response.close()
    if 200 <= response.status < 300:
        return None
    return f"HTTP {response.status}" + (f" {response.reason}" if response.reason else "")


def _knows(url: str) -> bool:
    """Whether apprise has a service for ``url``."""
    with _apprise() as apprise:
        return bool(apprise.Apprise().add(url))


def _apprise_send(target: Target, message: Message) -> str | None:
    """Send through apprise; why it failed (apprise's own warning), or None."""
    with _apprise() as apprise:
        sender = apprise.Apprise()
        sender.add(target.url)
        with apprise.LogCapture(level=apprise.logging.WARNING, fmt="%(message)s") as logs:
            sent = sender.notify(title=message.title, body=message.body, body_format=apprise.NotifyFormat.TEXT)
            said = logs.getvalue().strip().splitlines()
    return None if sent else (said[-1] if said else "apprise could not deliver it")


@contextmanager
def _apprise() -> Iterator:
    """apprise, imported on first use (140 ms and its plugins); a clear error when it is not installed.

    Its plugins, loaded as URLs are read, import standard modules that Python deprecates (``imghdr``):
    those warnings are apprise's matter, not the user's, so they are silenced around every use.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import apprise
        except ImportError:
            raise RedlineError("notification URLs other than http(s) webhooks need apprise: "
                               "pip install 'redline[notify]'") from None
        yield apprise


__all__ = ["Failure", "Message", "Target", "check_targets", "send"]
