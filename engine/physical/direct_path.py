"""The direct sound: streaming HRTF convolution with a new filter every block.

Moving source: weighted overlap-add (WOLA). The input is cut into frames of
``hop + crossfade`` samples every ``hop`` samples, each multiplied by a window that rises
over ``crossfade`` samples (raised cosine), stays at 1, and falls as the next frame rises
(the windows sum to exactly 1); each frame is convolved (FFT) with the HRIR of the source
position at the frame centre, and the frames are overlap-added. An input sample in a
crossfade zone is heard through a smooth blend of the two frames' filters: no clicks, no
zipper noise, and for a source that does not move the result is exactly ``x * h``.
With ``crossfade = hop`` the window is a periodic Hann of ``2 * hop`` (the smoothest,
twice the FFT work); the default (1024 hop, 384 crossfade at any rate) keeps every FFT at
2048 points for KEMAR at 48 kHz.

Static source: the same, with rectangular frames of ``2 * hop`` (plain overlap-add; half
the FFTs). Either way the output equals one-shot convolution, and the stream's framing
does not depend on how the input arrives, so streamed output equals one-shot output.

Per frame the filter is built from the HRTF set's onset-aligned filters
(:mod:`engine.hrtf`): the three filters around the direction are blended in the time
domain, placed at the blended onset delay (whole samples), moved by the fractional part
of the delay with a linear-phase ramp (table of 256 sub-sample steps, i.e. 1/256
sample), and scaled by the distance gain and the air absorption of the frame's distance
(curves cached per 0.5 % distance step: at most 0.04 dB steps, far below audibility).
"""

from __future__ import annotations

import functools

import numpy as np
import scipy.fft as sfft

from engine.errors import ParameterError
from engine.hrtf import HrtfSet
from engine.physical.distance import air_absorption_gain, distance_gain
from engine.timeline import Timeline

FRACTION_STEPS = 256
BATCH_FRAMES = 128
DISTANCE_STEP = 0.005  # distance gain/absorption curves are cached per 0.5 % of distance


