"""Body and equipment anchors: "a breath on the back of my neck", "a watch against my left
collarbone", "the phone in my hand", "a clip-on mic on my lapel", "the boom mic hanging
above me" -> a direction and a distance.

Each anchor in :data:`ANCHORS` is a point on a seated listener's body or gear, measured
from the centre of the head: ``azimuth_deg`` (for the left one of a pair; the right one
mirrors it; +90 = left), ``elevation_deg`` and ``surface_m`` (how far the surface is from
the head centre). The preposition moves the point:

- touching ("on", "against", "in", "pressed to", "brushing"): at the surface;
- next to ("by", "beside", "at"): :data:`NEXT_TO_EXTRA_M` further;
- near ("near", "close to", "just off", "around", "inches from"): :data:`NEAR_EXTRA_M`;
- below ("under", "beneath", "below"): :data:`BELOW_TILT_DEG` lower, ``NEXT_TO`` further;
  above ("above", "over"): :data:`ABOVE_TILT_DEG` higher, ``NEAR`` further.

The ear, shoulder, foot, knee, hip, face and headphone references that :mod:`.body` reads
win; this table catches the rest. Registered in :data:`PATTERNS`, read by
:mod:`engine.prompt.direction` right after :mod:`.body`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.prompt.cues import Cue, PatternRegistry, side_value
from engine.prompt.lexicon import LISTENER_NOUN

_pattern = PatternRegistry()
#: ``(regex, handler)`` pairs in priority order.
PATTERNS = _pattern.patterns

NEXT_TO_EXTRA_M = 0.05
NEAR_EXTRA_M = 0.1
BELOW_TILT_DEG = 15.0
ABOVE_TILT_DEG = 15.0
#: The back of the neck: behind, a little below the ears.
NAPE_ELEVATION_DEG = -20.0


@dataclass(frozen=True)
class Anchor:
    """A body or gear point; see the module docstring for the frame."""

    words: str
    azimuth_deg: float
    elevation_deg: float
    surface_m: float
    sided: bool = False


ANCHORS: tuple[Anchor, ...] = (
    Anchor(r"forehead|brow|eyebrows?", 0.0, 25.0, 0.12),
    Anchor(r"eyes?|eyelids?", 0.0, 5.0, 0.12),
    Anchor(r"lips|mouth", 0.0, -15.0, 0.12),
    Anchor(r"throat|adam'?s\s+apple|windpipe", 0.0, -50.0, 0.13),
    Anchor(r"nape(?:\s+of\s+(?:my|your)\s+neck)?", 180.0, NAPE_ELEVATION_DEG, 0.14),
    Anchor(r"neck", 0.0, -60.0, 0.15),
    Anchor(r"temples?", 75.0, 15.0, 0.1, sided=True),
    Anchor(r"jaw(?:line)?|jawbone", 60.0, -30.0, 0.12, sided=True),
    Anchor(r"collar\s*bones?|clavicles?", 30.0, -45.0, 0.2, sided=True),
    Anchor(r"collar|lapel|tie|shirt\s+pocket|breast\s+pocket", 20.0, -50.0, 0.25, sided=True),
    Anchor(r"chest|sternum|breastbone|ribs|ribcage", 0.0, -50.0, 0.3),
    Anchor(r"arms|embrace", 0.0, -45.0, 0.35),
    Anchor(r"shoulder\s*blades?", 150.0, -35.0, 0.3, sided=True),
    Anchor(r"stomach|belly|tummy|navel|belt(?:\s+buckle)?|waist", 0.0, -65.0, 0.5),
    Anchor(r"lap|thighs?", 0.0, -60.0, 0.6),
    Anchor(r"knees?|kneecaps?", 20.0, -55.0, 0.75, sided=True),
    Anchor(r"elbow", 90.0, -50.0, 0.45, sided=True),
    Anchor(r"upper\s+arm|forearm|arm|sleeve", 90.0, -35.0, 0.4, sided=True),
    Anchor(r"shoulder", 90.0, -20.0, 0.3, sided=True),
    Anchor(r"hands?|palms?|fingers?|fingertips?|fist", 30.0, -40.0, 0.45, sided=True),
    Anchor(r"wrist", 60.0, -50.0, 0.5, sided=True),
    # a jacket's side pocket hangs at the waist, nearer than a trouser pocket
    Anchor(r"(?:jacket|coat|blazer|hoodie|fleece)\s+pocket", 70.0, -60.0, 0.45, sided=True),
    Anchor(r"(?:trouser|jeans|back)\s+pocket|pocket", 90.0, -70.0, 0.75, sided=True),
    Anchor(r"heels?", 150.0, -65.0, 0.9, sided=True),
    Anchor(r"legs?|shins?|calf|calves", 45.0, -65.0, 0.8, sided=True),
    Anchor(r"ankles?|toes|foot", 60.0, -70.0, 1.1, sided=True),
    Anchor(r"helmet|hood|visor|headset|balaclava|mask", 0.0, 0.0, 0.1),
    Anchor(r"back\s*pack|rucksack|knapsack", 180.0, -20.0, 0.3),
    Anchor(r"head", 0.0, 0.0, 0.12),
    Anchor(r"cap|hat|hat\s+brim|brim", 0.0, 35.0, 0.18),
    Anchor(r"pillow|headrest", 0.0, -20.0, 0.2),
)

_TOUCH = (
    r"(?:(?:nearly\s+|almost\s+|just\s+|right\s+|up\s+)?(?:on|against|touching|brushing|grazing|tickling|kissing|pressed\s+(?:up\s+)?(?:against|to|into|on)|held\s+(?:up\s+)?(?:to|against)|in|into|inside|within|onto|from|from\s+(?:inside|within)|out\s+of|in\s+the\s+crook\s+of|hanging\s+(?:a)?round|hanging\s+(?:from|on|off)|draped\s+(?:a)?round|up|down|along|across"
    r"|(?P<verb>(?:tapp?|touch|brush|strok|patt?|pok|nudg|tickl|kiss|lick|graz|squeez|grabb?|tugg?|rubb?|knead)(?:ing|es|s|ed|s\s+at|ing\s+at)?)))"
)
_NEXT = r"(?:(?:right\s+|just\s+)?(?:by|beside|next\s+to|at|alongside))"
_NEAR = r"(?:(?:very\s+|really\s+|right\s+)?(?:near|close\s+to|close\s+by)|(?:buzzing\s+|flying\s+|circling\s+)?(?:a)?round|orbiting|circling|encircling|(?:just\s+)?off|(?:a\s+few\s+)?(?:inches|centimetres|centimeters|cm)\s+(?:from|off|away\s+from)|hovering\s+(?:by|near|at))"
_BELOW = r"(?:(?:just\s+|right\s+)?(?:under|beneath|below|underneath))"
_ABOVE = r"(?:(?:just\s+|right\s+)?(?:above|over))"
_PREP = rf"(?P<prep>{_BELOW}|{_ABOVE}|{_NEAR}|{_NEXT}|{_TOUCH})"
#: The listener's own body or gear ("the chest" could be a treasure chest).
_MY = rf"(?:(?:my|your|our)(?:\s+own)?|the\s+{LISTENER_NOUN}'?s)"
_PART = "|".join(f"(?P<a{i}>{a.words})" for i, a in enumerate(ANCHORS))
_ANCHOR_RE = (
    rf"\b{_PREP}\s+(?:the\s+(?:(?P<rside>left|right)\s+)?(?P<region>front|side|top|base|tip|back|nape|crook|palm|heel)\s+of\s+)?{_MY}\s+"
    # "in my shirt's breast pocket": the garment worn there
    r"(?:(?:shirt|jacket|coat|blazer|top|hoodie|waistcoat|vest)(?:'s\s+|\s+(?=breast\b)))?"
    rf"(?:(?P<side>left|right)\s+)?(?:{_PART})\b(?!\s*(?:level|height|deep|high|side|sided)\b)"
)


def _shift(prep: str) -> tuple[float, float]:
    """(extra distance m, elevation tilt deg) for a preposition."""
    if re.fullmatch(_BELOW, prep):
        return NEXT_TO_EXTRA_M, -BELOW_TILT_DEG
    if re.fullmatch(_ABOVE, prep):
        return NEAR_EXTRA_M, ABOVE_TILT_DEG
    if re.fullmatch(_NEAR, prep):
        return NEAR_EXTRA_M, 0.0
    if re.fullmatch(_NEXT, prep):
        return NEXT_TO_EXTRA_M, 0.0
    return 0.0, 0.0


@_pattern(rf"\b(?:breath\w*|blow\w*|panting|huffing)\s+down\s+{_MY}\s+(?:neck|back)\b")
def _down_my_neck(m: re.Match) -> list[Cue]:
    """ "breathing down my neck": right behind, at the nape."""
    return [
        Cue("fb", -1.0, m.span(), "strong", distance_m=0.2),
        Cue("el", NAPE_ELEVATION_DEG, m.span()),
    ]


@_pattern(_ANCHOR_RE)
def _anchor(m: re.Match) -> list[Cue]:
    i = next(int(k[1:]) for k, v in m.groupdict().items() if v and re.fullmatch(r"a\d+", k))
    a = ANCHORS[i]
    extra_m, tilt_deg = _shift(" ".join(m.group("prep").split()))
    dist = a.surface_m + extra_m
    el = max(-90.0, min(90.0, a.elevation_deg + tilt_deg))
    # a touch verb stays in the label: "someone tapping my shoulder"
    span = (m.end("verb") if m.group("verb") else m.start(), m.end())
    side = m.group("side")
    if m.group("rside") and m.group("region") == "side" and not a.sided:
        # "the left side of my neck": at that side of a middle point, at ear height or lower
        el = min(el, 0.0) if a.elevation_deg >= NAPE_ELEVATION_DEG else NAPE_ELEVATION_DEG
        return [
            Cue("side", side_value(m.group("rside")), span, distance_m=dist),
            Cue("el", el, span),
        ]
    side = side or m.group("rside")
    if m.group("region") in ("back", "nape") and a.words in (
        "neck",
        "head",
    ):  # "the back of my neck": behind, at that height
        back_el = NAPE_ELEVATION_DEG if a.elevation_deg < NAPE_ELEVATION_DEG else a.elevation_deg
        return [Cue("fb", -1.0, span, "strong", distance_m=dist), Cue("el", back_el, span)]
    if a.sided and side is not None and a.azimuth_deg == 90.0:
        # straight to the side (shoulder, elbow, pocket): "from behind" may still turn it
        return [Cue("side", side_value(side), span, distance_m=dist), Cue("el", el, span)]
    if a.sided and side is not None:
        return [
            Cue("az", side_value(side) * a.azimuth_deg, span, distance_m=dist),
            Cue("el", el, span),
        ]
    if a.azimuth_deg >= 135.0:  # behind: the nape, between the shoulder blades
        return [Cue("fb", -1.0, span, "strong", distance_m=dist), Cue("el", el, span)]
    # a point in the middle (or a pair with no side named): in front, unless the prompt
    # names a side elsewhere ("the phone in my hand, on the left")
    return [Cue("fb", 1.0, span, None, "weak", distance_m=dist), Cue("el", el, span)]
