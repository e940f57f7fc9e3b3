"""The live block renderer against the offline renderer, head rotation, edits."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from _physical_helpers import band_energy, gcc_phat_itd_s
from conftest import FS
from scipy.signal import butter, sosfilt

from engine.hrtf import HrtfSet
from engine.live.engine import LiveEngine
from engine.physical import render_track
from engine.render_session import load_track_audio, render_session
from engine.resolve import resolve_regions
from engine.timeline import build_timeline


def _play(engine: LiveEngine, n_samples: int, on_block=None) -> np.ndarray:
    blocks = []
    while sum(b.shape[1] for b in blocks) < n_samples:
        if on_block is not None:
            on_block(len(blocks))
        blocks.append(engine.render())
    return np.concatenate(blocks, axis=1)[:, :n_samples]


def _offline_with(session, config) -> np.ndarray:
    """The session rendered offline by the physical engine with ``config``."""
    hrtf = HrtfSet.load(None, FS)
    stems = []
    for track in session.tracks:
        mono = load_track_audio(session, track).samples * np.float32(10 ** (track.gain_db / 20))
        regions = resolve_regions(track, [])
        stems.append(
            render_track(
                mono,
                build_timeline(regions, room=session.room),
                hrtf,
                sample_rate_hz=FS,
                config=config,
            )
        )
    n = max(s.shape[1] for s in stems)
    return np.sum([np.pad(s, ((0, 0), (0, n - s.shape[1]))) for s in stems], axis=0)


def test_live_equals_offline_without_head_movement(make_session, noise_s):
    # Tolerance: float32 rounding only (1e-4 of the peak, -80 dB; live applies the track
    # gain after rendering, offline before). Same framing (hop = block =
    # 256) as the offline renderer configured alike: moving sources, Doppler, rooms.
    session = make_session(
        {
            "a": (
                noise_s(2.0, 1),
                [(0.0, 1.0, "left"), (1.0, 2.0, "moves from behind to the right, far")],
            ),
            "b": (noise_s(2.0, 2), [(0.0, 2.0, "front right, close")]),
        },
        room="small room",
        gain_db=-6.0,
    )
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    offline = _offline_with(session, live.config)
    out = _play(live, offline.shape[1])
    err = np.max(np.abs(out - offline)) / np.max(np.abs(offline))
    assert err < 1e-4
    # A still source in an anechoic session equals the default offline render too.
    still = make_session({"c": (noise_s(1.0, 4), [(0.0, 1.0, "30 degrees to the left")])})
    live = LiveEngine(still, block_samples=256)
    live.start_at(0.0)
    mix = render_session(still).mix
    out = _play(live, mix.shape[1])
    assert np.max(np.abs(out - mix)) / np.max(np.abs(mix)) < 1e-5


def test_turning_the_head_moves_the_source_without_clicks(make_session):
    # The moving-source click metric of tests/physical: a 300 Hz sine has no energy above
    # 6 kHz; turning the head 90 degrees in one step must not add any.
    t = np.arange(2 * FS) / FS
    sine = (0.5 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    session = make_session({"s": (sine, [(0.0, 2.0, "straight ahead")])})
    turn_block = FS // 256  # one second in

    def render(turn: bool) -> np.ndarray:
        live = LiveEngine(session, block_samples=256)
        live.start_at(0.0)
        return _play(
            live,
            2 * FS - FS // 10,
            (lambda k: live.head.set_ypr(90, 0, 0) if turn and k == turn_block else None),
        )

    turned, still = render(True), render(False)
    high = sosfilt(butter(8, 6000, "highpass", fs=FS, output="sos"), turned[0])
    core = slice(FS // 5, turned.shape[1] - FS // 20)
    ratio = band_energy(high[core], FS, 6000, 24000) / band_energy(turned[0][core], FS, 0, 24000)
    assert ratio < 1e-6
    # Counter-case: the same two renders spliced without a crossfade click.
    switch = turn_block * 256
    spliced = np.concatenate([still[0, :switch], turned[0, switch + 1024 :]])
    high = sosfilt(butter(8, 6000, "highpass", fs=FS, output="sos"), spliced)
    core = slice(FS // 5, spliced.size - FS // 20)
    naive = band_energy(high[core], FS, 6000, 24000) / band_energy(spliced[core], FS, 0, 24000)
    assert naive > 100 * ratio
    # After the turn the source is on the right: the right ear leads (negative ITD).
    after = slice(switch + 4096, switch + 4096 + FS // 2)
    assert np.mean(turned[1, after] ** 2) > 2 * np.mean(turned[0, after] ** 2)


def test_front_source_itd_is_zero_then_right_leads_after_a_turn(make_session, noise_s):
    session = make_session({"n": (noise_s(1.0), [(0.0, 1.0, "straight ahead")])})
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    out = _play(live, FS, lambda k: live.head.set_ypr(90, 0, 0) if k == 94 else None)
    before = gcc_phat_itd_s(out[0, 4000:23000], out[1, 4000:23000], FS)
    after = gcc_phat_itd_s(out[0, 26000:47000], out[1, 26000:47000], FS)
    assert abs(before) < 5e-5
    assert after < -5e-4  # left ear lags: the source is on the right


def test_edits_swap_in_without_stopping_and_gain_mute_ramp(make_session, noise_s):
    session = make_session({"n": (noise_s(3.0), [(0.0, 3.0, "on the left")])})
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.5)  # starts mid-session
    assert live.position == 24_000
    _play(live, 2560)
    track = session.tracks[0]
    moved = replace(track, regions=(replace(track.regions[0], prompt="on the right"),))
    swapped: list[int] = []
    live.on_swap = swapped.append
    live.set_session(session.with_track(0, moved))
    assert live.wait_until_published()
    out = _play(live, FS // 2)
    live.close()
    assert swapped, "the edit was never picked up"
    late = out[:, -FS // 4 :]
    assert np.mean(late[1] ** 2) > 4 * np.mean(late[0] ** 2)  # now on the right
    # Any step between blocks is no larger than the signal's own sample-to-sample steps.
    assert np.max(np.abs(np.diff(out, axis=1))) < 4 * np.percentile(
        np.abs(np.diff(out, axis=1)), 99.9
    )
    # Mute: ramps to silence within one block, no new voice needed.
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    _play(live, 2560)
    live.set_session(replace(session, tracks=(replace(track, mute=True),)))
    assert live.wait_until_published()
    out = _play(live, FS // 4)
    live.close()
    assert np.max(np.abs(out[:, -FS // 10 :])) == 0.0
    ramp = np.abs(out[0]) > 0
    assert ramp.any()


def test_bad_block_size_is_refused(make_session, noise_s):
    from engine.errors import SessionError

    session = make_session({"n": (noise_s(0.5), [(0.0, 0.5, "left")])})
    with pytest.raises(SessionError, match="block_samples"):
        LiveEngine(session, block_samples=300)


def test_neural_track_plays_its_rendered_stem_once_ready(make_session, noise_s):
    session = make_session({"n": (noise_s(2.0), [(0.0, 2.0, "on the left")])}, engine="neural")
    stem = np.zeros((2, 2 * FS), np.float32)
    stem[1] = 0.25  # recognisable: right ear only
    calls = []
    release = threading.Event()

    def fake_neural(s, index):
        calls.append(index)
        release.wait(5.0)  # a render that takes a while
        return stem

    live = LiveEngine(session, block_samples=256, neural_renderer=fake_neural)
    live.start_at(0.0)
    first = _play(live, 2560)
    assert np.mean(first[0] ** 2) > 4 * np.mean(first[1] ** 2)  # physical engine meanwhile
    release.set()
    assert live.wait_until_published(5.0)
    out = _play(live, FS // 4)
    live.close()
    assert calls == [0]
    np.testing.assert_allclose(out[:, -FS // 10 :], np.broadcast_to(stem[:, :1], (2, FS // 10)))


def test_an_edit_in_a_room_ends_up_exactly_as_the_edited_session_renders(make_session, noise_s):
    # The direct sound swaps at once, the room sound of the new placement follows; once
    # both crossfades are done the live output is the offline render of the edited session
    # (the new voice's room sound is pre-rolled with 3 s of history: no reverb drop-out).
    session = make_session({"n": (noise_s(3.0), [(0.0, 3.0, "on the left")])}, room="small room")
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    before = _play(live, 94 * 256)  # whole blocks: the pieces are joined below
    track = session.tracks[0]
    edited = session.with_track(
        0, replace(track, regions=(replace(track.regions[0], prompt="on the right"),))
    )
    live.set_session(edited)
    assert live.wait_until_published()
    deadline = time.monotonic() + 5.0
    while live.stats.swaps == 0 or any(
        s.voice.pending_rooms is not None or not s.voice.owns_rooms for s in live._slots
    ):
        before = np.concatenate([before, live.render()], axis=1)
        assert time.monotonic() < deadline
    after = _play(live, 188 * 256)
    live.close()
    out = np.concatenate([before, after], axis=1)
    reference = _offline_with(edited, live.config)
    tail = slice(out.shape[1] - FS // 2, out.shape[1])
    err = np.max(np.abs(out[:, tail] - reference[:, tail])) / np.max(np.abs(reference))
    assert err < 1e-4


def test_a_track_whose_audio_is_missing_is_silent_with_a_notice(make_session, noise_s, tmp_path):
    session = make_session({"a": (noise_s(1.0), [(0.0, 1.0, "left")]), "b": (noise_s(1.0), [])})
    (tmp_path / "b.wav").unlink()
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    out = _play(live, FS // 4)
    assert np.mean(out[0] ** 2) > 4 * np.mean(out[1] ** 2)  # track a plays
    assert any("'b' is silent" in n for n in live.stats.notices)
