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


_EAR_PREP = r"(?P<prep>in|into|inside|in\s+to|(?:pressed|held|cupped|clamped)\s+(?:up\s+)?(?:to|against)|up\s+to|at|by|next\s+to|beside|near|against|close\s+to|up\s+against|above|over|below|beneath|under|behind|in\s+front\s+of|tickling|brushing|touching|grazing|kissing|licking)"
#: Distances (m) from the centre of the head of things touching or near the head.
TOUCHING_HEAD_M = 0.1
NEXT_TO_HEAD_M = 0.15
NEAR_HEAD_M = 0.2
#: "by / near / next to my ear": a few centimetres off the ear, closer than near the head.
BY_EAR_M = 0.14
#: "just above my head": a little over the crown.
JUST_OVER_HEAD_M = 0.3
#: "a hand's breadth from my cheek": ~10 cm off the cheek, a little more from the head centre.
HAND_GAP_FROM_CHEEK_M = 0.14
#: The binaural microphone is the listener's head: "close to the mic" is close to the head.
CLOSE_TO_MIC_M = 0.3
TOUCHING_MIC_M = 0.08
NEAR_MIC_M = 0.5
#: Shoulders: to the side, a little below ear level.
SHOULDER_ELEVATION_DEG = -20.0
ON_SHOULDER_M = 0.3
OFF_SHOULDER_M = 0.4
#: Cheeks face forward-sideways.
CHEEK_AZIMUTH_DEG = 60.0
#: Chin and forehead: below / above ear level in front.
CHIN_ELEVATION_DEG = -30.0
UNDER_CHIN_ELEVATION_DEG = -45.0
FOREHEAD_ELEVATION_DEG = 20.0
#: "at / round my feet": the floor just in front of the feet, seen from standing ear height.
FEET_ELEVATION_DEG = -75.0  # read in :func:`engine.prompt.direction._vertical_magnitude`
FEET_M = 1.4
#: Knees and lap of a seated listener.
KNEE_M = 0.7
LAP_M = 0.6
#: "over my shoulder": just behind and above it, about a head's width from the ear.
OVER_SHOULDER_M = 0.35


