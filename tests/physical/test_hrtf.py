"""HRTF sets: default KEMAR, user SOFA files, interpolation, errors."""

from __future__ import annotations

import numpy as np
import pytest
import sofar

from engine.errors import HrtfError
from engine.hrtf import HrtfSet, read_sofa_hrirs

FS = 48_000


def test_default_kemar_resampled_to_session_rate(kemar):
    assert kemar.n_directions == 710
    assert kemar.sample_rate_hz == FS
    assert kemar.n_taps == int(np.ceil(512 * FS / 44_100))
    assert kemar.reference_distance_m == pytest.approx(1.4)


def test_load_is_cached_per_path_and_rate(kemar):
    assert HrtfSet.load(None, FS) is kemar
    assert HrtfSet.load(None, 44_100) is not kemar


def test_hrir_at_measured_direction_is_the_measured_hrir(kemar):
    for az, el in [(90.0, 0.0), (0.0, 0.0), (-150.0, 30.0), (0.0, 90.0)]:
        i = kemar.nearest_index(az, el)
        np.testing.assert_allclose(
            kemar.hrir(kemar.azimuth_deg[i], kemar.elevation_deg[i]), kemar.measured[i], atol=1e-6
        )


def test_weights_are_a_partition_of_unity(kemar, rng):
    idx, w = kemar.weights(rng.uniform(-180, 180, 500), rng.uniform(-90, 90, 500))
    assert idx.shape == w.shape == (500, 3)
    assert np.all(w >= 0)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)


def _spectrum_db(h: np.ndarray, n_fft: int = 2048) -> np.ndarray:
    return 20 * np.log10(np.abs(np.fft.rfft(h, n_fft)) + 1e-9)


def test_interpolation_has_no_comb_filtering(kemar):
    # Between two measured azimuths whose far-ear onsets differ, averaging raw HRIRs
    # combs (deep notches); the delay/filter split must stay close to the neighbours.
    a, b = kemar.nearest_index(-60.0, 0.0), kemar.nearest_index(-40.0, 0.0)
    az_a, az_b = kemar.azimuth_deg[a], kemar.azimuth_deg[b]
    assert kemar.delays[a, 0] != kemar.delays[b, 0]
    mid = kemar.hrir(0.5 * (az_a + az_b), 0.0)
    naive = 0.5 * (kemar.measured[a] + kemar.measured[b])
    f = np.fft.rfftfreq(2048, 1 / FS)
    band = (f > 1000) & (f < 16000)
    for ear in (0, 1):
        neighbours = 0.5 * (
            _spectrum_db(kemar.measured[a, ear]) + _spectrum_db(kemar.measured[b, ear])
        )
        ours = np.abs(_spectrum_db(mid[ear]) - neighbours)[band]
        theirs = np.abs(_spectrum_db(naive[ear]) - neighbours)[band]
        assert np.mean(ours) < np.mean(theirs)
    # The interpolated ITD lies between the neighbours'.
    _, delays = kemar.interpolate([0.5 * (az_a + az_b)], [0.0])
    itd = delays[0, 0] - delays[0, 1]
    lo, hi = sorted(
        [kemar.delays[a, 0] - kemar.delays[a, 1], kemar.delays[b, 0] - kemar.delays[b, 1]]
    )
    assert lo <= itd <= hi


def test_minimum_phase_decomposition_keeps_magnitude(kemar):
    mp = HrtfSet.load(None, FS, decomposition="minimum_phase")
    i = kemar.nearest_index(45.0, 0.0)
    f = np.fft.rfftfreq(2048, 1 / FS)
    band = (f > 200) & (f < 18000)
    diff = _spectrum_db(mp.hrir(kemar.azimuth_deg[i], 0.0)[0]) - _spectrum_db(kemar.measured[i, 0])
    assert np.max(np.abs(diff[band])) < 1.0


# --------------------------------------------------------------------------- user files


def _write_sofa(
    path, *, ir, positions, rate=48_000, convention="SimpleFreeFieldHRIR", kind="spherical"
):
    sofa = sofar.Sofa(convention)
    sofa.Data_IR = ir
    sofa.Data_SamplingRate = rate
    sofa.SourcePosition = positions
    if kind == "cartesian":
        sofa.SourcePosition_Type = "cartesian"
        sofa.SourcePosition_Units = "metre"
    if ir.shape[1] != 2:
        sofa.ReceiverPosition = np.zeros((ir.shape[1], 3))
        sofa.Data_Delay = np.zeros((1, ir.shape[1]))
    sofar.write_sofa(str(path), sofa, compression=0)
    return path


