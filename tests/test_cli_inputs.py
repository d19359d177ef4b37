"""Every command reads text, -, saved pages, PDFs and http(s) URLs (served here from 127.0.0.1)."""

import json
import subprocess
from pathlib import Path

import pytest

from redline.cli.testing import run
from redline.snapshots.localweb import Reply

FIXTURES = Path(__file__).parent / "fixtures"
WEB = FIXTURES / "web"
EXAMPLE = FIXTURES / "rubio_geneva.txt"
FMPRC = WEB / "zh_fmprc_2019-08-10_hua-chunying_answer-on-uk-hong-kong.html"
GBK_META = WEB / "zh_fmprc_2019-08-10.gbk.html"  # <meta charset=gb2312>
GBK_BARE = WEB / "zh_fmprc_2019-08-10.gbk-nometa.html"  # no declared charset anywhere
GOVUK_V1 = WEB / "govuk_health_sec_statement_2021-03-01.v1.html"
GOVUK_V2 = WEB / "govuk_health_sec_statement_2021-03-01.v2.html"
SHELL = WEB / "js_shell.html"
PDF = WEB / "pdf" / "en_nz-pm_2020-05-05_pages-1-2-8.pdf"
HTML = "text/html; charset=utf-8"
# No waiting between requests to the test server, one retry, quick backoff.
QUICK_FETCH = "[fetch]\ndelay = 0\nretries = 1\nbackoff = 0.01\ntimeout = 5\n"


@pytest.fixture
def here(fixed_git, tmp_path):
    """A working folder with a redline.toml for quick fetching (no archive above it)."""
    (tmp_path / "redline.toml").write_text(QUICK_FETCH, encoding="utf-8")
    return tmp_path


def serve(web, path, file_or_bytes, content_type=HTML, **headers):
    body = file_or_bytes.read_bytes() if isinstance(file_or_bytes, Path) else file_or_bytes
    return web.serve(path, Reply(200, body, {"Content-Type": content_type, **headers}))


def segmented(*args):
    result = run("segment", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    payload.pop("name")
    return payload


def sentences(payload):
    return [s["text"] for section in payload["sections"] for s in section["sentences"]]


def one_line_error(result, message):
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {message}\n"


def test_compare_url_reads_text_served_over_http_as_the_file(here, web):
    url = serve(web, "/remarks.txt", EXAMPLE, "text/plain; charset=utf-8")
    from_url = run("compare", "--format", "json", url)
    from_file = run("compare", "--format", "json", str(EXAMPLE))
    assert from_url.exit_code == from_file.exit_code == 0
    by_url, by_file = json.loads(from_url.stdout), json.loads(from_file.stdout)
    for side, section in (("a", "full"), ("b", "excerpt")):
        assert by_url[side].pop("name") == f"{url} [{section}]"
        assert by_file[side].pop("name") == f"{EXAMPLE} [{section}]"
    assert by_url == by_file
    assert web.paths() == ["/robots.txt", "/remarks.txt"]


def test_segment_url_extracts_the_page(here, web):
    url = serve(web, "/statement.shtml", FMPRC)
    payload = segmented(url)
    assert payload["metadata"]["title"] == "外交部发言人华春莹就英方涉港错误言行答记者问"
    assert payload["metadata"]["date"] == "2019-08-10"
    assert payload == segmented(str(FMPRC))


@pytest.mark.parametrize(("page", "content_type"), [
    (GBK_META, "text/html; charset=GBK"),  # HTTP header and <meta> both say so
    (GBK_META, "text/html"),               # only the <meta>
    (GBK_BARE, "text/html"),               # nothing declared: detected
])
def test_a_gbk_page_reads_as_the_utf8_page(here, web, page, content_type):
    url = serve(web, "/gbk.html", page, content_type)
    assert segmented(url) == segmented(str(FMPRC))


def test_a_javascript_only_page_is_an_empty_extraction(here, web):
    url = serve(web, "/app", SHELL)
    one_line_error(run("segment", url),
                   f"{url}: no statement text found in the page (it may need JavaScript to show it; try --select)")


def test_http_errors_name_the_url(here, web):
    web.serve("/robots.txt", Reply(404))
    url = web.url("/gone")
    one_line_error(run("diff", url, str(EXAMPLE)), f"{url}: HTTP 404 Not Found")


def test_a_server_error_is_retried_then_reported(here, web):
    url = web.serve("/statement", Reply(500))
    one_line_error(run("segment", url), f"{url}: HTTP 500 Internal Server Error")
    assert web.paths().count("/statement") == 2  # retries = 1 in the test's redline.toml


@pytest.mark.parametrize(("body", "content_type", "reason"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "binary file (a PNG image), not text, HTML or PDF"),
    (b'{"statement": "none"}', "application/json", "content type application/json is neither HTML, PDF nor text"),
])
def test_a_content_type_that_is_no_statement_is_refused(here, web, body, content_type, reason):
    url = serve(web, "/x", body, content_type)
    one_line_error(run("segment", url), f"{url}: {reason}")


