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
wrong; they run as strict xfails, so a fix makes them fail loudly until the
entry is removed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

CASE_FILES = sorted((Path(__file__).parent / "fixtures" / "cases").glob("*.toml"))

# Case id -> what the engine gets wrong (engine as of the commit named in docs/evaluation.md).
KNOWN_FAILURES: dict[str, str] = {
    # Excerpt sentences reported `added` although they come from the full text.
    # Attribution.
    # Missing meaning flags.
    # Invented moves.
    # Joins.
    "govuk-e-truss-ending": "a join of two non-adjacent delivered sentences traced to the first only (_grow joins "
                            "neighbours only), so 'not' and 'one' count as inserted (false negation, number); "
                            "'…Britain’s commitment…' with a leading ellipsis is `edited` (an ellipsis with no cut "
                            "beside it is an insertion to is_trim)",
    # Spurious flags.
    "govuk-v-storm-eunice-v3-v4": "'the north of England … River Severn' -> 'Yorkshire … Rivers Severn and Ouse' "
                                  "flagged `name` (_same_name compares all capitalised words of the run at once)",
    # Cosmetic.
    "zh-e-width-02": "。 typed as . is `trimmed` (tail): normalize does not fold 。 and '.', is_trim accepts -。+.",
    "en-e-hedge-01": "trim sides ['head', 'inside'] for a cut inside: the capitalised first word (you -> You) "
                     "counts as a cut at the head",
}


def _params():
    for path in CASE_FILES:
        marks = ()
        if path.stem in KNOWN_FAILURES:
            marks = pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[path.stem])
        yield pytest.param(path, id=path.stem, marks=marks)


@pytest.fixture(scope="module")
def cases(case_checker):
    return case_checker.load_cases()


@pytest.mark.parametrize("path", list(_params()))
def test_case(path, case_checker):
    case = case_checker.load_case(path)
    outcome = case_checker.check(case, case_checker.run_case(case))
    assert outcome.right, f"{case.id}: " + "\n".join(outcome.problems())


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
