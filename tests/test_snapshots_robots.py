"""robots.txt read as RFC 9309 says: groups, longest match, Allow on ties, * and $."""

import pytest

from redline.snapshots.robots import parse_robots

SITE = """\
# comments and unknown lines are skipped
Sitemap: https://example.org/sitemap.xml

User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /
Allow: /news/
Disallow: /news/drafts/
Disallow: /*.pdf$
Disallow: /search?
"""


@pytest.mark.parametrize(("path", "allowed"), [
    ("/", False),
    ("/about", False),
    ("/news/", True),                      # Allow /news/ is longer than Disallow /
    ("/news/2025/remarks.html", True),
    ("/news/drafts/remarks.html", False),  # the longer Disallow wins
    ("/news/transcript.pdf", False),       # * and $: any path ending in .pdf
    ("/news/transcript.pdf?page=2", True),  # $ anchors: a query after .pdf no longer matches
    ("/news/search?q=x", True),
    ("/search?q=x", False),
    ("/robots.txt", True),                  # always allowed
])
def test_the_star_group_longest_match_wins(path, allowed):
    assert parse_robots(SITE, "redline").allows(f"https://example.org{path}") is allowed


def test_a_group_for_redline_replaces_the_star_group():
    robots = parse_robots("User-agent: *\nDisallow: /\n\nUser-agent: Redline/0.1\nDisallow: /private/\n", "redline")
    assert robots.allows("https://example.org/statement")
    assert not robots.allows("https://example.org/private/x")


def test_groups_for_redline_merge_and_agents_can_share_a_group():
    text = "User-agent: bot\nUser-agent: redline\nDisallow: /a/\n\nUser-agent: redline\nDisallow: /b/\n"
    robots = parse_robots(text, "redline")
    assert not robots.allows("https://example.org/a/1")
    assert not robots.allows("https://example.org/b/1")
    assert robots.allows("https://example.org/c/1")


def test_allow_wins_a_tie():
    robots = parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n", "redline")
    assert robots.allows("https://example.org/page")


def test_an_empty_disallow_and_no_group_allow_everything():
    assert parse_robots("User-agent: *\nDisallow:\n", "redline").allows("https://example.org/x")
    assert parse_robots("User-agent: otherbot\nDisallow: /\n", "redline").allows("https://example.org/x")


def test_percent_encoding_is_compared_uniformly():
    robots = parse_robots("User-agent: *\nDisallow: /%E8%AE%B2%E8%AF%9D/\n", "redline")
    assert not robots.allows("https://example.org/讲话/1.html")


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("/a*b", "/axxb/c", True),
    ("/a*b$", "/axxb/c", False),
    ("/a*b$", "/axbxb", True),
    ("/*.pdf$", "/.pdf", True),
    ("/a$", "/a", True),
    ("/a$", "/ab", False),
    ("/a*$", "/abc", True),
    ("/a*b*c", "/acb", False),
    ("/ab*ba$", "/aba", False),  # the suffix may not overlap what the prefix used
])
def test_wildcards_and_the_end_anchor(pattern, path, matches):
    robots = parse_robots(f"User-agent: *\nDisallow: {pattern}\n", "redline")
    assert robots.allows(f"https://example.org{path}") is not matches


def test_a_hostile_pattern_and_long_lines_are_read_in_linear_time():
    # As a backtracking regular expression, this pattern against this path ran for minutes.
    hostile = "/" + "*a" * 60 + "*b"
    text = f"User-agent: *\nDisallow: {hostile}\nAllow:{' ' * 200_000}/x\n"
    robots = parse_robots(text, "redline")
    assert robots.allows("https://example.org/" + "a" * 5000)
    assert not robots.allows("https://example.org/" + "a" * 5000 + "b")
