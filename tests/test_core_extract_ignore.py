"""--ignore: noise lines dropped before comparing; every other line kept byte for byte."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.core.ignore import compile_ignore, drop_ignored
from redline.core.errors import InvalidIgnorePattern

PAGE = (
    "Statement on the floods\n"
    "Updated 4:05 pm\n"
    "The Agency urges people to stay away from rivers.\n"
    "1,204 views\n"
    "Updated guidance will follow tomorrow.\n"
)


def test_noise_lines_go_and_the_rest_stays():
    patterns = compile_ignore([r"^Updated \d{1,2}:\d{2} [ap]m$", r"^[\d,]+ views$"])
    assert drop_ignored(PAGE, patterns) == (
        "Statement on the floods\n"
        "The Agency urges people to stay away from rivers.\n"
        "Updated guidance will follow tomorrow.\n"
    )


def test_an_unanchored_pattern_matches_anywhere_in_a_line():
    assert drop_ignored(PAGE, compile_ignore(["views"])) == PAGE.replace("1,204 views\n", "")


def test_no_patterns_change_nothing():
    assert drop_ignored(PAGE, []) == PAGE


@pytest.mark.parametrize("pattern", ["(unclosed", "*starts", "", "x" * 501])
def test_a_bad_pattern_is_a_one_line_error_naming_it(pattern):
    with pytest.raises(InvalidIgnorePattern) as caught:
        compile_ignore(["fine", pattern])
    message = str(caught.value)
    assert message.startswith("--ignore: ")
    assert repr(pattern[:60]) in message
    assert "\n" not in message


@given(st.lists(st.sampled_from(["Updated 4:05 pm", "Body sentence.", "", "12 views", "说明：更新"]), max_size=12),
       st.sampled_from([[r"Updated"], [r"views$", r"^说明"], [r"^$"]]))
def test_kept_lines_are_the_unmatched_ones_in_order(lines, patterns):
    text = "".join(line + "\n" for line in lines)
    compiled = compile_ignore(patterns)
    kept = drop_ignored(text, compiled).splitlines()
    assert kept == [line for line in lines if not any(re.search(p, line) for p in patterns)]
