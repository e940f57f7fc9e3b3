"""Spec shorthand, spoken self-corrections, 'anywhere' wordings, hedges and bare compass
abbreviations: the wordings here are our own neighbours of the blind sets' failures."""

from __future__ import annotations

import pytest
from wording_checks import parse_text, start_error_deg


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("impact_03 | rear hemisphere, 20 deg R of dead behind, +15 deg elev", -160, 15),
        ("door slam: back hemi, 45 degrees left of dead-behind", 135, 0),
        ("owl hoot, front hemi, 30 degrees right, elevated about 20", -30, 20),
        ("drone | behind, elevation 40", 180, 40),
        ("bird, upper hemi", 0, 90),
    ],
)
def test_spec_shorthand_is_one_source_in_the_stated_hemisphere(text, az, el):
    p = parse_text(text)
    assert len(p.sources) == 1
    assert start_error_deg(parse_text(text).sources[0], az, el) < 10.0


@pytest.mark.parametrize(
    ("text", "az", "dist_m"),
    [
        ("back-right, um, back-left, sorry", 135, None),
        ("horn at 2 o'clock - no, make that 10", 60, None),
        ("a click at 40 degrees, er, no, 60 degrees", 60, None),
        ("a gnat by my right ear... sorry, my left ear", 90, 0.14),
        ("whisper right by my left ear - sorry, my right ear", -90, 0.1),
    ],
)
def test_a_spoken_self_correction_keeps_the_last_choice_with_lower_confidence(text, az, dist_m):
    p = parse_text(text)
    assert len(p.sources) == 1
    assert start_error_deg(parse_text(text).sources[0], az) < 1e-6
    assert p.confidence <= 0.8
    assert any("taken back" in n for n in p.notes)
    if dist_m is not None:
        assert p.sources[0].path.start.distance_m == pytest.approx(dist_m, rel=0.3)


def test_a_filler_inside_a_word_is_not_a_correction():
    # "center" contains "er": no correction, the angles stay as written
    assert (
        start_error_deg(
            parse_text("forward, 15 degrees left of center, 10 degrees below ear level").sources[0],
            15,
            -10,
        )
        < 5.0
    )


@pytest.mark.parametrize(
    "text",
    [
        "crowd murmur, put it anywhere",
        "AMB_hum: position TBD",
        "placeholder rumble, wherever",
        "a bell, honestly I don't mind where",
        "traffic, direction doesn't matter much",
        "tone - location: any",
    ],
)
def test_an_open_position_is_front_3m_with_an_assumed_note_and_low_confidence(text):
    p = parse_text(text)
    assert p.placed
    start = p.sources[0].path.start
    assert abs(start.azimuth_deg) < 1e-6
    assert p.confidence <= 0.7
    assert any("assumed" in n for n in p.notes)


@pytest.mark.parametrize(
    "text",
    ["a thud behind me, I reckon", "on the right, could be wrong", "above, at a guess"],
)
def test_hedges_lower_confidence(text):
    assert parse_text(text).confidence <= 0.85


def test_far_ish_is_far_and_left_ish_is_roughly_left():
    assert parse_text("a horn out front, far-ish").sources[0].path.start.distance_m >= 5.0
    assert start_error_deg(parse_text("right-ish, I'd say").sources[0], -90) < 1e-6
    assert start_error_deg(parse_text("slightly right").sources[0], -20) < 1e-6


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("AMB_surf, source W", 90),
        ("foghorn, bearing SE. Player faces N.", -135),
        ("SFX_thunder: NW, very far", 45),
        ("Bell | bearing ENE", -67.5),
    ],
)
def test_bare_compass_abbreviations_after_bearing_source_or_a_colon(text, az):
    assert start_error_deg(parse_text(text).sources[0], az) < 1e-6


def test_a_landmark_church_is_not_the_room():
    assert parse_text("we face north and the chapel is east of us").room is None
    assert parse_text("a choir in the church, on the left").room == "cathedral"


@pytest.mark.parametrize(
    "text",
    [
        "Cue 9: door knock, stage left. Audience POV, row C centre.",
        "a cheer from the bar at the back, we're facing the stage",
        "LX 4: thunder upstage; listener POV from the stalls",
    ],
)
def test_seat_and_point_of_view_clauses_are_not_sources(text):
    assert len(parse_text(text).sources) == 1


def test_a_body_part_with_no_owner_is_ours():
    start = parse_text("SFX_fly - on R shoulder").sources[0].path.start
    assert start.azimuth_deg < 0 and start.distance_m < 0.5


