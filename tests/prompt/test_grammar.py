"""What the direction, distance, room and label grammar reads, as a user would check it."""

import numpy as np
import pytest

from engine.geometry import angular_error_deg
from engine.prompt import DEFAULT_DISTANCE_M, parse
from engine.session import ROOM_PRESETS


def _p(text):
    return parse(text, use_embedding=False)


def _dir(text):
    k = _p(text).path.start
    return k.azimuth_deg, k.elevation_deg


def _err(text, az, el=0.0):
    got_az, got_el = _dir(text)
    return float(angular_error_deg(got_az, got_el, az, el))


@pytest.mark.parametrize("hour", range(1, 13))
def test_clock_positions_turn_clockwise_from_the_front(hour):
    # 12 = front, 3 = right (-90 deg), 6 = behind, 9 = left (+90 deg)
    assert _err(f"a bell at {hour} o'clock", -30.0 * hour) < 1e-6


@pytest.mark.parametrize("degrees", [5, 30, 45, 90, 135, 170])
def test_degrees_to_a_side_are_azimuths_with_that_sign(degrees):
    assert _err(f"a horn {degrees} degrees to the left", degrees) < 1e-6
    assert _err(f"a horn {degrees}° right", -degrees) < 1e-6


def test_degrees_up_set_elevation():
    assert _err("120 deg left and 20 up", 120, 20) < 1e-6


def test_diagonals_sit_between_their_two_axes():
    assert _err("a bird front-left", 45) < 1e-6
    assert _err("a bird behind me on the right", -135) < 1e-6


def test_hedges_order_slightly_less_than_plain_side():
    slight, plain = _dir("a piano slightly to the left")[0], _dir("a piano to the left")[0]
    assert 0 < slight < plain == 90.0
    assert _dir("a piano hard left")[0] == 90.0


def test_above_alone_is_overhead_and_with_a_side_is_lifted():
    assert _dir("birds above")[1] == 90.0
    az, el = _dir("birds up and to the left")
    assert az == 90.0 and 0.0 < el < 90.0


def test_right_as_an_intensifier_is_not_a_direction():
    assert _err("someone right behind me", 180) < 1e-6
    assert _err("a fly right in front of your face", 0) < 1e-6
    assert not _p("all right, let's try this one").placed


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("a radio 3 m to the left", 3.0),
        ("a radio 3 metres to the left", 3.0),
        ("a radio six feet to the left", 6 * 0.3048),
        ("a radio 50 cm to the left", 0.5),
        ("a radio ten yards to the left", 10 * 0.9144),
        ("a radio half a metre to the left", 0.5),
        ("a radio a mile away to the left", 1609.0),
    ],
)
def test_numeric_distances_convert_units_to_metres(text, metres):
    assert _p(text).path.start.distance_m == pytest.approx(metres, rel=1e-6)


def test_distance_words_are_ordered_near_to_far():
    words = ["into my left ear", "right next to me on the left", "close on the left", "on the left",
             "across the room on the left", "far away on the left", "in the distance on the left",
             "very far away on the left"]  # fmt: skip
    distances = [_p(f"a voice {w}").path.start.distance_m for w in words]
    assert distances == sorted(distances)
    assert distances[3] == DEFAULT_DISTANCE_M
    assert len(set(distances)) == len(distances)


def test_whisper_into_an_ear_is_very_close_on_that_side():
    p = _p("whispering into my right ear")
    assert p.path.start.azimuth_deg == -90.0
    assert p.path.start.distance_m <= 0.2


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("a choir in front of me in a cathedral", "cathedral"),
        ("in a small bathroom, a tap on the left", "bathroom"),
        ("outdoors, birds above", "outdoors"),
        ("speech on the right in a large hall", "large hall"),
        ("a typewriter in front of me in a small room", "small room"),
        ("anechoic, a voice on the left", "anechoic"),
    ],
)
def test_rooms_map_to_presets(text, room):
    assert room in ROOM_PRESETS
    assert _p(text).room == room


def test_a_room_word_naming_the_sound_is_not_a_room():
    assert _p("church bells on the left").room is None


def test_numbers_that_are_not_positions_stay_in_the_label_and_do_not_move_the_source():
    one, three = _p("a dog barking on the left"), _p("3 dogs barking on the left")
    assert three.path == one.path
    assert "3 dogs" in three.label


def test_label_keeps_the_sound_and_drops_the_position():
    p = _p("a dog barking behind me on the left, far away")
    assert p.label == "a dog barking"


def test_multi_source_prompts_give_one_source_each_with_its_own_path():
    p = _p("the violin on the left and the piano behind you on the right")
    assert [s.label for s in p.sources] == ["the violin", "the piano"]
    assert p.sources[0].path.start.azimuth_deg == 90.0
    assert p.sources[1].path.start.azimuth_deg == -135.0
    assert p.to_json_dict()["keyframes"] == p.to_json_dict()["sources"][0]["keyframes"]