def test_an_oversize_body_is_refused(here, web):
    (here / "redline.toml").write_text(QUICK_FETCH + "max-bytes = 1000\n", encoding="utf-8")
    url = serve(web, "/statement", FMPRC)
    one_line_error(run("segment", url), f"{url}: the body is {FMPRC.stat().st_size} bytes, over the limit of 1000")


def test_robots_txt_is_obeyed_unless_told_otherwise(here, web):
    web.serve("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"}))
    url = serve(web, "/statement", FMPRC)
    result = run("segment", url)
    assert result.exit_code == 2 and "disallows this page for redline" in result.stderr
    assert run("segment", "--ignore-robots", url).exit_code == 0
    (here / "redline.toml").write_text(QUICK_FETCH + "robots = false\n", encoding="utf-8")
    assert run("segment", url).exit_code == 0
    assert web.paths() == ["/robots.txt", "/statement", "/statement"]


def test_the_sources_table_selects_and_ignores_per_site(here, web):
    url = serve(web, "/eng/statement", FMPRC)
    (here / "redline.toml").write_text(QUICK_FETCH + (
        '[sources."127.0.0.1"]\nignore = ["^2019-08-10$"]\n'
        f'[sources."{web.origin}/eng/"]\nselect = "#News_Body_Txt_A"\n'
    ), encoding="utf-8")
    prefix_rule = segmented(url)  # the URL prefix wins over the host: its selector, not the host's ignore
    assert prefix_rule == segmented("--select", "#News_Body_Txt_A", str(FMPRC))
    other = serve(web, "/zh/statement", FMPRC)
    host_rule = segmented(other)
    assert host_rule == segmented("--ignore", "^2019-08-10$", str(FMPRC))
    assert host_rule["metadata"].get("date") != "2019-08-10"


def test_a_bad_redline_toml_is_one_line(here, web):
    url = serve(web, "/statement", FMPRC)
    (here / "redline.toml").write_text("[fetch]\ndelay = -1\n", encoding="utf-8")
    one_line_error(run("segment", url), "redline.toml: [fetch] delay must be between 0 and 3600".replace(
        "redline.toml", str(here / "redline.toml")))
    (here / "redline.toml").write_text('[sources."gov.uk"]\nselct = "main"\n', encoding="utf-8")
    result = run("segment", url)
    assert result.exit_code == 2 and "unknown setting 'selct'" in result.stderr
    (here / "redline.toml").write_text('[sources."http://[zz]/"]\nselect = "main"\n', encoding="utf-8")
    result = run("segment", url)
    assert result.exit_code == 2 and "is neither a host name nor an http(s) URL prefix" in result.stderr


def test_check_policy_checks_every_table_of_the_file(here):
    (here / "policy.toml").write_text("[fetch]\ndelay = nan\n", encoding="utf-8")
    (here / "a.txt").write_bytes(EXAMPLE.read_bytes())
    result = run("check", "--policy", here / "policy.toml", here / "a.txt")
    assert result.exit_code == 2 and result.stderr.endswith("policy.toml: [fetch] delay must be a number\n")


def test_redline_toml_is_read_by_one_loader_for_every_command(here, web):
    """A misspelt table, a file nested past the parser's depth or a number past Python's are refused for
    reading a URL as for check."""
    url = serve(web, "/statement", FMPRC)
    for content, message in (("[fecth]\ndelay = 0\n", "unknown table or key 'fecth'"),
                             ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
                             ("[rules]\nexcerpt-edited = 1" + "0" * 5000 + "\n",
                              "redline.toml: holds a number too long to be a setting")):
        (here / "redline.toml").write_text(content, encoding="utf-8")
        for args in (("segment", url), ("check", str(EXAMPLE))):
            result = run(*args)
            assert (result.exit_code, result.stdout) == (2, ""), args
            assert message in result.stderr and result.stderr.count("\n") == 1


def test_credentials_in_a_url_are_refused_and_not_shown(here):
    result = run("segment", "https://ada:s3cret@example.org/remarks")
    assert result.exit_code == 2 and "s3cret" not in result.stderr and "https://***@example.org/remarks" in result.stderr


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/remarks", "file:///etc/hostname", "gopher://x/"])
def test_other_schemes_are_refused_by_name(here, url):
    result = run("segment", url)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {url}: only http:// and https:// addresses can be read (a local file: give its path)\n"


