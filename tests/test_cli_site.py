"""``redline export-site``: a static site of the archive whose relative links all resolve."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from redline.snapshots import parallel
from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"


pytestmark = pytest.mark.usefixtures("fixed_git")


def add(ident, name, *options):
    result = run("--archive", "arch", "add", ident, FIXTURES / name, *options)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def archive(tmp_path) -> Path:
    assert run("init", "arch").exit_code == 0
    add("state-dept/rubio", "rubio_geneva.txt", "--label", "as delivered", "--source", "https://example.org/r",
        "--retrieved", "2025-11-23T10:00:00Z")
    add("state-dept/rubio", "rubio_geneva_corrected.txt", "--label", "corrected", "--retrieved", "2025-11-24T10:00:00Z")
    add("briefing", "briefing_v1.txt", "--retrieved", "2025-03-04T10:00:00Z")
    add("briefing", "briefing_v2.txt", "--retrieved", "2025-03-05T10:00:00Z")
    add("hostile", "hostile.txt", "--source", "javascript:alert(1)", "--note", "<script>alert('note')</script>",
        "--label", '"><img src=x onerror=alert(1)>')
    return tmp_path / "arch"


class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs, self.ids, self.tags, self.text = [], set(), [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])

    def handle_data(self, data):
        self.text.append(data)


def pages(site: Path) -> dict[Path, Links]:
    return {path: Links(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


def test_export_writes_linked_pages(archive, tmp_path):
    result = run("--archive", archive, "export-site", "public")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Wrote 14 pages for 3 statements to public (open {Path('public') / 'index.html'})\n"
    site = tmp_path / "public"
    found = pages(site)
    names = sorted(str(p.relative_to(site)) for p in found)
    assert "index.html" in names and "s/state-dept/rubio/index.html" in names
    assert sum(n.endswith(".diff.html") for n in names) == 2
    assert sum(n.endswith(".excerpt.html") for n in names) == 3
    for path, page in found.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme:
                assert parts.scheme == "https", (path, href)
                continue
            assert not href.startswith("/"), href
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), (path, href)
            if parts.fragment:
                assert parts.fragment in found[target].ids, (path, href)


def test_index_statement_and_version_pages(archive, tmp_path):
    run("--archive", archive, "export-site", "public")
    site = tmp_path / "public"
    index = "".join(Links((site / "index.html").read_text(encoding="utf-8")).text)
    assert "3 statements" in index and "国务卿卢比奥谈乌克兰和平协议进展" in index
    statement = (site / "s/state-dept/rubio/index.html").read_text(encoding="utf-8")
    assert statement.index('id="v2"') < statement.index('id="v1"')
    assert "as delivered" in statement and "corrected" in statement and "https://example.org/r" in statement
    diff = next((site / "s/state-dept/rubio").glob("*.diff.html")).read_text(encoding="utf-8")
    assert "changes from the previous version" in diff and ("<del>" in diff or "<ins>" in diff)
    assert "state-dept/rubio@1" in diff and "as delivered" in diff
    excerpt = sorted((site / "s/state-dept/rubio").glob("*.excerpt.html"))[0].read_text(encoding="utf-8")
    assert len(re.findall('<details class="fold-omitted">', excerpt)) == 11
    texts = [p.read_text(encoding="utf-8") for p in (site / "s/briefing").glob("*Z.html")]
    assert sum("SPOKESPERSON: Good afternoon. We have three announcements today." in t for t in texts) == 1


def test_an_amended_source_and_note_show_on_the_statement_and_version_pages(archive, tmp_path):
    amended = run("--archive", archive, "annotate", "briefing@1", "--note", "leaked draft",
                  "--source", "https://example.org/draft")
    assert amended.exit_code == 0, amended.stderr
    run("--archive", archive, "export-site", "public")
    folder = tmp_path / "public" / "s" / "briefing"
    statement = Links((folder / "index.html").read_text(encoding="utf-8"))
    key = json.loads(run("--archive", archive, "show", "briefing@1", "--format", "json").stdout)["key"]
    version = Links((folder / f"{key}.html").read_text(encoding="utf-8"))
    for page in (statement, version):
        assert "https://example.org/draft" in page.hrefs and "leaked draft" in "".join(page.text)


def test_html_reports_name_each_archived_versions_source(archive):
    result = run("--archive", archive, "diff", "state-dept/rubio@1", "state-dept/rubio@2", "--format", "html")
    assert result.exit_code == 0
    page = Links(result.stdout)
    assert "https://example.org/r" in page.hrefs and "as delivered" in "".join(page.text)


def test_hostile_statement_renders_as_text(archive, tmp_path):
    run("--archive", archive, "export-site", "public")
    for path in (tmp_path / "public/s/hostile").glob("*.html"):
        page = Links(path.read_text(encoding="utf-8"))
        assert "script" not in page.tags and "img" not in page.tags, path
        assert not [h for h in page.hrefs if h.startswith("javascript")], path
    statement = Links((tmp_path / "public/s/hostile/index.html").read_text(encoding="utf-8"))
    assert "<script>alert('note')</script>" in "".join(statement.text)
    assert "javascript:alert(1)" in "".join(statement.text)


def test_export_again_updates_and_refuses_foreign_folders(archive, tmp_path):
    assert run("--archive", archive, "export-site", "public").exit_code == 0
    add("briefing", "check_good.txt", "--retrieved", "2025-03-06T10:00:00Z")
    again = run("--archive", archive, "export-site", "public")
    assert again.exit_code == 0 and "Wrote 17 pages" in again.stdout
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine", encoding="utf-8")
    refused = run("--archive", archive, "export-site", "other")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr.startswith("Error: other: not empty and not a site redline exported")


def test_export_again_never_deletes_a_file_it_did_not_write(archive, tmp_path):
    assert run("--archive", archive, "export-site", "public").exit_code == 0
    (tmp_path / "public" / "extra.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "public" / "s" / "briefing" / "notes.html").write_text("mine", encoding="utf-8")
    (tmp_path / "public" / "drafts").mkdir()
    (tmp_path / "public" / "s" / "linked").symlink_to(tmp_path)
    refused = run("--archive", archive, "export-site", "public")
    assert refused.exit_code == 2
    assert refused.stderr == ("Error: public: holds drafts/, extra.txt, s/briefing/notes.html and 1 more, which "
                              "export-site did not write and would delete; move it out, or choose another folder\n")
    assert (tmp_path / "public" / "extra.txt").read_text(encoding="utf-8") == "mine"


def test_an_id_named_like_a_page_gets_a_folder_of_its_own(archive, tmp_path):
    add("briefing/index.html", "briefing_v1.txt", "--retrieved", "2025-03-04T10:00:00Z")
    add("briefing/feed.xml", "briefing_v2.txt", "--retrieved", "2025-03-04T10:00:00Z")
    key = json.loads(run("--archive", archive, "show", "briefing@1", "--format", "json").stdout)["key"]
    add(f"briefing/{key.lower()}.html", "check_good.txt")  # the page's name on a file system that ignores case
    result = run("--archive", archive, "export-site", "public")
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "public"
    assert (site / "s/briefing/index.html").is_file() and (site / "s/briefing/feed.xml").is_file()
    assert (site / "s/briefing/_index.html/index.html").is_file() and (site / "s/briefing/_feed.xml/feed.xml").is_file()
    assert (site / f"s/briefing/_{key.lower()}.html/index.html").is_file() and (site / f"s/briefing/{key}.html").is_file()
    index = Links((site / "index.html").read_text(encoding="utf-8"))
    assert "s/briefing/_index.html/index.html" in index.hrefs


def test_pool_writes_the_same_site(archive, tmp_path, monkeypatch):
    run("--archive", archive, "export-site", "inline")
    monkeypatch.setattr(parallel, "POOL_MIN", 2)
    assert run("--archive", archive, "export-site", "pooled").exit_code == 0
    inline = {p.relative_to(tmp_path / "inline"): p.read_bytes() for p in (tmp_path / "inline").rglob("*.html")}
    pooled = {p.relative_to(tmp_path / "pooled"): p.read_bytes() for p in (tmp_path / "pooled").rglob("*.html")}
    assert inline == pooled


def test_export_needs_an_archive(tmp_path):
    result = run("export-site", "public")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: no redline archive")


def _feed(path: Path, url: str):
    """``path`` parsed as the feed published at ``url``: a real Atom parser, relative links resolved."""
    import feedparser

    parsed = feedparser.parse(path.read_bytes(), response_headers={"content-location": url,
                                                                   "content-type": "application/atom+xml"})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_atom_feeds_have_an_entry_per_version_saying_what_changed(archive, tmp_path):
    assert run("--archive", archive, "export-site", "public").exit_code == 0
    site = tmp_path / "public"
    archive_feed = _feed(site / "feed.xml", "https://example.org/site/feed.xml")
    assert archive_feed.version == "atom10"
    assert len(archive_feed.entries) == 5  # every version of every statement, newest first
    times = [e.updated for e in archive_feed.entries]
    assert times == sorted(times, reverse=True)
    [corrected] = [e for e in archive_feed.entries if "rubio" in e.link and e.link.endswith(".diff.html")]
    assert corrected.title.endswith("@2") and corrected.summary == "state-dept/rubio @2: 2 modified, 1 added; flagged: number"
    assert "大约[-3-]{+4+}周前" in corrected.content[0].value
    for entry in archive_feed.entries:
        page = urlsplit(entry.link).path.removeprefix("/site/")
        assert entry.link.startswith("https://example.org/site/s/") and (site / page).is_file(), entry.link
    statement_feed = _feed(site / "s/state-dept/rubio/feed.xml", "https://example.org/site/s/state-dept/rubio/feed.xml")
    assert [e.id for e in statement_feed.entries] == [e.id for e in archive_feed.entries if "rubio" in e.link]
    assert all((site / urlsplit(e.link).path.removeprefix("/site/")).is_file() for e in statement_feed.entries)
    # "self" is each feed itself (links resolve against xml:base, the site's root), not the archive's feed.
    assert archive_feed.feed.links[0].href == "https://example.org/site/feed.xml"
    assert statement_feed.feed.links[0].href == "https://example.org/site/s/state-dept/rubio/feed.xml"


def test_feed_ids_stay_when_the_archive_grows_and_text_stays_escaped(archive, tmp_path):
    run("--archive", archive, "export-site", "one")
    before = {e.id: e.link for e in _feed(tmp_path / "one/feed.xml", "https://example.org/feed.xml").entries}
    add("briefing", "briefing_v1.txt", "--retrieved", "2025-03-06T10:00:00Z")
    run("--archive", archive, "export-site", "two", "--base-url", "https://news.example.org/redline")
    after = _feed(tmp_path / "two/feed.xml", "https://elsewhere.example/feed.xml")
    assert len(after.entries) == 6 and set(before) <= {e.id for e in after.entries}
    assert all(e.link.startswith("https://news.example.org/redline/s/") for e in after.entries)
    hostile = (tmp_path / "two/s/hostile/feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in hostile and "<img" not in hostile
