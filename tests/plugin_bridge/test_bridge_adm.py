"""ADM BWF export: read back by the EBU ``ear`` package and rendered by its ADM renderer
(``ear-render``) to 0+5+0 loudspeakers, where the sources must be where we put them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.session import Keyframe, Region, Session, SpatialPath, Track
from plugin_bridge.export import ExportOptions, render_and_export

pytest.importorskip("ear")

SR = 48_000
DURATION_S = 3.0
LEFT = SpatialPath.static(90.0, 0.0, 1.5)
LEFT_TO_RIGHT = SpatialPath.from_keyframes(
    (Keyframe(0.0, 90.0, 0.0, 2.0), Keyframe(0.5, 0.0, 0.0, 2.0), Keyframe(1.0, -90.0, 0.0, 2.0))
)


def _session(tmp_path, paths: dict[str, SpatialPath], *, gain_db: float = 0.0) -> Session:
    rng = np.random.default_rng(5)
    tracks = []
    for name, path in paths.items():
        mono = (0.1 * rng.standard_normal(int(DURATION_S * SR))).astype(np.float32)
        file = tmp_path / f"{name}.wav"
        sf.write(file, mono, SR, subtype="FLOAT")
        region = Region(0.5, 2.5, "placed", path)
        tracks.append(Track(name=name, source=str(file), gain_db=gain_db, regions=(region,)))
    return Session(tracks=tuple(tracks), sample_rate_hz=SR, base_dir=tmp_path)


def _export(session: Session, out: Path) -> Path:
    result = render_and_export(session, fmt="adm", out_dir=out, options=ExportOptions(name="scene"))
    assert result.main_file == out / "scene adm.wav"
    return result.main_file


def _ear_render(path: Path, out: Path) -> tuple[np.ndarray, list[str]]:
    """Render with ``ear-render -s 0+5+0``: ``(audio [shape=(6, n)], channel names)``."""
    from ear.core import bs2051

    exe = shutil.which("ear-render") or str(Path(sys.executable).parent / "ear-render")
    proc = subprocess.run(
        [exe, "-s", "0+5+0", "--strict", str(path), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "WARNING" not in proc.stderr, proc.stderr[-2000:]
    audio, rate = sf.read(out, dtype="float32", always_2d=True)
    assert rate == SR
    names = [c.name for c in bs2051.get_layout("0+5+0").channels]
    return audio.T, names


def _db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x.astype(np.float64) ** 2) + 1e-20))


def test_adm_file_reads_back_with_ear_and_its_metadata_matches_the_audio(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from ear.fileio import openBw64Adm

    session = _session(tmp_path, {"Left": LEFT, "Mover": LEFT_TO_RIGHT}, gain_db=-6.0)
    path = _export(session, tmp_path / "out")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with openBw64Adm(str(path)) as f:
            adm, rate, channels, bits = f.adm, f.sampleRate, f.channels, f.bitdepth
            samples = np.concatenate(list(f.iter_sample_blocks(65536)))
            frames = samples.shape[0]
            track_indices = sorted(a.trackIndex for a in f.chna.audioIDs)
    assert rate == SR and channels == 2 and frames == int(DURATION_S * SR)
    assert track_indices == [1, 2]  # chna: one track per object, 1-based
    uids = adm.audioTrackUIDs
    assert {(u.sampleRate, u.bitDepth) for u in uids} == {(SR, bits)}
    objects = {o.audioObjectName: o for o in adm.audioObjects}
    assert sorted(objects) == ["Left", "Mover"]
    programme = adm.audioProgrammes[0]
    assert programme.end * SR == pytest.approx(frames, abs=1e-3)
    # The audio is the tracks' mono sources, unscaled (the track gain is in the metadata).
    source = sf.read(tmp_path / "Left.wav", dtype="float32")[0]
    np.testing.assert_allclose(samples[:, 0], source, atol=2.0**-22)

    left = objects["Left"].audioPackFormats[0]
    blocks = left.audioChannelFormats[0].audioBlockFormats
    assert {round(b.position.azimuth, 6) for b in blocks} == {90.0}
    assert {round(b.position.distance * left.absoluteDistance, 6) for b in blocks} == {1.5}
    # Gain = track gain (-6 dB) x distance law (1.4 m / 1.5 m for MIT KEMAR).
    assert blocks[0].gain == pytest.approx(
        10 ** (-6 / 20) * 1.4 / 1.5, rel=1e-4
    )  # 5 digits in axml
    mover = objects["Mover"].audioPackFormats[0].audioChannelFormats[0].audioBlockFormats
    for a, b in zip(mover, mover[1:], strict=False):
        assert a.rtime + a.duration == b.rtime  # blocks tile the timeline exactly
    assert mover[0].rtime == 0 and (mover[-1].rtime + mover[-1].duration) * SR == pytest.approx(
        frames, abs=1e-3
    )
    azimuths = [b.position.azimuth for b in mover]
    assert azimuths[0] == pytest.approx(90.0) and azimuths[-1] == pytest.approx(-90.0)
    assert all(x >= y - 1e-9 for x, y in zip(azimuths, azimuths[1:], strict=False))


def test_ear_renders_a_left_source_loudest_in_the_left_loudspeakers(tmp_path):
    path = _export(_session(tmp_path, {"Left": LEFT}), tmp_path / "out")
    audio, names = _ear_render(path, tmp_path / "render.wav")
    level = {name: _db(audio[k, int(0.6 * SR) : int(2.4 * SR)]) for k, name in enumerate(names)}
    loudest_left = max(level["M+030"], level["M+110"])
    assert loudest_left == max(level.values())
    assert loudest_left - max(level["M-030"], level["M-110"]) > 20.0


def test_ear_renders_a_left_to_right_source_moving_across_the_loudspeakers(tmp_path):
    path = _export(_session(tmp_path, {"Mover": LEFT_TO_RIGHT}), tmp_path / "out")
    audio, names = _ear_render(path, tmp_path / "render.wav")
    left = [names.index("M+030"), names.index("M+110")]
    right = [names.index("M-030"), names.index("M-110")]
    balance = []
    for start_s in np.arange(0.5, 2.5, 0.25):
        seg = audio[:, int(start_s * SR) : int((start_s + 0.25) * SR)]
        balance.append(_db(seg[left]) - _db(seg[right]))
    assert balance[0] > 10.0 and balance[-1] < -10.0, balance
    assert all(a >= b - 1.0 for a, b in zip(balance, balance[1:], strict=False)), balance
    loudest = []
    for start_s in np.arange(0.5, 2.5, 0.125):
        seg = audio[:, int(start_s * SR) : int((start_s + 0.125) * SR)]
        loudest.append(names[int(np.argmax(np.mean(seg.astype(np.float64) ** 2, axis=1)))])
    azimuth = {"M+110": 110, "M+030": 30, "M+000": 0, "M-030": -30, "M-110": -110}
    steps = [azimuth[n] for n in loudest]
    assert steps == sorted(steps, reverse=True), loudest  # sweeps left -> front -> right
    assert {"M+030", "M+000", "M-030"} <= set(loudest), loudest
