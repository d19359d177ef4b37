"""The installed package: namespace layout, entry points, import weight, help texts."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from redline.cli.main import cli

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


# What redline.core may load before a command runs: errors for the handler, policy for check's options.
LIGHT_CORE = {"redline.core", "redline.core.errors", "redline.core.lazyload", "redline.core.policy"}


def test_help_does_not_load_the_engine(tmp_path):
    code = ("import sys\nfrom redline.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('redline.core', 'redline.snapshots'))))")
    result = python(code, tmp_path, "--help")
    assert set(eval(result.stdout.strip().splitlines()[-1])) <= LIGHT_CORE


@pytest.mark.parametrize("command", [["compare", "{example}"], ["align", "{example}", "{corrected}"],
                                     ["diff", "{example}", "{corrected}"]])
def test_unified_reports_never_load_jieba(tmp_path, command, example_path):
    corrected = example_path.with_name("rubio_geneva_corrected.txt")
    args = [arg.format(example=example_path, corrected=corrected) for arg in command]
    code = "from redline.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    assert loaded_after(code, tmp_path, *args[:1], "--format", "unified", *args[1:]) == ["click"]
    assert "jieba" in loaded_after(code, tmp_path, *args[:1], "--format", "json", *args[1:])


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


def test_each_command_lives_in_the_module_the_group_loads_it_from():
    """COMMAND_MODULES names every command's module, and those modules define no other command."""
    import importlib

    from redline.cli.app import COMMAND_MODULES

    registered = {}
    for module in sorted(set(COMMAND_MODULES.values())):
        before = set(cli.commands)
        importlib.import_module(f"redline.cli.{module}")
        registered.update(dict.fromkeys(set(cli.commands) - before, module))
    assert {name: registered.get(name, module) for name, module in COMMAND_MODULES.items()} == COMMAND_MODULES
    assert set(cli.commands) == set(COMMAND_MODULES)


def test_a_command_loads_only_its_own_module(tmp_path, example_path):
    code = "from redline.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    loaded = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(sorted(m for m in sys.modules "
                             "if m.startswith('redline.cli.') and m.endswith('_commands')))",
                             "segment", str(example_path)], cwd=tmp_path, capture_output=True, text=True)
    assert loaded.stdout.strip().splitlines()[-1] == "['redline.cli.engine_commands']"
