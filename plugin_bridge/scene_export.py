"""What the scene exports (AmbiX, ADM BWF) share: the tracks to export, checked, and the
HRTF's reference distance (the physical engine's 0 dB distance)."""

from __future__ import annotations

from dataclasses import replace

from engine.errors import EngineError
from engine.session import Session, Track
from plugin_bridge.ambisonics import DEFAULT_REFERENCE_DISTANCE_M
from plugin_bridge.errors import ExportError


def export_tracks(
    session: Session, sample_rate_hz: int | None, track_names: tuple[str, ...] | None
) -> tuple[Session, list[Track]]:
    """``(session at the export rate, its audible tracks named in track_names or all)``;
    raises :class:`ExportError` for an unknown name, no track, or a missing audio file."""
    rate = sample_rate_hz or session.sample_rate_hz
    work = replace(session, sample_rate_hz=rate)
    tracks = list(work.audible_tracks())
    if track_names is not None:
        known = [t.name for t in tracks]
        unknown = [n for n in track_names if n not in known]
        if unknown:
            raise ExportError(
                f"no audible track named {', '.join(map(repr, unknown))}; "
                f"tracks: {', '.join(map(repr, known))}"
            )
        tracks = [t for t in tracks if t.name in track_names]
    if not tracks:
        raise ExportError("nothing to export: the session has no audible tracks")
    missing = [(t.name, work.audio_path(t)) for t in tracks if not work.audio_path(t).is_file()]
    if missing:
        raise ExportError(
            "audio files are missing: " + "; ".join(f"{n!r}: {p}" for n, p in missing)
        )
    return work, tracks


def hrtf_reference_distance_m(session: Session, notices: list[str]) -> float:
    """The session HRTF's measurement distance: the physical engine's 0 dB distance, so the
    exported scene has the binaural render's distance levels."""
    try:
        from engine.hrtf import HrtfSet

        return float(HrtfSet.load(session.hrtf, session.sample_rate_hz).reference_distance_m)
    except (EngineError, OSError, ImportError) as exc:
        notices.append(
            f"HRTF not loaded ({exc}); distance gain is 0 dB at {DEFAULT_REFERENCE_DISTANCE_M} m"
        )
        return DEFAULT_REFERENCE_DISTANCE_M


__all__ = ["export_tracks", "hrtf_reference_distance_m"]
