"""The archive commands through click's CliRunner: exit status, stdout and stderr apart."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = FIXTURES / "rubio_geneva.txt"
CORRECTED = FIXTURES / "rubio_geneva_corrected.txt"
ID = "state-dept/2025-11-23-rubio-geneva"
ARCHIVE_COMMANDS = ["init", "add", "import", "list", "log", "show", "blame", "search", "verify", "sync", "clone", "rederive"]


pytestmark = pytest.mark.usefixtures("fixed_git")


@pytest.fixture
def archive(tmp_path):
    assert run("init", "arch").exit_code == 0
    run("--archive", "arch", "add", ID, ORIGINAL, "--label", "as delivered", "--retrieved", "2025-11-23T10:15:00Z")
    run("--archive", "arch", "add", ID, CORRECTED, "--label", "corrected", "--retrieved", "2025-11-24T08:00:00Z")
    return tmp_path / "arch"


def test_init_add_and_unchanged(tmp_path):
    result = run("init", "arch")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Created an empty redline archive in {tmp_path / 'arch'}\n"
    added = run("--archive", "arch", "add", ID, ORIGINAL, "--retrieved", "2025-11-23T10:15:00Z")
    assert (added.exit_code, added.stderr) == (0, "")
    assert added.stdout.startswith(f"Added {ID}@1 (70c0e0a2c82c-20251123T101500Z), version 1 of 1, commit ")
    again = run("--archive", "arch", "add", ID, ORIGINAL)
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout == f"Unchanged: identical to the latest version {ID}@1 (70c0e0a2c82c-20251123T101500Z); nothing added.\n"


def test_archive_is_found_from_option_env_or_cwd(archive, monkeypatch):
    assert run("--archive", archive, "list", "--format", "json").exit_code == 0
    assert json.loads(run("list", "--format", "json", env={"REDLINE_ARCHIVE": str(archive)}).stdout)["statements"]
    monkeypatch.chdir(archive / "refs")
    assert run("list").stdout.splitlines()[1].split() == [ID, "2", "2025-11-23", "2025-11-23"]


def test_outside_any_archive_is_one_line_and_exit_2(tmp_path):
    result = run("log", ID)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"Error: no redline archive in {tmp_path} or its parents "
                             "(use --archive DIR, set REDLINE_ARCHIVE, or `redline init`)\n")


@pytest.mark.parametrize("ident", ["-rf", "../up", "Upper", "a@b"])
def test_bad_ids_are_exit_2_before_anything_is_written(archive, ident):
    before = subprocess.run(["git", "--git-dir", archive, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    result = run("--archive", archive, "add", "--", ident, ORIGINAL)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: statement ID") and result.stderr.count("\n") == 1
    assert subprocess.run(["git", "--git-dir", archive, "rev-parse", "HEAD"], capture_output=True, text=True).stdout == before


def test_list_json(archive):
    result = run("--archive", archive, "list", "--format", "json")
    assert json.loads(result.stdout) == {"schema": 1, "statements": [{"id": ID, "versions": 2, "first": "2025-11-23", "latest": "2025-11-23"}]}


def test_log_json_is_newest_first_with_changes(archive):
    result = run("--archive", archive, "log", ID, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert (data["schema"], data["id"]) == (1, ID)
    assert [v["version"] for v in data["versions"]] == [2, 1]
    newest = data["versions"][0]
    assert set(newest) == {"version", "key", "label", "date", "source", "note", "commit", "sha256", "sightings",
                           "annotations", "changes", "header", "unreadable"}
    assert newest["unreadable"] is None
    assert newest["changes"] == {"same": 130, "modified": 2, "added": 1, "removed": 0, "split": 0, "merged": 0, "moved": 0}
    assert newest["sightings"][0]["retrieved"] == "2025-11-24T08:00:00.000000Z"
    assert data["versions"][1]["changes"] is None


def test_a_version_that_changed_only_its_title_says_so_everywhere(tmp_path):
    # A re-release with a new headline and the same sentences is not "no changes" (a GOV.UK page did this).
    for name, title in (("v1.txt", "Remarks on the talks"), ("v2.txt", "Remarks on the ceasefire talks")):
        (tmp_path / name).write_text(f"{title}\n\nMINISTER: We met today. The talks went well.\n", encoding="utf-8")
    archive = tmp_path / "arch"
    assert run("init", archive).exit_code == 0
    for day, name in ((1, "v1.txt"), (2, "v2.txt")):
        assert run("--archive", archive, "add", "s", tmp_path / name, "--retrieved", f"2025-01-0{day}T00:00:00Z",
                   "--source", "https://example.org/s", "--date", "2025-01-01").exit_code == 0
    assert run("--archive", archive, "log", "s", "--oneline").stdout.splitlines()[0].endswith("(title changed)")
    newest = json.loads(run("--archive", archive, "log", "s", "--format", "json").stdout)["versions"][0]
    assert (newest["header"], newest["changes"]["modified"]) == (["title"], 0)
    check = run("--archive", archive, "check", "s")
    assert check.exit_code == 0 and ("s@2: warning: header title changed with no note or label on the new version: "
                                     "“Remarks on the talks” → “Remarks on the ceasefire talks” [version-silent-change]"
                                     in check.stdout)
    assert run("--archive", archive, "export-site", tmp_path / "site").exit_code == 0
    assert "s @2: title changed" in (tmp_path / "site" / "s" / "s" / "feed.xml").read_text(encoding="utf-8")


def test_log_text_says_numbers_can_shift(archive):
    result = run("--archive", archive, "log", ID)
    assert result.stdout.startswith("@2  ")
    assert "vs @1: 130 same, 2 modified, 1 added, 0 removed, 0 split, 0 merged; 0 moved" in result.stdout
    assert result.stdout.rstrip().endswith("can shift when an older release is added later; keys never change.")


def test_show_prints_the_exact_text_and_raw_bytes(archive):
    assert run("--archive", archive, "show", f"{ID}@1").stdout == ORIGINAL.read_text(encoding="utf-8")
    assert run("--archive", archive, "show", f"{ID}@corrected", "--raw").stdout_bytes == CORRECTED.read_bytes()
    shown = json.loads(run("--archive", archive, "show", f"{ID}@2025-11-23", "--format", "json").stdout)
    assert (shown["version"], shown["label"], shown["text"][:2]) == (2, "corrected", "国务")
    assert len(shown["commit"]) == 40


@pytest.mark.parametrize("ref, message", [
    (f"{ID}@9", f"Error: {ID}@9: {ID} has 2 versions (1..2, or -1..-2)\n"),
    ("nope", "Error: no statement 'nope' in the archive (`redline list` shows them)\n"),
])
def test_show_bad_refs_exit_2(archive, ref, message):
    result = run("--archive", archive, "show", ref)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_blame_json_and_text(archive):
    data = json.loads(run("--archive", archive, "blame", ID, "--format", "json").stdout)
    assert (data["id"], data["version"]) == (ID, 2)
    added = next(s for s in data["sentences"] if s["text"] == "我们会继续保持沟通吗?")
    assert added["origin"]["version"] == 2 and added["changed"] is None and added["speaker"] == "提问"
    first = data["sentences"][0]
    assert set(first["origin"]) == {"version", "key", "label", "date", "commit"}
    assert first["origin"]["label"] == "as delivered"
    text = run("--archive", archive, "blame", ID).stdout.splitlines()
    assert text[0] == "[excerpt]"
    assert text[5].split() == ["@1", "@2", "卢比奥国务卿", "大约4周前,我们从一份基础性文件开始,这份文件我们已经同双方沟通过,并且吸收了双方的意见。"]


def test_search_exit_status_is_grep_like(archive):
    found = run("--archive", archive, "search", "我们会继续保持沟通")
    assert (found.exit_code, found.stderr) == (0, "")
    assert found.stdout == f"{ID}@2  提问: 我们会继续保持沟通吗?\n"
    missing = run("--archive", archive, "search", "不存在的句子")
    assert (missing.exit_code, missing.stdout, missing.stderr) == (1, "", "")
    data = json.loads(run("--archive", archive, "search", "3周前", "--format", "json").stdout)
    assert [(m["id"], m["version"], m["speaker"]) for m in data["matches"]] == [(ID, 2, "卢比奥国务卿")]


def test_search_history_json(archive):
    data = json.loads(run("--archive", archive, "search", "这些问题的具体细节", "--history", "--format", "json").stdout)
    assert data == {"schema": 1, "matches": [{"id": ID, "text": "我不打算谈这些问题的具体细节。", "speaker": "卢比奥国务卿",
                                 "versions": [1], "removed_in": 2}]}
    text = run("--archive", archive, "search", "这些问题的具体细节", "--history").stdout
    assert text == f"{ID} @1 (removed in @2)  卢比奥国务卿: 我不打算谈这些问题的具体细节。\n"


def _edit_sentence_files(archive: Path, work: Path, old: str, new: str, header: tuple[str, str] | None = None) -> None:
    """In a checkout of ``archive``, replace ``old`` with ``new`` in every sentence file (and the engine
    version in its header, with ``header``), commit and push: what a hand-edited clone could bring."""
    subprocess.run(["git", "clone", "-q", str(archive), str(work)], check=True)
    for path in work.glob("statements/**/_sentences/*.txt"):
        text = path.read_text(encoding="utf-8").replace(old, new)
        path.write_text(text.replace(*header) if header else text, encoding="utf-8")
    subprocess.run(["git", "-C", str(work), "commit", "-qam", "by hand"], check=True)
    subprocess.run(["git", "-C", str(work), "push", "-q", "origin", "HEAD:main"], check=True)


def test_search_never_shows_words_a_versions_bytes_do_not_hold(archive, tmp_path):
    _edit_sentence_files(archive, tmp_path / "work", "我们会继续保持沟通吗?", "我们决定立即撤军。")
    forged = run("--archive", archive, "search", "立即撤军")
    assert (forged.exit_code, forged.stdout) == (1, "")
    assert "not what this engine derives from its version's bytes" in forged.stderr
    assert "_sentences/" in forged.stderr and forged.stderr.startswith("warning: ")


def test_search_never_shows_a_sentence_file_copied_from_another_statement(archive, tmp_path):
    (tmp_path / "other.txt").write_text("Remarks\n\nMINISTER: We will invade tomorrow.\n", encoding="utf-8")
    assert run("--archive", archive, "add", "gov/other", tmp_path / "other.txt").exit_code == 0
    assert run("--archive", archive, "search", "invade tomorrow").stdout.startswith("gov/other@1")  # confirmed
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(archive), str(work)], check=True)
    [copied] = work.glob("statements/gov/other/_sentences/*.txt")
    for target in work.glob(f"statements/{ID}/_sentences/*.txt"):
        target.write_bytes(copied.read_bytes())
    subprocess.run(["git", "-C", str(work), "commit", "-qam", "by hand"], check=True)
    subprocess.run(["git", "-C", str(work), "push", "-q", "origin", "HEAD:main"], check=True)
    for history in ([], ["--history"]):
        found = run("--archive", archive, "search", "invade tomorrow", *history)
        assert found.exit_code == 0 and ID not in found.stdout and "gov/other" in found.stdout
        assert "(another engine made it, or it was edited by hand); its version's bytes were searched instead (`redline verify` lists every problem)\n" in found.stderr


def test_search_takes_files_of_another_engine_that_split_the_same_way(archive, tmp_path):
    from redline.snapshots.derived import engine_version

    _edit_sentence_files(archive, tmp_path / "work", "", "", (f"engine {engine_version()} ·", "engine 0.0.1 ·"))
    found = run("--archive", archive, "search", "我们会继续保持沟通")
    assert (found.exit_code, found.stderr) == (0, "")
    assert found.stdout == f"{ID}@2  提问: 我们会继续保持沟通吗?\n"


def test_verify_ok_and_problems(archive):
    result = run("--archive", archive, "verify")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1 statement, 2 sightings: ok\n", "")
    loose = next(p for p in (archive / "objects").rglob("*") if p.is_file() and len(p.parent.name) == 2)
    loose.chmod(0o644)
    loose.write_bytes(b"broken")
    bad = run("--archive", archive, "verify", "--format", "json")
    assert bad.exit_code == 1
    assert json.loads(bad.stdout)["ok"] is False


def test_import_adds_a_folder_in_name_order(tmp_path):
    run("init", "arch")
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "1-original.txt").write_bytes(ORIGINAL.read_bytes())
    (folder / "2-same.txt").write_bytes(ORIGINAL.read_bytes())
    (folder / "3-corrected.txt").write_bytes(CORRECTED.read_bytes())
    (folder / ".hidden").write_text("skip me")
    result = run("--archive", "arch", "import", folder, "--id", ID)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[1] == f"{folder / '2-same.txt'}: unchanged"
    assert lines[-1] == f"Imported 2 new versions of {ID} from 3 files."
    versions = json.loads(run("--archive", "arch", "log", ID, "--format", "json").stdout)["versions"]
    assert [v["sightings"][0]["file"] for v in versions] == ["3-corrected.txt", "1-original.txt"]


def test_rederive_and_sync_messages(archive, tmp_path):
    assert run("--archive", archive, "rederive").stdout == "All sentence files are current; nothing to do.\n"
    result = run("--archive", archive, "sync")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: no git remote named 'origin'")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", tmp_path / "shared.git"], check=True)
    subprocess.run(["git", "--git-dir", archive, "remote", "add", "origin", tmp_path / "shared.git"], check=True)
    assert run("--archive", archive, "sync").stdout.startswith("Pushed to origin (")
    cloned = run("clone", tmp_path / "shared.git", "copy")
    assert (cloned.exit_code, cloned.stdout) == (0, f"Cloned {tmp_path / 'shared.git'} into {tmp_path / 'copy'} (1 statement).\n")


def test_rederive_leaves_bytes_that_changed_warns_and_exits_2(archive, tmp_path):
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(archive), str(work)], check=True)
    [raw, _] = sorted(work.glob(f"statements/{ID}/_raw/*"))
    raw.write_bytes(raw.read_bytes() + "部长今天辞职。\n".encode())
    subprocess.run(["git", "-C", str(work), "commit", "-qam", "by hand"], check=True)
    subprocess.run(["git", "-C", str(work), "push", "-q", "origin", "HEAD:main"], check=True)
    result = run("--archive", archive, "rederive", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["skipped"] == [f"statements/{ID}/_raw/{raw.name}: stored bytes no longer match "
                                                    f"their SHA-256 {raw.name[:12]}"]
    assert result.stderr == (f"warning: statements/{ID}/_raw/{raw.name}: stored bytes no longer match their SHA-256 "
                             f"{raw.name[:12]}; no sentence file derived from it (`redline verify` lists every "
                             "problem)\n")


def test_refs_resolve_files_and_archive_references(archive, tmp_path):
    from redline.cli.refs import load_default_pair, load_source

    obj = {"archive": str(archive)}
    assert load_source(str(ORIGINAL), obj).name == str(ORIGINAL)
    latest = load_source(ID, obj)
    assert latest.name == f"{ID}@2" and latest.document.text == CORRECTED.read_text(encoding="utf-8")
    assert load_source(f"id:{ID}@1", obj).name == f"{ID}@1"
    (tmp_path / "rubio").write_text("a file named like an ID wins\n")
    assert load_source("rubio", obj).name == "rubio"
    with pytest.raises(Exception, match="No such file|no such file"):
        load_source("file:missing", obj)
    with pytest.raises(Exception, match="missing-thing: no such file, and no statement 'missing-thing' in the archive"):
        load_source("missing-thing", obj)
    old, new = load_default_pair(ID, obj)
    assert (old.name, new.name) == (f"{ID}@1", f"{ID}@2")
    assert old.document.sections[0].sentences[4].text.startswith("大约3周前")


def test_default_pair_needs_two_versions(tmp_path):
    from redline.cli.refs import load_default_pair
    from redline.snapshots.errors import InvalidRev

    run("init", "arch")
    run("--archive", "arch", "add", "solo", ORIGINAL)
    with pytest.raises(InvalidRev, match="solo has only one version: nothing to compare it with"):
        load_default_pair("solo", {"archive": "arch"})


@pytest.mark.parametrize("name", ARCHIVE_COMMANDS)
def test_every_archive_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_help_does_not_import_git():
    code = "import sys; from redline.cli.main import cli\ntry: cli(['--help'])\nexcept SystemExit: pass\nassert 'git' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
