"""``redline quotes`` and the quote rules of ``redline check``, as a user runs them."""

import json
import shutil
from pathlib import Path

import pytest

from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "quotes_article.txt"
TRANSCRIPT = FIXTURES / "quotes_transcript.txt"
RADA = FIXTURES / "quotes" / "govuk-johnson-rada-2022.article.txt"


def test_text_report_lists_every_quotation_with_its_source():
    result = run("quotes", ARTICLE, TRANSCRIPT)
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert out.startswith(f"{ARTICLE}: quotations traced to {TRANSCRIPT}\n")
    assert "#1 = verbatim   Li Wei  (marks)\n     The talks have not failed[-.-]{+,+}  ← #3 Li Wei" in out
    assert "#2 ✎ altered    Li → Li Wei  (marks)\n     We will stay at the table {+for +}as long" in out
    assert "#3 ✂ trimmed    Li → Li Wei  (marks, inside, tail, negation)" in out
    assert "#4 & spliced    Li → Li Wei  (marks)\n     The talks have not failed.  ← #3 Li Wei\n" in out
    assert "#5 = verbatim   Li → Li Wei  (marks, misattributed)" in out
    assert "the transcript gives these words to Q" in out
    assert "#6 ? not-found  Li → Li Wei  (marks)" in out
    assert "← #6 Li Wei (similarity 0.83): Both sides agreed to meet again next month." in out
    assert out.rstrip().endswith("summary: 2 verbatim, 1 trimmed, 1 altered, 1 spliced, 1 paraphrase, 1 not-found; "
                                 "1 misattributed")
    assert "narration" not in out and "\x1b[" not in out


def test_narration_only_with_all():
    out = run("quotes", "--all", ARTICLE, TRANSCRIPT).stdout
    assert "   narration: Trade talks to continue\n#1 " in out
    assert "   narration: The next round is due in April.\n\nsummary:" in out


def test_json_is_schema_1_as_documented():
    result = run("quotes", "--format", "json", ARTICLE, TRANSCRIPT)
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert set(payload) == {"schema", "mode", "a", "b", "quotes", "summary"}
    assert (payload["schema"], payload["mode"]) == (1, "quotes")
    assert payload["a"]["name"] == str(TRANSCRIPT) and payload["b"]["name"] == str(ARTICLE)
    assert payload["summary"] == {"verbatim": 2, "trimmed": 1, "altered": 1, "spliced": 1, "paraphrase": 1,
                                  "not-found": 1, "misattributed": 1}
    quotes = payload["quotes"]
    assert [q["kind"] for q in quotes] == ["verbatim", "altered", "trimmed", "spliced", "verbatim", "not-found",
                                          "paraphrase"]
    for q in quotes:
        assert set(q) == {"index", "text", "start", "end", "marked", "speaker", "kind", "misattributed", "sources",
                          "flags"}
        assert ARTICLE.read_text(encoding="utf-8")[q["start"]:q["end"]] == q["text"]
        for s in q["sources"]:
            assert set(s) == {"index", "text", "start", "end", "speaker", "ops", "flags"}
            assert "".join(op[1] for op in s["ops"] if op[0] in "=-~") == s["text"]
    transcript = TRANSCRIPT.read_text(encoding="utf-8")
    spliced = quotes[3]["sources"]
    assert [(s["index"], transcript[s["start"]:s["end"]]) for s in spliced] == [
        (2, "The talks have not failed."), (6, "We hope the other side will show good faith.")]
    assert quotes[2]["flags"] == ["negation"] and quotes[4]["misattributed"] is True
    assert quotes[4]["sources"][0]["speaker"] == "Q" and quotes[6]["marked"] is False


def test_html_highlights_each_quotation_by_kind_beside_its_source(tmp_path):
    out = tmp_path / "q.html"
    result = run("quotes", "--format", "html", "-o", out, ARTICLE, TRANSCRIPT)
    assert (result.exit_code, result.stdout) == (0, "")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page and "<script" not in page
    for kind in ("verbatim", "altered", "trimmed", "spliced", "not-found", "paraphrase"):
        assert f'<mark class="q q-{kind}' in page
    assert 'class="q q-verbatim q-misattributed"' in page
    assert "<ins>for </ins>" in page and "<del>not </del>" in page


def test_html_escapes_article_and_transcript_text(tmp_path):
    article = tmp_path / "a.txt"
    transcript = tmp_path / "t.txt"
    article.write_text('Report <b>\n\n"We will <script>alert(1)</script> act," Li said.\n', encoding="utf-8")
    transcript.write_text("Li Wei's remarks\n\nA: We will <script>alert(1)</script> act now.\n", encoding="utf-8")
    page = run("quotes", "--format", "html", article, transcript).stdout
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<b>" not in page


def test_exit_code_promises_one_for_misquotations(tmp_path):
    assert run("quotes", "--exit-code", ARTICLE, TRANSCRIPT).exit_code == 1
    faithful = tmp_path / "a.txt"
    faithful.write_text('Talks\n\n"We will stay at the table as long as it takes," Li said.\n\n'
                        '"Some of the media," Ms Smith said, "have got this wrong and will have to correct it."\n',
                        encoding="utf-8")
    result = run("quotes", "--exit-code", faithful, TRANSCRIPT)
    assert result.exit_code == 0, result.stdout  # a third party's words are not claimed from this transcript
    assert "(not in the transcript; attributed to someone who is not its speaker)" in result.stdout


