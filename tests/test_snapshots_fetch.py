"""Fetching over HTTP from a real server on 127.0.0.1: statuses, retries, redirects, limits, robots.txt."""

import gzip
import socket
import threading
from pathlib import Path

import pytest

from redline.snapshots.errors import FetchError
from redline.snapshots.fetch import FetchSettings, Fetcher, check_url, display_url, user_agent
from redline.snapshots.localweb import Reply

WEB = Path(__file__).parent / "fixtures" / "web"
PAGE = (WEB / "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
# Quick settings: no waiting between requests, short timeouts; tests that need more say so.
QUICK = FetchSettings(connect_timeout=2, timeout=2, delay=0, retries=2, backoff=0.01, robots=False)


class Waits:
    """A stand-in for time.sleep that records the waits instead of sleeping."""

    def __init__(self):
        self.seconds = []

    def __call__(self, seconds):
        self.seconds.append(round(seconds, 3))


def fetcher(settings=QUICK, **changes):
    from dataclasses import replace

    return Fetcher(replace(settings, **changes))


def test_a_page_with_its_headers_and_the_user_agent(web):
    url = web.serve("/statement", Reply(200, PAGE, {**HTML, "ETag": '"v1"', "Last-Modified": "Sat, 10 Aug 2019 08:00:00 GMT"}))
    with fetcher() as client:
        fetched = client.fetch(url)
    assert (fetched.url, fetched.final_url, fetched.status, fetched.body) == (url, url, 200, PAGE)
    assert (fetched.content_type, fetched.etag, fetched.last_modified) == (
        "text/html; charset=utf-8", '"v1"', "Sat, 10 Aug 2019 08:00:00 GMT")
    assert fetched.fetched_at.tzinfo is not None
    assert web.requests[0].headers["user-agent"] == user_agent()
    assert user_agent().startswith("redline/")


def test_conditional_get_answers_304_until_the_page_changes(web):
    pages = {"etag": '"v1"', "body": PAGE}

    def page(seen):
        if seen.headers.get("if-none-match") == pages["etag"]:
            return Reply(304, headers={"ETag": pages["etag"]})
        return Reply(200, pages["body"], {**HTML, "ETag": pages["etag"]})

    url = web.serve("/statement", page)
    with fetcher() as client:
        first = client.fetch(url)
        unchanged = client.fetch(url, etag=first.etag)
        pages.update(etag='"v2"', body=PAGE.replace("答记者问".encode(), "答问".encode()))
        changed = client.fetch(url, etag=first.etag)
    assert (unchanged.status, unchanged.not_modified, unchanged.body, unchanged.etag) == (304, True, b"", '"v1"')
    assert (changed.status, changed.etag, changed.body) == (200, '"v2"', pages["body"])
    assert [r.headers.get("if-none-match") for r in web.requests] == [None, '"v1"', '"v1"']


def test_if_modified_since_is_sent(web):
    url = web.serve("/statement", Reply(304))
    with fetcher() as client:
        fetched = client.fetch(url, last_modified="Sat, 10 Aug 2019 08:00:00 GMT")
    assert fetched.not_modified
    assert web.requests[0].headers["if-modified-since"] == "Sat, 10 Aug 2019 08:00:00 GMT"


def test_a_304_to_an_unconditional_request_is_an_error(web):
    url = web.serve("/statement", Reply(304))
    with fetcher() as client, pytest.raises(FetchError, match=r": HTTP 304 Not Modified$"):
        client.fetch(url)


def test_404_fails_at_once(web):
    url = web.url("/gone")
    with fetcher() as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: HTTP 404 Not Found"
    assert web.paths() == ["/gone"]


def test_500_is_retried_with_backoff_and_can_pass(web):
    answers = iter([Reply(500), Reply(503, headers={"Retry-After": "0"}), Reply(200, PAGE, HTML)])
    url = web.serve("/statement", lambda seen: next(answers))
    waits = Waits()
    with Fetcher(QUICK, sleep=waits) as client:
        fetched = client.fetch(url)
    assert fetched.body == PAGE
    assert web.paths() == ["/statement"] * 3
    assert waits.seconds == [0.01, 0.02]


def test_500_every_time_fails_after_the_retries(web):
    url = web.serve("/statement", Reply(500))
    waits = Waits()
    with Fetcher(QUICK, sleep=waits) as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: HTTP 500 Internal Server Error"
    assert len(web.requests) == 3
    assert len(waits.seconds) == 2


def test_a_long_retry_after_is_not_waited_for(web):
    url = web.serve("/statement", Reply(503, headers={"Retry-After": "3600"}))
    with Fetcher(QUICK, sleep=Waits()) as client, pytest.raises(FetchError, match="asks to wait 3600 s"):
        client.fetch(url)
    assert len(web.requests) == 1


def test_redirects_are_followed_and_the_final_url_kept(web):
    web.serve("/old", Reply(301, headers={"Location": "/middle"}))
    web.serve("/middle", Reply(302, headers={"Location": web.url("/statement")}))
    web.serve("/statement", Reply(200, PAGE, HTML))
    with fetcher() as client:
        fetched = client.fetch(web.url("/old"))
    assert (fetched.url, fetched.final_url, fetched.body) == (web.url("/old"), web.url("/statement"), PAGE)


def test_a_redirect_loop_is_caught(web):
    web.serve("/a", Reply(302, headers={"Location": "/b"}))
    web.serve("/b", Reply(302, headers={"Location": "/a"}))
    with fetcher() as client, pytest.raises(FetchError) as caught:
        client.fetch(web.url("/a"))
    assert str(caught.value) == f"{web.url('/a')}: redirect loop ({web.url('/b')} redirects to {web.url('/a')}, seen before)"
    assert web.paths() == ["/a", "/b"]


def test_too_many_redirects(web):
    for n in range(5):
        web.serve(f"/{n}", Reply(302, headers={"Location": f"/{n + 1}"}))
    with fetcher(max_redirects=3) as client, pytest.raises(FetchError, match="more than 3 redirects$"):
        client.fetch(web.url("/0"))


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/statement.txt"])
def test_a_redirect_out_of_http_is_refused(web, target):
    url = web.serve("/statement", Reply(302, headers={"Location": target}))
    with fetcher() as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: redirected to {target}: only http and https URLs are fetched"


def test_a_redirect_to_a_malformed_url_is_refused(web):
    url = web.serve("/statement", Reply(302, headers={"Location": "http://[::1/x"}))
    with fetcher() as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: redirected to http://[::1/x: not a valid URL (a malformed host or port)"


def test_a_slow_answer_times_out_and_is_retried(web):
    url = web.serve("/statement", Reply(200, PAGE, HTML, delay=3))
    with fetcher(timeout=0.3, retries=1) as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: no complete answer within 0.3 s (2 attempts)"
    assert len(web.requests) == 2


def test_a_body_dripped_byte_by_byte_cannot_outlast_the_deadline(web):
    # 200 bytes at 0.05 s each take 10 s; each byte alone comes well within any read timeout.
    url = web.serve("/statement", Reply(200, PAGE[:200], HTML, drip=0.05))
    with fetcher(timeout=0.5, retries=0) as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: no complete answer within 0.5 s"


def test_a_declared_oversize_body_is_refused_before_reading(web):
    url = web.serve("/statement", Reply(200, PAGE, HTML))
    with fetcher(max_bytes=1000) as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: the body is {len(PAGE)} bytes, over the limit of 1000"


def test_a_compressed_body_is_cut_at_the_limit_while_decoding(web):
    bomb = gzip.compress(bytes(50 * 2**20), 9)  # 50 MiB of zeros, about 50 KB on the wire
    url = web.serve("/statement", Reply(200, bomb, {**HTML, "Content-Encoding": "gzip"}))
    with fetcher(max_bytes=2**20) as client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    assert str(caught.value) == f"{url}: the body is over the limit of {2**20} bytes"


def test_gzip_is_asked_for_and_decoded(web):
    url = web.serve("/statement", Reply(200, gzip.compress(PAGE), {**HTML, "Content-Encoding": "gzip"}))
    with fetcher() as client:
        fetched = client.fetch(url)
    assert fetched.body == PAGE
    assert "gzip" in web.requests[0].headers["accept-encoding"]


def test_robots_txt_is_obeyed_by_default(web):
    web.serve("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    web.serve("/private/statement", Reply(200, PAGE, HTML))
    url = web.serve("/statement", Reply(200, PAGE, HTML))
    with fetcher(robots=True) as client:
        assert client.fetch(url).body == PAGE
        with pytest.raises(FetchError) as caught:
            client.fetch(web.url("/private/statement"))
    assert str(caught.value) == (
        f"{web.url('/private/statement')}: robots.txt of {web.origin} disallows this page for redline "
        "(--ignore-robots, or robots = false in redline.toml's [fetch], fetches it anyway)")
    assert web.paths() == ["/robots.txt", "/statement"]  # robots.txt read once; the disallowed page never asked


def test_robots_txt_can_be_ignored(web):
    web.serve("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n"))
    url = web.serve("/statement", Reply(200, PAGE, HTML))
    with fetcher(robots=False) as client:
        assert client.fetch(url).body == PAGE
    assert web.paths() == ["/statement"]


def test_a_redirect_to_a_disallowed_page_is_not_followed(web):
    web.serve("/robots.txt", Reply(200, b"User-agent: redline\nDisallow: /archive/\n"))
    url = web.serve("/statement", Reply(302, headers={"Location": "/archive/statement"}))
    with fetcher(robots=True) as client, pytest.raises(FetchError, match="disallows this page"):
        client.fetch(url)
    assert web.paths() == ["/robots.txt", "/statement"]


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (503, False)])
def test_robots_txt_missing_allows_and_unavailable_forbids(web, status, allowed):
    web.serve("/robots.txt", Reply(status))
    url = web.serve("/statement", Reply(200, PAGE, HTML))
    with Fetcher(FetchSettings(delay=0, backoff=0, robots=True), sleep=Waits()) as client:
        if allowed:
            assert client.fetch(url).body == PAGE
        else:
            with pytest.raises(FetchError, match="robots.txt of .* disallows"):
                client.fetch(url)


