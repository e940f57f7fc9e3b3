"""Round 9: self-corrections with 'wait no' / 'or actually', dial half-hours after 'my',
a bare clock hour followed by a nearness word, and the clock of a named listener."""

import pytest

from engine.prompt import parse


def _first(text: str) -> tuple[float, float, float]:
    p = parse(text)
    assert p.placed, p.reason
    k = p.sources[0].path.keyframes[0]
    return k.azimuth_deg, k.elevation_deg, k.distance_m


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("on my right, wait no, straight behind", 180.0),
        ("a cricket to the left, wait, no, to the right", -90.0),
        ("rain behind us, or actually off to the left", 90.0),
    ],
)
def test_taken_back_direction_uses_the_later_one(text: str, az: float) -> None:
    got_az, _, _ = _first(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 15.0
    assert parse(text).confidence < 0.9


def test_or_actually_drops_the_height_taken_back() -> None:
    _, el, _ = _first("way overhead, or actually more to the front at ear level")
    assert abs(el) <= 15.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a cough at my seven-thirty", 135.0),
        ("a bird calling at your one thirty", -45.0),
    ],
)
def test_half_hour_on_the_dial_after_a_possessive(text: str, az: float) -> None:
    got_az, _, _ = _first(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 5.0


def test_bare_hour_then_a_nearness_word_is_a_clock_position() -> None:
    az, _, dist = _first("a whisper at two, really close")
    assert abs(az + 60.0) <= 5.0
    assert dist < 1.5


def test_bare_hour_after_a_time_verb_stays_a_time() -> None:
    az, _, _ = _first("the kettle clicks off at 4, far away")
    assert abs(az) <= 5.0  # not 4 o'clock


@pytest.mark.parametrize(
    ("text", "az"),
    [("an engine at the player's 9", 90.0), ("a thud at the listener's 5", -150.0)],
)
def test_clock_of_a_named_listener(text: str, az: float) -> None:
    got_az, _, _ = _first(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 5.0


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a cowbell north-east of here", -45.0),  # no facing: north assumed ahead
        ("a fox south of camp, the player faces west", 90.0),
    ],
)
def test_compass_point_of_here_or_camp(text: str, az: float) -> None:
    got_az, _, _ = _first(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 5.0


@pytest.mark.parametrize(
    "text",
    [
        "static hiss in the headset, left ear only",
        "the creak of the headphone band as I nod",
        "a click of my headset mic, on the right",
    ],
)
def test_worn_gear_is_at_the_head(text: str) -> None:
    _, _, dist = _first(text)
    assert dist <= 0.3


def test_a_taken_back_distance_uses_the_later_one() -> None:
    az, _, dist = _first("faint and far on the right... scratch that, right up close on the right")
    assert abs(az + 90.0) <= 15.0
    assert dist < 1.0
    _, _, dist = _first("a gong up close in front, no wait, far off in front")
    assert dist > 4.0


def test_a_part_of_a_room_is_not_the_room_heard() -> None:
    from engine.prompt.rooms import find_room

    assert find_room("a fan whirring in the corner of the gymnasium")[0] is None
    assert find_room("a fan whirring in the gymnasium")[0] == "large hall"


def test_offset_clause_refines_the_same_source() -> None:
    p = parse("a low hum from straight behind, offset 40 degrees to the right")
    assert len(p.sources) == 1
    az = p.sources[0].path.keyframes[0].azimuth_deg
    assert abs(az + 140.0) <= 5.0
    # "offset" before a noun is not a refinement: two sources stay two
    assert len(parse("wind on the left, offset chimes on the right").sources) == 2


def test_a_named_side_of_a_middle_body_point() -> None:
    az, el, dist = _first("a mosquito whining at the right side of my neck")
    assert abs(az + 90.0) <= 15.0
    assert -45.0 <= el <= 0.0
    assert dist <= 0.3


def test_a_confirmation_after_a_correction_is_not_a_second_source() -> None:
    p = parse("the narrator on my left, no, the right, the right is correct")
    assert len(p.sources) == 1
    assert abs(p.sources[0].path.keyframes[0].azimuth_deg + 90.0) <= 15.0
    assert "correct" not in p.sources[0].label


def test_one_earpiece_only_is_at_that_ear() -> None:
    az, _, dist = _first("a metronome click, right ear cup only")
    assert abs(az + 90.0) <= 15.0
    assert dist <= 0.2
