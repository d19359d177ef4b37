"""``Archive.statement``: a statement read whole; ``touched_since`` and ``file``; the shared integrity checks."""

from datetime import datetime, timezone
from hashlib import sha256
from pathlib import Path

import pytest

from redline.core import decode, segment
from redline.snapshots.errors import InvalidRev, UnknownStatement
from redline.snapshots import Archive, StoredStatement, derived, engine_version, integrity
from redline.snapshots.store import Plan

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "rubio_geneva.txt").read_bytes()
CORRECTED = (FIXTURES / "rubio_geneva_corrected.txt").read_bytes()
ID = "state-dept/rubio"


pytestmark = pytest.mark.usefixtures("fixed_git")


def at(day: int) -> datetime:
    return datetime(2025, 11, day, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def archive(tmp_path):
    archive = Archive.init(tmp_path / "archive")
    archive.add(ID, ORIGINAL, label="as delivered", source="https://example.org/r", retrieved=at(23))
    archive.add(ID, CORRECTED, label="corrected", note="Fixed a name.", retrieved=at(24))
    # Seen again later, but dated before the first sighting: it joins the first version, which keeps its key.
    archive.add(ID, ORIGINAL, date="2025-11-01", source="https://example.org/mirror", retrieved=at(25))
    return archive


def overwrite(archive, path, data):
    """Change a file the way only someone editing the archive by hand would."""
    archive.store.commit(lambda tip: Plan({path: archive.git.hash_blob(data)}, b"hand edit\n"))


def test_versions_in_order_with_sightings_bytes_text_and_document(archive):
    stored = archive.statement(ID)
    assert isinstance(stored, StoredStatement) and stored.id == ID
    assert [v.number for v in stored.versions] == [1, 2] and stored.selected == stored.versions
    first, second = stored.versions
    assert (first.raw, second.raw) == (ORIGINAL, CORRECTED)
    assert [len(v.sightings) for v in stored.versions] == [2, 1]
    assert first.text == decode(ORIGINAL, "x") and first.document == segment(first.text)
    assert first.name == f"{ID}@1" and first.intact and first.problems == ()
    assert first.meta() == {"label": "as delivered", "note": None, "source": "https://example.org/r",
                            "date": "2025-11-23"}
    assert first.key == first.founder.key != first.first.key  # the mirror sorts first; the key stays
    assert second.meta()["note"] == "Fixed a name."
    assert stored.previous(first) is None and stored.previous(second) is first
    assert stored.by_key(second.key) is second
    assert [v.key for v in stored.versions] == [v.key for v in archive.statement(ID).versions]


def test_sentence_file_with_line_numbers(archive):
    version = archive.statement(ID).versions[0]
    assert version.sentences == derived.render(version.document, version.sha256)
    lines = version.sentences.decode().split("\n")
    assert version.sentence_file and all(lines[s.line - 1] == s.text for s in version.sentence_file)
    first = version.document.sections[0]
    assert version.line_of(first.role, 0) == version.sentence_file[0].line
    assert version.line_of("nowhere", 0) is None
    assert version.sentences_path == f"statements/{ID}/_sentences/{version.sha256}.txt"


def test_a_rev_selects_one_version_and_a_commit_prefix_works(archive):
    assert [v.number for v in archive.statement(f"{ID}@1").selected] == [1]
    assert [v.label for v in archive.statement(f"{ID}@corrected").selected] == ["corrected"]
    commit = archive.statement(f"{ID}@1", commits=True).version.commit
    stored = archive.statement(f"{ID}@{commit[:10]}")
    assert [v.number for v in stored.selected] == [1] and len(stored.versions) == 2
    with pytest.raises(InvalidRev):
        archive.statement(f"{ID}@7")
    with pytest.raises(UnknownStatement):
        archive.statement("nobody")


def test_reads_the_commit_it_is_given(archive):
    old = archive.tip()
    archive.add(ID, ORIGINAL + b"\nA closing remark.\n", retrieved=at(26))
    assert len(archive.statement(ID).versions) == 3
    assert len(archive.statement(ID, at=old).versions) == 2


def test_tampered_bytes_and_sentence_files_are_problems(archive):
    first, second = archive.statement(ID).versions
    overwrite(archive, first.raw_path, ORIGINAL + b"tampered")
    overwrite(archive, second.sentences_path, second.sentences.replace("大约4周前".encode(), "大约5周前".encode()))
    first, second = archive.statement(ID).versions
    assert not first.intact and (first.text, first.document) == (None, None)
    assert first.problems == (integrity.Problem(
        integrity.RAW_CHANGED, first.raw_path, f"stored bytes no longer match their SHA-256 {first.sha256[:12]}"),)
    assert first.problems[0].in_raw and first.sentence_file  # lines still come from the stored file
    assert [(p.kind, p.path, p.in_raw) for p in second.problems] == [
        (integrity.SENTENCES_DIFFER, second.sentences_path, False)]


def test_a_sentence_file_of_another_engine_is_not_judged(archive):
    version = archive.statement(ID).versions[0]
    older = version.sentences.replace(f"engine {engine_version()}".encode(), b"engine 0.0.1", 1) + b"old\n"
    overwrite(archive, version.sentences_path, older)
    assert archive.statement(ID).versions[0].problems == ()


def test_integrity_checks_one_file_at_a_time():
    digest = integrity.sha256(ORIGINAL)
    doc = segment(decode(ORIGINAL, "x"))
    blob = derived.render(doc, digest)
    assert integrity.raw_problem("a", digest, ORIGINAL) is None
    assert integrity.raw_problem("a", digest, None).kind == integrity.RAW_MISSING
    assert integrity.sentences_problem("a", digest, blob, lambda: doc) is None
    assert integrity.sentences_problem("a", digest, None, lambda: doc).kind == integrity.SENTENCES_MISSING
    assert integrity.sentences_problem("a", digest, b"no header\n", lambda: doc).kind == integrity.SENTENCES_HEADER
    assert integrity.sentences_problem("a", digest, blob, None).kind == integrity.SENTENCES_ORPHAN
    assert integrity.sentences_problem("a", digest, blob + b"extra\n", lambda: doc).kind == integrity.SENTENCES_DIFFER


def test_parse_gives_each_sentence_its_line_even_in_a_damaged_file():
    blob = b"# header\n## full\n### A\nOne.\n\\# not a heading\n## excerpt\n###\nTwo \xff.\n"
    assert [(s.section, s.index, s.speaker, s.text, s.line) for s in derived.parse(blob)] == [
        ("full", 0, "A", "One.", 4), ("full", 1, "A", "# not a heading", 5), ("excerpt", 0, None, "Two \ufffd.", 8)]


def test_touched_since(archive):
    before = archive.tip()
    assert archive.touched_since(before) == []
    archive.add("other", CORRECTED, retrieved=at(26))
    archive.add("another", ORIGINAL, retrieved=at(26))
    assert archive.touched_since(before) == ["another", "other"]
    assert archive.touched_since("HEAD~1") == ["another"]
    with pytest.raises(InvalidRev, match="no-such-ref: not a commit of the archive"):
        archive.touched_since("no-such-ref")


def test_file_reads_the_tree_at_the_tip(archive):
    assert archive.file("redline.json", 1000).startswith(b"{")
    assert archive.file("redline.toml", 1000) is None
    overwrite(archive, "redline.toml", b"[rules]\n")
    assert archive.file("redline.toml", 1000) == b"[rules]\n"


def test_a_raw_blob_over_the_limit_is_refused_unread_and_its_siblings_still_read(archive, monkeypatch):
    from redline.core import encoding
    from redline.core.errors import InputTooLarge
    from redline.snapshots import plumbing

    (big, big_data), (small, small_data) = sorted(
        ((v, data) for v in archive.statement(ID).versions for data in (ORIGINAL, CORRECTED)
         if sha256(data).hexdigest() == v.sha256), key=lambda pair: -len(pair[1]))
    monkeypatch.setattr(encoding, "MAX_BYTES", len(big_data) - 1)  # the larger text is now "too large"
    asked: list[str] = []
    cat = plumbing.Git.cat_objects
    monkeypatch.setattr(plumbing.Git, "cat_objects", lambda self, names: asked.extend(names) or cat(self, names))
    stored = archive.statement(ID)
    assert stored.by_key(small.key).raw == small_data
    with pytest.raises(InputTooLarge, match=rf"statements/{ID}/_raw/{big.sha256}: input is"):
        stored.by_key(big.key).raw
    assert asked and archive.store.files(archive.store.tip(), ID)[ID].raw[big.sha256] not in asked


def test_a_huge_file_in_the_tree_is_read_only_as_far_as_its_limit(archive, monkeypatch):
    from redline.snapshots import plumbing

    overwrite(archive, "redline.toml", b"#" * 100_000)
    whole: list[tuple] = []
    run = plumbing.Git.run
    monkeypatch.setattr(plumbing.Git, "run", lambda self, *args, **kw: whole.append(args[:2]) or run(self, *args, **kw))
    assert archive.file("redline.toml", 1000) == b"#" * 1000
    assert ("cat-file", "blob") not in whole  # never read whole
    assert archive.file("redline.toml", 200_000) == b"#" * 100_000
    assert archive.file("nothing.toml", 1000) is None
    overwrite(archive, "redline.toml/x", b"a folder where the file should be")
    assert archive.file("redline.toml", 1000) is None
