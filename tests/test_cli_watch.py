"""``redline watch``: real pages served from 127.0.0.1 and changed between runs, an archive in git,
notifications received by a local webhook (and by apprise through a json:// URL)."""

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from redline.cli.testing import run
from redline.snapshots.localweb import Reply

FIXTURES = Path(__file__).parent / "fixtures"
WEB = FIXTURES / "web"
GOVUK_V1 = (WEB / "govuk_health_sec_statement_2021-03-01.v1.html").read_bytes()
GOVUK_V2 = (WEB / "govuk_health_sec_statement_2021-03-01.v2.html").read_bytes()
FMPRC = (WEB / "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong.html").read_bytes()
FMPRC_GBK = (WEB / "zh_fmprc_2019-08-10.gbk.html").read_bytes()
FMPRC_GBK_BARE = (WEB / "zh_fmprc_2019-08-10.gbk-nometa.html").read_bytes()
WHITEHOUSE = (WEB / "en_whitehouse_2012_remarks-first-lady-campaign-event-la-jolla.html").read_bytes()
PDF = (WEB / "pdf" / "en_nz-pm_2020-05-05_pages-1-2-8.pdf").read_bytes()
# The GOV.UK page with a view counter in its body: noise that --ignore drops.
COUNTED = GOVUK_V1.replace(b"<p>And if we can do that", b"<p>Page views: 1041</p><p>And if we can do that")
HTML = "text/html; charset=utf-8"
# Quick, patient enough for a loaded machine: no delay between requests, one retry, short timeouts.
QUICK = "[fetch]\ndelay = 0\nretries = 1\nbackoff = 0.01\ntimeout = 2\nmax-bytes = 200000\n"
LOCAL = "--allow-private-addresses"


class Pages:
    """Pages served by path, changeable between runs; an ETag per body, and 304 for a matching If-None-Match."""

    def __init__(self, web) -> None:
        self.web = web
        self.replies: dict[str, Reply] = {}

    def put(self, path: str, body: bytes | None = None, content_type: str = HTML, reply: Reply | None = None,
            **headers) -> str:
        if reply is None:
            etag = f'"{len(body)}-{hash(body) & 0xffff:x}"'
            reply = Reply(200, body, {"Content-Type": content_type, "ETag": etag, **headers})
        self.replies[path] = reply
        return self.web.serve(path, lambda seen, path=path: self._answer(path, seen))

    def _answer(self, path: str, seen) -> Reply:
        reply = self.replies[path]
        if reply.status == 200 and seen.headers.get("if-none-match") == reply.headers.get("ETag"):
            return Reply(304)
        return reply

    def seen(self, path: str, method: str = "GET"):
        return [s for s in self.web.requests if s.path == path and s.method == method]


@pytest.fixture
def here(fixed_git, tmp_path):
    """An archive (``archive/``) whose redline.toml (at its root, where redline looks) fetches quickly."""
    assert run("init", "archive").exit_code == 0
    (tmp_path / "archive" / "redline.toml").write_text(QUICK, encoding="utf-8")
    return tmp_path


def configure(text: str) -> None:
    with open("archive/redline.toml", "a", encoding="utf-8") as toml:
        toml.write(text)


@pytest.fixture
def pages(web):
    return Pages(web)


def cli(*args):
    return run("--archive", "archive", *args)


def add(ident, url, *options):
    result = cli("add", ident, url, *options)
    assert result.exit_code == 0, result.stderr
    return result


def watch(*args):
    return cli("watch", LOCAL, *args)


def watch_json(*args):
    result = watch("--format", "json", *args)
    return result, json.loads(result.stdout)


def git(*args) -> str:
    return subprocess.run(["git", "-C", "archive", *args], capture_output=True, text=True, check=True).stdout


def commits() -> int:
    return int(git("rev-list", "--count", "HEAD"))


def versions(ident) -> int:
    return len(json.loads(cli("log", "--format", "json", ident).stdout)["versions"])


