"""The live engine: a session rendered block by block, edits swapped in while it plays.

>>> live = LiveEngine(session, block_samples=256)
>>> live.start_at(0.0)                       # builds the voices (blocking, once)
>>> block = live.render()                    # (2, 256) float32, in the audio callback
>>> live.set_session(edited)                 # any thread; heard within ~100 ms

Per track, a voice (:mod:`engine.live.voice`): the physical engine run live, or the
rendered stem for neural tracks (rendered in the background when stale; until then the
physical engine plays the track). The voice set is immutable once published: an edit
builds the voices of the tracks whose audio, regions, engine, room or HRTF changed in a
builder thread, pre-rolls them (``PREROLL_SAMPLES`` of history, so filters and delay
lines are warm) up to a timeline sample just ahead of the playhead, and publishes them
in one attribute assignment; the audio thread picks them up when the playhead reaches
that sample and crossfades old -> new over ``CROSSFADE_SAMPLES`` (raised cosine).
A new voice in a room first carries the old voice's room sound (continuous), then
crossfades to its own once the builder has made it (reflections of the new placement,
pre-rolled with the reverberation of what came before). Gain, mute and solo need no new
voice: each block ramps linearly to the new gain.

The head pose (:class:`~engine.live.head.HeadState`) is read once per block; every
physical voice's direct sound is turned by it (rooms and neural stems are not: a
rendered binaural stem cannot be turned). A prefetch thread renders room sound and
position tables ahead, so the callback does fixed, small work per block. Callback CPU
time per block and late blocks (xruns) are counted in :class:`LiveStats`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from engine.errors import EngineError, SessionError
from engine.hrtf import HrtfSet
from engine.live.head import HeadState
from engine.live.voice import BufferVoice, PhysicalVoice, render_voices
from engine.physical.renderer import RenderConfig
from engine.render_session import RenderCache, choose_engine, load_track_audio, render_track
from engine.resolve import resolve_regions
from engine.session import Session, Track

log = logging.getLogger(__name__)

PREROLL_SAMPLES = 1536  # history a new voice renders before it is heard
LEAD_BLOCKS = 2  # a new voice is published this many blocks ahead of the playhead
PREFETCH_S = 0.25  # room sound rendered this far ahead of the playhead
CROSSFADE_SAMPLES = 1024  # old -> new voice after an edit (21 ms at 48 kHz)
STATS_BLOCKS = 8192

NeuralRenderer = Callable[[Session, int], np.ndarray]


@dataclass
class LiveStats:
    """Callback time per block (seconds, rings of the last ``STATS_BLOCKS``): ``cpu_s`` the
    callback thread's CPU time, ``wall_s`` its wall-clock time (includes waiting for a
    CPU on a loaded machine); late blocks (xruns); messages for the user."""

    block_s: float
    cpu_s: np.ndarray = field(default_factory=lambda: np.zeros(STATS_BLOCKS))
    wall_s: np.ndarray = field(default_factory=lambda: np.zeros(STATS_BLOCKS))
    blocks: int = 0
    xruns: int = 0
    swaps: int = 0
    notices: list[str] = field(default_factory=list)

    def record(self, cpu_s: float, wall_s: float) -> None:
        self.cpu_s[self.blocks % STATS_BLOCKS] = cpu_s
        self.wall_s[self.blocks % STATS_BLOCKS] = wall_s
        self.blocks += 1

    def load(self, wall: bool = False) -> tuple[float, float, float]:
        """(mean, 99th percentile, max) callback CPU (or wall) time as a share of the
        block duration."""
        n = min(self.blocks, STATS_BLOCKS)
        if n == 0:
            return 0.0, 0.0, 0.0
        t = (self.wall_s if wall else self.cpu_s)[:n] / self.block_s
        return float(t.mean()), float(np.percentile(t, 99)), float(t.max())


@dataclass
class _Slot:
    key: str
    voice: PhysicalVoice | BufferVoice
    gain: float  # gain applied at the end of the last block
    target: float
    old: PhysicalVoice | BufferVoice | None = None  # fading out
    fade_pos: int = 0


@dataclass(frozen=True)
class _Program:
    """What the builder publishes: voices by track index, valid from ``at_sample``."""

    slots: tuple[tuple[str, PhysicalVoice | BufferVoice, float], ...]
    at_sample: int
    generation: int
    epoch: int = 0  # the start_at() it continues; a program from an older one is dropped


def track_gain(session: Session, track: Track) -> float:
    """Linear gain of ``track`` (0 when muted, or when another track is soloed)."""
    audible = any(t is track for t in session.audible_tracks())
    return float(10 ** (track.gain_db / 20)) if audible else 0.0


class LiveEngine:
    """Renders ``session`` in real time (see the module docstring). Qt-free."""

    def __init__(
        self,
        session: Session,
        *,
        block_samples: int = 256,
        head: HeadState | None = None,
        config: RenderConfig | None = None,
        neural_renderer: NeuralRenderer | None = None,
    ) -> None:
        if block_samples not in (128, 256, 512, 1024):
            raise SessionError(f"block_samples must be 128, 256, 512 or 1024, got {block_samples}")
        self.fs = int(session.sample_rate_hz)
        self.block = int(block_samples)
        self.head = head or HeadState()
        self.config = config or RenderConfig(hop_samples=self.block, crossfade_samples=self.block)
        self.cache = RenderCache()
        self.neural_renderer = neural_renderer or _render_neural_stem
        self.stats = LiveStats(block_s=self.block / self.fs)
        self.position = 0  # timeline sample of the next block
        self._slots: list[_Slot] = []
        self._published: _Program | None = None
        self._generation = 0
        self._session = session
        self._latest = session  # the last session asked for
        self._epoch = 0
        self._neural: dict[str, np.ndarray] = {}  # voice key -> rendered stem
        self._neural_pending: set[str] = set()
        self._wake = threading.Condition()
        self._wanted: Session | None = None
        self._builder: threading.Thread | None = None
        self._closed = False
        self._prefetcher: threading.Thread | None = None
        self._stop_prefetch = threading.Event()
        self._swap_lock = threading.Lock()
        self.on_swap: Callable[[int], None] | None = None  # called (audio thread) on pickup

    # ------------------------------------------------------------------ control side

    @property
    def end_sample(self) -> int:
        """Timeline sample after which every voice is silent."""
        return max((s.voice.end_sample for s in self._slots), default=0)

    @property
    def session(self) -> Session:
        return self._session

    def start_at(self, time_s: float = 0.0) -> None:
        """Build every voice for playback from ``time_s`` (blocking) and reset the stats."""
        start = max(0, int(round(time_s * self.fs)))
        self._epoch += 1
        self._published = None
        self.position = start
        session = self._latest
        program = self._build(session, start, {})
        self._session = session
        if self._prefetcher is None:
            self._prefetcher = threading.Thread(
                target=self._prefetch_loop, daemon=True, name="earspace-live-rooms"
            )
            self._prefetcher.start()
        self._slots = [_Slot(key, voice, gain, gain) for key, voice, gain in program.slots]

    def set_session(self, session: Session) -> None:
        """Play ``session`` from now on (non-blocking; the latest call wins)."""
        with self._wake:
            self._wanted = session
            self._latest = session
            if self._builder is None or not self._builder.is_alive():
                self._builder = threading.Thread(
                    target=self._build_loop, daemon=True, name="earspace-live-builder"
                )
                self._builder.start()
            self._wake.notify()

    def wait_until_published(self, timeout_s: float = 5.0) -> bool:
        """Block until the last :meth:`set_session` is built and waiting for the audio
        thread (for callers that render faster than real time, e.g. tests and bounces)."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            with self._wake:
                idle = self._wanted is None
            if idle and self._published is not None:
                return True
            time.sleep(0.002)
        return False

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._stop_prefetch.set()
        if self._builder is not None:
            self._builder.join(timeout=5.0)
        if self._prefetcher is not None:
            self._prefetcher.join(timeout=5.0)

    def _prefetch_loop(self) -> None:
        """Keep every playing voice's room sound ``PREFETCH_S`` ahead of the playhead and
        its position tables half a chunk ahead."""
        ahead = int(PREFETCH_S * self.fs)
        while not self._stop_prefetch.wait(0.005):
            for slot in list(self._slots):
                if isinstance(slot.voice, PhysicalVoice):
                    slot.voice.warm_tables()
                for voice in (slot.voice, slot.old):
                    for rooms in (
                        getattr(voice, "rooms", None),
                        getattr(voice, "pending_rooms", None),
                    ):
                        if rooms is None:
                            continue
                        try:
                            rooms.fill_ahead(ahead)
                        except Exception:  # noqa: BLE001 - the audio thread renders instead
                            log.exception("room prefetch failed")

    def _build_loop(self) -> None:
        while True:
            with self._wake:
                while self._wanted is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                session, self._wanted = self._wanted, None
            if session is None:
                continue
            try:
                self._publish(session)
            except Exception as exc:  # noqa: BLE001 - keep playing the last good state
                log.exception("live update failed")
                self.stats.notices.append(f"edit not applied: {exc}")

    def _publish(self, session: Session) -> None:
        # A program still waiting for the audio thread goes first: it changes the slots
        # this one is built on (when nothing plays, nothing picks it up: go on).
        deadline = time.monotonic() + 1.0
        while self._published is not None and time.monotonic() < deadline:
            time.sleep(0.002)
        while True:
            epoch, swaps = self._epoch, self.stats.swaps
            program = self._program_for(session, epoch)
            with self._swap_lock:
                if epoch != self._epoch:
                    return  # a seek rebuilt everything from the latest session meanwhile
                if swaps != self.stats.swaps:
                    continue  # the slots changed while building: build on the new ones
                self._session = session
                self._published = program
                break
        # The room sound of the new voices, built now that their direct sound is on its
        # way (they carry the old voice's room sound meanwhile, see _pick_up).
        for _, voice, _ in program.slots:
            if (
                isinstance(voice, PhysicalVoice)
                and not voice.owns_rooms
                and voice.pending_rooms is None
            ):
                at = self._aligned(self.position + LEAD_BLOCKS * self.block)
                rooms = voice.make_rooms(at)
                lead = self._aligned(self.position + LEAD_BLOCKS * self.block)
                if rooms.out_pos < lead:
                    rooms.take(lead - rooms.out_pos)
                if epoch != self._epoch:
                    return
                voice.pending_rooms = rooms

    def _program_for(self, session: Session, epoch: int) -> _Program:
        """New voices for ``session``, pre-rolled to a block start just ahead of the
        playhead (tracks whose voice key is unchanged keep their playing voice)."""
        current = {i: s.key for i, s in enumerate(self._slots)}
        reuse = {i: s.voice for i, s in enumerate(self._slots)}
        # Build for just ahead of the playhead, then catch the voices up to it.
        target = self._aligned(self.position + LEAD_BLOCKS * self.block)
        program = self._build(session, target, current, reuse)
        while True:
            lead = self._aligned(self.position + LEAD_BLOCKS * self.block)
            if lead <= program.at_sample:
                return _Program(program.slots, program.at_sample, program.generation, epoch)
            for _, voice, _ in program.slots:
                if voice.out_pos < lead and not any(voice is v for v in reuse.values()):
                    _advance([voice], lead - voice.out_pos, self.block, self.head.pose.rotation)
            program = _Program(program.slots, lead, program.generation, epoch)

    def _aligned(self, sample: int) -> int:
        """The first block start at or after ``sample`` (blocks start at position + k * block)."""
        p = self.position
        return p + max(0, -(-(sample - p) // self.block)) * self.block

    def _build(
        self,
        session: Session,
        start: int,
        current: dict[int, str],
        reuse: dict[int, PhysicalVoice | BufferVoice] | None = None,
    ) -> _Program:
        """Voices for ``session`` whose next output sample is ``start``; tracks whose key
        is unchanged keep their voice (``reuse``)."""
        session.validate()
        hrtf = HrtfSet.load(session.hrtf, self.fs)
        slots: list[tuple[str, PhysicalVoice | BufferVoice, float]] = []
        fresh: list[PhysicalVoice] = []
        for index, track in enumerate(session.tracks):
            notices: list[str] = []
            try:
                audio = load_track_audio(session, track, self.cache)
            except EngineError as exc:  # a missing/unreadable file: that track is silent
                message = f"track {track.name!r} is silent: {exc}"
                if message not in self.stats.notices:
                    self.stats.notices.append(message)
                silent = BufferVoice(np.zeros((2, 0), np.float32), start_sample=start)
                slots.append((f"silent:{index}:{exc}", silent, 0.0))
                continue
            regions = resolve_regions(track, notices)
            engine = choose_engine(replace(track, regions=regions))
            key = _voice_key(session, track, regions, engine)
            gain = track_gain(session, track)
            stem_ready = engine == "neural" and key in self._neural
            if (
                reuse is not None
                and current.get(index) == key
                and (not stem_ready or isinstance(reuse[index], BufferVoice))
            ):
                slots.append((key, reuse[index], gain))
                continue
            voice: PhysicalVoice | BufferVoice
            if stem_ready:
                voice = BufferVoice(self._neural[key], start_sample=start)
            else:
                if engine == "neural":
                    self._render_neural_later(session, index, key)
                # On the global hop grid (as offline renders), history before ``start``.
                pre = (start - PREROLL_SAMPLES) // self.block * self.block
                voice = PhysicalVoice(
                    audio.samples,
                    regions,
                    hrtf,
                    sample_rate_hz=self.fs,
                    room=session.room,
                    config=self.config,
                    start_sample=pre,
                    defer_rooms=reuse is not None,  # an edit: reverberation follows later
                )
                fresh.append(voice)
            slots.append((key, voice, gain))
        # Pre-roll the new physical voices to ``start`` (their output there is discarded).
        behind = [v for v in fresh if v.out_pos < start]
        if behind:
            _advance(behind, start - behind[0].out_pos, self.block, self.head.pose.rotation)
        self._generation += 1
        return _Program(tuple(slots), start, self._generation)

    def _render_neural_later(self, session: Session, index: int, key: str) -> None:
        if key in self._neural_pending:
            return
        self._neural_pending.add(key)

        def work() -> None:
            try:
                self._neural[key] = self.neural_renderer(session, index)
                self.set_session(self._latest)  # swap the stem in
            except Exception as exc:  # noqa: BLE001
                log.exception("background neural render failed")
                self.stats.notices.append(
                    f"track {session.tracks[index].name!r}: neural render failed ({exc}); playing the physical engine"
                )
            finally:
                self._neural_pending.discard(key)

        threading.Thread(target=work, daemon=True, name="earspace-live-neural").start()

    # ------------------------------------------------------------------ audio side

    def render(self) -> np.ndarray:
        """The next block ``(2, block)`` float32 (call from the audio thread)."""
        t0, c0 = time.perf_counter(), time.thread_time()
        n = self.block
        program = self._published
        if program is not None and program.epoch != self._epoch:
            self._published = program = None
        if program is not None and program.at_sample <= self.position:
            with self._swap_lock:  # held by the builder only to publish (microseconds)
                if self._published is program:
                    self._pick_up(program)
        rotation = self.head.pose.rotation
        physical = [s.voice for s in self._slots if isinstance(s.voice, PhysicalVoice)]
        physical += [s.old for s in self._slots if isinstance(s.old, PhysicalVoice)]
        render_voices(physical, n, rotation)
        out = np.zeros((2, n), np.float32)
        for slot in self._slots:
            y = slot.voice.pull(n)
            if slot.old is not None:
                y = self._crossfade(slot, y, n)
            if slot.gain == slot.target:
                if slot.gain != 1.0:
                    y *= np.float32(slot.gain)
            else:
                y *= np.linspace(slot.gain, slot.target, n, dtype=np.float32)
                slot.gain = slot.target
            out += y
        self.position += n
        self.stats.record(time.thread_time() - c0, time.perf_counter() - t0)
        return out

    def _crossfade(self, slot: _Slot, y_new: np.ndarray, n: int) -> np.ndarray:
        old = slot.old
        assert old is not None
        y_old = old.pull(n)
        k = slot.fade_pos + np.arange(n)
        fade = (0.5 - 0.5 * np.cos(np.pi * np.clip(k / CROSSFADE_SAMPLES, 0.0, 1.0))).astype(
            np.float32
        )
        slot.fade_pos += n
        if slot.fade_pos >= CROSSFADE_SAMPLES:
            slot.old = None
        return y_old + fade * (y_new - y_old)

    def _pick_up(self, program: _Program) -> None:
        self._published = None
        if program.at_sample < self.position:  # late pickup: catch the new voices up
            fresh = [v for _, v, _ in program.slots if not any(v is s.voice for s in self._slots)]
            _advance(fresh, self.position - program.at_sample, self.block, self.head.pose.rotation)
        slots: list[_Slot] = []
        for i, (key, voice, gain) in enumerate(program.slots):
            prev = self._slots[i] if i < len(self._slots) else None
            if prev is not None and prev.voice is voice:
                prev.target = gain
                prev.key = key
                slots.append(prev)
            elif prev is not None:
                old = prev.voice
                if (
                    isinstance(voice, PhysicalVoice)
                    and isinstance(old, PhysicalVoice)
                    and voice.wants_rooms
                    and voice.rooms is None
                    and old.rooms is not None
                ):
                    # Hand the old room sound over (continuous) until the new one is ready.
                    voice.rooms, old.rooms = old.rooms, None
                slots.append(_Slot(key, voice, prev.gain, gain, old=old, fade_pos=0))
            else:
                slots.append(_Slot(key, voice, 0.0, gain))
        self._slots = slots
        self.stats.swaps += 1
        if self.on_swap is not None:
            self.on_swap(program.generation)


def _advance(voices, samples: int, block: int, rotation) -> None:
    """Render and discard ``samples`` of every voice (pre-roll / catch-up)."""
    physical = [v for v in voices if isinstance(v, PhysicalVoice)]
    while samples > 0:
        n = min(block, samples)
        render_voices(physical, n, rotation)
        for v in voices:
            v.pull(n)
        samples -= n


def _voice_key(session: Session, track: Track, regions, engine: str) -> str:
    payload = {
        "audio": str(session.audio_path(track)),
        "source": track.source,
        "regions": [r.to_dict() for r in regions],
        "engine": engine,
        "insert": [p.to_dict() for p in track.insert_chain],
        "rate": session.sample_rate_hz,
        "hrtf": session.hrtf,
        "room": session.room,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _render_neural_stem(session: Session, index: int) -> np.ndarray:
    """The track's neural stem at unity gain (gain is applied live)."""
    track = replace(session.tracks[index], gain_db=0.0, mute=False, solo=False)
    return render_track(session.with_track(index, track), index, engine_override="neural").audio
