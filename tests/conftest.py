"""Shared fixtures: offscreen Qt, offline models, a seeded rng, small audio files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import soundfile as sf  # noqa: E402


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


@pytest.fixture
def write_audio(tmp_path):
    """Write ``samples`` (``(n,)`` or ``(n, channels)``) to a WAV in tmp_path; returns the path."""

    def _write(
        name: str, samples: np.ndarray, sample_rate_hz: int = 48_000, subtype: str = "FLOAT"
    ):
        path = tmp_path / name
        sf.write(path, samples, sample_rate_hz, subtype=subtype)
        return path

    return _write


@pytest.fixture
def noise_wav(write_audio, rng):
    """1 s of white noise at 48 kHz, -12 dBFS peak-ish."""
    return write_audio("noise.wav", (0.1 * rng.standard_normal(48_000)).astype(np.float32))