@pytest.mark.parametrize(
    ("text", "az", "el", "dist_m"),
    [
        ("a cat purring round your feet", 0, -75, 1.4),
        ("footsteps on gravel at my feet, I'm standing", 0, -75, 1.4),
        ("a breath inches from my right cheek", -60, 0, 0.2),
        ("a tick leaking out of the left earphone", 90, 0, 0.1),
        ("a fly right next to my right ear", -90, 0, 0.1),
    ],
)
def test_nearness_words_carry_a_distance(text, az, el, dist_m):
    start = parse_text(text).sources[0].path.start
    assert start_error_deg(parse_text(text).sources[0], az, el) < 5.0
    assert start.distance_m == pytest.approx(dist_m, rel=0.3)


def test_feet_and_overhead_together_still_conflict():
    p = parse_text("overhead and also at my feet")
    assert p.confidence <= 0.8 and any("up and down" in n for n in p.notes)


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a roar from the right side, pushed 30 degrees toward the front", -60),
        ("a hum on the left, nudged 20 degrees towards the back", 110),
    ],
)
def test_an_offset_verb_turns_the_named_side(text, az):
    p = parse_text(text)
    assert len(p.sources) == 1
    assert start_error_deg(parse_text(text).sources[0], az) < 1e-6


@pytest.mark.parametrize(
    ("text", "az", "el", "tol"),
    [
        # on stage facing the house: the balcony and the back of the room are in front
        ("a baby crying in the balcony, we're on stage facing the audience", 0, 15, 15),
        ("we are on the stage looking out at the stalls; a phone rings house left", -30, 0, 20),
        # a venue place with a direction relative to us: the direction wins
        ("a whistle from the back of the hall, behind us; we sit by the stage", 180, 0, 15),
        ("a boo up in the gallery behind us, we're down in the stalls", 180, 30, 15),
        # house side with an end of the room
        ("laughter house right, at the back; we're in the front row", -160, 0, 20),
        # a corner of the stage from the front row
        (
            "a prop falls at the back corner of the stage, house-left side, seen from row 1",
            30,
            0,
            15,
        ),
    ],
)
def test_venue_positions_from_the_seat(text, az, el, tol):
    p = parse_text(text)
    assert len(p.sources) == 1
    assert start_error_deg(parse_text(text).sources[0], az, el) < tol


def test_a_seat_qualified_by_an_end_of_the_room_is_not_a_source():
    p = parse_text("we're at the sound desk at the back of the theatre; a trumpet on stage")
    assert len(p.sources) == 1
    start = p.sources[0].path.start
    assert abs(start.azimuth_deg) < 5 and start.distance_m > 15


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("the kettle's on the left, er, no, the right, sorry, about a metre away", -90, 0),
        ("Gunshot: L 45, elev 10", 45, 10),
        ("BIRD | R 30 | el +15", -30, 15),
        ("EXT. STREET - a car horn, off right, some way down the road", -90, 0),
        ("we're on stage looking out; a cough from the back of the auditorium", 0, 0),
    ],
)
def test_cue_sheet_and_director_note_wordings(text, az, el):
    p = parse_text(text)
    assert len(p.sources) == 1
    assert start_error_deg(parse_text(text).sources[0], az, el) < 5.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a gunshot rings out to camera left", 90),
        ("a footstep, camera right, close", -90),
        ("a plane, off-screen right", -90),
    ],
)
def test_film_directions_are_the_listeners_side(text, az):
    assert start_error_deg(parse_text(text).sources[0], az) < 1e-6


def test_kinda_is_unsure():
    assert parse_text("kinda behind").confidence <= 0.85


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        # stage left is the audience's right; SL/SR on a cue sheet are stage sides
        ("Sound cue 4: doorbell, DSL.", -29, 0),
        ("From the wings SR, a whistle.", 36, 0),
        ("I want the rain to feel like it's right on top of us", 0, 90),
        ("VR: gunfire, 200 m north, player facing east", 90, 0),
        ("the bird is up in the tree to the left of us, pretty high", 90, 45),
    ],
)
def test_theatre_abbreviations_and_chatty_notes(text, az, el):
    p = parse_text(text)
    assert len(p.sources) == 1
    assert start_error_deg(parse_text(text).sources[0], az, el) < 5.0


def test_sl_sr_outside_a_cue_sheet_stay_surround_channels():
    assert start_error_deg(parse_text("a synth pad in SL").sources[0], 90) < 1e-6
