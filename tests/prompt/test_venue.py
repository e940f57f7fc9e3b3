"""Venue geometry (issue 16): positions in a theatre, hall, church or stadium are heard from
the listener's seat, so the same stage point moves as the seat moves."""

import pytest

from engine.prompt import parse
from engine.prompt.seat import find_seat


def _start(text):
    p = parse(text, use_embedding=False)
    assert p.placed, p.reason
    return p.path.start


@pytest.mark.parametrize(
    ("text", "kind", "row"),
    [
        ("a cello, we're in the front row", "front", 1),
        ("the tuba, our seats are in row 12", "row", 12),
        ("a flute, heard from row C", "row", 3),
        ("a clarinet; the listener sits in the fourth row", "row", 4),
        ("From the sound desk, the band", "desk", 0),
        ("a horn, we sit halfway down the hall", "middle", 0),
        ("we're up in the dress circle, a harp", "balcony", 0),
    ],
)
def test_seat_statements_in_many_wordings(text, kind, row):
    seat = find_seat(text.lower())
    assert seat is not None
    assert (seat.kind, seat.row) == (kind, row)


def test_a_stage_point_narrows_and_recedes_as_the_seat_moves_back():
    near = _start("a trombone stage right, we're in the front row")
    far = _start("a trombone stage right, we're in row 18")
    assert near.azimuth_deg > far.azimuth_deg > 0.0  # the audience's left, narrower
    assert far.distance_m > near.distance_m + 10.0


def test_upstage_is_further_than_downstage_and_on_the_stated_side():
    up = _start("the chorus upstage left, we're in row 4")
    down = _start("the chorus downstage left, we're in row 4")
    assert up.azimuth_deg < 0.0 and down.azimuth_deg < 0.0  # stage left = audience's right
    assert up.distance_m > down.distance_m + 3.0
    assert abs(down.azimuth_deg) > abs(up.azimuth_deg)


def test_the_audiences_side_of_the_stage_is_not_the_performers():
    assert _start("a piano on the right hand side of the stage").azimuth_deg < 0.0
    assert _start("a piano at stage right").azimuth_deg > 0.0


def test_the_wings_are_wider_than_the_stage():
    wing = _start("a prop crashes in the wings, stage left; we're in row 6")
    side = _start("a prop crashes stage left; we're in row 6")
    assert wing.azimuth_deg < side.azimuth_deg < 0.0


def test_from_the_podium_the_stage_spreads_wide():
    p = _start("the harp stage right, heard from the conductor's podium")
    assert 35.0 < p.azimuth_deg < 70.0
    assert p.distance_m < 8.0


def test_the_far_end_is_the_end_away_from_the_seat():
    front_row = _start("a door bangs at the far end of the auditorium, we sit in the front row")
    back_row = _start("the organ at the far end of the church; we're in the back pew")
    assert abs(front_row.azimuth_deg) > 170.0 and front_row.distance_m > 15.0
    assert abs(back_row.azimuth_deg) < 10.0 and back_row.distance_m > 15.0


def test_a_raised_seat_hears_the_stage_below():
    p = _start("we're in the upper circle; the tenor sings centre stage")
    assert -30.0 < p.elevation_deg < -5.0
    assert p.distance_m > 15.0


def test_lofts_and_booths_are_above_and_behind_the_congregation_or_audience():
    loft = _start("the choir sings from the choir loft, we're in the middle of the church")
    assert abs(loft.azimuth_deg) > 170.0 and 10.0 < loft.elevation_deg < 40.0
    assert parse("the choir sings from the choir loft in a church", use_embedding=False).room
    booth = _start("a fan whirring in the lighting booth, we're in the last row")
    assert abs(booth.azimuth_deg) > 170.0 and booth.elevation_deg > 30.0
    assert booth.distance_m < 6.0


def test_a_direction_relative_to_the_listener_beats_the_venue_model():
    # the prompt says where the balcony is from here; the model only adds its height
    p = _start("laughter in the balcony to my left, we're in the stalls")
    assert p.azimuth_deg == pytest.approx(90.0, abs=1.0)
    assert p.elevation_deg > 15.0


def test_stadium_scale_and_outdoors():
    p = parse(
        "fans singing at the other end of the stadium, we're behind the goal", use_embedding=False
    )
    assert p.room == "outdoors"
    assert p.path.start.distance_m > 60.0
    assert abs(p.path.start.azimuth_deg) < 10.0


