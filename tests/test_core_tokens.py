"""Word tokens with spans: jieba for Chinese runs (loaded lazily), a regex for the rest."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from redline.core.jieba_fast import MAX_TABLES
from redline.core.tokens import tokenize


def spans(tokens):
    return [(t.text, t.start, t.end) for t in tokens]


def test_latin_words_numbers_and_punctuation():
    assert spans(tokenize("We're 3.5% up, 1,750 co-op.")) == [
        ("We're", 0, 5), ("3.5", 6, 9), ("%", 9, 10), ("up", 11, 13), (",", 13, 14),
        ("1,750", 15, 20), ("co-op", 21, 26), (".", 26, 27),
    ]


def test_chinese_runs_split_into_words_with_offset_spans():
    tokens = tokenize("我们取得了非常巨大的进展。OK", offset=10)
    assert spans(tokens) == [
        ("我们", 10, 12), ("取得", 12, 14), ("了", 14, 15), ("非常", 15, 17), ("巨大", 17, 19),
        ("的", 19, 20), ("进展", 20, 22), ("。", 22, 23), ("OK", 23, 25),
    ]


def test_tokens_with_whitespace_join_back_to_the_text():
    text = " 我们 取得进展 , ok  \n"
    assert "".join(t.text for t in tokenize(text, keep_space=True)) == text
    assert all(not t.text.isspace() for t in tokenize(text))


def test_spans_point_at_the_token_text():
    text = "卢比奥国务卿说:Marco Rubio spoke 2 times."
    for token in tokenize(text):
        assert text[token.start:token.end] == token.text


def _jieba_loaded_after(statement: str) -> str:
    code = (
        "import sys\nfrom redline.core.tokens import tokenize\nfrom redline.core.wordcut import jieba_loaded\n"
        f"{statement}\nprint(jieba_loaded(), 'jieba' in sys.modules)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_jieba_loads_only_when_a_chinese_run_needs_splitting():
    assert _jieba_loaded_after("tokenize('Only English here, 3.5 and 中.')") == "False False"
    assert _jieba_loaded_after("tokenize('我们取得进展')") == "True True"


CUT_CHILD = r"""
import json, sys
import jieba
from redline.core import tokens
text = "我们确实取得了实质性进展，乌克兰方面派出了高层级代表团。"
print(json.dumps([[t.text for t in tokens.tokenize(text)], "dictionary" if jieba.dt.initialized else "table"],
                 ensure_ascii=False))
"""


def _cut_in_child(cache: Path, site: Path | None = None) -> tuple[list[str], str]:
    """Tokens of a sentence cut in a fresh process with ``cache`` as its cache folder, and where they came from
    (with ``site``, its jieba is the one installed there)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    out = subprocess.run([sys.executable, "-c", CUT_CHILD], capture_output=True, text=True, env=env, check=True)
    assert out.stderr == ""
    words, holder = json.loads(out.stdout)
    return words, holder


def test_the_word_table_is_written_once_then_cuts_small_batches(tmp_path, word_table):
    table = word_table
    words, holder = _cut_in_child(tmp_path)
    assert holder == "dictionary"  # no table yet: jieba's dictionary, and the table written
    written = table.stat().st_mtime_ns
    assert _cut_in_child(tmp_path) == (words, "table")
    assert table.stat().st_mtime_ns == written
    assert [p.name for p in table.parent.iterdir()] == [table.name]  # no temporary file left behind
    assert words[:4] == ["我们", "确实", "取得", "了"]


def test_a_damaged_table_is_ignored_and_rewritten(tmp_path, word_table):
    table = word_table
    words, _ = _cut_in_child(tmp_path)
    good = table.read_bytes()
    table.write_bytes(good[:len(good) // 2])
    assert _cut_in_child(tmp_path) == (words, "dictionary")
    assert table.read_bytes() == good


def _another_jieba(site: Path) -> None:
    """A second install of this jieba in ``site``, its dictionary file written a second later."""
    import jieba

    shutil.copytree(Path(jieba.__file__).parent, site / "jieba",
                    ignore=shutil.ignore_patterns("analyse", "lac_small", "__pycache__"))
    dictionary = site / "jieba" / jieba.DEFAULT_DICT_NAME
    info = dictionary.stat()
    os.utime(dictionary, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))


def test_two_installs_of_jieba_keep_a_word_table_each(tmp_path, word_table):
    site = tmp_path / "site"
    _another_jieba(site)
    words, _ = _cut_in_child(tmp_path)
    written = word_table.stat().st_mtime_ns
    assert _cut_in_child(tmp_path, site) == (words, "dictionary")  # the other install writes a table of its own
    assert _cut_in_child(tmp_path) == (words, "table")
    assert _cut_in_child(tmp_path, site) == (words, "table")
    assert word_table.stat().st_mtime_ns == written
    assert len(list(word_table.parent.glob("*.table"))) == 2


def test_only_the_most_recently_written_word_tables_are_kept(tmp_path, word_table):
    word_table.parent.mkdir(parents=True)
    others = [word_table.parent / name for name in ["jieba-freq.table", "jieba-freq-0.table", "jieba-freq-1.table",
                                                     "jieba-freq-2.table", "jieba-freq-3.table"]]
    for age, other in enumerate(reversed(others)):
        other.write_bytes(b"a table of another install")
        os.utime(other, (1_000_000 - age, 1_000_000 - age))  # the first of ``others`` is the oldest
    _cut_in_child(tmp_path)
    assert sorted(word_table.parent.iterdir()) == sorted([word_table, *others[-(MAX_TABLES - 1):]])
    assert len(others) > MAX_TABLES - 1  # some were removed


def test_an_unwritable_cache_folder_still_cuts(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    words, _ = _cut_in_child(tmp_path)
    assert _cut_in_child(blocker) == (words, "dictionary")