def test_diff_with_one_file_asks_for_a_second(tmp_path):
    (tmp_path / "v1.txt").write_text("We met. Thank you.\n", encoding="utf-8")
    result = run("diff", str(tmp_path / "v1.txt"))
    assert result.exit_code == 2
    assert "v1.txt: a file or URL needs a second file, URL or version to compare with" in result.stderr


def test_diff_two_saved_govuk_versions():
    result = run("diff", "--format", "json", str(GOVUK_V1), str(GOVUK_V2))
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    counts = payload["summary"]["counts"]
    assert (counts["same"], counts["modified"], counts["added"], counts["removed"]) == (68, 1, 0, 0)
    (changed,) = [p for p in payload["pairs"] if p["kind"] == "modified"]
    assert "0300 303 2713 in Scotland" in changed["a_text"]
    assert "0300 303 2713" not in changed["b_text"]
    assert "number" in changed["flags"]


def test_diff_a_page_fetched_against_its_saved_version(here, web):
    url = serve(web, "/statement", GOVUK_V2)
    result = run("diff", "--exit-code", str(GOVUK_V1), url)
    assert result.exit_code == 1
    assert "0300 303 2713" in result.stdout


def test_ignore_drops_noise_before_comparing(here):
    old = here / "old.txt"
    new = here / "new.txt"
    body = "Statement on the floods\n\nThe Agency urges people to stay away from rivers.\n{}\nRoads are closed.\n"
    old.write_text(body.format("Page views: 1,204"), encoding="utf-8")
    new.write_text(body.format("Page views: 2,980"), encoding="utf-8")
    assert run("diff", "--exit-code", str(old), str(new)).exit_code == 1
    assert run("diff", "--exit-code", "--ignore", r"^Page views: [\d,]+$", str(old), str(new)).exit_code == 0


def test_segment_a_pdf():
    result = run("segment", "--format", "json", str(PDF))
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["metadata"]["date"] == "2020-05-05"
    assert [turn["speaker"] for turn in payload["sections"][0]["turns"][:2]] == ["PM", "Dr Ashley Bloomfield"]
    first = next(s for s in payload["sections"][0]["sentences"] if s["speaker"] == "PM")
    assert first["text"] == "Kia ora koutou katoa."


