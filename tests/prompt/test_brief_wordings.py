"""Neighbouring wordings of the issue-16 classes, written for these tests (not taken from
the data sets): clock codes, hemispheres with angles, compass bearings with a facing."""

import pytest
from wording_checks import parse_placed, parse_text, start_error_deg

from engine.prompt import parse


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("bandit, four o'clock low", -120, -30),
        ("contact on our three", -90, 0),
        ("rustling at my 5", -150, 0),
        ("a dog barks at half past one", -45, 0),
        ("a bell at quarter past two", -67.5, 0),
        ("a whistle at a quarter to twelve", 7.5, 0),
        ("sniper at 2 o'clock high", -60, 30),
    ],
)
def test_clock_codes(text, az, el):
    assert start_error_deg(parse_placed(text), az, el) < 1.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("in the rear hemisphere, 40 degrees right of straight behind", -140, 0),
        ("in the upper hemisphere, 30 degrees above the horizon, to the left", 90, 30),
        ("behind me, up 40 degrees", 180, 40),
        ("slightly behind the right side", -110, 0),
        ("just in front of the left side", 70, 0),
        ("10 degrees behind the left side", 100, 0),
    ],
)
def test_hemisphere_and_side_references(text, az, el):
    assert start_error_deg(parse_placed(text), az, el) < 1.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("with north ahead, a horn to the south-east", -135),
        ("east is straight ahead of us; a gong to the north", 90),
        ("we're pointed northeast, church bells to the east", -45),
        ("our backs are to the north; a train to the east", 90),
        ("north is behind us, church bells to the west", -90),
        ("north is to our left; a horn from the south", -90),
        ("we're looking due east and the siren is southeast", -45),
        ("an owl in the NE, we're facing N", -45),
        ("our heading is north, the river lies east of us", -90),
    ],
)
def test_compass_with_a_facing_in_other_words(text, az):
    assert start_error_deg(parse_placed(text), az) < 1.0
    assert not any("no facing" in n for n in parse_text(text).notes)


def test_a_frame_clause_is_not_a_second_source():
    p = parse_text("in the front hemisphere, 60 degrees to the left, a gull")
    assert len(p.sources) == 1


def test_spec_style_fields_are_one_source():
    p = parse(
        "Game spec: enemy footsteps, azimuth 135, elevation 0, distance 5 m", use_embedding=False
    )
    assert len(p.sources) == 1
    assert p.path.start.azimuth_deg == pytest.approx(135.0)
    assert p.path.start.distance_m == pytest.approx(5.0)
    q = parse_text("a helicopter passes overhead, camera facing forward")
    assert len(q.sources) == 1


def test_an_earpiece_is_at_the_ear():
    k = parse_text("radio comms in the left earpiece only").path.start
    assert k.azimuth_deg == pytest.approx(90.0) and k.distance_m < 0.2


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("rear hemisphere, 30 degrees off the left side", 120, 0),
        ("30 degrees off the right side, in front", -60, 0),
        ("directly behind, up 30", 180, 30),
        ("30 degrees back from straight up", 180, 60),
        ("45 degrees off vertical, to the left", 90, 45),
        ("a hum 20 degrees from the nadir, towards the front", 0, -70),
    ],
)
def test_angles_from_the_side_axis_and_bare_elevations(text, az, el):
    assert start_error_deg(parse_placed(text), az, el) < 1.0


def test_a_bare_hour_at_the_end_is_a_clock_position_unless_a_time_is_meant():
    p = parse_text("a wind chime at 11")
    assert start_error_deg(parse_placed("a wind chime at 11"), 30) < 1.0
    assert any("clock position" in n for n in p.notes)
    assert p.confidence < parse_text("a wind chime at 11 o'clock").confidence
    for text in ("the alarm goes off at 7", "the bass drops at 1:30", "dinner at 8"):
        assert not parse_text(text).placed
