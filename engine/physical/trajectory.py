"""Where a track's source is at any time of its timeline, and which room it is in.

Built from a track's regions (``engine.session.Region``): inside a region the source
follows the region's spatial path; between regions it holds the last region's end
position; before the first placed region it holds that region's start position. A
region without a path (unresolved or unplaceable prompt) does not move the source. When
no region is placed at all the source sits in front (0 deg azimuth, 0 deg elevation) at
the HRTF reference distance, and :func:`build_trajectory` returns a notice saying so.

Rooms: inside a region with ``room`` set that room applies, elsewhere the track's default
room; changes crossfade over ``room_crossfade_s`` (raised cosine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.errors import ParameterError
from engine.session import ROOM_PRESETS, Region
from engine.spatial_path import SpatialPath


@dataclass(frozen=True)
class Trajectory:
    """Source positions and rooms over a track's timeline (seconds of the input audio)."""

    regions: tuple[Region, ...]  # placed regions (path is not None), sorted by start
    default_room: str
    room_segments: tuple[tuple[float, float, str], ...]  # (start_s, end_s, room), tiling the line
    front_distance_m: float
    room_crossfade_s: float = 0.05

    @property
    def placed(self) -> bool:
        return bool(self.regions)

    @property
    def is_static(self) -> bool:
        """True when the source never moves (one position for the whole timeline)."""
        if not self.regions:
            return True
        first = self.regions[0].path.start  # type: ignore[union-attr]
        return all(
            r.path is not None
            and r.path.is_static
            and (r.path.start.azimuth_deg, r.path.start.elevation_deg, r.path.start.distance_m)
            == (first.azimuth_deg, first.elevation_deg, first.distance_m)
            for r in self.regions
        )

    def distance_range_m(self) -> tuple[float, float]:
        """Smallest and largest distance the source takes (keyframes bound the path)."""
        if not self.regions:
            return self.front_distance_m, self.front_distance_m
        d = [k.distance_m for r in self.regions for k in r.path.keyframes]  # type: ignore[union-attr]
        return min(d), max(d)

    @property
    def has_constant_distance(self) -> bool:
        lo, hi = self.distance_range_m()
        return lo == hi

    def positions(self, times_s) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(azimuth_deg, elevation_deg, distance_m)`` arrays at ``times_s``."""
        t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
        az = np.zeros(t.shape)
        el = np.zeros(t.shape)
        dist = np.full(t.shape, self.front_distance_m)
        if not self.regions:
            return az, el, dist
        starts = np.array([r.start_s for r in self.regions])
        which = np.searchsorted(starts, t, side="right") - 1  # region started last; -1 = before all
        for i in np.unique(which):
            mask = which == i
            region = self.regions[max(int(i), 0)]
            path: SpatialPath = region.path  # type: ignore[assignment]
            if i < 0:
                frac = np.zeros(np.count_nonzero(mask))
            else:
                frac = (t[mask] - region.start_s) / max(region.duration_s, 1e-12)
            az[mask], el[mask], dist[mask] = path.sample(np.clip(frac, 0.0, 1.0))
        return az, el, dist

    def room_weights(self, times_s) -> dict[str, np.ndarray]:
        """For each room in use, its weight ``[shape=times_s.shape]`` (weights sum to 1)."""
        t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
        out: dict[str, np.ndarray] = {}
        for start, end, room in self.room_segments:
            w = span_weight(t, start, end, self.room_crossfade_s)
            out[room] = out[room] + w if room in out else w
        return out

    def placement_spans(self) -> tuple[tuple[float, float, float], ...]:
        """``(start_s, end_s, representative_time_s)`` tiling the timeline: one span per
        placed region (from its start to the next region's start; the first from -inf),
        represented by the region's midpoint."""
        if not self.regions:
            return ((-np.inf, np.inf, 0.0),)
        starts = [-np.inf] + [r.start_s for r in self.regions[1:]]
        ends = [r.start_s for r in self.regions[1:]] + [np.inf]
        mids = [0.5 * (r.start_s + r.end_s) for r in self.regions]
        return tuple(zip(starts, ends, mids, strict=True))

    def rooms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(room for _, _, room in self.room_segments))


def span_weight(t: np.ndarray, start: float, end: float, crossfade_s: float) -> np.ndarray:
    """Weight of the span ``[start, end)`` at times ``t``: 1 inside, 0 outside, raised-cosine
    crossfades of ``crossfade_s`` centred on finite edges (adjacent spans sum to 1)."""
    x = max(crossfade_s, 1e-6)

    def ramp(u: np.ndarray) -> np.ndarray:
        return 0.5 - 0.5 * np.cos(np.pi * np.clip(u / x + 0.5, 0.0, 1.0))

    rise = ramp(t - start) if np.isfinite(start) else np.ones(t.shape)
    fall = ramp(t - end) if np.isfinite(end) else np.zeros(t.shape)
    return rise - fall


def build_trajectory(
    regions: Sequence[Region],
    *,
    room: str,
    front_distance_m: float,
    room_crossfade_s: float = 0.05,
) -> tuple[Trajectory, list[str]]:
    """A :class:`Trajectory` and notices for the caller (unplaced regions, no placement)."""
    if room not in ROOM_PRESETS:
        raise ParameterError(
            f"unknown room preset {room!r}; choose one of {', '.join(ROOM_PRESETS)}"
        )
    notices: list[str] = []
    ordered = sorted(regions, key=lambda r: r.start_s)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.start_s < a.end_s:
            raise ParameterError(
                f"regions overlap: {a.start_s:g}-{a.end_s:g} s and {b.start_s:g}-{b.end_s:g} s; move or shorten one"
            )
    for r in ordered:
        if r.end_s <= r.start_s:
            raise ParameterError(
                f"region end_s ({r.end_s} s) must be after start_s ({r.start_s} s)"
            )
        if r.room is not None and r.room not in ROOM_PRESETS:
            raise ParameterError(
                f"unknown room preset {r.room!r} in region {r.start_s:g}-{r.end_s:g} s"
            )
    placed = tuple(r for r in ordered if r.path is not None)
    for r in ordered:
        if r.path is None:
            notices.append(
                f"region {r.start_s:g}-{r.end_s:g} s ({r.prompt!r}) has no placement; "
                f"the source holds its previous position there"
            )
    if not placed:
        notices.append(
            "no region is placed: the track is rendered in front of the listener (0 deg)"
        )
    segments: list[tuple[float, float, str]] = []
    cursor = -np.inf
    for r in ordered:
        if r.room is None or r.room == room:
            continue
        segments.append((cursor, r.start_s, room))
        segments.append((r.start_s, r.end_s, r.room))
        cursor = r.end_s
    segments.append((cursor, np.inf, room))
    segments = [s for s in segments if s[1] > s[0]]
    trajectory = Trajectory(
        regions=placed,
        default_room=room,
        room_segments=tuple(segments),
        front_distance_m=front_distance_m,
        room_crossfade_s=room_crossfade_s,
    )
    return trajectory, notices
