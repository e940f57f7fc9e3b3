"""Moving-source wordings: a pass at a bearing or angle is the sound at that place, a pass
on a side with no angle and compass or centre-to-side end points still make a path.

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import parse_one, parse_text, start_error_deg


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("We face east. Train passing to the north.", 90),
        ("reel 3 spotting - car pass-by, rear, 30 degrees to the right of straight back", -150),
        ("sports broadcast: the peloton whooshing past, 60 degrees left", 60),
        ("facing south, a tram rumbling past to the west", -90),
    ],
)
def test_a_pass_at_a_bearing_or_angle_is_the_sound_at_that_place(text, az):
    p = parse_one(text)
    assert p.sources[0].motion == "static"
    assert start_error_deg(parse_one(text), az) < 1.0


def test_a_pass_on_a_side_with_no_angle_is_still_a_path():
    p = parse_one("a truck passes by on my left")
    assert p.sources[0].motion == "front-to-back"


@pytest.mark.parametrize(
    ("text", "motion"),
    [
        ("facing north, a train passing from the north to the south", "front-to-back"),
        ("we face north; a drone flies from the west to the east", "left-to-right"),
    ],
)
def test_compass_end_points_make_a_path(text, motion):
    assert parse_one(text).sources[0].motion == motion


def test_a_movement_from_the_centre_to_the_right_still_moves():
    p = parse_text("a car moving from the centre to the right")
    assert p.sources[0].motion != "static"
