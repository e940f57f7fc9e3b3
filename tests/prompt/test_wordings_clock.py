"""Clock-position wordings: call-outs mid-sentence or in quotes, half hours on the dial,
bare hours before a nearness word, the clock of a named listener, and times of day
("at ten thirty", "a clock word starting a noun phrase") that are no position.

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import first_keyframe, parse_one, parse_text, start_error_deg


def test_a_clock_word_starting_a_noun_phrase_is_no_position():
    p = parse_one("my five dogs barking on the left")
    assert start_error_deg(p, 90) < 1.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ('radio chatter: "bogey at your six"', 180.0, 0.0),
        ("pilot on comms: 'tally, at my six'", 180.0, 0.0),
        ("Vulture call, eleven high", 30.0, 30.0),
        ("hawk cry; two low", -60.0, -30.0),
        ("the gong sits at ten thirty", 45.0, 0.0),
        ("the bell tower stands at two thirty", -75.0, 0.0),
        ("Helicopter passing at twelve o'clock, level", 0.0, 0.0),
        ("a jet passing at three o'clock high", -90.0, 30.0),
    ],
)
def test_clock_call_outs(text, az, el):
    p = parse_one(text)
    assert p.sources[0].motion == "static"
    assert start_error_deg(p, az, el) < 10.0


def test_a_time_of_day_at_ten_thirty_is_no_clock_position():
    p = parse_text("the alarm goes off at ten thirty")
    assert not p.placed


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a cough at my seven-thirty", 135.0),
        ("a bird calling at your one thirty", -45.0),
    ],
)
def test_half_hour_on_the_dial_after_a_possessive(text: str, az: float) -> None:
    got_az, _, _ = first_keyframe(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 5.0


def test_bare_hour_then_a_nearness_word_is_a_clock_position() -> None:
    az, _, dist = first_keyframe("a whisper at two, really close")
    assert abs(az + 60.0) <= 5.0
    assert dist < 1.5


def test_bare_hour_after_a_time_verb_stays_a_time() -> None:
    az, _, _ = first_keyframe("the kettle clicks off at 4, far away")
    assert abs(az) <= 5.0  # not 4 o'clock


@pytest.mark.parametrize(
    ("text", "az"),
    [("an engine at the player's 9", 90.0), ("a thud at the listener's 5", -150.0)],
)
def test_clock_of_a_named_listener(text: str, az: float) -> None:
    got_az, _, _ = first_keyframe(text)
    assert abs(((got_az - az + 180.0) % 360.0) - 180.0) <= 5.0
