"""Clauses that refine one source's place, clock codes, self-corrections (issue #16)."""

from __future__ import annotations

import pytest

from engine.geometry import angular_error_deg
from engine.prompt import parse


def _p(text):
    return parse(text, use_embedding=False)


def _err(text, az, el=0.0):
    start = _p(text).sources[0].path.start
    return angular_error_deg(start.azimuth_deg, start.elevation_deg, az, el)


@pytest.mark.parametrize(
    "text",
    [
        "a cello on the left side of the stage; we sit in row c",
        "snare from downstage left, heard from the back row",
        "a bell rings at the far end of the nave, behind the pews",
        "the organ straight ahead, our seat is in the balcony",
        "rain on the left, tilted 20 degrees toward the front",
    ],
)
def test_a_clause_refining_the_place_is_not_a_second_source(text):
    assert len(_p(text).sources) == 1


def test_a_facing_with_look_out_to_turns_compass_bearings():
    # facing south, the east is on the left
    assert _err("we look out to the south; a foghorn sounds from the east", 90) < 1.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("incoming on our six", 180, 0),
        ("a bell at half past two", -75, 0),
        ("contact at four, 300 metres", -120, 0),
        ("bandit at ten, high", 60, 30),
    ],
)
def test_more_clock_codes(text, az, el):
    assert _err(text, az, el) < 1.0


def test_a_bare_hour_without_distance_or_height_is_not_a_clock_position():
    assert not _p("we meet at ten").placed


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("a cough right behind me, no, right in front", 0, 0),
        ("a beep at 80 degrees right, well, maybe more like 50", -50, 0),
        ("the fan is below... above? let's say above", 0, 90),
    ],
)
def test_self_corrections_use_the_later_direction_with_less_confidence(text, az, el):
    assert _err(text, az, el) < 1.0
    assert _p(text).confidence <= 0.8


def test_degrees_off_to_a_side_from_behind_is_not_a_motion():
    p = _p("a hum from behind me, about 30 degrees off to the left")
    assert p.sources[0].motion == "static"
    assert abs(p.sources[0].path.start.azimuth_deg - 150) < 1.0


@pytest.mark.parametrize(
    "text",
    ["a hum far away, position unclear", "a bell, no idea where", "a knock, impossible to say"],
)
def test_saying_the_direction_is_unknown_costs_confidence(text):
    assert _p(text).confidence <= 0.7


@pytest.mark.parametrize(
    ("text", "az"),
    [("a buzzer in my right jeans pocket", -90), ("a torch clipped at my left hip", 90)],
)
def test_hip_and_pocket_are_low_at_the_side_within_reach(text, az):
    assert _err(text, az, -70) < 1.0
    assert _p(text).sources[0].path.start.distance_m < 1.0
