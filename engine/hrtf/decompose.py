"""Splitting HRIRs into an onset delay and a filter, so directions interpolate cleanly.

Averaging two raw HRIRs whose onsets differ by a few samples sums two delayed copies of
the sound: a comb filter. Earspace therefore stores every measured HRIR ``h`` as

    h[n] = a[n - d]        d = onset - margin   (whole samples, per ear)

(``a`` is stored on a common time origin with the few low-level samples that precede
``d`` kept in front of it, so nothing is cut off; see :func:`aligned_filters`)

where the *onset* is the first sample within 20 dB of the IR's peak and ``margin`` keeps
a short stretch before it (the resampling filter's pre-ringing). The filters ``a`` of all
directions start together, so they interpolate without combing, and the delays ``d``
(whose left/right difference is the ITD) interpolate separately as numbers.

``"aligned"`` (the default) keeps ``a`` as the measured HRIR with its leading delay cut
off: nothing is lost, and at a measured direction the renderer reproduces the measured
HRIR exactly. ``"minimum_phase"`` replaces ``a`` by the minimum-phase filter with the same
magnitude response (homomorphic method): the classic "minimum phase + pure delay" model,
slightly smoother to interpolate, but it drops the HRIR's excess phase, so it is not
bit-exact at measured directions.
"""

from __future__ import annotations

import numpy as np

DECOMPOSITIONS = ("aligned", "minimum_phase")
ONSET_THRESHOLD_DB = -20.0
ONSET_MARGIN_S = 2.5e-4


def onset_samples(ir: np.ndarray, *, threshold_db: float = ONSET_THRESHOLD_DB) -> np.ndarray:
    """First sample index where ``|ir|`` reaches ``threshold_db`` below its peak.

    ``ir`` ``[shape=(..., n_taps)]``; returns integer indices ``[shape=(...)]``.
    """
    mag = np.abs(ir)
    peak = mag.max(axis=-1, keepdims=True)
    return np.argmax(mag >= peak * 10.0 ** (threshold_db / 20.0), axis=-1)


def split_delays(ir: np.ndarray, sample_rate_hz: float) -> np.ndarray:
    """Whole-sample delays ``d = max(onset - margin, 0)`` ``[shape=(...)]`` for ``ir``."""
    margin = int(round(ONSET_MARGIN_S * sample_rate_hz))
    return np.maximum(onset_samples(ir) - margin, 0).astype(np.int64)


def aligned_filters(ir: np.ndarray, delays: np.ndarray) -> tuple[np.ndarray, int]:
    """Each IR shifted left by its delay, onto a common time origin.

    ``ir`` ``[shape=(m, 2, n_taps)]``. Returns ``(filters, origin)`` with ``filters``
    ``[shape=(m, 2, origin - min(delays) + n_taps)]`` and ``origin = max(delays)``, such
    that ``filters[..., origin - d + n] = ir[..., n]``: sample ``origin`` of every filter is
    its IR's (onset - margin) point, and the low-level samples before it are kept (in
    front of ``origin``), so placing a filter at delay ``d - origin`` restores ``ir``
    exactly.
    """
    origin = int(delays.max())
    n_taps = ir.shape[-1]
    out = np.zeros(ir.shape[:-1] + (origin - int(delays.min()) + n_taps,), dtype=ir.dtype)
    for idx in np.ndindex(*ir.shape[:-1]):
        start = origin - int(delays[idx])
        out[idx][start : start + n_taps] = ir[idx]
    return out, origin


def minimum_phase_filters(ir: np.ndarray, delays: np.ndarray) -> tuple[np.ndarray, int]:
    """Minimum-phase filters with the magnitude response of ``ir`` (real cepstrum method),
    laid out like :func:`aligned_filters` (each starts at ``origin``)."""
    origin = int(delays.max())
    length = ir.shape[-1] - int(delays.min())
    out = np.zeros(ir.shape[:-1] + (origin + length,), dtype=ir.dtype)
    out[..., origin:] = _minimum_phase(ir, length)
    return out, origin


def _minimum_phase(ir: np.ndarray, length: int) -> np.ndarray:
    """``ir`` ``[shape=(..., n_taps)]``; returns ``[shape=(..., length)]``."""
    n_fft = 1 << int(np.ceil(np.log2(8 * max(ir.shape[-1], length))))
    mag = np.abs(np.fft.rfft(ir, n_fft, axis=-1))
    floor = mag.max(axis=-1, keepdims=True) * 1e-6  # -120 dB: keep the log finite
    cep = np.fft.irfft(np.log(np.maximum(mag, floor)), n_fft, axis=-1)
    fold = np.zeros(n_fft)
    fold[0] = 1.0
    fold[1 : n_fft // 2] = 2.0
    fold[n_fft // 2] = 1.0
    h = np.fft.irfft(np.exp(np.fft.rfft(cep * fold, axis=-1)), n_fft, axis=-1)
    return h[..., :length]
