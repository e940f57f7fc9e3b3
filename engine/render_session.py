"""Render a whole session: each audible track to a binaural stem, then the mix.

The pipeline per track: read the mono source at the session rate (downmix/resample with a
notice), apply ``gain_db``, run the optional ``insert_hook`` (the plugin bridge's insert
chain), place regions saved without a placement (:mod:`engine.resolve`), build the
track's timeline once (:mod:`engine.timeline`), spatialise along it with the track's
engine (``physical``; ``neural`` = the named sources separated and each placed by the
physical engine; ``neural-flow`` = the flow-ratio model; ``auto`` = neural when a stored
placement has more than one source), and pad every stem to a common length (copies:
cached stems are never changed). The mix is the sum of the stems, then the optional
``master_hook``. Stems start at timeline 0 s and are ``(2, n)`` float32.

A :class:`RenderCache` keeps finished stems keyed by everything that affects them (audio
file identity, track settings, regions, session rate, HRTF, room), so re-rendering after
an edit only re-renders the tracks whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from engine.audio_io import LoadedAudio, peak_dbfs, read_mono
from engine.errors import SessionError
from engine.hooks import InsertHook, MasterHook
from engine.progress import ProgressCallback, check_cancel, sub_progress
from engine.resolve import resolve_regions
from engine.session import Region, Session, Track
from engine.timeline import build_timeline


@dataclass
class TrackRender:
    """One track's binaural stem ``audio [shape=(2, n_samples)]`` from timeline 0 s."""

    name: str
    track_index: int
    audio: np.ndarray
    engine: str
    notices: list[str] = field(default_factory=list)


@dataclass
class SessionRender:
    """Every stem, the mix ``[shape=(2, n_samples)]``, and what the user should know."""

    sample_rate_hz: int
    stems: list[TrackRender]
    mix: np.ndarray
    notices: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.mix.shape[1] / self.sample_rate_hz

    @property
    def peak_dbfs(self) -> float:
        return peak_dbfs(self.mix)


class RenderCache:
    """Thread-safe store of finished stems and decoded sources, keyed by their inputs."""

    def __init__(self) -> None:
        self._stems: dict[str, TrackRender] = {}
        self._audio: dict[str, LoadedAudio] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_stem(self, key: str) -> TrackRender | None:
        with self._lock:
            stem = self._stems.get(key)
            if stem is None:
                self.misses += 1
            else:
                self.hits += 1
            return stem

    def put_stem(self, key: str, stem: TrackRender) -> None:
        with self._lock:
            self._stems[key] = stem

    def get_audio(self, key: str) -> LoadedAudio | None:
        with self._lock:
            return self._audio.get(key)

    def put_audio(self, key: str, audio: LoadedAudio) -> None:
        with self._lock:
            self._audio[key] = audio


