"""The seam between the live engine and the scene timeline shared with offline renders.

Everything the live engine needs to know about where a track's source is comes through
this module, and it reads the one scene timeline (:func:`engine.timeline.build_timeline`)
exactly as offline renders do:

* :func:`track_renderer` builds the physical engine's
  :class:`~engine.physical.renderer.StreamingRenderer` for a track's timeline, re-timed
  so that its input starts at timeline sample ``start_sample`` (it then sees exactly the
  timeline an offline render sees from 0);
* :func:`renderer_positions` is where that renderer's source is, in its own time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from engine.hrtf import HrtfSet
from engine.physical.renderer import RenderConfig, StreamingRenderer
from engine.session import Region
from engine.timeline import build_timeline


def shifted_regions(
    regions: Sequence[Region], start_sample: int, sample_rate_hz: int
) -> tuple[Region, ...]:
    """``regions`` moved ``start_sample / sample_rate_hz`` seconds earlier."""
    if start_sample == 0:
        return tuple(regions)
    shift_s = start_sample / sample_rate_hz
    return tuple(replace(r, start_s=r.start_s - shift_s, end_s=r.end_s - shift_s) for r in regions)


def track_renderer(
    regions: Sequence[Region],
    hrtf: HrtfSet,
    *,
    room: str,
    start_sample: int,
    sample_rate_hz: int,
    config: RenderConfig,
    doppler: bool = True,
    dry: bool = False,
    notices: list[str] | None = None,
) -> StreamingRenderer:
    """The track's physical renderer with input sample 0 = timeline ``start_sample``;
    ``dry`` leaves rooms out (direct sound only)."""
    if dry:
        regions = [replace(r, room=None) for r in regions]
        room = "anechoic"
    timeline = build_timeline(shifted_regions(regions, start_sample, sample_rate_hz), room=room)
    return StreamingRenderer(
        timeline,
        hrtf,
        sample_rate_hz=sample_rate_hz,
        doppler=doppler,
        config=config,
        notices=notices,
    )


def renderer_positions(
    renderer: StreamingRenderer, times_s: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(azimuth_deg, elevation_deg, distance_m)`` of the renderer's source at its times."""
    return renderer.timeline.positions(times_s)
