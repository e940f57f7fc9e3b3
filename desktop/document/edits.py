"""Pure edits of an immutable :class:`engine.session.Session` (Qt-free).

Every function returns a new session and never mutates its input, so the undo stack can
keep the old one. Regions of a track are kept sorted by start; a region is addressed by
``(track_index, region_index)`` in that sorted order. Edits that would break the session
(overlapping regions, negative times) raise :class:`engine.errors.SessionError`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.api import Region, Session, SessionError, Track, region_with_placement


def _with_regions(session: Session, track_index: int, regions: list[Region]) -> Session:
    track = session.tracks[track_index]
    ordered = tuple(sorted(regions, key=lambda r: r.start_s))
    new = session.with_track(track_index, replace(track, regions=ordered))
    new.validate()
    return new


def add_tracks(session: Session, sources: list[tuple[str, str | Path]]) -> Session:
    """Append one track per ``(name, source path)``."""
    tracks = list(session.tracks)
    for name, source in sources:
        tracks.append(Track(name=name, source=str(source)))
    return replace(session, tracks=tuple(tracks))


def remove_track(session: Session, track_index: int) -> Session:
    tracks = list(session.tracks)
    del tracks[track_index]
    return replace(session, tracks=tuple(tracks))


def set_room(session: Session, room: str) -> Session:
    """The session's room preset (regions naming a room keep theirs)."""
    new = replace(session, room=room)
    new.validate()
    return new


def set_hrtf(session: Session, hrtf: str | None) -> Session:
    """A SOFA file for the physical engine, or ``None`` for the default (MIT KEMAR)."""
    return replace(session, hrtf=None if hrtf is None else str(hrtf))


def update_track(session: Session, track_index: int, **changes: Any) -> Session:
    """Change track fields (name, gain_db, mute, solo, engine)."""
    new = session.with_track(track_index, replace(session.tracks[track_index], **changes))
    new.validate()
    return new


def region_index(track: Track, region: Region) -> int:
    return list(track.sorted_regions()).index(region)


def add_region(
    session: Session, track_index: int, start_s: float, end_s: float, prompt: str = ""
) -> tuple[Session, int]:
    """Add a region; returns the new session and the region's index."""
    region = Region(start_s=float(start_s), end_s=float(end_s), prompt=prompt)
    regions = list(session.tracks[track_index].sorted_regions()) + [region]
    new = _with_regions(session, track_index, regions)
    return new, region_index(new.tracks[track_index], region)


def set_region_span(
    session: Session, track_index: int, index: int, start_s: float, end_s: float
) -> tuple[Session, int]:
    """Move or resize a region (prompt and path kept)."""
    regions = list(session.tracks[track_index].sorted_regions())
    moved = replace(regions[index], start_s=float(start_s), end_s=float(end_s))
    regions[index] = moved
    new = _with_regions(session, track_index, regions)
    return new, region_index(new.tracks[track_index], moved)


def remove_region(session: Session, track_index: int, index: int) -> Session:
    regions = list(session.tracks[track_index].sorted_regions())
    del regions[index]
    return _with_regions(session, track_index, regions)


def set_region_prompt(
    session: Session, track_index: int, index: int, prompt: str, placement: Any | None
) -> Session:
    """Store the prompt and everything it resolved to (every source, the room); an
    unplaced prompt stores no placement (the region holds the previous position when
    rendered)."""
    regions = list(session.tracks[track_index].sorted_regions())
    regions[index] = region_with_placement(replace(regions[index], prompt=prompt), placement)
    return _with_regions(session, track_index, regions)


def get_region(session: Session, track_index: int, index: int) -> Region:
    try:
        return session.tracks[track_index].sorted_regions()[index]
    except IndexError as exc:
        raise SessionError(f"no region {index} on track {track_index}") from exc
