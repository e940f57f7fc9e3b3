"""The placement step: a region's prompt -> its stored placement (every source + the room).

``engine.prompt.parse`` reads a prompt into a ``Placement``; :func:`region_with_placement`
stores all of it in the :class:`~engine.session.Region` (each source's label and path,
the room). :func:`resolve_regions` does that at render time for regions saved without a
placement. Everything downstream (timeline, renderers, exports) reads the stored
placement and never parses prompt text again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.errors import ParameterError
from engine.rooms import DEFAULT_ROOM
from engine.session import PlacedSource, Region, Track
from engine.timeline import Timeline, build_timeline

if TYPE_CHECKING:
    from engine.prompt.placement import Placement


def region_with_placement(region: Region, placement: Placement | None) -> Region:
    """``region`` placed as ``placement`` says (all sources, room); an unplaced or missing
    placement clears the region's placement (the source holds its previous position)."""
    if placement is None or not placement.placed:
        return region.with_sources((), room=None)
    sources = [PlacedSource(s.label, s.path) for s in placement.sources]
    return region.with_sources(sources, room=placement.room)


def resolve_regions(track: Track, notices: list[str]) -> tuple[Region, ...]:
    """The track's regions (sorted), placed from their prompts where none is stored.

    Prompts the parser cannot place keep no placement and add a notice naming the region
    and the reason: never a silent default. A room stored with the region is kept.
    """
    resolved = []
    for region in track.sorted_regions():
        if region.path is None and region.prompt.strip():
            from engine.prompt import parse

            placement = parse(region.prompt)
            if placement.placed:
                placed = region_with_placement(region, placement)
                region = placed.with_sources(placed.sources, room=region.room or placed.room)
            else:
                notices.append(
                    f"track {track.name!r} region {region.start_s:g}-{region.end_s:g} s: prompt "
                    f"{region.prompt!r} was not placed ({placement.reason or 'no position found'}); "
                    "the source holds its previous position"
                )
        elif region.path is None:
            notices.append(
                f"track {track.name!r} region {region.start_s:g}-{region.end_s:g} s has no prompt"
            )
        resolved.append(region)
    return tuple(resolved)


def prompt_timeline(prompt: str, duration_s: float, *, room: str = DEFAULT_ROOM) -> Timeline:
    """The timeline of one region ``0..duration_s`` placed from ``prompt`` (for a whole
    file rendered from one prompt, tests and benches). Raises ``ParameterError`` when the
    prompt cannot be placed."""
    from engine.prompt import parse

    placement = parse(prompt)
    if not placement.placed:
        raise ParameterError(f"prompt {prompt!r} could not be placed: {placement.reason}")
    region = region_with_placement(Region(0.0, float(duration_s), prompt), placement)
    return build_timeline([region], room=room)


__all__ = ["prompt_timeline", "region_with_placement", "resolve_regions"]
