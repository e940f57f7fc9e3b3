"""AmbiX export: every audible track encoded along its scene timeline into one
``<name> ambix O<order>.wav`` (ACN/SN3D, :mod:`plugin_bridge.ambisonics`).

The sources are encoded directly from the session (no binaural render): each track's
mono (gain, insert chain) is read, its regions are placed (:mod:`engine.resolve`) and its
timeline built (:mod:`engine.timeline`, the one every engine reads).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from engine.audio_io import write_wav
from engine.errors import EngineError
from engine.hooks import InsertHook
from engine.progress import ProgressCallback, check_cancel
from engine.session import Session
from plugin_bridge.ambisonics import DEFAULT_REFERENCE_DISTANCE_M, AmbisonicsConfig, encode_track
from plugin_bridge.errors import ExportError


def _hrtf_reference_distance_m(session: Session, notices: list[str]) -> float:
    """The session HRTF's measurement distance: the physical engine's 0 dB distance, so the
    AmbiX scene has the binaural render's distance levels."""
    try:
        from engine.hrtf import HrtfSet

        return float(HrtfSet.load(session.hrtf, session.sample_rate_hz).reference_distance_m)
    except (EngineError, OSError, ImportError) as exc:
        notices.append(
            f"HRTF not loaded ({exc}); distance gain is 0 dB at {DEFAULT_REFERENCE_DISTANCE_M} m"
        )
        return DEFAULT_REFERENCE_DISTANCE_M


def export_ambix(
    session: Session,
    folder: Path,
    *,
    name: str,
    order: int,
    sample_rate_hz: int | None,
    track_names: tuple[str, ...] | None,
    bit_depth: str,
    on_clip: str,
    insert_hook: InsertHook | None,
    notices: list[str],
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Encode the audible (or named) tracks of ``session`` along their timelines into
    ``folder/<name> ambix O<order>.wav``; notices for the user go to ``notices``."""
    from engine.render_session import load_track_audio
    from engine.resolve import resolve_regions
    from engine.timeline import build_timeline

    rate = sample_rate_hz or session.sample_rate_hz
    work = replace(session, sample_rate_hz=rate)
    tracks = list(work.audible_tracks())
    if track_names is not None:
        known = [t.name for t in tracks]
        missing = [n for n in track_names if n not in known]
        if missing:
            raise ExportError(
                f"no audible track named {', '.join(map(repr, missing))}; tracks: {', '.join(map(repr, known))}"
            )
        tracks = [t for t in tracks if t.name in track_names]
    if not tracks:
        raise ExportError("nothing to export: the session has no audible tracks")
    missing_audio = [
        (t.name, work.audio_path(t)) for t in tracks if not work.audio_path(t).is_file()
    ]
    if missing_audio:
        raise ExportError(
            "audio files are missing: " + "; ".join(f"{n!r}: {p}" for n, p in missing_audio)
        )
    config = AmbisonicsConfig(
        order=order,
        reference_distance_m=_hrtf_reference_distance_m(work, notices),
    )
    encoded = []
    for k, track in enumerate(tracks):
        check_cancel(cancel)
        if progress is not None:
            progress(0.8 * k / len(tracks), f"encoding {track.name}")
        audio = load_track_audio(work, track)
        notices.extend(audio.notices)
        mono = audio.samples * np.float32(10 ** (track.gain_db / 20))
        if insert_hook is not None:
            mono = np.asarray(insert_hook(track, mono, rate), np.float32)
        track_notices: list[str] = []
        timeline = build_timeline(resolve_regions(track, track_notices), room=work.room)
        b, enc_notices = encode_track(mono, timeline, rate, config=config)
        notices.extend(f"{track.name}: {n}" for n in [*track_notices, *enc_notices])
        encoded.append(b)
    n = max(b.shape[1] for b in encoded)
    scene = np.zeros((config.num_channels, n), np.float32)
    for b in encoded:
        scene[:, : b.shape[1]] += b
    path = folder / f"{name} ambix O{order}.wav"
    report = write_wav(path, scene, rate, bit_depth=bit_depth, on_clip=on_clip)
    if report.note:
        notices.append(f"{path.name}: {report.note}")
    notices.append(
        f"AmbiX order {config.order}: {config.num_channels} channels, ACN order, SN3D normalisation; "
        f"distance gain 0 dB at {config.reference_distance_m} m"
    )
    return path


__all__ = ["export_ambix"]
