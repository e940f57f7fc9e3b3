"""Propagation delay: a streaming, time-varying fractional delay line (Doppler).

Sound heard at time ``t`` left the source ``r(t) / c`` earlier. Earspace delays the mono
input by ``base + (r(t) - r_ref) / c`` samples, where ``r_ref`` is the HRTF reference
distance and ``base`` a fixed latency large enough that the delay never drops below two
samples; the renderer removes ``base`` from its output again, so a source at ``r_ref`` is
not delayed at all, a farther one arrives later, and a moving one is Doppler shifted
(approaching: delay shrinks, pitch rises; receding: pitch falls).

The delay is evaluated every ``hop`` samples and linearly interpolated between (smooth
pitch, no steps); reading between samples uses 4-point (cubic) Lagrange interpolation.
A constant delay is a plain shift (its fractional part is passed to the HRTF filters).
A delay that changes faster than ``MAX_DELAY_SLOPE`` within one hop is a jump (a source
placed elsewhere by the next region), not a motion: the line then crossfades from the
old delay to the new one over the hop instead of sweeping through it (which would
squeal).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

MAX_DELAY_SLOPE = 0.25  # samples of delay change per sample (a 25 % pitch shift, ~85 m/s)


class DelayLine:
    """Streaming delay line. ``delay_at(n)`` gives delays (samples) at absolute sample
    indices ``n`` (float array), evaluated on a grid of ``hop`` samples."""

    def __init__(
        self, delay_at: Callable[[np.ndarray], np.ndarray], *, hop: int, max_delay: float
    ) -> None:
        self.delay_at = delay_at
        self.hop = int(hop)
        self.history = int(np.ceil(max_delay)) + 4
        self._buf = np.zeros(self.history, dtype=np.float32)  # input from sample -history
        self._buf_start = -self.history
        self._n = 0  # absolute index of the next input sample

    def _read(self, pos: np.ndarray) -> np.ndarray:
        """Samples of the buffer at fractional positions ``pos`` (cubic Lagrange)."""
        i = pos.astype(np.int64)  # pos > 1: truncation == floor
        f = (pos - i).astype(np.float32)
        b = self._buf
        xm1, x0, x1, x2 = b[i - 1], b[i], b[i + 1], b[i + 2]
        # Cubic Lagrange through x[-1], x[0], x[1], x[2] at fraction f (Horner form).
        c3 = (x2 - xm1) * (1.0 / 6.0) + (x0 - x1) * 0.5
        c2 = (xm1 + x1) * 0.5 - x0
        c1 = x1 - x0 * 0.5 - xm1 * (1.0 / 3.0) - x2 * (1.0 / 6.0)
        return x0 + f * (c1 + f * (c2 + f * c3))

    def push(self, x: np.ndarray) -> np.ndarray:
        """Feed mono samples; returns as many delayed samples ``(len(x),)``."""
        x = np.asarray(x, dtype=np.float32)
        m = x.size
        if m == 0:
            return x
        self._buf = np.concatenate([self._buf, x])
        # Delay on the hop grid, linearly interpolated per sample.
        g0 = (self._n // self.hop) * self.hop
        n_grid = (self._n + m - g0) // self.hop + 2
        grid_n = g0 + self.hop * np.arange(n_grid, dtype=np.float64)
        grid_delay = self.delay_at(grid_n)
        n = np.arange(self._n, self._n + m, dtype=np.float64)
        jumps = np.abs(np.diff(grid_delay)) > MAX_DELAY_SLOPE * self.hop  # teleports, not motion
        if not np.any(jumps):
            delay = np.interp(n, grid_n, grid_delay)
            y = self._read(n - self._buf_start - delay)
        else:
            k = ((n - g0) // self.hop).astype(np.int64)
            u = (n - grid_n[k]) * (1.0 / self.hop)
            d0, d1 = grid_delay[k], grid_delay[k + 1]
            jump = jumps[k]
            delay = np.where(jump, d0, d0 + (d1 - d0) * u)
            y = self._read(n - self._buf_start - delay)
            # Crossfade from the old to the new delay instead of sweeping through it.
            j = np.flatnonzero(jump)
            fade = (0.5 - 0.5 * np.cos(np.pi * u[j])).astype(np.float32)
            y[j] = (1.0 - fade) * y[j] + fade * self._read(n[j] - self._buf_start - d1[j])
        self._n += m
        drop = self._n - self.history - self._buf_start
        if drop > 0:
            self._buf = self._buf[drop:]
            self._buf_start += drop
        return y.astype(np.float32)


class ConstantDelay:
    """Streaming whole-sample delay."""

    def __init__(self, samples: int) -> None:
        self._buf = np.zeros(int(samples), dtype=np.float32)

    def push(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32)
        if self._buf.size == 0:
            return x
        joined = np.concatenate([self._buf, x])
        self._buf = joined[x.size :]
        return joined[: x.size]
