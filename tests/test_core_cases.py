"""The engine against hand-checked real cases (tests/fixtures/cases, docs/evaluation.md).

Each case is a small pair of real texts, or a real text edited to show one
phenomenon, with the expected pairing written by hand: for every derived
sentence its kind and source sentences (or the pair groups of two
versions), which pairs are moved, the meaning flags, and where trims cut.
The loader and the checker live in tests/cases.py (the ``case_checker``
fixture), which bench/eval_engine.py uses to print the same cases as
accuracy figures; both go through the public API (``redline.core.segment``,
``align``, ``diff``).

Cases the engine gets wrong today are listed in KNOWN_FAILURES with what is
wrong and the checker's exact problems; such a case is an xfail only while it
fails just so, so a fix, a new problem or a crash fails loudly until the entry
is updated.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

CASE_FILES = sorted((Path(__file__).parent / "fixtures" / "cases").glob("*.toml"))

# Case id -> what the engine gets wrong (engine as of the commit named in docs/evaluation.md).
KNOWN_FAILURES: dict[str, tuple[str, list[str]]] = {
    # case: (what is wrong, the checker's exact problem list): a known failure must fail just so, so a new
    # problem in the same case, or a crash, is not taken for the old one.
    "govuk-e-truss-ending": (
        "a join of two non-adjacent delivered sentences traced to the first only (_grow joins neighbours only), so "
        "'not' and 'one' count as inserted (false negation, number)",
        ["b[2] “Instead, it is the story of freedom…”: expected a=[2, 4] b=[2], got a=[2] b=[2]",
         "b[2] “Instead, it is the story of freedom…”: spurious flag negation,number",
         "omitted pairs: reported omitted but used: a=[4]"]),
    "govuk-v-storm-eunice-v3-v4": (
        "'… where levels could overtop defences' inserted is flagged `hedge`: the 'could' of new words that state a "
        "possibility, not a qualifier added to a kept claim",
        ["b[1] “Two severe flood warnings, meaning …”: spurious flag hedge"]),
    "zh-e-width-02": (
        "。 typed as . is `trimmed` (tail): normalize does not fold 。 and '.', is_trim accepts -。+.",
        ["b[0] “我们祝贺约翰逊首相就任, 李克强总理已向他发去贺电.”: expected same, got trimmed"]),
    "en-e-hedge-01": (
        "trim sides ['head', 'inside'] for a cut inside: the capitalised first word (you -> You) counts as a cut "
        "at the head",
        ["b[1] “You achieved something deeper and e…”: expected trim ['inside'], got ['head', 'inside']"]),
}


@pytest.fixture(scope="module")
def cases(case_checker):
    return case_checker.load_cases()


@pytest.mark.parametrize("path", [pytest.param(path, id=path.stem) for path in CASE_FILES])
def test_case(path, case_checker):
    case = case_checker.load_case(path)
    outcome = case_checker.check(case, case_checker.run_case(case))
    if case.id not in KNOWN_FAILURES:
        assert outcome.right, f"{case.id}: " + "\n".join(outcome.problems())
        return
    reason, problems = KNOWN_FAILURES[case.id]
    assert not outcome.right, f"{case.id} is right now: take it out of KNOWN_FAILURES"
    assert outcome.problems() == problems, f"{case.id} fails otherwise than known: " + "\n".join(outcome.problems())
    pytest.xfail(reason)


def test_known_failures_name_existing_cases():
    assert set(KNOWN_FAILURES) <= {path.stem for path in CASE_FILES}


def test_the_set_covers_both_languages_modes_and_every_listed_phenomenon(cases):
    assert len(cases) >= 60
    assert Counter(c.lang for c in cases).keys() == {"zh", "en"}
    assert Counter(c.mode for c in cases).keys() == {"versions", "excerpt"}
    phenomena = {p for c in cases for p in c.phenomena}
    required = {
        "correction", "split", "merge", "paragraph-moved", "name", "numerals", "inaudible",
        "width-spacing", "duplicate-removed", "ellipsis", "abbreviation", "negation", "repeated",
        "moved-edited", "speaker", "editorial", "hedge", "number", "quote", "trim-head", "trim-tail",
        "trim-inside", "join", "two-from-one", "added", "real-version", "real-trace",
    }
    assert required <= phenomena, required - phenomena
    for phenomenon in required - {"abbreviation", "real-version", "real-trace"}:
        assert {c.lang for c in cases if phenomenon in c.phenomena} == {"zh", "en"}, phenomenon


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in CASE_FILES[:1]])
def test_checker_rejects_a_wrong_answer(path, case_checker):
    """The checker is not vacuous: change the kind of one pair the engine returned and the case fails."""
    case = case_checker.load_case(path)
    result = case_checker.run_case(case)
    pair = next(p for p in result.pairs if p.b)
    pair.kind = "added" if pair.kind != "added" else "same"
    assert not case_checker.check(case, result).right
