import numpy as np
import pytest
import soundfile as sf

from engine.audio_io import read_mono, write_wav
from engine.bwf import read_time_reference
from engine.errors import AudioInputError, ParameterError


def test_stereo_is_downmixed_with_a_notice(write_audio, rng):
    left = rng.standard_normal(4800).astype(np.float32) * 0.1
    path = write_audio("st.wav", np.stack([left, -left * 0.5], axis=1))
    audio = read_mono(path, 48_000)
    np.testing.assert_allclose(audio.samples, left * 0.25, atol=1e-6)
    assert any("downmixed" in n for n in audio.notices)


def test_other_rates_are_resampled_with_a_notice(write_audio):
    t = np.arange(44_100) / 44_100
    path = write_audio("a.wav", (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32), 44_100)
    audio = read_mono(path, 48_000)
    assert audio.samples.shape == (48_000,)
    spectrum = np.abs(np.fft.rfft(audio.samples))
    assert np.argmax(spectrum) == pytest.approx(1000, abs=1)  # 1 Hz bins: the tone stays at 1 kHz
    assert any("resampled from 44100 Hz to 48000 Hz" in n for n in audio.notices)


def test_nan_samples_are_refused(write_audio):
    x = np.zeros(100, np.float32)
    x[10] = np.nan
    with pytest.raises(AudioInputError, match="NaN"):
        read_mono(write_audio("nan.wav", x), 48_000)


def test_empty_file_is_refused(write_audio):
    with pytest.raises(AudioInputError, match="no audio"):
        read_mono(write_audio("empty.wav", np.zeros(0, np.float32)), 48_000)


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "junk.wav"
    path.write_bytes(b"this is not audio at all" * 10)
    with pytest.raises(AudioInputError, match="junk.wav: not a readable audio file"):
        read_mono(path, 48_000)


def test_truncated_file_is_refused(write_audio, rng):
    path = write_audio("long.wav", rng.standard_normal(48_000).astype(np.float32), subtype="PCM_16")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(AudioInputError, match="long.wav"):
        read_mono(path, 48_000)


def test_missing_file(tmp_path):
    with pytest.raises(AudioInputError, match="not found"):
        read_mono(tmp_path / "gone.wav", 48_000)


def test_pcm_output_that_would_clip_is_refused_and_nothing_written(tmp_path):
    loud = np.full((2, 100), 1.5, np.float32)
    with pytest.raises(ParameterError, match=r"\+3.5 dBFS"):
        write_wav(tmp_path / "x.wav", loud, 48_000, bit_depth="pcm24")
    assert list(tmp_path.iterdir()) == []


def test_normalise_and_limit_keep_output_below_full_scale(tmp_path):
    loud = np.sin(np.linspace(0, 60, 4800, dtype=np.float32))[None].repeat(2, 0) * 2
    rep = write_wav(tmp_path / "n.wav", loud, 48_000, bit_depth="pcm24", on_clip="normalize")
    data, _ = sf.read(tmp_path / "n.wav")
    assert 20 * np.log10(np.abs(data).max()) == pytest.approx(-1.0, abs=0.01)
    assert rep.applied_gain_db == pytest.approx(-1 - 20 * np.log10(2), abs=0.01)
    write_wav(tmp_path / "l.wav", loud, 48_000, bit_depth="pcm24", on_clip="limit")
    data, _ = sf.read(tmp_path / "l.wav")
    assert np.abs(data).max() <= 0.98 + 1e-6


def test_float_output_keeps_overs_and_reports_them(tmp_path):
    rep = write_wav(tmp_path / "f.wav", np.full((2, 10), 1.2, np.float32), 48_000)
    data, _ = sf.read(tmp_path / "f.wav")
    assert data.max() == pytest.approx(1.2)
    assert "above full scale" in rep.note


def test_broadcast_wave_time_reference_round_trips(tmp_path):
    write_wav(
        tmp_path / "b.wav",
        np.zeros((2, 480), np.float32),
        48_000,
        bit_depth="pcm24",
        time_reference_samples=172_824_000,
    )
    assert read_time_reference(str(tmp_path / "b.wav")) == 172_824_000
