"""The comparison form of text: width, quotes and whitespace fold; nothing else does."""

import pytest

from redline.core import normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("你好，世界！", "你好,世界!"),
        ("ＡＢＣ１２３", "ABC123"),
        ("“你好”", '"你好"'),
        ("「你好」", '"你好"'),
        ("‘OK’", "'OK'"),
        ("He said “no”.", 'He said "no".'),
        ("a  b\n c", "a b c"),
        ("中 文 字", "中文字"),
        ("  leading and trailing  ", "leading and trailing"),
        ("全角\u3000空格", "全角空格"),
    ],
)
def test_forms_that_compare_equal(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("你好。", "你好"), ("We agree.", "We disagree."), ("a b", "ab"), ("U.S.", "US"), ("进展", "進展")],
)
def test_real_differences_survive(a, b):
    assert normalize(a) != normalize(b)


def test_normalize_is_idempotent():
    text = "“卢比奥国务卿” 说：  ＯＫ，  we’ll see…"
    assert normalize(normalize(text)) == normalize(text)
