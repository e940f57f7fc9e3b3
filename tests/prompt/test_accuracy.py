"""The grammar against the hand-written test sets (a regression guard for the benchmark,
``bench/prompt_accuracy.py``)."""

from pathlib import Path

import pytest

from engine.prompt import parse_many
from engine.prompt.evaluation import evaluate, load_cases, score_case

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "prompts"


def _run(name):
    cases = load_cases(DATA_DIR / name)
    return evaluate(cases, parse_many([c["t"] for c in cases], use_embedding=False))


def test_main_set_is_large_and_varied():
    cases = load_cases(DATA_DIR / "prompts.jsonl")
    assert len(cases) >= 300
    assert len({c["t"] for c in cases}) == len(cases)
    cats = {c["cat"] for c in cases}
    assert {
        "clock",
        "degrees",
        "body",
        "distance",
        "motion",
        "room",
        "multi",
        "numbers",
        "none",
        "hard",
    } <= cats


def test_main_set_meets_the_target():
    _, s = _run("prompts.jsonl")
    assert s.accuracy >= 0.95
    assert s.median_angular_error_deg < 5.0
    assert s.motion_accuracy >= 0.9
    assert s.unplaced_accuracy >= 0.9


@pytest.mark.parametrize(
    "name", ["holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl"]
)
def test_held_out_sets_stay_well_above_the_state_of_the_art(name):
    _, s = _run(name)
    assert s.n_cases >= 99
    assert s.accuracy >= 0.9
    assert s.median_angular_error_deg < 5.0


def test_scoring_catches_a_wrong_side():
    case = {"t": "a dog on the left", "az": 90, "cat": "basic"}
    wrong = parse_many(["a dog on the right"], use_embedding=False)[0]
    right = parse_many(["a dog on the left"], use_embedding=False)[0]
    assert score_case(case, right).passed
    result = score_case(case, wrong)
    assert not result.passed
    assert result.angular_errors_deg[0] == pytest.approx(180.0)


def test_scoring_catches_a_false_placement_and_a_missed_one():
    none_case = {"t": "a dog barking", "placed": False, "cat": "none"}
    assert not score_case(
        none_case, parse_many(["a dog on the left"], use_embedding=False)[0]
    ).passed
    case = {"t": "a dog on the left", "az": 90, "cat": "basic"}
    assert not score_case(case, parse_many(["a dog barking"], use_embedding=False)[0]).passed
