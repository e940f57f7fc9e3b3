"""Stems: trimmed to their sound, placed at their region, stamped with a BWF time reference."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from engine.bwf import read_time_reference
from engine.errors import ParameterError
from plugin_bridge.export import ExportOptions, export_session
from plugin_bridge.stems import place_stem, timeline_mix

SR = 48_000


def test_place_stem_trims_leading_silence_to_the_first_region():
    audio = np.zeros((2, SR * 3), np.float32)
    audio[:, int(1.25 * SR) : int(2.0 * SR)] = 0.5
    placed = place_stem("A", 0, audio, SR, first_region_start_s=1.0)
    assert placed.start_sample == SR  # the region's start, although the sound starts later
    assert placed.end_sample == int(2.0 * SR)
    np.testing.assert_array_equal(timeline_mix([placed], audio.shape[1]), audio)


def test_place_stem_never_cuts_sound_before_the_first_region():
    audio = np.zeros((2, SR), np.float32)
    audio[:, 100:200] = 0.3  # audible before the region (the source holds its first position)
    placed = place_stem("A", 0, audio, SR, first_region_start_s=0.5)
    assert placed.start_sample == 100
    np.testing.assert_array_equal(timeline_mix([placed], SR), audio)


def test_place_stem_rejects_mono():
    with pytest.raises(ParameterError, match="shape"):
        place_stem("A", 0, np.zeros(100, np.float32), SR)


@pytest.mark.parametrize("bit_depth", ["pcm24", "float32"])
def test_stem_export_carries_the_bwf_time_reference(scene, tmp_path, bit_depth):
    session, render = scene
    result = export_session(
        session,
        render,
        fmt="stems",
        out_dir=tmp_path / "out",
        options=ExportOptions(bit_depth=bit_depth),
    )
    by_name = {s.name: s for s in result.stems}
    assert read_time_reference(str(by_name["Dialog"].path)) == int(1.5 * SR)
    assert read_time_reference(str(by_name["Rain FX"].path)) == int(4.25 * SR)
    wavinfo = pytest.importorskip("wavinfo")
    assert wavinfo.WavInfoReader(str(by_name["Rain FX"].path)).bext.time_reference == int(4.25 * SR)
    info = sf.info(str(by_name["Dialog"].path))
    assert info.subtype == {"pcm24": "PCM_24", "float32": "FLOAT"}[bit_depth]
    assert info.channels == 2
    # Placing each file at its time reference rebuilds the mix.
    rebuilt = np.zeros_like(render.mix)
    for s in result.stems:
        audio, _ = sf.read(str(s.path), dtype="float32", always_2d=True)
        ref = read_time_reference(str(s.path))
        rebuilt[:, ref : ref + audio.shape[0]] += audio.T
    tolerance = 1e-6 if bit_depth == "float32" else 2.0**-22
    assert np.max(np.abs(rebuilt - render.mix)) <= tolerance
    mix_path = result.main_file
    assert mix_path is not None and mix_path.name == "mix.wav"
    assert read_time_reference(str(mix_path)) == 0


def test_normalize_scales_all_stems_by_one_gain(tmp_path):
    from plugin_bridge.stems import write_stem_files

    loud = np.zeros((2, 1000), np.float32)
    loud[:, 10] = 3.0
    quiet = np.zeros((2, 1000), np.float32)
    quiet[:, 10] = 0.5
    stems = [place_stem("loud", 0, loud, SR), place_stem("quiet", 1, quiet, SR)]
    files, mix_file = write_stem_files(
        stems, tmp_path, bit_depth="pcm24", on_clip="normalize", mix=loud + quiet
    )
    peaks = [np.max(np.abs(sf.read(str(f.path))[0])) for f in files]
    assert peaks[0] == pytest.approx(10 ** (-1 / 20) * 3.0 / 3.5, abs=1e-5)  # the mix peaks at 3.5
    assert peaks[0] / peaks[1] == pytest.approx(6.0, rel=1e-4)  # relative levels kept