def test_a_saved_page_on_standard_input_is_html():
    result = run("segment", "--format", "json", "-", input=FMPRC.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["metadata"]["title"] == "外交部发言人华春莹就英方涉港错误言行答记者问"


def test_select_is_for_pages_only():
    one_line_error(run("segment", "--select", "main", str(EXAMPLE)),
                   f"{EXAMPLE}: --select applies to HTML pages, and this input is text")
    one_line_error(run("segment", "--select", "main", str(PDF)),
                   f"{PDF}: --select applies to HTML pages, and this input is pdf")


def test_select_on_a_saved_page(tmp_path):
    result = run("segment", "--format", "json", "--select", "#News_Body_Txt_A", str(FMPRC))
    assert result.exit_code == 0, result.stderr
    texts = sentences(json.loads(result.stdout))
    assert texts[0].startswith("据报道，英国外交部发言人称")
    assert all("责任编辑" not in text for text in texts)


def test_add_a_url_keeps_the_text_and_the_source(here, web):
    assert run("init", "archive").exit_code == 0
    pages = {"body": GOVUK_V1.read_bytes()}
    url = web.serve("/statement", lambda seen: Reply(200, pages["body"], {"Content-Type": HTML}))
    first = run("--archive", "archive", "add", "--format", "json", "govuk/health", url)
    assert first.exit_code == 0, first.stderr
    pages["body"] = GOVUK_V2.read_bytes()
    second = run("--archive", "archive", "add", "--format", "json", "govuk/health", url)
    assert second.exit_code == 0, second.stderr
    shown = run("--archive", "archive", "show", "--format", "json", "govuk/health@1")
    assert json.loads(shown.stdout)["source"] == url
    diff = run("--archive", "archive", "diff", "--exit-code", "govuk/health")
    assert diff.exit_code == 1 and "0300 303 2713" in diff.stdout
    stored = subprocess.run(["git", "-C", "archive", "grep", "-c", "<html", "HEAD"], capture_output=True, text=True)
    assert stored.stdout == ""  # the text found is kept, not the page's markup (raw bytes come with sightings)


def test_a_failed_fetch_adds_nothing(here, web):
    assert run("init", "archive").exit_code == 0
    head = subprocess.run(["git", "-C", "archive", "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    url = web.url("/missing")
    one_line_error(run("--archive", "archive", "add", "govuk/health", url), f"{url}: HTTP 404 Not Found")
    assert subprocess.run(["git", "-C", "archive", "rev-parse", "HEAD"], capture_output=True, text=True).stdout == head


def test_check_a_url(here, web):
    url = serve(web, "/remarks.txt", EXAMPLE, "text/plain")
    from_url = run("check", "--format", "json", url)
    from_file = run("check", "--format", "json", str(EXAMPLE))
    assert from_url.exit_code == from_file.exit_code
    findings = lambda result: [(f["rule"], f["severity"], f["sentence"])  # noqa: E731
                               for o in json.loads(result.stdout)["inputs"] for f in o["findings"]]
    assert findings(from_url) == findings(from_file) != []
    assert json.loads(from_url.stdout)["inputs"][0]["name"] == url


def test_quotes_reads_an_article_from_a_url(here, web):
    article = FIXTURES / "quotes_article.txt"
    transcript = FIXTURES / "quotes_transcript.txt"
    url = serve(web, "/article", article, "text/plain; charset=utf-8")
    from_url = run("quotes", "--format", "json", url, str(transcript))
    from_file = run("quotes", "--format", "json", str(article), str(transcript))
    assert from_url.exit_code == from_file.exit_code == 0, from_url.stderr
    by_url, by_file = json.loads(from_url.stdout), json.loads(from_file.stdout)
    assert by_url["b"].pop("name") == url
    by_file["b"].pop("name")
    assert by_url == by_file and by_url["quotes"] != []


# -- review: hostile arguments end in one line and exit 2 -------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["segment", "--ignore", "x{99999999999}", str(EXAMPLE)], "not a valid regular expression (too large"),
    (["segment", "http://[::1"], "http://[::1: not a valid URL (a malformed host or port)"),
    (["segment", "http://example.org:99999/"], "not a valid URL (a malformed host or port)"),
    (["diff", "-", "-"], "- (standard input) is given more than once"),
    (["quotes", "-", "-"], "- (standard input) is given more than once"),
])
def test_hostile_arguments_are_one_line_errors(here, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "internal error" not in result.stderr


def test_search_refuses_a_regex_too_large_or_too_deep_in_one_line(here):
    assert run("init", "arch").exit_code == 0
    for pattern, message in (("x{99999999999}", "too large or nested too deeply"),
                             ("(" * 2000 + ")" * 2000, "longer than 500 characters"),
                             ("(" * 200 + "x" + ")" * 200, None)):
        result = run("--archive", "arch", "search", "--regex", pattern)
        if message is None:
            assert result.exit_code == 1  # compiles; no match
        else:
            assert result.exit_code == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_closed_standard_input_is_a_one_line_error(tmp_path):
    import sys

    proc = subprocess.run([sys.executable, "-m", "redline.cli", "segment", "-"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, close_fds=True, preexec_fn=lambda: __import__("os").close(0))
    assert proc.returncode == 2 and proc.stderr == "Error: <stdin>: standard input is closed\n"


def test_a_closed_or_full_standard_output_is_a_one_line_error(tmp_path):
    import os
    import sys

    (tmp_path / "f.txt").write_text("We met. Thank you.\n", encoding="utf-8")
    redline = [sys.executable, "-m", "redline.cli"]
    for args in (["segment", str(tmp_path / "f.txt")], ["segment", str(tmp_path / "f.txt"), "--format", "json"],
                 ["segment", str(tmp_path / "f.txt"), "--color"], ["--help"], ["diff", "--help"]):
        closed = subprocess.run(redline + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
        assert (closed.returncode, closed.stderr) == (
            2, "Error: standard output is closed; the report has nowhere to go (use -o FILE)\n"), args
        if os.path.exists("/dev/full"):
            with open("/dev/full", "w") as full:
                proc = subprocess.run(redline + args, stdout=full, stderr=subprocess.PIPE, text=True)
            assert proc.returncode == 2 and proc.stderr.startswith("Error: cannot write") and \
                "No space left on device" in proc.stderr and len(proc.stderr.splitlines()) == 1, (args, proc.stderr)


def test_arguments_holding_bytes_that_are_not_utf8_are_one_line_errors(here):
    import os
    import sys

    assert run("init", "arch").exit_code == 0
    listed = run("--archive", "arch", "list", os.fsdecode(b"\xff"))
    assert listed.exit_code == 2 and "no statement ID starts so (it holds bytes that are not UTF-8)" in listed.stderr
    proc = subprocess.run([sys.executable, "-m", "redline.cli", "segment", os.fsencode("http://127.0.0.1:1/") + b"\xff"],
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stderr) == (
        2, "Error: http://127.0.0.1:1/%FF: not a valid URL (it holds bytes that are not UTF-8)\n")


def test_the_report_never_replaces_an_input(here):
    old, new = here / "old.txt", here / "new.txt"
    old.write_bytes(EXAMPLE.read_bytes())
    new.write_bytes(EXAMPLE.read_bytes().replace("进展".encode(), "进步".encode()))
    before = new.read_bytes()
    result = run("diff", old, new, "-o", new)
    assert result.exit_code == 2 and "that is one of the inputs" in result.stderr
    assert new.read_bytes() == before
    assert run("diff", old, new, "-o", here / "report.txt").exit_code == 0
    for _ in range(2):  # an option's value that names an existing file is no input: "json" is replaced
        assert run("diff", old, new, "--format", "json", "-o", "json").exit_code == 0
    folder = here / "inputs"
    folder.mkdir()
    (folder / "t.txt").write_bytes(before)
    inside = run("check", folder, "-o", folder / "t.txt")
    assert inside.exit_code == 2 and "that is one of the inputs" in inside.stderr
    assert (folder / "t.txt").read_bytes() == before


def test_check_skips_a_fifo_in_a_folder(here):
    import os

    folder = here / "inputs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(EXAMPLE.read_bytes())
    os.mkfifo(folder / "b.fifo")
    result = run("check", folder)
    assert result.exit_code in (0, 1) and "in 1 input" in result.stdout


def test_a_source_that_is_no_url_is_shown_as_text(here):
    assert run("init", "arch").exit_code == 0
    assert run("--archive", "arch", "add", "a/b", EXAMPLE, "--source", "http://[").exit_code == 0
    result = run("--archive", "arch", "export-site", "site")
    assert result.exit_code == 0, result.stderr
    page = next((here / "site" / "s" / "a" / "b").glob("*-*Z.html")).read_text(encoding="utf-8")
    assert "http://[" in page and 'href="http://[' not in page
    bad_base = run("--archive", "arch", "export-site", "site2", "--base-url", "http://x/\x1b[2J")
    assert bad_base.exit_code == 2 and "not an http(s) URL" in bad_base.stderr


@pytest.mark.parametrize("since", ["^HEAD", "", "HEAD..HEAD", "HEAD...HEAD"])
def test_check_since_takes_one_commit_only(here, since):
    assert run("init", "arch").exit_code == 0
    assert run("--archive", "arch", "add", "a/b", EXAMPLE).exit_code == 0
    result = run("--archive", "arch", "check", "--since", since)
    assert result.exit_code == 2 and result.stderr == f"Error: --since {since}: not a commit of the archive\n"


def test_import_stopped_by_a_bad_file_says_what_it_imported_and_a_rerun_goes_on(here):
    assert run("init", "arch").exit_code == 0
    folder = here / "saved"
    folder.mkdir()
    (folder / "a.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "b.txt").write_bytes(EXAMPLE.read_bytes().replace("进展".encode(), "进步".encode()))
    (folder / "c.bin").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    result = run("--archive", "arch", "import", folder, "--id", "imp/one")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "c.bin: binary file" in result.stderr and "the 2 files before it were imported" in result.stderr
    (folder / "c.bin").unlink()
    again = run("--archive", "arch", "import", folder, "--id", "imp/one", "--format", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)["added"] == []
    log = run("--archive", "arch", "log", "imp/one", "--format", "json")
    assert len(json.loads(log.stdout)["versions"]) == 2


@pytest.mark.parametrize("args, message", [
    (["log", "x", "-n", "0"], "Error: Invalid value for '-n': 0 is not in the range x>=1. (see 'redline log --help')"),
    (["list", "--format", "JSON"], "Error: Invalid value for '--format': 'JSON' is not one of 'text', 'json'. "
                                   "(see 'redline list --help')"),
    (["nosuch"], "Error: No such command 'nosuch'. (see 'redline --help')"),
    (["diff"], "Error: Missing argument 'OLD'. (see 'redline diff --help')"),
])
def test_usage_errors_are_one_line_naming_the_help(here, args, message):
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_redline_without_arguments_shows_the_help_not_an_error(here):
    result = run()
    assert "Usage: redline [OPTIONS] COMMAND [ARGS]..." in result.output and "Error" not in result.output
