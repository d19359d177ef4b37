"""What the archive promises its users (issue 9, "Archive semantics"): stable keys, amendable metadata,
plain ``git clone``, JSON for scripts, history options, and an ``import`` that can be re-run.

Assumptions where the issue leaves the interface open:
- ``redline annotate ID@REV [--note N] [--label L] [--source URL] [--date D]`` amends a version in one
  commit; ``log`` and ``show`` then give the new label, source and date, and the note appears in ``log``;
- ``add``/``import --format json`` print ``{"schema": 1, "added": [{"id", "key", "version", "commit"}],
  "sightings": [...], "unchanged": [...]}`` (one ``unchanged`` entry per input that added nothing);
- ``log --since/--until DATE`` filter on the statement date (the date versions are ordered by), both
  ends included; ``-n N`` keeps the N newest; ``--oneline`` prints one line per version and nothing else;
- ``list PREFIX`` lists the statements whose ID starts with PREFIX;
- ``ID@DATETIME`` names the latest version whose statement date is before that day, or on that day and
  retrieved by that time; ``list --as-of DATE`` counts the versions ``ID@DATE`` could name then;
- ``import --pattern GLOB`` selects files; ``import --date/--source/--retrieved`` apply to every file;
  different titles give a warning on stderr that says "title"; a re-run adds no file that an earlier run
  of the same import recorded (same file name and bytes).
"""

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"
ID = "t/k"
V1 = b"Press Briefing\n2021-03-01\n\nSPOKESPERSON: Good afternoon. We have three announcements today. Thank you.\n"
V2 = b"Press Briefing\n2021-03-05\n\nSPOKESPERSON: Good afternoon. We have four announcements today. Thank you.\n"
V3 = b"Press Briefing\n2021-03-09\n\nSPOKESPERSON: Good afternoon. We have five announcements today. Thank you.\n"
SOURCE = "https://example.org/briefing"