def _kemar_subset(kemar, step=7):
    sel = np.arange(0, kemar.n_directions, step)
    pos = np.stack(
        [kemar.azimuth_deg[sel], kemar.elevation_deg[sel], np.full(sel.size, 1.4)], axis=1
    )
    return kemar.measured[sel].astype(np.float64), pos


def test_user_sofa_file_loads(kemar, tmp_path):
    ir, pos = _kemar_subset(kemar)
    path = _write_sofa(tmp_path / "user.sofa", ir=ir, positions=pos)
    user = HrtfSet.load(path, FS)
    assert user.n_directions == pos.shape[0]
    i = 3
    np.testing.assert_allclose(user.hrir(pos[i, 0], pos[i, 1]), ir[i], atol=1e-6)


def test_cartesian_positions_are_converted(kemar, tmp_path):
    ir, pos = _kemar_subset(kemar)
    az, el = np.radians(pos[:, 0]), np.radians(pos[:, 1])
    xyz = 1.4 * np.stack([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)], axis=1)
    data = read_sofa_hrirs(
        _write_sofa(tmp_path / "cart.sofa", ir=ir, positions=xyz, kind="cartesian")
    )
    wrapped = (pos[:, 0] + 180) % 360 - 180
    ok = np.abs(pos[:, 1]) < 89.9  # azimuth is arbitrary at the poles
    np.testing.assert_allclose(((data.azimuth_deg - wrapped + 180) % 360 - 180)[ok], 0.0, atol=1e-6)
    np.testing.assert_allclose(data.elevation_deg, pos[:, 1], atol=1e-6)


def test_right_ear_first_file_is_swapped(kemar, tmp_path):
    ir, pos = _kemar_subset(kemar)
    sofa = sofar.Sofa("SimpleFreeFieldHRIR")
    sofa.Data_IR = ir[:, ::-1, :]  # right ear stored first ...
    sofa.Data_SamplingRate = 48_000
    sofa.SourcePosition = pos
    sofa.ReceiverPosition = np.array([[0.0, -0.09, 0.0], [0.0, 0.09, 0.0]])  # ... and declared so
    path = tmp_path / "swapped.sofa"
    sofar.write_sofa(str(path), sofa, compression=0)
    np.testing.assert_array_equal(read_sofa_hrirs(path).ir, ir)


def test_missing_file_raises_hrtf_error(tmp_path):
    with pytest.raises(HrtfError, match="not found"):
        HrtfSet.load(tmp_path / "nope.sofa", FS)


def test_garbage_file_raises_hrtf_error_naming_it(tmp_path):
    bad = tmp_path / "garbage.sofa"
    bad.write_bytes(b"this is not netCDF" * 10)
    with pytest.raises(HrtfError, match="garbage.sofa"):
        HrtfSet.load(bad, FS)


def test_wrong_receiver_count_raises(tmp_path, kemar):
    ir, pos = _kemar_subset(kemar)
    three = np.concatenate([ir, ir[:, :1]], axis=1)
    path = _write_sofa(tmp_path / "three.sofa", ir=three, positions=pos)
    with pytest.raises(HrtfError, match="3 receivers"):
        HrtfSet.load(path, FS)


def test_unsupported_convention_raises(tmp_path):
    sofa = sofar.Sofa("GeneralTF")
    path = tmp_path / "tf.sofa"
    sofar.write_sofa(str(path), sofa, compression=0)
    with pytest.raises(HrtfError, match="convention 'GeneralTF'"):
        HrtfSet.load(path, FS)


def test_nan_samples_raise(tmp_path, kemar):
    ir, pos = _kemar_subset(kemar)
    ir[2, 0, 10] = np.nan
    path = _write_sofa(tmp_path / "nan.sofa", ir=ir, positions=pos)
    with pytest.raises(HrtfError, match="NaN"):
        HrtfSet.load(path, FS)


def test_default_hrtf_is_the_kemar_copy_shipped_in_the_package(monkeypatch):
    """Wheels and the bundle carry MIT KEMAR themselves: no system package needed."""
    from engine.hrtf.hrtf_set import BUNDLED_KEMAR, default_hrtf_path

    monkeypatch.delenv("EARSPACE_DEFAULT_HRTF", raising=False)
    assert default_hrtf_path() == BUNDLED_KEMAR
    assert (BUNDLED_KEMAR.parent / "LICENSE-MIT-KEMAR.txt").is_file()
    hrirs = read_sofa_hrirs(BUNDLED_KEMAR)
    assert hrirs.ir.shape[0] == 710
