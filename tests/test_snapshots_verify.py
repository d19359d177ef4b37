"""``verify`` finds what is wrong and only that; ``rederive`` rewrites derived files and nothing else."""

from pathlib import Path

import pytest

from redline.snapshots import Archive, engine_version
from redline.snapshots.store import Plan

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "rubio_geneva.txt").read_bytes()
CORRECTED = (FIXTURES / "rubio_geneva_corrected.txt").read_bytes()
ID = "rubio"


pytestmark = pytest.mark.usefixtures("fixed_git")


@pytest.fixture
def archive(tmp_path):
    archive = Archive.init(tmp_path / "archive")
    archive.add(ID, ORIGINAL)
    archive.add(ID, CORRECTED)
    return archive


def overwrite(archive, path, data):
    """Change a file the way only someone editing the archive by hand would."""
    blob = archive.git.hash_blob(data)
    archive.store.commit(lambda tip: Plan({path: blob}, b"hand edit\n"))


def sentences_path(archive, number):
    return f"statements/{ID}/_sentences/{archive.statement(ID).versions[number - 1].sha256}.txt"


def test_a_fresh_archive_verifies(archive):
    report = archive.verify()
    assert (report.ok, report.statements, report.sightings, report.problems, report.notes) == (True, 1, 2, [], [])


def test_raw_bytes_that_do_not_match_their_hash_are_a_problem(archive):
    digest = archive.statement(ID).versions[0].sha256
    overwrite(archive, f"statements/{ID}/_raw/{digest}", ORIGINAL + b"tampered")
    report = archive.verify()
    assert not report.ok
    assert report.problems[0] == f"statements/{ID}/_raw/{digest}: bytes do not match their SHA-256 name"


def test_a_derived_file_that_differs_from_its_engine_is_a_problem_and_rederive_fixes_it(archive):
    path = sentences_path(archive, 2)
    stored = archive.git.cat_objects([f"HEAD:{path}"])[0]
    overwrite(archive, path, stored.replace("大约4周前".encode(), "大约5周前".encode()))
    assert archive.verify().problems == [f"{path}: differs from what engine {engine_version()} derives (run `redline rederive`)"]
    raws_before = archive.git.out("rev-parse", f"HEAD:statements/{ID}/_raw")
    result = archive.rederive()
    assert result.paths == [path] and result.commit
    assert archive.verify().ok
    assert archive.git.out("rev-parse", f"HEAD:statements/{ID}/_raw") == raws_before
    assert archive.rederive().commit is None


def test_another_engine_version_is_a_note_not_a_problem(archive):
    path = sentences_path(archive, 1)
    stored = archive.git.cat_objects([f"HEAD:{path}"])[0]
    overwrite(archive, path, stored.replace(f"engine {engine_version()}".encode(), b"engine 0.0.1", 1) + b"old\n")
    report = archive.verify()
    assert report.ok
    assert report.notes == [f"{path}: made by engine 0.0.1, this is {engine_version()} (`redline rederive` refreshes it)"]


def test_missing_files_and_strangers_are_problems(archive):
    overwrite(archive, f"statements/{ID}/notes.txt", b"hello")
    digest = archive.statement(ID).versions[0].sha256
    archive.store.commit(lambda tip: Plan({f"statements/x/_raw/{digest}": archive.git.hash_blob(ORIGINAL)}, b"x\n"))
    problems = archive.verify().problems
    assert f"statements/{ID}/notes.txt: not a file redline writes" in problems
    assert f"statements/x/_sentences/{digest}.txt: missing (run `redline rederive`)" in problems


def test_git_fsck_failures_are_problems(archive):
    blob = archive.git.out("rev-parse", f"HEAD:statements/{ID}/_sightings")
    loose = archive.git.git_dir / "objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.write_bytes(b"garbage")
    problems = archive.verify().problems
    assert any(p.startswith("git fsck:") for p in problems)


def test_a_cache_entry_that_disagrees_with_git_is_dropped_and_rebuilt(archive, monkeypatch):
    monkeypatch.setattr("redline.snapshots.store.CACHE_FROM", 0)
    archive.statement(ID).versions  # fills the cache
    blob = archive.git.out("rev-parse", f"HEAD:statements/{ID}/_sightings/{archive.statement(ID).versions[0].key}.json")
    assert archive.store.cache.get(blob)["label"] is None
    archive.store.cache.put(blob, {**archive.store.cache.get(blob), "label": "forged"})
    archive.store.cache.save()
    assert Archive.open(archive.path).statement(ID).versions[0].label == "forged"  # the cache is trusted when reading...
    report = Archive.open(archive.path).verify()  # ...and checked by verify
    assert report.ok and report.notes[0].startswith("the sighting cache disagreed with")
    assert Archive.open(archive.path).statement(ID).versions[0].label is None