@_pattern(
    rf"(?:(?P<hedge>{SLIGHT}|{STRONG})\s+)?{_EAR_PREP}\s+{POSS}\s+(?P<side>left|right)\s+(?:ear|earlobe|temple)s?\b"
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
    if (
        prep in ("in", "into", "inside", "in to", "against", "up against", "up to")
        or prep.endswith("ing")
        or prep.split()[0] in ("pressed", "held", "cupped", "clamped")
    ):
        dist = TOUCHING_HEAD_M
    elif prep in ("at", "by", "next to", "beside", "near", "close to"):
        # "right by my ear", "very near my ear": all but touching
        strong = re.search(r"\b(?:right|very|really|just)\s*$", m.string[: m.start("prep")])
        dist = TOUCHING_HEAD_M if strong or hedge == "strong" else BY_EAR_M
    else:
        dist = 0.3
    return [
        Cue(c.kind, c.value, c.span, c.hedge, c.strength, dist if i == 0 else None)
        for i, c in enumerate(cues)
    ]


@_pattern(rf"\bover\s+{POSS}\s+(?P<side>left|right)\s+shoulder")
def _over_shoulder(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    return [Cue("az", s * 135.0, m.span(), distance_m=OVER_SHOULDER_M), Cue("el", 20.0, m.span())]


@_pattern(rf"\bover\s+{POSS}\s+shoulder\b")
def _over_shoulder_no_side(m: re.Match) -> list[Cue]:
    # "over my shoulder on the right": behind and a little up; the side comes from elsewhere
    return [Cue("fb", -1.0, m.span(), distance_m=OVER_SHOULDER_M), Cue("el", 20.0, m.span())]


@_pattern(
    rf"\b(?:just\s+)?behind\s+{POSS}\s+(?P<side>left|right)\s+shoulder\b",
    needs=("shoulder",),
)
def _behind_shoulder(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    return [
        Cue("az", s * 135.0, m.span(), distance_m=OFF_SHOULDER_M),
        Cue("el", SHOULDER_ELEVATION_DEG / 2.0, m.span()),
    ]


@_pattern(
    r"\b(?P<prep>on|at|from|by|near|next\s+to|beside|around|(?:just\s+)?off)\s+(?:my|your|his|her|their|the\s+listener's|the)\s+(?P<side>left|right)\s+(?P<part>shoulder|leg)\b"
)
def _at_shoulder(m: re.Match) -> list[Cue]:
    side = Cue("side", side_value(m.group("side")), m.span(), distance_m=0.5)
    if m.group("part") != "shoulder":
        return [side]
    # "on" / "at my right shoulder": the shoulder itself, below the ear; "off", "near": beside it
    on = m.group("prep") in ("on", "at", "from")
    dist = ON_SHOULDER_M if on else OFF_SHOULDER_M
    return [
        Cue("side", side.value, m.span(), distance_m=dist),
        Cue("el", SHOULDER_ELEVATION_DEG if on else -10.0, m.span()),
    ]


@_pattern(
    rf"\b(?:at|by|near|next\s+to|beside|around|under|behind)\s+{POSS}\s+(?P<side>left|right)\s+(?P<part>foot|toes|ankle|heel|knee|shin)\b",
    needs=("foot", "toes", "ankle", "heel", "knee", "shin"),
)
def _at_foot(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    part = m.group("part")
    el = -45.0 if part in ("knee", "shin") else -70.0
    az = 150.0 if part == "heel" or m.group(0).startswith("behind") else 90.0
    dist = KNEE_M if part in ("knee", "shin") else None
    return [Cue("az", s * az, m.span(), distance_m=dist), Cue("el", el, m.span())]


@_pattern(rf"\b(?:on|in|onto|into)\s+{POSS}\s+lap\b")
def _lap(m: re.Match) -> list[Cue]:
    # a seated lap: ~0.55 m below the ears and ~0.3 m in front
    return [Cue("az", 0.0, m.span(), distance_m=LAP_M), Cue("el", -60.0, m.span())]


#: A desk or table in front of the seated listener: below the ears, within reach.
DESK_ELEVATION_DEG = -35.0
DESK_M = 0.6


@_pattern(
    r"\b(?:on|at|across|from|off)\s+(?:the|my|a|our|your)\s+(?:\w+\s+)?(?:desk|table|desktop|workbench|counter|console|bench)\s+"
    r"(?:right\s+|just\s+)?in\s+front\s+of\s+(?:me|you|us|the\s+(?:listener|player|visitor|viewer|user))\b"
)
def _desk_in_front(m: re.Match) -> list[Cue]:
    """ "keyboard clatter on the desk in front of me": ahead and below ear level."""
    return [
        Cue("az", 0.0, m.span(), distance_m=DESK_M),
        Cue("el", DESK_ELEVATION_DEG, m.span()),
    ]


#: Hip and trouser pocket: to the side, well below the ears, an arm's length from them.
HIP_ELEVATION_DEG = -70.0
HIP_M = 0.75


@_pattern(
    rf"\b(?:in|at|on|by|from|against)\s+{POSS}\s+(?P<side>left|right)\s+"
    r"(?:(?:trouser|trousers|jeans|pants|hip|back|side)\s+)?(?:hip|pocket|thigh)\b"
)
def _hip(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    return [Cue("az", s * 90.0, m.span(), distance_m=HIP_M), Cue("el", HIP_ELEVATION_DEG, m.span())]


@_pattern(
    rf"\b(?P<prep>at|by|(?:a)?round|near|under|beneath|below)\s+{POSS}\s+feet\b|\bat\s+{POSS}\s+toes\b"
)
def _feet(m: re.Match) -> list[Cue]:
    if m.group("prep") in ("under", "beneath", "below"):
        return [Cue("vert", -1.0, m.span(), None, "pole")]
    # on the floor just in front of a standing listener's feet
    return [Cue("vert", -1.0, m.span(), None, "feet", distance_m=FEET_M)]


@_pattern(
    rf"(?:(?P<just>just|barely|an\s+inch|inches|a\s+few\s+inches|a\s+hand'?s?\s+(?:breadth|width))\s+)?(?:(?P<hedge>{SLIGHT}|{STRONG})\s+)?\b(?:over|above|on\s+top\s+of|on)\s+(?:the\s+)?(?:top\s+of\s+)?{POSS}\s+head\b|\b(?:crown|top)\s+of\s+{POSS}\s+head\b"
)
def _over_head(m: re.Match) -> list[Cue]:
    if m.group("just"):  # "a bee hovering just above my head": close over the crown
        return [Cue("vert", 1.0, m.span(), None, "pole", distance_m=JUST_OVER_HEAD_M)]
    return [Cue("vert", 1.0, m.span(), None, "pole")]


@_pattern(
    rf"\bbehind\s+{POSS}\s+(?:head|back|neck)\b|\b(?P<touch>(?:(?:up\s+|pressed\s+)?against|on|touching|pressed\s+to)\s+)?(?:the\s+)?back\s+of\s+{POSS}\s+head\b",
    needs=("head", "back", "neck"),
)
def _behind_head(m: re.Match) -> list[Cue]:
    dist = TOUCHING_HEAD_M + 0.02 if m.group("touch") else 0.3
    return [Cue("fb", -1.0, m.span(), "strong", distance_m=dist)]


@_pattern(
    rf"\b(?:right\s+)?(?:inside|in|within)\s+(?:the\s+(?:middle|centre|center)\s+of\s+)?{POSS}\s+(?:head|skull|brain)\b|\bbetween\s+{POSS}\s+ears\b"
)
def _in_head(m: re.Match) -> list[Cue]:
    # in-head localisation: the centre of the head, at the closest distance a keyframe allows
    return [Cue("center", 1.0, m.span(), distance_m=MIN_DISTANCE_M), Cue("level", 0.0, m.span())]


@_pattern(rf"\bin\s+(?:front\s+of\s+)?{POSS}\s+face\b")
def _in_face(m: re.Match) -> list[Cue]:
    return [Cue("fb", 1.0, m.span(), "strong", distance_m=0.3)]


_TOUCH = r"(?:(?:up\s+|right\s+|pressed\s+|pushed\s+)?against|(?:held\s+|pressed\s+)?(?:right\s+)?up\s+to|(?:held|pressed)\s+to|touching|brushing|tickling|grazing|kissing|hugging|(?:right\s+|just\s+)?on|inside|in|into|at)"
_NEXT = r"(?:right\s+|just\s+)?(?:by|next\s+to|beside)"
_NEAR = r"(?:near|close\s+to|just\s+off|off)"
#: "a hand's breadth from", "a few inches off": near, a named small gap away.
_AWAY = r"(?:a\s+hand'?s?\s+(?:width|breadth)|(?:a\s+(?:few|couple(?:\s+of)?)|two|three|an?)\s+(?:inch(?:es)?|centimet(?:re|er)s?|cm)|inches)\s+(?:from|off|away\s+from|in\s+front\s+of)"
#: "out of the right headphone": the sound is the earpiece itself.
_OUT_OF = r"(?:(?:bleeding|coming|leaking|playing)\s+)?(?:out\s+of|from|through)"


def _touch_distance_m(prep: str) -> float:
    if re.match(_TOUCH + r"$", prep) or re.match(_OUT_OF + r"$", prep):
        return TOUCHING_HEAD_M
    if re.match(_NEXT + r"$", prep):
        return NEXT_TO_HEAD_M
    return NEAR_HEAD_M


@_pattern(
    rf"\b(?P<prep>{_TOUCH}|{_NEXT}|{_NEAR}|{_OUT_OF})\s+{POSS}\s+(?P<side>left|right)\s+(?:ear\s*cup|ear\s*pad|headphone|earphone|ear\s*bud|ear\s*piece|in[\s-]?ear|iem|can|capsule|mic\s+capsule|speaker\s+of\s+the\s+headphones)s?\b"
    rf"|\b(?P<prep2>{_TOUCH}|{_NEXT}|{_NEAR})\s+the\s+(?P<side2>left|right)\s+side\s+of\s+{POSS}\s+head\b",
    needs=(
        "cup",
        "pad",
        "phone",
        "bud",
        "can",
        "speaker",
        "side",
        "piece",
        "ear",
        "iem",
        "capsule",
    ),
)
def _earcup(m: re.Match) -> list[Cue]:
    """ "up against the left earcup", "inside the right headphone", "hugging the right side
    of my head": at that ear, touching or next to the head."""
    prep = " ".join((m.group("prep") or m.group("prep2")).split())
    side = m.group("side") or m.group("side2")
    return [Cue("side", side_value(side), m.span(), distance_m=_touch_distance_m(prep))]


@_pattern(
    r"\b(?P<side>left|right)\s+(?:ear\s*cup|headphone|earphone|ear\s*bud|ear\s*piece|can)\s+only\b",
    needs=("only",),
)
def _earcup_only(m: re.Match) -> list[Cue]:
    """ "left headphone only": the sound is in that earpiece."""
    return [Cue("side", side_value(m.group("side")), m.span(), distance_m=TOUCHING_HEAD_M)]


@_pattern(
    rf"\b(?P<prep>{_TOUCH}|{_NEXT}|{_NEAR}|(?<!\bleft\s)(?<!\bright\s)(?<!\bfront\s)(?<!\bback\s)of)\s+{POSS}\s+"
    r"(?:head(?:phone|set)\s+(?:band|strap|cable|cord|mic)s?|headphones?|headsets?|earphones?|ear\s*cups?|cans|ear\s*buds?|ear\s*pieces?)\b",
    needs=("phone", "cup", "cans", "bud", "piece", "headset"),
)
def _headphones(m: re.Match) -> list[Cue]:
    """ "in the headset", "the creak of the headphone band": at the worn gear itself."""
    # a distance with no direction: the side comes from elsewhere ("..., left side")
    prep = " ".join(m.group("prep").split())
    dist = TOUCHING_HEAD_M if prep == "of" else _touch_distance_m(prep)
    return [Cue("near", 0.0, m.span(), distance_m=dist)]


@_pattern(
    r"\b(?P<prep>(?:nearly\s+|almost\s+|practically\s+|just\s+)?(?:touching|kissing|brushing|grazing|eating|swallowing|hitting|popping|blowing\s+(?:into|on)|spitting\s+on)|(?:right\s+|just\s+)?(?:up\s+)?(?:on|at|in|into|against)|(?:very\s+|really\s+|right\s+)?close\s+to|near|next\s+to|right\s+by|by|(?:a\s+few\s+)?inches\s+(?:from|off))\s+(?:the|my|your)\s+(?:(?:lapel|lav|lavalier|clip[\s-]?on|headset|boom|shotgun|vocal|condenser|binaural)\s+)?(?:mic|microphone|mike|dummy\s+head|capsule)s?\b",
    needs=("mic", "mike", "dummy"),
)
def _mic(m: re.Match) -> list[Cue]:
    """The binaural microphone is where the listener's head is: "close to the mic" is close
    to the head; with no direction named the sound is in front (as a talker would be)."""
    prep = " ".join(m.group("prep").split())
    if re.search(
        r"(?:touching|kissing|brushing|grazing|eating|swallowing|hitting|popping|blowing\s+(?:into|on)|spitting\s+on)$",
        prep,
    ):
        dist = TOUCHING_MIC_M  # "lips nearly touching the mic": on the capsule
    elif re.search(r"\b(?:on|in|into|against|inches)\b|^(?:right|just)\s+at$", prep):
        dist = NEAR_HEAD_M
    elif "close" in prep or prep in ("right by", "next to"):
        dist = CLOSE_TO_MIC_M
    else:
        dist = NEAR_MIC_M
    return [Cue("fb", 1.0, m.span(), None, "weak", distance_m=dist)]


@_pattern(
    rf"\b(?P<prep>{_AWAY}|(?:just\s+)?(?:in\s+front\s+of|off)|{_TOUCH}|{_NEXT}|{_NEAR}|under|beneath|below)\s+(?:the\s+tip\s+of\s+)?{POSS}\s+(?:tip\s+of\s+(?:my|your|the)\s+)?(?P<part>nose|chin|forehead|lips|mouth|eyes)\b",
    needs=("nose", "chin", "forehead", "lips", "mouth", "eyes"),
)
def _face(m: re.Match) -> list[Cue]:
    """Nose, chin, forehead, lips: in front of the face, a hand's breadth or less away."""
    prep = " ".join(m.group("prep").split())
    part = m.group("part")
    under = prep in ("under", "beneath", "below")
    away = re.match(_AWAY + r"$", prep) is not None  # "a couple of inches from my chin"
    dist = NEAR_HEAD_M if under or "front" in prep or "off" in prep else NEXT_TO_HEAD_M
    if away:  # a hand's breadth or a few inches off the face
        dist = HAND_GAP_FROM_CHEEK_M
    if part == "forehead":
        dist = TOUCHING_HEAD_M + 0.02
    cues = [Cue("fb", 1.0, m.span(), "strong", distance_m=dist)]
    if part == "chin":
        el = UNDER_CHIN_ELEVATION_DEG if under else CHIN_ELEVATION_DEG
        cues.append(Cue("el", el, m.span()))
    elif part == "forehead":
        cues.append(Cue("el", FOREHEAD_ELEVATION_DEG, m.span()))
    return cues


@_pattern(
    rf"\b(?P<prep>{_AWAY}|{_TOUCH}|{_NEXT}|{_NEAR})\s+{POSS}\s+(?P<side>left|right)\s+cheek\b",
    needs=("cheek",),
)
def _cheek(m: re.Match) -> list[Cue]:
    s = side_value(m.group("side"))
    prep = " ".join(m.group("prep").split())
    if re.match(_AWAY + r"$", prep):  # a hand's breadth (~10 cm) off the cheek
        return [Cue("az", s * CHEEK_AZIMUTH_DEG, m.span(), distance_m=HAND_GAP_FROM_CHEEK_M)]
    return [Cue("az", s * CHEEK_AZIMUTH_DEG, m.span(), distance_m=_touch_distance_m(prep) + 0.05)]
