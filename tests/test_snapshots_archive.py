"""The archive on real git repositories: layout, add, ordering, reading from objects, safety of inputs."""

import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from redline.snapshots.errors import ArchiveError, ArchiveNotFound, InvalidField, InvalidId, UnknownStatement
from redline.snapshots import Archive, engine_version

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "rubio_geneva.txt").read_bytes()
CORRECTED = (FIXTURES / "rubio_geneva_corrected.txt").read_bytes()
ID = "state-dept/2025-11-23-rubio-geneva"
T1 = datetime(2025, 11, 23, 10, 15, tzinfo=timezone.utc)
T2 = datetime(2025, 11, 24, 8, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.usefixtures("fixed_git")


@pytest.fixture
def archive(tmp_path):
    return Archive.init(tmp_path / "archive")


def git(archive, *args):
    return subprocess.run(["git", f"--git-dir={archive.git.git_dir}", *args], check=True,
                          capture_output=True).stdout.decode()


def tree(archive):
    return git(archive, "ls-tree", "-r", "--name-only", "HEAD").split()


def test_init_makes_a_bare_repository_with_marker_and_attributes(archive, tmp_path):
    assert (tmp_path / "archive" / "HEAD").is_file() and not (tmp_path / "archive" / ".git").exists()
    assert git(archive, "rev-parse", "--is-bare-repository").strip() == "true"
    assert tree(archive) == [".gitattributes", "redline.json"]
    assert "* -text" in git(archive, "show", "HEAD:.gitattributes")
    assert json.loads(git(archive, "show", "HEAD:redline.json")) == {"redline": "archive", "format": 1}
    assert git(archive, "log", "--format=%an <%ae> %cn", "-1").strip() == "Ada Archivist <ada@example.org> Ada Archivist"


def test_init_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("x")
    with pytest.raises(ArchiveError, match="not an empty folder"):
        Archive.init(tmp_path / "used")


def test_add_writes_raw_sighting_and_sentence_files_in_one_commit(archive):
    result = archive.add(ID, ORIGINAL, label="as delivered", source="https://www.state.gov/x", retrieved=T1)
    digest = result.version.sha256
    key = result.sighting.key
    assert key == f"{digest[:12]}-20251123T101500Z"
    base = f"statements/{ID}"
    assert tree(archive) == [".gitattributes", "redline.json", f"{base}/_raw/{digest}",
                             f"{base}/_sentences/{digest}.txt", f"{base}/_sightings/{key}.json"]
    assert git(archive, "rev-list", "--count", "HEAD").strip() == "2"
    stored = json.loads(git(archive, "show", f"HEAD:{base}/_sightings/{key}.json"))
    assert stored == {"id": ID, "key": key, "sha256": digest, "size": len(ORIGINAL), "retrieved": "2025-11-23T10:15:00.000000Z",
                      "date": "2025-11-23", "label": "as delivered", "source": "https://www.state.gov/x",
                      "note": None, "file": None, "encoding": None, "version": key}
    trailers = git(archive, "log", "-1", "--format=%(trailers:only,unfold)")
    assert f"Redline-Id: {ID}\nRedline-Key: {key}\nRedline-Sha256: {digest}\nRedline-Label: as delivered" in trailers


def test_sentence_file_is_one_sentence_a_line_with_sections_speakers_and_engine(archive):
    digest = archive.add(ID, ORIGINAL).version.sha256
    lines = git(archive, "show", f"HEAD:statements/{ID}/_sentences/{digest}.txt").splitlines()
    assert lines[0] == f"# redline sentences · engine {engine_version()} · sha256 {digest}"
    assert lines[1:5] == ["## excerpt [节选部分]", "### 卢比奥国务卿", "今天我们过得非常不错。", "我们取得了非常巨大的进展。"]
    assert "## full [完整内容]" in lines and "### 提问" in lines


def test_git_diff_of_two_sentence_files_reads_at_sentence_level(archive):
    one = archive.add(ID, ORIGINAL).version.sha256
    two = archive.add(ID, CORRECTED, label="corrected").version.sha256
    base = f"HEAD:statements/{ID}/_sentences"
    diff = git(archive, "diff", f"{base}/{one}.txt", f"{base}/{two}.txt")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 7  # header line, two reworded sentences, one added sentence
    assert "-大约3周前,我们从一份基础性文件开始,这份文件我们已经同双方沟通过,并且吸收了双方的意见。" in changed
    assert "+我们会继续保持沟通吗?" in changed


def test_identical_bytes_make_no_commit(archive):
    archive.add(ID, ORIGINAL, source="https://example.org/a")
    tip = archive.store.tip()
    for metadata in ({}, {"source": "https://example.org/a"}):
        result = archive.add(ID, ORIGINAL, **metadata)
        assert (result.outcome, result.commit, result.sighting, result.version.number) == ("unchanged", None, None, 1)
    assert archive.store.tip() == tip


def test_identical_bytes_with_new_metadata_are_a_sighting_of_the_same_version(archive):
    first = archive.add(ID, ORIGINAL, label="as delivered")
    result = archive.add(ID, ORIGINAL, label="again", source="https://example.org/b", note="seen on the mirror")
    assert result.outcome == "sighting" and result.commit is not None and result.count == 1
    assert result.version.key == first.version.key and result.version.label == "as delivered"
    assert result.sighting.version == first.version.key
    assert (result.version.source, result.version.note) == ("https://example.org/b", "seen on the mirror")


@pytest.mark.parametrize("field, value", [("note", "The ministry corrected a figure."),
                                          ("source", "https://example.org/mirror"), ("label", "as corrected")])
def test_known_bytes_with_one_new_field_are_a_sighting_that_keeps_it(archive, field, value):
    archive.add(ID, ORIGINAL)
    result = archive.add(ID, ORIGINAL, **{field: value})
    assert result.outcome == "sighting" and result.commit is not None
    assert value in [getattr(s, field) for s in archive.statement(ID).version.sightings]
    assert archive.add(ID, ORIGINAL, **{field: value}).outcome == "unchanged"  # nothing new the second time


def test_revert_is_three_versions_with_raw_bytes_stored_once(archive):
    for data in (ORIGINAL, CORRECTED, ORIGINAL):
        archive.add(ID, data)
    versions = archive.statement(ID).versions
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[0].sha256 == versions[2].sha256 != versions[1].sha256
    assert sum("/_raw/" in p for p in tree(archive)) == 2
    assert sum("/_sightings/" in p for p in tree(archive)) == 3


def test_an_older_release_added_later_shifts_numbers_but_not_keys(archive):
    later = archive.add(ID, CORRECTED, date="2025-11-24", retrieved=T1).version
    earlier = archive.add(ID, ORIGINAL, date="2025-11-23", retrieved=T2).version
    versions = archive.statement(ID).versions
    assert [v.key for v in versions] == [earlier.key, later.key]
    assert archive.statement(f"{ID}@{later.key}").version.number == 2
    assert archive.statement(f"{ID}@-1").version.key == later.key


def test_sightings_of_identical_bytes_in_a_row_are_one_version(archive):
    archive.add(ID, ORIGINAL, date="2025-11-23", retrieved=T1)
    archive.add(ID, CORRECTED, date="2025-11-25", retrieved=T2)
    archive.add(ID, ORIGINAL, date="2025-11-24", label="mirror", retrieved=T2)
    versions = archive.statement(ID).versions
    assert [len(v.sightings) for v in versions] == [2, 1]
    assert [s.label for s in versions[0].sightings] == [None, "mirror"]


def test_versions_know_the_commit_that_added_them(archive):
    commit = archive.add(ID, ORIGINAL).commit
    assert archive.statement(ID, commits=True).versions[0].commit == commit
    assert archive.statement(f"{ID}@{commit[:7]}").version.number == 1


def test_show_reads_exact_bytes_from_objects(archive):
    data = "标题\r\n2025年11月23日\r\n正文。第二句。\r\n".encode("gb18030")
    archive.add("gbk-crlf", data, encoding="gb18030")
    found = archive.statement("gbk-crlf")
    assert found.version.raw == data
    assert found.version.text == "标题\n2025年11月23日\n正文。第二句。\n"


def test_statements_lists_counts_and_dates(archive):
    archive.add(ID, ORIGINAL)
    archive.add(ID, CORRECTED)
    archive.add("mfa/t1", b"Foreign Ministry briefing\nNovember 3, 2025\nWe welcome the talks.\n")
    rows = {r.id: r for r in archive.statements()}
    assert (rows[ID].versions, rows[ID].first, rows[ID].latest) == (2, "2025-11-23", "2025-11-23")
    assert (rows["mfa/t1"].versions, rows["mfa/t1"].first) == (1, "2025-11-03")


def test_nested_ids_do_not_collide(archive):
    archive.add("a", ORIGINAL)
    archive.add("a/b", CORRECTED)
    assert archive.ids() == ["a", "a/b"]
    assert len(archive.statement("a").versions) == len(archive.statement("a/b").versions) == 1


@pytest.mark.parametrize("ident", ["-rf", "../escape", "/abs", "a@b", "--upload-pack=x", ".git/hooks"])
def test_bad_ids_are_refused_before_anything_is_written(archive, ident):
    tip = archive.store.tip()
    with pytest.raises(InvalidId):
        archive.add(ident, ORIGINAL)
    assert archive.store.tip() == tip


@pytest.mark.parametrize("field, value, message", [
    ("label", "as\ndelivered", "one line"),
    ("label", "x\rRedline-Id: evil", "one line"),
    ("source", "https://x\nRedline-Key: y", "one line"),
    ("date", "23 Nov", "ISO date"),
    ("note", "bell\x07", "control character"),
])
def test_bad_fields_are_refused_before_anything_is_written(archive, field, value, message):
    tip = archive.store.tip()
    with pytest.raises(InvalidField, match=message):
        archive.add(ID, ORIGINAL, **{field: value})
    assert archive.store.tip() == tip


def test_trailer_like_lines_in_a_note_stay_in_the_note(archive):
    note = "Spotted by the desk.\n\nRedline-Id: forged\nRedline-Key: forged"
    archive.add(ID, ORIGINAL, note=note, label="--amend")
    ids = git(archive, "log", "-1", "--format=%(trailers:key=Redline-Id,valueonly)").split()
    assert ids == [ID]
    assert archive.statement(ID).versions[0].first.note == note
    assert archive.statement(ID).versions[0].label == "--amend"


def test_unknown_statement_and_missing_archive_are_clear(archive, tmp_path):
    with pytest.raises(UnknownStatement, match="no statement 'nope'"):
        archive.statement("nope")
    with pytest.raises(ArchiveNotFound, match="no redline archive in"):
        Archive.find(start=tmp_path / "elsewhere")
    subprocess.run(["git", "init", "-q", str(tmp_path / "plain")], check=True)
    with pytest.raises(ArchiveNotFound, match="not a redline archive"):
        Archive.open(tmp_path / "plain")


def test_find_walks_up_from_inside_the_archive(archive, tmp_path):
    assert Archive.find(start=tmp_path / "archive" / "refs" / "heads").path == tmp_path / "archive"


def test_identity_falls_back_to_git_config_then_redline(archive, monkeypatch):
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{role}_NAME")
        monkeypatch.delenv(f"GIT_{role}_EMAIL")
    Archive.open(archive.path).add(ID, ORIGINAL)
    assert git(archive, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == "redline <redline@localhost>|redline <redline@localhost>"
    git(archive, "config", "user.name", "Desk Editor")
    git(archive, "config", "user.email", "desk@example.org")
    archive2 = Archive.open(archive.path)
    archive2.add(ID, CORRECTED)
    assert git(archive, "log", "-1", "--format=%an <%ae>").strip() == "Desk Editor <desk@example.org>"


def test_a_checked_out_clone_is_an_archive_and_stays_in_step(archive, tmp_path):
    archive.add(ID, ORIGINAL)
    subprocess.run(["git", "clone", "-q", str(archive.path), str(tmp_path / "checkout")], check=True)
    clone = Archive.find(start=tmp_path / "checkout" / "statements")
    assert clone.path == tmp_path / "checkout"
    digest = clone.add(ID, CORRECTED).version.sha256
    assert (tmp_path / "checkout" / "statements" / ID / "_raw" / digest).read_bytes() == CORRECTED
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path / "checkout", capture_output=True, text=True)
    assert status.stdout == ""


def test_commits_are_found_even_where_trailers_are_missing_or_false(archive):
    from redline.snapshots import layout
    from redline.snapshots.sightings import Sighting, make_key, sha256
    from redline.snapshots.store import Plan

    real = archive.add(ID, ORIGINAL, retrieved=T1)
    digest = sha256(CORRECTED)
    key = make_key(digest, T2)
    sighting = Sighting(ID, key, digest, len(CORRECTED), "2025-11-24T08:00:00.000000Z", "2025-11-23")
    files = {layout.sighting_path(ID, key): archive.git.hash_blob(sighting.to_json()),
             layout.raw_path(ID, digest): archive.git.hash_blob(CORRECTED)}
    lie = f"hand-made\n\nRedline-Id: {ID}\nRedline-Key: {real.sighting.key}\n".encode()
    by_hand = archive.store.commit(lambda tip: Plan(files, lie))
    commits = [v.commit for v in archive.statement(ID, commits=True).versions]
    assert commits == [real.commit, by_hand]
