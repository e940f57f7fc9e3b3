"""The physical (HRTF) renderer: mono track + its timeline -> binaural, streamed in blocks.

Where the source is and which room it is in come from an :class:`engine.timeline.Timeline`
(built once per track by :func:`engine.timeline.build_timeline`); this module never reads
prompts or session regions. A span naming several sources is rendered at its main source
(a notice says so: the neural engine separates sources).

Signal flow for one track::

    mono --> propagation delay line (Doppler) --+--> direct path (HRTF, distance) ----+--> out
                                                +--> early reflections per region -----+
                                                +--> late tail per room preset --------+

* :class:`StreamingRenderer` takes input blocks of any size (``process``) and returns
  output as it completes; ``flush()`` returns the rest, including the tail (HRIR ringing,
  extra propagation delay, room reverberation). Every stage frames its input on its own
  fixed grid, so the concatenated output does not depend on the block sizes: a streamed
  render equals a one-shot render, and memory stays bounded for any input length.
* :func:`render_track` renders a whole array (the engine contract).
* :func:`render_file` streams a file to a file with ``soundfile`` (one-hour inputs in
  well under 400 MB).

Output length: ``n + tail_samples`` where the tail covers everything still ringing.
Output time 0 = input time 0: the delay line's fixed latency is removed, so a source at
the HRTF's reference distance is not delayed; a farther one arrives ``(r - r_ref) / c``
later (only with ``doppler=True``; with ``doppler=False`` there is no propagation delay).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.errors import AudioInputError, ParameterError
from engine.hrtf import HrtfSet
from engine.physical.delay_line import ConstantDelay, DelayLine
from engine.physical.direct_path import DirectPath
from engine.physical.distance import SPEED_OF_SOUND_M_S, propagation_delay_samples
from engine.physical.rooms import RoomBus, room_buses
from engine.progress import ProgressCallback, check_cancel
from engine.timeline import Timeline
from engine.untrusted import require_regular_file


@dataclass(frozen=True)
class RenderConfig:
    """Options of the physical renderer.

    hop_samples: filter update interval (1024 = 21 ms at 48 kHz). Smaller = smoother
        motion, slower.
    crossfade_samples: length of the raised-cosine crossfade between consecutive
        filters (384 = 8 ms at 48 kHz; at most ``hop_samples``, which gives Hann WOLA).
    speed_of_sound_m_s: for propagation delay and room reflections.
    min_gain_distance_m: distance gain stops rising below this (caps near-field boost).
    air_absorption: apply ISO 9613-1 absorption beyond the reference distance.
    seed: seed of the room tails' noise (renders are deterministic).
    chunk_samples: block size ``render_track``/``render_file`` feed the stream with.
    """

    hop_samples: int = 1024
    crossfade_samples: int = 384
    speed_of_sound_m_s: float = SPEED_OF_SOUND_M_S
    min_gain_distance_m: float = 0.25
    air_absorption: bool = True
    seed: int = 0
    chunk_samples: int = 1 << 17

    def __post_init__(self) -> None:
        if not isinstance(self.hop_samples, int) or not 64 <= self.hop_samples <= 16384:
            raise ParameterError(
                f"hop_samples must be an integer in 64..16384, got {self.hop_samples!r}"
            )
        if (
            not isinstance(self.crossfade_samples, int)
            or not 1 <= self.crossfade_samples <= self.hop_samples
        ):
            raise ParameterError(
                f"crossfade_samples must be an integer in 1..hop_samples ({self.hop_samples}), "
                f"got {self.crossfade_samples!r}"
            )
        if self.chunk_samples < 1:
            raise ParameterError(f"chunk_samples must be >= 1, got {self.chunk_samples!r}")


class _Fifo:
    """Stereo sample queue."""

    def __init__(self) -> None:
        self._parts: list[np.ndarray] = []
        self.size = 0

    def put(self, x: np.ndarray) -> None:
        if x.shape[1]:
            self._parts.append(x)
            self.size += x.shape[1]

    def take(self, n: int) -> np.ndarray:
        if not self._parts:
            return np.zeros((2, 0), np.float32)
        joined = np.concatenate(self._parts, axis=1) if len(self._parts) != 1 else self._parts[0]
        out, rest = joined[:, :n], joined[:, n:]
        self._parts = [rest] if rest.shape[1] else []
        self.size -= n
        return out


class StreamingRenderer:
    """Render one track block by block with bounded memory.

    >>> r = StreamingRenderer(build_timeline(regions), hrtf, sample_rate_hz=48_000)
    >>> out = np.concatenate([r.process(b) for b in blocks] + [r.flush()], axis=1)

    ``notices`` (if given) receives messages for the user (e.g. several sources in a span).
    """

    def __init__(
        self,
        timeline: Timeline,
        hrtf: HrtfSet,
        *,
        sample_rate_hz: int,
        doppler: bool = True,
        config: RenderConfig | None = None,
        notices: list[str] | None = None,
    ) -> None:
        if int(sample_rate_hz) != hrtf.sample_rate_hz:
            raise ParameterError(
                f"sample_rate_hz {sample_rate_hz} does not match the HRTF set's rate {hrtf.sample_rate_hz} Hz; "
                f"load the set with HrtfSet.load(path, {sample_rate_hz})"
            )
        self.config = config or RenderConfig()
        self.fs = int(sample_rate_hz)
        self.hrtf = hrtf
        if not timeline.placed:
            timeline = timeline.with_front_distance(hrtf.reference_distance_m)
        self.timeline = timeline
        found = [
            f"region {s.start_s:g}-{s.end_s:g} s names {len(s.sources)} sources; the physical "
            f"engine places the whole track at the first ({s.sources[0].label or 'source'!r}); "
            "the neural engine separates them"
            for s in timeline.spans
            if len(s.sources) > 1
        ]
        self.notices = found
        if notices is not None:
            notices.extend(found)
        cfg = self.config
        r_ref = hrtf.reference_distance_m
        lo, hi = self.timeline.distance_range_m()
        c = cfg.speed_of_sound_m_s
        extra = 0.0
        self._delay: DelayLine | ConstantDelay | None = None
        self.latency = 0
        self.propagation_tail = 0
        if doppler:
            base = int(np.ceil(propagation_delay_samples(r_ref, self.fs, speed_of_sound_m_s=c))) + 4
            if self.timeline.has_constant_distance:
                d = base + float(
                    propagation_delay_samples(lo - r_ref, self.fs, speed_of_sound_m_s=c)
                )
                whole = int(np.floor(d))
                extra = d - whole
                self._delay = ConstantDelay(whole)
            else:
                timeline, fs = self.timeline, self.fs

                def delay_at(n: np.ndarray) -> np.ndarray:
                    _, _, dist = timeline.positions((n - base) / fs)
                    return base + (dist - r_ref) / c * fs

                max_delay = base + max(hi - r_ref, 0.0) / c * self.fs
                self._delay = DelayLine(delay_at, hop=cfg.hop_samples, max_delay=max_delay + 2)
            self.latency = base
            self.propagation_tail = int(np.ceil(max(hi - r_ref, 0.0) / c * self.fs)) + 2
        self._direct = self._direct_path(static=self.timeline.is_static, extra_delay_samples=extra)
        self._rooms: list[RoomBus] = room_buses(
            hrtf,
            self.timeline,
            sample_rate_hz=self.fs,
            time_offset_samples=self.latency,
            speed_of_sound_m_s=c,
            seed=cfg.seed,
        )
        self._fifos = [_Fifo() for _ in range(1 + len(self._rooms))]
        self._skip = self.latency  # output samples still to drop (delay-line latency)
        self._n_in = 0
        self._n_out = 0
        self._flushed = False

    def _direct_path(self, *, static: bool, extra_delay_samples: float) -> DirectPath:
        cfg = self.config
        return DirectPath(
            self.hrtf,
            self.timeline,
            sample_rate_hz=self.fs,
            hop=cfg.hop_samples,
            static=static,
            crossfade=cfg.crossfade_samples,
            time_offset_samples=self.latency,
            extra_delay_samples=extra_delay_samples,
            air_absorption=cfg.air_absorption,
            min_gain_distance_m=cfg.min_gain_distance_m,
        )

    @property
    def direct(self) -> DirectPath:
        """The direct-sound path (HRTF filtering, distance gain)."""
        return self._direct

    @property
    def delay(self) -> DelayLine | ConstantDelay | None:
        """The propagation delay applied before every path (``None`` without Doppler)."""
        return self._delay

    @property
    def room_buses(self) -> list[RoomBus]:
        """The room reverberation buses (empty when the track renders no room)."""
        return self._rooms

    def crossfade_always(self) -> None:
        """Crossfade the direct path's filters every hop even for a still source (a
        listener's turning head changes them); call before the first block."""
        if self._direct.static:
            self._direct = self._direct_path(
                static=False, extra_delay_samples=self._direct.extra_delay
            )

    @property
    def tail_samples(self) -> int:
        """Samples the output runs on after the input ends."""
        room = max((bus.length for bus in self._rooms), default=0)
        return self._direct.tail_samples + self.propagation_tail + room

    def process(self, block: np.ndarray) -> np.ndarray:
        """Feed mono samples ``(m,)``; returns the binaural output completed so far ``(2, k)``."""
        if self._flushed:
            raise ParameterError("StreamingRenderer.process called after flush()")
        x = np.asarray(block, dtype=np.float32).reshape(-1)
        self._n_in += x.size
        return self._run(x)

    def flush(self) -> np.ndarray:
        """End of input: the remaining output, tail included ``(2, k)``."""
        self._flushed = True
        total = self._n_in + self.tail_samples
        parts = []
        step = max(self.config.chunk_samples, self.config.hop_samples * 4)
        while self._n_out < total:
            out = self._run(np.zeros(step, dtype=np.float32))
            parts.append(out[:, : total - (self._n_out - out.shape[1])])
        return np.concatenate(parts, axis=1) if parts else np.zeros((2, 0), np.float32)

    def _run(self, x: np.ndarray) -> np.ndarray:
        xd = self._delay.push(x) if self._delay is not None else x
        direct = self._direct.push(xd)
        if not self._rooms:
            out = direct
        else:
            self._fifos[0].put(direct)
            for bus, fifo in zip(self._rooms, self._fifos[1:], strict=True):
                fifo.put(bus.push(xd))
            ready = min(f.size for f in self._fifos)
            out = self._fifos[0].take(ready).copy()
            for fifo in self._fifos[1:]:
                out += fifo.take(ready)
        if self._skip:
            drop = min(self._skip, out.shape[1])
            out = out[:, drop:]
            self._skip -= drop
        self._n_out += out.shape[1]
        return out


