"""Positions given as offsets along the axes: "2 metres in front and 1 metre to the left",
"3 m left, 4 m ahead, 1 m up" -> one direction and distance.

Used when at least two axes carry their own distance; a single "3 m to the left" is an
ordinary direction plus distance. Axes: x front (+) / behind (-), y left (+) / right (-),
z up (+) / down (-), in metres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from engine.geometry import vector_to_angles
from engine.prompt.distance import NUMERIC_DISTANCE_RE, UNITS_M, clamp_distance_m
from engine.prompt.numbers import number_value

_AXIS = re.compile(
    r"\s*(?:(?:to|towards?|off\s+to|in|on|out\s+to)\s+(?:the\s+|my\s+|your\s+)?)?"
    r"(?P<axis>left|right|in\s+front(?:\s+of\s+(?:me|you|us))?|front|ahead|forward|behind(?:\s+(?:me|you|us))?|back|up|above|higher|down|below|lower|beneath)\b"
)
_SIGNS = {
    "left": (1, 1.0), "right": (1, -1.0), "front": (0, 1.0), "ahead": (0, 1.0), "forward": (0, 1.0),
    "behind": (0, -1.0), "back": (0, -1.0), "up": (2, 1.0), "above": (2, 1.0), "higher": (2, 1.0),
    "down": (2, -1.0), "below": (2, -1.0), "lower": (2, -1.0), "beneath": (2, -1.0),
}  # fmt: skip


@dataclass(frozen=True)
class OffsetReading:
    """Direction (deg) and distance (m) of an offset position, and the char spans used."""

    azimuth_deg: float
    elevation_deg: float
    distance_m: float
    spans: tuple[tuple[int, int], ...]


def read_offsets(text: str) -> OffsetReading | None:
    """The position named by per-axis distances in normalised ``text``, or None."""
    vec = np.zeros(3)
    seen: set[int] = set()
    spans = []
    for m in NUMERIC_DISTANCE_RE.finditer(text):
        a = _AXIS.match(text, m.end())
        if a is None:
            continue
        word = a.group("axis").split()[0]
        word = "front" if word == "in" else word
        axis, sign = _SIGNS[word]
        if axis in seen:
            return None  # "2 m left ... 3 m right": not an offset description
        unit = m.group("u")
        factor = next(f for u, f in UNITS_M if re.fullmatch(u, unit))
        value = 1.0 if m.group("n") in ("a", "an") else number_value(m.group("n"))
        vec[axis] += sign * value * factor
        seen.add(axis)
        spans.append((m.start(), a.end()))
    if len(seen) < 2 or not np.any(vec):
        return None
    az, el = vector_to_angles(vec)
    distance_m = clamp_distance_m(float(np.linalg.norm(vec)))
    return OffsetReading(float(az), float(el), distance_m, tuple(spans))
