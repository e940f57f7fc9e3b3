"""Basic behaviour of engine.prompt.parse that every caller relies on."""

import json

import pytest

from engine.geometry import angular_error_deg
from engine.prompt import DEFAULT_DISTANCE_M, Placement, parse
from engine.session import ROOM_PRESETS


def _az_el(p: Placement) -> tuple[float, float]:
    k = p.path.start
    return k.azimuth_deg, k.elevation_deg


@pytest.mark.parametrize(
    ("text", "azimuth_deg", "elevation_deg"),
    [
        ("a bell on the left", 90.0, 0.0),
        ("a bell on the right", -90.0, 0.0),
        ("a bell in front of me", 0.0, 0.0),
        ("a bell behind me", 180.0, 0.0),
        ("a bell directly overhead", 0.0, 90.0),
        ("a bell right below me", 0.0, -90.0),
    ],
)
def test_cardinal_directions_follow_the_engine_convention(text, azimuth_deg, elevation_deg):
    p = parse(text, use_embedding=False)
    assert p.placed
    az, el = _az_el(p)
    assert angular_error_deg(az, el, azimuth_deg, elevation_deg) < 1e-6


def test_default_distance_is_used_and_noted_nowhere_else():
    p = parse("a bell on the left", use_embedding=False)
    assert p.path.start.distance_m == DEFAULT_DISTANCE_M


def test_numeric_distance_with_units():
    assert parse(
        "a bell 3 metres away on the left", use_embedding=False
    ).path.start.distance_m == pytest.approx(3.0)
    assert parse(
        "a bell six feet to my right", use_embedding=False
    ).path.start.distance_m == pytest.approx(1.8288)


def test_json_shape_matches_the_cli_contract():
    p = parse("a car passes from left to right in a cathedral", use_embedding=False)
    d = json.loads(json.dumps(p.to_json_dict()))
    assert set(d) == {
        "text",
        "placed",
        "confidence",
        "room",
        "label",
        "reason",
        "notes",
        "keyframes",
        "sources",
    }
    assert d["room"] in ROOM_PRESETS
    assert d["keyframes"] == d["sources"][0]["keyframes"]
    assert set(d["keyframes"][0]) == {"t", "azimuth_deg", "elevation_deg", "distance_m"}


def test_no_spatial_content_is_not_placed_and_says_why():
    p = parse("3 dogs barking", use_embedding=False)
    assert not p.placed
    assert p.reason
    assert p.to_json_dict()["keyframes"] == []


def test_a_non_string_prompt_is_a_parameter_error():
    from engine.errors import ParameterError

    with pytest.raises(ParameterError, match="str"):
        parse(None)


def test_whitespace_only_prompt_is_unplaced_as_empty():
    p = parse("   \n ")
    assert not p.placed and p.reason.startswith("empty")


def test_package_docstring_example_holds():
    import doctest

    import engine.prompt

    result = doctest.testmod(engine.prompt)
    assert result.attempted >= 2 and result.failed == 0


@pytest.mark.parametrize(
    "text",
    [
        "1 mm left, 1 mm up",
        "a bell 20000 km to the left",
        "approaching from 0.01 m",
        "circling 1 mm away getting closer",
    ],
)
def test_extreme_distances_are_clamped_to_valid_keyframes(text):
    from engine.spatial_path import MAX_DISTANCE_M, MIN_DISTANCE_M

    p = parse(text, use_embedding=False)
    assert p.placed
    assert all(MIN_DISTANCE_M <= k.distance_m <= MAX_DISTANCE_M for k in p.path.keyframes)
