"""``log`` change counts, ``blame`` and ``search`` over an archive's history, through the engine."""

from pathlib import Path

import pytest

from redline.core.errors import RedlineError
from redline.snapshots.errors import UnknownStatement
from redline.snapshots import Archive
from redline.snapshots.testing import use_fixed_git

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "rubio_geneva.txt").read_text(encoding="utf-8")
CORRECTED = (FIXTURES / "rubio_geneva_corrected.txt").read_text(encoding="utf-8")
MOVED_LINE = "这是一份正在进行中的、活的文本,每天都会在各方意见的基础上发生变化。\n"
# Third release: one excerpt paragraph moved down, one sentence split in two.
REORDERED = (
    CORRECTED.replace(MOVED_LINE, "", 1)
    .replace("我不会谈论我们讨论议题的具体细节,因为这是一项正在进行中的进程。\n",
             "我不会谈论我们讨论议题的具体细节,因为这是一项正在进行中的进程。\n" + MOVED_LINE, 1)
    .replace("今天我们过得非常不错。我们取得了非常巨大的进展。", "今天我们过得非常不错。我们取得了进展。非常巨大的进展。", 1)
)
ID = "rubio"


pytestmark = pytest.mark.usefixtures("fixed_git")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    home = tmp_path_factory.mktemp("history")
    with pytest.MonkeyPatch.context() as patch:
        use_fixed_git(patch, home)
        archive = Archive.init(home / "archive")
        for text, label in ((ORIGINAL, "as delivered"), (CORRECTED, "corrected"), (REORDERED, "reordered")):
            archive.add(ID, text.encode(), label=label)
        archive.add("other", "Briefing\n2025年11月20日\n问:有何评论?\n答:我们注意到有关报道。\n".encode())
    return archive


def test_log_counts_changes_against_the_previous_version(archive):
    entries = archive.log(ID)
    assert [e.version.label for e in entries] == ["as delivered", "corrected", "reordered"]
    assert entries[0].changes is None
    assert entries[1].changes == {"same": 130, "modified": 2, "added": 1, "removed": 0, "split": 0, "merged": 0, "moved": 0}
    assert entries[2].changes["split"] == 1 and entries[2].changes["moved"] == 1
    assert all(e.version.commit for e in entries)


def blamed(archive, ref, text):
    return next(s for s in archive.blame(ref).sentences if s.text == text)


def test_blame_follows_the_engine_not_line_positions(archive):
    reworded = blamed(archive, ID, "大约4周前,我们从一份基础性文件开始,这份文件我们已经同双方沟通过,并且吸收了双方的意见。")
    assert (reworded.origin.number, reworded.changed.number) == (1, 2)
    added = blamed(archive, ID, "我们会继续保持沟通吗?")
    assert (added.origin.number, added.changed) == (2, None)
    assert added.speaker == "提问" and added.section == "full"
    moved = blamed(archive, ID, MOVED_LINE.strip())
    assert (moved.origin.number, moved.changed) == (1, None)
    split = [s for s in archive.blame(ID).sentences if s.section == "excerpt" and s.index in (1, 2)]
    assert [s.text for s in split] == ["我们取得了进展。", "非常巨大的进展。"]
    assert [(s.origin.number, s.changed.number) for s in split] == [(1, 3), (1, 3)]


def test_blame_of_an_earlier_version_stops_there(archive):
    result = archive.blame(f"{ID}@corrected")
    assert result.version.number == 2
    assert all(s.origin.number <= 2 for s in result.sentences)
    assert result.sentences[1].text == "我们取得了非常巨大的进展。"
    assert archive.blame(f"{ID}@1").sentences[0].origin.commit == archive.statement(ID, commits=True).versions[0].commit


def test_search_finds_sentences_in_latest_versions_with_speaker(archive):
    matches = archive.search("还剩下哪几个问题")
    assert [(m.id, m.version, m.speaker, m.section) for m in matches] == [(ID, 3, "提问", "full")]


def test_search_normalises_width_and_quotes(archive):
    assert archive.search("今天的\"简报\"是：今天很值得")[0].text.startswith("但我认为,今天的“简报”是:今天很值得")
    assert [m.id for m in archive.search("有何评论？")] == ["other"]


def test_search_with_regex_and_id(archive):
    assert [m.text for m in archive.search(r"^我们取得了.{0,2}进展。$", regex=True)] == ["我们取得了进展。"]
    assert archive.search("有何评论", ident=ID) == []
    with pytest.raises(UnknownStatement):
        archive.search("x", ident="missing")
    with pytest.raises(RedlineError, match="invalid regular expression"):
        archive.search("(", regex=True)


def test_search_history_says_where_a_sentence_disappeared(archive):
    [gone] = archive.search("这些问题的具体细节", history=True)
    assert (gone.text, gone.versions, gone.removed_in) == ("我不打算谈这些问题的具体细节。", [1], 2)
    still = archive.search("活的文本", history=True)
    assert [(t.versions, t.removed_in) for t in still] == [([1, 2, 3], None)]


@pytest.mark.parametrize("query, text", [
    ("中方高度重视", "我们注意到,中方 高度\u3000重视此事。"),
    ("一个中国", "坚持⼀个中国原则。"),  # KANGXI RADICAL ONE
    ("APEC", "ＡＰＥＣ会议"),
    ("3周", "大约３周前"),
    (",", "你好，世界"),
])
def test_the_file_prefilter_never_hides_a_match(query, text):
    from redline.core import normalize
    from redline.snapshots.search import could_match

    assert normalize(query) in normalize(text)
    assert could_match(query, regex=False)(text)


def test_the_file_prefilter_skips_files_that_cannot_match():
    from redline.snapshots.search import could_match

    assert not could_match("中方高度重视", regex=False)("完全无关的文字。")
    assert not could_match("Ukraine", regex=False)("完全无关的文字。")
