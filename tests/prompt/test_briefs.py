"""Prompts in the style of real briefs (issue 16) and motions to a destination (issue 17):
hemispheres with degrees, nearness to the body and the gear, compass bearings, venue
seats, clock codes, and confidence that drops when the prompt is vague or contradicts
itself."""

from pathlib import Path

import numpy as np
import pytest

from engine.geometry import angular_error_deg
from engine.prompt import parse
from engine.prompt.direction import DirectionReading
from engine.prompt.evaluation import calibration, evaluate, load_cases, score_case
from engine.prompt.motion import MotionContext, MotionReading, MotionRegistry
from engine.spatial_path import Keyframe

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "prompts"
BRIEF_SETS = sorted(DATA_DIR.glob("brief_*.jsonl"))


def _p(text):
    return parse(text, use_embedding=False)


def _err(text, az, el=0.0, t=0.0):
    k = _p(text).path.at(t)
    return float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el))


def test_the_brief_sets_are_there_and_large_enough():
    assert len(BRIEF_SETS) >= 6
    cases = [c for f in BRIEF_SETS for c in load_cases(f)]
    assert len(cases) >= 150
    assert len({c["t"] for c in cases}) == len(cases)
    for f in BRIEF_SETS:  # every set records its first look in its header
        assert "First look" in f.read_text(encoding="utf-8").split("{", 1)[0]


def test_the_brief_sets_meet_the_target():
    cases = [c for f in BRIEF_SETS for c in load_cases(f)]
    _, s = evaluate(cases, [_p(c["t"]) for c in cases])
    assert s.direction_accuracy >= 0.95
    assert s.accuracy >= 0.95
    assert s.median_angular_error_deg < 5.0


# ------------------------------------------------------------------ hemispheres


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("behind me, 30 degrees to the left, 20 degrees up", 150, 20),
        ("behind you, 25 degrees to the right of centre", -155, 0),
        ("in front, 40 degrees left", 40, 0),  # the front hemisphere is the default
        ("30 degrees to the left", 30, 0),
        ("to my left, 20 degrees behind", 110, 0),
        ("above me, tilted 30 degrees towards the front", 0, 60),
        ("below me, 30 degrees toward my left", 90, -60),
    ],
)
def test_degrees_are_read_from_the_hemisphere_the_sentence_sets_up(text, az, el):
    assert _err(text, az, el) < 1.0


# ------------------------------------------------------------------ nearness


def test_close_to_the_mic_is_close_to_the_head_and_in_front():
    start = _p("close to the mic").path.start
    assert start.distance_m < 0.5 < 1.5
    assert abs(start.azimuth_deg) < 1.0
    assert _p("a voice close to the mic, on the left").path.start.azimuth_deg == pytest.approx(90)


@pytest.mark.parametrize(
    ("text", "az", "max_m"),
    [
        ("up against the left earcup", 90, 0.12),
        ("a click inside the right headphone", -90, 0.12),
        ("at the tip of my nose", 0, 0.2),
        ("just off my right shoulder", -90, 0.5),
    ],
)
def test_body_and_gear_references_carry_a_distance(text, az, max_m):
    start = _p(text).path.start
    assert start.distance_m <= max_m
    assert abs(float(angular_error_deg(start.azimuth_deg, 0.0, az, 0.0))) < 1.0


# ------------------------------------------------------------------ compass


def test_a_compass_bearing_turns_with_the_stated_facing():
    assert _err("to the north-east, we are facing north", -45) < 1.0
    assert _err("wolves howling due north while we face east", 90) < 1.0
    assert _err("bearing 090, facing north", -90) < 1.0
    p = _p("to the north-east, we are facing north")
    assert not any("north is ahead" in n for n in p.notes)


def test_a_compass_bearing_with_no_facing_assumes_north_ahead_and_says_so():
    p = _p("birds to the southeast")
    assert _err("birds to the southeast", -135) < 1.0
    assert any("north is ahead" in n for n in p.notes)
    assert p.label == "birds"


# ------------------------------------------------------------------ venues


def test_the_back_of_the_stage_from_the_front_row_is_ahead_right_and_further():
    start = _p("back right of the stage, we are in the front row").path.start
    assert -45.0 < start.azimuth_deg < -10.0  # right, ahead: not behind the listener
    assert start.distance_m > 5.0
    near = _p("the actor downstage centre, we're in the front row").path.start
    far = _p("the actor downstage centre, we're in row 20").path.start
    assert far.distance_m > near.distance_m


def test_stage_directions_are_the_performers_and_house_sides_the_audiences():
    assert _p("the chorus upstage left").path.start.azimuth_deg < 0  # the audience's right
    assert _p("a door slams house left").path.start.azimuth_deg > 45


def test_a_seat_statement_is_not_a_second_source():
    p = _p("the conductor on the podium straight ahead, we're in the front row")
    assert len(p.sources) == 1


# ------------------------------------------------------------------ clock codes


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("at your six", 180, 0),
        ("check six, footsteps", 180, 0),
        ("eight o'clock high", 120, 30),
        ("gunfire on your nine", 90, 0),
        ("the dog is at my 6", 180, 0),
    ],
)
def test_aviation_clock_codes(text, az, el):
    assert _err(text, az, el) < 1.0


# ------------------------------------------------------------------ doubt


def test_somewhere_over_there_is_front_3_m_with_a_note_in_the_users_words():
    p = _p("somewhere over there")
    assert p.placed
    assert p.path.start.azimuth_deg == pytest.approx(0.0)
    assert p.path.start.distance_m == pytest.approx(3.0)
    assert "'somewhere over there': assumed front, 3 m" in p.notes


