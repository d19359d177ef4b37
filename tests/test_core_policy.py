"""``redline.core.policy``: every rule fires on its case, obeys its policy switch, and says one line."""

import subprocess
import sys
from pathlib import Path

import pytest

from redline.core import segment
from redline.core.check import Integrity, evaluate, version_facts
from redline.core.errors import InvalidPolicy
from redline.core.policy import RULE_IDS, RULES, default_policy, parse_policy

FIXTURES = Path(__file__).parent / "fixtures"


def doc(name: str):
    return segment((FIXTURES / name).read_text(encoding="utf-8"))


def facts_for(rule: str, policy):
    """Facts of one version that break ``rule`` (among others)."""
    if rule in ("excerpt-editorial", "excerpt-moved"):
        return [version_facts(doc("rubio_geneva.txt"), "rubio", None, policy, date="2025-11-23")]
    if rule.startswith("excerpt-"):
        return [version_facts(doc("check_bad.txt"), "bad.txt", None, policy, date="2025-03-04")]
    if rule.startswith("quote-"):
        return [version_facts(doc("quotes_article.txt"), "article.txt", None, policy,
                              transcript=("transcript.txt", doc("quotes_transcript.txt")), date="2025-03-04")]
    if rule.startswith("version-"):
        return [version_facts(doc("briefing_v2.txt"), "briefing@2", "k2", policy, ("k1", doc("briefing_v1.txt")),
                              date="2025-03-04", source="https://example.org")]
    problems = (Integrity("history-hash", "statements/x/_raw/ab", "bytes do not match"),
                Integrity("history-derived", "statements/x/_sentences/ab.txt", "differs"))
    return [version_facts(doc("check_good.txt"), "x@1", "k1", policy, archived=True,
                          date=None if rule == "metadata-date" else "2025-03-04", integrity=problems)]


def test_defaults_are_the_issues_severities():
    assert dict(default_policy().severities) == {
        "excerpt-added": "error", "excerpt-speaker": "error", "excerpt-meaning": "error",
        "excerpt-hedge": "warning", "excerpt-edited": "warning", "excerpt-editorial": "warning",
        "excerpt-moved": "off", "version-silent-change": "warning", "version-meaning": "warning",
        "history-hash": "error", "history-derived": "error", "metadata-source": "warning", "metadata-date": "warning",
        "quote-not-found": "error", "quote-misattributed": "error", "quote-altered": "warning",
        "quote-spliced": "warning",
    }


@pytest.mark.parametrize("rule", RULE_IDS)
@pytest.mark.parametrize("severity", ["error", "warning", "off"])
def test_each_rule_fires_and_obeys_its_switch(rule, severity):
    policy = parse_policy(f'[rules]\n{rule} = "{severity}"\n', "redline.toml")
    mine = [f for f in evaluate("s", facts_for(rule, policy), policy) if f.rule == rule]
    if severity == "off":
        assert mine == []
    else:
        assert mine and {f.severity for f in mine} == {severity}
        assert all("\n" not in f.message and f.message.startswith(f.version or "s") for f in mine)


def test_default_policy_leaves_moved_off_and_others_on():
    for rule in RULES:
        policy = default_policy()
        found = [f for f in evaluate("s", facts_for(rule.id, policy), policy) if f.rule == rule.id]
        assert bool(found) == (rule.default != "off"), rule.id


def test_example_has_warnings_only():
    policy = default_policy()
    found = evaluate("rubio", facts_for("excerpt-editorial", policy), policy)
    assert sorted((f.rule, f.severity) for f in found) == [
        ("excerpt-edited", "warning"), ("excerpt-editorial", "warning"), ("excerpt-hedge", "warning")]


def test_messages_name_statement_version_speaker_and_sentence():
    policy = default_policy()
    found = evaluate("briefing", facts_for("version-meaning", policy), policy)
    negation = next(f for f in found if f.rule == "version-meaning" and "negation" in f.detail)
    assert negation.message == ("briefing@2: SPOKESPERSON: “We expect a final agreement this week.” — "
                                "negation changed since the previous version: [-do not-]")
    assert (negation.statement, negation.version, negation.speaker) == ("briefing", "briefing@2", "SPOKESPERSON")
    assert (negation.where.version, negation.where.section, negation.where.index) == ("k2", "full", 4)
    removed = next(f for f in found if f.rule == "version-silent-change" and "removed" in f.detail)
    assert removed.sentence == "I think we will see progress soon." and removed.where.version == "k1"


def test_a_note_or_label_explains_a_change():
    policy = default_policy()
    for explained in ({"label": "corrected"}, {"note": "typo fixed"}):
        facts = version_facts(doc("briefing_v2.txt"), "b@2", "k2", policy, ("k1", doc("briefing_v1.txt")),
                              date="2025-03-04", **explained)
        rules = {f.rule for f in evaluate("b", [facts], policy)}
        assert "version-silent-change" not in rules and "version-meaning" in rules


