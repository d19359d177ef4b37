"""Fetch a published statement over HTTP(S), politely and safely.

One :class:`Fetcher` per run: it keeps connections open per host
(urllib3's pool), lets one request at a time go to each host with a delay
between them, obeys robots.txt (RFC 9309, :mod:`redline.snapshots.robots`)
unless told not to, retries 5xx answers, 429 and timeouts with backoff,
follows redirects itself (http and https only, loops caught, robots.txt
checked on every host), bounds each attempt by a connect timeout and a
total deadline, and stops reading a body at a size limit. Conditional GET
(``If-None-Match``/``If-Modified-Since``) answers 304 with no body.

urllib3 was chosen over the standard library, requests and httpx by
measurement (docs/fetching.md, ``bench/compare_http.py``). Every failure is
a :class:`FetchError`: one line naming the URL and the reason.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit, urlunsplit

from redline.core.script import has_lone_surrogate
from redline.core.urls import join_url, split_url

from .errors import FetchError
from .robots import ALLOW_ALL, DISALLOW_ALL, MAX_ROBOTS_BYTES, Robots, parse_robots

SCHEMES = ("http", "https")
_CREDENTIALS = re.compile(r"//[^/?#]*@")
# Long enough for a slow government server's first byte; short enough that a dead host fails a run quickly.
CONNECT_TIMEOUT = 10.0
# A whole attempt (connect, headers and body) ends by this deadline: a server dripping bytes cannot hold a run.
TOTAL_TIMEOUT = 60.0
# Statement pages are tens to hundreds of KB, transcripts' PDFs a few MB; beyond this is not a statement.
MAX_BODY_BYTES = 20 * 2**20
# Seconds between two requests to one host (crawl-delay conventions use 1-10 s).
HOST_DELAY = 1.0
# Retries after a 5xx, a 429 or a timeout; waits double from BACKOFF seconds.
RETRIES = 2
BACKOFF = 1.0
# A Retry-After longer than this is not waited for: the attempt fails instead.
MAX_RETRY_AFTER = 120.0
# Browsers stop at 20 redirects; a statement's URL needs a few at most (http to https, a moved path).
MAX_REDIRECTS = 10
MAX_URL_CHARS = 2048
READ_CHUNK = 64 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PRODUCT = "redline"
# Characters a URL may hold as is; everything else (spaces, controls, non-ASCII) is percent-encoded.
_URL_SAFE = "%/:=&?~#+!$,;'@()*[]-._"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how patiently to fetch; ``redline.toml``'s ``[fetch]`` table sets them."""

    connect_timeout: float = CONNECT_TIMEOUT
    timeout: float = TOTAL_TIMEOUT
    max_bytes: int = MAX_BODY_BYTES
    delay: float = HOST_DELAY
    retries: int = RETRIES
    backoff: float = BACKOFF
    robots: bool = True
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True)
class Fetched:
    """One fetch: what was asked, where it ended, and what came back (what a sighting records).

    ``status`` is 200 (or another 2xx) with the body, or 304 with an empty
    body when a conditional GET found the page unchanged. ``fetched_at`` is
    when the answer came (UTC).
    """

    url: str
    final_url: str
    status: int
    body: bytes
    fetched_at: datetime
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def user_agent() -> str:
    """``redline/VERSION``, the token robots.txt groups are matched against."""
    from .derived import engine_version

    return f"{PRODUCT}/{engine_version()}"


