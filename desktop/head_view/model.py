"""Source positions over time and their top-down coordinates (Qt-free).

Top-down coordinates: ``x`` to the listener's right, ``y`` to the front, in "plot radii":
distance is drawn on a log scale so 0.25 m .. 40 m fit in one circle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

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


def to_xy(azimuth_deg, distance_m, elevation_deg=0.0) -> tuple[np.ndarray, np.ndarray]:
    """Top-down ``(x right, y front)``; +90 azimuth (left) gives negative x. Elevation
    shortens the radius (``cos``): a source straight above sits on the head."""
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64))
    el = np.radians(np.asarray(elevation_deg, dtype=np.float64))
    r = np.vectorize(radius)(np.asarray(distance_m, dtype=np.float64)) * np.cos(el)
    return -np.sin(az) * r, np.cos(az) * r


def path_xy(path: SpatialPath, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
    az, el, dist = path.sample(np.linspace(0.0, 1.0, n))
    return to_xy(az, dist, el)


def to_side_xy(azimuth_deg, elevation_deg, distance_m) -> tuple[np.ndarray, np.ndarray]:
    """Side view ``(x front, y up)`` in plot radii: the listener seen from the right,
    front to the screen's right. Elevation +90 (straight up) gives ``x = 0, y = r``."""
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64))
    el = np.radians(np.asarray(elevation_deg, dtype=np.float64))
    r = np.vectorize(radius)(np.asarray(distance_m, dtype=np.float64))
    return np.cos(el) * np.cos(az) * r, np.sin(el) * r


def path_side_xy(path: SpatialPath, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
    az, el, dist = path.sample(np.linspace(0.0, 1.0, n))
    return to_side_xy(az, el, dist)


def sounding(time_s: float, duration_s: float | None) -> bool:
    """Whether a track still has audio at ``time_s`` (unknown duration: assume yes)."""
    return duration_s is None or 0.0 <= time_s < duration_s


def spread_labels(
    anchors: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    gap_px: float = 1.0,
    obstacles: Sequence[tuple[float, float, float, float]] = (),
) -> list[tuple[float, float]]:
    """Top-left corners for labels of ``sizes`` (w, h) wanted at ``anchors`` (x, y), moved
    down (then up) in steps of one label height until no two label boxes overlap and none
    covers an obstacle box ``(x, y, w, h)`` (the dots, the head). Labels are placed in
    order of their anchor's height, so the result is stable."""
    placed: list[tuple[float, float, float, float]] = list(obstacles)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(anchors)

    def clashes(x: float, y: float, w: float, h: float) -> bool:
        return any(
            x < px + pw + gap_px
            and px < x + w + gap_px
            and y < py + ph + gap_px
            and py < y + h + gap_px
            for px, py, pw, ph in placed
        )

    for i in sorted(range(len(anchors)), key=lambda k: (anchors[k][1], anchors[k][0])):
        (x, y), (w, h) = anchors[i], sizes[i]
        candidate = y
        for step in range(1, 4 * len(anchors) + 2):
            if not clashes(x, candidate, w, h):
                break
            offset = (step + 1) // 2 * (h + gap_px)
            candidate = y + offset if step % 2 else y - offset
        placed.append((x, candidate, w, h))
        out[i] = (x, candidate)
    return out
