"""The shipped neural checkpoint follows the prompt (skipped when no checkpoint is shipped).

Audio is generated here (no training data needed): a decaying harmonic tone (a
"piano"-like note train) and band-limited noise bursts ("footsteps"-like), neither seen
in training.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from engine.metrics import spl_difference_db
from engine.neural import DEFAULT_CHECKPOINT, load_model, render_track_neural
from engine.resolve import prompt_timeline

RATE = 48_000
pytestmark = pytest.mark.skipif(
    not DEFAULT_CHECKPOINT.exists(), reason="no shipped neural checkpoint"
)


@pytest.fixture(scope="module")
def model():
    return load_model()


def _tone(seconds: float, seed: int = 0) -> np.ndarray:
    """Notes of a decaying harmonic tone (fundamentals 110-330 Hz), energy below ~2 kHz."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    out = np.zeros(n)
    t = np.arange(int(0.5 * RATE)) / RATE
    for start in range(0, n - t.size, t.size):
        f0 = rng.choice([110.0, 147.0, 196.0, 262.0, 330.0])
        note = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6)) * np.exp(-4 * t)
        out[start : start + t.size] += note
    return (0.3 * out / np.max(np.abs(out))).astype(np.float32)


def _bursts(seconds: float, seed: int = 1) -> np.ndarray:
    """Short high-passed noise bursts (energy above 3 kHz), four per second."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    x = np.zeros(n)
    burst = int(0.06 * RATE)
    for start in range(0, n - burst, RATE // 4):
        x[start : start + burst] = rng.standard_normal(burst) * np.exp(
            -np.arange(burst) / (0.015 * RATE)
        )
    x = sosfilt(butter(4, 3000, "highpass", fs=RATE, output="sos"), x)
    return (0.3 * x / np.max(np.abs(x))).astype(np.float32)


def _render(model, mono, prompt):
    timeline = prompt_timeline(prompt, mono.size / RATE)
    return render_track_neural(mono, timeline, sample_rate_hz=RATE, checkpoint=model, seed=0)


def _band_spl(out: np.ndarray, lo_hz: float | None, hi_hz: float | None) -> float:
    if lo_hz is None:
        sos = butter(4, hi_hz, "lowpass", fs=RATE, output="sos")
    else:
        sos = butter(4, lo_hz, "highpass", fs=RATE, output="sos")
    y = sosfilt(sos, out, axis=-1)
    return float(20 * np.log10(np.sqrt(np.mean(y[0] ** 2)) / np.sqrt(np.mean(y[1] ** 2))))


@pytest.mark.parametrize(
    "prompt, sign",
    [
        ("the piano on the left", 1),
        ("the piano on the right", -1),
        ("it's to my left", 1),
        ("put it on the right", -1),
    ],
)
def test_side_prompt_gives_matching_spl_difference(model, prompt, sign):
    mono = _tone(2.0) + _bursts(2.0)
    out = _render(model, mono, prompt)
    np.testing.assert_allclose(out.sum(axis=0), mono, atol=1e-5)
    n = out.shape[1]  # one SPL-difference window over the whole clip
    spl = float(spl_difference_db(out, RATE, window_s=n / RATE, hop_s=n / RATE)[1][0])
    assert sign * spl > 1.0, f"{prompt!r}: SPL difference {spl:.2f} dB"


def test_swapping_names_swaps_sides(model):
    mono = _tone(3.0) + _bursts(3.0)
    a = _render(model, mono, "the piano on the left and the footsteps on the right")
    b = _render(model, mono, "the footsteps on the left and the piano on the right")
    low_a, low_b = _band_spl(a, None, 1000.0), _band_spl(b, None, 1000.0)
    high_a, high_b = _band_spl(a, 4000.0, None), _band_spl(b, 4000.0, None)
    # piano (low band) goes from left to right, footsteps (high band) from right to left
    assert low_a > low_b, (low_a, low_b)
    assert high_a < high_b, (high_a, high_b)


@pytest.mark.parametrize("piano_side", [1, -1])
def test_each_named_source_goes_to_its_own_side(model, piano_side):
    """In one mono mix, the piano's band lands on the piano's side and the footsteps'
    band on the other, each by more than 1 dB."""
    mono = _tone(3.0, seed=4) + _bursts(3.0, seed=5)
    sides = {1: "on the left", -1: "on the right"}
    prompt = f"the piano {sides[piano_side]} and the footsteps {sides[-piano_side]}"
    out = _render(model, mono, prompt)
    np.testing.assert_allclose(out.sum(axis=0), mono, atol=1e-5)
    low, high = _band_spl(out, None, 1000.0), _band_spl(out, 4000.0, None)
    assert piano_side * low > 1.0, (prompt, low)
    assert -piano_side * high > 1.0, (prompt, high)