def fft_size(n: int) -> int:
    """Smallest 2**k or 3 * 2**k >= n (sizes pocketfft transforms fastest)."""
    p = 1 << max(int(np.ceil(np.log2(n))), 1)
    q = 3 * (p // 4)
    return q if q >= n else p


@functools.lru_cache(maxsize=8)
def _fraction_ramps(n_fft: int) -> np.ndarray:
    """Linear-phase ramps ``(FRACTION_STEPS + 1, n_fft // 2 + 1)`` complex64 (read-only)."""
    k = np.arange(n_fft // 2 + 1)
    steps = np.arange(FRACTION_STEPS + 1)[:, None] / FRACTION_STEPS
    ramps = np.exp(-2j * np.pi * steps * k[None, :] / n_fft).astype(np.complex64)
    ramps.setflags(write=False)
    return ramps


class DirectPath:
    """Streaming direct-sound renderer: mono in, ``(2, m)`` out (see module docstring).

    ``time_offset_samples`` is the input's latency relative to the timeline (the
    propagation delay line's base delay): input sample ``n`` is heard at timeline time
    ``(n - time_offset_samples) / fs``. ``extra_delay_samples`` is added to both ears
    (fractional part of a constant propagation delay).
    """

    def __init__(
        self,
        hrtf: HrtfSet,
        timeline: Timeline,
        *,
        sample_rate_hz: int,
        hop: int,
        static: bool,
        crossfade: int | None = None,
        time_offset_samples: int = 0,
        extra_delay_samples: float = 0.0,
        air_absorption: bool = True,
        min_gain_distance_m: float = 0.25,
    ) -> None:
        self.hrtf = hrtf
        self.timeline = timeline
        self.fs = int(sample_rate_hz)
        self.static = static
        fade = hop if crossfade is None else int(crossfade)
        if not 1 <= fade <= hop:
            raise ParameterError(f"crossfade must be in 1..hop ({hop}) samples, got {crossfade!r}")
        self.hop = 2 * hop if static else hop
        self.pre = 0 if static else fade
        self.frame_len = 2 * hop if static else hop + fade
        self.time_offset = int(time_offset_samples)
        self.extra_delay = float(extra_delay_samples)
        self.air_absorption = air_absorption
        self.min_gain_distance_m = min_gain_distance_m
        self.place_len = hrtf.filter_length + 1
        self.n_fft = fft_size(self.frame_len + self.place_len + 16)
        self.n_bins = self.n_fft // 2 + 1
        self.n_pieces = -(-self.n_fft // self.hop)
        if static:
            self.window = np.ones(self.frame_len, dtype=np.float32)
        else:
            rise = 0.5 - 0.5 * np.cos(np.pi * (np.arange(fade) + 0.5) / fade)
            window = np.ones(self.frame_len)
            window[:fade] = rise
            window[-fade:] = 1.0 - rise  # complements the next frame's rise exactly
            self.window = window.astype(np.float32)
        k = np.arange(self.n_bins)
        self._ramps = _fraction_ramps(self.n_fft)
        self._freqs_hz = k * self.fs / self.n_fft
        # Stream state: input from absolute sample ``_in_start``; output accumulator from
        # absolute sample ``_out_start``; next frame index ``_frame``.
        self._in = np.zeros(self.pre, dtype=np.float32)
        self._in_start = -self.pre
        self._in_total = 0
        self._frame = 0
        self._acc = np.zeros((2, 0), dtype=np.float32)
        self._out_start = -self.pre  # frames start on the hop grid from -pre on
        self._static_spectrum: np.ndarray | None = None
        self._shaping_cache: dict[int, np.ndarray] = {}

    @property
    def tail_samples(self) -> int:
        """Output samples after the last input sample that can still be non-zero."""
        return self.place_len + 1

    def frame_centres(self, m: int) -> np.ndarray:
        """Input-sample centres ``[shape=(K,)]`` of the frames a push of ``m`` more samples
        completes (for callers that compute the filters of many paths in one batch, see
        :meth:`spectra_at` and ``push(x, spectra=...)``)."""
        available = (self._in_total + m + self.pre - self.frame_len) // self.hop + 1 - self._frame
        k = self._frame + np.arange(max(int(available), 0))
        return k * self.hop - self.pre + self.frame_len / 2.0

    def push(self, x: np.ndarray, spectra: np.ndarray | None = None) -> np.ndarray:
        """Feed mono samples; returns the output samples completed so far ``(2, m)``.

        ``spectra`` (optional) are the filter spectra ``(K, 2, F)`` of the frames this push
        completes (their centres: :meth:`frame_centres`); by default they are computed from
        the trajectory.
        """
        x = np.asarray(x, dtype=np.float32)
        self._in = np.concatenate([self._in, x]) if self._in.size else x.copy()
        self._in_total += x.size
        available = (self._in_total + self.pre - self.frame_len) // self.hop + 1 - self._frame
        done_frames = 0
        while available > 0:
            count = min(available, BATCH_FRAMES)
            given = None if spectra is None else spectra[done_frames : done_frames + count]
            self._process(count, given)
            available -= count
            done_frames += count
        done = self._frame * self.hop - self.pre  # samples before this are final
        n_out = max(done - self._out_start, 0)
        out = self._acc[:, :n_out]
        self._acc = self._acc[:, n_out:]
        self._out_start += n_out
        if self._out_start - n_out < 0:  # drop the part before sample 0
            out = out[:, min(n_out, -(self._out_start - n_out)) :]
        return out

    def _process(self, count: int, given: np.ndarray | None = None) -> None:
        first = self._frame
        begin = first * self.hop - self.pre - self._in_start  # index into self._in
        span = (count - 1) * self.hop + self.frame_len
        block = self._in[begin : begin + span]
        frames = np.lib.stride_tricks.sliding_window_view(block, self.frame_len)[:: self.hop][
            :count
        ]
        spec_x = sfft.rfft(frames * self.window, self.n_fft, axis=-1, workers=1)  # (K, F)
        spec_h = self._filter_spectra(first, count) if given is None else given  # (K|1, 2, F)
        if self.static or given is not None:
            spec_y = spec_x[:, None, :] * spec_h
        else:
            spec_y = spec_h  # freshly built for this batch: multiply in place
            spec_y *= spec_x[:, None, :]
        y = sfft.irfft(spec_y, self.n_fft, axis=-1, workers=1)  # (K, 2, N)
        # Overlap-add, vectorised: every frame is cut into pieces of ``hop`` samples;
        # output piece j gets piece p of frame j - p. Frames start on the hop grid.
        pieces = self.n_pieces
        start0 = first * self.hop - self.pre - self._out_start  # a multiple of hop
        need = start0 + (count + pieces - 1) * self.hop
        if self._acc.shape[1] < need:
            grow = max(need - self._acc.shape[1], BATCH_FRAMES * self.hop)
            self._acc = np.concatenate([self._acc, np.zeros((2, grow), np.float32)], axis=1)
        acc = self._acc[:, start0:need].reshape(2, count + pieces - 1, self.hop)
        for p in range(pieces):
            piece = y[:, :, p * self.hop : (p + 1) * self.hop]  # (K, 2, <= hop)
            acc[:, p : p + count, : piece.shape[-1]] += piece.transpose(1, 0, 2)
        self._frame += count
        # Drop input no later frame needs.
        keep_from = self._frame * self.hop - self.pre - self._in_start
        if keep_from > 0:
            self._in = self._in[keep_from:]
            self._in_start += keep_from

    def _filter_spectra(self, first: int, count: int) -> np.ndarray:
        if self.static:
            if self._static_spectrum is None:
                self._static_spectrum = self._spectra(np.array([self.frame_len / 2.0]))
            return self._static_spectrum
        centres = (first + np.arange(count)) * self.hop - self.pre + self.frame_len / 2.0
        return self._spectra(centres)

    def _distance_shaping(self, dist: np.ndarray) -> np.ndarray:
        """Distance gain x air absorption ``(K, F)`` float32.

        The gain is exact; absorption curves are cached per 0.5 % step of distance.
        """
        gain = distance_gain(
            dist, self.hrtf.reference_distance_m, min_gain_distance_m=self.min_gain_distance_m
        )
        out = np.empty((dist.size, self.n_bins), dtype=np.float32)
        ref = self.hrtf.reference_distance_m
        beyond = self.air_absorption & (dist > ref)
        out[~beyond] = 1.0
        if np.any(beyond):
            keys = np.rint(np.log(dist[beyond]) / np.log1p(DISTANCE_STEP)).astype(np.int64)
            rows = np.flatnonzero(beyond)
            for key in np.unique(keys):
                curve = self._shaping_cache.get(int(key))
                if curve is None:
                    d = max(float(np.exp(key * np.log1p(DISTANCE_STEP))), ref)
                    curve = air_absorption_gain(self._freqs_hz, d, ref)[0].astype(np.float32)
                    if len(self._shaping_cache) > 4096:
                        self._shaping_cache.clear()
                    self._shaping_cache[int(key)] = curve
                out[rows[keys == key]] = curve
        out *= gain[:, None].astype(np.float32)
        return out

    def _spectra(self, centres: np.ndarray) -> np.ndarray:
        """Filter spectra ``(K, 2, F)`` for frames centred at input samples ``centres``."""
        times = (centres - self.time_offset) / self.fs
        az, el, dist = self.timeline.positions(times)
        return self.spectra_at(az, el, dist)

    def spectra_at(
        self, az: np.ndarray, el: np.ndarray, dist: np.ndarray, extra_delay=None
    ) -> np.ndarray:
        """Filter spectra ``(K, 2, F)`` for ``K`` positions (degrees, metres).

        ``extra_delay`` (samples, scalar or ``(K,)``) defaults to this path's; every path
        with the same HRTF set and framing shares the layout, so one call can serve many.
        """
        extra = self.extra_delay if extra_delay is None else np.asarray(extra_delay)[:, None]
        filt, delays = self.hrtf.interpolate(az, el)  # (K, 2, L), (K, 2)
        shift = delays - self.hrtf.filter_origin + extra  # <= 0 + extra
        whole = np.floor(shift).astype(np.int64)
        frac = np.rint((shift - whole) * FRACTION_STEPS).astype(np.int64)
        carry = frac == FRACTION_STEPS  # e.g. 27.9999999: a whole sample, not 27 + 256/256
        whole[carry] += 1
        frac[carry] = 0
        k_frames, _, length = filt.shape
        placed = np.zeros((k_frames, 2, self.n_fft), dtype=np.float32)
        shifts = whole.tolist()
        for i in range(k_frames):
            for e in (0, 1):
                w = shifts[i][e]  # <= 0 (filters move earlier) unless there is extra delay
                if w >= 0:
                    placed[i, e, w : w + length] = filt[i, e]
                else:
                    placed[i, e, : length + w] = filt[i, e, -w:]
        spec = sfft.rfft(placed, axis=-1, workers=1)
        if np.any(frac):
            spec *= self._ramps[frac]
        if np.any(dist != self.hrtf.reference_distance_m):
            spec *= self._distance_shaping(dist)[:, None, :]
        return spec
