"""The documentation is true of the code: README.md and docs/*.md.

- docs/cli.md is what ``python -m redline.cli.reference`` renders now;
- every command's ``--help`` ends with an Example block, and README's
  command table names every command and no other;
- every relative link and image points to a file (and heading) that exists;
- every ``console`` block is a transcript of what its commands print today;
- docs/check.md's rule table is the code's rule list.

Console blocks run in bash from the checkout, with ``~`` a fresh temporary
home (shown as ``/home/ada``), 80 columns, and git's identity and dates
fixed, so commit hashes are reproducible; ``pycon`` blocks run as doctests
from the checkout. After a deliberate change of output, rewrite the
blocks from a run with ``REDLINE_UPDATE_DOCS=1 python -m pytest
tests/test_docs.py`` and review the diff like code.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from redline.cli import reference
from redline.snapshots.testing import fixed_git_env

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLI_MD = ROOT / "docs" / "cli.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
SHOWN_HOME = "/home/ada"
UPDATE = os.environ.get("REDLINE_UPDATE_DOCS") == "1"

FENCE = re.compile(r"^\s*(`{3,})\s*([\w-]*)\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)", re.M)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
CONTEXTS = list(reference.help_contexts())
COMMANDS = [ctx.command_path for ctx in CONTEXTS[1:]]


def fenced_blocks(lines: list[str]) -> list[tuple[str, int, int]]:
    """``(language, first body line, closing fence line)`` of each fenced code block."""
    blocks, opened = [], None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if opened is None and match:
            opened = (match.group(1), match.group(2), number)
        elif opened is not None and match and match.group(1).startswith(opened[0]) and not match.group(2):
            blocks.append((opened[1], opened[2] + 1, number))
            opened = None
    assert opened is None, f"unclosed code fence at line {opened[2] + 1}"
    return blocks


def outside_fences(text: str) -> str:
    """``text`` with its fenced code blocks blanked out (line numbers kept)."""
    lines = text.splitlines()
    for _, start, end in fenced_blocks(lines):
        lines[start - 1:end + 1] = [""] * (end - start + 2)
    return "\n".join(lines)


def prose(text: str) -> str:
    """The text outside code blocks and inline code spans: where links are links."""
    return re.sub(r"(`+).+?\1", "", outside_fences(text))


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for a page's headings: lowercase, punctuation dropped, spaces to hyphens."""
    seen: dict[str, int] = {}
    for line in outside_fences(page.read_text(encoding="utf-8")).splitlines():
        match = HEADING.match(line)
        if not match:
            continue
        title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", match.group(2))
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        seen[slug] = seen.get(slug, -1) + 1
        if seen[slug]:
            seen[f"{slug}-{seen[slug]}"] = 0
    return set(seen)


def test_cli_reference_is_current():
    assert CLI_MD.read_text(encoding="utf-8") == reference.render(), (
        "docs/cli.md is out of date: run python -m redline.cli.reference > docs/cli.md")


def test_cli_reference_does_not_depend_on_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    narrow = reference.render()
    monkeypatch.setenv("COLUMNS", "200")
    assert reference.render() == narrow


def test_cli_reference_walks_the_group():
    group = click.Group("redline", commands=[click.Command("frobnicate", help="Frobnicate.")])
    group.add_command(click.Group("remote", commands=[click.Command("prune", help="Prune.")]))
    text = reference.render(group)
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## redline", "## redline frobnicate", "## redline remote", "## redline remote prune"]
    assert "- [`redline remote prune`](#redline-remote-prune)" in text
    assert "Usage: redline remote prune [OPTIONS]\n\n  Prune." in text


