"""Binaural metrics: TAS's six distances, SPL difference, ITD (GCC-PHAT) and ILD.

TAS metrics (``tas_metrics``) follow ../shared/research/DIGEST.md: both binaural signals
are resampled to 16 kHz (the rate the published numbers use) and each is peak-normalised
(divided by its largest absolute sample over both ears, so the ILD is kept). Then, per
ear, with the complex STFT ``S`` (n_fft 512, Hann window 400, hop 160):

* ``STFT``: mean over time-frequency bins of ``|S_pred - S_true|^2``, summed over ears;
* ``ENV``: RMSE between the Hilbert envelopes, summed over ears;
* ``WAV``: mean squared waveform error, summed over ears, reported x 1e3 (the tables'
  "WAV x 1e-3" column);
* ``AMP``: mean squared error of the STFT magnitudes, summed over ears;
* ``PHA``: mean squared error of the STFT phases (wrapped to [-pi, pi]), averaged over
  bins where the reference has energy (magnitude > 1e-3 of its peak), summed over ears;
* ``SNR``: ``10 log10(sum true^2 / sum (true - pred)^2)`` over both ears, dB (higher is
  better).

``spl_difference_db`` is ``20 log10(rms_L / rms_R)`` per window (positive = louder left),
``itd_gcc_phat_ms`` the interaural time difference per window (positive = left ear leads,
i.e. the source is on the left), ``ild_db`` the level difference per window.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import hilbert, stft

from engine.audio_io import resample
from engine.errors import ParameterError

METRIC_RATE_HZ = 16_000
_EPS = 1e-12


def _as_binaural(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] != 2:
        raise ParameterError(f"{name} must have shape (2, n_samples), got {x.shape}")
    return x


def _peak_normalise(x: np.ndarray) -> np.ndarray:
    peak = np.max(np.abs(x))
    return x / peak if peak > 0 else x


def _stft(x: np.ndarray) -> np.ndarray:
    """Complex STFT ``(2, freq, frames)`` with TAS's parameters at 16 kHz."""
    _, _, s = stft(
        x,
        fs=METRIC_RATE_HZ,
        window="hann",
        nperseg=400,
        noverlap=400 - 160,
        nfft=512,
        boundary=None,
        padded=False,
        axis=-1,
        scaling="spectrum",
    )
    return s * 400 / 2  # undo scipy's 'spectrum' scaling (1/sum(window)) to plain DFT values


def tas_metrics(pred: np.ndarray, true: np.ndarray, sample_rate_hz: int) -> dict[str, float]:
    """The six TAS metrics of ``pred`` against ``true`` (both ``(2, n)``)."""
    pred = _as_binaural(pred, "pred")
    true = _as_binaural(true, "true")
    n = min(pred.shape[1], true.shape[1])
    if n == 0:
        raise ParameterError("metrics need at least one sample")
    p = _peak_normalise(resample(pred[:, :n], sample_rate_hz, METRIC_RATE_HZ).astype(np.float64))
    t = _peak_normalise(resample(true[:, :n], sample_rate_hz, METRIC_RATE_HZ).astype(np.float64))
    sp, st = _stft(p), _stft(t)
    stft_dist = float(np.sum(np.mean(np.abs(sp - st) ** 2, axis=(1, 2))))
    env = float(
        np.sum(
            np.sqrt(
                np.mean((np.abs(hilbert(p, axis=-1)) - np.abs(hilbert(t, axis=-1))) ** 2, axis=-1)
            )
        )
    )
    wav = float(np.sum(np.mean((p - t) ** 2, axis=-1)) * 1e3)
    amp = float(np.sum(np.mean((np.abs(sp) - np.abs(st)) ** 2, axis=(1, 2))))
    dphi = np.angle(sp * np.conj(st))
    mask = np.abs(st) > 1e-3 * (np.abs(st).max() + _EPS)
    pha = float(sum(np.mean(dphi[e][mask[e]] ** 2) if mask[e].any() else 0.0 for e in range(2)))
    snr = float(10 * np.log10((np.sum(t**2) + _EPS) / (np.sum((t - p) ** 2) + _EPS)))
    return {"STFT": stft_dist, "ENV": env, "WAV": wav, "AMP": amp, "PHA": pha, "SNR": snr}


def _frames(x: np.ndarray, window: int, hop: int) -> np.ndarray:
    """``(..., n_frames, window)`` view of ``x[..., n]`` (zero-padded at the end)."""
    n = x.shape[-1]
    n_frames = max(1, int(np.ceil(max(n - window, 0) / hop)) + 1)
    pad = (n_frames - 1) * hop + window - n
    xp = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(0, max(pad, 0))])
    idx = np.arange(window)[None, :] + hop * np.arange(n_frames)[:, None]
    return xp[..., idx]


def _window_times(n_frames: int, window: int, hop: int, sample_rate_hz: int) -> np.ndarray:
    return (np.arange(n_frames) * hop + window / 2) / sample_rate_hz


def _window_sizes(sample_rate_hz: int, window_s: float, hop_s: float | None) -> tuple[int, int]:
    if window_s <= 0:
        raise ParameterError(f"window_s must be > 0, got {window_s}")
    window = max(1, int(round(window_s * sample_rate_hz)))
    hop = max(1, int(round((hop_s if hop_s is not None else window_s / 2) * sample_rate_hz)))
    return window, hop


