"""The one escaping function (``cli/render/safe.py``) and the rule that every print goes through it."""

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from redline.cli.render import safe
from redline.cli.render.style import Painter
from redline.cli.testing import run

CLI = Path(__file__).resolve().parents[1] / "cli"
# What no output may carry raw: C0 controls but tab and newline, DEL, C1 controls, lone surrogates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF))


def test_controls_become_visible_escapes_and_layout_stays():
    assert safe.escape("a\x1b[2Jb\tc\nd\x9b\x7f\udcff") == "a\\x1b[2Jb\tc\nd\\x9b\\x7f\\udcff"
    assert safe.one_line("x\n::error::y\tz\r") == "x\\n::error::y\\tz\\r"
    assert safe.one_line("line\u2028sep") == "line\\u2028sep"


@given(ANY_TEXT)
def test_escaped_text_holds_no_controls_and_escaping_again_changes_nothing(text):
    for escape in (safe.escape, safe.one_line, safe.terminal):
        once = escape(text)
        assert RAW.search(once) is None
        assert escape(once) == once
    assert "\n" not in safe.one_line(text)


@given(st.recursive(st.none() | ANY_TEXT | st.integers(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
                    max_leaves=8))
def test_json_stays_exact_and_holds_no_raw_control(value):
    text = safe.json_text(json.dumps(value, ensure_ascii=False))
    assert RAW.search(text) is None and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


def test_a_report_escapes_line_separators_in_json(tmp_path):
    # U+2028/U+2029 end a line in JavaScript and in some viewers: json.md promises them escaped.
    path = tmp_path / "remarks.txt"
    path.write_text("Remarks\n\nMINISTER: We said\u2028nothing\u2029at all. Thanks.\n", encoding="utf-8")
    result = run("segment", "--format", "json", str(path))
    assert result.exit_code == 0
    assert "\u2028" not in result.stdout and "\u2029" not in result.stdout
    assert "\\u2028" in result.stdout and "\\u2029" in result.stdout
    assert "We said\u2028nothing\u2029at all." in json.dumps(json.loads(result.stdout), ensure_ascii=False)


@given(ANY_TEXT)
def test_only_redline_paints_colours(text):
    painted = Painter(True)(text, fg="red", bold=True)
    shown = safe.terminal(painted)
    assert shown.startswith("\x1b[31m\x1b[1m") and shown.endswith("\x1b[0m")
    inner = shown[len("\x1b[31m\x1b[1m"):-len("\x1b[0m")]
    assert inner == safe.escape(text) and "\x1b" not in inner
    assert Painter(False)(text, fg="red") == text


def test_every_print_goes_through_the_escaping_helpers():
    """Commands print with ``app.echo``/``error``/``warn``/``write_output``; only ``app.py`` calls click's echo."""
    raw = re.compile(r"\bclick\.(echo|secho|echo_via_pager)\(|\bprint\(|\bstd(out|err)\.write\(")
    found = [f"{path.relative_to(CLI)}:{n}" for path in sorted(CLI.rglob("*.py")) if path.name != "app.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert found == []
