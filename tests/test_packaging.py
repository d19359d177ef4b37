"""The installed package: namespace layout, entry points, import weight, help texts."""

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest

from redline.cli.main import cli

README = Path(__file__).resolve().parents[1] / "README.md"
SCRIPT = Path(sys.executable).with_name("redline")


def python(code: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter outside the checkout."""
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True)


def loaded_after(code: str, cwd: Path, *args: str) -> list[str]:
    probe = "\nimport sys\nprint(sorted(m for m in ('click', 'git', 'jieba') if m in sys.modules))"
    result = python(code + probe, cwd, *args)
    assert result.stdout.strip(), result.stderr
    return eval(result.stdout.strip().splitlines()[-1])


def test_core_imports_neither_click_nor_git_nor_jieba(tmp_path):
    assert loaded_after("import redline.core", tmp_path) == []


@pytest.mark.parametrize("name", ["core", "cli", "snapshots"])
def test_the_checkout_folders_are_not_top_level_packages(tmp_path, name):
    result = python(f"import {name}", tmp_path)
    assert result.returncode == 1
    assert f"No module named '{name}'" in result.stderr


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_startup_imports_neither_jieba_nor_git(tmp_path, flag):
    code = "from redline.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    assert loaded_after(code, tmp_path, flag) == ["click"]


@pytest.mark.integration
def test_version(tmp_path):
    result = subprocess.run([str(SCRIPT), "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"redline {version('redline')}\n", "")


@pytest.mark.integration
def test_python_dash_m(tmp_path):
    command = [sys.executable, "-m", "redline.cli", "--help"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ")
    assert "segment" in result.stdout


def commands(group: click.Group, prefix: str = "redline"):
    """``(full name, command)`` for the group and every command under it."""
    yield prefix, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


ALL_COMMANDS = list(commands(cli))


@pytest.mark.parametrize(("name", "command"), ALL_COMMANDS, ids=[n for n, _ in ALL_COMMANDS])
def test_every_command_has_help_ending_with_an_example(name, command):
    text = command.help or ""
    lines = text.rstrip().splitlines()
    marker = max((i for i, line in enumerate(lines) if re.fullmatch(r"Examples?:", line.strip())), default=None)
    assert marker is not None, f"{name}: help has no Example block"
    example = [line for line in lines[marker + 1:] if line.strip() and line.strip() != "\b"]
    assert example, f"{name}: empty Example block"
    assert all(line.startswith("    ") for line in example), f"{name}: text after the Example block"
    assert any(line.strip().startswith("redline ") for line in example)


@pytest.mark.parametrize("name", [n for n, _ in ALL_COMMANDS[1:]])
def test_every_command_is_named_in_the_readme(name):
    assert re.search(rf"\b{re.escape(name)}\b", README.read_text(encoding="utf-8"))
