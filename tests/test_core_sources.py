"""``[sources]`` rules per site, and the ones redline ships (core/sources.py)."""

from pathlib import Path

from redline.core import extract, segment
from redline.core.sources import Settings, SourceRule, SourceRules

GOVUK = Path(__file__).parent / "fixtures" / "web" / "govuk_quarantine_press_release_2021-02.v5.html"
PAGE = "https://www.gov.uk/government/news/government-to-introduce-tougher-measures"


def test_gov_uk_pages_take_their_body_by_default():
    assert SourceRules().for_url(PAGE) == SourceRule("www.gov.uk", select=".govspeak")
    assert SourceRules().applied((PAGE,)) == Settings(select=".govspeak")
    assert SourceRules().for_url("https://www.fmprc.gov.cn/eng/x.html") is None
    # Other gov.uk hosts (councils, ONS, legislation.gov.uk) have no .govspeak: the extractor reads them.
    for other in ("https://www.leeds.gov.uk/news/budget", "https://www.ons.gov.uk/x", "https://notgov.uk/x"):
        assert SourceRules().for_url(other) is None


def test_a_sources_rule_of_ones_own_replaces_the_built_in_one():
    mine = SourceRules((SourceRule("www.gov.uk", ignore=("^Updated",)),))
    assert mine.applied((PAGE,)) == Settings(ignore=("^Updated",))  # readability, as the rule says
    assert mine.applied((PAGE,), Settings(select="main")) == Settings(select="main", ignore=("^Updated",))
    assert SourceRules((SourceRule("example.org", select="main"),)).applied((PAGE,)).select == ".govspeak"


def test_the_built_in_selector_keeps_the_link_paragraphs_the_extractor_drops():
    # GOV.UK's change note for v2: "Added links to the Secretary of State's oral statement to Parliament".
    def sentences(select):
        return [s.text for s in segment(extract(GOVUK.read_bytes(), url=PAGE, select=select).text).sentences]

    oral = "Read the Secretary of State’s oral statement to Parliament"
    assert oral in sentences(SourceRules().applied((PAGE,)).select)
    assert oral not in sentences(None)
