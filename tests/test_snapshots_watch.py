"""The library under ``watch``: sighting records of fetched pages (untrusted), settings records, one commit for
many statements, tiers by age, the loop, public addresses only, notifications."""

import json
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from redline.core.sources import Settings
from redline.snapshots import Archive, capture, notify
from redline.snapshots.errors import FetchError
from redline.snapshots.fetch import FetchSettings, Fetcher, check_public
from redline.snapshots.localweb import Reply
from redline.snapshots.records import BadRecord
from redline.snapshots.settings import SettingsRecord
from redline.snapshots.sightings import Sighting
from redline.snapshots.watch import TIERS, Watched, due, every, interval

WEB = Path(__file__).parent / "fixtures" / "web"
PAGE = (WEB / "govuk_health_sec_statement_2021-03-01.v1.html").read_bytes()
NOON = datetime(2025, 11, 23, 12, tzinfo=timezone.utc)
QUICK = FetchSettings(delay=0, retries=0, timeout=5)
DIGEST = "a" * 64
FETCHED = {
    "id": "gov/x", "key": "aaaaaaaaaaaa-20251123T120000Z", "sha256": DIGEST, "size": 10,
    "retrieved": "2025-11-23T12:00:00.000000Z",
    "extraction": {"original": "b" * 64, "size": 20, "kind": "html", "extractor": "readability-lxml",
                   "version": "0.9+redline.1", "select": None, "ignore": ["^Updated"], "encoding": None},
    "fetch": {"url": "https://example.org/a", "final_url": "https://example.org/b", "status": 200,
              "time": "2025-11-23T12:00:00.000000Z", "content_type": "text/html", "etag": '"1"',
              "last_modified": None},
}


def with_field(record: str, name: str, value) -> dict:
    return {**FETCHED, record: {**FETCHED[record], name: value}}


# -- records ---------------------------------------------------------------------------------------
def test_a_fetched_sighting_reads_back_as_written():
    sighting = Sighting.from_dict(FETCHED)
    assert sighting.original == "b" * 64 and sighting.fetch.final_url == "https://example.org/b"
    assert Sighting.from_json(sighting.to_json()) == sighting
    assert json.loads(sighting.to_json())["extraction"]["ignore"] == ["^Updated"]


def test_a_text_files_sighting_is_written_as_before():
    plain = Sighting("gov/x", "aaaaaaaaaaaa-20251123T120000Z", DIGEST, 10, "2025-11-23T12:00:00.000000Z")
    assert set(json.loads(plain.to_json())) == {"id", "key", "sha256", "size", "retrieved", "date", "label",
                                                "source", "note", "file", "encoding", "version"}


@pytest.mark.parametrize("record, name, value", [
    ("fetch", "url", "file:///etc/passwd"),
    ("fetch", "url", "https://example.org/\x1b[2J"),
    ("fetch", "url", "https://" + "a" * 3000),
    ("fetch", "final_url", None),
    ("fetch", "status", 304),
    ("fetch", "status", "200"),
    ("fetch", "status", True),
    ("fetch", "time", "yesterday"),
    ("fetch", "etag", "x" * 2000),
    ("fetch", "content_type", "text/html\nX-Injected: 1"),
    ("extraction", "original", "../../etc/passwd"),
    ("extraction", "kind", "exe"),
    ("extraction", "size", -1),
    ("extraction", "ignore", "^Updated"),
    ("extraction", "ignore", ["ok", 3]),
    ("extraction", "ignore", [""]),
    ("extraction", "ignore", ["x"] * 101),
    ("extraction", "select", "p" * 600),
    ("extraction", "extractor", None),
])
def test_every_field_of_a_fetch_is_checked(record, name, value):
    with pytest.raises(BadRecord):
        Sighting.from_dict(with_field(record, name, value), "statements/gov/x/_sightings/k.json")


