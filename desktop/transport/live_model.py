"""Live playback for the transport (Qt-free): source B rendered by the live engine.

:class:`LivePlaybackModel` is a :class:`~desktop.transport.model.PlaybackModel` whose
binaural source (B) is not a prerendered buffer but :class:`engine.live.LiveEngine`,
so prompt edits, region moves, gain, mute and solo are heard while playing and the
scene follows the listener's head (:class:`engine.live.HeadState`). A (the mono
original) still plays its buffer. The sound card may ask for any number of frames; the
engine renders fixed blocks into a small queue. Seeking and loop wraps restart the
engine at the new position (a discontinuity the user asked for).
"""

from __future__ import annotations

import numpy as np

from desktop.transport.model import SOURCE_BINAURAL, PlaybackModel
from engine.api import Session
from engine.live import HeadState, LiveEngine


class LivePlaybackModel(PlaybackModel):
    def __init__(
        self, head: HeadState | None = None, sample_rate_hz: int = 48_000, block: int = 256
    ) -> None:
        super().__init__(sample_rate_hz)
        self.head = head or HeadState()
        self.block = block
        self.engine: LiveEngine | None = None
        self.session: Session | None = None
        self._queue = np.zeros((2, 0), np.float32)
        self._engine_pos = -1  # playback sample the engine's next output belongs to

    def has(self, source: str) -> bool:
        return source == SOURCE_BINAURAL or super().has(source)

    def set_session(self, session: Session) -> None:
        """The document changed: heard within ~100 ms when playing (no render needed)."""
        self.session = session
        if self.engine is not None:
            self.engine.set_session(session)

    def prepare(self, session: Session) -> None:
        """Before playback starts (GUI thread): build the engine at the playhead."""
        with self._lock:
            self.session = session
            self.sample_rate_hz = session.sample_rate_hz
            if self.engine is None or self.engine.fs != session.sample_rate_hz:
                if self.engine is not None:
                    self.engine.close()
                self.engine = LiveEngine(session, block_samples=self.block, head=self.head)
            else:
                self.engine.set_session(session)
            self._restart(self._pos)

    def _restart(self, pos: int) -> None:
        assert self.engine is not None
        self.engine.start_at(pos / self.sample_rate_hz)
        self._queue = np.zeros((2, 0), np.float32)
        self._engine_pos = pos

    def fill(self, out: np.ndarray) -> bool:
        if self.source != SOURCE_BINAURAL or self.engine is None:
            return super().fill(out)
        with self._lock:
            out.fill(0.0)
            if not self.playing:
                return False
            frames = out.shape[0]
            end = self.engine.end_sample
            written = 0
            while written < frames:
                if self._loop is not None:
                    start, stop = self._loop
                    if self._pos >= stop or self._pos < start:
                        self._pos = start
                elif self._pos >= end:
                    self.playing = False
                    return False
                if self._engine_pos != self._pos:  # seek or loop wrap
                    self._restart(self._pos)
                limit = (self._loop[1] if self._loop is not None else end) - self._pos
                n = min(frames - written, limit)
                while self._queue.shape[1] < n:
                    self._queue = np.concatenate([self._queue, self.engine.render()], axis=1)
                out[written : written + n] = self._queue[:, :n].T
                self._queue = self._queue[:, n:]
                self._pos += n
                self._engine_pos = self._pos
                written += n
            return True

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
