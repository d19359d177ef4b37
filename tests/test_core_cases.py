"""The engine against hand-checked real cases (tests/fixtures/cases, docs/evaluation.md).

Each case is a small pair of real texts, or a real text edited to show one
phenomenon, with the expected pairing written by hand: for every derived
sentence its kind and source sentences (or the pair groups of two
versions), which pairs are moved, the meaning flags, and where trims cut.
The loader and the checker live in bench/eval_engine.py, which prints the
same cases as accuracy figures; both go through the public API
(``redline.core.segment``, ``align``, ``diff``).

Cases the engine gets wrong today are listed in KNOWN_FAILURES with what is
wrong; they run as strict xfails, so a fix makes them fail loudly until the
entry is removed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_evaluator():
    spec = importlib.util.spec_from_file_location("redline_eval_engine", ROOT / "bench" / "eval_engine.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


evaluator = _load_evaluator()
CASES = evaluator.load_cases()

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
    for case in CASES:
        marks = ()
        if case.id in KNOWN_FAILURES:
            marks = pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case.id])
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_case(case):
    outcome = evaluator.check(case, evaluator.run_case(case))
    assert outcome.right, f"{case.id}: " + "\n".join(outcome.problems())


def test_known_failures_name_existing_cases():
    assert set(KNOWN_FAILURES) <= {case.id for case in CASES}


def test_the_set_covers_both_languages_modes_and_every_listed_phenomenon():
    assert len(CASES) >= 60
    assert Counter(c.lang for c in CASES).keys() == {"zh", "en"}
    assert Counter(c.mode for c in CASES).keys() == {"versions", "excerpt"}
    phenomena = {p for c in CASES for p in c.phenomena}
    required = {
        "correction", "split", "merge", "paragraph-moved", "name", "numerals", "inaudible",
        "width-spacing", "duplicate-removed", "ellipsis", "abbreviation", "negation", "repeated",
        "moved-edited", "speaker", "editorial", "hedge", "number", "quote", "trim-head", "trim-tail",
        "trim-inside", "join", "two-from-one", "added", "real-version", "real-trace",
    }
    assert required <= phenomena, required - phenomena
    for phenomenon in required - {"abbreviation", "real-version", "real-trace"}:
        assert {c.lang for c in CASES if phenomenon in c.phenomena} == {"zh", "en"}, phenomenon


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES[:1]])
def test_checker_rejects_a_wrong_answer(case):
    """The checker is not vacuous: change the kind of one pair the engine returned and the case fails."""
    result = evaluator.run_case(case)
    pair = next(p for p in result.pairs if p.b)
    pair.kind = "added" if pair.kind != "added" else "same"
    assert not evaluator.check(case, result).right
