"""Ear and body references: "into my right ear", "over your left shoulder", "at my feet",
"on my lap", "inside my head", "in my face" -> direction cues, often with a distance.

Degrees (engine convention, +90 = left) and metres. Registered in :data:`PATTERNS`, which
:mod:`engine.prompt.direction` reads first (a body reference beats the bare words in it).
"""

from __future__ import annotations

import re

from engine.prompt import lexicon as lx
from engine.prompt.cues import POSS, SLIGHT, STRONG, Cue, PatternRegistry, hedge_class, side_value
from engine.spatial_path import MIN_DISTANCE_M

_pattern = PatternRegistry()
#: ``(regex, handler)`` pairs in priority order.
PATTERNS = _pattern.patterns


_EAR_PREP = r"(?P<prep>in|into|inside|in\s+to|at|by|next\s+to|beside|near|against|close\s+to|up\s+against|above|over|below|beneath|under|behind|in\s+front\s+of)"


@_pattern(
    rf"(?:(?P<hedge>{SLIGHT}|{STRONG})\s+)?{_EAR_PREP}\s+{POSS}\s+(?P<side>left|right)\s+(?:ear|earlobe|temple|cheek)s?\b"
)
def _ear(m: re.Match) -> list[Cue]:
    span = m.span()
    prep = " ".join(m.group("prep").split())
    hedge = hedge_class(m.group("hedge"))
    cues = [Cue("side", side_value(m.group("side")), span, None)]
    if prep in ("above", "over"):
        cues.append(Cue("el", lx.SLIGHT_ELEVATION_DEG if hedge == "slight" else 35.0, span))
    elif prep in ("below", "beneath", "under"):
        cues.append(Cue("el", -lx.SLIGHT_ELEVATION_DEG if hedge == "slight" else -35.0, span))
    elif prep == "behind":
        cues.append(Cue("fb", -1.0, span, "slight"))
    elif prep == "in front of":
        cues.append(Cue("fb", 1.0, span, "slight"))
    if prep in ("in", "into", "inside", "in to", "against", "up against"):
        dist = 0.1
    elif prep in ("at", "by", "next to", "beside", "near", "close to"):
        dist = 0.2
    else:
        dist = 0.3
    return [
        Cue(c.kind, c.value, c.span, c.hedge, c.strength, dist if i == 0 else None)
        for i, c in enumerate(cues)
    ]


@_pattern(rf"\bover\s+{POSS}\s+(?P<side>left|right)\s+shoulder")
def _over_shoulder(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    return [Cue("az", s * 135.0, m.span()), Cue("el", 20.0, m.span())]


@_pattern(rf"\bover\s+{POSS}\s+shoulder\b")
def _over_shoulder_no_side(m: re.Match) -> list[Cue]:
    # "over my shoulder on the right": behind and a little up; the side comes from elsewhere
    return [Cue("fb", -1.0, m.span()), Cue("el", 20.0, m.span())]


@_pattern(
    r"\b(?:on|at|by|near|next\s+to|beside|around)\s+(?:my|your|his|her|their|the\s+listener's)\s+(?P<side>left|right)\s+(?:shoulder|arm|hand(?!\s*side)|hip|wrist|elbow|thigh|leg)\b"
)
def _at_shoulder(m: re.Match) -> list[Cue]:
    return [Cue("side", side_value(m.group("side")), m.span(), distance_m=0.5)]


@_pattern(
    rf"\b(?:at|by|near|next\s+to|beside|around|under|behind)\s+{POSS}\s+(?P<side>left|right)\s+(?P<part>foot|toes|ankle|heel|knee|shin)\b"
)
def _at_foot(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    part = m.group("part")
    el = -45.0 if part in ("knee", "shin") else -70.0
    az = 150.0 if part == "heel" or m.group(0).startswith("behind") else 90.0
    return [Cue("az", s * az, m.span()), Cue("el", el, m.span())]


@_pattern(rf"\b(?:on|in|onto|into)\s+{POSS}\s+lap\b")
def _lap(m: re.Match) -> list[Cue]:
    return [Cue("az", 0.0, m.span(), distance_m=0.4), Cue("el", -60.0, m.span())]


@_pattern(rf"\b(?:at|by|around|near|under|beneath|below)\s+{POSS}\s+feet\b|\bat\s+{POSS}\s+toes\b")
def _feet(m: re.Match) -> list[Cue]:
    return [Cue("vert", -1.0, m.span(), None, "pole")]


@_pattern(
    rf"(?:(?P<hedge>{SLIGHT}|{STRONG})\s+)?\b(?:over|above|on\s+top\s+of|on)\s+(?:the\s+)?(?:top\s+of\s+)?{POSS}\s+head\b|\b(?:crown|top)\s+of\s+{POSS}\s+head\b"
)
def _over_head(m: re.Match) -> list[Cue]:
    return [Cue("vert", 1.0, m.span(), None, "pole")]


@_pattern(
    rf"\bbehind\s+{POSS}\s+(?:head|back|neck)\b|\b(?:the\s+)?back\s+of\s+{POSS}\s+(?:head|neck)\b"
)
def _behind_head(m: re.Match) -> list[Cue]:
    return [Cue("fb", -1.0, m.span(), "strong", distance_m=0.3)]


@_pattern(
    rf"\b(?:right\s+)?(?:inside|in|within)\s+(?:the\s+(?:middle|centre|center)\s+of\s+)?{POSS}\s+(?:head|skull|brain)\b|\bbetween\s+{POSS}\s+ears\b"
)
def _in_head(m: re.Match) -> list[Cue]:
    # in-head localisation: the centre of the head, at the closest distance a keyframe allows
    return [Cue("center", 1.0, m.span(), distance_m=MIN_DISTANCE_M), Cue("level", 0.0, m.span())]


@_pattern(rf"\bin\s+(?:front\s+of\s+)?{POSS}\s+face\b")
def _in_face(m: re.Match) -> list[Cue]:
    return [Cue("fb", 1.0, m.span(), "strong", distance_m=0.3)]
