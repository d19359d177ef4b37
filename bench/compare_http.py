"""Compare HTTP clients for fetching statements: stdlib urllib, urllib3, requests, httpx.

Run: python bench/compare_http.py [--runs 9] [--requests 200]
Needs the candidates redline does not depend on: pip install requests httpx

Every check runs against a server on 127.0.0.1 (redline.snapshots.localweb)
and nothing else. For each client, the plainest way its documentation
shows to stream a GET (a pool or session where it has one):

* redirects: final URL known, a redirect loop stopped (after how many
  requests), a redirect to ftp:// or file:// refused;
* gzip: a gzip body decoded; a gzip bomb (64 MiB of zeros, 64 KiB on the
  wire) read with a 1 MiB cap: the memory the client used on the way
  (tracemalloc peak);
* charset: the Content-Type header as sent (redline decodes by itself);
* timeouts: a connect to a full accept queue and a stalled body both end
  near the timeout given; a body dripped a byte at a time for 4 s under a
  1 s timeout: whether the client stops by itself;
* file://: whether the client opens a local file when asked;
* connection reuse: connections the server saw for --requests GETs;
* speed: median time for --requests GETs of a 20 KB page, as a ratio to
  urllib (the baseline), over --runs interleaved runs;
* import: median CPU cost of importing the client in a fresh interpreter,
  over --runs interleaved runs, and the packages it brings (beyond the stdlib).
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from importlib import metadata

from packaging.requirements import Requirement

from redline.snapshots.localweb import LocalWeb, Reply

CLIENTS = ("urllib", "urllib3", "requests", "httpx")
CAP = 1 << 20
CHUNK = 64 * 1024
TIMEOUT = 1.0
PAGE = ("<html><body>" + "<p>Remarks as delivered.</p>" * 700 + "</body></html>").encode()


class Client:
    """One library behind the interface the checks need: ``get`` returns (status, headers, final URL, chunks)."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "urllib3":
            import urllib3

            self.pool = urllib3.PoolManager(retries=urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=20))
        elif name == "requests":
            import requests

            self.session = requests.Session()
        elif name == "httpx":
            import httpx

            self.httpx = httpx.Client(follow_redirects=True)

    def get(self, url: str, timeout: float = 10.0):
        if self.name == "urllib":
            import urllib.request

            response = urllib.request.urlopen(url, timeout=timeout)
            return response.status, dict(response.headers), response.geturl(), iter(lambda: response.read(CHUNK), b"")
        if self.name == "urllib3":
            import urllib3

            response = self.pool.request("GET", url, preload_content=False, timeout=urllib3.Timeout(timeout, timeout))
            return response.status, dict(response.headers), response.geturl(), response.stream(CHUNK)
        if self.name == "requests":
            response = self.session.get(url, stream=True, timeout=(timeout, timeout))
            return response.status_code, dict(response.headers), response.url, response.iter_content(CHUNK)
        request = self.httpx.build_request("GET", url, timeout=timeout)
        response = self.httpx.send(request, stream=True)
        return response.status_code, dict(response.headers), str(response.url), response.iter_bytes(CHUNK)


def outcome(action) -> str:
    """What ``action`` did: its value, or the exception it raised (type and first words)."""
    try:
        return action()
    except Exception as exc:  # noqa: BLE001 (a comparison reports every failure)
        return f"raised {type(exc).__name__}: {str(exc)[:60]}"


def read_capped(chunks, cap: int = CAP) -> int:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total >= cap:
            break
    return total


