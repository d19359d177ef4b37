"""Ordering sightings into versions, and resolving REV (pure functions, no git)."""

import pytest

from redline.snapshots.errors import InvalidRev
from redline.snapshots.sightings import Sighting, make_key, parse_time
from redline.snapshots.versions import group, resolve

A, B, C = "a" * 64, "b" * 64, "c" * 64


def sighting(digest, retrieved, date=None, label=None):
    return Sighting("s", make_key(digest, parse_time(retrieved)), digest, 1, retrieved, date, label)


def no_commits():
    raise AssertionError("history walked without need")


def test_order_is_statement_date_then_retrieval_time():
    late_found_old = sighting(B, "2025-12-01T00:00:00Z", date="2025-11-20")
    first = sighting(A, "2025-11-23T10:00:00Z", date="2025-11-23")
    second = sighting(C, "2025-11-23T09:00:00Z", date="2025-11-24")
    versions = group([first, second, late_found_old])
    assert [v.sha256 for v in versions] == [B, A, C]
    assert [v.number for v in versions] == [1, 2, 3]


def test_undated_sightings_order_by_their_retrieval_date():
    versions = group([sighting(A, "2025-11-25T00:00:00Z"), sighting(B, "2025-11-24T00:00:00Z", date="2025-11-24")])
    assert [v.sha256 for v in versions] == [B, A]


def test_consecutive_identical_bytes_are_one_version_with_several_sightings():
    versions = group([sighting(A, "2025-11-23T10:00:00Z"), sighting(A, "2025-11-23T11:00:00Z"),
                      sighting(B, "2025-11-23T12:00:00Z")])
    assert [len(v.sightings) for v in versions] == [2, 1]
    assert versions[0].key == make_key(A, parse_time("2025-11-23T10:00:00Z"))


def test_a_revert_is_three_versions():
    versions = group([sighting(A, "2025-11-23T10:00:00Z"), sighting(B, "2025-11-23T11:00:00Z"),
                      sighting(A, "2025-11-23T12:00:00Z")])
    assert [v.sha256 for v in versions] == [A, B, A]


@pytest.fixture
def history():
    return group([
        sighting(A, "2025-11-23T10:00:00Z", "2025-11-23", "as delivered"),
        sighting(B, "2025-11-24T10:00:00Z", "2025-11-24", "corrected"),
        sighting(A, "2025-11-26T10:00:00Z", "2025-11-26", "corrected"),
        sighting(C, "2025-11-27T10:00:00Z", "2025-11-27", "final"),
    ])


@pytest.mark.parametrize("rev, number", [
    ("1", 1), ("4", 4), ("-1", 4), ("-4", 1), ("+2", 2),
    ("2025-11-23", 1), ("2025-11-25", 2), ("2030-01-01", 4),
    ("as delivered", 1), ("final", 4),
    ("cccccccc", 4), ("bbbbbbbbbbbb-20251124T100000Z", 2), ("aaaaaaaaaaaa-20251126T100000Z", 3),
])
def test_rev_resolves_in_the_documented_order(history, rev, number):
    assert resolve("s", history, rev, no_commits if not rev.startswith("c") else dict).number == number


def test_no_rev_is_the_latest(history):
    assert resolve("s", history, None, no_commits).number == 4


@pytest.mark.parametrize("rev, message", [
    ("0", "has 4 versions"), ("5", "has 4 versions"), ("-5", "has 4 versions"),
    ("2025-11-22", "no version yet on that date"), ("2025-02-30", "not a valid date"),
    ("nonsense", "no such version"), ("abc", "no such version"),
])
def test_bad_revs_say_why(history, rev, message):
    with pytest.raises(InvalidRev, match=message):
        resolve("s", history, rev, dict)


def test_ambiguity_names_every_candidate(history):
    with pytest.raises(InvalidRev, match=r"ambiguous: 2 versions .* @2 \(bbbb.*corrected\), @3 \(aaaa.*corrected\)"):
        resolve("s", history, "corrected", no_commits)
    with pytest.raises(InvalidRev, match=r"ambiguous: .*@1 .*@3 "):
        resolve("s", history, "aaaaaaa", dict)


def test_commit_prefixes_resolve_through_the_history_walk(history):
    commits = {history[1].key: "0123456789abcdef" + "0" * 24}
    assert resolve("s", history, "0123456", lambda: commits).number == 2