def render_track(
    mono: np.ndarray,
    timeline: Timeline,
    hrtf: HrtfSet,
    *,
    sample_rate_hz: int,
    doppler: bool = True,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    notices: list[str] | None = None,
    config: RenderConfig | None = None,
) -> np.ndarray:
    """Render a mono track ``[shape=(n,)]`` to binaural ``[shape=(2, n + tail)]`` float32.

    ``timeline`` places the source and its rooms over time (:mod:`engine.timeline`).
    Messages for the user are appended to ``notices`` when it is given.
    """
    x = np.asarray(mono, dtype=np.float32)
    if x.ndim != 1:
        raise ParameterError(f"mono must have shape (n,), got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise AudioInputError("mono input holds NaN or Inf samples")
    renderer = StreamingRenderer(
        timeline,
        hrtf,
        sample_rate_hz=sample_rate_hz,
        doppler=doppler,
        config=config,
        notices=notices,
    )
    step = renderer.config.chunk_samples
    total = x.size + renderer.tail_samples
    out = np.zeros((2, total), dtype=np.float32)
    pos = 0
    for start in range(0, x.size, step):
        check_cancel(cancel)
        y = renderer.process(x[start : start + step])
        out[:, pos : pos + y.shape[1]] = y
        pos += y.shape[1]
        if progress is not None:
            progress(min(start + step, x.size) / x.size, "rendering (physical)")
    check_cancel(cancel)
    y = renderer.flush()
    out[:, pos : pos + y.shape[1]] = y
    return out


@dataclass
class RenderFileReport:
    """What :func:`render_file` wrote."""

    path: Path
    n_input_samples: int
    n_output_samples: int
    sample_rate_hz: int
    peak: float
    notices: list[str] = field(default_factory=list)


def render_file(
    in_path: str | os.PathLike,
    out_path: str | os.PathLike,
    timeline: Timeline,
    hrtf: HrtfSet | str | os.PathLike | None = None,
    *,
    doppler: bool = True,
    subtype: str = "FLOAT",
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    config: RenderConfig | None = None,
) -> RenderFileReport:
    """Stream ``in_path`` (any libsndfile format; channels are averaged) to a binaural WAV.

    Renders at the input file's sample rate (``hrtf`` as a set must match it; a path or
    ``None`` is loaded at that rate). Memory use is independent of the input length. The
    output is written to a temporary file and renamed, so nothing half-written remains on
    error or cancel. ``subtype="PCM_24"`` raises if the output would clip.
    """
    import soundfile as sf

    src = require_regular_file(in_path, error=AudioInputError, what="audio file")
    dst = Path(out_path)
    try:
        info = sf.info(str(src))
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioInputError(f"{src}: not a readable audio file ({exc})") from exc
    if info.frames <= 0:
        raise AudioInputError(f"{src}: the file holds no audio (0 samples)")
    fs = int(info.samplerate)
    hrtf_set = hrtf if isinstance(hrtf, HrtfSet) else HrtfSet.load(hrtf, fs)
    notices: list[str] = []
    if info.channels > 1:
        notices.append(f"{src.name}: {info.channels} channels averaged to mono")
    renderer = StreamingRenderer(
        timeline,
        hrtf_set,
        sample_rate_hz=fs,
        doppler=doppler,
        config=config,
        notices=notices,
    )
    step = renderer.config.chunk_samples
    tmp = dst.with_name(f".{dst.name}.partial")
    peak = 0.0
    n_in = n_out = 0
    clip_check = subtype != "FLOAT" and subtype != "DOUBLE"
    try:
        with (
            sf.SoundFile(str(src)) as fin,
            sf.SoundFile(
                str(tmp), "w", samplerate=fs, channels=2, subtype=subtype, format="WAV"
            ) as fout,
        ):
            for block in fin.blocks(blocksize=step, dtype="float32", always_2d=True):
                check_cancel(cancel)
                mono = block.mean(axis=1) if block.shape[1] > 1 else block[:, 0]
                if not np.all(np.isfinite(mono)):
                    raise AudioInputError(f"{src}: NaN or Inf samples near {n_in / fs:.2f} s")
                n_in += mono.size
                peak = _write(fout, renderer.process(mono), peak, clip_check, dst)
                n_out = fout.frames
                if progress is not None:
                    progress(min(n_in / info.frames, 1.0), "rendering (physical)")
            peak = _write(fout, renderer.flush(), peak, clip_check, dst)
            n_out = fout.frames
        os.replace(tmp, dst)
    finally:
        if tmp.exists():
            tmp.unlink()
    return RenderFileReport(dst, n_in, n_out, fs, peak, notices)


def _write(fout, y: np.ndarray, peak: float, clip_check: bool, dst: Path) -> float:
    if y.shape[1] == 0:
        return peak
    p = float(np.max(np.abs(y)))
    if clip_check and p > 1.0:
        raise ParameterError(
            f"{dst}: output peak {20 * np.log10(p):+.1f} dBFS would clip in {fout.subtype}; "
            f"lower the track gain or write 32-bit float"
        )
    fout.write(y.T)
    return max(peak, p)


__all__ = [
    "RenderConfig",
    "RenderFileReport",
    "StreamingRenderer",
    "render_file",
    "render_track",
]
