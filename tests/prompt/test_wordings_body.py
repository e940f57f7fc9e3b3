"""Wordings of nearness and body anchors: near words and distance ranges, above the head,
shoulders, ears and earpieces, worn gear, a rider in a vehicle, a named listener's back,
and verb particles ("set down").

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import first_keyframe, parse_one, start_error_deg


@pytest.mark.parametrize(
    ("text", "lo_m", "hi_m"),
    [
        ("a hand's breadth from my right cheek", 0.1, 0.16),
        ("whisper, ASMR distance, to my left", 0.1, 0.2),
        ("podcast VO: right on the mic, ASMR close, slightly right", 0.1, 0.2),
        ("the crooner leans in, lips almost touching it", 0.06, 0.15),
        ("a wasp hovering just above my head", 0.2, 0.4),
        ("AR walk: a drone buzzing just over your head", 0.2, 0.4),
        ("ghost train: cold breath on the back of the rider's neck", 0.08, 0.2),
        ("escape room: a whisper on the back of the player's neck", 0.08, 0.2),
    ],
)
def test_near_words_are_near(text, lo_m, hi_m):
    assert lo_m <= parse_one(text).path.start.distance_m <= hi_m


def test_just_above_the_head_is_up_and_plain_above_keeps_the_default_distance():
    p = parse_one("a bee hovering just above my head")
    assert p.path.start.elevation_deg > 60
    assert parse_one("helicopter above my head").path.start.distance_m > 1.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("Installation spec: speaker image behind the visitor, 50 degrees to their right", -130),
        ("theme park: ghost voice behind the rider, 40 degrees to their left", 140),
    ],
)
def test_behind_a_named_listener_is_behind_the_listener(text, az):
    assert start_error_deg(parse_one(text), az) < 1.0


def test_left_side_only_in_headphones_is_at_the_left_ear():
    p = parse_one("Shutter click inside my headphones, left side only")
    k = p.path.start
    assert start_error_deg(p, 90) < 15.0
    assert k.distance_m < 0.3


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("Glass clink at my right shoulder", -90),
        ("a bell tinkles at your left shoulder", 90),
    ],
)
def test_at_a_shoulder_is_on_it_below_the_ear(text, az):
    p = parse_one(text)
    k = p.path.start
    assert start_error_deg(p, az) < 30.0
    assert k.elevation_deg <= -15.0
    assert k.distance_m < 0.5


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("Ride cue 3: steam hiss from behind the car, 25 degrees right of centre", -155),
        ("dark ride: chain clank behind the cart, 30 degrees left of centre", 150),
        ("steam hiss from behind the car", 180),
        ("horn in front of the bus, slightly left", 20),
    ],
)
def test_the_rider_sits_in_the_vehicle(text, az):
    assert start_error_deg(parse_one(text), az) < 15.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("SFX: teacup set down in front of us, 20 degrees to the left", 20.0, 0.0),
        ("a mug put down on my right", -90.0, 0.0),
        ("parrot squawk from the left shoulder, perched", 90.0, -20.0),
        ("a whisper on the right shoulder", -90.0, -20.0),
    ],
)
def test_verb_particles_and_shoulders(text, az, el):
    assert start_error_deg(parse_one(text), az, el) < 10.0


def test_set_down_on_a_table_is_still_below():
    p = parse_one("a glass put down on the table to my right")
    assert p.path.start.elevation_deg < -10.0


def test_a_shoulder_is_near():
    assert parse_one("parrot squawk from the left shoulder, perched").path.start.distance_m < 0.5


@pytest.mark.parametrize(
    ("text", "d"),
    [
        ("in front, a fair way off, maybe 10 metres, maybe 20", 15.0),
        ("behind me, somewhere between 4 and 8 metres", 6.0),
        ("on the left, 10 to 20 m away", 15.0),
        ("far off to the right, about 30 metres", 30.0),
    ],
)
def test_distance_ranges_and_numbers_over_words(text, d):
    p = parse_one(text)
    assert abs(p.path.start.distance_m - d) / d < 0.2


@pytest.mark.parametrize(
    ("text", "az", "el", "d_max"),
    [
        ("a moth fluttering a couple of inches from my chin", 0.0, -30.0, 0.25),
        ("a gnat an inch from my nose", 0.0, 0.0, 0.25),
        ("heartbeat from my own chest", 0.0, -50.0, 0.5),
        ("a rumble from inside my own stomach", 0.0, -60.0, 0.7),
        ("A voice at arm's length, just to my right", -90.0, 0.0, 1.0),
        ("a whisper just on my left, very close", 90.0, 0.0, 1.0),
    ],
)
def test_nearness_to_the_body(text, az, el, d_max):
    p = parse_one(text)
    assert start_error_deg(p, az, el) < 20.0
    assert p.path.start.distance_m <= d_max


@pytest.mark.parametrize(
    "text",
    [
        "static hiss in the headset, left ear only",
        "the creak of the headphone band as I nod",
        "a click of my headset mic, on the right",
    ],
)
def test_worn_gear_is_at_the_head(text: str) -> None:
    _, _, dist = first_keyframe(text)
    assert dist <= 0.3


def test_a_named_side_of_a_middle_body_point() -> None:
    az, el, dist = first_keyframe("a mosquito whining at the right side of my neck")
    assert abs(az + 90.0) <= 15.0
    assert -45.0 <= el <= 0.0
    assert dist <= 0.3


def test_one_earpiece_only_is_at_that_ear() -> None:
    az, _, dist = first_keyframe("a metronome click, right ear cup only")
    assert abs(az + 90.0) <= 15.0
    assert dist <= 0.2
