"""Compass wordings: offsets from a compass point, bare points after a noun, bearings "of the
player" / "on the X side" / of "here" or "camp", and a bare point after a motion verb
that is no position.

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import first_keyframe, parse_one, parse_text, start_error_deg


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("facing north, the church bells 30 degrees east of north", -30),
        ("we face south; a foghorn 20 degrees west of south", -20),
        ("cowbell 10 deg north of east, we face north", -80),
        ("heading west, drone 45 degrees south of west", 45),
        ("curlew west-south-west", 112.5),
        ("AR walk cue: blackbird north-east, far", -45),
        ("skylark NNE", -22.5),
    ],
)
def test_compass_offsets_and_bare_points(text, az):
    assert start_error_deg(parse_one(text), az) < 1.0


def test_a_bare_point_after_a_motion_verb_is_no_position():
    p = parse_text("the drone is heading north")
    assert not any(abs(s.path.start.azimuth_deg) < 1 for s in p.sources) or not p.placed


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("surf on the north-east side of the island, no facing given", -45.0),
        ("wind on the west side of the hill", 90.0),
        ("the waterfall is north-west of the player, who's looking east", 135.0),
        ("a bell south of the visitor, who faces west", 90.0),
        ("the clock tower is south-west of the gallery; the visitor faces north", 135.0),
    ],
)
def test_compass_bearings_of_the_listener_or_on_a_side(text, az):
    assert start_error_deg(parse_one(text), az) < 10.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a cowbell north-east of here", -45.0),  # no facing: north assumed ahead
        ("a fox south of camp, the player faces west", 90.0),
    ],
)
def test_compass_point_of_here_or_camp(text: str, az: float) -> None:
    got_az, _, _ = first_keyframe(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 5.0