pytestmark = pytest.mark.usefixtures("fixed_git")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def git(*args: str, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def commits(archive: Path) -> int:
    return int(git("--git-dir", str(archive), "rev-list", "--count", "HEAD"))


@pytest.fixture
def texts(tmp_path) -> dict[str, Path]:
    paths = {}
    for name, data in {"v1": V1, "v2": V2, "v3": V3}.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_bytes(data)
    return paths


@pytest.fixture
def archive(tmp_path) -> Path:
    assert run("init", "arch").exit_code == 0
    return tmp_path / "arch"


def add(archive, ident, path, *options):
    result = run("--archive", archive, "add", ident, path, *options)
    assert result.exit_code == 0, result.stderr
    return result


def log(archive, ident=ID, *options) -> list[dict]:
    result = run("--archive", archive, "log", ident, "--format", "json", *options)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["versions"]


def pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


# -- stable keys ------------------------------------------------------------------------------
def test_a_resighting_that_sorts_first_keeps_the_versions_key_label_and_date(archive, texts):
    add(archive, ID, texts["v1"], "--date", "2021-03-02", "--label", "first", "--retrieved", "2021-03-02T10:00:00Z")
    add(archive, ID, texts["v2"], "--retrieved", "2021-03-05T10:00:00Z")
    key1, key2 = f"{sha(V1)[:12]}-20210302T100000Z", f"{sha(V2)[:12]}-20210305T100000Z"
    assert run("--archive", archive, "export-site", "before").exit_code == 0
    again = add(archive, ID, texts["v1"], "--retrieved", "2021-07-01")
    assert key1 in again.stdout
    newest, oldest = log(archive)
    assert (oldest["version"], oldest["key"], oldest["label"], oldest["date"]) == (1, key1, "first", "2021-03-02")
    assert len(oldest["sightings"]) == 2
    assert (newest["version"], newest["key"]) == (2, key2)
    assert run("--archive", archive, "export-site", "after").exit_code == 0
    assert pages(Path("after")) == pages(Path("before"))


def test_a_revert_is_still_a_version_of_its_own(archive, texts):
    add(archive, ID, texts["v1"], "--date", "2021-03-02", "--retrieved", "2021-03-02T10:00:00Z")
    add(archive, ID, texts["v2"], "--retrieved", "2021-03-05T10:00:00Z")
    add(archive, ID, texts["v1"], "--date", "2021-03-06", "--retrieved", "2021-03-06T10:00:00Z")
    assert [(v["version"], v["sha256"]) for v in log(archive)] == [(3, sha(V1)), (2, sha(V2)), (1, sha(V1))]


def test_an_older_release_added_later_renumbers_but_renames_nothing(archive, texts):
    add(archive, ID, texts["v1"], "--date", "2021-03-02", "--label", "first", "--retrieved", "2021-03-02T10:00:00Z")
    add(archive, ID, texts["v2"], "--label", "second", "--retrieved", "2021-03-05T10:00:00Z")
    before = {v["key"]: (v["label"], v["date"]) for v in log(archive)}
    add(archive, ID, texts["v2"], "--date", "2021-02-01", "--retrieved", "2021-07-01T10:00:00Z")
    after = {v["key"]: (v["label"], v["date"]) for v in log(archive)}
    assert len(after) == 3 and all(after[key] == value for key, value in before.items())


# -- amending metadata ------------------------------------------------------------------------
def test_re_adding_known_text_with_new_metadata_records_it(archive, texts):
    add(archive, ID, texts["v1"], "--retrieved", "2021-03-02T10:00:00Z")
    count = commits(archive)
    again = add(archive, ID, texts["v1"], "--source", SOURCE, "--note", "Found the original page.")
    assert "nothing added" not in again.stdout and "source" in again.stdout.lower()
    assert commits(archive) == count + 1
    [version] = log(archive)
    assert version["source"] == SOURCE
    assert "Found the original page." in [s["note"] for s in version["sightings"]]
    checked = run("--archive", archive, "check", ID, "--format", "json")
    assert "metadata-source" not in [f["rule"] for i in json.loads(checked.stdout)["inputs"] for f in i["findings"]]


def test_annotate_amends_a_version_in_one_commit_shown_by_log_show_and_check(archive, texts):
    add(archive, ID, texts["v1"], "--retrieved", "2021-03-02T10:00:00Z")
    add(archive, ID, texts["v2"], "--retrieved", "2021-03-05T10:00:00Z")
    rules = [f["rule"] for i in json.loads(run("--archive", archive, "check", ID, "--format", "json").stdout)["inputs"]
             for f in i["findings"]]
    assert "version-silent-change" in rules and "metadata-source" in rules
    key = log(archive)[0]["key"]
    count = commits(archive)
    result = run("--archive", archive, "annotate", f"{ID}@2", "--note", "The ministry corrected the count.",
                 "--label", "corrected", "--source", SOURCE, "--date", "2021-03-06")
    assert (result.exit_code, result.stderr) == (0, "")
    assert commits(archive) == count + 1
    newest = log(archive)[0]
    assert (newest["key"], newest["label"], newest["source"], newest["date"]) == (key, "corrected", SOURCE, "2021-03-06")
    assert "The ministry corrected the count." in run("--archive", archive, "log", ID).stdout
    shown = json.loads(run("--archive", archive, "show", f"{ID}@2", "--format", "json").stdout)
    assert (shown["key"], shown["label"], shown["source"], shown["date"]) == (key, "corrected", SOURCE, "2021-03-06")
    checked = run("--archive", archive, "check", f"{ID}@2", "--format", "json")
    rules = [f["rule"] for i in json.loads(checked.stdout)["inputs"] for f in i["findings"]]
    assert "version-silent-change" not in rules and "metadata-source" not in rules


@pytest.mark.parametrize("args", [
    [f"{ID}@9", "--note", "x"],
    [f"{ID}@1", "--label", "two\nlines"],
    [f"{ID}@1", "--date", "someday"],
], ids=["no-such-version", "label-with-newline", "bad-date"])
def test_annotate_refuses_bad_input_and_writes_nothing(archive, texts, args):
    add(archive, ID, texts["v1"])
    count = commits(archive)
    result = run("--archive", archive, "annotate", *args)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert "internal error" not in result.stderr and "No such command" not in result.stderr
    assert commits(archive) == count


# -- plain git clone ----------------------------------------------------------------------------
def test_plain_git_clone_of_a_remote_made_by_git_init_bare_works(archive, texts, tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", "--initial-branch=master", str(remote))
    add(archive, ID, texts["v1"])
    git("--git-dir", str(archive), "remote", "add", "origin", str(remote))
    assert run("--archive", archive, "sync").exit_code == 0
    git("clone", "-q", str(remote), str(tmp_path / "two"))
    assert (tmp_path / "two" / "redline.json").is_file()
    added = run("--archive", tmp_path / "two", "add", "t/other", texts["v2"])
    assert (added.exit_code, added.stderr) == (0, "")
    assert [v["sha256"] for v in log(tmp_path / "two")] == [sha(V1)]


def test_a_clone_that_checked_out_nothing_says_how_to_check_the_archive_out(archive, texts, tmp_path):
    """A remote redline cannot fix (not on this machine) keeps HEAD on a branch it lacks: say what to do."""
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", "--initial-branch=master", str(remote))
    add(archive, ID, texts["v1"])
    git("--git-dir", str(archive), "push", "-q", str(remote), "main")
    subprocess.run(["git", "clone", "-q", str(remote), str(tmp_path / "two")], capture_output=True, check=True)
    result = run("--archive", tmp_path / "two", "list")
    assert result.exit_code == 2 and "origin/main holds an archive" in result.stderr
    assert f"git -C {tmp_path / 'two'} checkout main" in result.stderr
    git("-C", str(tmp_path / "two"), "checkout", "-q", "main")
    assert run("--archive", tmp_path / "two", "list").exit_code == 0


# -- JSON for scripts -------------------------------------------------------------------------------
SCHEMA_COMMANDS = {
    "list": ["list"],
    "log": ["log", ID],
    "show": ["show", ID],
    "blame": ["blame", ID],
    "search": ["search", "announcements"],
    "search-history": ["search", "announcements", "--history"],
    "verify": ["verify"],
}


@pytest.mark.parametrize("command", sorted(SCHEMA_COMMANDS))
def test_every_json_output_carries_the_schema(archive, texts, command):
    add(archive, ID, texts["v1"])
    add(archive, ID, texts["v2"])
    result = run("--archive", archive, *SCHEMA_COMMANDS[command], "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == 1


def test_add_format_json(archive, texts):
    result = run("--archive", archive, "add", ID, texts["v1"], "--retrieved", "2021-03-02T10:00:00Z",
                 "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    payload = json.loads(result.stdout)
    head = git("--git-dir", str(archive), "rev-parse", "HEAD")
    assert payload["schema"] == 1 and payload["unchanged"] == [] and "sightings" in payload
    assert payload["added"] == [{"id": ID, "key": f"{sha(V1)[:12]}-20210302T100000Z", "version": 1, "commit": head}]
    again = json.loads(run("--archive", archive, "add", ID, texts["v1"], "--format", "json").stdout)
    assert (again["schema"], again["added"], len(again["unchanged"])) == (1, [], 1)


def test_import_format_json(archive, tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    for name, data in {"01.txt": V1, "02.txt": V2, "03.txt": V2}.items():
        (folder / name).write_bytes(data)
    result = run("--archive", archive, "import", folder, "--id", ID, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    payload = json.loads(result.stdout)
    assert payload["schema"] == 1 and "sightings" in payload and len(payload["unchanged"]) == 1
    assert [(a["id"], a["version"]) for a in payload["added"]] == [(ID, 1), (ID, 2)]
    assert all(set(a) == {"id", "key", "version", "commit"} for a in payload["added"])


# -- history options ----------------------------------------------------------------------------------
@pytest.fixture
def dated(archive, texts) -> Path:
    """Three versions dated (and retrieved) 2021-03-02, 2021-04-01 and 2021-05-01."""
    for name, day in (("v1", "2021-03-02"), ("v2", "2021-04-01"), ("v3", "2021-05-01")):
        add(archive, ID, texts[name], "--date", day, "--retrieved", f"{day}T10:00:00Z")
    return archive


@pytest.mark.parametrize("options, numbers", [
    (["-n", "1"], [3]),
    (["-n", "2"], [3, 2]),
    (["--since", "2021-04-01"], [3, 2]),
    (["--until", "2021-04-01"], [2, 1]),
    (["--since", "2021-03-15", "--until", "2021-04-15"], [2]),
], ids=["n1", "n2", "since", "until", "since-until"])
def test_log_limits(dated, options, numbers):
    assert [v["version"] for v in log(dated, ID, *options)] == numbers


def test_log_says_when_no_version_is_in_range(dated):
    result = run("--archive", dated, "log", ID, "--since", "2022-01-01")
    assert (result.exit_code, result.stdout) == (0, f"no version of {ID} in that range\n")


def test_log_oneline(dated):
    result = run("--archive", dated, "log", ID, "--oneline")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    keys = [v["key"] for v in log(dated)]
    assert len(lines) == 3
    assert [line.split()[:2] for line in lines] == [["@3", keys[0]], ["@2", keys[1]], ["@1", keys[2]]]


def test_list_prefix(archive, texts):
    for ident in ("state-dept/a", "state-dept/b", "mfa/c"):
        add(archive, ident, texts["v1"])
    result = run("--archive", archive, "list", "state-dept", "--format", "json")
    assert result.exit_code == 0
    assert [s["id"] for s in json.loads(result.stdout)["statements"]] == ["state-dept/a", "state-dept/b"]
    text = run("--archive", archive, "list", "mfa").stdout
    assert "mfa/c" in text and "state-dept" not in text


def test_search_ignore_case(archive, texts):
    add(archive, ID, texts["v1"])
    assert run("--archive", archive, "search", "WE HAVE THREE").exit_code == 1
    found = run("--archive", archive, "search", "-i", "WE HAVE THREE")
    assert found.exit_code == 0 and "We have three announcements today." in found.stdout


def test_a_sighting_says_what_it_brings(archive, texts):
    add(archive, ID, texts["v1"])
    said = add(archive, ID, texts["v1"], "--note", "The ministry corrected a figure.").stdout
    assert "Recorded a new sighting" in said and "with its note," in said  # not "date": the text's own
    said = add(archive, ID, texts["v1"], "--date", "2021-04-01", "--source", "https://example.org/a").stdout
    assert "with its date, source," in said


def test_a_date_with_a_time_names_the_version_current_then(archive, texts):
    add(archive, ID, texts["v1"], "--date", "2021-03-02", "--retrieved", "2021-03-02T10:00:00Z")
    add(archive, ID, texts["v2"], "--date", "2021-03-02", "--retrieved", "2021-03-02T14:00:00Z")
    for rev, text in (("2021-03-02T12:00:00Z", V1), ("2021-03-02T15:00:00Z", V2), ("2021-03-02T13:00:00+02:00", V1),
                      # "first retrieved by then": the very instant counts
                      ("2021-03-02T10:00:00Z", V1), ("2021-03-02T14:00:00Z", V2), ("2021-03-02T13:59:59Z", V1)):
        result = run("--archive", archive, "show", f"{ID}@{rev}")
        assert (result.exit_code, result.stderr, result.stdout) == (0, "", text.decode()), rev


def test_list_as_of_a_date_shows_the_archive_as_it_stood(archive, texts):
    add(archive, "a", texts["v1"], "--date", "2021-03-02", "--retrieved", "2021-03-02T10:00:00Z")
    add(archive, "a", texts["v2"], "--date", "2021-05-01", "--retrieved", "2021-05-01T10:00:00Z")
    add(archive, "b", texts["v3"], "--date", "2021-06-01", "--retrieved", "2021-06-01T10:00:00Z")

    def listed(day: str) -> list[tuple[str, int]]:
        result = run("--archive", archive, "list", "--as-of", day, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return [(s["id"], s["versions"]) for s in json.loads(result.stdout)["statements"]]

    assert listed("2021-04-01") == [("a", 1)]
    assert listed("2021-07-01") == [("a", 2), ("b", 1)]


# -- import ----------------------------------------------------------------------------------------
@pytest.fixture
def releases(tmp_path) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "01.txt").write_bytes(V1)
    (folder / "02.txt").write_bytes(V2)
    return folder


def test_import_takes_date_source_and_retrieved(archive, releases):
    result = run("--archive", archive, "import", releases, "--id", ID, "--date", "2021-03-02", "--source", SOURCE,
                 "--retrieved", "2021-03-02T10:00:00Z")
    assert (result.exit_code, result.stderr) == (0, "")
    sightings = [s for v in log(archive) for s in v["sightings"]]
    assert len(sightings) == 2
    assert {(s["date"], s["source"]) for s in sightings} == {("2021-03-02", SOURCE)}
    assert all(s["retrieved"].startswith("2021-03-02T10:00:00") for s in sightings)


def test_import_takes_a_file_pattern(archive, releases):
    (releases / "notes.md").write_bytes(V3)
    result = run("--archive", archive, "import", releases, "--id", ID, "--pattern", "*.txt")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(s["file"] for v in log(archive) for s in v["sightings"]) == ["01.txt", "02.txt"]


def test_import_warns_when_the_files_look_like_different_statements(archive, releases):
    (releases / "03.txt").write_bytes((FIXTURES / "check_good.txt").read_bytes())
    title = "A title of eighty characters, far longer than a warning line should quote in full"
    (releases / "04.txt").write_text(f"{title}\n\nWe met. Thank you.\n", encoding="utf-8")
    result = run("--archive", archive, "import", releases, "--id", ID)
    assert result.exit_code == 0
    assert "title" in result.stderr.lower() and "03.txt" in result.stderr
    assert f"titled '{title[:59]}…' (first: " in result.stderr


def test_import_does_not_follow_symlinks_out_of_the_folder(archive, releases, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(V3)
    (releases / "03.txt").symlink_to(secret)
    result = run("--archive", archive, "import", releases, "--id", ID)
    assert "internal error" not in result.stderr
    assert sha(V3) not in [v["sha256"] for v in log(archive)]


def test_import_re_run_after_an_error_adds_nothing_twice(archive, releases):
    (releases / "03.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    failed = run("--archive", archive, "import", releases, "--id", ID)
    assert failed.exit_code == 2
    (releases / "03.txt").write_bytes(V3)
    again = run("--archive", archive, "import", releases, "--id", ID)
    assert (again.exit_code, again.stderr) == (0, "")
    versions = log(archive)
    assert [v["sha256"] for v in versions] == [sha(V3), sha(V2), sha(V1)]
    assert sum(len(v["sightings"]) for v in versions) == 3