def test_excerpt_errors_on_the_bad_transcript():
    policy = default_policy()
    found = evaluate("bad.txt", facts_for("excerpt-added", policy), policy)
    errors = sorted((f.rule, f.sentence) for f in found if f.severity == "error")
    assert errors == [
        ("excerpt-added", "We are proud of our record."),
        ("excerpt-meaning", "We have agreed to a ceasefire."),
        ("excerpt-meaning", "We will not raise tariffs on 12 products."),
        ("excerpt-speaker", "Sanctions will be lifted next week."),
    ]


def test_long_and_multiline_sentences_stay_one_short_line():
    text = "Title\n2025-01-01\n\n[Excerpt]\nA: " + "word " * 60 + "\nstill the same sentence\u2028here.\n\n[Full text]\nA: Other.\n"
    policy = default_policy()
    found = evaluate("x", [version_facts(segment(text), "x", None, policy, date="2025-01-01")], policy)
    assert found and all("\n" not in f.message and "\u2028" not in f.message and len(f.message) < 200 for f in found)


def test_switched_off_rules_skip_the_engine():
    policy = parse_policy("[rules]\n" + "".join(f'{r} = "off"\n' for r in RULE_IDS if r.startswith("excerpt-")), "p")
    facts = version_facts(doc("rubio_geneva.txt"), "rubio", None, policy, date="2025-11-23")
    assert facts.excerpt is None and facts.change is None


@pytest.mark.parametrize("text, message", [
    ("[rules\n", "not valid TOML"),
    ('[rules]\nexcerpt-typo = "off"\n', "unknown rule 'excerpt-typo'"),
    ('[rules]\nexcerpt-added = "fatal"\n', "severity 'fatal'"),
    ('rules = "off"\n', "must be a table"),
])
def test_bad_policies_are_refused(text, message):
    with pytest.raises(InvalidPolicy, match=message):
        parse_policy(text, "redline.toml")


def test_policy_without_rules_is_the_defaults():
    assert parse_policy("# nothing\n", "p").severities == default_policy().severities


def test_policy_with_another_table_is_refused():
    with pytest.raises(InvalidPolicy, match="'other'"):
        parse_policy("# nothing\n[other]\nx = 1\n", "p")


def test_policy_module_loads_neither_click_nor_git():
    code = "import sys, redline.core.policy; print(sorted(m for m in ('click', 'git') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_quote_rules_name_each_misquotation():
    policy = default_policy()
    found = [f for f in evaluate("article.txt", facts_for("quote-altered", policy), policy) if f.rule.startswith("quote-")]
    assert [(f.rule, f.severity, f.sentence) for f in found] == [
        ("quote-not-found", "error", "China will never negotiate under pressure,"),
        ("quote-misattributed", "error", "Some say the talks have failed."),
        ("quote-altered", "warning", "We will stay at the table for as long as it takes,"),
        ("quote-altered", "warning", "Our position on tariffs has changed,"),
        ("quote-spliced", "warning", "The talks have not failed. We hope the other side will show good faith,"),
    ]
    assert found[1].message == ("article.txt: Li: “Some say the talks have failed.” — the transcript gives these words to Q")
    assert found[3].detail.endswith("trimmed quotation, negation changed: [-not-] [-.-] {+,+}")


def test_quote_rules_need_a_transcript():
    policy = default_policy()
    facts = version_facts(doc("quotes_article.txt"), "article.txt", None, policy, date="2025-03-04")
    assert facts.quotes is None
    assert not [f for f in evaluate("article.txt", [facts], policy) if f.rule.startswith("quote-")]


def test_the_quotes_table_maps_articles_to_transcripts():
    policy = parse_policy('[quotes]\n"news/a.txt" = "briefings/b.txt"\n"xinhua/x" = "mfa/y@2"\n'
                          '"xinhua/y" = "mfa/z@2021-03-02T12:00Z"\n', "redline.toml")
    assert dict(policy.quotes) == {"news/a.txt": "briefings/b.txt", "xinhua/x": "mfa/y@2",
                                   "xinhua/y": "mfa/z@2021-03-02T12:00Z"}
    for bad in ('[quotes]\n"a" = 1\n', 'quotes = "a"\n', '[quotes]\n"a" = ""\n',
                # a transcript must stay inside the policy's folder or the archive
                '[quotes]\n"a" = "http://127.0.0.1/secret"\n', '[quotes]\n"a" = "/etc/hostname"\n',
                '[quotes]\n"a" = "../../secret.txt"\n', '[quotes]\n"a" = "C:\\\\secret.txt"\n',
                '[quotes]\n"a" = "file:secret.txt"\n', '[quotes]\n"a" = "x@/../../secret.txt"\n',
                '[quotes]\n"a" = "t.txt\\u0000"\n', '[quotes]\n"a\\u001b[2J" = "t.txt"\n'):
        with pytest.raises(InvalidPolicy, match="quotes"):
            parse_policy(bad, "redline.toml")