def _file_identity(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def load_track_audio(
    session: Session, track: Track, cache: RenderCache | None = None
) -> LoadedAudio:
    """The track's source as mono at the session rate (cached by file identity)."""
    path = session.audio_path(track)
    key = f"{_file_identity(path)}@{session.sample_rate_hz}"
    if cache is not None and (hit := cache.get_audio(key)) is not None:
        return hit
    audio = read_mono(path, session.sample_rate_hz)
    if cache is not None:
        cache.put_audio(key, audio)
    return audio


def choose_engine(track: Track, override: str | None = None) -> str:
    """``physical`` or ``neural`` for this track; ``auto`` picks neural when a region's
    stored placement has more than one source (resolve the regions first)."""
    engine = override or track.engine
    if engine != "auto":
        return engine
    return "neural" if any(len(r.sources) > 1 for r in track.regions) else "physical"


def _stem_key(
    session: Session, track: Track, regions: tuple[Region, ...], engine: str, hooked: bool
) -> str:
    payload = {
        "audio": _file_identity(session.audio_path(track)),
        "track": {
            k: v for k, v in track.to_dict().items() if k not in ("regions", "mute", "solo", "name")
        },
        "regions": [r.to_dict() for r in regions],
        "engine": engine,
        "rate": session.sample_rate_hz,
        "hrtf": session.hrtf,
        "room": session.room,
        "hooked": hooked,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _check_regions_inside(
    track: Track, regions: tuple[Region, ...], duration_s: float, index: int
) -> None:
    for ri, region in enumerate(regions):
        if region.start_s >= duration_s:
            raise SessionError(
                f"tracks[{index}].regions[{ri}].start_s: region starts at {region.start_s:g} s but "
                f"{track.name!r} is only {duration_s:.3f} s long"
            )
        if region.end_s > duration_s + 1e-3:
            raise SessionError(
                f"tracks[{index}].regions[{ri}].end_s: region ends at {region.end_s:g} s but "
                f"{track.name!r} is only {duration_s:.3f} s long"
            )


def render_track(
    session: Session,
    index: int,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    insert_hook: InsertHook | None = None,
    cache: RenderCache | None = None,
    engine_override: str | None = None,
) -> TrackRender:
    """Render ``session.tracks[index]`` to a binaural stem (see module docstring)."""
    track = session.tracks[index]
    notices: list[str] = []
    audio = load_track_audio(session, track, cache)
    notices.extend(audio.notices)
    regions = resolve_regions(track, notices)
    _check_regions_inside(track, regions, audio.duration_s, index)
    engine = choose_engine(replace(track, regions=regions), engine_override)
    key = _stem_key(session, track, regions, engine, insert_hook is not None)
    if cache is not None and (hit := cache.get_stem(key)) is not None:
        return replace(hit, name=track.name, track_index=index)
    mono = audio.samples * np.float32(10 ** (track.gain_db / 20))
    if insert_hook is not None:
        mono = np.asarray(insert_hook(track, mono, session.sample_rate_hz), dtype=np.float32)
    check_cancel(cancel)
    timeline = build_timeline(regions, room=session.room)
    notices.extend(f"track {track.name!r}: {n}" for n in timeline.notices)
    if engine in ("neural", "neural-flow"):
        from engine.hrtf import HrtfSet
        from engine.neural.separate_place import render_neural

        out = render_neural(
            mono,
            timeline,
            sample_rate_hz=session.sample_rate_hz,
            hrtf=HrtfSet.load(session.hrtf, session.sample_rate_hz),
            neural_path="flow" if engine == "neural-flow" else "separate",
            notices=notices,
            progress=progress,
            cancel=cancel,
        )
    elif engine == "physical":
        from engine.hrtf import HrtfSet
        from engine.physical import render_track as render_physical

        hrtf = HrtfSet.load(session.hrtf, session.sample_rate_hz)
        out = render_physical(
            mono,
            timeline,
            hrtf,
            sample_rate_hz=session.sample_rate_hz,
            progress=progress,
            cancel=cancel,
            notices=notices,
        )
    else:
        raise SessionError(f"tracks[{index}].engine: unknown engine {engine!r}")
    stem = TrackRender(
        name=track.name,
        track_index=index,
        audio=np.asarray(out, np.float32),
        engine=engine,
        notices=notices,
    )
    if cache is not None:
        cache.put_stem(key, stem)
    return stem


def render_session(
    session: Session,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    insert_hook: InsertHook | None = None,
    master_hook: MasterHook | None = None,
    cache: RenderCache | None = None,
    engine_override: str | None = None,
) -> SessionRender:
    """Render every audible track and the mix. Raises :class:`RenderCancelled` if cancelled."""
    session.validate()
    missing = session.missing_audio()
    if missing:
        listing = "; ".join(f"{name!r}: {path}" for name, path in missing)
        raise SessionError(f"cannot render: audio files are missing ({listing})")
    tracks = session.audible_tracks()
    if not tracks:
        raise SessionError("nothing to render: the session has no audible tracks")
    indices = [session.tracks.index(t) for t in tracks]
    stems: list[TrackRender] = []
    for k, index in enumerate(indices):
        check_cancel(cancel)
        step = sub_progress(progress, k / len(indices), (k + 1) / len(indices))
        if step is not None:
            step(0.0, f"rendering {session.tracks[index].name}")
        stems.append(
            render_track(
                session,
                index,
                progress=step,
                cancel=cancel,
                insert_hook=insert_hook,
                cache=cache,
                engine_override=engine_override,
            )
        )
    length = max(s.audio.shape[1] for s in stems)
    stems = [  # new TrackRenders: the cached ones keep their own length
        replace(s, audio=np.pad(s.audio, ((0, 0), (0, length - s.audio.shape[1]))))
        if s.audio.shape[1] < length
        else s
        for s in stems
    ]
    mix = np.sum([s.audio for s in stems], axis=0).astype(np.float32)
    if master_hook is not None:
        mix = np.asarray(master_hook(mix, session.sample_rate_hz), dtype=np.float32)
    notices = [n for s in stems for n in s.notices]
    peak = peak_dbfs(mix)
    if peak > 0:
        notices.append(
            f"mix peaks at {peak:+.1f} dBFS (above full scale): lower track gains or export with normalise/limit"
        )
    if progress is not None:
        progress(1.0, "done")
    return SessionRender(
        sample_rate_hz=session.sample_rate_hz, stems=stems, mix=mix, notices=notices
    )
