"""Venue wordings: seats and rows, the listener on stage facing the audience, stage areas
and lofts, sides of the conductor, stage sides (the performer's) and house sides (the
audience's), offstage, ends of the room, and seat clauses that are not sources.

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import parse_one, start_error_deg


@pytest.mark.parametrize(
    ("text", "az", "el", "tol"),
    [
        # stage areas are the performer's: down left = downstage, audience's right
        ("kettle whistle down left on stage, we're in the middle of the stalls", -25, 0, 15),
        ("on stage, up right: a door creaks, we sit in row 5", 20, 0, 15),
        ("choir from the loft above the stage, we're in the stalls", 0, 25, 20),
        ("orchestral seating: brass in the loft over the stage, we sit in row 10", 0, 25, 20),
        ("upstage, on the right as we look at it, from the front row", -25, 0, 15),
    ],
)
def test_stage_areas_and_a_loft_over_the_stage(text, az, el, tol):
    assert start_error_deg(parse_one(text), az, el) < tol


@pytest.mark.parametrize(
    "text",
    [
        "lectern is stage left; I'm dead centre in row 2",
        "audience-left side of the stage, front row",
        "escape-room host voice on the audience's right side of the stage, back row",
    ],
)
def test_a_seat_after_a_stage_place_is_not_a_second_source(text):
    parse_one(text)


def test_down_left_without_a_stage_is_still_below_left():
    k = parse_one("a drip, down left").path.start
    assert k.elevation_deg < 0 and k.azimuth_deg > 0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("First violins on the conductor's left - listener is the conductor on the podium", 45),
        ("Violas to the conductor's right, heard from the podium", -45),
        (
            "Harp at the front of the stage on the conductor's left-hand side; we're the conductor",
            45,
        ),
        ("Cellos on the conductor's right side, mic on the podium", -45),
    ],
)
def test_a_side_of_the_conductor_is_the_front_quarter_of_that_side(text, az):
    assert start_error_deg(parse_one(text), az) < 20.0


@pytest.mark.parametrize(
    ("text", "az", "tol"),
    [
        ("Narrator downstage centre, right at the lip of the stage, we're in the front row", 0, 20),
        ("Solo voice downstage centre, right on the edge of the stage; we sit front row", 0, 20),
        (
            "Prompter whispering from the prompt corner, downstage left; we're centre front row",
            -50,
            30,
        ),
        ("Bell downstage right, we're dead centre front row", 50, 30),
    ],
)
def test_a_front_row_seat_hears_downstage_places(text, az, tol):
    assert start_error_deg(parse_one(text), az) < tol


def test_the_back_of_the_stage_on_a_side_of_the_conductor_is_nearer_the_centre_line():
    p = parse_one(
        "Horn section at the back of the stage on the conductor's left; we're the conductor"
    )
    assert 15.0 < p.path.start.azimuth_deg < 45.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("Offstage phone rings house left, we're sitting centre stalls", 40),
        ("a door slams offstage house right, we're in the front row", -50),
    ],
)
def test_offstage_on_a_house_side_is_that_side_of_the_stage(text, az):
    assert start_error_deg(parse_one(text), az) < 30.0


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kid's toy rattling in my lap (I'm seated)", "kid's toy rattling"),
        ("bell on the left (we are in row C)", "bell"),
    ],
)
def test_a_bracketed_seat_statement_is_not_part_of_the_label(text, label):
    assert parse_one(text).sources[0].label == label


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
    p = parse_one(text)
    assert start_error_deg(p, az) < tol


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("house left near the stage, heard from row 1", 35.0),
        ("the harp is house right, we sit front row centre", -35.0),
        ("a cough, house right close to the stage; we're in row 2", -35.0),
    ],
)
def test_house_side_near_the_stage_from_a_front_seat(text, az):
    p = parse_one(text)
    assert start_error_deg(p, az) < 20.0


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
    p = parse_one(text)
    assert start_error_deg(p, az, el) < 25.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a door slam at the back of the hall on the house left side; we sit mid-house", 146.0),
        ("a cough at the front of the hall, house right; we sit mid-house", -34.0),
    ],
)
def test_an_end_of_the_room_on_a_house_side_is_that_corner(text, az):
    p = parse_one(text)
    assert start_error_deg(p, az) < 15.0


def test_a_part_of_a_room_is_not_the_room_heard() -> None:
    from engine.prompt.rooms import find_room

    assert find_room("a fan whirring in the corner of the gymnasium")[0] is None
    assert find_room("a fan whirring in the gymnasium")[0] == "large hall"
