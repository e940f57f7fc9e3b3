"""Physical renderer: physics oracles, reference convolution, streaming, rooms."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from _physical_helpers import band_energy, dominant_frequency_hz, gcc_phat_itd_s, level_db, rt60_s
from scipy.signal import butter, fftconvolve, sosfilt

from engine.errors import ParameterError, RenderCancelled
from engine.physical import RenderConfig, StreamingRenderer, render_file
from engine.physical import render_track as render_timeline
from engine.session import Region
from engine.spatial_path import Keyframe, SpatialPath
from engine.timeline import build_timeline

FS = 48_000


def render_track(x, regions, hrtf, *, room="anechoic", **kwargs):
    """The physical engine on the timeline of ``regions`` in ``room``."""
    return render_timeline(x, build_timeline(regions, room=room), hrtf, **kwargs)


def _static(az, el=0.0, dist=1.4, start=0.0, end=1.0, room=None):
    return Region(start, end, "test", SpatialPath.static(az, el, dist), room)


def _moving(keyframes, start=0.0, end=1.0):
    return Region(start, end, "test", SpatialPath.from_keyframes([Keyframe(*k) for k in keyframes]))


# --------------------------------------------------------------------------- physics


def test_source_at_left_is_louder_and_earlier_in_left_ear(kemar, noise):
    # KEMAR's broadband ITD at +90 deg is about 0.72 ms (GCC-PHAT and plain
    # cross-correlation agree to 1/8 sample); "about 0.6-0.7 ms" allows for that.
    y = render_track(noise, [_static(90.0)], kemar, sample_rate_hz=FS)
    ild = level_db(y[0]) - level_db(y[1])
    itd = gcc_phat_itd_s(y[0], y[1], FS)
    assert ild > 6.0
    assert 0.6e-3 <= itd <= 0.75e-3


def test_source_at_right_mirrors_left(kemar, noise):
    y = render_track(noise, [_static(-90.0)], kemar, sample_rate_hz=FS)
    assert level_db(y[1]) - level_db(y[0]) > 6.0
    assert -0.75e-3 <= gcc_phat_itd_s(y[0], y[1], FS) <= -0.6e-3


def test_front_source_ears_match(kemar, noise):
    y = render_track(noise, [_static(0.0)], kemar, sample_rate_hz=FS)
    assert abs(level_db(y[0]) - level_db(y[1])) < 1.0
    assert abs(gcc_phat_itd_s(y[0], y[1], FS)) < 0.05e-3


def test_left_to_right_sweep_changes_itd_sign_once(kemar):
    x = (0.1 * np.random.default_rng(3).standard_normal(3 * FS)).astype(np.float32)
    y = render_track(x, [_moving([(0.0, 90.0), (1.0, -90.0)], end=3.0)], kemar, sample_rate_hz=FS)
    win = FS // 10
    itds = np.array(
        [
            gcc_phat_itd_s(y[0, i : i + win], y[1, i : i + win], FS)
            for i in range(0, 3 * FS - win, win)
        ]
    )
    signs = np.sign(itds[np.abs(itds) > 0.05e-3])
    assert signs[0] > 0 and signs[-1] < 0
    assert np.count_nonzero(np.diff(signs)) == 1


def test_static_render_equals_convolution_with_measured_hrir(kemar, noise):
    for az, el in [(90.0, 0.0), (-30.0, 20.0), (150.0, -40.0)]:
        i = kemar.nearest_index(az, el)
        region = _static(
            float(kemar.azimuth_deg[i]), float(kemar.elevation_deg[i]), kemar.reference_distance_m
        )
        y = render_track(noise, [region], kemar, sample_rate_hz=FS)
        ref = np.stack(
            [
                fftconvolve(noise.astype(np.float64), kemar.measured[i, e].astype(np.float64))
                for e in (0, 1)
            ]
        )
        n = ref.shape[1]
        assert y.shape[1] >= n
        err = np.linalg.norm(y[:, :n] - ref) / np.linalg.norm(ref)
        assert err < 1e-4
        assert np.max(np.abs(y[:, n:])) < 1e-5 * np.max(np.abs(ref))


def test_no_region_placed_renders_in_front_with_notice(kemar, noise):
    timeline = build_timeline([Region(0.0, 1.0, "somewhere nice")])
    notices = list(timeline.notices)
    y = render_timeline(noise, timeline, kemar, sample_rate_hz=FS)
    front = render_track(
        noise, [_static(0.0, 0.0, kemar.reference_distance_m)], kemar, sample_rate_hz=FS
    )
    np.testing.assert_allclose(y, front, atol=1e-6)
    assert any("front" in n for n in notices)
    assert any("no placement" in n for n in notices)


def test_positions_hold_before_between_and_after_regions(kemar):
    x = (0.1 * np.random.default_rng(4).standard_normal(6 * FS)).astype(np.float32)
    regions = [_static(90.0, start=2.0, end=3.0), _static(-90.0, start=4.0, end=4.5)]
    y = render_track(x, regions, kemar, sample_rate_hz=FS)

    def ild(t0, t1):
        a, b = int(t0 * FS), int(t1 * FS)
        return level_db(y[0, a:b]) - level_db(y[1, a:b])

    assert ild(0.2, 1.8) > 6  # before the first region: its start position (left)
    assert ild(3.2, 3.8) > 6  # between regions: holds the last position (left)
    assert ild(4.7, 5.8) < -6  # after the last region: holds its end (right)


# --------------------------------------------------------------------------- streaming


def test_streamed_render_equals_one_shot(kemar):
    x = (0.1 * np.random.default_rng(5).standard_normal(FS)).astype(np.float32)
    regions = [_moving([(0.0, 60.0, 0.0, 5.0), (1.0, -120.0, 30.0, 1.0)], end=0.8)]
    one_shot = render_track(x, regions, kemar, sample_rate_hz=FS, room="small room")
    stream = StreamingRenderer(build_timeline(regions, room="small room"), kemar, sample_rate_hz=FS)
    sizes = np.random.default_rng(6).integers(1, 5000, size=200)
    parts, pos = [], 0
    for s in sizes:
        parts.append(stream.process(x[pos : pos + s]))
        pos += s
        if pos >= x.size:
            break
    parts.append(stream.process(x[pos:]))
    parts.append(stream.flush())
    streamed = np.concatenate(parts, axis=1)
    assert streamed.shape == one_shot.shape
    np.testing.assert_allclose(streamed, one_shot, atol=1e-5 * np.max(np.abs(one_shot)))


def test_render_file_equals_render_track(kemar, tmp_path, write_audio):
    import soundfile as sf

    x = (0.1 * np.random.default_rng(8).standard_normal(FS // 2)).astype(np.float32)
    src = write_audio("in.wav", x)
    regions = [_moving([(0.0, 90.0), (1.0, -90.0)], end=0.5)]
    report = render_file(
        src,
        tmp_path / "out.wav",
        build_timeline(regions),
        kemar,
        config=RenderConfig(chunk_samples=3000),
    )
    y, rate = sf.read(tmp_path / "out.wav", dtype="float32", always_2d=True)
    ref = render_track(x, regions, kemar, sample_rate_hz=FS)
    assert rate == FS and report.n_output_samples == ref.shape[1]
    np.testing.assert_allclose(y.T, ref, atol=1e-5)
    assert report.peak == pytest.approx(float(np.max(np.abs(ref))), rel=1e-5)


def test_cancel_stops_render(kemar, noise):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(RenderCancelled):
        render_track(noise, [_static(30.0)], kemar, sample_rate_hz=FS, cancel=cancel)


def test_rate_mismatch_is_a_parameter_error(kemar, noise):
    with pytest.raises(ParameterError, match="44100"):
        render_track(noise, [_static(30.0)], kemar, sample_rate_hz=44_100)


# --------------------------------------------------------------------------- motion quality


def _high_band(x: np.ndarray) -> np.ndarray:
    return sosfilt(butter(8, 6000, "highpass", fs=FS, output="sos"), x)


def test_moving_source_has_no_clicks(kemar):
    # A 300 Hz sine has no energy above 6 kHz; a fast-moving source must not add any
    # (a hard filter switch at block boundaries does: checked below as the counter-case).
    t = np.arange(2 * FS) / FS
    x = (0.5 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    regions = [
        _moving([(0.0, 0.0), (0.25, 90.0), (0.5, 180.0), (0.75, -90.0), (1.0, 0.0)], end=2.0)
    ]
    y = render_track(x, regions, kemar, sample_rate_hz=FS, doppler=False)
    core = slice(FS // 10, 2 * FS - FS // 10)
    ratio = band_energy(_high_band(y[0])[core], FS, 6000, 24000) / band_energy(
        y[0][core], FS, 0, 24000
    )
    assert ratio < 1e-6

    # Counter-case: switching filters without crossfade clicks audibly.
    hop = 1024
    switched = np.zeros(x.size + 2 * hop + kemar.n_taps)
    for start in range(0, x.size, hop):
        az, _, _ = regions[0].path.sample(np.array([(start + hop / 2) / (2 * FS)]))
        h = kemar.hrir(float(az[0]), 0.0)[0]
        piece = np.convolve(x[start : start + hop], h)
        switched[start : start + piece.size] += piece
    naive = band_energy(_high_band(switched)[core], FS, 6000, 24000) / band_energy(
        switched[core], FS, 0, 24000
    )
    assert naive > 100 * ratio


def test_far_source_is_quieter_and_duller(kemar, noise):
    near = render_track(noise, [_static(30.0, dist=1.4)], kemar, sample_rate_hz=FS, doppler=False)
    far = render_track(noise, [_static(30.0, dist=50.0)], kemar, sample_rate_hz=FS, doppler=False)
    drop = level_db(near[0]) - level_db(far[0])
    assert 20 * np.log10(50 / 1.4) - 1 < drop < 20 * np.log10(50 / 1.4) + 3
    tilt_near = band_energy(near[0], FS, 6000, 16000) / band_energy(near[0], FS, 200, 2000)
    tilt_far = band_energy(far[0], FS, 6000, 16000) / band_energy(far[0], FS, 200, 2000)
    assert 10 * np.log10(tilt_near / tilt_far) > 2.0


def test_doppler_pitch_rises_then_falls(kemar):
    t = np.arange(4 * FS) / FS
    x = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    passing = [
        _moving([(0.0, 85.0, 0.0, 60.0), (0.5, 0.0, 0.0, 3.0), (1.0, -85.0, 0.0, 60.0)], end=4.0)
    ]
    seg = FS // 2
    for doppler in (True, False):
        y = render_track(x, passing, kemar, sample_rate_hz=FS, doppler=doppler)
        early = dominant_frequency_hz(y[0, FS // 4 : FS // 4 + seg], FS)
        late = dominant_frequency_hz(y[0, 3 * FS : 3 * FS + seg], FS)
        if doppler:
            assert early > 1010.0 and late < 990.0
        else:
            assert abs(early - 1000.0) < 2.0 and abs(late - 1000.0) < 2.0


def test_doppler_delays_far_static_source(kemar, noise):
    near = render_track(noise, [_static(0.0, dist=1.4)], kemar, sample_rate_hz=FS)
    far = render_track(noise, [_static(0.0, dist=35.7)], kemar, sample_rate_hz=FS)
    lag = np.argmax(fftconvolve(far[0], near[0][::-1])) - (near.shape[1] - 1)
    assert lag == pytest.approx((35.7 - 1.4) / 343.0 * FS, abs=1.0)


# --------------------------------------------------------------------------- rooms


def _late_rt60(kemar, room):
    """RT60 of the reverberation alone (from 0.1 s on, after direct sound and early echoes)."""
    y = _impulse_response(kemar, room)[0]
    return rt60_s(y[FS // 10 :], FS)


def _impulse_response(kemar, room):
    x = np.zeros(FS // 10, dtype=np.float32)
    x[0] = 1.0
    return render_track(x, [_static(30.0, dist=2.0, end=0.1)], kemar, sample_rate_hz=FS, room=room)


def test_anechoic_has_no_tail(kemar):
    y = _impulse_response(kemar, "anechoic")
    assert np.max(np.abs(y[:, 2 * kemar.n_taps :])) < 1e-6


@pytest.mark.parametrize("room", ["small room", "bathroom", "large hall", "outdoors", "cathedral"])
def test_room_adds_a_tail(kemar, room):
    y = _impulse_response(kemar, room)
    dry = _impulse_response(kemar, "anechoic")
    assert y.shape[1] > dry.shape[1] + FS // 10
    late = y[:, 2 * kemar.n_taps :]
    assert level_db(late) > level_db(dry) - 40.0
    # Binaural, not mono: the tail's ears are different signals.
    assert np.corrcoef(late[0], late[1])[0, 1] < 0.9


def test_room_rt60_ordering(kemar):
    rt = {room: _late_rt60(kemar, room) for room in ["large hall", "cathedral"]}
    # Small rooms have decayed a lot by 0.1 s: measure them from the start of the tail.
    for room in ["small room", "bathroom"]:
        rt[room] = rt60_s(_impulse_response(kemar, room)[0][2 * kemar.n_taps :], FS)
    assert max(rt["small room"], rt["bathroom"]) < rt["large hall"] < rt["cathedral"]
    assert 0.2 < rt["small room"] < 0.8
    assert 2.5 < rt["cathedral"] < 6.0


def test_region_room_overrides_track_room(kemar, noise):
    dry = render_track(noise, [_static(30.0)], kemar, sample_rate_hz=FS)
    wet = render_track(noise, [_static(30.0, room="large hall")], kemar, sample_rate_hz=FS)
    assert wet.shape[1] > dry.shape[1] + FS


def test_moving_render_matches_scipy_block_crossfade_reference(kemar):
    # Slow reference: the same frames and crossfade windows, each fftconvolve'd with the
    # HRIR that HrtfSet.hrir gives for the frame centre's direction.
    cfg = RenderConfig()
    hop, fade = cfg.hop_samples, cfg.crossfade_samples
    x = (0.1 * np.random.default_rng(9).standard_normal(FS)).astype(np.float32)
    region = _moving([(0.0, 120.0, 10.0, 1.4), (0.5, 0.0, -20.0, 1.4), (1.0, -100.0, 40.0, 1.4)])
    y = render_track(x, [region], kemar, sample_rate_hz=FS, doppler=False)
    rise = 0.5 - 0.5 * np.cos(np.pi * (np.arange(fade) + 0.5) / fade)
    window = np.concatenate([rise, np.ones(hop - fade), 1.0 - rise])
    padded = np.concatenate([np.zeros(fade), x, np.zeros(hop + fade)])
    ref = np.zeros((2, padded.size + kemar.n_taps))
    for k in range(x.size // hop + 2):
        az, el, _ = region.path.sample(np.array([(k * hop + (hop - fade) / 2) / FS]))
        h = kemar.hrir(float(az[0]), float(el[0]))
        seg = padded[k * hop : k * hop + hop + fade]
        seg = seg * window[: seg.size]
        for e in (0, 1):
            ref[e, k * hop : k * hop + seg.size + h.shape[1] - 1] += fftconvolve(seg, h[e])
    ref = ref[:, fade : fade + x.size]
    err = np.linalg.norm(y[:, : x.size] - ref) / np.linalg.norm(ref)
    assert err < 3e-3


def test_render_file_refuses_to_clip_pcm24_and_leaves_nothing(kemar, tmp_path, write_audio):
    loud = write_audio("loud.wav", np.full(FS // 4, 0.99, dtype=np.float32))
    out = tmp_path / "out.wav"
    with pytest.raises(ParameterError, match="clip"):
        render_file(loud, out, build_timeline([_static(90.0, dist=0.3)]), kemar, subtype="PCM_24")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loud.wav"]


def test_render_file_downmixes_stereo_with_notice(kemar, tmp_path, write_audio):
    x = (0.1 * np.random.default_rng(10).standard_normal((FS // 4, 2))).astype(np.float32)
    report = render_file(
        write_audio("st.wav", x), tmp_path / "o.wav", build_timeline([_static(0.0)]), kemar
    )
    assert any("averaged to mono" in n for n in report.notices)
    assert report.n_output_samples > x.shape[0]


def test_distance_jump_between_regions_crossfades_without_squeal(kemar):
    # Region 1 near, region 2 far away, back to back: the propagation delay jumps by
    # ~80 ms. Sweeping the delay through that in one hop would pitch-shift wildly
    # (energy far from 500 Hz); the delay line must crossfade instead.
    t = np.arange(2 * FS) / FS
    x = (0.5 * np.sin(2 * np.pi * 500 * t)).astype(np.float32)
    regions = [
        _static(30.0, dist=1.4, start=0.0, end=1.0),
        _static(30.0, dist=30.0, start=1.0, end=2.0),
    ]
    y = render_track(x, regions, kemar, sample_rate_hz=FS)[0]
    around = y[FS - FS // 10 : FS + FS // 10] * np.hanning(FS // 5)
    off_pitch = 1.0 - band_energy(around, FS, 300, 700) / band_energy(around, FS, 0, 24000)
    assert off_pitch < 1e-3  # sweeping the delay instead gives ~8e-3
    late = y[FS + FS // 5 : 2 * FS - FS // 10]
    assert abs(dominant_frequency_hz(late, FS) - 500.0) < 1.0


def test_early_reflections_follow_each_region(kemar):
    # Impulses in two regions of one small room, source left then right: the first
    # reflections (the 10 ms after the direct sound, before the late tail builds up)
    # come mostly from the source's side.
    x = np.zeros(2 * FS, dtype=np.float32)
    i1, i2 = int(0.2 * FS), int(1.2 * FS)
    x[i1] = x[i2] = 1.0
    regions = [
        _static(90.0, dist=2.0, start=0.0, end=1.0),
        _static(-90.0, dist=2.0, start=1.0, end=2.0),
    ]
    y = render_track(x, regions, kemar, sample_rate_hz=FS, room="small room", doppler=False)
    dry = render_track(x, regions, kemar, sample_rate_hz=FS, doppler=False)
    wet = y[:, : dry.shape[1]] - dry
    first, second = wet[:, i1 : i1 + FS // 100], wet[:, i2 : i2 + FS // 100]
    assert level_db(first[0]) - level_db(first[1]) > 3.0
    assert level_db(second[1]) - level_db(second[0]) > 3.0


@pytest.mark.parametrize("rate", [44_100, 96_000])
def test_other_session_rates(rate):
    from engine.hrtf import HrtfSet

    hrtf = HrtfSet.load(None, rate)
    x = (0.1 * np.random.default_rng(11).standard_normal(rate // 2)).astype(np.float32)
    i = hrtf.nearest_index(90.0, 0.0)
    y = render_track(x, [_static(90.0, end=0.5)], hrtf, sample_rate_hz=rate)
    ref = np.stack(
        [fftconvolve(x.astype(np.float64), hrtf.measured[i, e].astype(np.float64)) for e in (0, 1)]
    )
    assert np.linalg.norm(y[:, : ref.shape[1]] - ref) / np.linalg.norm(ref) < 1e-4
    assert 0.6e-3 <= gcc_phat_itd_s(y[0], y[1], rate) <= 0.75e-3
