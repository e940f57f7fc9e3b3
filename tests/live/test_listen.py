"""Evidence: head tracking and prompt edits in a recorded, real-time-paced ``listen``.

OSC messages go to 127.0.0.1 only. Latencies are measured against the moment a sample
leaves the (virtual) device: ``PacedRecorder.play_time_s``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import soundfile as sf
from _physical_helpers import band_energy
from conftest import FS
from pythonosc.udp_client import SimpleUDPClient
from scipy.signal import butter, sosfilt

from engine.cli import main
from engine.live.engine import LiveEngine
from engine.live.head import HeadState
from engine.live.osc import HeadTrackerServer, TrackerSettings
from engine.live.player import PacedRecorder
from engine.session import save_session


def _reference(session, n: int) -> np.ndarray:
    """The same engine, unpaced, no head movement, no edit."""
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    return np.concatenate([live.render() for _ in range(-(-n // 256))], axis=1)[:, :n]


def _first_change(a: np.ndarray, b: np.ndarray) -> int:
    changed = np.flatnonzero(np.max(np.abs(a - b), axis=0) > 1e-6)
    assert changed.size, "the recording never changed"
    return int(changed[0])


def _itd_at_s(x: np.ndarray, freq_hz: float) -> float:
    """ITD of a sine from the interaural phase at ``freq_hz`` (+ = right ear lags)."""
    t = np.arange(x.shape[1]) / FS
    probe = np.exp(-2j * np.pi * freq_hz * t)
    phase = np.angle(np.sum(x[1] * probe) * np.conj(np.sum(x[0] * probe)))
    return float(-phase / (2 * np.pi * freq_hz))


def _click_ratio(x: np.ndarray) -> float:
    high = sosfilt(butter(8, 6000, "highpass", fs=FS, output="sos"), x)
    core = slice(FS // 5, x.size - FS // 20)
    return band_energy(high[core], FS, 6000, 24000) / band_energy(x[core], FS, 0, 24000)


def test_osc_head_turn_in_a_recorded_listen(make_session):
    t = np.arange(2 * FS) / FS
    sine = (0.5 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    session = make_session({"s": (sine, [(0.0, 2.0, "straight ahead")])})
    head = HeadState()
    live = LiveEngine(session, block_samples=256, head=head)
    live.start_at(0.0)
    recorder = PacedRecorder(live, 2.0)
    with HeadTrackerServer(head, TrackerSettings(port=0, host="127.0.0.1")) as server:

        def send() -> None:
            while recorder.t0 is None:
                time.sleep(0.001)
            time.sleep(max(0.0, recorder.t0 + 1.0 - time.perf_counter()))
            SimpleUDPClient("127.0.0.1", server.port).send_message(
                "/earspace/head/ypr", [90.0, 0.0, 0.0]
            )

        sender = threading.Thread(target=send)
        sender.start()
        rec = recorder.run()
        sender.join()
        arrived = server.last_message_s
    assert arrived is not None and server.total_messages == 1
    ref = _reference(session, rec.shape[1])
    change = _first_change(rec, ref)
    latency_s = recorder.play_time_s(change) - arrived
    assert latency_s < 0.050, latency_s
    assert recorder.rendered_at_s[change // 256] >= arrived  # caused by the message
    before = rec[:, FS // 5 : change]
    after = rec[:, change + FS // 20 :]
    assert abs(_itd_at_s(before, 300.0)) < 2e-5  # ~0: straight ahead
    assert _itd_at_s(after, 300.0) < -4e-4  # the right ear leads: source on the right
    assert _click_ratio(rec[0]) < 1e-6 and _click_ratio(rec[1]) < 1e-6


def test_prompt_edit_is_heard_within_100_ms_in_a_recorded_listen(make_session, noise_s):
    session = make_session({"n": (noise_s(2.0), [(0.0, 2.0, "on the left")])})
    live = LiveEngine(session, block_samples=256)
    live.start_at(0.0)
    recorder = PacedRecorder(live, 2.0)
    track = session.tracks[0]
    edited = session.with_track(
        0, replace(track, regions=(replace(track.regions[0], prompt="on the right"),))
    )
    edit_time: list[float] = []

    def edit() -> None:
        while recorder.t0 is None:
            time.sleep(0.001)
        time.sleep(max(0.0, recorder.t0 + 1.0 - time.perf_counter()))
        edit_time.append(time.perf_counter())
        live.set_session(edited)

    editor = threading.Thread(target=edit)
    editor.start()
    rec = recorder.run()
    editor.join()
    live.close()
    change = _first_change(rec, _reference(session, rec.shape[1]))
    latency_s = recorder.play_time_s(change) - edit_time[0]
    assert latency_s < 0.100, latency_s
    assert recorder.rendered_at_s[change // 256] >= edit_time[0]  # caused by the edit
    late = rec[:, -FS // 2 :]
    assert np.mean(late[1] ** 2) > 4 * np.mean(late[0] ** 2)  # now on the right


def test_listen_command_records_and_reports(make_session, noise_s, tmp_path, capsys):
    session = make_session({"n": (noise_s(1.0), [(0.0, 1.0, "on the left")])})
    path = save_session(session, tmp_path / "s.earspace")
    del path
    out = tmp_path / "take.wav"
    code = main(
        [
            "listen",
            str(tmp_path / "s.earspace"),
            "--osc-port",
            "0",
            "--record",
            str(out),
            "--duration",
            "0.5",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "UDP port" in printed and "OSC messages: 0" in printed and "xruns" in printed
    audio, rate = sf.read(out, always_2d=True)
    assert rate == FS and audio.shape == (24_064, 2)  # whole 256-sample blocks
    assert np.mean(audio[:, 0] ** 2) > 2 * np.mean(audio[:, 1] ** 2)  # on the left
    assert main(["listen", str(tmp_path / "s.earspace"), "--duration", "-1"]) == 2


def test_listen_plays_through_portaudio_on_alsas_null_device(make_session, noise_s, tmp_path):
    # ALSA's null PCM (no sound card; not paced in real time, ECOSYSTEM.md section 3):
    # proves `listen` opens a PortAudio stream and its callback runs the live engine.
    import os
    import subprocess
    import sys

    session = make_session({"n": (noise_s(1.0), [(0.0, 1.0, "on the left")])})
    save_session(session, tmp_path / "s.earspace")
    (tmp_path / ".asoundrc").write_text("pcm.!default { type null }\npcm.nullsink { type null }\n")
    env = dict(os.environ, HOME=str(tmp_path))
    probe = "import sounddevice as sd; sd.check_output_settings(channels=2, samplerate=48000)"
    if subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True).returncode:
        import pytest

        pytest.skip("no PortAudio/ALSA null device here")
    proc = subprocess.run(
        [sys.executable, "-m", "engine.cli", "listen", str(tmp_path / "s.earspace"),
         "--osc-port", "0", "--duration", "0.5"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "UDP port" in proc.stdout and "callback CPU per 256-sample block" in proc.stdout
    assert "mean 0%, p99 0%, max 0%" not in proc.stdout  # the callback did render blocks
