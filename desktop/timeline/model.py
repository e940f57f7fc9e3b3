"""Timeline geometry, zoom and region dragging (Qt-free).

Time runs left to right; ``px_per_s`` is the zoom and ``view_start_s`` the left edge.
Region drags are planned here as plain arithmetic so they can be tested without a screen:
a drag never lets a region overlap its neighbours on the same track, never starts before
0 s, and snaps edges to other regions' edges (any track) within ``snap_px`` pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_REGION_S = 0.05
CREATE = "create"
MOVE = "move"
RESIZE_START = "resize-start"
RESIZE_END = "resize-end"


@dataclass
class TimelineGeometry:
    """Maps seconds to pixels and lanes to rows."""

    view_start_s: float = 0.0
    px_per_s: float = 50.0
    width_px: int = 800
    ruler_height_px: int = 22
    lane_height_px: int = 84
    min_px_per_s: float = 0.05
    max_px_per_s: float = 20_000.0

    @property
    def view_end_s(self) -> float:
        return self.view_start_s + self.width_px / self.px_per_s

    def time_to_x(self, time_s: float) -> float:
        return (time_s - self.view_start_s) * self.px_per_s

    def x_to_time(self, x: float) -> float:
        return self.view_start_s + x / self.px_per_s

    def lane_top(self, lane: int) -> int:
        return self.ruler_height_px + lane * self.lane_height_px

    def lane_at(self, y: float, n_lanes: int) -> int | None:
        if y < self.ruler_height_px:
            return None
        lane = int((y - self.ruler_height_px) // self.lane_height_px)
        return lane if 0 <= lane < n_lanes else None

    def zoom(self, factor: float, anchor_s: float | None = None) -> None:
        """Zoom by ``factor`` (> 1 = in) keeping ``anchor_s`` under the same pixel."""
        anchor = (
            self.view_start_s + self.width_px / self.px_per_s / 2 if anchor_s is None else anchor_s
        )
        anchor_x = self.time_to_x(anchor)
        self.px_per_s = min(max(self.px_per_s * factor, self.min_px_per_s), self.max_px_per_s)
        self.view_start_s = max(0.0, anchor - anchor_x / self.px_per_s)

    def fit(self, duration_s: float) -> None:
        duration_s = max(duration_s, 1.0)
        self.px_per_s = min(max(self.width_px / duration_s, self.min_px_per_s), self.max_px_per_s)
        self.view_start_s = 0.0


def snap(time_s: float, candidates: Sequence[float], tolerance_s: float) -> float:
    """The nearest candidate within ``tolerance_s``, else ``time_s``."""
    best, best_d = time_s, tolerance_s
    for c in candidates:
        d = abs(c - time_s)
        if d <= best_d:
            best, best_d = c, d
    return best


def plan_drag(
    mode: str,
    spans: Sequence[tuple[float, float]],
    index: int | None,
    press_s: float,
    current_s: float,
    *,
    duration_s: float,
    snap_candidates: Sequence[float] = (),
    snap_tolerance_s: float = 0.0,
) -> tuple[float, float]:
    """Where a region ends up during a drag, as ``(start_s, end_s)``.

    ``spans`` are the track's regions (sorted); ``index`` the dragged one (``None`` when
    creating). The result stays between the neighbouring regions and inside
    ``[0, duration_s]`` and is at least :data:`MIN_REGION_S` long.
    """
    duration_s = max(duration_s, MIN_REGION_S)
    if mode == CREATE:
        lo_bound = max([e for s, e in spans if e <= press_s], default=0.0)
        hi_bound = min([s for s, e in spans if s >= press_s], default=duration_s)
        a = snap(press_s, snap_candidates, snap_tolerance_s)
        b = snap(current_s, snap_candidates, snap_tolerance_s)
        start, end = sorted((a, b))
        start = min(max(start, lo_bound), hi_bound)
        end = min(max(end, lo_bound), hi_bound)
        if end - start < MIN_REGION_S:
            end = min(start + MIN_REGION_S, hi_bound)
        return start, end
    if index is None:
        raise ValueError(f"drag mode {mode!r} needs the index of the dragged region")
    start0, end0 = spans[index]
    lo_bound = spans[index - 1][1] if index > 0 else 0.0
    hi_bound = spans[index + 1][0] if index + 1 < len(spans) else duration_s
    delta = current_s - press_s
    if mode == MOVE:
        length = end0 - start0
        start = start0 + delta
        snapped_start = snap(start, snap_candidates, snap_tolerance_s)
        snapped_end = snap(start + length, snap_candidates, snap_tolerance_s)
        if snapped_start != start:
            start = snapped_start
        elif snapped_end != start + length:
            start = snapped_end - length
        start = min(max(start, lo_bound), max(hi_bound - length, lo_bound))
        return start, start + length
    if mode == RESIZE_START:
        start = snap(start0 + delta, snap_candidates, snap_tolerance_s)
        start = min(max(start, lo_bound), end0 - MIN_REGION_S)
        return start, end0
    if mode == RESIZE_END:
        end = snap(end0 + delta, snap_candidates, snap_tolerance_s)
        end = max(min(end, hi_bound), start0 + MIN_REGION_S)
        return start0, end
    raise ValueError(f"unknown drag mode {mode!r}")


def hit_region(
    spans: Sequence[tuple[float, float]], time_s: float, edge_tolerance_s: float
) -> tuple[int, str] | None:
    """``(index, mode)`` for a press at ``time_s``: near an edge resizes, inside moves."""
    for i, (s, e) in enumerate(spans):
        if abs(time_s - s) <= edge_tolerance_s and (e - s) > 2 * edge_tolerance_s:
            return i, RESIZE_START
        if abs(time_s - e) <= edge_tolerance_s:
            return i, RESIZE_END
        if s <= time_s <= e:
            return i, MOVE
    return None


def tick_step_s(px_per_s: float, min_spacing_px: float = 70.0) -> float:
    """A round ruler step (0.01 s ... 1 h) with ticks at least ``min_spacing_px`` apart."""
    for step in (
        0.01,
        0.02,
        0.05,
        0.1,
        0.2,
        0.5,
        1,
        2,
        5,
        10,
        15,
        30,
        60,
        120,
        300,
        600,
        900,
        1800,
        3600,
    ):
        if step * px_per_s >= min_spacing_px:
            return float(step)
    return 3600.0


def format_time(time_s: float, step_s: float = 1.0) -> str:
    minutes, seconds = divmod(max(time_s, 0.0), 60.0)
    if step_s < 1:
        return f"{int(minutes)}:{seconds:05.2f}"
    return (
        f"{int(minutes)}:{int(round(seconds)) % 60:02d}"
        if seconds < 59.5
        else f"{int(minutes) + 1}:00"
    )
