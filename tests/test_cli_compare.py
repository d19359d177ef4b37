"""``redline compare``, ``align`` and ``diff`` as a user runs them."""

import json
from pathlib import Path

import pytest

from redline.cli.render.schema import summary_json
from redline.cli.testing import run
from redline.core import compare, segment

EXAMPLE = Path(__file__).parent / "fixtures" / "rubio_geneva.txt"


@pytest.fixture
def versions(tmp_path):
    old = tmp_path / "v1.txt"
    new = tmp_path / "v2.txt"
    old.write_text("Statement\n\nWe will not raise taxes. Growth was 3 percent. Thank you.\n", encoding="utf-8")
    new.write_text("Statement\n\nWe will raise taxes. Growth was 3 percent. Thank you.\n", encoding="utf-8")
    return str(old), str(new)


def test_compare_example_text_report():
    result = run("compare", str(EXAMPLE))
    assert result.exit_code == 0
    assert result.stderr == ""
    out = result.stdout
    assert "✎ edited   我没看到什么{+“+}反计划{+”(指媒体报道的欧洲领导人要制定一份“反计划”)+}。" in out
    assert "[-我认为,相比上一次我同各位讲话,-]我们取得了非常巨大的进展。" in out
    assert "head, hedge" in out
    assert "omitted from the full text: 86 sentences in 11 runs" in out
    assert "summary: 19 same, 3 trimmed, 1 edited, 0 added, 86 omitted; 2 moved" in out
    assert "\x1b[" not in out  # no colour off a terminal


def test_compare_json_matches_the_python_api():
    result = run("compare", "--format", "json", str(EXAMPLE))
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    api = compare(segment(EXAMPLE.read_text(encoding="utf-8")), str(EXAMPLE))
    assert payload["schema"] == 1 and payload["mode"] == "excerpt"
    assert set(payload) == {"schema", "mode", "a", "b", "pairs", "summary"}
    assert set(payload["a"]) == {"name", "sentences", "metadata"}
    assert payload["a"]["sentences"] == 109 and payload["b"]["sentences"] == 23
    assert payload["a"]["metadata"]["date"] == "2025-11-23"
    assert len(payload["pairs"]) == len(api.pairs) == 23 + 86
    first = payload["pairs"][1]
    assert set(first) >= {"kind", "moved", "section", "a", "b", "a_text", "b_text", "speaker",
                          "similarity", "flags", "trim", "ops"}
    assert (first["kind"], first["a"], first["b"], first["trim"], first["flags"]) == \
        ("trimmed", [3], [1], ["head"], ["hedge"])
    assert [p["kind"] for p in payload["pairs"]] == [p.kind for p in api.pairs]
    assert payload["summary"] == summary_json(api.summary)


def test_compare_exit_code_flags_the_edited_sentence():
    assert run("compare", "--exit-code", str(EXAMPLE)).exit_code == 1


def test_align_two_files_and_exit_code(tmp_path):
    full = tmp_path / "full.txt"
    excerpt = tmp_path / "excerpt.txt"
    full.write_text("We made progress. I think we will get there. Thank you.\n", encoding="utf-8")
    excerpt.write_text("We will get there.\n", encoding="utf-8")
    result = run("align", "--format", "json", str(full), str(excerpt))
    assert result.exit_code == 0
    pair = json.loads(result.stdout)["pairs"][0]
    assert (pair["kind"], pair["trim"], pair["flags"]) == ("trimmed", ["head"], ["hedge"])
    assert run("align", "--exit-code", str(full), str(excerpt)).exit_code == 0
    excerpt.write_text("We will certainly get there.\n", encoding="utf-8")
    assert run("align", "--exit-code", str(full), str(excerpt)).exit_code == 1


def test_diff_reports_the_dropped_negation(versions):
    result = run("diff", *versions)
    assert result.exit_code == 0
    assert "~ modified We will [-not -]raise taxes." in result.stdout
    assert "negation" in result.stdout
    assert "(2 unchanged sentences not shown; --all shows them)" in result.stdout
    assert "= same" in run("diff", "--all", *versions).stdout


def test_a_speaker_change_between_versions_is_shown_and_fails_exit_code(tmp_path):
    old, new = tmp_path / "v1.txt", tmp_path / "v2.txt"
    old.write_text("外交部发言人答记者问\n\n问:\n你们会撤军吗?\n答:\n我们不会撤军。\n", encoding="utf-8")
    # The answer's label dropped: the spokesperson's words now read as the journalist's.
    new.write_text("外交部发言人答记者问\n\n问:\n你们会撤军吗?\n我们不会撤军。\n", encoding="utf-8")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0
    assert "= same     我们不会撤军。  (#2 → #2; speaker: 答 → 问)" in result.stdout
    assert "(1 unchanged sentence not shown" in result.stdout
    columns = run("diff", "--side-by-side", str(old), str(new)).stdout
    assert "= same  问  speaker" in columns and "我们不会撤军。" in columns
    assert run("diff", "--exit-code", str(old), str(new)).exit_code == 1
    assert run("diff", "--exit-code", str(old), str(old)).exit_code == 0