# -- changed and unchanged -------------------------------------------------------------------------
def test_an_unchanged_run_makes_no_commit_and_records_nothing(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    add("mfa/hk", pages.put("/hk", FMPRC))
    before = git("rev-parse", "HEAD")
    result, report = watch_json()
    assert (result.exit_code, result.stderr) == (0, "")
    assert report == {"schema": 1, "checked": 2, "changed": [], "unchanged": ["govuk/health", "mfa/hk"],
                      "failed": [], "not_due": [], "commit": None, "notifications": {"sent": 0, "failed": []}}
    assert git("rev-parse", "HEAD") == before
    text = watch()
    assert (text.exit_code, text.stdout) == (0, "Checked 2 statements: 0 changed, 2 unchanged, 0 failed; "
                                                "nothing recorded.\n")


def test_a_conditional_get_answered_304_records_nothing(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    assert watch().exit_code == 0
    asked = pages.seen("/health")
    assert asked[-1].headers.get("if-none-match") == pages.replies["/health"].headers["ETag"]
    assert versions("govuk/health") == 1


def test_every_change_of_a_run_goes_into_one_commit(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    add("mfa/hk", pages.put("/hk", FMPRC))
    add("wh/remarks", pages.put("/wh", WHITEHOUSE))
    before = commits()
    pages.put("/health", GOVUK_V2)
    pages.put("/hk", FMPRC.replace("英国政府直接".encode(), "英国政府竟然直接".encode()))
    result, report = watch_json("--exit-code")
    assert result.exit_code == 1, result.stderr
    assert commits() == before + 1
    assert [c["id"] for c in report["changed"]] == ["govuk/health", "mfa/hk"]
    assert report["unchanged"] == ["wh/remarks"] and report["commit"] == git("rev-parse", "HEAD").strip()
    health = report["changed"][0]
    assert health["version"] == 2 and health["summary"]["counts"]["modified"] == 1
    assert health["summary"]["flags"] == {"number": 1}
    assert health["headline"] == "govuk/health @2: 1 modified; flagged: number"
    assert git("log", "-1", "--format=%s") == "redline: watch: 2 changed\n"
    assert git("log", "-1", "--format=%(trailers:key=Redline-Id,valueonly,separator=%x20)") == "govuk/health mfa/hk\n"
    # Each new version names the one commit as the commit that added it.
    for ident in ("govuk/health", "mfa/hk"):
        newest = json.loads(cli("log", "--format", "json", ident).stdout)["versions"][0]
        assert (newest["version"], newest["commit"]) == (2, report["commit"])
    diff = cli("diff", "govuk/health")
    assert "0300 303 2713" in diff.stdout
    assert cli("verify").exit_code == 0


def test_a_change_is_told_against_what_the_page_showed_even_when_it_dates_earlier(here, pages):
    page = "Remarks to the press\n{}\n\nWe met the minister today. Growth was {} percent. Thank you.\n"
    add("gov/watched", pages.put("/w", page.format("2025-03-05", 3).encode(), "text/plain; charset=utf-8"))
    pages.put("/w", page.format("2025-03-01", 4).encode(), "text/plain; charset=utf-8")
    result, report = watch_json()
    assert result.exit_code == 0, result.stderr
    [changed] = report["changed"]
    assert changed["version"] == 1  # its date sorts it first
    assert changed["summary"]["counts"]["modified"] == 1
    assert changed["headline"] == "gov/watched @1: 1 modified; date changed; flagged: number"


def test_text_output_lists_the_changes_in_words(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    pages.put("/health", GOVUK_V2)
    result = watch()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    key = json.loads(cli("show", "--format", "json", "govuk/health").stdout)["key"]
    assert lines[0] == f"changed  govuk/health @2: 1 modified; flagged: number ({key})"
    assert lines[1].startswith("Checked 1 statement: 1 changed, 0 unchanged, 0 failed; commit ")


def test_the_page_is_kept_raw_beside_the_text_and_one_text_is_one_version(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    # Other bytes (a comment, a new ETag), the same statement text: no new version, nothing recorded.
    pages.put("/health", GOVUK_V1.replace(b"</body>", b"<!-- served 12:01 --></body>"))
    assert watch().exit_code == 0 and versions("govuk/health") == 1
    pages.put("/health", GOVUK_V2)
    assert watch().exit_code == 0
    tree = git("ls-tree", "-r", "--name-only", "HEAD", "statements/govuk/health/_original/").split()
    stored = {subprocess.run(["git", "-C", "archive", "cat-file", "blob", f"HEAD:{p}"], capture_output=True).stdout
              for p in tree}
    assert stored == {GOVUK_V1, GOVUK_V2}
    sightings = json.loads(cli("log", "--format", "json", "govuk/health").stdout)["versions"]
    assert len(sightings) == 2


def test_gzip_and_gbk_pages_read_as_the_page_they_encode(here, pages):
    add("mfa/hk", pages.put("/hk", FMPRC))
    add("govuk/health", pages.put("/health", GOVUK_V1))
    pages.put("/hk", FMPRC_GBK, "text/html; charset=gbk")
    pages.put("/health", gzip.compress(GOVUK_V1), HTML, **{"Content-Encoding": "gzip"})
    result, report = watch_json()
    assert result.exit_code == 0, result.stderr
    assert report["unchanged"] == ["govuk/health", "mfa/hk"]
    pages.put("/hk", FMPRC_GBK_BARE, "text/html")
    pages.put("/health", gzip.compress(GOVUK_V2), HTML, **{"Content-Encoding": "gzip"})
    result, report = watch_json()
    assert (result.exit_code, report["unchanged"], [c["id"] for c in report["changed"]]) == (
        0, ["mfa/hk"], ["govuk/health"])


# -- failures ----------------------------------------------------------------------------------------
FAILURES = {
    "http/404": (Reply(404, b"gone"), "HTTP 404"),
    "http/500": (Reply(500, b"down"), "HTTP 500"),
    "http/loop": (None, "redirect loop"),
    "http/slow": (Reply(200, GOVUK_V2, {"Content-Type": HTML}, delay=4), "no complete answer within 2 s"),
    "http/huge": (Reply(200, b"<p>" + b"x" * 300_000 + b"</p>", {"Content-Type": HTML}), "over the limit"),
    "http/empty": (Reply(200, (WEB / "js_shell.html").read_bytes(), {"Content-Type": HTML}), "no statement text"),
}


def test_failures_are_listed_after_the_others_are_recorded_and_exit_2(here, pages):
    add("ok/changed", pages.put("/ok", GOVUK_V1))
    for ident in FAILURES:
        add(ident, pages.put("/" + ident, GOVUK_V1))
    before = commits()
    pages.put("/ok", GOVUK_V2)
    for ident, (reply, _) in FAILURES.items():
        if reply is None:  # /http/loop -> /loop-b -> /http/loop
            pages.web.serve("/loop-b", Reply(302, headers={"Location": "/" + ident}))
            reply = Reply(302, headers={"Location": "/loop-b"})
        pages.put("/" + ident, reply=reply)
    result, report = watch_json()
    assert result.exit_code == 2
    assert commits() == before + 1 and [c["id"] for c in report["changed"]] == ["ok/changed"]
    assert [f["id"] for f in report["failed"]] == sorted(FAILURES)
    for failure in report["failed"]:
        assert FAILURES[failure["id"]][1] in failure["error"], failure
        assert failure["url"] == pages.web.url("/" + failure["id"])
    assert result.stderr.splitlines() == [f"Error: {f['id']}: {f['error']}" for f in report["failed"]]
    assert versions("ok/changed") == 2 and all(versions(ident) == 1 for ident in FAILURES)


def test_urls_from_the_archive_are_not_fetched_from_private_addresses_by_default(here, pages):
    url = pages.put("/health", GOVUK_V1)
    add("govuk/health", url)
    count = len(pages.seen("/health"))
    result = cli("watch")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: govuk/health: {url}: 127.0.0.1 is a loopback address; URLs read from an "
                             "archive or redline.toml are fetched from public addresses only "
                             "(--allow-private-addresses fetches it)\n")
    assert len(pages.seen("/health")) == count  # refused before any request


def test_watching_a_statement_without_a_url_is_an_error(here, pages):
    assert cli("add", "notes/file", FIXTURES / "briefing_v1.txt").exit_code == 0
    result = watch("notes/file")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "notes/file has no sighting fetched from a URL" in result.stderr
    assert watch("no/such").exit_code == 2


def test_only_the_named_statements_are_fetched(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    add("mfa/hk", pages.put("/hk", FMPRC))
    pages.put("/health", GOVUK_V2)
    pages.put("/hk", reply=Reply(404))
    result, report = watch_json("govuk/health")
    assert result.exit_code == 0 and report["checked"] == 1 and report["changed"][0]["id"] == "govuk/health"


# -- remembered settings ------------------------------------------------------------------------------
def test_ignore_given_to_add_is_remembered_and_used_by_watch(here, pages):
    page = COUNTED
    added = add("govuk/health", pages.put("/health", page), "--ignore", "^Page views")
    assert "Remembered for govuk/health" in added.stdout
    pages.put("/health", page.replace(b"1041", b"2210"))
    result, report = watch_json()
    assert (result.exit_code, report["unchanged"]) == (0, ["govuk/health"])
    shown = cli("show", "govuk/health").stdout
    assert "Page views" not in shown


def test_new_settings_alone_are_recorded_and_rederive_reports_what_pages_extract_to_now(here, pages):
    page = COUNTED
    add("govuk/health", pages.put("/health", page))
    before = commits()
    again = add("govuk/health", pages.web.url("/health"), "--ignore", "^Page views")
    assert commits() == before + 1  # the text without the counter is a version, the settings a file beside it
    assert git("show", "--name-only", "--format=", "HEAD").count("/_settings/") == 1
    assert "Remembered" in again.stdout
    unchanged = add("govuk/health", pages.web.url("/health"), "--ignore", "^Page views")
    assert commits() == before + 1 and unchanged.stdout.startswith("Unchanged")
    result = cli("rederive", "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)["extraction"]
    assert found["checked"] == 1 and found["failed"] == []
    first = json.loads(cli("log", "--format", "json", "govuk/health").stdout)["versions"]
    assert [d["key"] for d in found["differs"]] == [first[-1]["key"]]
    assert found["same"] == [{"id": "govuk/health", "keys": [v["key"] for v in reversed(first)],
                              "sha256": first[0]["sha256"]}]
    text = cli("rederive").stdout
    assert "now extract to the same text" in text and "`redline watch` records what pages fetched from a URL extract to now" in text
    assert commits() == before + 1  # rederive changed nothing stored


def test_rederive_says_nothing_of_pages_read_as_today(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    result = cli("rederive", "--format", "json")
    assert json.loads(result.stdout)["extraction"] == {"checked": 0, "differs": [], "same": [], "failed": []}


def test_a_changed_sources_rule_fetches_in_full_and_records_the_page_as_read_now(here, pages):
    page = COUNTED
    add("govuk/health", pages.put("/health", page))
    configure('[sources."127.0.0.1"]\nignore = ["^Page views"]\n')
    drift = json.loads(cli("rederive", "--format", "json").stdout)["extraction"]["differs"]
    assert len(drift) == 1
    result, report = watch_json()
    assert result.exit_code == 0 and [c["id"] for c in report["changed"]] == ["govuk/health"]
    assert pages.seen("/health")[-1].headers.get("if-none-match") is None  # not conditional: reading changed
    assert report["changed"][0]["summary"]["counts"]["removed"] == 1


# -- notifications --------------------------------------------------------------------------------
def test_a_webhook_receives_what_changed_in_words(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    hook = pages.web.serve("/hook", Reply(204))
    pages.put("/health", GOVUK_V2)
    result, report = watch_json("--notify", hook, "--site", "https://news.example.org/redline/")
    assert result.exit_code == 0, result.stderr
    assert report["notifications"] == {"sent": 1, "failed": []}
    (posted,) = pages.seen("/hook", "POST")
    assert posted.headers["content-type"] == "application/json; charset=utf-8"
    payload = json.loads(posted.body)
    key = report["changed"][0]["key"]
    assert {k: payload[k] for k in ("schema", "event", "id", "version", "key", "url")} == {
        "schema": 1, "event": "new-version", "id": "govuk/health", "version": 2, "key": key,
        "url": pages.web.url("/health")}
    assert payload["title"].startswith("Health and Social Care Secretary")
    assert payload["summary"]["counts"]["modified"] == 1
    assert payload["headline"] == "govuk/health @2: 1 modified; flagged: number"
    (flagged,) = payload["flagged"]
    assert flagged["flags"] == ["number"] and "[-in England, Wales or Northern Ireland" in flagged["text"]
    assert payload["link"] == f"https://news.example.org/redline/s/govuk/health/{key}.diff.html"


def test_a_failed_notification_is_reported_and_the_version_kept(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    hook = pages.web.serve("/hook", Reply(500, b"broken"))
    pages.put("/health", GOVUK_V2)
    result, report = watch_json("--notify", hook)
    assert result.exit_code == 0
    target = f"http://127.0.0.1:{pages.web.port}/…"
    assert report["notifications"] == {"sent": 0, "failed": [
        {"target": target, "id": "govuk/health", "error": "HTTP 500 Internal Server Error"}]}
    assert result.stderr == f"warning: notification about govuk/health to {target} failed: HTTP 500 Internal Server Error\n"
    assert versions("govuk/health") == 2


def test_apprise_delivers_through_a_json_url(here, pages):
    pytest.importorskip("apprise")
    add("govuk/health", pages.put("/health", GOVUK_V1))
    pages.web.serve("/apprise", Reply(200, b"ok"))
    pages.put("/health", GOVUK_V2)
    result = watch("--notify", f"json://127.0.0.1:{pages.web.port}/apprise")
    assert result.exit_code == 0, result.stderr
    (posted,) = pages.seen("/apprise", "POST")
    message = json.loads(posted.body)
    assert message["title"].endswith(": new version @2")
    assert message["message"].splitlines()[0] == "govuk/health @2: 1 modified; flagged: number"
    assert message["message"].splitlines()[-1] == pages.web.url("/health")


def test_notification_urls_are_checked_before_anything_is_fetched(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    count = len(pages.web.requests)
    result = watch("--notify", "nosuchservice://token@x")
    assert result.exit_code == 2 and "not a notification URL apprise knows" in result.stderr
    assert "token" not in result.stderr
    result = watch("--notify", "https://user:secret@hooks.example.org/x")
    assert result.exit_code == 2 and "secret" not in result.stderr
    result = watch("--notify", "notaurl")
    assert result.exit_code == 2 and result.stderr == (
        "Error: --notify: not a URL (a webhook is https://..., another service service://... as apprise reads it)\n")
    assert len(pages.web.requests) == count


def test_webhooks_from_redline_toml_are_posted_to_public_addresses_only(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    hook = pages.web.serve("/hook", Reply(204))
    configure(f'[notify]\nurls = ["{hook}"]\n')
    pages.put("/health", GOVUK_V2)
    result, report = watch_json()  # --allow-private-addresses covers them too
    assert report["notifications"]["sent"] == 1
    pages.put("/health", GOVUK_V1)
    result = cli("watch", "--format", "json")  # the page itself is refused here too: nothing to notify
    assert result.exit_code == 2 and pages.seen("/hook", "POST").__len__() == 1


def test_apprise_urls_from_redline_toml_need_allow_private_addresses(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    pages.web.serve("/apprise", Reply(200, b"ok"))
    configure(f'[notify]\nurls = ["json://127.0.0.1:{pages.web.port}/apprise"]\n')
    count = len(pages.web.requests)
    result = cli("watch")
    assert result.exit_code == 2
    assert result.stderr == ("Error: redline.toml [notify] url json://…: only http(s) webhooks are taken from a "
                             "redline.toml (give it with --notify, or pass --allow-private-addresses)\n")
    assert len(pages.web.requests) == count
    pytest.importorskip("apprise")
    pages.put("/health", GOVUK_V2)
    assert watch().exit_code == 0
    assert len(pages.seen("/apprise", "POST")) == 1


# -- scheduling ------------------------------------------------------------------------------------
def test_every_runs_again_until_the_count(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    result = watch("--every", "1s", "--runs", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Checked 1 statement") == 2
    assert watch("--every", "0s").exit_code == 2
    assert watch("--every", "3000000d", "--runs", "2").exit_code == 2  # longer than a year: refused before a run
    assert watch("--runs", "2").exit_code == 2


def test_by_age_checks_a_recent_statement_again_only_when_due(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    first, report = watch_json("--by-age")
    assert (first.exit_code, report["checked"], report["not_due"]) == (0, 1, [])
    second, report = watch_json("--by-age")
    assert (second.exit_code, report["checked"], report["not_due"]) == (0, 0, ["govuk/health"])
    third, report = watch_json()
    assert report["checked"] == 1


def test_a_plain_run_counts_as_a_check_for_a_later_by_age_run(here, pages):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    assert watch_json()[1]["checked"] == 1
    _, report = watch_json("--by-age")
    assert (report["checked"], report["not_due"]) == (0, ["govuk/health"])


@pytest.mark.parametrize("log", ['{"checked": [1, 2]}', '{"checked": {"govuk/health": "2026-13-45T99:99:99.000000Z"}}',
                                 "[" * 100_000, '"checked"', b"\xff\xfe"])
def test_a_damaged_check_log_only_makes_every_statement_due(here, pages, log):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    log_path = here / "archive" / "redline-watch.json"  # the archive is a bare repository: its git directory
    log_path.write_bytes(log if isinstance(log, bytes) else log.encode())
    result, report = watch_json("--by-age")
    assert (result.exit_code, report["checked"], report["not_due"]) == (0, 1, [])
    assert json.loads(log_path.read_text(encoding="utf-8"))["checked"].keys() == {"govuk/health"}


# -- import ------------------------------------------------------------------------------------------
def test_import_reads_saved_pages_and_pdfs_through_the_same_reader(here, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "1.html").write_bytes(GOVUK_V1)
    (folder / "2.html").write_bytes(GOVUK_V2)
    result = cli("import", folder, "--id", "govuk/health", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["added"]) == 2
    assert "<html" not in cli("show", "govuk/health@1").stdout
    assert "0300 303 2713" in cli("diff", "govuk/health").stdout
    assert len(git("ls-tree", "--name-only", "HEAD", "statements/govuk/health/_original/").split()) == 2
    again = cli("import", folder, "--id", "govuk/health", "--format", "json")
    assert json.loads(again.stdout)["added"] == []  # imported before: skipped
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "nz.pdf").write_bytes(PDF)
    assert cli("import", pdfs, "--id", "nz/pm").exit_code == 0
    assert "%PDF" not in cli("show", "nz/pm").stdout


# -- archives from elsewhere ------------------------------------------------------------------------
def test_verify_checks_the_stored_pages(here, pages, hostile):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    (path,) = git("ls-tree", "-r", "--name-only", "HEAD", "statements/govuk/health/_original/").split()
    H = hostile
    H.commit("archive", {path: GOVUK_V2})
    result = cli("verify")
    assert result.exit_code == 1 and f"{path}: bytes do not match their SHA-256 name" in result.stdout
    H.commit("archive", {path: None})
    result = cli("verify")
    assert result.exit_code == 1 and "the original bytes its text was extracted from" in result.stdout


def test_a_sighting_pointing_at_a_local_file_is_skipped_not_fetched(here, pages, hostile):
    add("govuk/health", pages.put("/health", GOVUK_V1))
    (path,) = git("ls-tree", "-r", "--name-only", "HEAD", "statements/govuk/health/_sightings/").split()
    record = json.loads(git("cat-file", "blob", f"HEAD:{path}"))
    record["fetch"]["url"] = "file:///etc/passwd"
    hostile.commit("archive", {path: json.dumps(record).encode()})
    result = watch("govuk/health")
    assert result.exit_code == 2
    assert f"warning: {path}: fetch: field 'url' is not in the form redline writes" in result.stderr
    assert "/etc/passwd" not in result.stdout