@pytest.mark.parametrize(
    ("vague", "plain"),
    [
        ("maybe on the right?", "on the right"),
        ("somewhere behind", "behind"),
        ("on the left and also on the right", "on the left"),
        ("close but also far away", "close"),
        ("on my left at 3 o'clock", "on my left"),
    ],
)
def test_vague_or_contradictory_prompts_are_less_confident(vague, plain):
    assert _p(vague).confidence < _p(plain).confidence - 0.1


def test_a_contradiction_note_quotes_both_words():
    p = _p("on my left at 3 o'clock")
    assert p.path.start.azimuth_deg == pytest.approx(90.0)  # the first named wins
    assert any("3 o'clock" in n and "left" in n for n in p.notes)


# ------------------------------------------------------------------ motion (issue 17)


def test_a_motion_over_my_head_to_the_left_is_a_path_not_a_place():
    p = _p("the bell slowly moves over my head to the left")
    assert p.motion == "right-to-left"
    assert _err("the bell slowly moves over my head to the left", -90, 0, t=0.0) < 1.0
    assert _err("the bell slowly moves over my head to the left", 0, 90, t=0.5) < 1.0
    assert _err("the bell slowly moves over my head to the left", 90, 0, t=1.0) < 1.0
    assert any(n.startswith("start not given") for n in p.notes)
    # the assumed start costs confidence against a path whose start is named
    named = _p("the bell slowly moves from my right over my head to the left")
    assert p.confidence < named.confidence


def test_a_path_with_a_start_and_a_via_point_keeps_its_start():
    text = "the bell moves from behind right over my head to the left"
    assert _err(text, -135, 0, t=0.0) < 1.0
    assert _err(text, 0, 90, t=0.5) < 1.0
    assert _err(text, 90, 0, t=1.0) < 1.0


def test_a_fly_over_to_a_side_starts_on_the_other_side():
    p = _p("a drone flies over my head to the right")
    assert p.motion == "left-to-right"
    assert len(_p("a bird flies up and over me to land behind me").sources) == 1


def test_the_motion_registry_returns_the_first_reading_in_priority_order():
    reg = MotionRegistry()
    kf = (Keyframe(0.0, 0.0, 0.0, 1.0),)
    calls = []

    @reg(None)
    def _never(m, ctx):
        calls.append("never")
        return None

    @reg(__import__("re").compile(r"\bgo\b"), every_match=True)
    def _go(m, ctx):
        calls.append(m.start())
        return MotionReading("moving", kf, (m.span(),)) if m.start() > 0 else None

    ctx = MotionContext("go and go", DirectionReading(None, None, None, ()), 1.5, False)
    reading = reg.read(ctx)
    assert reading is not None and reading.spans == ((7, 9),)
    assert calls == ["never", 0, 7]


# ------------------------------------------------------------------ scoring


def test_scoring_checks_confidence_bounds_and_notes():
    p = _p("somewhere over there")
    assert score_case({"t": "x", "az": 0, "cmax": 0.8, "note": "assumed"}, p).passed
    assert not score_case({"t": "x", "az": 0, "cmax": 0.3}, p).passed
    assert not score_case({"t": "x", "az": 0, "note": "no such words"}, p).passed
    assert not score_case({"t": "x", "az": 0, "cmin": 0.99}, p).passed


def test_calibration_counts_each_placed_case_once():
    cases = [
        {"t": "a dog on the left", "az": 90},
        {"t": "maybe on the right?", "az": 90},  # wrong on purpose
        {"t": "a dog barking", "placed": False},
    ]
    placements = [_p(c["t"]) for c in cases]
    results, _ = evaluate(cases, placements)
    bands = calibration(results, placements)
    assert sum(b.n_cases for b in bands) == 2
    top = next(b for b in bands if b.low <= placements[0].confidence < b.high or b.high >= 1.0)
    assert top.n_cases >= 1
    filled = [b.accuracy for b in bands if b.n_cases]
    assert np.nanmin(filled) == 0.0 and np.nanmax(filled) == 1.0


# ------------------------------------------------------------------ blind brief sets

BLIND_BRIEF_SETS = sorted(DATA_DIR.glob("holdout*_briefs.jsonl"))


def test_every_blind_brief_set_records_its_first_look():
    assert len(BLIND_BRIEF_SETS) >= 5
    for f in BLIND_BRIEF_SETS:
        header = f.read_text(encoding="utf-8").split("{", 1)[0]
        assert "First look" in header and "within tolerance" in header


@pytest.mark.parametrize("path", BLIND_BRIEF_SETS, ids=lambda p: p.stem)
def test_no_blind_brief_set_falls_far_below_the_target(path):
    """Written by people who never read the parser (issue 16's fresh sets). A newly scored
    set may sit a little under the target; none may fall below 90% or lose the median."""
    cases = load_cases(path)
    assert len(cases) >= 90
    _, s = evaluate(cases, [_p(c["t"]) for c in cases])
    assert s.direction_accuracy >= 0.90
    assert s.median_angular_error_deg < 5.0


def test_the_blind_brief_sets_together_meet_the_target():
    """Issue 16's target over every fresh set together: >= 95% of directions within
    tolerance, median angular error < 5 deg."""
    cases = [c for f in BLIND_BRIEF_SETS for c in load_cases(f)]
    _, s = evaluate(cases, [_p(c["t"]) for c in cases])
    assert s.direction_accuracy >= 0.95
    assert s.median_angular_error_deg < 5.0