def test_house_left_level_with_our_row_is_straight_to_the_left():
    level = _start("a flashlight clicks in house left, level with our row")
    assert level.azimuth_deg == pytest.approx(90.0, abs=1.0)
    assert 45.0 < _start("a flashlight clicks in house left").azimuth_deg < 90.0


def test_neighbouring_seats_and_rows_are_close():
    seats = _start("popcorn crunching two seats to my right")
    assert seats.azimuth_deg == pytest.approx(-90.0, abs=1.0) and seats.distance_m < 1.5
    row = _start("someone sniffing in the row behind us")
    assert abs(row.azimuth_deg) > 170.0 and row.distance_m < 1.5


def test_a_stage_path_keeps_its_from_and_to():
    p = parse("a dancer runs from stage left to stage right, we're in row 3", use_embedding=False)
    assert p.path.at(0.0).azimuth_deg < 0.0 < p.path.at(1.0).azimuth_deg


def test_no_seat_named_says_so_and_costs_confidence():
    p = parse("a trumpet upstage right", use_embedding=False)
    q = parse("a trumpet upstage right, we're in row 5", use_embedding=False)
    assert any("no seat named" in n for n in p.notes)
    assert p.confidence < q.confidence


def test_front_fixtures_are_ahead_and_keep_their_name():
    p = parse("dialogue from the screen, we sit in the back row of the cinema", use_embedding=False)
    assert abs(p.path.start.azimuth_deg) < 5.0 and 10.0 < p.path.start.distance_m < 16.0
    q = parse("a bell rings at the altar, we're in the back pew", use_embedding=False)
    assert "altar" in q.label and q.path.start.distance_m > 15.0


def test_music_from_the_stage_is_heard_from_the_seat():
    near = _start("music from the stage, we're in the front row")
    far = _start("music from the stage, we're at the back of the hall")
    assert abs(far.azimuth_deg) < 5.0 and far.distance_m > near.distance_m + 15.0


def test_a_walk_downstage_comes_closer_by_the_stage_depth():
    p = parse("an actor walks from upstage to downstage, we're in row 3", use_embedding=False)
    start, end = p.path.at(0.0), p.path.at(1.0)
    assert 3.0 < start.distance_m - end.distance_m < 7.0  # the stage depth, not to 1.5 m
    assert end.distance_m > 4.0


def test_pews_the_orchestra_and_the_end_of_our_row():
    pastor = _start("the pastor at the front, we sit in the third pew")
    assert abs(pastor.azimuth_deg) < 5.0 and 3.0 < pastor.distance_m < 8.0
    bassoon = _start("the bassoon in the middle of the orchestra, seen from the conductor's podium")
    assert abs(bassoon.azimuth_deg) < 5.0 and 2.0 < bassoon.distance_m < 8.0
    torch = _start("an usher's torch at the end of our row, on the right")
    assert torch.azimuth_deg == pytest.approx(-90.0, abs=1.0) and 2.0 < torch.distance_m < 8.0


def test_a_gallery_named_by_a_compass_point_is_not_a_bearing():
    p = parse("the organ thunders from the west gallery behind us", use_embedding=False)
    assert abs(p.path.start.azimuth_deg) > 170.0 and p.path.start.elevation_deg > 10.0
    assert not any("compass" in n for n in p.notes)


@pytest.mark.parametrize(
    ("text", "min_m", "max_m"),
    [
        ("the headliner on the main stage, we're at the back of the crowd", 15.0, 40.0),
        ("bass thumping from the stage, we're at the bar at the back of the arena", 40.0, 80.0),
        ("a referee's whistle on the halfway line, we're behind the goal", 35.0, 70.0),
        ("a crowd chant from the away end, we're in the home end", 70.0, 150.0),
    ],
)
def test_big_venues_are_heard_at_their_scale(text, min_m, max_m):
    k = _start(text)
    assert abs(k.azimuth_deg) < 5.0
    assert min_m < k.distance_m < max_m


def test_a_flown_pa_is_above_the_stage():
    k = _start("the announcer from the PA above the stage, we're in row 10")
    assert 10.0 < k.elevation_deg < 45.0 and k.distance_m > 8.0


def test_from_stage_left_to_stage_right_is_a_crossing_with_no_verb():
    p = parse("footsteps from stage left to stage right, we're in row 6", use_embedding=False)
    assert p.motion == "right-to-left"  # stage left is the audience's right
    assert p.path.at(0.0).azimuth_deg < 0.0 < p.path.at(1.0).azimuth_deg