@pytest.mark.parametrize("ctx", CONTEXTS, ids=[ctx.command_path for ctx in CONTEXTS])
def test_help_ends_with_an_example(ctx):
    """The rendered help: an ``Example:`` paragraph last, its lines indented under it, a ``redline`` call first."""
    description = ctx.get_help().split("\nOptions:\n")[0].rstrip().splitlines()
    heads = [i for i, line in enumerate(description) if line.strip() in ("Example:", "Examples:")]
    assert heads, f"{ctx.command_path}: help has no Example block"
    head = description[heads[-1]]
    example = [line for line in description[heads[-1] + 1:] if line.strip()]
    indent = len(head) - len(head.lstrip()) + 1
    assert example and all(line[:indent].isspace() for line in example), f"{ctx.command_path}: text after Example"
    assert example[0].strip().startswith("redline ")


def test_readme_command_table_names_every_command():
    """The table's first column, ``redline NAME ARGS``: every command once at least, and nothing else."""
    text = outside_fences(README.read_text(encoding="utf-8"))
    rows = re.findall(r"^\|\s*`(redline(?: [a-z][a-z-]*)+)", text, re.M)
    assert sorted(set(rows)) == sorted(COMMANDS)


def test_check_rules_table_is_the_rule_list():
    """docs/check.md's rule table names every rule once, with its default severity, in the code's order."""
    from redline.core.policy import RULES

    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*`([a-z]+-[a-z-]+)`\s*\|\s*(error|warning|off)\s*\|", text, re.M)
    assert rows == [(rule.id, rule.default) for rule in RULES]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_relative_links_resolve(page):
    broken = []
    for match in LINK.finditer(prose(page.read_text(encoding="utf-8"))):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or ROOT not in file.parents:
            broken.append(f"{target}: no such file")
        elif anchor and (file.suffix != ".md" or anchor not in anchors(file)):
            broken.append(f"{target}: no such heading")
    assert not broken, f"{page.name}: " + "; ".join(broken)


def code_blocks(page: Path, language: str) -> list[tuple[int, int]]:
    """``(first line, closing fence line)`` of each code block of a page in ``language``."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return [(start, end) for lang, start, end in fenced_blocks(lines) if lang == language]


def transcript(commands: list[str], home: Path) -> str:
    """Run ``commands`` in bash from the checkout and return the session as a console block shows it."""
    steps = [f"printf '%s\\n' {shlex.quote('$ ' + c)}\n{c}" for c in commands]
    script = "\n".join(["exec 2>&1", *steps])
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDLINE_")}
    env.update(fixed_git_env(home), COLUMNS="80")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])  # this interpreter's redline
    result = subprocess.run(["bash", "--noprofile", "--norc", "-c", script], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, encoding="utf-8", timeout=300)
    return result.stdout.replace(str(home), SHOWN_HOME)


BLOCKS = [(page, n) for page in PAGES for n, _ in enumerate(code_blocks(page, "console"))]


@pytest.mark.slow  # each block runs its commands as a user would, in bash: many processes
@pytest.mark.parametrize(("page", "n"), BLOCKS, ids=[f"{p.relative_to(ROOT).as_posix()}-{n}" for p, n in BLOCKS])
def test_console_blocks_show_what_the_commands_print(page, n, tmp_path):
    start, end = code_blocks(page, "console")[n]
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    shown = "".join(lines[start:end])
    commands = [line[2:].rstrip("\n") for line in lines[start:end] if line.startswith("$ ")]
    home = tmp_path / "ada"
    home.mkdir()
    actual = transcript(commands, home)
    if UPDATE and actual != shown:
        lines[start:end] = [actual]
        page.write_text("".join(lines), encoding="utf-8")
        shown = actual
    assert actual == shown


PYCON = [(page, n) for page in PAGES for n, _ in enumerate(code_blocks(page, "pycon"))]


@pytest.mark.parametrize(("page", "n"), PYCON, ids=[f"{p.relative_to(ROOT).as_posix()}-{n}" for p, n in PYCON])
def test_python_examples_run(page, n, monkeypatch):
    start, end = code_blocks(page, "pycon")[n]
    source = "".join(page.read_text(encoding="utf-8").splitlines(keepends=True)[start:end])
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(source, {}, page.name, str(page), start)
    report: list[str] = []
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test, out=report.append)
    assert result.failed == 0, "".join(report)
