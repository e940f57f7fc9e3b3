"""The scene timeline of one track: where each source is, and which room it is in, at any time.

Flow: prompt -> placement (``Region.sources``, ``Region.room``) -> **timeline** -> render
-> outputs. :func:`build_timeline` is called once per track (``engine.render_session``
does it for renders; exports and views call it themselves) and every consumer reads the
result: the physical and neural engines, the AmbiX encoder, the head view and plots. No
consumer reads prompt text to find positions or decides the rules below itself.

The one hold rule (positions, for every source):

* inside a placed region a source follows that region's spatial path;
* between regions it holds the end position of the region that started last;
* before the first placed region it holds that region's start position;
* a region without a placement (unresolved or unplaceable prompt) does not move it;
* with no placed region at all it sits in front (0 deg, 0 deg) at ``front_distance_m``
  and :attr:`Timeline.notices` says so.

Rooms: inside a region whose ``room`` is set, that room; everywhere else the track's
default room. :attr:`Timeline.room_segments` tile the whole line; changes crossfade over
``room_crossfade_s`` (raised cosine, :func:`span_weight`).

Several sources: a region whose prompt names several sources keeps one path per source
(``Span.sources``, the main source first). ``positions(t, source=k)`` follows source ``k``;
a span with fewer sources gives its main source there. Engines that place one point
source (physical, AmbiX) follow source 0.

Example::

    timeline = build_timeline(track.regions, room=session.room)
    az_deg, el_deg, dist_m = timeline.positions(np.arange(n) / rate)  # main source
    span = timeline.span_index(frame_times_s)   # which span governs each time (hold rule)
    weights = timeline.room_weights(times_s)    # {"anechoic": w0, "cathedral": w1}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from engine.errors import ParameterError
from engine.rooms import DEFAULT_ROOM, check_room
from engine.session import PlacedSource, Region

#: Where an unplaced track sits: MIT KEMAR's measurement distance (the physical engine
#: replaces it by its HRTF set's reference distance).
DEFAULT_FRONT_DISTANCE_M = 1.4
DEFAULT_ROOM_CROSSFADE_S = 0.05


@dataclass(frozen=True)
class Span:
    """One placed region on the timeline.

    ``sources``: at least one, main first. ``room``: the room inside the span (the
    region's or the track default). ``text``: the region's prompt, carried as data for
    engines conditioned on text (the neural model's text encoder); never parsed here.
    """

    start_s: float
    end_s: float
    sources: tuple[PlacedSource, ...]
    room: str
    text: str = ""

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def fraction(self, times_s: np.ndarray) -> np.ndarray:
        """Fraction of the span at ``times_s`` clipped to [0, 1] (the hold rule inside it)."""
        t = np.asarray(times_s, dtype=np.float64)
        return np.clip((t - self.start_s) / max(self.duration_s, 1e-12), 0.0, 1.0)


@dataclass(frozen=True)
class Timeline:
    """Source positions and rooms over one track's timeline (seconds of its input audio).

    Build with :func:`build_timeline`; all times are seconds from the track's start.
    """

    spans: tuple[Span, ...]
    default_room: str = DEFAULT_ROOM
    room_segments: tuple[tuple[float, float, str], ...] = ((-np.inf, np.inf, DEFAULT_ROOM),)
    front_distance_m: float = DEFAULT_FRONT_DISTANCE_M
    room_crossfade_s: float = DEFAULT_ROOM_CROSSFADE_S
    notices: tuple[str, ...] = ()

    @property
    def placed(self) -> bool:
        return bool(self.spans)

    @property
    def max_sources(self) -> int:
        """Most sources any span places (0 when nothing is placed)."""
        return max((len(s.sources) for s in self.spans), default=0)

    def with_front_distance(self, distance_m: float) -> Timeline:
        """The same timeline with unplaced tracks at ``distance_m``."""
        return replace(self, front_distance_m=float(distance_m))

    def span_index(self, times_s) -> np.ndarray:
        """Index into :attr:`spans` of the span that governs each time (hold rule): the
        span started last at or before ``t``, the first span before it; ``-1`` everywhere
        when nothing is placed. ``[shape=times_s.shape]`` int."""
        t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
        if not self.spans:
            return np.full(t.shape, -1, dtype=np.int64)
        starts = np.array([s.start_s for s in self.spans])
        return np.maximum(np.searchsorted(starts, t, side="right") - 1, 0).astype(np.int64)

    def positions(self, times_s, source: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(azimuth_deg, elevation_deg, distance_m)`` of source ``source`` at ``times_s``."""
        t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
        az = np.zeros(t.shape)
        el = np.zeros(t.shape)
        dist = np.full(t.shape, self.front_distance_m)
        which = self.span_index(t)
        for i in np.unique(which):
            if i < 0:
                continue
            mask = which == i
            span = self.spans[int(i)]
            path = span.sources[min(source, len(span.sources) - 1)].path
            az[mask], el[mask], dist[mask] = path.sample(span.fraction(t[mask]))
        return az, el, dist

    @property
    def is_static(self) -> bool:
        """True when the main source never moves (one position for the whole timeline)."""
        if not self.spans:
            return True
        first = self.spans[0].sources[0].path.start
        key = (first.azimuth_deg, first.elevation_deg, first.distance_m)
        return all(
            s.sources[0].path.is_static
            and (
                s.sources[0].path.start.azimuth_deg,
                s.sources[0].path.start.elevation_deg,
                s.sources[0].path.start.distance_m,
            )
            == key
            for s in self.spans
        )

    def distance_range_m(self) -> tuple[float, float]:
        """Smallest and largest distance the main source takes (keyframes bound the path)."""
        if not self.spans:
            return self.front_distance_m, self.front_distance_m
        d = [k.distance_m for s in self.spans for k in s.sources[0].path.keyframes]
        return min(d), max(d)

    @property
    def has_constant_distance(self) -> bool:
        lo, hi = self.distance_range_m()
        return lo == hi

    def room_weights(self, times_s) -> dict[str, np.ndarray]:
        """For each room in use, its weight ``[shape=times_s.shape]`` (weights sum to 1)."""
        t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
        out: dict[str, np.ndarray] = {}
        for start, end, room in self.room_segments:
            w = span_weight(t, start, end, self.room_crossfade_s)
            out[room] = out[room] + w if room in out else w
        return out

    def rooms(self) -> tuple[str, ...]:
        """Every room the track is in somewhere, in timeline order."""
        return tuple(dict.fromkeys(room for _, _, room in self.room_segments))

    def placement_spans(self) -> tuple[tuple[float, float, float], ...]:
        """``(start_s, end_s, representative_time_s)`` tiling the line: one per span, from
        its start to the next span's start (the first from -inf), represented by its
        midpoint (the hold rule at block level, for per-span room reflections)."""
        if not self.spans:
            return ((-np.inf, np.inf, 0.0),)
        starts = [-np.inf] + [s.start_s for s in self.spans[1:]]
        ends = [s.start_s for s in self.spans[1:]] + [np.inf]
        mids = [0.5 * (s.start_s + s.end_s) for s in self.spans]
        return tuple(zip(starts, ends, mids, strict=True))


def span_weight(t: np.ndarray, start: float, end: float, crossfade_s: float) -> np.ndarray:
    """Weight of ``[start, end)`` at times ``t``: 1 inside, 0 outside, raised-cosine
    crossfades of ``crossfade_s`` centred on finite edges (adjacent spans sum to 1)."""
    x = max(crossfade_s, 1e-6)

    def ramp(u: np.ndarray) -> np.ndarray:
        return 0.5 - 0.5 * np.cos(np.pi * np.clip(u / x + 0.5, 0.0, 1.0))

    rise = ramp(t - start) if np.isfinite(start) else np.ones(t.shape)
    fall = ramp(t - end) if np.isfinite(end) else np.zeros(t.shape)
    return rise - fall


def build_timeline(
    regions: Iterable[Region],
    *,
    room: str = DEFAULT_ROOM,
    front_distance_m: float = DEFAULT_FRONT_DISTANCE_M,
    room_crossfade_s: float = DEFAULT_ROOM_CROSSFADE_S,
) -> Timeline:
    """The :class:`Timeline` of a track's ``regions`` in default room ``room``.

    Raises :class:`~engine.errors.ParameterError` for an unknown room, overlapping
    regions or a region that ends before it starts. Unplaced regions and a track with no
    placement at all are reported in :attr:`Timeline.notices`.
    """
    check_room(room, "room")
    ordered = sorted(regions, key=lambda r: r.start_s)
    for r in ordered:
        if r.end_s <= r.start_s:
            raise ParameterError(
                f"region end_s ({r.end_s} s) must be after start_s ({r.start_s} s)"
            )
        if r.room is not None:
            check_room(r.room, f"region {r.start_s:g}-{r.end_s:g} s room")
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.start_s < a.end_s:
            raise ParameterError(
                f"regions overlap: {a.start_s:g}-{a.end_s:g} s and {b.start_s:g}-{b.end_s:g} s; "
                "move or shorten one"
            )
    notices = [
        f"region {r.start_s:g}-{r.end_s:g} s ({r.prompt!r}) has no placement; "
        "the source holds its previous position there"
        for r in ordered
        if r.path is None
    ]
    spans = tuple(
        Span(r.start_s, r.end_s, r.sources, r.room or room, r.prompt)
        for r in ordered
        if r.path is not None
    )
    if not spans:
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
    return Timeline(
        spans=spans,
        default_room=room,
        room_segments=tuple(s for s in segments if s[1] > s[0]),
        front_distance_m=float(front_distance_m),
        room_crossfade_s=float(room_crossfade_s),
        notices=tuple(notices),
    )


__all__ = [
    "DEFAULT_FRONT_DISTANCE_M",
    "DEFAULT_ROOM_CROSSFADE_S",
    "Span",
    "Timeline",
    "build_timeline",
    "span_weight",
]