def test_one_request_per_host_at_a_time_with_the_delay_between(web):
    active, most = [0], [0]
    lock = threading.Lock()

    def slow(seen):
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        threading.Event().wait(0.1)
        with lock:
            active[0] -= 1
        return Reply(200, PAGE, HTML)

    url = web.serve("/statement", slow)
    waits = Waits()
    with Fetcher(FetchSettings(delay=7, robots=False), sleep=waits, clock=lambda: 100.0) as client:
        threads = [threading.Thread(target=client.fetch, args=(url,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert most[0] == 1
    assert len(web.requests) == 3
    assert waits.seconds == [7.0, 7.0]  # the clock stands still: every later request waits the full delay


def test_connections_are_reused(web):
    url = web.serve("/statement", Reply(200, PAGE, HTML))
    with fetcher() as client:
        for _ in range(5):
            client.fetch(url)
    assert web.connections == 1


def test_an_unreachable_host(web):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connections are refused
        url = f"http://127.0.0.1:{port}/statement"
        with fetcher() as client, pytest.raises(FetchError) as caught:
            client.fetch(url)
    assert str(caught.value) == f"{url}: cannot connect to 127.0.0.1:{port} (Connection refused)"


def test_a_connection_that_never_opens_times_out_and_is_retried():
    # A listening socket whose accept queue is full: the kernel drops further connection requests.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        fillers = [socket.socket() for _ in range(4)]
        try:
            for filler in fillers:
                filler.setblocking(False)
                filler.connect_ex(server.getsockname())
            url = f"http://127.0.0.1:{server.getsockname()[1]}/statement"
            with fetcher(connect_timeout=0.3, retries=1) as client, pytest.raises(FetchError) as caught:
                client.fetch(url)
        finally:
            for filler in fillers:
                filler.close()
    assert str(caught.value) == f"{url}: no connection within 0.3 s (2 attempts)"


def test_a_dns_failure(monkeypatch):
    def no_such_name(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with fetcher() as client, pytest.raises(FetchError) as caught:
        client.fetch("https://statements.invalid/remarks")
    assert str(caught.value) == "https://statements.invalid/remarks: cannot resolve the host name statements.invalid (DNS)"


def test_a_tls_error(web):
    url = web.url("/statement").replace("http://", "https://")  # a plain HTTP server cannot shake hands
    with fetcher() as client, pytest.raises(FetchError, match=rf"^{url}: TLS error \(.+\)$"):
        client.fetch(url)


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "only http and https URLs are fetched"),
    ("ftp://example.org/remarks.txt", "only http and https URLs are fetched"),
    ("https:///remarks", "no host name"),
    ("http://127.0.0.1:port/", "not a valid URL (a malformed host or port)"),
    ("http://127.0.0.1:99999/", "not a valid URL (a malformed host or port)"),
    ("http://[::1/", "not a valid URL (a malformed host or port)"),
    ("http://[zz]/", "not a valid URL (a malformed host or port)"),
])
def test_urls_that_are_refused(url, reason):
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert str(caught.value) == f"{url}: {reason}"


def test_an_internationalised_host_name_is_asked_for_in_ascii():
    assert check_url("http://例子.测试/讲话?id=1") == "http://xn--fsqu00a.xn--0zwm56d/%E8%AE%B2%E8%AF%9D?id=1"


def test_credentials_are_refused_and_never_shown():
    with pytest.raises(FetchError) as caught:
        check_url("https://ada:s3cret@example.org/remarks")
    assert "s3cret" not in str(caught.value)
    assert str(caught.value).startswith("https://***@example.org/remarks: URLs with a user name or password")


def test_urls_are_shown_without_controls_or_spaces():
    assert display_url("https://example.org/a b\x1b[31m/讲话") == "https://example.org/a%20b%1B[31m/%E8%AE%B2%E8%AF%9D"


def test_the_tests_cannot_reach_the_network():
    with socket.socket() as sock, pytest.raises(pytest.fail.Exception, match="may only use 127.0.0.1"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: would hang or fail if the guard let it through
    with pytest.raises(pytest.fail.Exception, match="may only use 127.0.0.1"):
        socket.getaddrinfo("example.org", 443)
