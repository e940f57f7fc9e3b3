"""Plain-language summaries of where a prompt put a source (Qt-free).

An unplaced prompt is explained in the user's words (which region, what happens, what to
try); the parser's technical reason (similarities, thresholds) goes to ``detail`` only,
which the inspector shows as a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.api import Keyframe, Region, SpatialPath, wrap_azimuth_deg


@dataclass(frozen=True)
class PlacementSummary:
    """What the inspector shows under the prompt; ``warning`` is set when not placed."""

    placed: bool
    text: str
    warning: str | None = None
    detail: str = ""


TRY_EXAMPLES = "“hard left”, “behind you, far away”, “above” or “passes from left to right”"


def not_placed_warning(prompt: str, where: str = "") -> str:
    """What the inspector says about a prompt that gave no position."""
    region = f"Region {where}: " if where else ""
    return (
        f"{region}Earspace could not find a position in “{prompt.strip()}”, so the sound "
        f"stays where it was before this region. Say where the sound is, e.g. {TRY_EXAMPLES}."
    )


def side_word(azimuth_deg: float) -> str:
    """``front``, ``front-left``, ``left``, ``back-left``, ``behind``, ... (+90 = left)."""
    a = wrap_azimuth_deg(azimuth_deg)
    side = "left" if a > 0 else "right"
    m = abs(a)
    if m <= 20:
        return "front"
    if m < 70:
        return f"front-{side}"
    if m <= 110:
        return side
    if m < 160:
        return f"back-{side}"
    return "behind"


def describe_keyframe(k: Keyframe) -> str:
    az = wrap_azimuth_deg(k.azimuth_deg)
    return f"az {az:+.0f}° ({side_word(az)}), el {k.elevation_deg:+.0f}°, {k.distance_m:.1f} m"


def describe_path(path: SpatialPath) -> str:
    if path.is_static:
        return describe_keyframe(path.start)
    middle = "  →  …" if len(path.keyframes) > 2 else ""
    return f"{describe_keyframe(path.start)}{middle}  →  {describe_keyframe(path.end)} ({len(path.keyframes)} keyframes)"


def summarize_placement(placement: Any, prompt: str, where: str = "") -> PlacementSummary:
    """Summary of an ``engine.prompt.Placement`` as the user types; ``where`` names the
    region (e.g. ``“drums” 0:05.1–0:09.0``)."""
    if not prompt.strip():
        return PlacementSummary(False, "No prompt: the source holds its previous position.")
    if not getattr(placement, "placed", False) or placement.path is None:
        reason = getattr(placement, "reason", None) or ""
        return PlacementSummary(
            False, "", not_placed_warning(prompt, where), f"Parser: {reason}" if reason else ""
        )
    sources = getattr(placement, "sources", ())
    motion = sources[0].motion if sources else None
    parts = [describe_path(placement.path)]
    parts.append(f"motion: {motion or ('static' if placement.path.is_static else 'moving')}")
    parts.append(f"room: {placement.room or 'session room'}")
    confidence = getattr(placement, "confidence", None)
    if confidence is not None:
        parts.append(f"confidence {confidence:.0%}")
    label = getattr(placement, "label", None)
    text = (f"{label}: " if label else "") + " · ".join(parts)
    notes = list(getattr(placement, "notes", ()) or ())
    if len(sources) > 1:
        notes.append(
            f"{len(sources)} sources named; this region uses the first ({sources[0].label})"
        )
    if notes:
        text += "\n" + "\n".join(notes)
    warning = None
    if confidence is not None and confidence < 0.5:
        warning = f"Low confidence ({confidence:.0%}): check the position above."
    return PlacementSummary(True, text, warning)


def summarize_region(region: Region, where: str = "") -> PlacementSummary:
    """Summary from what a region stores (after undo, selection or loading)."""
    if not region.prompt.strip() and region.path is None:
        return PlacementSummary(False, "No prompt: the source holds its previous position.")
    if region.path is None:
        return PlacementSummary(False, "", not_placed_warning(region.prompt, where))
    parts = [
        describe_path(region.path),
        "static" if region.path.is_static else "moving",
        f"room: {region.room or 'session room'}",
    ]
    return PlacementSummary(True, " · ".join(parts))