def test_no_quotations_is_one_line_and_success(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks\n\nThe next round is due in April.\n", encoding="utf-8")
    result = run("quotes", "--exit-code", article, TRANSCRIPT)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no quotations found\n", "")
    payload = json.loads(run("quotes", "--format", "json", article, TRANSCRIPT).stdout)
    assert payload["quotes"] == [] and payload["summary"]["verbatim"] == 0


def test_unbalanced_marks_warn_and_run_to_the_paragraph_end(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('Talks\n\nLi said: "We will stay at the table as long as it takes.\n\nNext round in April.\n',
                       encoding="utf-8")
    result = run("quotes", article, TRANSCRIPT)
    assert result.exit_code == 0
    assert result.stderr == (f"warning: {article}: line 3: quotation mark \" is never closed: the quotation runs to "
                             "the end of its paragraph\n")
    assert "verbatim" in result.stdout and "Traceback" not in result.stdout


@pytest.mark.parametrize("text", ["Remarks\n\n[Full text]\n", "\n\n   \n"])
def test_a_transcript_with_no_sentences_is_exit_2(tmp_path, text):
    transcript = tmp_path / "t.txt"
    transcript.write_text(text, encoding="utf-8")
    result = run("quotes", ARTICLE, transcript)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_missing_file_is_exit_2():
    result = run("quotes", ARTICLE, "no-such-transcript.txt")
    assert result.exit_code == 2 and result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_article_from_standard_input():
    result = run("quotes", "-", TRANSCRIPT, input=ARTICLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0 and result.stdout.startswith("<stdin>: quotations traced to")


def test_speaker_names_the_transcripts_speaker(tmp_path):
    transcript = tmp_path / "t.txt"
    transcript.write_text("PM speech at the summit\n\nWe will not give up. We will win.\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text('Summit\n\n"We will not give up," Boris Johnson said.\n', encoding="utf-8")
    assert "Boris Johnson  (marks)" in run("quotes", article, transcript).stdout
    named = run("quotes", "--speaker", "Boris Johnson", article, transcript).stdout
    assert "Boris Johnson  (marks)" in named and "← #1 Boris Johnson" in named


def test_transcript_from_the_archive(fixed_git, tmp_path):
    assert run("init", "arch").exit_code == 0
    added = run("--archive", "arch", "add", "mfa/2025-03-04", TRANSCRIPT, "--date", "2025-03-04")
    assert added.exit_code == 0, added.stderr
    result = run("--archive", "arch", "quotes", "--format", "json", ARTICLE, "mfa/2025-03-04@1")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["spliced"] == 1


# -- check ----------------------------------------------------------------------------
def test_check_against_a_transcript(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "--against", TRANSCRIPT, ARTICLE)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{ARTICLE}:13: error: Li: “China will never negotiate under pressure,” — not in {TRANSCRIPT} " \
           "[quote-not-found]" in lines
    assert f"{ARTICLE}:11: error: Li: “Some say the talks have failed.” — the transcript gives these words to Q " \
           "[quote-misattributed]" in lines
    assert sum("[quote-altered]" in line for line in lines) == 2
    assert sum("[quote-spliced]" in line for line in lines) == 1


def test_check_finds_the_transcript_in_the_quotes_table(tmp_path, monkeypatch):
    shutil.copy(ARTICLE, tmp_path / "article.txt")
    (tmp_path / "briefings").mkdir()
    shutil.copy(TRANSCRIPT, tmp_path / "briefings" / "t.txt")
    (tmp_path / "redline.toml").write_text('[rules]\nquote-altered = "off"\nquote-spliced = "error"\n\n'
                                           '[quotes]\n"article.txt" = "briefings/t.txt"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "article.txt")
    assert result.exit_code == 1
    rules = [line.rsplit("[", 1)[1] for line in result.stdout.splitlines() if "[quote-" in line]
    assert sorted(rules) == ["quote-misattributed]", "quote-not-found]", "quote-spliced]"]
    (tmp_path / "redline.toml").write_text('[quotes]\n"article.txt" = "briefings/none.txt"\n', encoding="utf-8")
    missing = run("check", "article.txt")
    assert missing.exit_code == 2 and "briefings/none.txt" in missing.stderr


def test_a_quotes_transcript_linked_from_outside_the_policys_folder_is_refused(tmp_path, monkeypatch):
    (tmp_path / "outside").mkdir()
    shutil.copy(TRANSCRIPT, tmp_path / "outside" / "secret.txt")
    (tmp_path / "repo").mkdir()
    shutil.copy(ARTICLE, tmp_path / "repo" / "article.txt")
    (tmp_path / "repo" / "transcript.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tmp_path / "repo" / "redline.toml").write_text('[quotes]\n"article.txt" = "transcript.txt"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    result = run("check", "article.txt")
    assert result.exit_code == 2 and result.stdout.count("[quote-") == 0
    assert "[quotes] 'article.txt' names 'transcript.txt', a link out of the policy's folder" in result.stderr


def test_check_quote_rules_over_archived_statements(fixed_git, tmp_path):
    assert run("init", "arch").exit_code == 0
    for ident, path in (("mfa/2025-03-04", TRANSCRIPT), ("news/2025-03-05", ARTICLE)):
        assert run("--archive", "arch", "add", ident, path, "--date", "2025-03-05").exit_code == 0
    policy = tmp_path / "policy.toml"
    policy.write_text('[quotes]\n"news/2025-03-05" = "mfa/2025-03-04"\n', encoding="utf-8")
    result = run("--archive", "arch", "check", "--policy", policy, "news/2025-03-05")
    assert result.exit_code == 1
    assert "news/2025-03-05@1: error: Li: “Some say the talks have failed.” — the transcript gives these words" \
           in result.stdout
