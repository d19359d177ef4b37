"""``redline segment``: text and JSON output, input encodings, and one-line errors."""

import json

import pytest

from redline.cli import testing

SENTENCE_KEYS = {"index", "text", "start", "end", "speaker", "paragraph", "turn"}
SECTION_KEYS = {"role", "label", "start", "end", "turns", "sentences"}
METADATA_KEYS = {"title", "titles", "title_en", "speaker", "role", "place", "date", "extra"}


def run(*args: str, input: bytes | None = None):
    return testing.run("segment", *args, input=input)


def run_json(*args: str, input: bytes | None = None) -> dict:
    result = run("--format", "json", *args, input=input)
    assert (result.exit_code, result.stderr) == (0, "")
    return json.loads(result.stdout)


def test_text_output_of_the_example(example_path):
    result = run(str(example_path))
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == str(example_path)
    assert "date: 2025-11-23" in lines
    assert "speaker: 马尔科·卢比奥 | 国务卿" in lines
    assert "[excerpt] [节选部分]: 23 sentences, 1 turn" in lines
    assert "[full] [完整内容]: 109 sentences, 40 turns" in lines
    assert "     1  今天我们过得非常不错。" in lines
    assert "  提问:" in lines
    assert lines[-3:] == ["trailer (not speech):", "        美国务院 | 国务卿马尔科·卢比奥向媒体发表讲话", "        Responses"]
    assert "\x1b[" not in result.stdout  # no colour off a terminal


def test_json_output_of_the_example(example_path, example_text):
    data = run_json(str(example_path))
    assert set(data) == {"schema", "name", "metadata", "sections", "trailer"}
    assert (data["schema"], data["name"]) == (1, str(example_path))
    assert METADATA_KEYS <= set(data["metadata"])
    assert data["metadata"]["date"] == "2025-11-23"
    assert data["metadata"]["speaker"] == "马尔科·卢比奥"
    excerpt, full = data["sections"]
    assert SECTION_KEYS <= set(excerpt)
    assert [(s["role"], s["label"], len(s["sentences"]), len(s["turns"])) for s in data["sections"]] == [
        ("excerpt", "[节选部分]", 23, 1), ("full", "[完整内容]", 109, 40),
    ]
    for sentence in excerpt["sentences"] + full["sentences"]:
        assert set(sentence) == SENTENCE_KEYS
        assert example_text[sentence["start"]:sentence["end"]] == sentence["text"]
    question = next(s for s in full["sentences"] if s["text"] == "你能不能举例说明有哪些让步?")
    assert (question["speaker"], full["turns"][question["turn"]]["inline"]) == ("提问", True)
    assert [t["text"] for t in data["trailer"]] == ["美国务院 | 国务卿马尔科·卢比奥向媒体发表讲话", "Responses"]


def test_stdin_gives_the_same_document(example_path):
    from_file = run_json(str(example_path))
    from_stdin = run_json("-", input=example_path.read_bytes())
    assert from_stdin["name"] == "<stdin>"
    assert from_stdin["sections"] == from_file["sections"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-be-bom"])
def test_every_encoding_gives_the_same_json(example_path, example_text, tmp_path, encoding):
    if encoding == "utf-16-be-bom":
        data = "\ufeff".encode("utf-16-be") + example_text.encode("utf-16-be")
    else:
        data = example_text.encode(encoding)
    path = tmp_path / "example.txt"
    path.write_bytes(data)
    reference = run_json(str(example_path))
    assert {k: v for k, v in run_json(str(path)).items() if k != "name"} == {
        k: v for k, v in reference.items() if k != "name"
    }


def test_crlf_input_reports_spans_in_lf_text(example_path, example_text, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(example_text.replace("\n", "\r\n").encode("utf-8"))
    assert run_json(str(path))["sections"] == run_json(str(example_path))["sections"]


def test_windows_1252_english(tmp_path):
    path = tmp_path / "remarks.txt"
    path.write_bytes("Remarks\n\nSEÑOR LÓPEZ:\nWe met Mr. Brown. It’s done.\n".encode("cp1252"))
    sentences = run_json(str(path))["sections"][0]["sentences"]
    assert [(s["speaker"], s["text"]) for s in sentences] == [
        ("SEÑOR LÓPEZ", "We met Mr. Brown."), ("SEÑOR LÓPEZ", "It’s done."),
    ]


def test_encoding_option_overrides_detection(example_text, tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(example_text.encode("gb18030"))
    data = run_json("--encoding", "gb18030", str(path))
    assert len(data["sections"][1]["sentences"]) == 109


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_binary_file_is_an_error(tmp_path, binary_sample):
    kind, data = binary_sample
    path = tmp_path / f"file.{kind}"
    path.write_bytes(data)
    assert_one_line_error(run(str(path)), str(path), "binary")


def test_binary_stdin_is_an_error(binary_sample):
    assert_one_line_error(run("-", input=binary_sample[1]), "<stdin>", "binary")


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n", "\ufeff".encode()])
def test_empty_file_is_an_error(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert_one_line_error(run(str(path)), str(path), "empty")


def test_wrong_encoding_is_an_error(example_path):
    assert_one_line_error(run("--encoding", "ascii", str(example_path)), str(example_path), "not valid ascii")


@pytest.mark.parametrize("encoding", ["klingon", "rot13"])
def test_unknown_encoding_is_an_error(example_path, encoding):
    assert_one_line_error(run("--encoding", encoding, str(example_path)), f"unknown text encoding '{encoding}'")


def test_missing_file_is_an_error(tmp_path):
    path = tmp_path / "nope.txt"
    assert_one_line_error(run(str(path)), str(path))


def test_directory_is_an_error(tmp_path):
    assert_one_line_error(run(str(tmp_path)), str(tmp_path), "directory")


def test_help_shows_the_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "redline segment --format json examples/" in result.stdout
