"""The seam between the live engine and the scene timeline shared with offline renders.

Everything the live engine needs to know about where a track's source is comes through
this module, so that it follows the same timeline module as the offline renderer.
:func:`shifted_regions` re-times regions so a renderer whose input starts at timeline
sample ``start_sample`` sees exactly the timeline an offline render sees from 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine.session import Region


def shifted_regions(
    regions: Sequence[Region], start_sample: int, sample_rate_hz: int
) -> tuple[Region, ...]:
    """``regions`` moved ``start_sample / sample_rate_hz`` seconds earlier."""
    if start_sample == 0:
        return tuple(regions)
    shift_s = start_sample / sample_rate_hz
    return tuple(replace(r, start_s=r.start_s - shift_s, end_s=r.end_s - shift_s) for r in regions)
