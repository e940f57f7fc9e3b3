"""Read an OpenTimelineIO timeline (``.otio``, and AAF through the ``otio-aaf-adapter``,
which reads AAF with ``pyaaf2``) as a :class:`DawProject`.

Every audio track (``kind == "Audio"``) becomes a track; each ``Clip`` an item at
``range_in_parent()`` (its timeline position), with the source offset
``source_range.start_time - available_range.start_time`` (media time counts from the
media's own start, e.g. a timecode). Times are converted to samples of the project rate:
the clips' edit rate when it is an audio rate (AAF sound slots run at the sample rate),
else the first readable media file's rate. Disabled clips/tracks (``enabled = False``)
are muted. Media references: ``ExternalReference`` (``file://`` URLs or paths, relative
ones against the project folder); PCM or WAVE essence embedded in an AAF is read with
``pyaaf2`` (matched through the source mob id the adapter records); anything else is
listed as missing. Dropped, and listed: transitions (crossfades), effects, markers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import numpy as np
import soundfile as sf

from plugin_bridge.errors import ProjectImportError
from plugin_bridge.project_import import (
    ChannelSource,
    DawProject,
    SourceItem,
    SourceTrack,
    locate_media,
)

_AUDIO_RATES = range(8_000, 384_001)


def _media_path(ref: Any, folder: Path) -> Path | None:
    url = getattr(ref, "target_url", None)
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme:
        return None
    p = Path(unquote(url))
    return p if p.is_absolute() else folder / p


def _aaf_mob_id(ref: Any) -> str | None:
    meta = getattr(ref, "metadata", None) or {}
    aaf = meta.get("AAF") if hasattr(meta, "get") else None
    return None if aaf is None else aaf.get("MobID")


def _decode_pcm(data: bytes, bits: int, channels: int) -> np.ndarray:
    """Little-endian interleaved PCM -> float32 ``[shape=(channels, n)]``."""
    if bits == 24:
        raw = np.frombuffer(data[: len(data) // 3 * 3], np.uint8).reshape(-1, 3).astype(np.int32)
        ints = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        x = ints / float(1 << 23)
    elif bits == 16:
        x = np.frombuffer(data[: len(data) // 2 * 2], "<i2") / 32768.0
    elif bits == 32:
        x = np.frombuffer(data[: len(data) // 4 * 4], "<i4") / float(1 << 31)
    else:
        raise ValueError(f"{bits}-bit PCM")
    n = x.shape[0] // channels
    return np.ascontiguousarray(x[: n * channels].reshape(n, channels).T, dtype=np.float32)


def _aaf_embedded(project_file: Path) -> dict[str, ChannelSource]:
    """Audio essence embedded in an AAF (PCM or WAVE descriptors), by source mob id."""
    import io

    import aaf2

    out: dict[str, ChannelSource] = {}
    with aaf2.open(str(project_file), "r") as f:
        for mob in f.content.sourcemobs():
            essence = mob.essence
            if essence is None:
                continue
            desc = mob.descriptor
            name = Path(f"{project_file.name}#{mob.name or mob.mob_id}")
            try:
                data = essence.open("r").read()
                kind = type(desc).__name__
                if kind == "PCMDescriptor":
                    rate = int(float(desc["SampleRate"].value))
                    samples = _decode_pcm(
                        data, int(desc["QuantizationBits"].value), int(desc["Channels"].value)
                    )
                elif kind in ("WAVEDescriptor", "AIFCDescriptor"):
                    audio, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
                    samples = np.ascontiguousarray(audio.T)
                else:
                    continue
            except (KeyError, ValueError, TypeError, RuntimeError, sf.LibsndfileError):
                continue
            out[str(mob.mob_id)] = ChannelSource(name, samples=samples, sample_rate_hz=rate)
    return out


def _project_rate(clips: list[tuple[Any, Path | None]]) -> int:
    rates = Counter(
        int(round(c.source_range.start_time.rate))
        for c, _ in clips
        if c.source_range is not None and int(round(c.source_range.start_time.rate)) in _AUDIO_RATES
    )
    if rates:
        return rates.most_common(1)[0][0]
    for _, path in clips:
        if path is not None and path.is_file():
            try:
                return int(sf.info(str(path)).samplerate)
            except (sf.LibsndfileError, RuntimeError):
                continue
    return 48_000


def read_otio_project(project_file: Path) -> DawProject:
    try:
        import opentimelineio as otio
    except ImportError as exc:  # pragma: no cover - the plugins extra installs it
        raise ProjectImportError(
            f"{project_file}: reading it needs opentimelineio ({exc})"
        ) from exc
    try:
        timeline = otio.adapters.read_from_file(str(project_file))
    except Exception as exc:  # adapters raise many kinds
        raise ProjectImportError(f"{project_file}: not a readable timeline ({exc})") from exc
    if not isinstance(timeline, otio.schema.Timeline):
        raise ProjectImportError(f"{project_file}: holds no timeline")
    folder = project_file.parent
    notices: list[str] = []
    audio_tracks = [t for t in timeline.tracks if t.kind == otio.schema.TrackKind.Audio]
    if not audio_tracks:
        raise ProjectImportError(f"{project_file}: the timeline has no audio track")
    every = [
        (c, _media_path(c.media_reference, folder))
        for t in audio_tracks
        for c in t
        if isinstance(c, otio.schema.Clip)
    ]
    rate = _project_rate(every)
    embedded = _aaf_embedded(project_file) if project_file.suffix.lower() == ".aaf" else {}
    dropped: dict[str, set[str]] = {}
    tracks = []
    for index, track in enumerate(audio_tracks):
        name = track.name or f"Audio {index + 1}"
        items = []
        for child in track:
            if isinstance(child, otio.schema.Transition):
                dropped.setdefault("transitions (crossfades)", set()).add(name)
                continue
            if not isinstance(child, otio.schema.Clip):
                continue
            label = f"{name}/{child.name or '?'}"
            if child.effects:
                dropped.setdefault("effects", set()).add(label)
            path = _media_path(child.media_reference, folder)
            if path is not None and not path.is_file():
                path, how = locate_media(str(path), folder)
                if how:
                    notices.append(f"clip {label}: {how}")
            source = ChannelSource(path) if path is not None else None
            if source is None:
                source = embedded.get(_aaf_mob_id(child.media_reference) or "")
                if source is not None:
                    notices.append(f"clip {label}: media embedded in the AAF")
            if source is None:
                kind = type(child.media_reference).__name__
                notices.append(f"clip {label}: no linked media file ({kind}); listed as missing")
                source = ChannelSource(Path(f"<{kind} of {child.name or 'clip'}>"))
            placed = child.range_in_parent()
            trimmed = child.trimmed_range()
            available = getattr(child.media_reference, "available_range", None)
            media_start = available.start_time.to_seconds() if available is not None else 0.0
            position = int(round(placed.start_time.to_seconds() * rate))
            length = int(round(placed.duration.to_seconds() * rate))
            offset = int(round((trimmed.start_time.to_seconds() - media_start) * rate))
            items.append(
                SourceItem(
                    name=child.name or "",
                    sources=(source,),
                    position_samples=position,
                    length_samples=length,
                    offset_samples=offset,
                    muted=not getattr(child, "enabled", True),
                )
            )
        if track.markers:
            dropped.setdefault("markers", set()).add(name)
        tracks.append(
            SourceTrack(name=name, items=tuple(items), muted=not getattr(track, "enabled", True))
        )
    fmt = "aaf" if project_file.suffix.lower() == ".aaf" else "otio"
    for what, where in dropped.items():
        notices.append(f"dropped {what}: {', '.join(sorted(where))}")
    return DawProject(project_file, fmt, rate, tuple(tracks), tuple(notices))


__all__ = ["read_otio_project"]
