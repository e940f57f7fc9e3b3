"""AmbiX export: every audible track encoded along its scene timeline into one
``<name> ambix O<order>.wav`` (ACN/SN3D, :mod:`plugin_bridge.ambisonics`).

The sources are encoded directly from the session (no binaural render): each track's
mono (gain, insert chain) is read, its regions are placed (:mod:`engine.resolve`) and its
timeline built (:mod:`engine.timeline`, the one every engine reads).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from engine.audio_io import write_wav
from engine.hooks import InsertHook
from engine.progress import ProgressCallback, check_cancel
from engine.session import Session
from plugin_bridge.ambisonics import AmbisonicsConfig, encode_track
from plugin_bridge.scene_export import export_tracks, hrtf_reference_distance_m


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

    work, tracks = export_tracks(session, sample_rate_hz, track_names)
    rate = work.sample_rate_hz
    config = AmbisonicsConfig(
        order=order,
        reference_distance_m=hrtf_reference_distance_m(work, notices),
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
