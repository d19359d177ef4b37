"""Concurrent writers and writers killed mid-way leave a sound archive (real processes, real git)."""

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from redline.snapshots import Archive

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture
def archive(fixed_git, tmp_path):
    """An empty archive; the git processes the tests start inherit the fixed identity."""
    return Archive.init(tmp_path / "archive")


def statement(n: int) -> bytes:
    return f"例行记者会\n2025年11月{n % 28 + 1}日\n问:第{n}个问题是什么?\n答:这是第{n}个回答。我们注意到了。\n".encode()


def start_add(archive, ident, path, output=subprocess.PIPE):
    return subprocess.Popen(
        [sys.executable, "-m", "redline.cli", "--archive", str(archive.path), "add", ident, str(path)],
        stdout=output, stderr=output,
    )


def finish(proc):
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out.decode(), err.decode()


def test_ten_concurrent_adds_all_land_exactly_once(archive, tmp_path):
    jobs = [("same", n) for n in range(4)] + [("dup", 99), ("dup", 99)] + [(f"other-{n}", n) for n in range(4)]
    for ident, n in jobs:
        (tmp_path / f"{n}.txt").write_bytes(statement(n))
    procs = [start_add(archive, ident, tmp_path / f"{n}.txt") for ident, n in jobs]
    results = [finish(p) for p in procs]
    assert [code for code, _, _ in results] == [0] * 10, results
    assert sum(out.startswith("Unchanged:") for _, out, _ in results) == 1
    assert archive.ids() == ["dup", "other-0", "other-1", "other-2", "other-3", "same"]
    assert sorted(v.sha256 for v in archive.statement("same").versions) == sorted(
        Archive.open(archive.path).statement(f"other-{n}").versions[0].sha256 for n in range(4))
    assert [len(v.sightings) for v in archive.statement("dup").versions] == [1]
    assert archive.git.out("rev-list", "--count", "HEAD") == "10"  # init + nine new versions
    assert archive.verify().ok


def test_a_writer_killed_at_any_point_leaves_an_archive_that_verifies(archive, tmp_path):
    delays = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.45, 0.6]
    for n, delay in enumerate(delays):
        (tmp_path / f"{n}.txt").write_bytes(statement(n))
        proc = start_add(archive, "killed", tmp_path / f"{n}.txt", subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        report = archive.verify()
        assert report.ok, (delay, report.problems)
    (tmp_path / "after.txt").write_bytes(statement(1000))
    code, out, err = finish(start_add(archive, "killed", tmp_path / "after.txt"))
    assert (code, err) == (0, "") and out.startswith("Added killed@")
    assert archive.statement("killed").versions[-1].sha256 == hashlib.sha256(statement(1000)).hexdigest()
    assert archive.verify().ok


def test_local_memos_are_written_whole_or_not_at_all(tmp_path):
    from redline.snapshots.cache import SightingCache, save_json

    cache = SightingCache(tmp_path)
    cache.put("0" * 40, {"label": "\ud800 from a damaged record", "note": "中文"})
    cache.save()
    assert SightingCache(tmp_path).get("0" * 40) == {"label": "\ud800 from a damaged record", "note": "中文"}
    assert not save_json(tmp_path / "missing" / "memo.json", {"a": 1})  # no such folder: nothing written
    circular: dict = {}
    circular["self"] = circular
    assert not save_json(tmp_path / "memo.json", circular)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["redline-cache.json"]
