"""Cue errors of a binaural render against the truth (used by ``eval_neural.py``).

* :func:`band_cue_errors`: ITD (µs; cross-correlation of the band signals below 1.5 kHz,
  where the fine structure carries it, of the band's Hilbert envelopes above, where a
  narrow band's fine structure is ambiguous; GCC-PHAT is not used: its whitening weights
  the filtered-out bins as much as the band) and ILD (energy ratio, dB)
  in each of ``BANDS_HZ`` over the whole segment, render minus truth, absolute.
* :func:`front_back_correct`: does the render's spectrum (both ears, 1-16 kHz, third-
  octave bands, each ear's mean level removed) lie closer to the truth than to the same
  source at the front/back mirror direction (azimuth ``180 - az``) through the same head?

Arrays are ``(2, n)`` (row 0 = left ear) at ``rate`` Hz.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, correlate, hilbert, sosfiltfilt

BANDS_HZ = ((200, 1000), (1000, 2000), (2000, 4000), (4000, 8000), (8000, 16000))
_EPS = 1e-12


def _band(x: np.ndarray, lo_hz: float, hi_hz: float, rate: int) -> np.ndarray:
    sos = butter(4, [lo_hz, min(hi_hz, 0.45 * rate)], "bandpass", fs=rate, output="sos")
    return sosfiltfilt(sos, x, axis=-1)


def band_cues(x: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """ITD (µs, + = left leads) and ILD (dB, + = left louder) per band of ``BANDS_HZ``."""
    itd, ild = [], []
    for lo, hi in BANDS_HZ:
        y = _band(x, lo, hi, rate)
        e_l, e_r = float(np.sum(y[0] ** 2)), float(np.sum(y[1] ** 2))
        ild.append(10 * np.log10((e_l + _EPS) / (e_r + _EPS)))
        z = y if lo < 1500 else np.abs(hilbert(y, axis=-1))
        itd.append(1e6 * _lag_s(z, rate, max_lag_s=1.0e-3))
    return np.array(itd), np.array(ild)


def _lag_s(y: np.ndarray, rate: int, max_lag_s: float) -> float:
    """Delay of the right ear's signal behind the left's (s, + = left leads)."""
    env = y - y.mean(axis=1, keepdims=True)
    c = correlate(env[1], env[0], mode="full", method="fft")  # index n - 1 = lag 0
    mid, k = y.shape[1] - 1, int(round(max_lag_s * rate))
    return (int(np.argmax(c[mid - k : mid + k + 1])) - k) / rate


def band_cue_errors(pred: np.ndarray, true: np.ndarray, rate: int) -> dict[str, list[float]]:
    """``{"itd_us": [...], "ild_db": [...]}``: absolute errors per band of ``BANDS_HZ``."""
    n = min(pred.shape[1], true.shape[1])
    itd_p, ild_p = band_cues(pred[:, :n], rate)
    itd_t, ild_t = band_cues(true[:, :n], rate)
    return {
        "itd_us": np.abs(itd_p - itd_t).round(1).tolist(),
        "ild_db": np.abs(ild_p - ild_t).round(2).tolist(),
    }


def _third_octave_db(x: np.ndarray, rate: int) -> np.ndarray:
    """Per-ear level (dB) in third-octave bands 1-16 kHz, each ear's mean removed: [2, B]."""
    spec = np.abs(np.fft.rfft(x, axis=-1)) ** 2
    freqs = np.fft.rfftfreq(x.shape[1], 1 / rate)
    centres = 1000 * 2 ** (np.arange(0, 13) / 3)
    out = np.empty((2, centres.size))
    for i, fc in enumerate(centres):
        sel = (freqs >= fc * 2 ** (-1 / 6)) & (freqs < fc * 2 ** (1 / 6))
        out[:, i] = 10 * np.log10(spec[:, sel].sum(axis=1) + _EPS)
    return out - out.mean(axis=1, keepdims=True)


def mirror_azimuth_deg(az_deg: float) -> float:
    """The front/back mirror direction: same lateral angle, other hemisphere."""
    return (180.0 - az_deg + 180) % 360 - 180


def is_front_back_testable(az_deg: float, margin_deg: float = 25.0) -> bool:
    """False near the interaural axis (±90°), where a source and its mirror coincide."""
    a = abs((az_deg + 180) % 360 - 180)
    return abs(a - 90) > margin_deg


def front_back_correct(pred: np.ndarray, true: np.ndarray, mirror: np.ndarray, rate: int) -> bool:
    """True when ``pred``'s spectral shape is closer to ``true`` than to ``mirror``."""
    n = min(pred.shape[1], true.shape[1], mirror.shape[1])
    p, t, m = (_third_octave_db(y[:, :n], rate) for y in (pred, true, mirror))
    return float(np.mean((p - t) ** 2)) < float(np.mean((p - m) ** 2))
