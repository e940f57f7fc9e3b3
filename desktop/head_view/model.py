"""Source positions over time and their top-down coordinates (Qt-free).

Top-down coordinates: ``x`` to the listener's right, ``y`` to the front, in "plot radii":
distance is drawn on a log scale so 0.25 m .. 40 m fit in one circle.
"""

from __future__ import annotations

import math

import numpy as np

from engine.session import Track
from engine.spatial_path import SpatialPath

MIN_DRAW_M = 0.25
MAX_DRAW_M = 40.0


def position_at(track: Track, time_s: float) -> tuple[float, float, float] | None:
    """``(azimuth_deg, elevation_deg, distance_m)`` of a track's source at ``time_s``,
    following the session rules: inside a placed region its path; before the first one
    its start; between regions the previous region's end. ``None`` without any placed region."""
    placed = [r for r in track.sorted_regions() if r.path is not None]
    if not placed:
        return None
    if time_s < placed[0].start_s:
        k = placed[0].path.start
        return k.azimuth_deg, k.elevation_deg, k.distance_m
    current = placed[0]
    for r in placed:
        if r.start_s <= time_s:
            current = r
    if time_s <= current.end_s:
        k = current.path.at((time_s - current.start_s) / max(current.duration_s, 1e-9))
    else:
        k = current.path.end
    return k.azimuth_deg, k.elevation_deg, k.distance_m


def radius(distance_m: float) -> float:
    """Plot radius in [0.15, 1] for a distance (log scale)."""
    d = min(max(distance_m, MIN_DRAW_M), MAX_DRAW_M)
    return 0.15 + 0.85 * math.log(d / MIN_DRAW_M) / math.log(MAX_DRAW_M / MIN_DRAW_M)


def to_xy(azimuth_deg, distance_m) -> tuple[np.ndarray, np.ndarray]:
    """Top-down ``(x right, y front)``; +90 azimuth (left) gives negative x."""
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64))
    r = np.vectorize(radius)(np.asarray(distance_m, dtype=np.float64))
    return -np.sin(az) * r, np.cos(az) * r


def path_xy(path: SpatialPath, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
    az, _, dist = path.sample(np.linspace(0.0, 1.0, n))
    return to_xy(az, dist)
