"""The derived index answers as the archive does, catches up with every write, and is never needed.

Every query is run twice on the same archive: with the index, and with the
index out of reach (its file replaced by a folder, so it cannot be opened);
the answers must be identical.
"""

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from redline.cli.testing import run
from redline.snapshots.index import NAME

# Slow: each test runs every query twice over a real archive.
pytestmark = [pytest.mark.usefixtures("fixed_git"), pytest.mark.slow]

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = {
    "briefing": (FIXTURES / "briefing_v1.txt", FIXTURES / "briefing_v2.txt"),
    "rubio/geneva": (FIXTURES / "rubio_geneva.txt", FIXTURES / "rubio_geneva_corrected.txt"),
    "mfa/tail": (FIXTURES / "mfa_zh_2016-11-25_tail.txt",),
    "mfa/en": (FIXTURES / "mfa_en_2019-01-10_excerpt.txt",),
}
QUERIES = [
    ["search", "进展"],                       # two characters: too short for the trigram index
    ["search", "实质性进展"],
    ["search", "实质性进展", "--history"],
    ["search", "这些问题的具体细节", "--history"],
    ["search", "大约4周前"],
    ["search", "foreign ministry", "-i"],
    ["search", "Foreign Ministry"],
    ["search", r"进展\w", "--regex"],
    ["search", "实质性进展", "--id", "rubio/geneva"],
    ["search", "没有这句话的任何地方"],
    ["list"],
    ["list", "mfa/"],
    ["list", "--as-of", "2025-11-23"],
    ["log", "rubio/geneva"],
    ["blame", "rubio/geneva"],
]


@pytest.fixture
def archive(tmp_path) -> Path:
    assert run("init", "arch").exit_code == 0
    for hour, (ident, files) in enumerate(TEXTS.items()):
        for n, path in enumerate(files):
            added = run("--archive", "arch", "add", ident, path, "--retrieved", f"2025-11-2{n + 3}T1{hour}:00:00Z")
            assert added.exit_code == 0, added.stderr
    return tmp_path / "arch"


def answers(archive: Path) -> list[tuple[int, str, str]]:
    out = []
    for query in QUERIES:
        result = run("--archive", archive, *query, "--format", "json")
        out.append((result.exit_code, result.stdout, result.stderr))
    return out


def without_index(archive: Path):
    """Make the index impossible to open, so every query reads the archive."""
    index = archive / NAME
    index.unlink(missing_ok=True)
    index.mkdir()


def test_the_index_answers_as_the_archive_does(archive):
    indexed = answers(archive)
    tip = subprocess.run(["git", "--git-dir", str(archive), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    with sqlite3.connect(archive / NAME) as db:  # built, and built at the tip, for both parts
        assert dict(db.execute("SELECT key, value FROM meta WHERE key IN ('statements', 'text')")) == {
            "statements": tip.strip(), "text": tip.strip()}
    assert any(json.loads(out)["matches"] for code, out, _ in indexed[:9] if code == 0)
    without_index(archive)
    assert answers(archive) == indexed


def test_the_index_catches_up_with_every_write(archive, tmp_path):
    answers(archive)  # build it
    late = tmp_path / "late.txt"
    late.write_text("新闻发布会\n\n发言人:\n今天我们宣布一项完全新的倡议。\n", encoding="utf-8")
    assert run("--archive", archive, "add", "late/one", late).exit_code == 0
    found = run("--archive", archive, "search", "完全新的倡议", "--format", "json")
    assert [m["id"] for m in json.loads(found.stdout)["matches"]] == ["late/one"]
    late.write_text("新闻发布会\n\n发言人:\n今天我们宣布另一项倡议。\n", encoding="utf-8")
    assert run("--archive", archive, "add", "late/one", late).exit_code == 0
    assert run("--archive", archive, "search", "完全新的倡议").exit_code == 1  # gone from the latest version
    history = run("--archive", archive, "search", "完全新的倡议", "--history", "--format", "json")
    assert json.loads(history.stdout)["matches"][0]["removed_in"] == 2
    indexed = answers(archive)
    without_index(archive)
    assert answers(archive) == indexed


def test_a_damaged_index_is_rebuilt_and_a_rewritten_branch_too(archive):
    indexed = answers(archive)
    (archive / NAME).write_bytes(b"not a database at all" * 100)
    assert answers(archive) == indexed
    # The branch rewritten under the index (as a force-push would): the index notices and starts afresh.
    subprocess.run(["git", "--git-dir", str(archive), "update-ref", "refs/heads/main", "HEAD~1"], check=True)
    shrunk = answers(archive)
    shutil.rmtree(archive / NAME, ignore_errors=True)
    (archive / NAME).unlink(missing_ok=True)
    without_index(archive)
    assert answers(archive) == shrunk


def test_verify_forgets_the_index(archive):
    answers(archive)
    assert run("--archive", archive, "verify").exit_code == 0
    indexed = answers(archive)
    without_index(archive)
    assert answers(archive) == indexed