def check_url(url: str) -> str:
    """``url`` ready to fetch: http(s), a host, no credentials; unsafe characters percent-encoded.

    Raises :class:`FetchError` naming the URL without its credentials.
    """
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"{display_url(url)[:80]}...: URL longer than {MAX_URL_CHARS} characters")
    if has_lone_surrogate(url):
        raise FetchError(f"{display_url(url)}: not a valid URL (it holds bytes that are not UTF-8)")
    cleaned = quote(_ascii_host(url.strip()), safe=_URL_SAFE)
    if len(cleaned) > MAX_URL_CHARS:
        raise FetchError(f"{display_url(cleaned)[:80]}...: URL longer than {MAX_URL_CHARS} characters")
    parts = split_url(cleaned)
    if parts is None:
        raise FetchError(f"{display_url(cleaned)}: not a valid URL (a malformed host or port)")
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"{display_url(cleaned)}: only http and https URLs are fetched")
    if "@" in parts.netloc:
        raise FetchError(f"{display_url(cleaned)}: URLs with a user name or password are refused "
                         "(they would be stored and shown); give a URL without them")
    if not parts.hostname:
        raise FetchError(f"{display_url(cleaned)}: no host name")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def check_public(url: str) -> None:
    """Refuse ``url`` unless every address its host has is public (:class:`FetchError`).

    URLs read from an archive (``watch``) or from a ``redline.toml`` are
    untrusted: one could point at the machine itself, its network, or a
    cloud's metadata service (169.254.169.254), and what comes back would
    be committed and pushed. A name that does not resolve is refused too
    (:func:`public_problem`).
    """
    why = public_problem(url)
    if why is not None:
        raise FetchError(f"{display_url(url)}: {why}")


def public_problem(url: str) -> str | None:
    """Why ``url``'s host is not public (:func:`not_public`), or None.

    A name that does not resolve here is not taken as public: the client
    could still reach it another way (urllib3 decodes ``%31%32%37.0.0.1``).
    Connections of :func:`public_pool` check the address they reach as well.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        return not_public(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError):
        return f"cannot resolve the host name {host} (DNS), so it cannot be checked to be public"


def not_public(host: str, port: int) -> str | None:
    """Why ``host`` (a name or an address literal) is not public, or None if all its addresses are."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0])
                     for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]
    for address in addresses:
        why = _private_kind(address)
        if why:
            named = host if host.strip("[]") == str(address) else f"{host} ({address})"
            return (f"{named} is a {why} address; URLs read from an archive or redline.toml are fetched from "
                    "public addresses only (--allow-private-addresses fetches it)")
    return None


