import numpy as np
import pytest
from scipy.signal import get_window

from engine.metrics import (
    _stft,
    envelopes,
    gcc_phat_lag_s,
    itd_gcc_phat_ms,
    spl_difference_db,
    tas_metrics,
)

SR = 16_000


def _sine(freq_hz=1000.0, n=SR):
    return np.sin(2 * np.pi * freq_hz * np.arange(n) / SR)


@pytest.mark.parametrize("delay_samples", [-10, -3, 0, 4, 11])
def test_gcc_phat_finds_a_known_delay_with_the_right_sign(rng, delay_samples):
    x = rng.standard_normal(8000)
    right = np.roll(x, delay_samples)  # right lags by delay_samples: source on the left if > 0
    assert gcc_phat_lag_s(x, right, SR) * SR == pytest.approx(delay_samples, abs=0.05)


def test_itd_per_window_in_ms(rng):
    x = rng.standard_normal(48_000)
    b = np.stack([x, np.concatenate([np.zeros(30), x[:-30]])])  # right ear 30 samples late
    _, itd = itd_gcc_phat_ms(b, 48_000)
    np.testing.assert_allclose(itd, 0.625, atol=0.01)


def test_spl_difference_and_envelopes_hand_computed():
    x = _sine()
    _, diff = spl_difference_db(np.stack([x, 0.5 * x]), SR, floor=0)
    np.testing.assert_allclose(diff, 20 * np.log10(2), atol=1e-6)
    _, left, right = envelopes(np.stack([x, 0.5 * x]), SR)
    np.testing.assert_allclose(left[:-1], np.sqrt(0.5), rtol=1e-3)  # rms of a unit sine
    np.testing.assert_allclose(right[:-1], 0.5 * np.sqrt(0.5), rtol=1e-3)


def test_tas_metrics_of_identical_signals_are_zero():
    b = np.stack([_sine(), 0.3 * _sine(500)])
    m = tas_metrics(b, b, SR)
    assert m["STFT"] == m["ENV"] == m["WAV"] == m["AMP"] == 0
    assert m["PHA"] < 1e-20 and m["SNR"] > 100


def test_tas_metrics_hand_computed_case():
    """True: a unit 1 kHz sine in both ears; predicted: silence in the right ear."""
    x = _sine()
    m = tas_metrics(np.stack([x, 0 * x]), np.stack([x, x]), SR)
    assert m["WAV"] == pytest.approx(0.5 * 1e3, rel=1e-3)  # mean(sin^2) = 1/2, x 1e3
    assert m["SNR"] == pytest.approx(10 * np.log10(2), abs=1e-3)  # energy 2 vs error 1
    assert m["ENV"] == pytest.approx(1.0, abs=0.02)  # envelope 1 vs 0 in one ear


def test_stft_matches_a_slow_reference():
    x = np.random.default_rng(0).standard_normal((2, 4000))
    fast = _stft(x)
    win = get_window("hann", 400)
    frames = [(x[:, i : i + 400] * win) for i in range(0, 4000 - 400 + 1, 160)]
    slow = np.stack([np.fft.rfft(f, 512, axis=-1) for f in frames], axis=-1)
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-9)
    assert tas_metrics(x, x * 0, SR)["STFT"] >= 0


def test_running_sum_envelopes_match_a_slow_framewise_reference(rng):
    x = rng.standard_normal((2, 10_007))
    for hop_s in (0.0125, 0.015):
        _check_envelopes(x, hop_s)


def _check_envelopes(x, hop_s):
    times, left, right = envelopes(x, SR, window_s=0.05, hop_s=hop_s)
    window, hop = 800, round(hop_s * SR)
    for i in range(0, len(times), 7):
        frame = np.zeros((2, window))
        chunk = x[:, i * hop : i * hop + window]
        frame[:, : chunk.shape[1]] = chunk
        assert left[i] == pytest.approx(np.sqrt(np.mean(frame[0] ** 2)), rel=1e-9)
        assert right[i] == pytest.approx(np.sqrt(np.mean(frame[1] ** 2)), rel=1e-9)
    assert times[0] == pytest.approx(0.025)
