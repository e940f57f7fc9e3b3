"""Source positions over time and their top-down coordinates (Qt-free).

Top-down coordinates: ``x`` to the listener's right, ``y`` to the front, in "plot radii":
distance is drawn on a log scale so 0.25 m .. 40 m fit in one circle.
"""

from __future__ import annotations

import math

import numpy as np

from engine.api import SpatialPath, Track, build_timeline

MIN_DRAW_M = 0.25
MAX_DRAW_M = 40.0


def position_at(track: Track, time_s: float, source: int = 0) -> tuple[float, float, float] | None:
    """``(azimuth_deg, elevation_deg, distance_m)`` of a track's source ``source`` at
    ``time_s``, read from the track's scene timeline (``engine.api.build_timeline``: the
    hold rule every renderer uses). ``None`` without any placed region."""
    timeline = build_timeline(track.regions)
    if not timeline.placed:
        return None
    az, el, dist = timeline.positions([time_s], source=source)
    return float(az[0]), float(el[0]), float(dist[0])


def positions_at(track: Track, time_s: float) -> list[tuple[float, float, float]]:
    """Every source's position at ``time_s`` (several where a region names several)."""
    timeline = build_timeline(track.regions)
    out = []
    for k in range(timeline.max_sources):
        az, el, dist = timeline.positions([time_s], source=k)
        out.append((float(az[0]), float(el[0]), float(dist[0])))
    return out


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