def _private_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address inside (mapped, 6to4, Teredo's client and server) is judged as itself.
        inner = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        found = [why for why in map(_private_kind, filter(None, inner)) if why]
        if found:
            return found[0]
        if address.ipv4_mapped is not None:
            return None
        if address.is_site_local:
            return "site-local"
    for kind in ("loopback", "unspecified", "link_local", "private", "multicast", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def _ascii_host(url: str) -> str:
    """``url`` with an internationalised host name (``外交部.中国``) in its ASCII form (IDNA, ``xn--``)."""
    parts = split_url(url)
    host = (parts.hostname or "") if parts else ""
    if host.isascii():
        return url
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return url  # left percent-encoded: the host check or the connection reports it
    netloc = parts.netloc.lower().replace(host, ascii_host, 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def display_url(url: str) -> str:
    """``url`` as shown in messages: credentials replaced by ``***``, no spaces or control characters."""
    quoted = quote(_SPACES.sub(" ", url), safe=_URL_SAFE + " ", errors="surrogateescape")  # bytes not UTF-8: %XX
    parts = split_url(quoted)
    if parts is None:  # no URL (``http://[``): shown as written, what may be credentials hidden
        return _CREDENTIALS.sub("//***@", quoted).replace(" ", "%20")
    scheme, netloc, path, query, fragment = parts
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    return urlunsplit((scheme, netloc, path, query, fragment)).replace(" ", "%20")


@dataclass
class _Host:
    """One host's turn-taking: a lock (one request at a time) and when its last request ended."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float | None = None


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes
    reason: str = ""


class _Failed(Exception):
    """Why a fetch failed, without the URL (:meth:`Fetcher.fetch` names it)."""


class _Retryable(_Failed):
    """A failure that may pass if the request is repeated; ``wait``: what the server asked for."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class Fetcher:
    """Fetches URLs with the settings given; use as a context manager (it holds open connections).

    ``clock`` and ``sleep`` are the monotonic clock and the wait, replaceable
    in tests of politeness and backoff.
    """

    def __init__(self, settings: FetchSettings = FetchSettings(), *, agent: str | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        import urllib3

        self.settings = settings
        self.agent = agent or user_agent()
        self._clock, self._sleep = clock, sleep
        self._pool = urllib3.PoolManager()
        self._public_pool = None
        self._headers = {"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"}
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._robots: dict[str, Robots] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._pool.clear()
        if self._public_pool is not None:
            self._public_pool.clear()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              public_only: bool = False) -> Fetched:
        """GET ``url``, following redirects; a 304 when ``etag``/``last_modified`` still hold.

        ``public_only`` (for URLs read from an archive) refuses every hop whose host has an address that is
        not public (:func:`check_public`), and an answer from a peer that is not (a name that resolved
        elsewhere by the time of the connection). Raises :class:`FetchError` (``URL: reason``) for
        anything but a 2xx or that 304.
        """
        asked = check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            answer, final = self._follow(asked, headers, self.settings.robots, public_only=public_only)
            if not (200 <= answer.status < 300 or (answer.status == 304 and headers)):
                raise _Failed(_status_text(answer))
        except _Failed as exc:
            raise FetchError(f"{display_url(asked)}: {exc}") from None
        return Fetched(
            url=asked, final_url=final, status=answer.status, body=answer.body,
            fetched_at=datetime.now(timezone.utc), content_type=_header(answer, "content-type"),
            etag=_header(answer, "etag"), last_modified=_header(answer, "last-modified"),
        )

    def _follow(self, url: str, headers: dict[str, str], robots: bool, limit: int | None = None,
                public_only: bool = False) -> tuple[_Answer, str]:
        """The first answer that is not a redirect, and the URL it came from.

        With ``limit``, a longer body is cut there (robots.txt); without, the
        size limit of the settings fails the fetch.
        """
        seen = {url}
        for _ in range(self.settings.max_redirects + 1):
            why = public_problem(url) if public_only else None
            if why is not None:
                raise _Failed(why)
            if robots:
                self._check_robots(url, public_only)
            answer = self._attempts(url, headers, limit, public_only)
            if answer.status not in REDIRECT_STATUSES:
                return answer, url
            location = _header(answer, "location")
            if not location:
                raise _Failed(f"HTTP {answer.status} redirect without a Location")
            try:
                target = check_url(join_url(url, location) or location)
            except FetchError as exc:
                raise _Failed(f"redirected to {exc}") from None
            if target in seen:
                raise _Failed(f"redirect loop ({display_url(url)} redirects to {display_url(target)}, seen before)")
            seen.add(target)
            url = target
        raise _Failed(f"more than {self.settings.max_redirects} redirects")

    def _check_robots(self, url: str, public_only: bool) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._host(origin).lock:  # one read of robots.txt per origin, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin, public_only)
        if not self._robots[origin].allows(url):
            raise _Failed(f"robots.txt of {origin} disallows this page for {PRODUCT} "
                          "(--ignore-robots, or robots = false in redline.toml's [fetch], fetches it anyway)")

    def _read_robots(self, origin: str, public_only: bool) -> Robots:
        """The site's rules for redline; as RFC 9309 says, a 4xx allows everything and a 5xx nothing.

        Its redirects are held to ``public_only`` as the page's own are.
        """
        answer, _ = self._follow(origin + "/robots.txt", {}, robots=False, limit=MAX_ROBOTS_BYTES,
                                 public_only=public_only)
        if 400 <= answer.status < 500:
            return ALLOW_ALL
        if not 200 <= answer.status < 300:
            return DISALLOW_ALL
        return parse_robots(answer.body.decode("utf-8", "replace"), PRODUCT)

    def _attempts(self, url: str, headers: dict[str, str], limit: int | None, public_only: bool = False) -> _Answer:
        """One request with retries: 5xx, 429 and timeouts are tried again after a growing wait."""
        last = self.settings.retries
        for attempt in range(last + 1):
            try:
                answer = self._attempt(url, headers, limit, public_only)
            except _Retryable as exc:
                if attempt == last:
                    raise _Failed(f"{exc} ({attempt + 1} attempts)" if attempt else str(exc)) from None
                self._wait_before_retry(attempt, exc.wait, str(exc))
                continue
            if answer.status not in RETRY_STATUSES or attempt == last:
                return answer
            self._wait_before_retry(attempt, _retry_after(answer), _status_text(answer))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_before_retry(self, attempt: int, asked_wait: float | None, why: str) -> None:
        wait = self.settings.backoff * 2 ** attempt
        if asked_wait is not None:
            if asked_wait > MAX_RETRY_AFTER:
                raise _Failed(f"{why}, and the server asks to wait {asked_wait:.0f} s before trying again")
            wait = max(wait, asked_wait)
        self._sleep(wait)

    def _attempt(self, url: str, headers: dict[str, str], limit: int | None, public_only: bool) -> _Answer:
        """One request: one at a time per host, after the host's delay."""
        host = self._host(urlsplit(url).netloc)
        with host.lock:
            if host.last is not None:
                wait = host.last + self.settings.delay - self._clock()
                if wait > 0:
                    self._sleep(wait)
            try:
                return self._request(url, headers, limit, public_only)
            finally:
                host.last = self._clock()

    def _request(self, url: str, headers: dict[str, str], limit: int | None, public_only: bool) -> _Answer:
        """One GET, its body read by the deadline; urllib3's errors turned into reasons."""
        import urllib3
        from urllib3 import exceptions as e

        settings = self.settings
        deadline = self._clock() + settings.timeout
        timeout = urllib3.Timeout(connect=min(settings.connect_timeout, settings.timeout), read=settings.timeout)
        response = None
        try:
            response = self._pool_for(public_only).request("GET", url, headers={**self._headers, **headers},
                                                           timeout=timeout, retries=False, redirect=False,
                                                           preload_content=False)
            body = self._body(response, deadline, limit) if 200 <= response.status < 300 else b""
            return _Answer(response.status, dict(response.headers), body, response.reason or "")
        except not_public_error() as exc:
            raise _Failed(str(exc).split(": ", 1)[-1]) from None
        except e.NameResolutionError:
            raise _Failed(f"cannot resolve the host name {urlsplit(url).hostname} (DNS)") from None
        except e.NewConnectionError as exc:
            raise _Failed(f"cannot connect to {urlsplit(url).netloc} ({_reason(exc)})") from None
        # After NewConnectionError, which urllib3 derives from it.
        except e.ConnectTimeoutError:
            raise _Retryable(f"no connection within {settings.connect_timeout:g} s") from None
        except (e.ReadTimeoutError, TimeoutError):
            raise _Retryable(f"no complete answer within {settings.timeout:g} s") from None
        except e.SSLError as exc:
            raise _Failed(f"TLS error ({_reason(exc)})") from None
        except e.DecodeError:
            raise _Failed("the compressed body is damaged") from None
        except (e.ProtocolError, e.HTTPError) as exc:
            raise _Retryable(f"connection broken ({_reason(exc)})") from None
        finally:
            if response is not None:
                # Reuse the connection only after a body read to its end; anything else may be half-read.
                response.release_conn() if response.isclosed() else response.close()

    def _pool_for(self, public_only: bool):
        """The pool of connections that check their address (``public_only``: made on first use), or the other."""
        if not public_only:
            return self._pool
        with self._hosts_lock:
            if self._public_pool is None:
                self._public_pool = public_pool()
        return self._public_pool

    def _body(self, response, deadline: float, limit: int | None) -> bytes:
        """The decoded body, a chunk at a time, until its end, the size limit or the deadline."""
        cap = self.settings.max_bytes if limit is None else limit
        declared = response.headers.get("content-length", "")
        if limit is None and declared.isdigit() and int(declared) > cap:
            raise _Failed(f"the body is {int(declared)} bytes, over the limit of {cap}")
        chunks, size = [], 0
        while True:
            left = deadline - self._clock()
            if left <= 0:
                raise TimeoutError
            sock = getattr(response.connection, "sock", None)
            if sock is not None:
                sock.settimeout(left)  # the deadline bounds each wait, so a drip of bytes cannot outlast it
            chunk = response.read1(READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                if limit is None:
                    raise _Failed(f"the body is over the limit of {cap} bytes")
                return b"".join(chunks)[:cap]

    def _host(self, key: str) -> _Host:
        """The turn-taking state of ``key``: a host (``netloc``), or an origin for its robots.txt."""
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())


def public_pool():
    """A urllib3 pool manager whose every connection checks the address it reached, right after connecting
    and before a byte is sent: a name that resolves differently at connect time (DNS rebinding), or a host
    :func:`public_problem` could not resolve, reaches no address that is not public (:func:`not_public_error`)."""
    import urllib3

    pool = urllib3.PoolManager()
    pool.pool_classes_by_scheme = _public_classes()[0]
    return pool


def not_public_error() -> type[Exception]:
    """The urllib3 error a :func:`public_pool` connection raises on an address that is not public."""
    return _public_classes()[1]


_PUBLIC_CLASSES: list[tuple[dict[str, type], type[Exception]]] = []
_PUBLIC_CLASSES_LOCK = threading.Lock()


def _public_classes() -> tuple[dict[str, type], type[Exception]]:
    """The pool classes of :func:`public_pool` by scheme, and its error, made once (under a lock: ``watch``'s
    threads must all catch the one error class) on first use, as urllib3 loads late."""
    with _PUBLIC_CLASSES_LOCK:
        if not _PUBLIC_CLASSES:
            _PUBLIC_CLASSES.append(_make_public_classes())
        return _PUBLIC_CLASSES[0]


def _make_public_classes() -> tuple[dict[str, type], type[Exception]]:
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import NewConnectionError

    class NotPublic(NewConnectionError):
        """A connection that reached an address that is not public; its message says which."""

    class Checked:
        def _new_conn(self):
            sock = super()._new_conn()
            try:
                why = _peer_problem(self.host, sock.getpeername()[0])
            except OSError as exc:  # reset as soon as connected
                sock.close()
                raise NotPublic(self, f"{self.host}: cannot tell the address reached ({exc})") from None
            if why:
                sock.close()
                raise NotPublic(self, why)
            return sock

    http = type("PublicHTTPConnection", (Checked, HTTPConnection), {})
    https = type("PublicHTTPSConnection", (Checked, HTTPSConnection), {})
    return ({"http": type("PublicHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
             "https": type("PublicHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https})}, NotPublic)


def _peer_problem(host: str, peer: str) -> str | None:
    """Why a connection to ``host`` that reached address ``peer`` must send nothing, or None."""
    why = _private_kind(ipaddress.ip_address(peer.split("%")[0]))
    if why is None:
        return None
    return (f"{host} reached a {why} address ({peer}); URLs read from an archive or redline.toml are fetched from "
            "public addresses only")


def _header(answer: _Answer, name: str) -> str | None:
    for key, value in answer.headers.items():
        if key.lower() == name:
            return value
    return None


def _status_text(answer: _Answer) -> str:
    return f"HTTP {answer.status}" + (f" {answer.reason}" if answer.reason else "")


def _retry_after(answer: _Answer) -> float | None:
    """Seconds the server asked to wait (``Retry-After``: seconds or an HTTP date), if it did."""
    from email.utils import parsedate_to_datetime

    value = (_header(answer, "retry-after") or "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


def _reason(exc: BaseException) -> str:
    """The innermost cause of a urllib3 error, on one line, without the pool's wording."""
    while exc.__context__ is not None and isinstance(exc.__context__, OSError):
        exc = exc.__context__
    text = getattr(exc, "strerror", None) or str(exc)
    text = text.split(": ", 1)[-1] if "Failed to establish a new connection" in text else text
    return _SPACES.sub(" ", text).strip()[:200]


__all__ = ["FetchSettings", "Fetched", "Fetcher", "check_public", "check_url", "display_url", "not_public",
           "not_public_error", "public_pool", "user_agent"]