@pytest.mark.parametrize("record", ["fetch", "extraction"])
def test_a_record_that_is_not_an_object_is_refused(record):
    with pytest.raises(BadRecord):
        Sighting.from_dict({**FETCHED, record: ["not", "an", "object"]})


@pytest.mark.parametrize("change, problem", [
    ({"select": "p[[["}, "not a valid CSS selector"),
    ({"ignore": ["(unclosed"]}, "not a valid regular expression"),
    ({"id": "../x"}, "not a statement ID"),
    ({"time": "noon"}, "not in the form"),
])
def test_settings_records_are_checked_as_the_command_line_would_be(change, problem):
    record = {"id": "gov/x", "time": "2025-11-23T12:00:00.000000Z", "select": None, "ignore": [], **change}
    with pytest.raises(BadRecord, match=problem.replace("(", r"\(")):
        SettingsRecord.from_json(json.dumps(record).encode(), "statements/gov/x/_settings/x.json")


# -- one commit for many statements --------------------------------------------------------------
def test_add_all_records_several_statements_in_one_commit_and_each_finds_its_commit(fixed_git, tmp_path):
    archive = Archive.init(tmp_path / "archive")
    archive.add("a", b"Remarks\n\nSPEAKER: One.\n", retrieved=NOON)
    texts = {"a": b"Remarks\n\nSPEAKER: Two.\n", "b": b"Remarks\n\nSPEAKER: Three.\n", "c": b"Remarks\n\nSPEAKER: Four.\n"}
    tip = archive.tip()
    results = archive.add_all([archive.prepare(i, t, retrieved=NOON + timedelta(hours=1)) for i, t in texts.items()],
                              "redline: watch: 3 changed")
    assert {r.commit for r in results} != {None} and len({r.commit for r in results}) == 1
    commit = results[0].commit
    assert archive.git.out("rev-list", "--count", f"{tip}..{commit}") == "1"
    claims = archive.store.trailer_claims(commit, f"^{tip}")
    assert sorted((i, k) for _, i, k in claims) == sorted((r.id, r.sighting.key) for r in results)
    for result in results:
        assert archive.statement(result.id, commits=True).version.commit == commit
    # Nothing new: no commit at all.
    again = archive.add_all([archive.prepare(i, t) for i, t in texts.items()])
    assert [r.commit for r in again] == [None] * 3 and archive.tip() == commit


def test_add_all_takes_one_addition_per_statement(fixed_git, tmp_path):
    archive = Archive.init(tmp_path / "archive")
    one = archive.prepare("a", b"Remarks\n\nSPEAKER: One.\n")
    with pytest.raises(ValueError):
        archive.add_all([one, one])


