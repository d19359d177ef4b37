"""Sharing through a bare git remote: clones that add versions and sync in turn end identical."""

import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from redline.snapshots.errors import ArchiveError, ArchiveNotFound
from redline.snapshots import Archive

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "rubio_geneva.txt").read_bytes()
CORRECTED = (FIXTURES / "rubio_geneva_corrected.txt").read_bytes()
ID = "state-dept/rubio"
NOON = datetime(2025, 11, 24, 12, tzinfo=timezone.utc)


pytestmark = pytest.mark.usefixtures("fixed_git")


def git(*args, cwd=None):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def origin(tmp_path):
    git("init", "-q", "--bare", "--initial-branch=main", str(tmp_path / "origin.git"))
    return str(tmp_path / "origin.git")


@pytest.fixture
def first(tmp_path, origin):
    """The archive someone started, pushed to the shared remote with one version."""
    archive = Archive.init(tmp_path / "a")
    git("--git-dir", str(archive.path), "remote", "add", "origin", origin)
    archive.add(ID, ORIGINAL, retrieved=NOON)
    assert archive.sync().action == "pushed"
    return archive


def sightings(archive):
    return sorted(s.key for i in archive.ids() for v in archive.statement(i).versions for s in v.sightings)


def brief(i):
    return f"Briefing {i}\n2025年11月2{i}日\n答:这是第{i}次说明。\n".encode()


def test_two_clones_add_and_sync_in_turn_and_end_identical(tmp_path, origin, first):
    second = Archive.clone(origin, tmp_path / "b")
    assert second.statement(ID).versions[0].key == first.statement(ID).versions[0].key
    first.add(ID, CORRECTED, label="corrected", retrieved=NOON + timedelta(hours=1))
    first.add("mfa/a-only", brief(1), retrieved=NOON)
    first.add("shared", brief(3), retrieved=NOON)
    second.add(ID, CORRECTED, label="corrected too", retrieved=NOON + timedelta(hours=2))
    second.add("mfa/b-only", brief(2), retrieved=NOON)
    second.add("shared", brief(3), retrieved=NOON + timedelta(minutes=5))

    assert first.sync().action == "pushed"
    assert second.sync().action == "merged"
    assert first.sync().action == "fast-forward"

    assert first.store.tip() == second.store.tip() == git("--git-dir", origin, "rev-parse", "main")
    assert sightings(first) == sightings(second)
    assert len(sightings(first)) == len(set(sightings(first))) == 7
    versions = first.statement(ID).versions
    assert [len(v.sightings) for v in versions] == [1, 2]  # both clones saw the same correction
    assert first.verify().ok and second.verify().ok
    assert first.sync().action == "up-to-date"


def test_a_plain_git_clone_syncs_and_keeps_its_checkout_clean(tmp_path, origin, first):
    checkout = tmp_path / "c"
    git("clone", "-q", origin, str(checkout))
    colleague = Archive.find(start=checkout)
    colleague.add("mfa/c", brief(4))
    first.add("mfa/a", brief(5))
    first.sync()
    assert colleague.sync().action == "merged"
    assert git("status", "--porcelain", cwd=checkout) == ""
    assert (checkout / "statements" / "mfa" / "a" / "_raw").is_dir()
    first.sync()
    assert first.ids() == colleague.ids() == ["mfa/a", "mfa/c", ID]


def test_sync_without_a_remote_or_with_a_dead_one_is_a_clear_error(tmp_path):
    archive = Archive.init(tmp_path / "alone")
    with pytest.raises(ArchiveError, match="no git remote named 'origin' \\(add one: git -C .* remote add origin URL\\)"):
        archive.sync()
    git("--git-dir", str(archive.path), "remote", "add", "origin", "http://127.0.0.1:9/none.git")
    with pytest.raises(ArchiveError, match="cannot fetch from origin: .*"):
        archive.sync()
    git("--git-dir", str(archive.path), "remote", "add", "gone", str(tmp_path / "missing.git"))
    with pytest.raises(ArchiveError, match="cannot fetch from gone"):
        archive.sync("gone")


def test_clone_of_a_remote_whose_head_names_no_branch_still_works(tmp_path, first):
    git("--git-dir", str(tmp_path / "origin.git"), "symbolic-ref", "HEAD", "refs/heads/master")
    assert Archive.clone(str(tmp_path / "origin.git"), tmp_path / "copy").ids() == [ID]


