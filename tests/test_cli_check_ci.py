"""``redline check`` as a CI gate (issue 9, "check in CI"): only new findings, annotations GitHub can place,
folders as input, and a word when a file had nothing to check.

Assumptions where the issue leaves the interface open:
- ``--since`` reports the findings of the versions the range added; ``--all-findings`` every finding of
  the statements it touched (today's behaviour);
- ``--format github`` gives one annotation per sentence file line, at the most severe level of its
  findings, naming every rule it breaks;
- a file without excerpt markers is reported with the words "nothing to check" (stdout or stderr), exit 0.
"""

import json
import subprocess
from pathlib import Path

import pytest

from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"
BAD, GOOD = FIXTURES / "check_bad.txt", FIXTURES / "check_good.txt"
SOURCE = "https://example.org/remarks"


pytestmark = pytest.mark.usefixtures("fixed_git")


def git(*args: str, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def add(archive, ident, path, *options):
    result = run("--archive", archive, "add", ident, path, "--source", SOURCE, *options)
    assert result.exit_code == 0, result.stderr


def findings(result) -> list[dict]:
    return [f for i in json.loads(result.stdout)["inputs"] for f in i["findings"]]


def annotations(text: str) -> list[tuple[str, str, str, str]]:
    """(level, file, line, rest) of each ``::level file=F,line=L,...::message`` line."""
    out = []
    for line in text.splitlines():
        level, _, rest = line[2:].partition(" ")
        props = dict(p.split("=", 1) for p in rest.split("::", 1)[0].split(","))
        out.append((level, props.get("file"), props.get("line"), rest))
    return out


@pytest.fixture
def archive(tmp_path) -> Path:
    assert run("init", "arch").exit_code == 0
    add("arch", "remarks", BAD, "--retrieved", "2025-03-04T10:00:00Z")
    return tmp_path / "arch"


def test_since_reports_only_the_findings_of_the_versions_added(archive):
    since = git("--git-dir", str(archive), "rev-parse", "HEAD")
    add(archive, "remarks", GOOD, "--label", "corrected excerpt", "--retrieved", "2025-03-05T10:00:00Z")
    result = run("--archive", archive, "check", "--since", since, "--format", "json")
    assert [f["version"] for f in findings(result)] == ["remarks@2"] * len(findings(result))
    assert result.exit_code == 0
    everything = run("--archive", archive, "check", "--since", since, "--all-findings", "--format", "json")
    assert everything.exit_code == 1
    assert "remarks@1" in {f["version"] for f in findings(everything)}


def test_annotation_paths_are_relative_to_the_repository_root(archive, tmp_path, monkeypatch):
    git("clone", "-q", str(archive), "checkout")
    outside = run("--archive", "checkout", "check", "remarks", "--format", "github")
    assert outside.exit_code == 1
    files = {file for _, file, _, _ in annotations(outside.stdout)}
    assert files and all(file.startswith("statements/remarks/_sentences/") for file in files), files
    monkeypatch.chdir(tmp_path / "checkout" / "statements")
    inside = run("check", "remarks", "--format", "github")
    assert inside.stdout == outside.stdout


def test_a_statements_folder_names_the_statement_however_it_is_written(archive, tmp_path, monkeypatch):
    add(archive, "gov/flood", BAD, "--retrieved", "2025-03-04T11:00:00Z")
    git("clone", "-q", str(archive), "checkout")
    statements = tmp_path / "checkout" / "statements"
    monkeypatch.chdir(statements)
    for where, arg in [(statements, "./remarks/"), (statements, str(statements / "remarks")),
                       (statements / "remarks", "."), (statements / "gov", "flood"), (statements, "gov/flood/")]:
        monkeypatch.chdir(where)
        result = run("check", arg, "--format", "json")
        assert result.exit_code == 1, (arg, result.stderr)
        assert [i["name"] for i in json.loads(result.stdout)["inputs"]] == [
            "gov/flood" if "flood" in arg else "remarks"], arg


def test_a_statements_folder_is_never_looked_up_in_another_archive(archive, tmp_path, monkeypatch):
    git("clone", "-q", str(archive), "checkout")
    assert run("init", "other").exit_code == 0
    folder = str(tmp_path / "checkout" / "statements" / "remarks")
    monkeypatch.setenv("REDLINE_ARCHIVE", str(tmp_path / "other"))
    for command in (["check", folder], ["diff", folder, str(GOOD)]):
        result = run(*command)
        assert result.exit_code == 2 and "that folder is in the checkout at" in result.stderr, command


def test_a_mistyped_file_name_is_named_as_other_commands_name_it(archive, tmp_path, monkeypatch):
    inside = run("--archive", archive, "check", "nonexist.txt")
    assert inside.exit_code == 2
    assert "nonexist.txt: no such file, and no statement 'nonexist.txt' in the archive" in inside.stderr
    assert "Checking" not in inside.stderr and inside.stdout.count("remarks") == 0  # not every statement instead
    monkeypatch.chdir(tmp_path.parent)
    monkeypatch.delenv("REDLINE_ARCHIVE", raising=False)
    outside = run("check", "nonexist.txt")
    assert outside.exit_code == 2
    assert "nonexist.txt: no such file, and no archive to look it up in" in outside.stderr


def test_plain_file_annotation_paths_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    git("init", "-q", "repo")
    (tmp_path / "repo" / "transcripts").mkdir()
    (tmp_path / "repo" / "transcripts" / "bad.txt").write_bytes(BAD.read_bytes())
    monkeypatch.chdir(tmp_path / "repo" / "transcripts")
    result = run("check", "bad.txt", "--format", "github")
    assert result.exit_code == 1
    assert {file for _, file, _, _ in annotations(result.stdout)} == {"transcripts/bad.txt"}


def test_one_annotation_per_sentence_listing_its_rules(archive):
    result = run("--archive", archive, "check", "remarks", "--format", "github")
    assert result.exit_code == 1
    placed = annotations(result.stdout)
    assert len({(file, line) for _, file, line, _ in placed}) == len(placed)
    [tariffs] = [a for a in placed if "12 products" in a[3]]
    assert tariffs[0] == "error" and "excerpt-meaning" in tariffs[3] and "excerpt-edited" in tariffs[3]


def test_a_directory_is_checked_recursively(tmp_path):
    (tmp_path / "transcripts" / "older").mkdir(parents=True)
    (tmp_path / "transcripts" / "good.txt").write_bytes(GOOD.read_bytes())
    (tmp_path / "transcripts" / "older" / "bad.txt").write_bytes(BAD.read_bytes())
    result = run("check", "transcripts", "--format", "json")
    assert result.exit_code == 1, result.stderr
    names = sorted(i["name"] for i in json.loads(result.stdout)["inputs"])
    assert names == ["transcripts/good.txt", "transcripts/older/bad.txt"]


def test_a_file_without_excerpt_markers_says_it_had_nothing_to_check():
    result = run("check", FIXTURES / "briefing_v1.txt")
    assert result.exit_code == 0
    assert "nothing to check" in (result.stdout + result.stderr).lower()


def test_since_a_branch_that_main_has_moved_past_is_not_a_deletion(archive, tmp_path, monkeypatch):
    git("clone", "-q", str(archive), "work")
    monkeypatch.chdir(tmp_path / "work")
    git("checkout", "-q", "-b", "feature")
    assert run("add", "gov/z", str(GOOD), "--source", SOURCE).exit_code == 0
    git("checkout", "-q", "main")
    assert run("add", "remarks", str(GOOD), "--source", SOURCE, "--retrieved", "2025-03-06T10:00:00Z").exit_code == 0
    git("checkout", "-q", "feature")
    result = run("check", "--since", "main", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [i["name"] for i in json.loads(result.stdout)["inputs"]] == ["gov/z"]
