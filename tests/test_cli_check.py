"""``redline check`` on plain transcript files: exit status, formats and policy files."""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from redline.cli.testing import run
from redline.cli.render.check import check_github, escape_data, escape_property
from redline.core.check import Outcome
from redline.core.check import Finding
from redline.core.policy import RULES, SEVERITIES

FIXTURES = Path(__file__).parent / "fixtures"
GITHUB_LINE = re.compile(r"::(error|warning) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::([^\r\n]*)")


@pytest.fixture(autouse=True)
def workdir(tmp_path, monkeypatch):
    """Each test in its own folder holding copies of the fixtures (no redline.toml, no archive)."""
    for name in ("rubio_geneva.txt", "check_good.txt", "check_bad.txt", "hostile.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REDLINE_ARCHIVE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_github(stdout: str) -> list[tuple[str, dict, str]]:
    lines = []
    for line in stdout.splitlines():
        match = GITHUB_LINE.fullmatch(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        lines.append((match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3))))
    return lines


def test_example_passes_with_warnings_while_align_exit_code_stays_strict():
    result = run("check", "rubio_geneva.txt")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [re.search(r"\[([a-z-]+)\]$", line).group(1) for line in lines[:-1]] == [
        "excerpt-hedge", "excerpt-edited", "excerpt-editorial"]
    assert lines[0].startswith("rubio_geneva.txt:10: warning: 卢比奥国务卿: “我们取得了非常巨大的进展。” — qualifier cut")
    assert lines[-1] == "redline check: 0 errors, 3 warnings in 1 input (policy: defaults)"
    assert run("compare", "rubio_geneva.txt", "--exit-code").exit_code == 1
    assert run("align", "rubio_geneva.txt", "rubio_geneva.txt", "--exit-code").exit_code == 1


def test_good_passes_bad_fails_with_errors():
    good = run("check", "check_good.txt")
    assert (good.exit_code, good.stdout, good.stderr) == (
        0, "redline check: 0 errors, 0 warnings in 1 input (policy: defaults)\n", "")
    bad = run("check", "check_bad.txt", "file:check_good.txt")
    assert (bad.exit_code, bad.stderr) == (1, "")
    assert "check_bad.txt:5: error: MINISTER: “We are proud of our record.” — excerpt sentence not found" in bad.stdout
    assert bad.stdout.splitlines()[-1] == "redline check: 4 errors, 2 warnings in 2 inputs (policy: defaults)"


@pytest.mark.parametrize("missing", ["nope.txt", "no/such/file.txt", "id:some-statement"])
def test_unreadable_input_is_exit_2_but_the_rest_is_checked(missing):
    result = run("check", "check_bad.txt", missing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {missing.removeprefix('id:')}") and result.stderr.count("\n") == 1
    assert "excerpt-added" in result.stdout and "1 input could not be read" in result.stdout


def test_binary_input_is_exit_2(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40))
    result = run("check", "x.txt", "check_good.txt")
    assert result.exit_code == 2 and result.stderr.startswith("Error: x.txt")


def test_standard_input():
    result = run("check", "-", input=(FIXTURES / "check_bad.txt").read_bytes())
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith("error: MINISTER: “We are proud of our record.”")


def test_policy_file_found_in_the_folder_or_given(tmp_path):
    (tmp_path / "redline.toml").write_text('[rules]\nexcerpt-added = "warning"\nexcerpt-speaker = "off"\n'
                                           'excerpt-meaning = "warning"\n', encoding="utf-8")
    found = run("check", "check_bad.txt")
    assert found.exit_code == 0
    assert "excerpt-speaker" not in found.stdout and "(policy: " in found.stdout and "redline.toml)" in found.stdout
    strict = tmp_path / "strict.toml"
    strict.write_text('[rules]\nexcerpt-hedge = "error"\n', encoding="utf-8")
    given = run("check", "rubio_geneva.txt", "--policy", strict)
    assert given.exit_code == 1 and "error: 卢比奥国务卿" in given.stdout