def test_clone_refuses_what_is_not_an_archive_and_leaves_nothing(tmp_path, origin):
    with pytest.raises(ArchiveNotFound, match="not a redline archive"):
        Archive.clone(origin, tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
    with pytest.raises(ArchiveError) as refused:
        Archive.clone(str(tmp_path / "nowhere"), tmp_path / "copy")
    assert str(refused.value) == f"cannot clone {tmp_path / 'nowhere'}: fatal: repository '{tmp_path / 'nowhere'}' does not exist"
    with pytest.raises(ArchiveError, match="cannot clone"):
        Archive.clone(f"--upload-pack=touch {tmp_path / 'pwned'}", tmp_path / "copy")
    assert not (tmp_path / "pwned").exists()


def _push_from_checkout(tmp_path, origin, change) -> None:
    """Clone ``origin`` into a work tree, let ``change(folder)`` edit it, commit everything and push."""
    work = tmp_path / "work"
    git("clone", "-q", origin, str(work))
    change(work / "statements" / ID)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "by hand", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)


def _delete_version(folder: Path) -> None:
    for kind in ("_raw", "_sightings", "_sentences"):
        for path in (folder / kind).iterdir():
            path.unlink()


def _edit_raw(folder: Path) -> None:
    [raw] = (folder / "_raw").iterdir()
    raw.write_bytes(raw.read_bytes().replace("卢比奥".encode(), "某某".encode()))


@pytest.mark.parametrize("change", [_delete_version, _edit_raw], ids=["deleted", "edited"])
@pytest.mark.parametrize("local_commit", [False, True], ids=["fast-forward", "merge"])
def test_a_remote_that_deletes_or_edits_archived_files_is_refused(tmp_path, origin, first, change, local_commit):
    from redline.cli.testing import run

    _push_from_checkout(tmp_path, origin, change)
    if local_commit:
        first.add("mfa/local", brief(1), retrieved=NOON)
    before = first.store.tip()
    result = run("--archive", first.path, "sync")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: origin deletes or changes archived files (statements/{ID}/_raw/")
    assert "nothing was merged" in result.stderr
    assert first.store.tip() == before and len(first.statement(ID).versions) == 1
    assert run("--archive", first.path, "verify").exit_code == 0


def test_a_remote_that_rederived_sentence_files_is_taken(tmp_path, origin, first):
    def rederive(folder: Path) -> None:
        [sentences] = (folder / "_sentences").iterdir()
        sentences.write_bytes(sentences.read_bytes() + b"\n")

    _push_from_checkout(tmp_path, origin, rederive)
    assert first.sync().action == "fast-forward"


def test_check_since_fails_loudly_on_a_range_that_deletes_a_version(tmp_path, origin, first):
    from redline.cli.testing import run

    base = first.store.tip()
    _push_from_checkout(tmp_path, origin, _delete_version)
    work = tmp_path / "work"
    result = run("--archive", work, "check", "--since", base)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: deleted or changed since {base}: statements/{ID}/_raw/")


def test_a_criss_cross_history_that_drops_our_files_is_refused(tmp_path, origin, first):
    """The remote merges our commit back in with its own tree: one merge base says nothing was deleted,
    but merging would drop what we added."""
    work = tmp_path / "work"
    git("clone", "-q", origin, str(work))
    first.add("local/x", brief(2), retrieved=NOON)
    ours = first.store.tip()
    Archive.find(start=work).add("remote/y", brief(3), retrieved=NOON)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    theirs = git("rev-parse", "HEAD", cwd=work)
    assert first.sync().action == "merged"
    git("fetch", "-q", str(first.path), f"{ours}:refs/ours", cwd=work)
    tree = git("rev-parse", f"{theirs}^{{tree}}", cwd=work)
    crossed = git("commit-tree", tree, "-p", theirs, "-p", ours, "-m", "merged back, ours dropped", cwd=work)
    git("push", "-q", "-f", "origin", f"{crossed}:refs/heads/main", cwd=work)
    with pytest.raises(ArchiveError, match="deletes or changes archived files \\(statements/local/x/"):
        first.sync()
    assert "local/x" in first.ids()


def test_a_statement_folder_made_a_file_on_both_sides_names_the_path_itself(tmp_path, origin, first):
    # git sets the file aside as PATH~COMMIT while it merges; the message names the archive's own path.
    def folder_to_file(folder: Path) -> None:
        shutil.rmtree(folder.parent / "other", ignore_errors=True)
        (folder.parent / "other").write_text("a file where a statement's folder will be\n")

    _push_from_checkout(tmp_path, origin, folder_to_file)
    first.add("state-dept/other", brief(1), retrieved=NOON)
    with pytest.raises(ArchiveError, match=r"^cannot merge: both sides wrote different files at "
                                           r"statements/state-dept/other \(redline only adds files"):
        first.sync()
