"""A voice's room sound (early reflections + late tail), rendered ahead of the playhead.

The physical engine's room buses (:mod:`engine.physical.rooms`) convolve in large blocks
(4096 samples for small rooms, up to 2**19 for a cathedral's tail), far more than one
audio block's worth of work at once. Their output does not depend on the listener's head
(reflections and tail stay put when the head turns: a documented simplification), so a
background thread (:meth:`RoomStream.fill_ahead`, called by the live engine's prefetcher)
renders them ahead and the audio callback only copies samples (:meth:`RoomStream.take`).
If the prefetcher falls behind, :meth:`take` renders what is missing itself.

The stream starts up to ``ROOM_PREROLL_S`` before the voice, so a voice that starts
mid-session (after an edit) carries the reverberation of what came before.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from engine.hrtf import HrtfSet
from engine.live.timeline import track_renderer
from engine.physical.renderer import RenderConfig
from engine.physical.rooms import BAND_CENTRES_HZ, PRESETS
from engine.session import Region

ROOM_PREROLL_S = 3.0


def rooms_used(regions: Sequence[Region], room: str) -> set[str]:
    """Room presets (not anechoic) a track's timeline uses."""
    return {name for name in (room, *(r.room for r in regions)) if name not in (None, "anechoic")}


def uses_rooms(regions: Sequence[Region], room: str) -> bool:
    return bool(rooms_used(regions, room))


def ring_seconds(regions: Sequence[Region], room: str) -> float:
    """How long the room sound can ring after the input ends (the longest late tail)."""
    return max(
        (
            1.05 * float(PRESETS[n].rt60_at(BAND_CENTRES_HZ).max()) + 0.1
            for n in rooms_used(regions, room)
            if n in PRESETS
        ),
        default=0.0,
    )


class RoomStream:
    """Room buses of one track from timeline sample ``start_sample`` on."""

    def __init__(
        self,
        mono: np.ndarray,
        regions: Sequence[Region],
        hrtf: HrtfSet,
        *,
        sample_rate_hz: int,
        room: str,
        config: RenderConfig,
        start_sample: int,
        doppler: bool = True,
    ) -> None:
        self.mono = mono
        fs = int(sample_rate_hz)
        history = min(int(ROOM_PREROLL_S * fs), max(int(start_sample), 0))
        first = int(start_sample) - history
        r = track_renderer(
            regions,
            hrtf,
            room=room,
            start_sample=first,
            sample_rate_hz=fs,
            config=config,
            doppler=doppler,
        )
        self._buses = r.room_buses
        self._delay = r.delay
        self.length = max((bus.length for bus in self._buses), default=0)
        self._step = max((bus.block for bus in self._buses), default=1)
        self._skip = [r.latency + history] * len(self._buses)
        self._in = first  # next timeline sample fed to the buses
        self._parts: list[list[np.ndarray]] = [[] for _ in self._buses]
        self._sizes = [0] * len(self._buses)
        self._compute = threading.Lock()  # one renderer at a time
        self._fifo = threading.Lock()  # the queues
        self.out_pos = int(start_sample)  # timeline sample of the next output sample
        self.behind = 0  # times the audio thread had to render (prefetcher late)
        while self._in < start_sample or self.available == 0:
            self._render_step()  # pre-roll now, not in the audio callback

    @property
    def available(self) -> int:
        return min(self._sizes, default=0)

    def _render_step(self) -> None:
        """Render one step of every bus into its queue (caller holds no fifo lock)."""
        a = self._in
        x = np.zeros(self._step, np.float32)
        lo, hi = max(a, 0), min(a + self._step, self.mono.size)
        if hi > lo:
            x[lo - a : hi - a] = self.mono[lo:hi]
        self._in += self._step
        xd = self._delay.push(x) if self._delay is not None else x
        outs = []
        for i, bus in enumerate(self._buses):
            y = bus.push(xd)
            if self._skip[i]:
                drop = min(self._skip[i], y.shape[1])
                y = y[:, drop:]
                self._skip[i] -= drop
            outs.append(y)
        with self._fifo:
            for i, y in enumerate(outs):
                if y.shape[1]:
                    self._parts[i].append(y)
                    self._sizes[i] += y.shape[1]

    def fill_ahead(self, samples: int) -> None:
        """Render until ``samples`` are queued past the read position (prefetch thread)."""
        with self._compute:
            while self.available < samples:
                self._render_step()

    def take(self, n: int) -> np.ndarray:
        """The next ``n`` samples ``(2, n)`` (audio thread)."""
        if self.available < n:
            self.behind += 1
            with self._compute:
                while self.available < n:
                    self._render_step()
        out = np.zeros((2, n), np.float32)
        with self._fifo:
            for i in range(len(self._buses)):
                got = 0
                parts = self._parts[i]
                while got < n:
                    p = parts[0]
                    k = min(n - got, p.shape[1])
                    out[:, got : got + k] += p[:, :k]
                    got += k
                    if k == p.shape[1]:
                        parts.pop(0)
                    else:
                        parts[0] = p[:, k:]
                self._sizes[i] -= n
        self.out_pos += n
        return out
