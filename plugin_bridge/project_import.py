"""Import a DAW project (REAPER, Ardour 7, AAF, OpenTimelineIO) as an Earspace session.

The format readers (:mod:`plugin_bridge.import_reaper`, :mod:`plugin_bridge.import_ardour`,
:mod:`plugin_bridge.import_otio`) turn a project into a :class:`DawProject`: tracks of
items, each item a span of the timeline (``position_samples``, ``length_samples`` at the
project rate) playing its source from ``offset_samples`` on. This module turns that into
a session:

* The session model plays one mono file per track with region times in that file's
  seconds, and has no per-region source offset. So each track's items are rendered
  ("materialised") into one mono WAV aligned to the project timeline: sample ``k`` of
  the file is timeline sample ``k``. Each item becomes a region at exactly its
  position and length (``start_s = position_samples / rate``), and the region plays the
  same audio the DAW played (the item's source from its offset, with the item's gain and
  fades applied). A notice says so.
* An item's name (or notes) becomes the region's prompt when the prompt parser places
  it; otherwise the region is left unplaced (empty prompt) with a notice.
* Stereo (multichannel) items are downmixed (mean of the channels), with a notice;
  muted items and tracks are skipped, with a notice; missing media are listed and the
  rest loads; what the session model cannot hold (pan, envelopes, plugins, play rate)
  is listed by the readers.

Example::

    result = import_project("mix.RPP", "mix.earspace")
    result.session, result.notices, result.missing_media
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

import numpy as np
import soundfile as sf

from engine.audio_io import resample
from engine.errors import EngineError
from engine.session import SESSION_SUFFIX, Region, Session, Track, save_session
from plugin_bridge.errors import ProjectImportError

IMPORT_SUFFIXES = {
    ".rpp": "reaper",
    ".ardour": "ardour",
    ".aaf": "aaf",
    ".otio": "otio",
    ".otiod": "otio",
    ".otioz": "otio",
}


@dataclass(frozen=True)
class ChannelSource:
    """Audio an item plays: ``path``; ``channel`` selects one channel (0-based) of a
    multichannel file (Ardour / AAF multi-mono), ``None`` = all channels. Media embedded
    in the project (AAF) come as ``samples [shape=(channels, n)]`` at ``sample_rate_hz``,
    with ``path`` naming them in notices."""

    path: Path
    channel: int | None = None
    samples: np.ndarray | None = field(default=None, compare=False, repr=False)
    sample_rate_hz: int = 0


@dataclass(frozen=True)
class SourceItem:
    """One DAW item / region / clip, in samples of the project rate."""

    name: str
    sources: tuple[ChannelSource, ...]
    position_samples: int
    length_samples: int
    offset_samples: int = 0
    gain: float = 1.0
    fade_in_samples: int = 0
    fade_out_samples: int = 0
    muted: bool = False
    notes: str = ""


@dataclass(frozen=True)
class SourceTrack:
    name: str
    items: tuple[SourceItem, ...]
    gain_db: float = 0.0
    muted: bool = False


@dataclass(frozen=True)
class DawProject:
    """What a format reader found; ``notices`` lists what it dropped."""

    path: Path
    format: str
    sample_rate_hz: int
    tracks: tuple[SourceTrack, ...]
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    session: Session
    session_file: Path
    audio_files: tuple[Path, ...]
    notices: tuple[str, ...] = field(default=())
    missing_media: tuple[Path, ...] = field(default=())


def read_project(path: str | Path) -> DawProject:
    """Read any supported project into a :class:`DawProject` (format from the suffix)."""
    p = Path(path).resolve()
    fmt = IMPORT_SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise ProjectImportError(
            f"{p}: unknown project type {p.suffix!r}; Earspace imports "
            + ", ".join(sorted(IMPORT_SUFFIXES))
        )
    if not p.exists():
        raise ProjectImportError(f"{p}: project file not found")
    if fmt == "reaper":
        from plugin_bridge.import_reaper import read_reaper_project

        return read_reaper_project(p)
    if fmt == "ardour":
        from plugin_bridge.import_ardour import read_ardour_session

        return read_ardour_session(p)
    from plugin_bridge.import_otio import read_otio_project

    return read_otio_project(p)


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w .()+-]", "_", name).strip() or "Track"


class _SourceCache:
    """Source files read once, at the project rate, as ``(channels, n)`` float32."""

    def __init__(self, rate: int, notices: list[str]) -> None:
        self.rate = rate
        self.notices = notices
        self.audio: dict[Path, np.ndarray | None] = {}
        self.missing: list[Path] = []

    def get(self, src: ChannelSource) -> np.ndarray | None:
        path = src.path
        if path in self.audio:
            return self.audio[path]
        audio: np.ndarray | None = None
        if src.samples is not None:
            audio = np.asarray(src.samples, np.float32)
            if src.sample_rate_hz != self.rate:
                audio = resample(audio, src.sample_rate_hz, self.rate)
                self.notices.append(
                    f"{path.name}: resampled from {src.sample_rate_hz} Hz to {self.rate} Hz"
                )
        elif not path.is_file():
            self.missing.append(path)
        else:
            try:
                data, rate = sf.read(str(path), dtype="float32", always_2d=True)
            except (sf.LibsndfileError, RuntimeError, OSError) as exc:
                self.notices.append(
                    f"{path}: not a readable audio file ({exc}); its items are skipped"
                )
                self.missing.append(path)
            else:
                audio = np.ascontiguousarray(data.T)
                if rate != self.rate:
                    audio = resample(audio, rate, self.rate)
                    self.notices.append(f"{path.name}: resampled from {rate} Hz to {self.rate} Hz")
        self.audio[path] = audio
        return audio


def _item_audio(item: SourceItem, cache: _SourceCache) -> tuple[np.ndarray | None, int]:
    """The item's mono audio ``[shape=(length_samples,)]`` and its channel count, or
    ``None`` when a source is missing."""
    channels: list[np.ndarray] = []
    for src in item.sources:
        audio = cache.get(src)
        if audio is None:
            return None, 0
        if src.channel is None:
            channels.extend(audio)
        elif src.channel < audio.shape[0]:
            channels.append(audio[src.channel])
        else:
            channels.append(audio[-1])
    out = np.zeros(item.length_samples, np.float32)
    if not channels:
        return out, 0
    mono = np.mean(np.stack(channels), axis=0) if len(channels) > 1 else channels[0]
    a = max(item.offset_samples, 0)
    seg = mono[a : a + item.length_samples]
    lead = max(-item.offset_samples, 0)  # an offset before the source start plays silence
    seg = seg[: max(item.length_samples - lead, 0)]
    out[lead : lead + seg.shape[0]] = seg
    if item.gain != 1.0:
        out *= np.float32(item.gain)
    if item.fade_in_samples > 0:
        k = min(item.fade_in_samples, item.length_samples)
        out[:k] *= np.linspace(0.0, 1.0, k, endpoint=False, dtype=np.float32)
    if item.fade_out_samples > 0:
        k = min(item.fade_out_samples, item.length_samples)
        out[item.length_samples - k :] *= np.linspace(1.0, 0.0, k, endpoint=False, dtype=np.float32)
    return out, len(channels)


def _placements(project: DawProject) -> dict[str, Any]:
    """Every distinct item name / note parsed once, in one batch (the embedding fallback
    for texts the grammar cannot place runs once for all of them)."""
    from engine.prompt import parse_many

    texts = sorted(
        {
            text.strip()
            for track in project.tracks
            if not track.muted
            for item in track.items
            for text in (item.name, item.notes)
            if text.strip()
        }
    )
    return dict(zip(texts, parse_many(texts), strict=True))


def _prompt_for(item: SourceItem, placements: dict[str, Any]) -> tuple[str, str | None]:
    """``(prompt, reason)``: the name or notes when the parser places them, else ``("", reason)``."""
    reason = None
    for text in (item.name, item.notes):
        text = text.strip()
        if not text:
            continue
        placement = placements[text]
        if placement.placed:
            return text, None
        reason = placement.reason or "no position found"
    return "", reason or "no name or notes"


def project_to_session(
    project: DawProject, session_file: Path, *, audio_dir: Path | None = None
) -> ImportResult:
    """Materialise ``project``'s tracks as mono WAVs in ``audio_dir`` (default
    ``<session name> audio`` beside the session) and save the session atomically."""
    import engine.audio_io as audio_io

    rate = project.sample_rate_hz
    session_file = Path(session_file)
    if session_file.suffix != SESSION_SUFFIX:
        session_file = session_file.with_name(session_file.name + SESSION_SUFFIX)
    audio_dir = audio_dir or session_file.parent / f"{session_file.stem} audio"
    notices = list(project.notices)
    cache = _SourceCache(rate, notices)
    placements = _placements(project)
    tracks: list[Track] = []
    planned: list[tuple[Path, np.ndarray]] = []
    used_names: set[str] = set()
    for st in project.tracks:
        if st.muted:
            notices.append(f"track {st.name!r} is muted in the project: skipped")
            continue
        regions: list[Region] = []
        pieces: list[tuple[SourceItem, np.ndarray]] = []
        for item in sorted(st.items, key=lambda i: i.position_samples):
            where = f"track {st.name!r} item {item.name!r} at {item.position_samples / rate:g} s"
            if item.muted:
                notices.append(f"{where} is muted: skipped")
                continue
            if item.length_samples <= 0:
                continue
            audio, n_channels = _item_audio(item, cache)
            if audio is None:
                notices.append(
                    f"{where}: media missing ({', '.join(str(s.path) for s in item.sources)}); skipped"
                )
                continue
            if n_channels > 1:
                notices.append(f"{where} has {n_channels} channels: downmixed to mono")
            pieces.append((item, audio))
        if not pieces:
            if st.items:
                notices.append(f"track {st.name!r} has no playable item: skipped")
            continue
        end = max(i.position_samples + i.length_samples for i, _ in pieces)
        timeline = np.zeros(end, np.float32)
        last_end = 0
        for item, audio in pieces:
            p0 = item.position_samples
            timeline[p0 : p0 + item.length_samples] += audio
            start = max(p0, last_end)
            stop = p0 + item.length_samples
            if start > p0:
                notices.append(
                    f"track {st.name!r} item {item.name!r} overlaps the previous item: both play, "
                    f"its region starts at {start / rate:g} s"
                )
            if stop <= start:
                continue
            prompt, reason = _prompt_for(item, placements)
            if reason is not None:
                notices.append(
                    f"track {st.name!r} region {start / rate:g}-{stop / rate:g} s left unplaced: "
                    f"{item.name or item.notes!r} does not place the sound ({reason})"
                )
            regions.append(Region(start_s=start / rate, end_s=stop / rate, prompt=prompt))
            last_end = stop
        name = st.name or "Track"
        base, k = _safe_name(name), 2
        file_name = base
        while file_name in used_names:
            file_name, k = f"{base} {k}", k + 1
        used_names.add(file_name)
        path = audio_dir / f"{file_name}.wav"
        planned.append((path, timeline))
        tracks.append(
            Track(name=name, source=str(path), gain_db=st.gain_db, regions=tuple(regions))
        )
    if not tracks:
        raise ProjectImportError(
            f"{project.path}: no track with playable audio"
            + (f" (missing media: {', '.join(map(str, cache.missing))})" if cache.missing else "")
        )
    notices.append(
        f"each track's items were written into one mono file aligned to the project timeline "
        f"({audio_dir}) from each item's source offset, with the item's gain and fades "
        "applied; regions sit at the items' positions (the session model has no per-region "
        "source offset)"
    )
    session = Session(tracks=tuple(tracks), sample_rate_hz=rate)
    try:
        session.validate()
        audio_dir.mkdir(parents=True, exist_ok=True)
        for path, timeline in planned:
            audio_io.write_wav(path, timeline[None, :], rate, bit_depth="float32")
        saved = save_session(session, session_file)
    except (EngineError, OSError) as exc:
        raise ProjectImportError(
            f"{session_file}: could not write the imported session ({exc})"
        ) from exc
    return ImportResult(
        session=saved,
        session_file=session_file,
        audio_files=tuple(p for p, _ in planned),
        notices=tuple(dict.fromkeys(notices)),
        missing_media=tuple(dict.fromkeys(cache.missing)),
    )


def import_project(
    project_file: str | Path, session_file: str | Path, *, force: bool = False
) -> ImportResult:
    """Read ``project_file`` and write ``session_file`` with its audio folder."""
    out = Path(session_file)
    if out.suffix != SESSION_SUFFIX:
        out = out.with_name(out.name + SESSION_SUFFIX)
    if out.exists() and not force:
        raise ProjectImportError(
            f"{out} already exists; choose another name or overwrite (--force)"
        )
    return project_to_session(read_project(project_file), out)


def locate_media(name: str, folder: Path) -> tuple[Path, str | None]:
    """Where a project's media file is: ``(path, how)``; ``how`` is ``None`` when the
    path was found as written (relative paths against ``folder``), else a note. Like the
    DAWs themselves, a file not found there is looked up by name in ``folder`` and its
    usual media subfolders (Windows paths with backslashes included)."""
    written = Path(name)
    direct = written if written.is_absolute() else folder / written
    if direct.is_file():
        return direct, None
    posix = Path(name.replace("\\", "/"))
    candidates = [] if posix.is_absolute() else [folder / posix]
    base = PureWindowsPath(name).name
    candidates += [folder / sub / base for sub in ("", "Audio", "Media", "audio", "media")]
    for candidate in candidates:
        if candidate.is_file():
            return candidate, f"found at {candidate}"
    return direct, None


def samples(seconds: float, rate: int) -> int:
    """Seconds -> the nearest sample (DAW positions are stored as seconds)."""
    return int(round(float(seconds) * rate))


def linear_gain_db(gain: float) -> float:
    return float(20 * np.log10(gain)) if gain > 0 else -120.0


__all__: Sequence[str] = [
    "IMPORT_SUFFIXES",
    "ProjectImportError",
    "ChannelSource",
    "SourceItem",
    "SourceTrack",
    "DawProject",
    "ImportResult",
    "read_project",
    "project_to_session",
    "import_project",
    "locate_media",
]
