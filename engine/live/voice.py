"""Voices: one track's audio as a stream of binaural blocks from any timeline position.

* :class:`PhysicalVoice` runs the physical engine's own stages (the
  :class:`~engine.physical.renderer.StreamingRenderer` built for the track: propagation
  delay line, HRTF direct path with its crossfaded filters, room buses) from timeline
  sample ``start_sample`` on. The direct path's filters are computed by the caller for
  many voices in one batch (:func:`render_voices`) from the voice's frame positions,
  turned by the listener's head. Rooms (early reflections and tail) do not follow the
  head (a documented simplification) and run ahead of the playhead in their own stream
  (:mod:`engine.live.room_stream`), since they convolve in large blocks.
* :class:`BufferVoice` plays a rendered stem (neural engine, or anything prerendered).

Positions (and Doppler delays) are read from tables filled in chunks of ``TABLE_CHUNK``
frames from the timeline; the engine's prefetch thread fills the next chunk ahead
(:meth:`PhysicalVoice.warm_tables`), so the audio callback does no timeline evaluation.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from engine.hrtf import HrtfSet
from engine.live.head import rotate_directions
from engine.live.room_stream import RoomStream, ring_seconds, uses_rooms
from engine.live.timeline import renderer_positions, track_renderer
from engine.physical.delay_line import DelayLine
from engine.physical.renderer import RenderConfig
from engine.session import Region

ROOM_CROSSFADE = 2048  # samples: borrowed -> own room sound after an edit
TABLE_CHUNK = 512  # frames of positions computed at a time (~2.7 s at hop 256, 48 kHz)


class _Fifo:
    """Stereo sample queue with a read position (few allocations: appends are chunked)."""

    def __init__(self) -> None:
        self._buf = np.zeros((2, 0), np.float32)
        self._read = 0

    @property
    def size(self) -> int:
        return self._buf.shape[1] - self._read

    def put(self, x: np.ndarray) -> None:
        if x.shape[1] == 0:
            return
        if self._read:
            self._buf = self._buf[:, self._read :]
            self._read = 0
        self._buf = np.concatenate([self._buf, x], axis=1) if self._buf.shape[1] else x

    def take(self, n: int) -> np.ndarray:
        out = self._buf[:, self._read : self._read + n]
        self._read += out.shape[1]
        return out


class _Table:
    """``f(indices)`` on the integer grid, computed ``TABLE_CHUNK`` entries at a time."""

    def __init__(self, compute) -> None:
        self._compute = compute  # (first, count) -> array (count, ...) of values
        self._chunks: dict[int, np.ndarray] = {}
        self._lock = threading.Lock()  # the audio and prefetch threads both fill it
        self.last = 0  # the last index read

    def warm(self, index: int) -> None:
        """Compute the chunk holding ``index`` now (prefetch thread) if it is missing."""
        if index // TABLE_CHUNK not in self._chunks:
            self._chunk(index // TABLE_CHUNK)

    def __call__(self, index: np.ndarray) -> np.ndarray:
        index = np.asarray(index, dtype=np.int64)
        if index.size:
            self.last = int(index[-1])
        chunk = index // TABLE_CHUNK
        first = int(chunk[0]) if chunk.size else 0
        if chunk.size and np.all(chunk == first):
            return self._chunk(first)[index - first * TABLE_CHUNK]
        return (
            np.stack(
                [
                    self._chunk(int(c))[int(i - c * TABLE_CHUNK)]
                    for i, c in zip(index, chunk, strict=True)
                ]
            )
            if index.size
            else np.zeros((0,))
        )

    def _chunk(self, c: int) -> np.ndarray:
        got = self._chunks.get(c)
        if got is None:
            got = self._compute(c * TABLE_CHUNK, TABLE_CHUNK)
            with self._lock:
                keep = {k: v for k, v in self._chunks.items() if k >= c - 2}
                keep[c] = got
                self._chunks = keep
        return got


class PhysicalVoice:
    """A track rendered by the physical engine from timeline sample ``start_sample``.

    ``mono`` [shape=(n,)] is the track's source at the session rate, timeline 0 = sample 0.
    Output sample ``j`` of this voice is timeline sample ``start_sample + j``. ``config``
    must use a ``hop_samples`` equal to the block size the caller pushes (see
    :func:`render_voices`).
    """

    head_follows = True

    def __init__(
        self,
        mono: np.ndarray,
        regions: Sequence[Region],
        hrtf: HrtfSet,
        *,
        sample_rate_hz: int,
        room: str,
        config: RenderConfig,
        start_sample: int = 0,
        doppler: bool = True,
        defer_rooms: bool = False,
    ) -> None:
        self.mono = np.asarray(mono, dtype=np.float32)
        self.start_sample = int(start_sample)
        self.notices: list[str] = []
        self._renderer = track_renderer(  # direct sound only: rooms are a RoomStream
            regions,
            hrtf,
            room=room,
            start_sample=self.start_sample,
            sample_rate_hz=sample_rate_hz,
            config=config,
            doppler=doppler,
            dry=True,
            notices=self.notices,
        )
        r = self._renderer
        self.hop = config.hop_samples
        r.crossfade_always()  # the head turns even a still source
        self.direct = r.direct
        self._delay = r.delay
        self._extra_delay = float(r.direct.extra_delay)
        self._skip = r.latency
        self._in_pos = self.start_sample  # next timeline sample fed to the direct path
        self._out = _Fifo()
        self.end_sample = self.mono.size + r.tail_samples  # timeline: silent from here on
        self.out_pos = self.start_sample  # timeline sample of the next output sample
        # Positions of the direct path's frames, by local frame index.
        direct, fs = r.direct, r.fs

        def positions(first: int, count: int) -> np.ndarray:
            centres = (first + np.arange(count)) * direct.hop - direct.pre + direct.frame_len / 2
            az, el, dist = renderer_positions(r, (centres - direct.time_offset) / fs)
            return np.stack([az, el, dist], axis=1)

        self._positions = _Table(positions)
        self._delays: _Table | None = None
        if isinstance(r.delay, DelayLine):
            hop, raw = r.delay.hop, r.delay.delay_at
            table = _Table(lambda first, count: raw((first + np.arange(count)) * float(hop)))
            r.delay.delay_at = lambda n: table(np.rint(np.asarray(n) / hop).astype(np.int64))
            self._delays = table
        # Rooms: their own stream, rendered ahead by the engine's prefetcher. With
        # ``defer_rooms`` the caller builds it later (:meth:`make_rooms`) and hands it over
        # through ``pending_rooms``; meanwhile the voice may carry a borrowed stream.
        self.wants_rooms = uses_rooms(regions, room)
        self._room_args = (regions, hrtf, sample_rate_hz, room, config, doppler)
        self.rooms: RoomStream | None = None
        self.pending_rooms: RoomStream | None = None
        self._room_fade = 0
        self.owns_rooms = not (self.wants_rooms and defer_rooms)  # else borrowed/none yet
        if self.wants_rooms:
            if not defer_rooms:
                self.rooms = self.make_rooms(self.start_sample)
            self.end_sample += int(ring_seconds(regions, room) * sample_rate_hz)

    def make_rooms(self, start_sample: int) -> RoomStream:
        """This voice's room sound from timeline sample ``start_sample`` on."""
        regions, hrtf, fs, room, config, doppler = self._room_args
        return RoomStream(
            self.mono,
            regions,
            hrtf,
            sample_rate_hz=fs,
            room=room,
            config=config,
            start_sample=start_sample,
            doppler=doppler,
        )

    def warm_tables(self) -> None:
        """Fill the position/delay tables half a chunk ahead (prefetch thread)."""
        for table in (self._positions, self._delays):
            if table is not None:
                table.warm(table.last + TABLE_CHUNK // 2)

    # -- the direct path, in two halves so many voices share one filter batch

    def _input(self, n: int) -> np.ndarray:
        a, b = self._in_pos, self._in_pos + n
        x = np.zeros(n, np.float32)
        lo, hi = max(a, 0), min(b, self.mono.size)
        if hi > lo:
            x[lo - a : hi - a] = self.mono[lo:hi]
        return x

    def needs(self, n: int) -> bool:
        return self._out.size < n

    def prepare(self) -> tuple[np.ndarray, np.ndarray]:
        """Delayed input for one hop and the positions ``(K, 3)`` of the frames it completes."""
        x = self._input(self.hop)
        self._in_pos += self.hop
        xd = self._delay.push(x) if self._delay is not None else x
        centres = self.direct.frame_centres(xd.size)
        frames = np.rint(
            (centres + self.direct.pre - self.direct.frame_len / 2) / self.direct.hop
        ).astype(np.int64)
        pos = self._positions(frames) if frames.size else np.zeros((0, 3))
        return xd, pos

    def finish(self, xd: np.ndarray, spectra: np.ndarray) -> None:
        y = self.direct.push(xd, spectra)
        if self._skip:
            drop = min(self._skip, y.shape[1])
            y = y[:, drop:]
            self._skip -= drop
        self._out.put(y)

    def pull(self, n: int) -> np.ndarray:
        """The next ``n`` output samples ``(2, n)`` (call :func:`render_voices` first)."""
        out = self._out.take(n).copy()
        pending = self.pending_rooms
        if pending is not None and pending.out_pos <= self.out_pos:
            if pending.out_pos < self.out_pos:  # handed over late: catch up
                pending.take(self.out_pos - pending.out_pos)
            k = self._room_fade + np.arange(n)
            fade = (0.5 - 0.5 * np.cos(np.pi * np.clip(k / ROOM_CROSSFADE, 0.0, 1.0))).astype(
                np.float32
            )
            old = self.rooms.take(n) if self.rooms is not None else 0.0
            out += old + fade * (pending.take(n) - old)
            self._room_fade += n
            if self._room_fade >= ROOM_CROSSFADE:
                self.rooms, self.pending_rooms, self._room_fade = pending, None, 0
                self.owns_rooms = True
        elif self.rooms is not None:
            out += self.rooms.take(n)
        self.out_pos += n
        return out


class BufferVoice:
    """A rendered stem ``audio [shape=(2, L)]`` (timeline 0 = column 0) from ``start_sample``."""

    head_follows = False

    def __init__(self, audio: np.ndarray, *, start_sample: int = 0) -> None:
        self.audio = np.asarray(audio, dtype=np.float32)
        self.start_sample = int(start_sample)
        self.out_pos = self.start_sample
        self.end_sample = self.audio.shape[1]

    def needs(self, n: int) -> bool:
        return False

    def pull(self, n: int) -> np.ndarray:
        a = self.out_pos
        out = np.zeros((2, n), np.float32)
        lo, hi = max(a, 0), min(a + n, self.audio.shape[1])
        if hi > lo:
            out[:, lo - a : hi - a] = self.audio[:, lo:hi]
        self.out_pos += n
        return out


def render_voices(voices: Sequence[PhysicalVoice], n: int, rotation: np.ndarray | None) -> None:
    """Advance every voice until it holds ``n`` output samples; the HRTF filters of all
    voices' frames are computed in one batch, directions turned by the head ``rotation``
    (head-to-world, 3x3; ``None`` = facing front)."""
    while True:
        todo = [v for v in voices if v.needs(n)]
        if not todo:
            return
        prepared = [v.prepare() for v in todo]
        counts = [p.shape[0] for _, p in prepared]
        if sum(counts):
            pos = np.concatenate([p for _, p in prepared], axis=0)
            az, el, dist = pos[:, 0], pos[:, 1], pos[:, 2]
            if rotation is not None:
                az, el = rotate_directions(rotation, az, el)
            extra = np.repeat([v._extra_delay for v in todo], counts)
            spectra = todo[0].direct.spectra_at(az, el, dist, extra)
        else:
            spectra = None
        at = 0
        for v, (xd, _), k in zip(todo, prepared, counts, strict=True):
            v.finish(xd, spectra[at : at + k] if spectra is not None else np.zeros((0,)))
            at += k