def checks(name: str, web: LocalWeb, backlog_port: int) -> dict[str, str]:
    client = Client(name)
    found: dict[str, str] = {}
    web.serve("/page", Reply(200, PAGE, {"Content-Type": "text/html; charset=GB2312"}))
    web.serve("/moved", Reply(302, b"", {"Location": "/page"}))
    web.serve("/loop", Reply(302, b"", {"Location": "/loop"}))
    web.serve("/to-ftp", Reply(302, b"", {"Location": "ftp://127.0.0.1/x"}))
    web.serve("/to-file", Reply(302, b"", {"Location": "file:///etc/hostname"}))
    web.serve("/gzip", Reply(200, gzip.compress(PAGE), {"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    web.serve("/bomb", Reply(200, gzip.compress(bytes(64 << 20), 9),
                             {"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    web.serve("/stall", Reply(200, b"late", {"Content-Type": "text/html"}, stall=4))
    web.serve("/drip", Reply(200, b"x" * 40, {"Content-Type": "text/html"}, drip=0.1))

    found["final URL"] = outcome(lambda: "yes" if client.get(web.url("/moved"))[2].endswith("/page") else "no")
    before = len(web.requests)
    found["redirect loop"] = outcome(lambda: f"followed: status {client.get(web.url('/loop'))[0]}")
    found["redirect loop"] += f" ({len(web.requests) - before} requests)"
    found["to ftp://"] = outcome(lambda: f"followed: status {client.get(web.url('/to-ftp'))[0]}")
    found["to file://"] = outcome(lambda: f"followed: status {client.get(web.url('/to-file'))[0]}")
    found["file:// URL"] = outcome(lambda: f"opened ({read_capped(client.get('file:///etc/hostname')[3])} bytes)")
    found["gzip decoded"] = outcome(lambda: "yes" if b"".join(client.get(web.url("/gzip"))[3]) == PAGE else "no")

    def bomb() -> str:
        tracemalloc.start()
        try:
            read = read_capped(client.get(web.url("/bomb"))[3])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return f"read {read >> 10} KiB, peak {peak / 2**20:.1f} MiB"

    found["gzip bomb, 1 MiB cap"] = outcome(bomb)
    found["Content-Type as sent"] = outcome(lambda: client.get(web.url("/page"))[1].get("Content-Type")
                                            or client.get(web.url("/page"))[1].get("content-type"))
    found["connect timeout"] = timed(lambda: client.get(f"http://127.0.0.1:{backlog_port}/", TIMEOUT))
    found["stalled body"] = timed(lambda: b"".join(client.get(web.url("/stall"), TIMEOUT)[3]))
    found["drip, 1 s timeout"] = timed(lambda: b"".join(client.get(web.url("/drip"), TIMEOUT)[3]))
    return found


def timed(action) -> str:
    start = time.perf_counter()
    result = outcome(action)
    elapsed = time.perf_counter() - start
    shown = "completed" if isinstance(result, bytes) else result.split(":")[0]
    return f"{shown} after {elapsed:.1f} s"


def full_backlog() -> tuple[socket.socket, list[socket.socket]]:
    """A listening socket whose accept queue is full: a connect to it hangs until its timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(server.getsockname())
        fillers.append(filler)
    time.sleep(0.1)
    return server, fillers


def speed(names, web: LocalWeb, count: int, runs: int) -> dict[str, tuple[float, int]]:
    """Median seconds for ``count`` GETs per client (interleaved runs), and the connections one run opened."""
    times: dict[str, list[float]] = {name: [] for name in names}
    connections: dict[str, int] = {}
    for _ in range(runs):
        for name in names:
            client = Client(name)
            before = web.connections
            start = time.perf_counter()
            for _ in range(count):
                b"".join(client.get(web.url("/page"))[3])
            times[name].append(time.perf_counter() - start)
            connections[name] = web.connections - before
    return {name: (statistics.median(times[name]), connections[name]) for name in names}


MODULES = {"urllib": "urllib.request", "urllib3": "urllib3", "requests": "requests", "httpx": "httpx"}


def import_cost(names, runs: int) -> dict[str, float]:
    """Median CPU ms to import each client in a fresh interpreter, less ``python -c pass``.

    CPU time of the child (user + system), steadier than wall time on a shared machine.
    """
    samples: dict[str, list[float]] = {name: [] for name in ("pass", *names)}
    for _ in range(runs):
        for name in samples:
            code = "pass" if name == "pass" else f"import {MODULES[name]}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", code], check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            samples[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    base = statistics.median(samples.pop("pass"))
    return {name: (statistics.median(values) - base) * 1000 for name, values in samples.items()}


def dependencies(name: str) -> list[str]:
    """The distributions ``name`` installs, itself included (required, not optional, extras)."""
    if name == "urllib":
        return []
    seen, todo = [], [name]
    while todo:
        dist = todo.pop()
        if dist.lower() in (s.lower() for s in seen):
            continue
        seen.append(dist)
        for line in metadata.requires(dist) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return [f"{d} {metadata.version(d)}" for d in seen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    missing = [name for name in CLIENTS[2:] if not _installed(name)]
    if missing:
        sys.exit(f"pip install {' '.join(missing)} first: they are candidates, not redline's dependencies")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    backlog, fillers = full_backlog()
    with LocalWeb() as web:
        results = {name: checks(name, web, backlog.getsockname()[1]) for name in CLIENTS}
        timing = speed(CLIENTS, web, args.requests, args.runs)
    backlog.close()
    for filler in fillers:
        filler.close()
    imports = import_cost(CLIENTS, args.runs)
    rows = list(next(iter(results.values())))
    print("\n| check | " + " | ".join(CLIENTS) + " |\n|---|" + "---|" * len(CLIENTS))
    for row in rows:
        print(f"| {row} | " + " | ".join(results[name][row] for name in CLIENTS) + " |")
    base = timing["urllib"][0]
    print(f"| {args.requests} GETs, median s (× urllib) | "
          + " | ".join(f"{timing[n][0]:.2f} ({timing[n][0] / base:.2f}×)" for n in CLIENTS) + " |")
    print(f"| connections for {args.requests} GETs | " + " | ".join(str(timing[n][1]) for n in CLIENTS) + " |")
    print("| import, median CPU ms | " + " | ".join(f"{imports[n]:.0f}" for n in CLIENTS) + " |")
    print("| packages installed | " + " | ".join(", ".join(dependencies(n)) or "none (stdlib)" for n in CLIENTS) + " |")


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    main()