def test_changed_raw_bytes_are_one_problem_and_rederive_derives_nothing_from_them(archive):
    # The sentence file no longer matches what the changed bytes derive, but that follows from the change:
    # verify names the bytes only, and rederive will not commit text derived from them; it does the rest.
    first, second = archive.statement(ID).versions
    overwrite(archive, f"statements/{ID}/_raw/{first.sha256}", ORIGINAL + "\n部长今天辞职。\n".encode())
    path = sentences_path(archive, 2)
    overwrite(archive, path, archive.git.cat_objects([f"HEAD:{path}"])[0] + b"hand edit\n")
    assert archive.verify().problems == [f"statements/{ID}/_raw/{first.sha256}: bytes do not match their SHA-256 name",
                                         f"{path}: differs from what engine {engine_version()} derives "
                                         "(run `redline rederive`)"]
    sentences_before = archive.git.out("rev-parse", f"HEAD:{sentences_path(archive, 1)}")
    result = archive.rederive()
    assert result.skipped == [f"statements/{ID}/_raw/{first.sha256}: stored bytes no longer match their "
                              f"SHA-256 {first.sha256[:12]}"]
    assert result.paths == [path] and result.commit
    assert archive.git.out("rev-parse", f"HEAD:{sentences_path(archive, 1)}") == sentences_before


def read_names(monkeypatch) -> list[str]:
    """Every object name asked of ``git cat-file --batch`` from now on."""
    from redline.snapshots import plumbing

    asked: list[str] = []
    cat = plumbing.Git.cat_objects
    monkeypatch.setattr(plumbing.Git, "cat_objects", lambda self, names: asked.extend(names) or cat(self, names))
    return asked


def test_files_past_what_redline_writes_are_problems_and_left_unread(archive, monkeypatch):
    # A clone can hold a file of any size where redline writes a small one; verify names it without reading it.
    from redline.snapshots import derived

    monkeypatch.setattr(derived, "MAX_BYTES", 200_000)  # a sentence file's limit, lowered from 256 MB
    path = sentences_path(archive, 1)
    overwrite(archive, path, b"#" * 300_000)
    stored = archive.statement(ID)
    sighting = f"statements/{ID}/_sightings/{stored.versions[1].sightings[0].key}.json"
    overwrite(archive, sighting, b" " * 300_000)  # past a record's 256 KB
    blobs = {archive.git.out("rev-parse", f"HEAD:{p}") for p in (path, sighting)}
    asked = read_names(monkeypatch)
    problems = archive.verify().problems
    assert f"{path}: 300,000 bytes, more than redline reads; not read" in problems
    assert f"{sighting}: 300000 bytes, more than a record redline writes" in problems
    assert asked and not blobs & set(asked)


def test_version_bytes_past_their_limit_are_not_read_under_the_larger_limit_of_sentence_files(archive, monkeypatch):
    from redline.core import encoding

    first = archive.statement(ID).versions[0]
    monkeypatch.setattr(encoding, "MAX_BYTES", len(ORIGINAL) - 1)  # the version's bytes: "too large"
    blob = archive.git.out("rev-parse", f"HEAD:statements/{ID}/_raw/{first.sha256}")
    asked = read_names(monkeypatch)
    assert f"statements/{ID}/_raw/{first.sha256}: {len(ORIGINAL):,} bytes, more than redline reads; not read" in \
        archive.verify().problems
    assert asked and blob not in asked


def test_a_sentence_file_too_large_to_read_is_passed_over_for_the_bytes(archive, monkeypatch):
    from redline.core import decode, segment
    from redline.snapshots import derived

    monkeypatch.setattr(derived, "MAX_BYTES", 200_000)
    path = sentences_path(archive, 1)
    overwrite(archive, path, b"#" * 300_000)
    blob = archive.git.out("rev-parse", f"HEAD:{path}")
    asked = read_names(monkeypatch)
    first = archive.statement(ID).versions[0]
    assert first.document == segment(decode(ORIGINAL, "x"))
    assert asked and blob not in asked