def test_a_trim_that_cuts_a_negation_fails_exit_code(tmp_path):
    # The trim drops "not": check calls it an error, and --exit-code agrees (review 5).
    path = tmp_path / "neg.txt"
    path.write_text("Remarks\n\n[Excerpt]\nMINISTER: We will raise tariffs.\n\n[Full text]\n"
                    "MINISTER: We will not raise tariffs.\n", encoding="utf-8")
    result = run("compare", "--exit-code", str(path))
    assert result.exit_code == 1
    assert "✂ trimmed  We will [-not -]raise tariffs." in result.stdout
    assert run("compare", str(path)).exit_code == 0  # without --exit-code: a report, whatever it shows


def test_an_excerpt_given_to_another_speaker_fails_exit_code(tmp_path):
    full, excerpt = tmp_path / "full.txt", tmp_path / "excerpt.txt"
    full.write_text("提问:\n你们会撤军吗?\n卢比奥国务卿:\n我们不会撤军。\n", encoding="utf-8")
    excerpt.write_text("卢比奥国务卿:\n你们会撤军吗?\n", encoding="utf-8")
    result = run("align", "--exit-code", str(full), str(excerpt))
    assert result.exit_code == 1
    assert "speaker: 提问 → 卢比奥国务卿" in result.stdout


def test_diff_exit_code(versions, tmp_path):
    assert run("diff", "--exit-code", *versions).exit_code == 1
    assert run("diff", "--exit-code", versions[0], versions[0]).exit_code == 0


def test_a_cut_after_a_spacing_change_reads_right_on_both_sides():
    # Real: GOV.UK's UNGA 2021 prebrief against the delivered speech (review 5). The diff pairs "up"
    # with "up " and cuts ", we "; shown as "up [-, we -]will", the old side read "up , we will".
    from redline.cli.render.comparison import ops_text
    from redline.cli.render.style import Painter
    from redline.core.ops import Op

    ops = [Op.equal("are "), Op("~", "up", "up "), Op.delete(", we "), Op.equal("will have made")]
    assert ops_text(ops, Painter(False)) == "are up[-, we-] will have made"


def test_diff_unified(versions):
    result = run("diff", "--format", "unified", *versions)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # An absolute path loses its leading slash after a/ and b/, as in git's diffs.
    assert lines[:3] == [f"--- a{versions[0]}", f"+++ b{versions[1]}", "@@ -1,3 +1,3 @@"]
    assert lines[3:] == ["-We will not raise taxes.", "+We will raise taxes.", " Growth was 3 percent.", " Thank you."]


def test_a_header_field_one_version_lacks_shows_as_none(tmp_path):
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("Remarks to the press\n2024-03-05\n\nWe met today. Thank you.\n", encoding="utf-8")
    new.write_text("Remarks to the press\n\nWe met today. Thank you.\n", encoding="utf-8")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0
    assert "header date: '2024-03-05' → (none)" in result.stdout.splitlines()


def test_unified_shows_a_move_as_removal_and_addition(tmp_path):
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("Alpha one here.\nBeta two here.\nGamma three is the longest sentence.\n", encoding="utf-8")
    new.write_text("Beta two here.\nGamma three is the longest sentence.\nAlpha one here.\n", encoding="utf-8")
    lines = run("diff", "--format", "unified", str(old), str(new)).stdout.splitlines()
    assert "-Alpha one here." in lines and "+Alpha one here." in lines
    assert lines.index("-Alpha one here.") < lines.index(" Beta two here.") < lines.index("+Alpha one here.")


def test_colour_only_when_asked_and_never_with_no_color(versions):
    assert "\x1b[" in run("diff", "--color", *versions).stdout
    assert "\x1b[" not in run("diff", *versions, env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run("diff", "--no-color", *versions).stdout


def test_report_to_a_file(versions, tmp_path):
    target = tmp_path / "report.json"
    result = run("diff", "--format", "json", "-o", str(target), *versions)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["mode"] == "versions"


@pytest.mark.parametrize("content,message", [
    (b"", "empty file"),
    (b"\x00\x01\x02binary", "binary file"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("diff", str(bad), str(EXAMPLE))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and str(bad) in result.stderr


def test_compare_without_sections_is_a_clear_error(versions):
    result = run("compare", versions[0])
    assert result.exit_code == 2
    assert "has no excerpt section" in result.stderr


def test_missing_file(tmp_path):
    result = run("align", str(tmp_path / "nope.txt"), str(EXAMPLE))
    assert result.exit_code == 2
    assert "No such file" in result.stderr


def test_side_by_side_columns_line_up_in_terminal_cells():
    from redline.cli.render.style import width

    result = run("compare", "--side-by-side", str(EXAMPLE), env={"COLUMNS": "90"})
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if " │ " in line]
    assert len(rows) > 10
    # the separator stands at the same terminal column on every row
    assert {width(row.split(" │ ")[0]) for row in rows} == {(90 - 3) // 2}
    assert any("{+“+}反计划" in row for row in rows)


def test_output_off_a_terminal_is_never_paged(versions):
    # CliRunner is not a terminal: the report arrives on stdout in full
    result = run("diff", "--all", *versions, env={"PAGER": "false"})
    assert result.exit_code == 0 and "summary:" in result.stdout
