"""Self-corrections ("no, the right", "actually", "wait no", "or actually", heights and
distances taken back), hedges and both-sides doubt (lower confidence, same side), and open
positions ("anywhere", "not fussy", "not sure exactly where").

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import first_keyframe, parse_one, start_error_deg

from engine.prompt import parse


@pytest.mark.parametrize(
    "text",
    [
        "somewhere on the left, could be front or back",
        "footsteps on the left, either in front or behind, can't tell",
        "escape-room cue: chains to the left, front or back doesn't matter",
        "hey assistant, play rain on my left, might be behind or in front",
    ],
)
def test_an_axis_named_both_ways_keeps_the_side_and_lowers_confidence(text):
    p = parse_one(text)
    k = p.path.start
    assert abs(k.azimuth_deg - 90) < 1.0
    assert p.confidence < 0.85


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("ghost ride: a whisper a hand's breadth from the rider's left cheek", 60, 0),
        ("drone foley: rotor whine just above my head", 0, 90),
        ("sports broadcast: commentator right on the mic, a touch to the left", 20, 0),
        (
            "hey assistant, play the waves somewhere to my right, could be in front or behind",
            -90,
            0,
        ),
        ("AR sound walk: church bells to the north-east, we face north", -45, 0),
        ("escape room: the clock ticks somewhere behind, maybe left, maybe right", 180, 0),
        ("crowd behind us, left or right I can't tell", 180, 0),
        ("far off to the... right, I guess", -90, 0),
    ],
)
def test_neighbouring_wordings_from_other_users(text, az, el):
    assert start_error_deg(parse_one(text), az, el) < 1.0


def test_both_sides_named_costs_confidence():
    sure = parse_one("the clock ticks behind").confidence
    assert parse_one("the clock ticks behind, maybe left, maybe right").confidence < sure


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("Bells from the east - sorry, west - we're facing north", 90),
        ("horn from the north, no wait, the south; facing north", 180),
        ("Sniper at my seven - no, my five", -150),
        ("Gunfire at my two, no, my ten", 60),
        ("contact at my nine o'clock - no, eight o'clock", 120),
    ],
)
def test_the_last_of_a_self_correction_wins_with_lowered_confidence(text, az):
    p = parse_one(text)
    assert start_error_deg(p, az) < 15.0
    assert p.confidence <= 0.8


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("kinda up and to the right? not sure", -90, 45),
        ("sort of up and to the left, not sure", 90, 45),
        ("possibly left, possibly front-left", 60, 0),
        ("maybe right, maybe front-right", -60, 0),
    ],
)
def test_a_hedged_place_is_one_source_with_low_confidence(text, az, el):
    p = parse_one(text)
    assert start_error_deg(p, az, el) < 30.0
    assert p.confidence <= 0.8


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a murmur, front left maybe? actually front right", -45.0),
        ("a hum on the left. actually, on the right", -90.0),
        ("birdsong behind me; actually in front", 0.0),
    ],
)
def test_a_correction_with_actually_wins(text, az):
    assert start_error_deg(parse_one(text), az) < 10.0


@pytest.mark.parametrize(
    ("text", "el"),
    [
        ("up, I mean down", -90.0),
        ("down, no wait, up", 90.0),
        ("Up. Sorry, down", -90.0),
    ],
)
def test_a_bare_height_taken_back(text, el):
    p = parse_one(text)
    assert abs(p.path.start.elevation_deg - el) < 15.0
    assert p.confidence <= 0.8


def test_a_hesitation_between_sides_keeps_the_height():
    p = parse_one("High up on the left, or was it the right? Let's say left")
    k = p.path.start
    assert k.azimuth_deg > 45.0 and k.elevation_deg > 30.0


@pytest.mark.parametrize(
    "text",
    [
        "I don't really care where the rain goes",
        "the hum can go anywhere, I don't much mind",
        "traffic noise, position doesn't really matter",
        "wind, not too fussy where",
    ],
)
def test_an_open_position_is_front_with_a_note(text):
    p = parse_one(text)
    assert p.confidence <= 0.7
    assert any("assumed" in n for n in p.notes), p.notes
    assert abs(p.path.start.azimuth_deg) < 1.0


def test_not_fussy_keeps_the_side_but_lowers_the_confidence():
    p = parse_one("somewhere to the right, not fussy")
    assert start_error_deg(p, -90.0) < 30.0
    assert p.confidence <= 0.7


def test_not_sure_exactly_where_is_a_guess():
    p = parse_one("somewhere behind, not sure exactly where")
    assert start_error_deg(p, 180.0) < 30.0
    assert p.confidence <= 0.7


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("on my right, wait no, straight behind", 180.0),
        ("a cricket to the left, wait, no, to the right", -90.0),
        ("rain behind us, or actually off to the left", 90.0),
    ],
)
def test_taken_back_direction_uses_the_later_one(text: str, az: float) -> None:
    got_az, _, _ = first_keyframe(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 15.0
    assert parse(text).confidence < 0.9


def test_or_actually_drops_the_height_taken_back() -> None:
    _, el, _ = first_keyframe("way overhead, or actually more to the front at ear level")
    assert abs(el) <= 15.0


def test_a_taken_back_distance_uses_the_later_one() -> None:
    az, _, dist = first_keyframe(
        "faint and far on the right... scratch that, right up close on the right"
    )
    assert abs(az + 90.0) <= 15.0
    assert dist < 1.0
    _, _, dist = first_keyframe("a gong up close in front, no wait, far off in front")
    assert dist > 4.0


def test_a_confirmation_after_a_correction_is_not_a_second_source() -> None:
    p = parse("the narrator on my left, no, the right, the right is correct")
    assert len(p.sources) == 1
    assert abs(p.sources[0].path.keyframes[0].azimuth_deg + 90.0) <= 15.0
    assert "correct" not in p.sources[0].label
