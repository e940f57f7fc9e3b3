"""Word lists shared by the direction, distance, motion and label readers.

Everything here is a regex fragment over normalised text (see :mod:`.normalize`).
Angles (degrees) that the words stand for are defined here once.
"""

from __future__ import annotations

#: Azimuth (deg) of a side cue softened by "slightly", "a little", "left of centre".
SLIGHT_ANGLE_DEG = 20.0
#: Elevation (deg) of "slightly above/below".
SLIGHT_ELEVATION_DEG = 20.0
#: Elevation (deg) of "above"/"below" when a horizontal direction is also given.
STRONG_ELEVATION_WITH_AZIMUTH_DEG = 45.0
#: Elevation (deg) of "high"/"low"/"up"/"down" words that only lift or lower a source.
MILD_ELEVATION_DEG = 30.0
#: Elevation (deg) of "overhead to the left" (pole words softened by a side).
POLE_ELEVATION_WITH_AZIMUTH_DEG = 70.0

#: Third-person names of the listener in briefs ("behind the viewer", "the player's left
#: shoulder"): one list for every reader that must treat them as "me".
LISTENER_NOUN = (
    r"(?:listener|player|user|wearer|viewer|watcher|visitor|avatar|audience member|guest"
    r"|participant|spectator|passenger|rider)"
)
_POSSESSIVE = rf"(?:my|your|the|his|her|our|their|its|one's|the (?:{LISTENER_NOUN}|character)'s)"
POSSESSIVE = _POSSESSIVE
#: "the", "my", "your", ... (optional, with trailing space)
DET = rf"(?:{_POSSESSIVE}\s+)?"
#: me/you/us/... objects after "behind", "above", ...
OBJ = (
    rf"(?:me|you|us|him|her|them|the {LISTENER_NOUN}|the mic|the microphone|the camera|the head"
    r"|(?:our|my|your) (?:seats?|row))"
)

#: Hedges that soften a direction.
SLIGHT_HEDGES = (
    "slightly",
    "a little bit",
    "a little",
    "a tiny bit",
    "a bit",
    "a touch",
    "a tad",
    "a hair",
    "somewhat",
    "marginally",
    "barely",
    "just",
    "a smidge",
    "ever so slightly",
    "a few degrees",
)
#: Hedges that make a direction exact or extreme.
STRONG_HEDGES = (
    "hard",
    "far",
    "fully",
    "extreme",
    "extremely",
    "all the way",
    "completely",
    "directly",
    "straight",
    "dead",
    "squarely",
    "exactly",
    "due",
    "totally",
    "full",
    "immediately",
    "way",
    "firmly",
    "strictly",
    "purely",
    "almost",
    "nearly",
    "practically",
    "virtually",
)
#: Hedges meaning "halfway" (a diagonal).
HALF_HEDGES = ("half", "halfway", "partly", "partially", "mostly")


def alternation(words) -> str:
    """Regex alternation of ``words``, longest first, spaces matching any whitespace."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))
