"""Golden files: what the text, unified and HTML renderers print, byte for byte, on small real inputs.

Each file in tests/golden is the standard output of one ``redline`` command
(GOLDEN below) run through the shared CLI runner; any byte of difference
fails, with a unified diff in which control characters (the ANSI colour
codes) show as ``\\x1b``. After a deliberate change to a renderer, rewrite
the files and review them like code:

    python -m pytest tests/test_golden.py --regen-golden
    git diff tests/golden

Inputs: the bundled example (tests/fixtures/rubio_geneva.txt) and its
corrected release, and two GOV.UK pairs from the evaluation cases (their
``a`` and ``b`` texts written as CASE.a.txt and CASE.b.txt).
"""

from __future__ import annotations

import difflib
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from redline.cli.testing import run

HERE = Path(__file__).parent
GOLDEN_DIR = HERE / "golden"
FIXTURES = HERE / "fixtures"
RUBIO, CORRECTED = "rubio_geneva.txt", "rubio_geneva_corrected.txt"
# A GOV.UK statement re-released: one sentence moved, others added, removed and reworded.
MHRA = "govuk-v-mhra-v3-v4"
# A GOV.UK speech and the excerpt a news story quoted: ellipses, cuts, an edited sentence moved.
TRUSS = "govuk-e-truss-economy"
# Side-by-side output fits the terminal; the runner is no terminal, so pin the width.
COLUMNS = "100"


def _pair(case: str) -> list[str]:
    return [f"{case}.a.txt", f"{case}.b.txt"]


# golden file -> the arguments of the command that prints it
GOLDEN: dict[str, list[str]] = {
    "example-compare.txt": ["compare", "--no-color", RUBIO],
    "rubio-diff.txt": ["diff", "--no-color", RUBIO, CORRECTED],
    "rubio-diff.color.txt": ["diff", "--color", RUBIO, CORRECTED],
    "rubio-diff.side.txt": ["diff", "--no-color", "--side-by-side", RUBIO, CORRECTED],
    "rubio-diff.diff": ["diff", "--format", "unified", RUBIO, CORRECTED],
    "mhra-v3-v4.txt": ["diff", "--no-color", *_pair(MHRA)],
    "mhra-v3-v4.diff": ["diff", "--format", "unified", *_pair(MHRA)],
    "mhra-v3-v4.html": ["diff", "--format", "html", *_pair(MHRA)],
    "truss-economy.txt": ["align", "--no-color", *_pair(TRUSS)],
    "truss-economy.diff": ["align", "--format", "unified", *_pair(TRUSS)],
    "truss-economy.html": ["align", "--format", "html", *_pair(TRUSS)],
}
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


@pytest.fixture
def inputs(tmp_path, monkeypatch) -> Path:
    """A folder holding every input under the short name the commands (and so the outputs) use."""
    for name in (RUBIO, CORRECTED):
        shutil.copyfile(FIXTURES / name, tmp_path / name)
    for case in (MHRA, TRUSS):
        sides = tomllib.loads((FIXTURES / "cases" / f"{case}.toml").read_text(encoding="utf-8"))
        for side, name in zip("ab", _pair(case)):
            (tmp_path / name).write_text(sides[side], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def visible_lines(data: bytes) -> list[str]:
    """``data`` as lines for a diff, control characters spelled out so that colour codes can be read."""
    text = data.decode("utf-8", "backslashreplace")
    return [CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line) for line in text.split("\n")]


def assert_matches_golden(name: str, actual: bytes, regen: bool, folder: Path = GOLDEN_DIR) -> None:
    """Fail unless ``actual`` equals the golden file byte for byte; with ``regen``, rewrite the file instead."""
    path = folder / name
    if regen:
        folder.mkdir(exist_ok=True)
        path.write_bytes(actual)
        return
    expected = path.read_bytes() if path.exists() else b""
    if actual == expected:
        return
    offset = next((i for i, (x, y) in enumerate(zip(expected, actual)) if x != y), min(len(expected), len(actual)))
    diff = difflib.unified_diff(visible_lines(expected), visible_lines(actual),
                                f"tests/golden/{name}", "this run", lineterm="")
    pytest.fail(f"tests/golden/{name}{'' if path.exists() else ' (missing)'} differs from this run at byte "
                f"{offset}; if the change is meant, run: python -m pytest tests/test_golden.py --regen-golden\n"
                + "\n".join(diff), pytrace=False)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_output_matches_the_golden_file(name, inputs, regen_golden):
    result = run(*GOLDEN[name], env={"COLUMNS": COLUMNS})
    assert (result.exit_code, result.stderr) == (0, "")
    assert_matches_golden(name, result.stdout_bytes, regen_golden)


def test_every_golden_file_has_its_command():
    assert sorted(p.name for p in GOLDEN_DIR.iterdir() if not p.name.startswith(".")) == sorted(GOLDEN)


def test_colour_is_in_exactly_one_golden_file():
    coloured = [name for name in GOLDEN if b"\x1b[" in (GOLDEN_DIR / name).read_bytes()]
    assert coloured == ["rubio-diff.color.txt"]


def test_a_changed_byte_fails_with_a_readable_diff(tmp_path):
    (tmp_path / "out.txt").write_bytes("第一行\n\x1b[32m绿\x1b[0m\n".encode())
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_matches_golden("out.txt", "第一行\n\x1b[31m绿\x1b[0m\n".encode(), False, tmp_path)
    message = str(failure.value)
    assert "differs from this run at byte 13" in message and "--regen-golden" in message
    assert "-\\x1b[32m绿\\x1b[0m" in message and "+\\x1b[31m绿\\x1b[0m" in message
    assert_matches_golden("out.txt", "第一行\n\x1b[32m绿\x1b[0m\n".encode(), False, tmp_path)
