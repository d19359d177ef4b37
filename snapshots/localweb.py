"""A web server on 127.0.0.1 for tests and benchmarks that fetch or notify (as ``testing.py`` is for git).

It serves :class:`Reply` objects by path (to GET and POST), changes them between requests
(assign a new reply, or give a function of the request), and records what
it saw: every request, and how many connections were opened, so tests can
check conditional GETs, retries, politeness and connection reuse. Replies
can be slowed down to test timeouts: a delay before the headers, a stall
before the body, a drip of one byte at a time.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = "127.0.0.1"
# A slowed reply never sleeps longer than this in one go, so that a stopped server's threads end soon.
MAX_SLEEP = 0.05
# How often the server checks whether it is asked to stop (http.server's 0.5 s made each test wait that long).
POLL_SECONDS = 0.02
# A webhook message is a few KB; the server reads no more of a POST body than this.
MAX_POST_BYTES = 2**20


@dataclass(frozen=True)
class Reply:
    """What the server answers: status, headers, body, and optional slowness (seconds)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stall: float = 0.0
    drip: float = 0.0


@dataclass(frozen=True)
class Seen:
    """One request the server received (a POST with its body: webhook tests)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


Route = Reply | Callable[[Seen], Reply]


class LocalWeb:
    """An HTTP/1.1 server (keep-alive) on an ephemeral port of 127.0.0.1; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _Server((LOOPBACK, 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(POLL_SECONDS,), name="localweb",
                                        daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.origin + path

    def serve(self, path: str, route: Route) -> str:
        """Answer requests for ``path`` with ``route`` from now on; returns the URL."""
        self.routes[path] = route
        return self.url(path)

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [seen.path for seen in self.requests]

    def start(self) -> LocalWeb:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LocalWeb:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _reply(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
        route = self.routes.get(seen.path.split("?", 1)[0])
        if route is None:
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        return route(seen) if callable(route) else route

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self._stopping.is_set() and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, MAX_SLEEP))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Quiet about clients that hang up (timeout tests do); anything else is a bug in a test."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(web: LocalWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in separate writes: without this, Nagle's algorithm and the
            # client's delayed ACK hold each keep-alive answer back by about 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with web._lock:
                web.connections += 1

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._answer(b"")

        def do_POST(self) -> None:  # noqa: N802
            length = self.headers.get("Content-Length", "0")
            self._answer(self.rfile.read(min(int(length), MAX_POST_BYTES)) if length.isdigit() else b"")

        def _answer(self, body: bytes) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = web._reply(Seen(self.command, self.path, headers, body))
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout test): nothing to report

        def _send(self, reply: Reply) -> None:
            web._sleep(reply.delay)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.status != 304 and "content-length" not in {k.lower() for k in reply.headers}:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.flush()
            web._sleep(reply.stall)
            if reply.status == 304:
                return
            if reply.drip:
                for i in range(len(reply.body)):
                    if web._stopping.is_set():
                        return
                    self.wfile.write(reply.body[i:i + 1])
                    self.wfile.flush()
                    web._sleep(reply.drip)
            else:
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
            """Quiet: tests read :attr:`LocalWeb.requests` instead."""

    return Handler


__all__ = ["LOOPBACK", "LocalWeb", "Reply", "Seen"]
