"""AmbiX (ACN/SN3D) encoding, checked against the published formulas and by decoding."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from engine.errors import ParameterError
from engine.session import Keyframe, Region, SpatialPath
from engine.timeline import build_timeline
from plugin_bridge.ambisonics import (
    AmbisonicsConfig,
    encode_point_source,
    encode_track,
    sn3d_harmonics,
    steered_response,
)
from plugin_bridge.export import ExportOptions, export_session

SR = 48_000


def _ambix_table(az_deg, el_deg):
    """SN3D real spherical harmonics written out (Nachbar et al. 2011, AmbiX table)."""
    a, e = np.radians(az_deg), np.radians(el_deg)
    s, c = np.sin(e), np.cos(e)
    r3, r58, r38, r15 = np.sqrt(3), np.sqrt(5 / 8), np.sqrt(3 / 8), np.sqrt(15)
    return np.array(
        [
            np.ones_like(a),
            np.sin(a) * c,  # Y
            s,  # Z
            np.cos(a) * c,  # X
            r3 / 2 * c**2 * np.sin(2 * a),  # V
            r3 / 2 * np.sin(2 * e) * np.sin(a),  # T
            0.5 * (3 * s**2 - 1),  # R
            r3 / 2 * np.sin(2 * e) * np.cos(a),  # S
            r3 / 2 * c**2 * np.cos(2 * a),  # U
            r58 * c**3 * np.sin(3 * a),  # Q
            r15 / 2 * s * c**2 * np.sin(2 * a),  # O
            r38 * c * (5 * s**2 - 1) * np.sin(a),  # M
            0.5 * s * (5 * s**2 - 3),  # K
            r38 * c * (5 * s**2 - 1) * np.cos(a),  # L
            r15 / 2 * s * c**2 * np.cos(2 * a),  # N
            r58 * c**3 * np.cos(3 * a),  # P
        ]
    )


def test_harmonics_match_the_ambix_table(rng):
    az = rng.uniform(-180, 180, 200)
    el = rng.uniform(-90, 90, 200)
    np.testing.assert_allclose(sn3d_harmonics(az, el, 3), _ambix_table(az, el), atol=1e-12)


def test_sn3d_each_order_has_unit_energy(rng):
    y = sn3d_harmonics(rng.uniform(-180, 180, 50), rng.uniform(-90, 90, 50), 3)
    for degree in range(4):
        np.testing.assert_allclose(
            np.sum(y[degree**2 : (degree + 1) ** 2] ** 2, axis=0), 1.0, atol=1e-12
        )


def test_left_is_positive_y():
    b = encode_point_source(np.ones(4, np.float32), azimuth_deg=90.0, elevation_deg=0.0, order=1)
    np.testing.assert_allclose(b[:, 0], [1.0, 1.0, 0.0, 0.0], atol=1e-7)  # W, Y, Z, X


_GRID_AZ, _GRID_EL = np.meshgrid(np.arange(-180, 180, 5.0), np.arange(-85, 90, 5.0))


def _decoded_direction(b):
    energy = steered_response(b, _GRID_AZ.ravel(), _GRID_EL.ravel())
    k = int(np.argmax(energy))
    return _GRID_AZ.ravel()[k], _GRID_EL.ravel()[k]


def _angle_deg(az1, el1, az2, el2):
    a1, e1, a2, e2 = map(np.radians, (az1, el1, az2, el2))
    cos = np.sin(e1) * np.sin(e2) + np.cos(e1) * np.cos(e2) * np.cos(a1 - a2)
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("direction", [(90.0, 0.0), (-135.0, 30.0), (20.0, -40.0), (180.0, 60.0)])
def test_decoding_finds_the_encoded_direction(order, direction, rng):
    noise = rng.standard_normal(2048).astype(np.float32)
    b = encode_point_source(
        noise, azimuth_deg=direction[0], elevation_deg=direction[1], order=order
    )
    assert b.shape == ((order + 1) ** 2, 2048)
    found = _decoded_direction(b)
    assert _angle_deg(*found, *direction) <= 4.0  # grid spacing 5 deg


def test_higher_orders_give_narrower_beams(rng):
    noise = rng.standard_normal(1024).astype(np.float32)
    widths = []
    for order in (1, 2, 3):
        b = encode_point_source(noise, azimuth_deg=0.0, elevation_deg=0.0, order=order)
        az = np.arange(0, 180, 1.0)
        energy = steered_response(b, az, np.zeros_like(az))
        widths.append(az[np.argmax(energy < energy[0] / 2)])  # half-power beam half-width
    assert widths[0] > widths[1] > widths[2]


def test_distance_follows_the_inverse_distance_law():
    x = np.ones(100, np.float32)
    near = encode_point_source(x, azimuth_deg=0, elevation_deg=0, distance_m=1.4, order=1)
    far = encode_point_source(x, azimuth_deg=0, elevation_deg=0, distance_m=5.6, order=1)
    assert near[0, 0] == pytest.approx(1.0)  # 0 dB at the reference distance
    assert far[0, 0] == pytest.approx(0.25)  # 4x the distance: -12 dB


def test_moving_source_is_decoded_along_its_path(rng):
    path = SpatialPath.from_keyframes(
        [Keyframe(0.0, 90.0), Keyframe(1.0, -90.0)]
    )  # left -> front -> right
    region = Region(1.0, 3.0, "left to right", path)
    noise = rng.standard_normal(4 * SR).astype(np.float32)
    b, notices = encode_track(noise, build_timeline([region]), SR, config=AmbisonicsConfig(order=3))
    assert not notices

    def at(t_s):
        i = int(t_s * SR)
        return _decoded_direction(b[:, i : i + 480])

    assert _angle_deg(*at(0.2), 90, 0) <= 4  # before the region: holds the start
    assert _angle_deg(*at(2.0 - 0.005), 0, 0) <= 6  # half-way: in front
    assert _angle_deg(*at(3.5), -90, 0) <= 4  # after: holds the end


def test_positions_hold_between_regions():
    r1 = Region(0.0, 1.0, "", SpatialPath.static(30.0, 0.0, 2.0))
    r2 = Region(2.0, 3.0, "", SpatialPath.static(-60.0, 10.0, 3.0))
    az, el, dist = build_timeline([r2, r1]).positions(np.arange(4 * SR) / SR)
    assert az[int(1.5 * SR)] == pytest.approx(30.0) and dist[int(1.5 * SR)] == pytest.approx(2.0)
    assert az[int(2.5 * SR)] == pytest.approx(-60.0) and el[int(3.9 * SR)] == pytest.approx(10.0)


def test_order_must_be_one_to_three():
    with pytest.raises(ParameterError, match="order"):
        AmbisonicsConfig(order=4)


@pytest.mark.parametrize("order", [1, 3])
def test_ambix_export_writes_acn_channels_of_the_scene(scene, tmp_path, order):
    session, _ = scene
    result = export_session(
        session,
        None,
        fmt="ambix",
        out_dir=tmp_path / "out",
        options=ExportOptions(name="scene", bit_depth="float32", ambisonics_order=order),
    )
    audio, rate = sf.read(str(result.main_file), dtype="float32", always_2d=True)
    assert rate == SR and audio.shape[1] == (order + 1) ** 2
    # W is the sum of the sources, each at 2 m: gain 1.4 / 2.
    sources = [sf.read(str(session.audio_path(t)), dtype="float32")[0] for t in session.tracks]
    np.testing.assert_allclose(audio[:, 0], 0.7 * np.sum(sources, axis=0), atol=1e-6)
    dialog = audio[int(1.6 * SR) : int(3.4 * SR)].T  # only "Dialog" (at +90 deg) plays here
    assert _angle_deg(*_decoded_direction(dialog), 90, 0) <= 4
