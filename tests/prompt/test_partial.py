"""Partial directions and honest confidence (issue 16): "not quite behind", "above me but
not directly", "almost overhead", and place words the grammar could not read."""

import pytest

from engine.geometry import angular_error_deg
from engine.prompt import parse


def _p(text):
    return parse(text, use_embedding=False)


def _err(text, az, el=0.0):
    k = _p(text).path.start
    return float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el))


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("a drone hovering above us, though not directly", 0, 60),
        ("the owl is not quite overhead", 0, 60),
        ("a fan almost straight above", 0, 75),
        ("a radiator knocking not directly below me", 0, -60),
        ("bells not quite behind us, more to the right", -150, 0),
        ("the speaker is nearly in front of me, slightly left", 15, 0),
        ("a kite somewhere up there", 0, 45),
    ],
)
def test_partial_directions_are_off_the_axis_not_on_it(text, az, el):
    assert _err(text, az, el) < 5.0


def test_not_quite_behind_with_no_side_says_which_side_it_assumed():
    p = _p("a cello, not quite behind me")
    assert any("side not named" in n for n in p.notes)
    assert 120.0 < abs(p.path.start.azimuth_deg) < 170.0
    assert p.confidence < _p("a cello behind me, a little to the left").confidence


def test_place_words_the_grammar_did_not_read_lower_the_confidence_and_are_named():
    read = _p("a siren on the left")
    unread = _p("a siren on the left, near row q of the upper deck")
    assert unread.confidence < read.confidence
    assert any("'row'" in n and "not read as a position" in n for n in unread.notes)


def test_counts_and_pitch_words_are_not_place_words():
    p = _p("two violins behind me")
    assert not any("not read as a position" in n for n in p.notes)
    assert p.confidence > 0.9


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("the dripping is behind me — actually no, more to my left", 90),
        ("left? no — right. definitely right", -90),
    ],
)
def test_self_corrections_with_dashes_use_the_later_direction(text, az):
    p = _p(text)
    assert _err(text, az) < 1.0
    assert any("taken back" in n for n in p.notes)
