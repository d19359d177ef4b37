"""``--format html``: one self-contained, side-by-side page, with every piece of statement text escaped."""

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from redline.cli.render.html import comparison_html, layout
from redline.cli.testing import run
from redline.core import compare, diff, segment

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "rubio_geneva.txt"
HOSTILE = FIXTURES / "hostile.txt"
V1, V2 = FIXTURES / "briefing_v1.txt", FIXTURES / "briefing_v2.txt"


class Page(HTMLParser):
    """Tags, ids, hrefs and the text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}


@pytest.fixture(scope="module")
def example_page() -> str:
    result = run("compare", EXAMPLE, "--format", "html")
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def test_page_is_self_contained(example_page):
    page = Page(example_page)
    assert example_page.startswith("<!DOCTYPE html>")
    assert not page.all("script") and not page.all("link") and not page.all("img") and not page.all("iframe")
    assert not re.search(r"\bsrc=|url\(|@import", example_page)
    csp = next(m["content"] for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert page.all("html")[0]["lang"] == "zh-Hans"


def test_layout_css_phone_width_and_cjk_fonts(example_page):
    assert "grid-template-columns:1fr 1fr" in example_page
    assert re.search(r"@media \(max-width:700px\)\{[^@]*\.row\{grid-template-columns:1fr\}", example_page)
    assert '"Noto Sans CJK SC"' in example_page and '"Microsoft YaHei"' in example_page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in example_page


def test_summary_header_names_sides_metadata_and_counts(example_page):
    text = "".join(Page(example_page).text)
    assert "国务卿卢比奥谈乌克兰和平协议进展" in text
    assert "rubio_geneva.txt [full]" in text and "rubio_geneva.txt [excerpt]" in text
    assert "2025-11-23" in text and "美国驻日内瓦国际组织代表团" in text
    for count in ("19 same", "3 trimmed", "1 edited", "0 added", "86 omitted", "2 moved"):
        assert count in text
    assert "coverage: 23/109 full-text sentences" in text


def test_word_changes_are_del_on_the_left_and_ins_on_the_right(example_page):
    row = re.search(r'<div class="row r-edited" id="p22">.*?</div></div></div>', example_page).group(0)
    assert "<ins>“</ins>反计划<ins>”(指媒体报道的欧洲领导人要制定一份“反计划”)</ins>" in row
    assert '<div class="a"><span class="n">#106</span>我没看到什么反计划。</div>' in row
    assert all(f'<span class="tag f-{flag}">{flag}</span>' in row for flag in ("editorial", "quote"))
    trimmed = re.search(r'id="p1">.*?\n', example_page).group(0)
    assert "<del>我认为,相比上一次我同各位讲话,</del>我们取得了非常巨大的进展。" in trimmed
    assert "trimmed · head" in trimmed and "f-hedge" in trimmed


def test_moved_sentences_link_both_ways(example_page):
    page = Page(example_page)
    hrefs = [a["href"] for a in page.all("a") if a.get("href", "").startswith("#")]
    assert sorted(hrefs) == ["#g2", "#g3", "#p2", "#p3"]
    assert {h[1:] for h in hrefs} <= page.ids
    ghost = re.search(r'<div class="row ghost" id="g2">.*?\n', example_page).group(0)
    assert "#71" in ghost and "不过,我可以告诉你" in ghost and "moved → #3" in ghost


def test_omitted_runs_fold_with_counts(example_page):
    folds = re.findall(r'<details class="fold-omitted"><summary>(\d+) sentences? omitted', example_page)
    assert len(folds) == 11 and sum(map(int, folds)) == 86


def test_rows_follow_the_excerpt_with_omitted_passages_where_they_stood():
    result = compare(segment(EXAMPLE.read_text(encoding="utf-8")))
    rows = layout(result)
    assert sorted(r.number for r in rows if not r.ghost) == list(range(len(result.pairs)))
    in_place = [r.pair.a[0] for r in rows if r.pair.a and (r.ghost or not r.pair.moved)]
    assert in_place == sorted(in_place) and len(in_place) == 109


def test_versions_mode_folds_unchanged_runs_and_marks_removed():
    sentences = [f"Sentence number {n} says something about topic {n}." for n in range(30)]
    old = segment("Title\n2025-01-01\n\n" + " ".join(sentences))
    changed = sentences[:14] + ["Sentence number 14 now says nothing at all."] + sentences[15:29]
    new = segment("Title\n2025-01-01\n\n" + " ".join(changed))
    page = comparison_html(diff(old, new, "v1", "v2"))
    assert re.findall(r'<details class="fold-same"><summary>([\d,]+) unchanged', page) == ["13", "12"]
    assert '<del class="omit">Sentence number 29 says something about topic 29.</del>' in page
    assert "Changes between two versions" in page


def test_versions_mode_never_folds_a_sentence_given_to_another_speaker():
    answer = " ".join(f"We will act on point {n} now." for n in range(12))
    old = segment("Briefing\n\nQ:\nWhen will you act?\nA:\n" + answer + "\n")
    new = segment("Briefing\n\nQ:\nWhen will you act? " + answer + "\n")  # the answer's label dropped
    page = comparison_html(diff(old, new, "v1", "v2"))
    assert "fold-same" not in page
    assert page.count('<span class="tag f-speaker">speaker (source: A)</span>') == 12


def test_versions_page_shows_word_changes_and_flags():
    result = run("diff", V1, V2, "--format", "html")
    assert result.exit_code == 0
    assert "We have <del>three </del>" in result.stdout and "<ins>four </ins>" in result.stdout
    assert 'class="tag f-negation"' in result.stdout and 'class="tag f-number"' in result.stdout


@pytest.mark.parametrize("command", [("compare", HOSTILE), ("align", HOSTILE, HOSTILE), ("diff", EXAMPLE, HOSTILE)])
def test_hostile_transcripts_render_as_text(command):
    result = run(*command, "--format", "html")
    assert (result.exit_code, result.stderr) == (0, "")
    page = Page(result.stdout)
    assert not page.all("script") and not page.all("img")
    assert not [a for a in page.all("a") if not a.get("href", "#").startswith("#")]
    assert "<script>alert(1)</script>" in "".join(page.text)
    assert '"><img src=x onerror=alert(2)>' in "".join(page.text)
    assert "&lt;script&gt;" in result.stdout and "javascript:alert(3)" in "".join(page.text)


def test_metadata_is_escaped_and_only_http_sources_are_links():
    result = compare(segment(EXAMPLE.read_text(encoding="utf-8")))
    hostile = {"source": "javascript:alert(1)", "title": '"><script>x()</script>', "place": "<b>here</b>"}
    safe = {"source": "https://example.org/remarks?a=1&b=2"}
    page = comparison_html(replace(result, a=replace(result.a, metadata=hostile), b=replace(result.b, metadata=safe)))
    parsed = Page(page)
    assert not parsed.all("script") and not parsed.all("b")
    assert [a["href"] for a in parsed.all("a") if not a["href"].startswith("#")] == ["https://example.org/remarks?a=1&b=2"]
    assert "javascript:alert(1)" in "".join(parsed.text)


def test_output_file_and_stdout_are_the_same_page(tmp_path):
    out = tmp_path / "report.html"
    to_file = run("compare", EXAMPLE, "--format", "html", "-o", out)
    assert (to_file.exit_code, to_file.stdout, to_file.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8") == run("compare", EXAMPLE, "--format", "html").stdout
