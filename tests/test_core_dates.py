"""Statement dates in Chinese and English normalise to ISO."""

import pytest

from redline.core.dates import find_date, is_date_line


@pytest.mark.parametrize(
    "text",
    [
        "2025年11月23日",
        "2025 年 11 月 23 日",
        "2025年11月23日（星期日）",
        "2025年11月23日 星期日",
        "二〇二五年十一月二十三日",
        "November 23, 2025",
        "November 23rd, 2025",
        "Nov. 23, 2025",
        "Nov 23, 2025",
        "Sunday, November 23, 2025",
        "23 November 2025",
        "23 Nov. 2025",
        "2025-11-23",
    ],
)
def test_date_lines_normalise_to_iso(text):
    assert find_date(text) == "2025-11-23"
    assert is_date_line(text)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sept. 5, 2025", "2025-09-05"),
        ("2016年11月15日外交部发言人耿爽主持例行记者会", "2016-11-15"),
        ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018", "2018-05-11"),
        ("二〇一九年一月十日", "2019-01-10"),
        ("Remarks, 9 March 2021, then again on April 1, 2021", "2021-03-09"),
    ],
)
def test_the_first_date_in_a_text(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize("text", ["2016年11月15日外交部发言人耿爽主持例行记者会", "Washington, DC November 23, 2025", "美国驻日内瓦国际组织代表团"])
def test_a_line_holding_more_than_a_date_is_not_a_date_line(text):
    assert not is_date_line(text)


@pytest.mark.parametrize(
    "text", ["2025年2月30日", "February 30, 2025", "2025-13-01", "May 2018", "外交部发言人答记者问", "No. 5, 2025"]
)
def test_impossible_or_partial_dates_are_not_dates(text):
    assert find_date(text) is None
