import numpy as np
import pytest

from engine.errors import ParameterError
from engine.geometry import angular_error_deg, direction_vector, vector_to_angles, wrap_azimuth_deg
from engine.spatial_path import Keyframe, SpatialPath


def test_convention_left_is_positive_y():
    np.testing.assert_allclose(direction_vector(90, 0), [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(direction_vector(0, 90), [0, 0, 1], atol=1e-12)
    az, el = vector_to_angles(direction_vector(-135.0, 20.0))
    assert az == pytest.approx(-135.0) and el == pytest.approx(20.0)


def test_wrap_and_angular_error():
    assert wrap_azimuth_deg(270) == -90
    assert wrap_azimuth_deg(-180) == 180
    assert angular_error_deg(90, 0, -90, 0) == pytest.approx(180)
    assert angular_error_deg(10, 0, 350, 0) == pytest.approx(20)


def test_overhead_flight_goes_over_the_top_not_around_the_side():
    path = SpatialPath.from_keyframes(
        [Keyframe(0, 0, 0, 3), Keyframe(0.5, 0, 90, 3), Keyframe(1, 180, 0, 3)]
    )
    az, el, _ = path.sample(np.linspace(0, 1, 21))
    # stays in the median plane: lateral component ~0 everywhere
    lateral = direction_vector(az, el)[:, 1]
    assert np.max(np.abs(lateral)) < 1e-9
    assert el[10] == pytest.approx(90)
    assert el.max() == pytest.approx(90)


def test_left_to_right_passes_in_front():
    path = SpatialPath.from_keyframes([Keyframe(0, 90), Keyframe(1, -90)])
    az, _, _ = path.sample(np.array([0.0, 0.25, 0.5, 0.75, 1.0]))
    np.testing.assert_allclose(az, [90, 45, 0, -45, -90], atol=1e-9)


def test_distance_changes_geometrically():
    path = SpatialPath.from_keyframes([Keyframe(0, 0, 0, 10.0), Keyframe(1, 0, 0, 1.0)])
    _, _, dist = path.sample(np.array([0, 0.5, 1]))
    np.testing.assert_allclose(dist, [10, np.sqrt(10), 1])


def test_static_path_and_holding_outside_range():
    path = SpatialPath.static(30, 10, 2)
    assert path.is_static
    k = path.at(0.7)
    assert (k.azimuth_deg, k.elevation_deg, k.distance_m) == (30, 10, 2)
    moving = SpatialPath.from_keyframes([Keyframe(0.2, 0), Keyframe(0.8, 60)])
    assert moving.at(0.0).azimuth_deg == pytest.approx(0)
    assert moving.at(1.0).azimuth_deg == pytest.approx(60)


def test_mirror_negates_azimuth():
    path = SpatialPath.from_keyframes([Keyframe(0, 30, 5, 2), Keyframe(1, 120, 0, 4)])
    assert [k.azimuth_deg for k in path.mirrored().keyframes] == [-30, -120]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"t": 1.5, "azimuth_deg": 0},
        {"t": 0, "azimuth_deg": float("nan")},
        {"t": 0, "azimuth_deg": 0, "elevation_deg": 120},
        {"t": 0, "azimuth_deg": 0, "distance_m": 0},
    ],
)
def test_bad_keyframes_raise(kwargs):
    with pytest.raises(ParameterError):
        Keyframe(**kwargs)


def test_round_trip_through_dicts():
    path = SpatialPath.from_keyframes([Keyframe(0, 30, 5, 2), Keyframe(1, 120, 0, 4)])
    assert SpatialPath.from_list(path.to_list()) == path
