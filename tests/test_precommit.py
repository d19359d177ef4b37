"""The pre-commit hook end to end: ``pre-commit try-repo`` against a repository of transcripts.

The hook is tried from a committed copy of this source tree (the package
folders, its build files and ``.pre-commit-hooks.yaml``), so the test sees
the working tree as it is, whatever git knows of it. pre-commit builds the
hook's environment with pip (network for PyPI); pre-commit itself comes
with the ``test`` extra, so this test fails rather than skips without it.
"""

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from redline.snapshots.testing import FIXED_GIT_ENV

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def git(cwd: Path, *args: str) -> None:
    # FIXED_GIT_ENV, not the fixed_git fixture: that moves HOME, and pip building
    # the hook's environment without its cache takes four times as long.
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **FIXED_GIT_ENV})


def hook_source(tmp_path: Path) -> Path:
    """A git repository holding what ``pip install`` needs to build redline, plus the hook manifest."""
    src = tmp_path / "redline-src"
    src.mkdir()
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    folders = {line.split("=")[1].strip().split("/")[0]
               for line in setup["options"]["package_dir"].strip().splitlines()}
    for name in ("setup.cfg", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, src / name)
    for folder in folders:
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-qm", "redline")
    return src


def try_repo(repo: Path, src: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **FIXED_GIT_ENV, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(src), "redline-check", *args,
                           "--color", "never"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_manifest_declares_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"], h["files"]) for h in hooks] == [
        ("redline-check", "redline check", "python", r"\.txt$")]


@pytest.mark.slow
@pytest.mark.integration
def test_hook_passes_good_and_fails_bad_transcripts(tmp_path):
    assert importlib.util.find_spec("pre_commit"), "pre-commit is missing: setup.cfg's test extra must list it"
    src = hook_source(tmp_path)
    repo = tmp_path / "transcripts"
    repo.mkdir()
    shutil.copy(FIXTURES / "check_good.txt", repo / "good.txt")
    shutil.copy(FIXTURES / "rubio_geneva.txt", repo / "rubio.txt")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "transcripts")

    good = try_repo(repo, src, "--all-files")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "redline check" in good.stdout and "Passed" in good.stdout

    shutil.copy(FIXTURES / "check_bad.txt", repo / "bad.txt")
    git(repo, "add", "bad.txt")
    bad = try_repo(repo, src)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "- exit code: 1" in bad.stdout
    assert "bad.txt:5: error: MINISTER: “We are proud of our record.”" in bad.stdout
    assert "rubio.txt" not in bad.stdout and "good.txt" not in bad.stdout