@pytest.mark.parametrize("content, message", [
    ('[rules]\nexcerpt-added = "maybe"\n', "severity 'maybe'"),
    ("[rules\n", "not valid TOML"),
])
def test_bad_policy_is_exit_2(tmp_path, content, message):
    (tmp_path / "redline.toml").write_text(content, encoding="utf-8")
    result = run("check", "check_good.txt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_missing_policy_file_is_exit_2():
    result = run("check", "check_good.txt", "--policy", "absent.toml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: absent.toml: cannot read the policy")


def test_json_format():
    result = run("check", "check_bad.txt", "rubio_geneva.txt", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and data["summary"] == {"inputs": 2, "unreadable": 0, "errors": 4, "warnings": 5}
    assert data["policy"]["origin"] == "defaults" and data["policy"]["rules"]["excerpt-moved"] == "off"
    added = data["inputs"][0]["findings"][0]
    assert added == {
        "rule": "excerpt-added", "severity": "error", "statement": "check_bad.txt", "version": None,
        "speaker": "MINISTER", "sentence": "We are proud of our record.",
        "message": "check_bad.txt: MINISTER: “We are proud of our record.” — excerpt sentence not found in the full text",
        "file": "check_bad.txt", "line": 5, "section": "excerpt", "index": 4,
    }


def test_github_format_points_at_lines():
    result = run("check", "check_bad.txt", "rubio_geneva.txt", "--format", "github")
    assert (result.exit_code, result.stderr) == (1, "")
    lines = parse_github(result.stdout)
    assert len(lines) == 7  # one per sentence: 9 findings, two sentences break two rules each
    level, props, message = lines[0]
    assert (level, props) == ("error", {"file": "check_bad.txt", "line": "5", "title": "redline excerpt-added"})
    assert message.startswith("check_bad.txt: MINISTER: “We are proud")
    assert [(p["line"], p["title"]) for level, p, _ in lines if p["file"] == "rubio_geneva.txt"] == [
        ("10", "redline excerpt-hedge"), ("20", "redline excerpt-edited, excerpt-editorial")]


def test_github_escaping_stops_injected_commands(tmp_path):
    name = "a,b:c%.txt"
    text = (FIXTURES / "check_bad.txt").read_text(encoding="utf-8")
    (tmp_path / name).write_text(text.replace("our record.", "our record %0A::error::pwned 100%."), encoding="utf-8")
    result = run("check", name, "--format", "github")
    lines = parse_github(result.stdout)
    assert len(lines) == len(result.stdout.splitlines()) == 5  # 6 findings, one sentence with two rules
    assert {p["file"] for _, p, _ in lines} == {name}
    assert any(m.endswith("“We are proud of our record %0A::error::pwned 100%.” — excerpt sentence not found in "
                          "the full text") for _, _, m in lines)
    assert "a%2Cb%3Ac%25.txt" in result.stdout and "record %250A::error::pwned 100%25." in result.stdout


def test_github_escapes_cr_lf_in_messages_and_properties():
    finding = Finding("excerpt-added", "error", "s", None, None, "x", "line one\r\n::error::pwned 5%",
                      file="dir,x:y\n.txt", line=3)
    out = check_github([Outcome("s", [finding])])
    assert out == "::error file=dir%2Cx%3Ay%0A.txt,line=3,title=redline excerpt-added::s: line one%0D%0A::error::pwned 5%25"
    assert escape_data("%\r\n:,") == "%25%0D%0A:," and escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"


def test_junit_format_shape():
    result = run("check", "check_bad.txt", "rubio_geneva.txt", "check_good.txt", "missing.txt", "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout.encode())
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert {k: suite.get(k) for k in ("tests", "failures", "errors")} == {"tests": "4", "failures": "1", "errors": "1"}
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == ["check_bad.txt", "rubio_geneva.txt", "check_good.txt", "missing.txt"]
    failure = cases["check_bad.txt"].find("failure")
    assert failure.get("type") == "excerpt-added" and failure.get("message").startswith("4 errors: check_bad.txt")
    assert len(failure.text.splitlines()) == 4
    assert cases["rubio_geneva.txt"].find("failure") is None
    assert len(cases["rubio_geneva.txt"].find("system-out").text.splitlines()) == 3
    assert list(cases["check_good.txt"]) == []
    assert cases["missing.txt"].find("error").get("type") == "unreadable"


def test_junit_survives_characters_xml_cannot_hold(tmp_path):
    text = (FIXTURES / "check_bad.txt").read_text(encoding="utf-8").replace("our record.", "our \x0b\x1b record.")
    (tmp_path / "ctl.txt").write_text(text, encoding="utf-8")
    result = run("check", "ctl.txt", "--format", "junit")
    assert result.exit_code == 1
    assert "\ufffd" in ET.fromstring(result.stdout.encode()).find("testsuite/testcase/failure").text


def test_output_file(tmp_path):
    result = run("check", "check_bad.txt", "--format", "junit", "-o", "report.xml")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    assert ET.parse(tmp_path / "report.xml").getroot().tag == "testsuites"


def test_no_targets_outside_an_archive_is_exit_2(tmp_path):
    result = run("check")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: no redline archive in")


def test_help_lists_every_rule_under_its_default_severity():
    out = run("check", "--help").stdout
    listed, severity = {}, None
    for line in out[out.index("Rules and default severities"):out.index("Exit 2")].splitlines()[1:]:
        words = line.replace(",", " ").split()
        if words and words[0] in SEVERITIES:
            severity = words.pop(0)
        listed.update(dict.fromkeys(words, severity))
    assert listed == {rule.id: rule.default for rule in RULES}


def test_verbatim_words_in_the_wrong_mouth_are_an_error(tmp_path):
    (tmp_path / "mouth.txt").write_text(
        "Remarks\n2025-03-04\n\n[Excerpt]\nMINISTER: Sanctions will be lifted next week.\n\n[Full text]\n"
        "MINISTER: Good morning.\n\nQUESTION: Sanctions will be lifted next week.\n\nMINISTER: No comment.\n",
        encoding="utf-8")
    result = run("check", "mouth.txt")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == ("mouth.txt:5: error: MINISTER: “Sanctions will be lifted next week.” — "
                                             "the full text gives these words to QUESTION [excerpt-speaker]")
