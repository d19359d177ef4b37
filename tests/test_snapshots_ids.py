"""Statement IDs and ID@REV references are checked before anything is written."""

import pytest

from redline.snapshots.errors import InvalidId, InvalidRev
from redline.snapshots import Ref, check_id, parse_ref


@pytest.mark.parametrize("ident", [
    "rubio-geneva", "state-dept/2025-11-23-rubio-geneva", "mfa/2016/t1415586", "a", "x_1.v2", "a/b/c/d",
])
def test_slugs_are_accepted(ident):
    assert check_id(ident) == ident


@pytest.mark.parametrize("ident, reason", [
    ("", "empty"),
    ("..", "start"),
    ("a/../b", "'..'"),
    ("/etc/passwd", "start"),
    ("-rf", "start"),
    ("--upload-pack=evil", "start"),
    (".git", "start"),
    ("a@b", "'@'"),
    ("a\nb", "control"),
    ("tab\there", "control"),
    ("Rubio", "lowercase"),
    ("a b", "each '/'-separated part"),
    ("a//b", "each '/'-separated part"),
    ("a/", "each '/'-separated part"),
    ("a/-b", "each '/'-separated part"),
    ("a/.b", "each '/'-separated part"),
    ("trailing-", "each '/'-separated part"),
    ("x" * 201, "longer than 200"),
])
def test_anything_else_is_refused_with_a_reason(ident, reason):
    with pytest.raises(InvalidId, match=reason):
        check_id(ident)


def test_ref_splits_at_the_first_at_sign():
    assert parse_ref("a/b") == Ref("a/b", None)
    assert parse_ref("a/b@-1") == Ref("a/b", "-1")
    assert parse_ref("a@as delivered@noon") == Ref("a", "as delivered@noon")
    assert str(parse_ref("a@2")) == "a@2"


def test_ref_without_rev_after_at_is_refused():
    with pytest.raises(InvalidRev, match="nothing after '@'"):
        parse_ref("a@")
