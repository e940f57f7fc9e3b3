"""Playback state and the audio callback's buffer filling (Qt-free, thread-safe).

The sound card's callback thread calls :meth:`PlaybackModel.fill`; the GUI reads
:attr:`PlaybackModel.position_s` on a timer. A = the mono original (both ears), B = the
binaural render; switching keeps the position so the comparison is instant.
"""

from __future__ import annotations

import threading

import numpy as np

SOURCE_ORIGINAL = "A"
SOURCE_BINAURAL = "B"


class PlaybackModel:
    def __init__(self, sample_rate_hz: int = 48_000) -> None:
        self._lock = threading.Lock()
        self.sample_rate_hz = sample_rate_hz
        self._buffers: dict[str, np.ndarray] = {}
        self.source = SOURCE_BINAURAL
        self._pos = 0
        self.playing = False
        self._loop: tuple[int, int] | None = None

    def set_buffer(self, source: str, audio: np.ndarray | None, sample_rate_hz: int) -> None:
        """``audio [shape=(2, n)]`` for ``source`` (A or B); ``None`` removes it."""
        with self._lock:
            self.sample_rate_hz = sample_rate_hz
            if audio is None:
                self._buffers.pop(source, None)
            else:
                self._buffers[source] = np.asarray(audio, np.float32)  # (2, n): no copy

    def has(self, source: str) -> bool:
        return source in self._buffers

    @property
    def position_s(self) -> float:
        return self._pos / self.sample_rate_hz

    def seek(self, time_s: float) -> None:
        with self._lock:
            self._pos = max(0, int(round(time_s * self.sample_rate_hz)))

    def set_loop(self, span_s: tuple[float, float] | None) -> None:
        with self._lock:
            if span_s is None:
                self._loop = None
            else:
                a, b = (int(round(t * self.sample_rate_hz)) for t in span_s)
                self._loop = (a, b) if b > a else None

    @property
    def loop_s(self) -> tuple[float, float] | None:
        return (
            None
            if self._loop is None
            else (self._loop[0] / self.sample_rate_hz, self._loop[1] / self.sample_rate_hz)
        )

    def fill(self, out: np.ndarray) -> bool:
        """Fill ``out [shape=(frames, 2)]``; returns ``False`` when playback reached the end."""
        with self._lock:
            out.fill(0.0)
            buf = self._buffers.get(self.source)
            if not self.playing or buf is None:
                return self.playing
            frames = out.shape[0]
            written = 0
            while written < frames:
                if self._loop is not None:
                    start, end = self._loop
                    end = min(end, buf.shape[1])
                    if self._pos >= end or self._pos < start:
                        self._pos = start
                else:
                    end = buf.shape[1]
                    if self._pos >= end:
                        self.playing = False
                        return False
                n = min(frames - written, end - self._pos)
                if n <= 0:
                    break
                out[written : written + n] = buf[:, self._pos : self._pos + n].T
                self._pos += n
                written += n
            return True