# -- tiers and the loop ----------------------------------------------------------------------------
def watched(changed_at: datetime) -> Watched:
    return Watched("gov/x", Sighting.from_dict(FETCHED), Settings(), changed_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


@pytest.mark.parametrize("age, every_", [
    (timedelta(hours=1), timedelta(minutes=15)),
    (timedelta(hours=5), timedelta(minutes=30)),
    (timedelta(days=3), timedelta(hours=2)),
    (timedelta(days=20), timedelta(days=1)),
    (timedelta(days=400), timedelta(days=7)),
])
def test_recent_statements_are_checked_more_often(age, every_):
    target = watched(NOON - age)
    assert interval(target.changed_at, NOON) == every_
    checked = lambda ago: (NOON - ago).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: E731
    assert due(target, None, NOON)
    assert due(target, checked(every_), NOON)
    assert due(target, checked(every_ * 0.95), NOON)  # a scheduled run a little early still counts
    assert not due(target, checked(every_ * 0.8), NOON)


def test_tiers_get_longer_with_age():
    intervals = [every_ for _, every_ in TIERS]
    assert intervals == sorted(intervals) and TIERS[-1][0] is None


def test_every_keeps_the_period_from_start_to_start():
    now, waits, runs = [0.0], [], []

    def job():
        runs.append(now[0])
        now[0] += 3.0  # each run takes 3 s
        return len(runs)

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    assert every(10.0, job, runs=3, sleep=sleep, clock=lambda: now[0]) == 3
    assert runs == [0.0, 10.0, 20.0] and waits == [7.0, 7.0]
    assert every(2.0, job, runs=1, sleep=sleep, clock=lambda: now[0]) == 4 and waits == [7.0, 7.0]


# -- public addresses only ---------------------------------------------------------------------------
@pytest.mark.parametrize("url, kind", [
    ("http://10.1.2.3/x", "private"),
    ("http://192.168.0.10/x", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://127.0.0.1:9/x", "loopback"),
    ("http://[::1]/x", "loopback"),
    ("http://[::ffff:10.0.0.1]/x", "private"),
    ("http://0.0.0.0/x", "unspecified"),
    ("http://localhost:9/x", "loopback"),
    ("http://[2002:7f00:1::]/x", "loopback"),  # 6to4 of 127.0.0.1
    ("http://[2002:a00:1::]/x", "private"),  # 6to4 of 10.0.0.1
    ("http://[fec0::1]/x", "site-local"),
])
def test_urls_on_addresses_that_are_not_public_are_refused_before_connecting(url, kind):
    with pytest.raises(FetchError, match=f"is a {kind} address"):
        check_public(url)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match=f"is a {kind} address"):
        fetcher.fetch(url, public_only=True)  # no connection: the loopback guard would fail the test otherwise


def test_a_redirect_to_a_private_address_is_refused(web, monkeypatch):
    url = web.serve("/jump", Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    from redline.snapshots import fetch

    real = fetch.not_public  # the test server stands for a public one
    monkeypatch.setattr(fetch, "not_public", lambda host, port: None if host == "127.0.0.1" else real(host, port))
    monkeypatch.setattr(fetch, "_peer_problem", lambda host, peer: None)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="169.254.169.254 is a link-local address"):
        fetcher.fetch(url, public_only=True)


def test_a_robots_txt_redirect_to_a_private_address_is_refused(web, monkeypatch):
    """robots.txt is read on the way to every page: its redirects are held to public addresses too."""
    web.serve("/robots.txt", Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    url = web.serve("/page", Reply(200, PAGE, {"Content-Type": "text/html"}))
    from redline.snapshots import fetch

    real = fetch.not_public  # the test server stands for a public one
    monkeypatch.setattr(fetch, "not_public", lambda host, port: None if host == "127.0.0.1" else real(host, port))
    monkeypatch.setattr(fetch, "_peer_problem", lambda host, peer: None)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="169.254.169.254 is a link-local address"):
        fetcher.fetch(url, public_only=True)
    assert web.paths() == ["/robots.txt"]


def test_a_connection_that_reaches_an_address_that_turned_private_sends_nothing(web, monkeypatch):
    """A name that resolved to a public address when checked, then to a private one when connecting."""
    from redline.snapshots import fetch

    url = web.serve("/page", Reply(200, PAGE, {"Content-Type": "text/html"}))
    monkeypatch.setattr(fetch, "not_public", lambda host, port: None)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="127.0.0.1 reached a loopback address"):
        fetcher.fetch(url, public_only=True)
    assert web.paths() == []  # not even robots.txt: refused before a byte was sent
    with Fetcher(QUICK) as fetcher:
        assert fetcher.fetch(url).body == PAGE  # a URL the user gave: any address