def test_pieces_without_their_own_label_stay_with_their_source():
    assert len(_p("a dog barking behind me on the left, far away").sources) == 1
    assert len(_p("a lamp buzzing up and to the right").sources) == 1


def test_negated_and_corrected_directions_are_dropped():
    assert _err("the singer should be to the right, not the left", -90) < 1e-6
    assert _err("on the left... no wait, on the right", -90) < 1e-6


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("un chien à gauche", 90, 0),
        ("une voix derrière moi", 180, 0),
        ("ein Hund bellt links", 90, 0),
        ("Schritte hinter mir", 180, 0),
        ("un perro a la derecha", -90, 0),
        ("una campana arriba", 0, 90),
    ],
)
def test_basic_french_german_spanish_directions(text, az, el):
    assert _err(text, az, el) < 1e-6


def test_confidence_is_lower_when_the_parser_had_to_assume():
    sure = _p("a dog on the left")
    assumed = _p("a dog far away")  # no direction: placed in front, with a note
    assert sure.confidence > assumed.confidence
    assert any("front" in n for n in assumed.notes)


def test_angles_are_always_valid_keyframes():
    for text in ("birds overhead", "rumble below", "a bee circling around me twice"):
        for k in _p(text).path.keyframes:
            assert -90 <= k.elevation_deg <= 90 and np.isfinite(k.azimuth_deg)


def test_typos_in_direction_words_are_fixed_and_noted():
    p = _p("a dog barking behnd me on the lfet")
    assert p.path.start.azimuth_deg == 135.0
    assert any("behnd" in n for n in p.notes)


def test_real_words_near_a_direction_word_are_not_corrected():
    # "bright", "round", "enter" are one edit from direction words but are words
    assert not _p("a bright round bell").placed
    assert not _p("enter the room").placed


def test_channel_abbreviations_and_numeric_notation():
    assert _err("sfx: door knock, L", 90) < 1e-6
    assert _err("crowd FL", 45) < 1e-6
    assert _err("az 60 el 15", 60, 15) < 1e-6
    assert not _p("R&B track").placed


def test_stage_directions_are_read_from_the_audience():
    p = _p("a gong, stage left")
    assert p.path.start.azimuth_deg < 0  # the performer's left is the listener's right
    assert any("stage" in n for n in p.notes)


def test_in_head_is_the_centre_at_the_closest_distance():
    k = _p("a voice inside my head").path.start
    assert (k.azimuth_deg, k.elevation_deg) == (0.0, 0.0) and k.distance_m <= 0.05


@pytest.mark.parametrize(
    ("text", "value"),
    [("six", 6), ("twenty five", 25), ("1.5", 1.5), ("1,5", 1.5), ("10,000", 10000), ("half a", 0.5),
     ("a couple of", 2), ("two and a half", 2.5), ("a hundred and twenty", 120)],
)  # fmt: skip
def test_numbers_in_words_and_digits(text, value):
    from engine.prompt.numbers import NUMBER_RE, number_value

    m = NUMBER_RE.search(text)
    assert m is not None and m.group(0) == text
    assert number_value(m.group(0)) == pytest.approx(value)


def test_mixer_pan_positions_are_shares_of_a_hard_pan():
    assert _err("keys 50% right", -45) < 1e-6
    assert _err("pan the piano 30L", 27) < 1e-6
    assert _err("guitar panned L100", 90) < 1e-6
    assert "piano" in _p("pan the piano 30L").label


@pytest.mark.parametrize(
    "text",
    ["the left-over noise from the take", "the front man singing", "an underground club track",
     "a close call gunshot", "far out synth", "behind the scenes chatter", "a right hook punch sound",
     "the left hand piano part", "an overhead projector hum", "the right sound for this scene",
     "right-wing radio talk show", "front-of-house mix", "lower the volume of the hum", "upper register strings",
     "circle of fifths piano exercise", "the sound of a passing thought", "a receding hairline joke"],
)  # fmt: skip
def test_direction_words_used_as_ordinary_words_place_nothing(text):
    assert not _p(text).placed


def test_numbered_lists_and_labelled_pieces_give_one_source_each():
    p = _p("1) dog left 2) cat right 3) bird above")
    assert [s.label for s in p.sources] == ["dog", "cat", "bird"]
    assert [s.path.start.azimuth_deg for s in p.sources[:2]] == [90.0, -90.0]
    assert p.sources[2].path.start.elevation_deg == 90.0


