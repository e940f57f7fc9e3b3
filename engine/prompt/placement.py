"""The result of reading a prompt: where each named source is, over its region.

A :class:`Placement` holds one :class:`SourcePlacement` per source named in the prompt
(label + :class:`~engine.spatial_path.SpatialPath` + motion name), the room preset the
prompt names (or ``None``), a confidence in [0, 1], notes on assumptions made, and, when
nothing could be placed, ``placed=False`` with a ``reason``.

Angles follow the engine convention (degrees, azimuth +90 = left, elevation +90 = up);
distances are metres from the centre of the head.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.errors import ParameterError
from engine.rooms import ROOM_PRESETS
from engine.spatial_path import SpatialPath

MOTIONS = (
    "static",
    "left-to-right",
    "right-to-left",
    "front-to-back",
    "back-to-front",
    "approaching",
    "receding",
    "circling-clockwise",
    "circling-counterclockwise",
    "rising",
    "falling",
    "moving",
)


@dataclass(frozen=True)
class SourcePlacement:
    """One source: its ``label`` (the prompt's words that are not about position), its
    ``path`` and the ``motion`` name (one of :data:`MOTIONS`)."""

    label: str
    path: SpatialPath
    motion: str | None = "static"

    def __post_init__(self) -> None:
        if self.motion is not None and self.motion not in MOTIONS:
            raise ParameterError(
                f"SourcePlacement.motion must be one of {MOTIONS}, got {self.motion!r}"
            )

    def to_json_dict(self) -> dict[str, Any]:
        return {"label": self.label, "motion": self.motion, "keyframes": self.path.to_list()}


@dataclass(frozen=True)
class Placement:
    """Everything :func:`engine.prompt.parse` read from one prompt."""

    text: str
    placed: bool
    sources: tuple[SourcePlacement, ...] = ()
    room: str | None = None
    confidence: float = 0.0
    notes: tuple[str, ...] = ()
    reason: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ParameterError(f"Placement.confidence must be in [0, 1], got {self.confidence}")
        if self.room is not None and self.room not in ROOM_PRESETS:
            raise ParameterError(
                f"Placement.room must be one of {ROOM_PRESETS} or None, got {self.room!r}"
            )
        if self.placed and not self.sources:
            raise ParameterError("a placed Placement needs at least one source")
        if not self.placed and self.reason is None:
            raise ParameterError("an unplaced Placement must say why (reason)")

    @property
    def path(self) -> SpatialPath | None:
        """The first source's path, or ``None`` when nothing was placed."""
        return self.sources[0].path if self.placed else None

    @property
    def label(self) -> str:
        """The first source's label ('' when there is none)."""
        return self.sources[0].label if self.sources else ""

    @property
    def motion(self) -> str | None:
        """The first source's motion, or ``None``."""
        return self.sources[0].motion if self.sources else None

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``earspace parse``."""
        return {
            "text": self.text,
            "placed": self.placed,
            "confidence": round(float(self.confidence), 4),
            "room": self.room,
            "label": self.label,
            "reason": self.reason,
            "notes": list(self.notes),
            "keyframes": self.path.to_list() if self.path is not None else [],
            "sources": [s.to_json_dict() for s in self.sources] if self.placed else [],
        }


def unplaced(
    text: str, reason: str, *, notes: tuple[str, ...] = (), room: str | None = None
) -> Placement:
    """A Placement that says why nothing was placed."""
    return Placement(text=text, placed=False, room=room, confidence=0.0, notes=notes, reason=reason)