def envelopes(
    binaural: np.ndarray, sample_rate_hz: int, *, window_s: float = 0.05, hop_s: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """RMS envelopes per window: ``(times_s, rms_left, rms_right)`` (linear, full scale 1).

    Computed from a running sum of squares, so the cost is linear in the signal length
    whatever the window (an hour of audio takes well under a second). The last window is
    zero-padded.
    """
    raw = np.asarray(binaural)
    if raw.ndim != 2 or raw.shape[0] != 2:
        raise ParameterError(f"binaural must have shape (2, n_samples), got {raw.shape}")
    window, hop = _window_sizes(sample_rate_hz, window_s, hop_s)
    n = raw.shape[1]
    n_frames = max(1, int(np.ceil(max(n - window, 0) / hop)) + 1)
    if window % hop == 0:
        # Energy per hop-sized block, then a sum over window/hop neighbouring blocks.
        per = window // hop
        n_blocks = n_frames + per - 1
        full = min(n // hop, n_blocks)
        blocks = np.zeros((2, n_blocks))
        body = raw[:, : full * hop].reshape(2, full, hop)
        blocks[:, :full] = np.einsum("cbh,cbh->cb", body, body, dtype=np.float64)
        if full < n_blocks and full * hop < n:
            tail = raw[:, full * hop : (full + 1) * hop].astype(np.float64)
            blocks[:, full] = np.sum(tail * tail, axis=1)
        cumulative = np.concatenate([np.zeros((2, 1)), np.cumsum(blocks, axis=1)], axis=1)
        energy = cumulative[:, per : per + n_frames] - cumulative[:, :n_frames]
    else:
        x = raw.astype(np.float64)
        cumulative = np.zeros((2, n + 1))
        np.cumsum(x * x, axis=1, out=cumulative[:, 1:])
        starts = np.arange(n_frames) * hop
        energy = cumulative[:, np.minimum(starts + window, n)] - cumulative[:, starts]
    rms = np.sqrt(np.maximum(energy, 0.0) / window)
    return _window_times(n_frames, window, hop, sample_rate_hz), rms[0], rms[1]


def spl_difference_db(
    binaural: np.ndarray,
    sample_rate_hz: int,
    *,
    window_s: float = 0.05,
    hop_s: float | None = None,
    floor: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray]:
    """``(times_s, 20 log10(rms_L / rms_R))`` per window; positive = louder on the left.

    ``floor`` (linear RMS) is added to both ears so silence reads 0 dB, not NaN.
    """
    times, left, right = envelopes(binaural, sample_rate_hz, window_s=window_s, hop_s=hop_s)
    return times, 20 * np.log10((left + floor) / (right + floor))


def ild_db(
    binaural: np.ndarray, sample_rate_hz: int, *, window_s: float = 0.24, hop_s: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Interaural level difference per window, ``10 log10(E_L / E_R)`` dB (positive = left)."""
    times, left, right = envelopes(binaural, sample_rate_hz, window_s=window_s, hop_s=hop_s)
    return times, 20 * np.log10((left + _EPS) / (right + _EPS))


def gcc_phat_lag_s(
    left: np.ndarray, right: np.ndarray, sample_rate_hz: int, *, max_lag_s: float = 1.5e-3
) -> float:
    """Delay of ``right`` relative to ``left`` in seconds by GCC-PHAT (positive = left leads).

    Sub-sample precision by parabolic interpolation of the correlation peak.
    """
    n = len(left) + len(right)
    nfft = 1 << (n - 1).bit_length()
    cross = np.fft.rfft(right, nfft) * np.conj(np.fft.rfft(left, nfft))
    cross /= np.abs(cross) + _EPS
    cc = np.fft.irfft(cross, nfft)
    max_lag = max(1, int(round(max_lag_s * sample_rate_hz)))
    cc = np.concatenate([cc[-max_lag:], cc[: max_lag + 1]])  # lags -max_lag..max_lag
    k = int(np.argmax(cc))
    shift = 0.0
    if 0 < k < len(cc) - 1:
        a, b, c = cc[k - 1], cc[k], cc[k + 1]
        denom = a - 2 * b + c
        shift = 0.5 * (a - c) / denom if denom != 0 else 0.0
    return (k - max_lag + shift) / sample_rate_hz


def itd_gcc_phat_ms(
    binaural: np.ndarray,
    sample_rate_hz: int,
    *,
    window_s: float = 0.24,
    hop_s: float | None = None,
    max_lag_s: float = 1.5e-3,
) -> tuple[np.ndarray, np.ndarray]:
    """ITD per window in ms by GCC-PHAT (positive = left ear leads = source on the left).

    Windows that are silent in both ears give NaN.
    """
    x = _as_binaural(binaural, "binaural")
    window, hop = _window_sizes(sample_rate_hz, window_s, hop_s or window_s)
    frames = _frames(x, window, hop)
    itd = np.full(frames.shape[1], np.nan)
    for i in range(frames.shape[1]):
        left, right = frames[0, i], frames[1, i]
        if np.sum(left**2) + np.sum(right**2) > 1e-12:
            itd[i] = 1e3 * gcc_phat_lag_s(left, right, sample_rate_hz, max_lag_s=max_lag_s)
    return _window_times(frames.shape[1], window, hop, sample_rate_hz), itd
