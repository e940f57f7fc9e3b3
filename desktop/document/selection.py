"""What is selected: a track and one of its regions (Qt-free).

Indices address ``session.tracks`` and the track's regions sorted by start (as
:mod:`desktop.document.edits` does); ``-1`` means none. A selection is a value: edits
return a new one, and :meth:`Selection.clamped` keeps it valid after the session changed
(undo, a removed track, a loaded file).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.api import Region, Session


@dataclass(frozen=True)
class Selection:
    track: int = -1
    region: int = -1

    def clamped(self, session: Session) -> Selection:
        """The nearest valid selection in ``session``: a track past the end becomes the
        last track, a region past the end of its track becomes none."""
        track = min(self.track, len(session.tracks) - 1)
        if track < 0:
            return Selection()
        n_regions = len(session.tracks[track].regions)
        return Selection(track, self.region if self.region < n_regions else -1)

    def region_of(self, session: Session) -> Region | None:
        """The selected region, or ``None``."""
        if not 0 <= self.track < len(session.tracks) or self.region < 0:
            return None
        regions = session.tracks[self.track].sorted_regions()
        return regions[self.region] if self.region < len(regions) else None

    def loop_span_s(self, session: Session) -> tuple[float, float] | None:
        """The selected region's ``(start_s, end_s)``: what the transport loops."""
        region = self.region_of(session)
        return None if region is None else (region.start_s, region.end_s)
