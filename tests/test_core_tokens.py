"""Word tokens with spans: jieba for Chinese runs (loaded lazily), a regex for the rest."""

import subprocess
import sys

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


def test_prefetched_helper_cuts_exactly_as_jieba_here(tmp_path):
    # In a fresh process: with the helper, without it, and after it dies.
    script = (
        "import os, signal\n"
        "from redline.core import cut_helper, tokens, wordcut\n"
        "text = '我们确实取得了实质性进展,乌克兰方面派出了高层级代表团。'\n"
        "cut_helper.start()\n"
        "helper = cut_helper._helper\n"
        "first = [t.text for t in tokens.tokenize(text)]\n"
        "print(helper is not None, wordcut.jieba_loaded())\n"
        "os.kill(helper.pid, signal.SIGKILL); os.waitpid(helper.pid, 0)\n"
        "wordcut._cuts.clear()\n"
        "second = [t.text for t in tokens.tokenize(text)]\n"
        "print(first == second, wordcut.jieba_loaded(), not cut_helper.running())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.split("\n")[:2] == ["True False", "True True True"]
    assert out.stderr == ""
