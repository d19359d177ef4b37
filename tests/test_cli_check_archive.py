"""``redline check`` over an archive: all statements, named ones, ``--since``, history integrity, the pool."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redline.cli.app import progress
from redline.snapshots import parallel
from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"


pytestmark = pytest.mark.usefixtures("fixed_git")


def add(archive, ident, name, *options):
    result = run("--archive", archive, "add", ident, FIXTURES / name, *options)
    assert result.exit_code == 0, result.stderr


def git(archive, *args, env=None) -> str:
    return subprocess.run(["git", f"--git-dir={archive}", *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})}).stdout.strip()


def commit_file(archive: Path, path: str, data: bytes, tmp_path: Path) -> None:
    """Write ``data`` at ``path`` in a new commit on the archive's branch (as a careless or hostile user could)."""
    blob = subprocess.run(["git", f"--git-dir={archive}", "hash-object", "-w", "--stdin"], input=data,
                          capture_output=True, check=True).stdout.decode().strip()
    env = {"GIT_INDEX_FILE": str(tmp_path / "tamper.index")}
    git(archive, "read-tree", "HEAD", env=env)
    git(archive, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
    tree = git(archive, "write-tree", env=env)
    commit = git(archive, "commit-tree", tree, "-p", "HEAD", "-m", f"edit {path}")
    git(archive, "update-ref", "refs/heads/main", commit)


@pytest.fixture
def archive(tmp_path) -> Path:
    assert run("init", "arch").exit_code == 0
    add("arch", "rubio", "rubio_geneva.txt", "--source", "https://example.org/rubio", "--label", "as delivered")
    add("arch", "briefing", "briefing_v1.txt", "--source", "https://example.org/b")
    add("arch", "briefing", "briefing_v2.txt", "--source", "https://example.org/b")
    add("arch", "good", "check_good.txt", "--source", "https://example.org/g")
    return tmp_path / "arch"


def rules(result) -> list[tuple[str, str]]:
    return [(f["version"], f["rule"]) for i in json.loads(result.stdout)["inputs"] for f in i["findings"]]


def test_whole_archive(archive):
    result = run("--archive", archive, "check")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("briefing@2: warning: SPOKESPERSON: “We have four announcements today.” — sentence "
                               "modified with no note or label")
    assert lines[-1] == "redline check: 0 errors, 8 warnings in 3 inputs (policy: defaults)"
    add(archive, "bad", "check_bad.txt", "--source", "https://example.org/bad")
    assert run("--archive", archive, "check").exit_code == 1


def test_named_statements_and_versions(archive):
    result = run("--archive", archive, "check", "briefing", "--format", "json")
    assert result.exit_code == 0
    assert rules(result) == [("briefing@2", "version-silent-change")] * 3 + [("briefing@2", "version-meaning")] * 2
    one = run("--archive", archive, "check", "briefing@1", "id:rubio", "--format", "json")
    assert [i["name"] for i in json.loads(one.stdout)["inputs"]] == ["briefing@1", "rubio"]
    assert ("briefing@1", "version-silent-change") not in rules(one)


def test_a_version_named_by_commit_prefix(archive):
    commit = git(archive, "log", "--format=%H", "--grep=Redline-Id: briefing", "-1")
    result = run("--archive", archive, "check", f"briefing@{commit[:9]}", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert set(rules(result)) == {("briefing@2", "version-silent-change"), ("briefing@2", "version-meaning")}


def test_unknown_statement_is_exit_2_and_the_rest_is_checked(archive):
    result = run("--archive", archive, "check", "nobody", "briefing")
    assert result.exit_code == 2
    assert result.stderr == "Error: nobody: no such file, and no statement 'nobody' in the archive (`redline list` shows them)\n"
    assert "briefing@2" in result.stdout


def test_labels_and_notes_explain_changes(archive):
    add(archive, "labelled", "briefing_v1.txt", "--source", "s")
    add(archive, "labelled", "briefing_v2.txt", "--source", "s", "--note", "Corrected against the recording.")
    assert {rule for _, rule in rules(run("--archive", archive, "check", "labelled", "--format", "json"))} == {
        "version-meaning"}


def test_missing_source_and_date(archive):
    add(archive, "bare", "check_good.txt")
    result = run("--archive", archive, "check", "bare", "--format", "github")
    assert result.exit_code == 0
    line = result.stdout.splitlines()[0]
    assert line.startswith("::warning file=statements/bare/_sightings/") and ".json,line=1,title=redline metadata-source::" in line


def test_since_checks_only_touched_statements(archive):
    before = git(archive, "rev-parse", "HEAD")
    assert run("--archive", archive, "check", "--since", before).stdout.startswith("redline check: 0 errors, 0 warnings in 0")
    add(archive, "bad", "check_bad.txt", "--source", "https://example.org/bad")
    result = run("--archive", archive, "check", "--since", before, "--format", "json")
    assert result.exit_code == 1
    assert [i["name"] for i in json.loads(result.stdout)["inputs"]] == ["bad"]


def test_since_needs_a_commit_and_no_ids(archive):
    bad = run("--archive", archive, "check", "--since", "no-such-ref")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr == "Error: --since no-such-ref: not a commit of the archive\n"
    both = run("--archive", archive, "check", "--since", "HEAD", "rubio")
    assert both.exit_code == 2 and "give statement IDs or --since, not both" in both.stderr


def test_github_points_at_the_sentence_file_line(archive):
    result = run("--archive", archive, "check", "briefing", "--format", "github")
    first = result.stdout.splitlines()[0]
    path, line = first.split("file=")[1].split(",title=")[0].split(",line=")
    digest = git(archive, "ls-tree", "--name-only", "HEAD", "statements/briefing/_raw/").split("\n")
    assert path.startswith("statements/briefing/_sentences/") and path[len("statements/briefing/_sentences/"):-4] in [
        d.rsplit("/", 1)[1] for d in digest]
    assert git(archive, "show", f"HEAD:{path}").split("\n")[int(line) - 1] == "We have four announcements today."


def test_tampered_bytes_are_a_history_error(archive, tmp_path):
    raw = git(archive, "ls-tree", "--name-only", "-r", "HEAD", "statements/good/_raw/")
    commit_file(archive, raw, b"Remarks\n2025-03-04\n\nMINISTER: Something else entirely.\n", tmp_path)
    result = run("--archive", archive, "check", "good", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (f"::error file={raw},line=1,title=redline history-hash::good@1: stored bytes no longer "
                             f"match their SHA-256 {raw.rsplit('/', 1)[1][:12]}\n")


def test_tampered_sentence_file_is_a_history_error_unless_another_engine_made_it(archive, tmp_path):
    path = git(archive, "ls-tree", "--name-only", "-r", "HEAD", "statements/good/_sentences/")
    stored = git(archive, "show", f"HEAD:{path}") + "\n"
    commit_file(archive, path, stored.replace("productive", "unproductive").encode(), tmp_path)
    result = run("--archive", archive, "check", "good", "--format", "json")
    assert result.exit_code == 1 and rules(result) == [("good@1", "history-derived")]
    older = stored.replace("· engine ", "· engine 0.0.1-", 1).replace("productive", "unproductive")
    commit_file(archive, path, older.encode(), tmp_path)
    assert run("--archive", archive, "check", "good").exit_code == 0


def test_policy_from_the_archive_tree_or_a_checkout(archive, tmp_path):
    commit_file(archive, "redline.toml", b'[rules]\nversion-silent-change = "error"\n', tmp_path)
    result = run("--archive", archive, "check", "briefing")
    assert result.exit_code == 1 and result.stdout.endswith("(policy: redline.toml)\n")
    subprocess.run(["git", "clone", "-q", str(archive), "checkout"], check=True)
    (tmp_path / "checkout" / "redline.toml").write_text('[rules]\nversion-silent-change = "off"\n'
                                                        'version-meaning = "off"\n', encoding="utf-8")
    local = run("--archive", "checkout", "check", "briefing", "--format", "github")
    assert (local.exit_code, local.stdout) == (0, "")


def test_checkout_paths_are_relative_to_the_archive_root(archive, monkeypatch):
    # Issue 9: GitHub places annotations by paths from the repository's root, wherever check runs.
    subprocess.run(["git", "clone", "-q", str(archive), "checkout"], check=True)
    result = run("--archive", "checkout", "check", "briefing", "--format", "json")
    assert json.loads(result.stdout)["inputs"][0]["findings"][0]["file"].startswith("statements/briefing/")
    monkeypatch.chdir("checkout")
    inside = run("check", "briefing", "--format", "json")
    assert inside.stdout == result.stdout


def test_the_pool_gives_the_same_report(archive, monkeypatch):
    for n in range(3):
        add(archive, f"copy-{n}", "check_bad.txt", "--source", "s")
    inline = run("--archive", archive, "check", "--format", "json")
    monkeypatch.setattr(parallel, "POOL_MIN", 2)
    pooled = run("--archive", archive, "check", "--format", "json")
    assert (pooled.exit_code, pooled.stderr) == (1, "")
    assert pooled.stdout == inline.stdout and len(json.loads(pooled.stdout)["inputs"]) == 6


def test_files_and_statements_together(archive):
    result = run("--archive", archive, "check", FIXTURES / "check_bad.txt", "good", "--format", "json")
    assert [i["name"] for i in json.loads(result.stdout)["inputs"]] == [str(FIXTURES / "check_bad.txt"), "good"]
    assert result.exit_code == 1


def test_detached_checkout_as_ci_leaves_it(archive, monkeypatch):
    subprocess.run(["git", "clone", "-q", str(archive), "checkout"], check=True)
    subprocess.run(["git", "checkout", "-q", "--detach", "HEAD"], cwd="checkout", check=True)
    monkeypatch.chdir("checkout")
    result = run("check", "briefing")
    assert (result.exit_code, result.stderr) == (0, "")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(monkeypatch, tty):
    stream = Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    with progress(3, "Checking statements") as step:
        assert parallel.for_each(lambda: str.upper, ["a", "b", "c"], step) == ["A", "B", "C"]
    assert ("Checking statements" in stream.getvalue()) == tty
