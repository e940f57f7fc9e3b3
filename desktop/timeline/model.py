"""Timeline geometry, zoom and region dragging (Qt-free).

Time runs left to right; ``px_per_s`` is the zoom and ``view_start_s`` the left edge.
Region drags are planned here as plain arithmetic so they can be tested without a screen:
a drag never lets a region overlap its neighbours on the same track, never starts before
0 s, and snaps edges to other regions' edges (any track) within ``snap_px`` pixels, else
to the snap grid (:class:`SnapGrid`: seconds, video frames or bars at a tempo) when on.
A press within :data:`EDGE_GRAB_PX` of a region edge (inside or just outside) resizes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_REGION_S = 0.05
EDGE_GRAB_PX = 8.0  # a press this close to a region edge resizes it (either side)
MIN_CREATE_PX = 12.0  # a new region narrower than this on screen was a missed click
MIN_GRID_PX = 8.0  # grid lines closer than this on screen are coarsened
SNAP_MODES = ("off", "seconds", "frames", "bars")
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


@dataclass(frozen=True)
class SnapGrid:
    """``mode``: ``off``, ``seconds`` (0.01/0.1/1/10 s by zoom), ``frames`` (``fps``) or
    ``bars`` (beats at ``tempo_bpm``, whole bars of ``beats_per_bar`` when zoomed out)."""

    mode: str = "off"
    fps: float = 25.0
    tempo_bpm: float = 120.0
    beats_per_bar: int = 4

    def __post_init__(self) -> None:
        if self.mode not in SNAP_MODES:
            raise ValueError(f"snap mode must be one of {SNAP_MODES}, got {self.mode!r}")
        if self.fps <= 0 or self.tempo_bpm <= 0 or self.beats_per_bar < 1:
            raise ValueError(
                f"snap grid needs fps > 0, tempo_bpm > 0 and beats_per_bar >= 1, got {self}"
            )

    def step_s(self, px_per_s: float) -> float | None:
        """Grid spacing at this zoom, or ``None`` when snapping is off."""
        if self.mode == "off":
            return None
        if self.mode == "seconds":
            steps = [0.01, 0.1, 1.0, 10.0, 60.0]
        elif self.mode == "frames":
            frame = 1.0 / self.fps
            steps = [frame, frame * self.fps, frame * self.fps * 10]
        else:
            beat = 60.0 / self.tempo_bpm
            bar = beat * self.beats_per_bar
            steps = [beat, bar, bar * 4, bar * 16]
        for step in steps:
            if step * px_per_s >= MIN_GRID_PX:
                return step
        return steps[-1]


def snap(
    time_s: float,
    candidates: Sequence[float],
    tolerance_s: float,
    grid_step_s: float | None = None,
) -> float:
    """The nearest candidate within ``tolerance_s``; else the nearest grid line when a
    grid is on; else ``time_s``."""
    best, best_d = time_s, tolerance_s
    found = False
    for c in candidates:
        d = abs(c - time_s)
        if d <= best_d:
            best, best_d, found = c, d, True
    if not found and grid_step_s:
        return max(0.0, round(time_s / grid_step_s) * grid_step_s)
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
    grid_step_s: float | None = None,
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
        a = snap(press_s, snap_candidates, snap_tolerance_s, grid_step_s)
        b = snap(current_s, snap_candidates, snap_tolerance_s, grid_step_s)
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
        snapped_start = snap(start, snap_candidates, snap_tolerance_s, grid_step_s)
        snapped_end = snap(start + length, snap_candidates, snap_tolerance_s, grid_step_s)
        if snapped_start != start:
            start = snapped_start
        elif snapped_end != start + length:
            start = snapped_end - length
        start = min(max(start, lo_bound), max(hi_bound - length, lo_bound))
        return start, start + length
    if mode == RESIZE_START:
        start = snap(start0 + delta, snap_candidates, snap_tolerance_s, grid_step_s)
        start = min(max(start, lo_bound), end0 - MIN_REGION_S)
        return start, end0
    if mode == RESIZE_END:
        end = snap(end0 + delta, snap_candidates, snap_tolerance_s, grid_step_s)
        end = max(min(end, hi_bound), start0 + MIN_REGION_S)
        return start0, end
    raise ValueError(f"unknown drag mode {mode!r}")


def hit_region(
    spans: Sequence[tuple[float, float]], time_s: float, edge_tolerance_s: float
) -> tuple[int, str] | None:
    """``(index, mode)`` for a press at ``time_s``: within ``edge_tolerance_s`` of an
    edge (inside or outside the region) resizes, inside moves. Of two edges in reach
    (abutting regions) the nearer one wins; a press inside a region too narrow to
    show two grab zones moves it."""
    best: tuple[tuple[float, int], int, str] | None = None
    for i, (s, e) in enumerate(spans):
        inside = s <= time_s <= e
        if inside and (e - s) <= 2 * edge_tolerance_s:
            return i, MOVE
        for edge, mode in ((s, RESIZE_START), (e, RESIZE_END)):
            d = abs(time_s - edge)
            key = (d, 0 if inside else 1)  # a shared edge: the region pressed in wins
            if d <= edge_tolerance_s and (best is None or key < best[0]):
                best = (key, i, mode)
    if best is not None:
        return best[1], best[2]
    for i, (s, e) in enumerate(spans):
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