def test_a_host_that_does_not_resolve_for_the_check_is_not_taken_as_public(web, monkeypatch):
    # urllib3 decodes a percent-escaped host (127.0.0.1 here) that the resolver does not take.
    import socket

    guarded = socket.getaddrinfo  # the suite's: only 127.0.0.1; the C library's says "unknown" to this name

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and host.startswith("%"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return guarded(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    url = web.serve("/admin", Reply(200, PAGE, {"Content-Type": "text/html"}))
    escaped = url.replace("127.0.0.1", "%31%32%37.0.0.1")
    with pytest.raises(FetchError, match=r"cannot resolve the host name %31%32%37\.0\.0\.1 \(DNS\), so it cannot "
                                         "be checked to be public"):
        check_public(escaped)
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError, match="so it cannot be checked to be public"):
        fetcher.fetch(escaped, public_only=True)
    assert web.paths() == []


# -- reading a fetched page ----------------------------------------------------------------------------
def test_capture_keeps_the_page_and_how_its_text_was_found(web):
    url = web.serve("/page", Reply(200, PAGE, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}))
    with Fetcher(QUICK) as fetcher:
        found = capture.fetch(fetcher, url, own=Settings(ignore=("^Published",)))
    original = found.original()
    assert original.data == PAGE and original.extraction.kind == "html"
    assert original.extraction.ignore == ("^Published",) and original.fetch.etag == '"v1"'
    assert found.stored == found.extracted.text.encode() and not found.as_read
    assert capture.current(original.extraction, original.fetch, Settings(ignore=("^Published",)))
    assert not capture.current(original.extraction, original.fetch, Settings())
    assert not capture.current(original.extraction, original.fetch, Settings(select="main", ignore=("^Published",)))


# -- notifications -------------------------------------------------------------------------------
def message() -> notify.Message:
    return notify.Message("gov/x", "Title: new version @2", "gov/x @2: 1 modified", {"schema": 1, "id": "gov/x"})


def test_a_webhook_from_redline_toml_is_not_posted_to_a_private_address(web):
    hook = web.serve("/hook", Reply(204))
    (failure,) = notify.send([notify.Target(hook, trusted=False)], [message()])
    assert failure.id == "gov/x" and "127.0.0.1 is a loopback address" in failure.error
    assert web.requests == []
    assert notify.send([notify.Target(hook, trusted=False)], [message()], allow_private=True) == []
    assert notify.send([notify.Target(hook)], [message()]) == []
    assert [json.loads(s.body) for s in web.requests] == [{"schema": 1, "id": "gov/x"}] * 2


def test_a_webhook_whose_name_turned_private_at_connect_time_is_sent_nothing(web, monkeypatch):
    from redline.snapshots import fetch

    hook = web.serve("/hook", Reply(204))
    monkeypatch.setattr(notify, "public_problem", lambda url: None)  # the name passed the check, then changed
    (failure,) = notify.send([notify.Target(hook, trusted=False)], [message()])
    assert failure.error.startswith("127.0.0.1 reached a loopback address (127.0.0.1)")
    assert web.requests == []
    monkeypatch.setattr(fetch, "_peer_problem", lambda host, peer: None)  # the test server stands for a public one
    assert notify.send([notify.Target(hook, trusted=False)], [message()]) == [] and len(web.requests) == 1


def test_a_webhook_that_does_not_answer_is_a_failure_not_an_error(monkeypatch):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    (failure,) = notify.send([notify.Target(f"http://127.0.0.1:{port}/hook")], [message()])
    assert failure.target == f"http://127.0.0.1:{port}/…" and "could not POST" in failure.error


def test_targets_are_shown_without_their_secrets():
    assert notify.Target("https://user@hooks.example.org/T000/B000/XXXX").shown == "https://hooks.example.org/…"
    assert notify.Target("tgram://123456:ABCDEF/987").shown == "tgram://…"


def test_a_notify_url_is_read_as_written_around_spaces_and_malformed_hosts():
    assert notify.Target(" https://hooks.example.org/x\t").webhook
    assert notify.Target(" https://hooks.example.org/x").shown == "https://hooks.example.org/…"
    assert notify.Target("https://[hooks/x").shown == "https://…"  # no host to show; nothing raised
    assert not notify.Target("slack://token@channel").webhook
