"""Measurement helpers for the physical-engine tests (independent of the engine)."""

from __future__ import annotations

import numpy as np


def gcc_phat_itd_s(
    left: np.ndarray, right: np.ndarray, sample_rate_hz: int, max_lag_s: float = 1e-3
) -> float:
    """Interaural time difference by GCC-PHAT: positive = right ear lags (source on the left)."""
    n = 1 << int(np.ceil(np.log2(left.size + right.size)))
    cross = np.fft.rfft(right, n) * np.conj(np.fft.rfft(left, n))
    cross /= np.maximum(np.abs(cross), 1e-12)
    upsample = 8  # 1/8-sample resolution
    cc = np.fft.irfft(cross, n * upsample)
    max_lag = int(max_lag_s * sample_rate_hz * upsample)
    lags = np.concatenate([np.arange(-max_lag, 0), np.arange(0, max_lag + 1)])
    values = cc[lags % cc.size]
    return float(lags[np.argmax(values)]) / (sample_rate_hz * upsample)


def level_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.asarray(x, dtype=np.float64) ** 2) + 1e-30))


def band_energy(x: np.ndarray, sample_rate_hz: int, lo_hz: float, hi_hz: float) -> float:
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(x.size, 1 / sample_rate_hz)
    return float(spec[(f >= lo_hz) & (f < hi_hz)].sum())


def dominant_frequency_hz(x: np.ndarray, sample_rate_hz: int) -> float:
    """Peak of the zero-padded, Hann-windowed spectrum, refined by parabolic interpolation."""
    n = 1 << int(np.ceil(np.log2(x.size * 8)))
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size), n))
    k = int(np.argmax(spec[1:-1])) + 1
    a, b, c = np.log(spec[k - 1 : k + 2] + 1e-30)
    offset = 0.5 * (a - c) / (a - 2 * b + c)
    return (k + offset) * sample_rate_hz / n


def rt60_s(impulse_response: np.ndarray, sample_rate_hz: int) -> float:
    """RT60 from the Schroeder backward integral (T20: fit from -5 to -25 dB, times 3)."""
    energy = np.asarray(impulse_response, dtype=np.float64) ** 2
    edc = np.cumsum(energy[::-1])[::-1]
    edc_db = 10 * np.log10(edc / edc[0] + 1e-30)
    i5 = int(np.argmax(edc_db <= -5))
    i25 = int(np.argmax(edc_db <= -25))
    t = np.arange(i5, i25) / sample_rate_hz
    slope, _ = np.polyfit(t, edc_db[i5:i25], 1)
    return float(-60.0 / slope)