def test_offsets_along_two_axes_combine_into_one_direction_and_distance():
    k = _p("a bell 3 m left, 4 m ahead").path.start
    assert k.azimuth_deg == pytest.approx(np.degrees(np.arctan2(3, 4)))
    assert k.distance_m == pytest.approx(5.0)
    k = _p("a voice 2 metres in front and 1 metre to the right, 2 m up").path.start
    assert k.distance_m == pytest.approx(3.0)
    assert k.azimuth_deg < 0 < k.elevation_deg


@pytest.mark.parametrize(
    ("text", "motion", "az"),
    [("un train s'approche de la gauche", "approaching", 90.0),
     ("ein Auto entfernt sich nach rechts", "receding", -90.0),
     ("un perro se aleja a la izquierda", "receding", 90.0)],
)  # fmt: skip
def test_basic_foreign_motions(text, motion, az):
    p = _p(text)
    assert p.motion == motion and p.path.start.azimuth_deg == az


def test_between_two_clock_hours_is_halfway_the_short_way_round():
    assert _err("bongos between 1 and 2 o'clock", -45) < 1e-6
    assert _err("a bell between 11 and 1 o'clock", 0) < 1e-6


def test_sentences_split_by_semicolons_pair_each_place_with_its_sound():
    p = _p("to the left, a stream; to the right, a waterfall; above, birds")
    assert [s.label for s in p.sources] == ["a stream", "a waterfall", "birds"]
    assert [s.path.start.azimuth_deg for s in p.sources[:2]] == [90.0, -90.0]


def test_an_alarm_or_a_bomb_going_off_is_not_a_movement():
    assert _p("a car alarm goes off far to the left").motion == "static"
    assert _p("the bomb went off behind me").motion == "static"


def test_a_time_of_day_is_not_a_clock_position():
    p = _p("the 4 o'clock news on the radio to my left")
    assert p.path.start.azimuth_deg == 90.0
    assert "4" in p.label


def test_neither_nor_drops_both_directions():
    assert _err("the bell is neither left nor right but straight ahead", 0) < 1e-6


def test_more_distance_phrases():
    assert _p("a crowd a block away to the left").path.start.distance_m == pytest.approx(100.0)
    assert _p(
        "a train a couple hundred metres to the right"
    ).path.start.distance_m == pytest.approx(200.0)
    assert _p("church bells from across town, behind me").path.start.distance_m >= 100.0


def test_off_centre_is_slight_and_ish_is_roughly_that_side():
    assert _err("slightly off-center to the left", 20) < 1e-6
    # "left-ish" means roughly left (two blind writers read it so), with lowered confidence
    assert _err("a shaker, leftish", 90) < 1e-6
    assert _p("a shaker, leftish").confidence <= 0.85


def test_a_fully_negated_prompt_says_no_direction_rather_than_empty():
    p = _p("not on the left")
    assert not p.placed and not p.reason.startswith("empty")


def test_right_after_a_comma_is_still_an_intensifier_before_next_to():
    assert _err("a phone buzzes on the table, right next to you on the left", 90) < 1e-6
    assert _err("door creak, right", -90) < 1e-6


def test_phrasal_up_is_not_elevation():
    assert _dir("the number 9 bus pulling up on the left") == (90.0, 0.0)
    assert _dir("someone breathing over my shoulder on the right")[0] == -135.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [("a bird abov me", 0, 90), ("foot steps behing me", 180, 0), ("a bell on the lefft", 90, 0),
     ("a hum beneth me", 0, -90), ("on the leftside, a piano", 90, 0)],
)  # fmt: skip
def test_common_slips_in_direction_words(text, az, el):
    assert _err(text, az, el) < 1e-6


@pytest.mark.parametrize(
    "text", ["frond rustling", "a bellow of rage", "the abode", "abound with joy"]
)
def test_real_words_are_not_read_as_slips(text):
    assert not _p(text).placed


def test_a_bare_no_takes_back_the_direction_before_it():
    p = _p("a phone rings to the right... no, to the left")
    assert len(p.sources) == 1 and p.path.start.azimuth_deg == 90.0
    assert _p("no reverb, a click on the left").room == "anechoic"


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [("back", 180, 0), ("down", 0, -90), ("-45", -45, 0), ("90 left", 90, 0), ("L", 90, 0)],
)
def test_one_word_region_prompts(text, az, el):
    assert _err(text, az, el) < 1e-6


def test_one_word_motions():
    assert _p("spin").motion.startswith("circling")
    assert _p("closer").motion == "approaching"
    assert _p("away").motion == "receding"
    assert not _p("45").placed  # a bare unsigned number could mean anything


def test_right_as_an_interjection_places_nothing():
    assert not _p("right, next one please").placed
    assert _err("right, behind me", -135) < 1e-6
