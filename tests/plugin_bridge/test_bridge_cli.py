"""``earspace export`` end to end: a real render of a session file, delivered to disk."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf
from ardour_helpers import run_ardour_export

from engine.bwf import read_time_reference
from engine.session import PluginSlot, Region, Session, SpatialPath, Track, save_session

SR = 48_000


@pytest.fixture
def session_file(tmp_path):
    gen = np.random.default_rng(3)
    tracks = []
    for name, (start_s, end_s), az in (("Voice", (0.5, 1.2), 90.0), ("Bird", (1.0, 1.6), -60.0)):
        mono = np.zeros(int(1.8 * SR), np.float32)
        a, b = int(start_s * SR), int(end_s * SR)
        mono[a:b] = (0.1 * gen.standard_normal(b - a)).astype(np.float32)
        sf.write(tmp_path / f"{name}.wav", mono, SR, subtype="FLOAT")
        region = Region(start_s, end_s, "placed", SpatialPath.static(az, 0.0, 1.5))
        tracks.append(Track(name=name, source=str(tmp_path / f"{name}.wav"), regions=(region,)))
    path = tmp_path / "scene.earspace"
    save_session(Session(tracks=tuple(tracks), sample_rate_hz=SR), path)
    return path


def _cli(*args: str) -> int:
    from engine.cli import main

    return main(["export", *args])


def test_cli_exports_stems_and_refuses_to_overwrite(session_file, tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        _cli(str(session_file), "--format", "stems", "-o", str(out), "--bit-depth", "float32") == 0
    )
    voice = out / "Voice binaural.wav"
    assert read_time_reference(str(voice)) <= int(0.5 * SR)
    assert read_time_reference(str(out / "Bird binaural.wav")) <= int(1.0 * SR)
    before = (out / "mix.wav").read_bytes()
    assert _cli(str(session_file), "--format", "stems", "-o", str(out)) == 1
    assert "--force" in capsys.readouterr().err
    assert (out / "mix.wav").read_bytes() == before
    assert _cli(str(session_file), "--format", "stems", "-o", str(out), "--force") == 0


def test_cli_unknown_track_is_a_usage_error(session_file, tmp_path, capsys):
    assert (
        _cli(
            str(session_file), "--format", "stems", "-o", str(tmp_path / "o"), "--tracks", "Nobody"
        )
        == 2
    )
    assert "Nobody" in capsys.readouterr().err


@pytest.mark.ardour
def test_ardour_render_of_the_exported_session_equals_our_mix(session_file, tmp_path):
    out = tmp_path / "out"
    assert (
        _cli(str(session_file), "--format", "stems", "-o", str(out), "--bit-depth", "float32") == 0
    )
    assert (
        _cli(str(session_file), "--format", "ardour", "-o", str(out), "--bit-depth", "float32") == 0
    )
    wav = tmp_path / "ardour.wav"
    run_ardour_export(out / "scene", "scene", wav)
    ardour, _ = sf.read(str(wav), dtype="float32", always_2d=True)
    ours, _ = sf.read(str(out / "mix.wav"), dtype="float32", always_2d=True)
    n = min(len(ardour), len(ours))
    keep = np.ones(n, bool)
    for stem in ("Voice", "Bird"):
        start = read_time_reference(str(out / f"{stem} binaural.wav"))
        length = sf.info(str(out / f"{stem} binaural.wav")).frames
        for edge in (start, start + length):
            keep[max(0, edge - 64) : edge + 64] = False
    error = np.max(np.abs(ardour[:n][keep] - ours[:n][keep]))
    assert error <= 1e-6, f"Ardour render differs from our mix by {error:.3g}"
    assert np.max(np.abs(ours)) > 0.01


@pytest.mark.plugins
def test_cli_master_chain_runs_the_plugin_and_can_be_left_out(session_file, tmp_path, reverb_path):
    from engine.session import load_session

    session = load_session(session_file)
    wet = PluginSlot(path=reverb_path, parameters={"decay_s": 3.0, "dry_level": 0.0})
    save_session(replace(session, master_chain=(wet,)), session_file)
    with_chain, without = tmp_path / "with", tmp_path / "without"
    assert (
        _cli(
            str(session_file), "--format", "stems", "-o", str(with_chain), "--bit-depth", "float32"
        )
        == 0
    )
    assert (
        _cli(
            str(session_file),
            "--format",
            "stems",
            "-o",
            str(without),
            "--bit-depth",
            "float32",
            "--no-master-chain",
        )
        == 0
    )
    dry, _ = sf.read(str(without / "mix.wav"), dtype="float32")
    wet_mix, _ = sf.read(str(with_chain / "mix.wav"), dtype="float32")
    assert np.max(np.abs(wet_mix - dry)) > 1e-3
    # Stems are pre-master: identical with and without the master chain.
    a, _ = sf.read(str(with_chain / "Voice binaural.wav"), dtype="float32")
    b, _ = sf.read(str(without / "Voice binaural.wav"), dtype="float32")
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("fmt", "extra", "entry"),
    [
        ("ambix", ["--order", "2"], "scene ambix O2.wav"),
        ("reaper", [], "scene.RPP"),
        ("aaf", [], "scene.aaf"),
    ],
)
def test_cli_formats_write_their_main_file(session_file, tmp_path, fmt, extra, entry):
    out = tmp_path / "out"
    assert _cli(str(session_file), "--format", fmt, "-o", str(out), *extra) == 0
    assert (out / entry).is_file()
    if fmt == "ambix":
        info = sf.info(str(out / entry))
        assert info.channels == 9 and info.subtype == "FLOAT"


def test_cli_renders_at_the_requested_rate_and_only_the_named_tracks(session_file, tmp_path):
    out = tmp_path / "out"
    args = ["--format", "stems", "-o", str(out), "--sample-rate", "44100", "--tracks", "Bird"]
    assert _cli(str(session_file), *args) == 0
    wavs = sorted(p.name for p in out.glob("*.wav"))
    assert wavs == ["Bird binaural.wav", "mix.wav"]
    assert sf.info(str(out / "Bird binaural.wav")).samplerate == 44_100
    # The source is resampled 48 -> 44.1 kHz: its filter rings (about -100 dBFS) up to ~15 ms
    # before the region, and trimming keeps everything above -120 dBFS, so the file may
    # start slightly early; its time reference keeps it exactly in place.
    early_samples = round(1.0 * 44_100) - read_time_reference(str(out / "Bird binaural.wav"))
    assert 0 <= early_samples < 0.02 * 44_100
