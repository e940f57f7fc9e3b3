"""Waveform overviews (Qt-free): a min/max pyramid so drawing any zoom of a long track
costs O(pixels), not O(samples).

Level 0 holds the min and max of each ``base_block`` samples; each further level merges
``factor`` blocks. :meth:`WaveformPeaks.envelope` picks the coarsest level that still has
at least one block per pixel.
"""

from __future__ import annotations

import numpy as np


class WaveformPeaks:
    """Min/max pyramid of a mono signal ``[shape=(n_samples,)]``."""

    def __init__(
        self, samples: np.ndarray, sample_rate_hz: int, *, base_block: int = 64, factor: int = 8
    ) -> None:
        self.sample_rate_hz = int(sample_rate_hz)
        self.n_samples = int(samples.shape[0])
        self._samples = samples
        self._levels: list[tuple[int, np.ndarray, np.ndarray]] = []
        block = base_block
        n_blocks = self.n_samples // block
        if n_blocks:
            body = samples[: n_blocks * block].reshape(n_blocks, block)
            mins, maxs = body.min(axis=1), body.max(axis=1)
            rest = samples[n_blocks * block :]
            if rest.size:
                mins = np.append(mins, rest.min())
                maxs = np.append(maxs, rest.max())
            self._levels.append((block, mins, maxs))
            while mins.shape[0] > 2 * factor:
                n = mins.shape[0] // factor
                tail_min, tail_max = mins[n * factor :], maxs[n * factor :]
                new_min = mins[: n * factor].reshape(n, factor).min(axis=1)
                new_max = maxs[: n * factor].reshape(n, factor).max(axis=1)
                if tail_min.size:
                    new_min = np.append(new_min, tail_min.min())
                    new_max = np.append(new_max, tail_max.max())
                block *= factor
                mins, maxs = new_min, new_max
                self._levels.append((block, mins, maxs))

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.sample_rate_hz

    def envelope(self, start_s: float, end_s: float, n_px: int) -> tuple[np.ndarray, np.ndarray]:
        """Per-pixel ``(mins, maxs)`` for ``[start_s, end_s)`` over ``n_px`` pixels.

        Pixels outside the signal are 0.
        """
        n_px = max(int(n_px), 1)
        mins = np.zeros(n_px, dtype=np.float32)
        maxs = np.zeros(n_px, dtype=np.float32)
        if self.n_samples == 0 or end_s <= start_s:
            return mins, maxs
        samples_per_px = (end_s - start_s) * self.sample_rate_hz / n_px
        block, lmins, lmaxs = 1, self._samples, self._samples
        for b, mn, mx in self._levels:
            if 4 * b <= samples_per_px:
                block, lmins, lmaxs = b, mn, mx
        edges = (
            (start_s + (end_s - start_s) * np.arange(n_px + 1) / n_px) * self.sample_rate_hz / block
        )
        lo = np.floor(edges[:-1]).astype(np.int64)
        hi = np.maximum(np.ceil(edges[1:]).astype(np.int64), lo + 1)
        valid = (lo >= 0) & (lo < lmins.shape[0])
        if not np.any(valid):
            return mins, maxs
        n_blocks = lmins.shape[0]
        lo_v = lo[valid]
        hi_v = np.minimum(hi[valid], n_blocks)
        # reduceat over interleaved [lo, hi) pairs: even results are each pixel's own span
        # (pixels may share a boundary block); a sentinel lets ``hi`` reach the end.
        idx = np.empty(2 * lo_v.size, dtype=np.int64)
        idx[0::2], idx[1::2] = lo_v, hi_v
        mins[valid] = np.minimum.reduceat(np.append(lmins, 0.0), idx)[0::2]
        maxs[valid] = np.maximum.reduceat(np.append(lmaxs, 0.0), idx)[0::2]
        return mins, maxs
