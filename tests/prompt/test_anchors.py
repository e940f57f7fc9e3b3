"""Body and gear anchors (issue 16): a point on the listener's body or gear names a direction
and a distance, for parts the grammar has no pattern of its own for."""

import pytest

from engine.geometry import angular_error_deg
from engine.prompt import parse


def _start(text):
    p = parse(text, use_embedding=False)
    assert p.placed, p.reason
    return p.path.start


@pytest.mark.parametrize(
    ("text", "az", "el", "max_m"),
    [
        ("a moth bumping against my forehead", 0, 25, 0.2),
        ("a cold breath on the nape of my neck", 180, -20, 0.25),
        ("a music box pressed to my left collarbone", 30, -45, 0.3),
        ("a tiny bell on my right knee", -20, -55, 0.9),
        ("the walkie-talkie crackling in my hand", 0, -40, 0.6),
        ("a scarab scratching at my left elbow", 90, -50, 0.6),
        ("static from the radio on my belt", 0, -65, 0.7),
        ("a whistle just under my throat", 0, -65, 0.25),
        ("a clip-on mic rustling against my lapel", 0, -50, 0.35),
    ],
)
def test_body_and_gear_points_give_direction_and_distance(text, az, el, max_m):
    k = _start(text)
    assert float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el)) < 15.0
    assert k.distance_m <= max_m


def test_touching_is_closer_than_near_and_under_is_lower_than_on():
    touching = _start("a buzz against my left jaw")
    near = _start("a buzz near my left jaw")
    under = _start("a buzz under my left jaw")
    assert touching.distance_m < near.distance_m
    assert under.elevation_deg < touching.elevation_deg
    assert touching.azimuth_deg > 0.0  # left


def test_a_chest_that_is_not_mine_is_not_a_body_point():
    assert not parse("coins rattling in the chest", use_embedding=False).placed
    assert _start("phone ringing on your right hand side").azimuth_deg == pytest.approx(-90.0)


def test_a_mic_touched_by_the_lips_is_closer_than_one_spoken_near():
    lips = _start("a whispered VO, lips nearly touching the mic")
    near = _start("VO spoken near the mic")
    assert lips.distance_m < 0.12 < near.distance_m


def test_over_the_shoulder_and_the_lap_are_within_arms_reach():
    shoulder = _start("a voice leaning in over my left shoulder")
    assert shoulder.azimuth_deg == pytest.approx(135.0, abs=5.0)
    assert shoulder.distance_m < 0.5
    lap = _start("a kitten asleep in my lap")
    assert 0.4 < lap.distance_m < 0.9 and lap.elevation_deg < -45.0


def test_a_touch_verb_needs_no_preposition_and_stays_in_the_label():
    p = parse("someone tapping my right shoulder from behind", use_embedding=False)
    k = p.path.start
    assert k.azimuth_deg == pytest.approx(-135.0, abs=5.0)
    assert k.distance_m < 0.6
    assert "tapping" in p.label


@pytest.mark.parametrize(
    ("text", "az", "max_m"),
    [
        ("a phone pressed to my right ear", -90, 0.15),
        ("a zipper on my backpack behind me", 180, 0.5),
        ("a beetle crawling on my left forearm", 90, 0.6),
        ("a bell tinkling on my right ankle", -60, 1.5),
    ],
)
def test_more_body_and_gear_points(text, az, max_m):
    k = _start(text)
    assert abs((k.azimuth_deg - az + 180.0) % 360.0 - 180.0) < 10.0
    assert k.distance_m <= max_m


@pytest.mark.parametrize(
    ("text", "az", "el", "max_m"),
    [
        ("someone breathing down my neck", 180, -20, 0.3),
        ("a bee buzzing in front of my eyes", 0, 0, 0.3),
        ("humming against the back of my head", 180, 0, 0.15),
        ("a cat rubbing against my legs", 0, -65, 1.0),
        ("a fly crawling on the back of my hand", 0, -40, 0.6),
    ],
)
def test_idioms_and_regions_of_body_parts(text, az, el, max_m):
    k = _start(text)
    assert float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el)) < 15.0
    assert k.distance_m <= max_m


def test_close_miked_is_close():
    assert _start("a close-miked acoustic guitar, slightly left").distance_m < 0.5


@pytest.mark.parametrize(
    ("text", "max_m"),
    [
        ("a hand's width from my left ear", 0.2),
        ("a mosquito orbiting my head", 0.4),
        ("a cricket under my pillow", 0.3),
        ("the cat kneading my chest", 0.4),
        ("an insect crawling up my neck", 0.25),
        ("a click right on the earcup", 0.15),
        ("a whisper right at the mic, slightly left", 0.25),
        ("a bell hanging from my neck", 0.25),
    ],
)
def test_nearness_in_other_words(text, max_m):
    assert _start(text).distance_m <= max_m


def test_a_script_tag_does_not_split_the_description():
    p = parse("VO: intimate, lips nearly touching the mic, dead centre", use_embedding=False)
    assert len(p.sources) == 1
    assert p.path.start.distance_m < 0.12
    q = parse("thunder far away, rain on the left", use_embedding=False)
    assert len(q.sources) == 2
