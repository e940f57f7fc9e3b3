"""Track audio for the app (Qt-free): mono samples at the session rate, cached per file,
with their waveform overviews. Rendering reads files itself through the engine; this
cache only feeds the timeline, the A (original) side of the preview and the lanes' notices.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.timeline.waveform import WaveformPeaks
from engine.api import AudioInputError, LoadedAudio, Session, read_mono


@dataclass
class TrackAudio:
    audio: LoadedAudio
    peaks: WaveformPeaks


class AudioLibrary:
    """``load(path, sample_rate_hz)`` once; errors are remembered per file for the lanes."""

    def __init__(self) -> None:
        self._items: dict[tuple[Path, int], TrackAudio] = {}
        self._errors: dict[tuple[Path, int], str] = {}
        self._lock = threading.Lock()

    def load(self, path: str | Path, sample_rate_hz: int) -> TrackAudio:
        """Read (or return the cached) audio; raises :class:`AudioInputError`."""
        key = (Path(path).resolve(), int(sample_rate_hz))
        with self._lock:
            if key in self._items:
                return self._items[key]
        try:
            loaded = read_mono(key[0], key[1])
        except AudioInputError as exc:
            with self._lock:
                self._errors[key] = str(exc)
            raise
        item = TrackAudio(loaded, WaveformPeaks(loaded.samples, loaded.sample_rate_hz))
        with self._lock:
            self._items[key] = item
            self._errors.pop(key, None)
        return item

    def peek(self, path: str | Path, sample_rate_hz: int) -> TrackAudio | None:
        """The cached item or ``None``; never reads a file (safe in paint events)."""
        with self._lock:
            return self._items.get((Path(path).resolve(), int(sample_rate_hz)))

    def get(self, path: str | Path, sample_rate_hz: int) -> TrackAudio | None:
        """The cached item, loading it on first use; ``None`` when unreadable."""
        try:
            return self.load(path, sample_rate_hz)
        except AudioInputError:
            return None

    def error(self, path: str | Path, sample_rate_hz: int) -> str | None:
        return self._errors.get((Path(path).resolve(), int(sample_rate_hz)))

    def duration_s(self, session: Session) -> float:
        """Longest loaded track (seconds), 0 when no audio is loaded yet."""
        longest = 0.0
        for track in session.tracks:
            item = self.peek(session.audio_path(track), session.sample_rate_hz)
            if item is not None:
                longest = max(longest, item.audio.duration_s)
        return longest

    def mono_mix(self, session: Session) -> np.ndarray:
        """The unprocessed original: audible tracks summed with their gains, ``(2, n)``
        (same signal in both ears) for A/B comparison with the binaural render."""
        parts = []
        for track in session.audible_tracks():
            item = self.get(session.audio_path(track), session.sample_rate_hz)
            if item is not None:
                parts.append(item.audio.samples * np.float32(10 ** (track.gain_db / 20)))
        n = max((p.shape[0] for p in parts), default=0)
        mix = np.zeros(n, dtype=np.float32)
        for p in parts:
            mix[: p.shape[0]] += p
        return np.stack([mix, mix])
