"""Render notices in the user's words (Qt-free): one notice per problem, with readable
times, naming the track and region and what to try.

The app knows which regions are unplaced or have no prompt (the session says so), so it
words those notices itself and drops the engine's technical lines about the same regions;
other engine notices are kept (deduplicated), with raw times like ``5.06415-8.96309 s``
rewritten as ``0:05.1–0:09.0``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.api import Session

_RAW_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*s\b")
_ENGINE_REGION_NOTICE = re.compile(
    r"region .*(not placed|no prompt|has no path|has no placement)|no region is placed",
    re.IGNORECASE,
)
TRY_TEXT = 'try a direction such as "left", "behind you, far away" or "passes left to right"'


def format_clock(time_s: float) -> str:
    """``65.06 -> "1:05.1"`` (minutes, seconds to a tenth)."""
    minutes, seconds = divmod(round(max(time_s, 0.0), 1), 60.0)
    return f"{int(minutes)}:{seconds:04.1f}"


def format_span(start_s: float, end_s: float) -> str:
    return f"{format_clock(start_s)}–{format_clock(end_s)}"


@dataclass(frozen=True)
class Notice:
    """``short`` fits the status bar; ``text`` is the full sentence."""

    short: str
    text: str


def region_notices(session: Session) -> list[Notice]:
    """One notice per region that has no position: unplaced prompt or no prompt."""
    out = []
    for track in session.tracks:
        regions = track.sorted_regions()
        none_placed = all(r.path is None for r in regions)
        stays = (
            "so this track plays in front of you (no region of it is placed)"
            if none_placed
            else "so the sound stays where it was before this region"
        )
        for region in regions:
            if region.path is not None:
                continue
            where = f"“{track.name}” {format_span(region.start_s, region.end_s)}"
            if region.prompt.strip():
                out.append(
                    Notice(
                        f"{where}: prompt not placed",
                        f"{where}: Earspace found no position in “{region.prompt}”, {stays}; "
                        f"{TRY_TEXT}.",
                    )
                )
            else:
                out.append(
                    Notice(
                        f"{where}: no prompt",
                        f"{where}: this region has no prompt, {stays}; type where the sound "
                        "is (e.g. “hard left”).",
                    )
                )
    return out


def readable_times(text: str) -> str:
    return _RAW_SPAN.sub(lambda m: format_span(float(m[1]), float(m[2])), text)


def user_notices(session: Session, engine_notices: list[str]) -> list[Notice]:
    """The session's region notices, then the engine's other notices, each once."""
    out = region_notices(session)
    seen = {n.text for n in out}
    for raw in engine_notices:
        if _ENGINE_REGION_NOTICE.search(raw):
            continue  # worded above from the session
        text = readable_times(raw)
        if text in seen:
            continue
        seen.add(text)
        out.append(Notice(text if len(text) <= 90 else text[:87] + "…", text))
    return out
