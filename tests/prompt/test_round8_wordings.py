"""Round-8 wordings of the issue-16 classes, written for these tests (not taken from the
data sets): the listener on stage facing the audience (stage sides are the performer's,
house sides the audience's), house sides near the stage from a front seat, "behind and
above our seats", bare heights taken back ("up, I mean down"), open positions ("not
fussy"), distance ranges, and nearness to the face and chest."""

import pytest

from engine.geometry import angular_error_deg
from engine.prompt import parse


def _one(text):
    p = parse(text, use_embedding=False)
    assert p.placed, p.reason
    assert len(p.sources) == 1, [s.label for s in p.sources]
    return p


def _err(p, az, el=0.0):
    k = p.path.start
    return float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el))


@pytest.mark.parametrize(
    ("text", "az", "tol"),
    [
        (
            "I'm on stage centre facing the audience, a phone rings in the stage-right wing",
            -90.0,
            25.0,
        ),
        ("we're centre stage facing the house; a door slams in the stage left wings", 90.0, 25.0),
        (
            "I'm the actor at the front of the stage facing the audience, a sneeze from house right",
            30.0,
            30.0,
        ),
        (
            "I'm the performer on the edge of the stage, looking out at the audience; a cough, house left",
            -30.0,
            30.0,
        ),
        ("the actor is centre stage facing the audience, thunder from upstage", 180.0, 25.0),
        (
            "Alarm in the wings stage right, performer's perspective facing the audience",
            -90.0,
            25.0,
        ),
        (
            "Player is on stage, centre, facing the crowd; a shout from the back row of the audience",
            0.0,
            20.0,
        ),
    ],
)
def test_listener_on_stage_facing_the_audience(text, az, tol):
    p = _one(text)
    assert _err(p, az) < tol


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("house left near the stage, heard from row 1", 35.0),
        ("the harp is house right, we sit front row centre", -35.0),
        ("a cough, house right close to the stage; we're in row 2", -35.0),
    ],
)
def test_house_side_near_the_stage_from_a_front_seat(text, az):
    p = _one(text)
    assert _err(p, az) < 20.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("someone coughing, behind and above our seats", 180.0, 45.0),
        ("a creak in the gallery, which is behind and above our seats", 180.0, 35.0),
        (
            "applause from the back row of the audience; we're on stage looking out at the crowd",
            0.0,
            0.0,
        ),
    ],
)
def test_venue_heights_and_rows(text, az, el):
    p = _one(text)
    assert _err(p, az, el) < 25.0


@pytest.mark.parametrize(
    ("text", "el"),
    [
        ("up, I mean down", -90.0),
        ("down, no wait, up", 90.0),
        ("Up. Sorry, down", -90.0),
    ],
)
def test_a_bare_height_taken_back(text, el):
    p = _one(text)
    assert abs(p.path.start.elevation_deg - el) < 15.0
    assert p.confidence <= 0.8


def test_a_hesitation_between_sides_keeps_the_height():
    p = _one("High up on the left, or was it the right? Let's say left")
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
    p = _one(text)
    assert p.confidence <= 0.7
    assert any("assumed" in n for n in p.notes), p.notes
    assert abs(p.path.start.azimuth_deg) < 1.0


def test_not_fussy_keeps_the_side_but_lowers_the_confidence():
    p = _one("somewhere to the right, not fussy")
    assert _err(p, -90.0) < 30.0
    assert p.confidence <= 0.7


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
    p = _one(text)
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
    p = _one(text)
    assert _err(p, az, el) < 20.0
    assert p.path.start.distance_m <= d_max


def test_just_left_of_centre_is_still_a_little_left():
    p = _one("a bell just left of centre")
    assert 5.0 < p.path.start.azimuth_deg < 40.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a door slam at the back of the hall on the house left side; we sit mid-house", 146.0),
        ("a cough at the front of the hall, house right; we sit mid-house", -34.0),
    ],
)
def test_an_end_of_the_room_on_a_house_side_is_that_corner(text, az):
    p = _one(text)
    assert _err(p, az) < 15.0


def test_not_sure_exactly_where_is_a_guess():
    p = _one("somewhere behind, not sure exactly where")
    assert _err(p, 180.0) < 30.0
    assert p.confidence <= 0.7
