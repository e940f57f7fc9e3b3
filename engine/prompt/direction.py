"""Direction grammar: words and numbers that say *where* a source is -> azimuth, elevation.

The reader finds *cues* in a phrase (side left/right, front/back, up/down with a strength,
absolute angles from clock positions and degrees, ear and body references) and combines
them:

- one horizontal word gives its axis (left = +90, right = -90, front = 0, behind = 180);
  two give the diagonal (front left = +45, behind right = -135);
- a softening hedge ("slightly left", "just left of centre") turns a side into
  ``SLIGHT_ANGLE_DEG`` off the front/back axis; "left, slightly forward" is 20 deg off the
  side axis instead;
- "above"/"below" alone are the poles (+-90); with a horizontal direction they lift or lower
  it by 45 deg ("up and to the left" = az 90, el 45), "high"/"low" by 30, "slightly" by 20;
- clock positions: 12 = front, 3 = right (-90), 9 = left (+90); degrees: "30 degrees to
  the right" = -30, "120 deg left and 20 up" = az 120, el 20; "az 60 el 15" likewise;
- ear and body references: "into my right ear" (-90, 0.1 m), "over your left shoulder"
  (+135, 20 up), "at your feet" (straight down), "inside my head" (centre, closest);
- "right" before "behind"/"in front"/"above"... means "just" ("right behind me" = 180);
  "behind the fence" counts only when nothing else gives a horizontal direction; stage
  directions are the performer's ("stage left" = the listener's right, noted).

Degrees throughout, SOFA convention (azimuth counter-clockwise, +90 = left).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from engine.geometry import wrap_azimuth_deg
from engine.prompt import lexicon as lx
from engine.prompt.numbers import NUMBER, number_value
from engine.spatial_path import MIN_DISTANCE_M

_SLIGHT = lx.alternation(lx.SLIGHT_HEDGES)
_STRONG = lx.alternation(lx.STRONG_HEDGES)
_HALF = lx.alternation(lx.HALF_HEDGES)
_DET = lx.DET
_POSS = lx.POSSESSIVE
_OBJ = lx.OBJ
_PREP = r"(?:(?:off\s+|out\s+|over\s+|more\s+|further\s+|farther\s+)?(?:to|towards?|on|at|in|from|of|into)\s+)"
#: optional hedge in front of a direction word, captured as ``hedge``
_H = rf"(?:(?P<hedge>{_SLIGHT}|{_STRONG}|{_HALF})\s+(?:{_PREP})?{_DET})?"


def _hn(n: int) -> str:
    """:data:`_H` with its group renamed ``hedge<n>`` (for patterns that use it twice)."""
    return _H.replace("?P<hedge>", f"?P<hedge{n}>")


#: optional hedge after a direction word ("left a bit")
_H2 = rf"(?:,?\s+(?P<hedge2>{_SLIGHT}|a\s+touch|a\s+little\s+bit)(?=\s*$|\s*[,;.]|\s+(?:and|but|please)\b))?"


@dataclass(frozen=True)
class Cue:
    """One piece of direction evidence found at ``span`` (char offsets) of a phrase.

    ``kind``: "side" (value +1 left / -1 right), "fb" (+1 front / -1 back), "center",
    "vert" (+1 up / -1 down, ``strength`` pole/strong/mild), "level" (ear level),
    "az" / "el" (absolute degrees), "deg" (unsigned degrees, side from other cues);
    ``hedge``: "slight", "strong", "half" or None; ``strength``: for "vert" cues how far
    up/down the word goes, "weak" for a horizontal cue used only when nothing else gives one
    ("behind the fence"); ``distance_m``: a distance the words imply (ear references),
    else None; ``note``: an assumption to report ("stage left = your right").
    """

    kind: str
    value: float
    span: tuple[int, int]
    hedge: str | None = None
    strength: str = "strong"
    distance_m: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class DirectionReading:
    """Result of :func:`read_direction`. ``azimuth_deg`` / ``elevation_deg`` are None when
    the phrase gives no horizontal / vertical direction; ``spans`` are the char ranges used."""

    azimuth_deg: float | None
    elevation_deg: float | None
    distance_m: float | None
    spans: tuple[tuple[int, int], ...]
    notes: tuple[str, ...] = ()
    hedged: bool = False

    @property
    def has_direction(self) -> bool:
        return self.azimuth_deg is not None or self.elevation_deg is not None


def _hedge_class(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join(word.split())
    if w in lx.SLIGHT_HEDGES or w in ("a touch", "a little bit"):
        return "slight"
    if w in lx.HALF_HEDGES:
        return "half"
    if w in lx.STRONG_HEDGES:
        return "strong"
    return None


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _hedge_of(m: re.Match) -> str | None:
    return _hedge_class(_g(m, "hedge")) or _hedge_class(_g(m, "hedge2"))


def _side_value(word: str) -> float:
    """+1 for left (or "l"), -1 for right."""
    return 1.0 if word.startswith("l") else -1.0


# ---------------------------------------------------------------- cue patterns
# Each entry: (compiled regex, handler(match) -> list[Cue]). Earlier entries win overlaps.

_Handler = Callable[[re.Match], list[Cue]]
_PATTERNS: list[tuple[re.Pattern, _Handler]] = []


def _pattern(regex: str) -> Callable[[_Handler], _Handler]:
    """Register ``regex`` with the decorated handler (registration order = priority)."""

    def register(fn: _Handler) -> _Handler:
        _PATTERNS.append((re.compile(regex), fn))
        return fn

    return register


_EAR_PREP = r"(?P<prep>in|into|inside|in\s+to|at|by|next\s+to|beside|near|against|close\s+to|up\s+against|above|over|below|beneath|under|behind|in\s+front\s+of)"


@_pattern(
    rf"(?:(?P<hedge>{_SLIGHT}|{_STRONG})\s+)?{_EAR_PREP}\s+{_POSS}\s+(?P<side>left|right)\s+(?:ear|earlobe|temple|cheek)s?\b"
)
def _ear(m: re.Match) -> list[Cue]:
    span = m.span()
    prep = " ".join(m.group("prep").split())
    hedge = _hedge_class(m.group("hedge"))
    cues = [Cue("side", _side_value(m.group("side")), span, None)]
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


@_pattern(
    r"\b(?:(?P<dn>down|up)\s*)?stage\s+(?P<side>left|right)\b|\b(?P<side2>left|right)\s+of\s+(?:the\s+)?stage\b"
)
def _stage(m: re.Match) -> list[Cue]:
    if m.group("side2"):  # "left of the stage": the listener's left
        return [Cue("az", _side_value(m.group("side2")) * 45.0, m.span())]
    # stage directions are the performer's, who faces the audience: stage left = your right
    s = -_side_value(m.group("side"))
    az = 60.0 if m.group("dn") != "down" else 45.0
    return [
        Cue(
            "az",
            s * az,
            m.span(),
            note="stage directions read from the audience (stage left = your right)",
        )
    ]


@_pattern(
    r"\b(?P<p1>\d{1,3})\s*%\s*(?:to\s+the\s+|to\s+)?(?P<s1>left|right|l|r)\b"
    r"|\bpan\s+(?:the\s+\w+\s+)?(?P<p2>\d{1,3})\s*(?P<s2>l|r)\b|\bpanned\s+(?:(?P<p3>\d{1,3})\s*(?P<s3>l|r)|(?P<s4>l|r)\s*(?P<p4>\d{1,3}))\b"
)
def _pan_percent(m: re.Match) -> list[Cue]:
    # a mixer pan position: 100 % = hard left/right, read as a share of 90 deg
    pct = next(float(m.group(g)) for g in ("p1", "p2", "p3", "p4") if m.group(g))
    side = next(m.group(g) for g in ("s1", "s2", "s3", "s4") if m.group(g))
    note = "pan percentage read as a share of 90 degrees (100% = hard left/right)"
    span = (m.start("p2"), m.end("s2")) if m.group("p2") else m.span()
    return [Cue("az", _side_value(side) * 90.0 * min(pct, 100.0) / 100.0, span, note=note)]


@_pattern(r"\b(?:at|in|on|from|to(?:wards?)?)\s+the\s+(?:back|rear)\s+of\s+the\s+stage\b")
def _back_of_stage(m: re.Match) -> list[Cue]:
    # the listener is in the audience: the back of the stage is ahead, further away
    return [
        Cue(
            "az",
            0.0,
            m.span(),
            distance_m=10.0,
            note="the back of the stage read as ahead of the audience",
        )
    ]


@_pattern(rf"\bover\s+{_POSS}\s+(?P<side>left|right)\s+shoulder")
def _over_shoulder(m: re.Match) -> list[Cue]:
    s = _side_value(m.group("side"))
    return [Cue("az", s * 135.0, m.span()), Cue("el", 20.0, m.span())]


@_pattern(rf"\bover\s+{_POSS}\s+shoulder\b")
def _over_shoulder_no_side(m: re.Match) -> list[Cue]:
    # "over my shoulder on the right": behind and a little up; the side comes from elsewhere
    return [Cue("fb", -1.0, m.span()), Cue("el", 20.0, m.span())]


@_pattern(
    r"\b(?:on|at|by|near|next\s+to|beside|around)\s+(?:my|your|his|her|their|the\s+listener's)\s+(?P<side>left|right)\s+(?:shoulder|arm|hand(?!\s*side)|hip|wrist|elbow|thigh|leg)\b"
)
def _at_shoulder(m: re.Match) -> list[Cue]:
    return [Cue("side", _side_value(m.group("side")), m.span(), distance_m=0.5)]


@_pattern(
    rf"\b(?:at|by|near|next\s+to|beside|around|under|behind)\s+{_POSS}\s+(?P<side>left|right)\s+(?P<part>foot|toes|ankle|heel|knee|shin)\b"
)
def _at_foot(m: re.Match) -> list[Cue]:
    s = _side_value(m.group("side"))
    part = m.group("part")
    el = -45.0 if part in ("knee", "shin") else -70.0
    az = 150.0 if part == "heel" or m.group(0).startswith("behind") else 90.0
    return [Cue("az", s * az, m.span()), Cue("el", el, m.span())]


@_pattern(rf"\b(?:on|in|onto|into)\s+{_POSS}\s+lap\b")
def _lap(m: re.Match) -> list[Cue]:
    return [Cue("az", 0.0, m.span(), distance_m=0.4), Cue("el", -60.0, m.span())]


@_pattern(
    rf"\b(?:at|by|around|near|under|beneath|below)\s+{_POSS}\s+feet\b|\bat\s+{_POSS}\s+toes\b"
)
def _feet(m: re.Match) -> list[Cue]:
    return [Cue("vert", -1.0, m.span(), None, "pole")]


@_pattern(
    rf"(?:(?P<hedge>{_SLIGHT}|{_STRONG})\s+)?\b(?:over|above|on\s+top\s+of|on)\s+(?:the\s+)?(?:top\s+of\s+)?{_POSS}\s+head\b|\b(?:crown|top)\s+of\s+{_POSS}\s+head\b"
)
def _over_head(m: re.Match) -> list[Cue]:
    return [Cue("vert", 1.0, m.span(), None, "pole")]


@_pattern(
    rf"\bbehind\s+{_POSS}\s+(?:head|back|neck)\b|\b(?:the\s+)?back\s+of\s+{_POSS}\s+(?:head|neck)\b"
)
def _behind_head(m: re.Match) -> list[Cue]:
    return [Cue("fb", -1.0, m.span(), "strong", distance_m=0.3)]


@_pattern(
    rf"\b(?:right\s+)?(?:inside|in|within)\s+(?:the\s+(?:middle|centre|center)\s+of\s+)?{_POSS}\s+(?:head|skull|brain)\b|\bbetween\s+{_POSS}\s+ears\b"
)
def _in_head(m: re.Match) -> list[Cue]:
    # in-head localisation: the centre of the head, at the closest distance a keyframe allows
    return [Cue("center", 1.0, m.span(), distance_m=MIN_DISTANCE_M), Cue("level", 0.0, m.span())]


@_pattern(rf"\bin\s+(?:front\s+of\s+)?{_POSS}\s+face\b")
def _in_face(m: re.Match) -> list[Cue]:
    return [Cue("fb", 1.0, m.span(), "strong", distance_m=0.3)]


#: "the 4 o'clock news", "at 3 o'clock in the afternoon": a time of day, not a position.
_CLOCK_TIME_AFTER = re.compile(
    r"\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|am|pm|a\.m|p\.m|sharp|tomorrow|today|tonight|yesterday|news|train|bus|flight|meeting|show|appointment|tea|class|lecture|deadline|call|slot|bulletin|chimes?|bells?|whistle|alarm|broadcast)\b"
)


@_pattern(
    rf"\bbetween\s+(?P<h1>{NUMBER})\s+and\s+(?P<h2>{NUMBER})\s+oclock|"
    rf"(?:\bat\s+(?:{_POSS}\s+)?)?\b(?P<n>{NUMBER})\s+oclock(?:\s+position)?(?:\s+(?P<hl>high|low))?|\b(?:at\s+)?(?:{_POSS}\s+)?(?P<six>six)(?=\s*$|\s*[,.;]|\s+(?:and|while|but)\b)|\b(?:at|from)\s+(?:my|your|our)\s+(?P<poss_n>one|two|three|four|five|seven|eight|nine|ten|eleven|twelve|1|2|3|4|5|7|8|9|10|11|12)\b(?!\s*(?:o|:|am|pm|a\.m|p\.m|minutes|seconds|hours|metres|meters|m\b|feet|ft|steps|paces|yards))"
)
def _clock(m: re.Match) -> list[Cue]:
    if m.group("n") and _CLOCK_TIME_AFTER.match(m.string, m.end()):
        return []
    if m.group("h1"):  # "between 1 and 2 o'clock": halfway
        h1, h2 = number_value(m.group("h1")), number_value(m.group("h2"))
        if not (1 <= h1 <= 12 and 1 <= h2 <= 12):
            return []
        d = ((h2 - h1 + 6) % 12) - 6  # the short way round the dial
        return [Cue("az", wrap_azimuth_deg(-30.0 * (h1 + d / 2.0)), m.span())]
    if m.group("poss_n"):
        hour = number_value(m.group("poss_n"))
        return [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())] if 1 <= hour <= 12 else []
    if m.group("six"):
        if not re.search(r"\b(?:my|your|at)\s+six\b", m.group(0)):
            return []
        return [Cue("az", 180.0, m.span())]
    hour = number_value(m.group("n"))
    if not 1 <= hour <= 12.5:
        return []
    cues = [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())]
    if m.group("hl") == "high":
        cues.append(Cue("el", lx.MILD_ELEVATION_DEG, m.span()))
    elif m.group("hl") == "low":
        cues.append(Cue("el", -lx.MILD_ELEVATION_DEG, m.span()))
    return cues


_DEG = r"(?:degrees?|degs?|deg\.)"
_AXIS_WORD = r"(?P<dir>left|right|up|down|above|below|upwards?|downwards?|high|higher|low|lower|elevation|azimuth|behind|in\s+front|ahead|forward|back|rear)"


@_pattern(
    rf"\b(?P<kind>elevation|elevated|elev|el|azimuth|azi|az|raised|tilted\s+up|lowered)\s*(?:[:=]\s*|of\s+|at\s+|by\s+|to\s+)?(?P<sign>-|minus\s+|plus\s+|\+)?(?P<n>{NUMBER})\s*(?:{_DEG})?"
)
def _named_angle(m: re.Match) -> list[Cue]:
    value = number_value(m.group("n"))
    if m.group("sign") and m.group("sign").strip() in ("-", "minus"):
        value = -value
    kind = m.group("kind")
    if kind in ("azimuth", "azi", "az"):
        return [Cue("az", value, m.span())]
    if kind == "lowered":
        value = -value
    return [Cue("el", max(-90.0, min(90.0, value)), m.span())]


@_pattern(
    rf"(?P<sign>-|minus\s+|plus\s+|\+)?\b(?P<n>{NUMBER})\s*{_DEG}\s*(?:of\s+)?(?:(?:off\s+|over\s+)?(?:to|towards?|off|on|in)\s+)?(?:{_DET})?(?:{_AXIS_WORD}\b(?:\s+of\s+(?:cent(?:er|re)|(?:straight\s+)?ahead|the\s+front|front|straight\s+behind|behind|the\s+middle|me|you))?)?"
)
def _degrees(m: re.Match) -> list[Cue]:
    value = number_value(m.group("n"))
    if value > 360:
        return []
    if m.group("sign") and m.group("sign").strip() in ("-", "minus"):
        value = -value
    word = m.group("dir")
    span = m.span()
    tail = m.group(0)
    if word is None:
        if m.group("sign"):
            return [Cue("az", value, span)]
        return [Cue("deg", value, span)]
    word = " ".join(word.split())
    from_behind = bool(re.search(r"of\s+(?:straight\s+)?behind", tail))
    if word in ("left", "right"):
        s = _side_value(word)
        az = 180.0 - value if from_behind else value
        return [Cue("az", s * az, span)]
    if word in ("up", "above", "upward", "upwards", "high", "higher", "elevation"):
        return [Cue("el", max(-90.0, min(90.0, value)), span)]
    if word in ("down", "below", "downward", "downwards", "low", "lower"):
        return [Cue("el", -max(-90.0, min(90.0, value)), span)]
    if word == "azimuth":
        return [Cue("az", value, span)]
    return [Cue("deg", value, span)]


@_pattern(
    rf"\b(?:(?P<n>{NUMBER})\s+)?(?:{_DEG}\s+)?(?P<dir>up|down|higher|lower)\b(?=\s*$|\s*[,;.]|\s+(?:and|from|in|off)\b)"
)
def _number_up(m: re.Match) -> list[Cue]:
    if m.group("n") is None:
        return []
    value = min(90.0, number_value(m.group("n")))
    sign = 1.0 if m.group("dir") in ("up", "higher") else -1.0
    return [Cue("el", sign * value, m.span())]


@_pattern(
    rf"{_H}\b(?P<side>left|right)\s+of\s+(?:the\s+)?(?:cent(?:er|re)|middle|front|straight\s+ahead|ahead)\b"
    rf"|{_hn(2)}\b(?:cent(?:er|re)|middle)\s+(?P<side2>left|right)\b|{_hn(3)}\b(?P<side3>left|right)\s+(?:cent(?:er|re)|of\s+(?:cent(?:er|re)|middle))\b|\boff\s+centre\s+(?:to\s+(?:the|my|your)\s+)?(?P<side4>left|right)\b|\b(?P<side5>left|right)\s+(?:of\s+|and\s+)?off\s+centre\b"
)
def _of_center(m: re.Match) -> list[Cue]:
    side = next(m.group(g) for g in ("side", "side2", "side3", "side4", "side5") if m.group(g))
    hedge = _hedge_class(_first_group(m, "hedge"))
    if hedge == "strong":
        hedge = "half"
    return [
        Cue("side", _side_value(side), m.span(), hedge or "slight"),
        Cue("center", 1.0, m.span()),
    ]


def _first_group(m: re.Match, name: str) -> str | None:
    for key, val in m.groupdict().items():
        if key.startswith(name) and val:
            return val
    return None


# vertical --------------------------------------------------------------------------
_UP_POLE = rf"overhead(?!\s+(?:projector|light|lights|bin|bins|compartment|locker|lockers|cable|cables|line|lines|press|costs?|kick|smash|view|shot|crane))|over\s+head|straight\s+(?:up|above|overhead)|directly\s+(?:above|up|overhead)|right\s+(?:above|overhead)|zenith|top\s+of\s+{_POSS}\s+head|(?:above|over)\s+{_POSS}\s+head(?:s)?"
_UP_STRONG = rf"up(?=\s+and\s+(?:to\s+(?:the|my|your)\s+)?(?:left|right|behind|back|forward|ahead|in\s+front))|above(?:\s+{_OBJ})?|up\s+above|from\s+above|high\s+above|(?:up\s+)?(?:in|on|from|near)\s+the\s+(?:ceiling|sky|roof|rafters|air|rooftops?|attic|loft|treetops?|canopy|clouds)|on\s+the\s+ceiling|through\s+the\s+(?:ceiling|roof)|(?:to|towards?|into)\s+the\s+(?:sky|skies|heavens|clouds)|(?:across|through|into|in|from)\s+the\s+(?:sky|skies|heavens)|(?:on\s+|from\s+)?the\s+(?:floor|storey|story|level|apartment|flat|room|deck)\s+above|skyward|skywards|upstairs|upwards?|up\s+high|high\s+up|way\s+up|up\s+there|up\s+in\s+(?:the|a|an)\s+\w+|up\s+on\s+(?:the|a|an)\s+\w+|over\s+(?:me|you|us)\b|aloft|up\s+top"
_UP_MILD = r"(?<![a-z])up(?=\s+(?:and|to\s+the|on\s+the|left|right|behind|in\s+front|at|a\s+bit|a\s+little|slightly|high|,))|high(?=\s*$|\s*[,;.]|\s+(?:on|to|and|in|at|up|left|right|behind|above|over|overhead|near|off|ahead)\b)|raised|elevated|upper(?!\s+(?:register|case|class|octave|harmonics|frequencies|mids|end|hand|notes|voices|partials|body))|top(?=\s+(?:left|right|front|back|corner))|higher(?!\s+pitch)|above\s+(?:ear|eye|head)\s+(?:level|height)|tilted\s+up|from\s+up"
_DOWN_POLE = r"straight\s+(?:down|below|beneath)|directly\s+(?:below|beneath|under|underneath|down)|right\s+(?:below|beneath|under|underneath)|nadir|under\s+(?:my|your)\s+(?:feet|chair|seat)|beneath\s+(?:my|your)\s+(?:feet|chair|seat)"
_DOWN_STRONG = rf"down(?=\s+and\s+(?:to\s+(?:the|my|your)\s+)?(?:left|right|behind|back|forward|ahead|in\s+front))|below(?:\s+{_OBJ})?|beneath(?:\s+{_OBJ})?|underneath(?:\s+{_OBJ})?|under\s+(?:{_OBJ}|the\s+(?:floor|ground|floorboards|stage|table|bed))|(?:on|from|at|near|along|across|off|to)\s+the\s+(?:floor|ground|carpet)|(?:floor|ground)\s+level|through\s+the\s+(?:floor|floorboards|ground)|(?:on\s+|from\s+)?the\s+(?:floor|storey|story|level|apartment|flat|room|deck)\s+below|downstairs|(?:in|from)\s+the\s+basement|down\s+below|from\s+below|downwards?|way\s+down|down\s+there|down\s+(?:on|at|by|in)\s+the\s+(?:floor|ground)|underground(?!\s+(?:club|music|scene|band|track|artist|hit|rave|party|movement|culture|comic|station|railway))|under\s+foot|underfoot"
_DOWN_MILD = r"(?<![a-z])down(?=\s+(?:and|to\s+the|on\s+the|left|right|in\s+front|behind|low|a\s+bit|a\s+little|slightly|,))|low(?=\s*$|\s*[,;.]|\s+(?:on|to|and|in|at|down|left|right|behind|near|off|ahead|below|beside)\b)|low\s+down|down\s+low|(?<!^)lower(?!\s+(?:pitch|volume|the|it|that|this|them|its|level|gain|register|octave|frequencies|end|case|half|mids|notes|voices))|bottom(?=\s+(?:left|right|front|back|corner))|below\s+(?:ear|eye|head)\s+(?:level|height)|(?:at|around|near)\s+(?:knee|waist|hip|chest|ankle)\s+(?:level|height)|tilted\s+down"


@_pattern(rf"{_H}\b(?:{_UP_POLE})")
def _up_pole(m: re.Match) -> list[Cue]:
    return [Cue("vert", 1.0, m.span(), _hedge_of(m), "pole")]


@_pattern(rf"{_H}\b(?:{_DOWN_POLE})")
def _down_pole(m: re.Match) -> list[Cue]:
    return [Cue("vert", -1.0, m.span(), _hedge_of(m), "pole")]


@_pattern(rf"{_H}\b(?:{_UP_STRONG})")
def _up_strong(m: re.Match) -> list[Cue]:
    if _phrasal_up(m):
        return []
    return [Cue("vert", 1.0, m.span(), _hedge_of(m), "strong")]


@_pattern(rf"{_H}\b(?:{_DOWN_STRONG})")
def _down_strong(m: re.Match) -> list[Cue]:
    return [Cue("vert", -1.0, m.span(), _hedge_of(m), "strong")]


@_pattern(
    r"\b(?:at|around|near|level\s+with)\s+(?:(?:my|your|the)\s+)?(?:ear|eye|head)s?(?:\s+(?:level|height))?\b(?<!\bears)|\bon\s+the\s+horizon\b|\bhorizontal(?:ly)?\b|\bear\s+level\b|\bhead\s+height\b|\beye\s+level\b"
)
def _level(m: re.Match) -> list[Cue]:
    text = m.group(0)
    if not re.search(r"level|height|horizon|horizontal|level\s+with", text):
        return []
    return [Cue("level", 0.0, m.span())]


_UP_VERBS = re.compile(
    r"\b(?:pick|turn|shut|speed|fire|warm|wind|start|set|build|come|hurry|light|open|crank|pump|tune|clean|give|line|back|make|sum|ramp|buck|mix|wake|stand|sit|get|look|show|fill|end|dial|beef|jazz|liven|bring|cheer|run|went|go|goes|grow|grew|blow|blew|blown|mess|screw|heat|power|rev|gear|cover|tidy|dry|hang|hung|call|ring|rang|sign|spice|pipe|speak|add|lit|woke|keep|kept|shot|shoot|break|broke|tear|tore|pile|bottle|lock|patch|warm)(?:s|ed|ing)?\s+(?:it\s+|this\s+|that\s+|them\s+|the\s+\w+\s+)?$"
)


@_pattern(r"(?<![a-z])up(?=\s*$|\s*[,;.!?)])")
def _up_at_end(m: re.Match) -> list[Cue]:
    if _UP_VERBS.search(m.string[: m.start()]):
        return []
    return [Cue("vert", 1.0, m.span(), None, "strong")]


@_pattern(rf"{_H}\b(?:{_UP_MILD})")
def _up_mild(m: re.Match) -> list[Cue]:
    if _phrasal_up(m):
        return []
    return [Cue("vert", 1.0, m.span(), _hedge_of(m), "mild")]


_PHRASAL_UP_VERB = re.compile(
    r"\b(?:creep|sneak|walk|come|coming|came|run|drive|pull|roll|move|step|sidle|crawl|tiptoe|ride|catch|caught|catching|pick|turn|show|shows|showing|line|lining|pipe|piping|fire|firing|warm|warming|speed|speeding|hurry|hurrying)\w*\s+$"
)


def _phrasal_up(m: re.Match) -> bool:
    """ "creeping up behind you", "a bus pulling up on the left": "up" belongs to the verb."""
    return m.group(0).startswith("up") and bool(_PHRASAL_UP_VERB.search(m.string[: m.start()]))


@_pattern(rf"{_H}\b(?:{_DOWN_MILD})")
def _down_mild(m: re.Match) -> list[Cue]:
    text = m.group(0)
    if re.search(r"knee|ankle", text):
        return [Cue("el", -50.0, m.span())]
    if re.search(r"waist|hip", text):
        return [Cue("el", -35.0, m.span())]
    if re.search(r"chest", text):
        return [Cue("el", -20.0, m.span())]
    return [Cue("vert", -1.0, m.span(), _hedge_of(m), "mild")]


# horizontal --------------------------------------------------------------------------
_FRONT = rf"up\s+(?:front|ahead)|opposite\s+(?:me|you|us|the\s+listener)|across\s+from\s+(?:me|you|us)|in\s+front(?:\s+of\s+(?:{_OBJ}|{_POSS}\s+(?:face|nose|eyes|head)))?|(?:the\s+|up\s+)?front(?!\s+of\s+house|\s+(?:door|man|men|woman|women|runner|runners|line|lines|page|desk|end|porch|lawn|yard|garden|gate|teeth|cover|matter|office))|frontal(?:ly)?|ahead(?:\s+of\s+{_OBJ})?|forwards?|before\s+(?:me|you|us)|facing\s+(?:me|you|us)|in\s+the\s+forefront|in\s+view"
_BACK = rf"behind(?!\s+(?:the\s+(?:scenes|times)|schedule))(?:\s+{_OBJ})?(?!\s+(?:the|a|an|that|this|those|some|his|her|their|our)\s+(?!listener|head|player|camera|mic|microphone|audience|crowd|seat|chair|couch|sofa|bench)\w)|(?:the\s+)?rear(?:ward)?(?!\s+admiral)|(?:at|in|from|to|towards?|toward|on)\s+(?:the|my|your)\s+back\b|back(?=\s+(?:left|right|of\s+the\s+room|corner|side|wall|row|centre|center|and\s+(?:to\s+the\s+)?(?:left|right)))|(?<=slightly\s)back\b|(?<=a\sbit\s)back\b|(?<=a\slittle\s)back\b|(?<=left\s)back|(?<=right\s)back|backwards?|in\s+back(?:\s+of\s+{_OBJ})?|at\s+{_POSS}\s+back"


@_pattern(
    r"\bbehind\s+(?:the|a|an|that|this|those|some|his|her|their|our)\s+(?!scenes\b|times\b|listener|head|player|camera|mic|microphone|audience|crowd|seat|chair|couch|sofa|bench)[a-z]+\b"
)
def _behind_object(m: re.Match) -> list[Cue]:
    # "behind the fence": occlusion, not necessarily behind the listener; used only when
    # nothing else gives a horizontal direction.
    return [Cue("fb", -1.0, m.span(), None, "weak")]


@_pattern(rf"{_H}\b(?:{_BACK})\b{_H2}")
def _back(m: re.Match) -> list[Cue]:
    return [Cue("fb", -1.0, m.span(), _hedge_of(m))]


@_pattern(rf"{_H}\b(?:{_FRONT})\b{_H2}")
def _front(m: re.Match) -> list[Cue]:
    return [Cue("fb", 1.0, m.span(), _hedge_of(m))]


@_pattern(
    r"\b(?:dead\s+|right\s+(?:in\s+)?(?:the\s+)?|in\s+the\s+|at\s+the\s+|from\s+the\s+)?(?:cent(?:er|re)(?:ed|d)?|middle)\b(?!\s+(?:of\s+(?:the\s+)?(?:room|hall|field|street|road|forest|city|night)))"
)
def _center(m: re.Match) -> list[Cue]:
    return [Cue("center", 1.0, m.span())]


_INTENSIFIED = r"\s+(?:in\s+front|behind|above|below|beneath|under|underneath|over|overhead|next|beside|by|at|into|in|on|here|there|up|down|near|close|against|inside|between|through|around|across|outside|ahead|after|before|now|away|off|where|along|past|beside|toward|towards|to\s+me|to\s+you|to\s+us|then)\b"
#: "right sound", "right now": nouns and adverbs after which "right" means "correct"/"just".
_NOT_A_SIDE_AFTER = r"\s+(?:now|away|enough|so|then|here|there)\b"
#: "the right sound", "a right old racket": "right" meaning correct / very, whatever comes before.
RIGHT_ADJECTIVE_AFTER = r"\s+(?:sound|sounds|one|ones|thing|things|time|way|moment|answer|amount|tone|choice|balance|note|word|mix|level|feel|vibe|idea|track|take|kind|sort|spot|place\s+(?:for|to)|person|people|version|old|good|proper|royal|mess|racket|stuff|sample|effect|settings?|volume)\b"
_LEFT_VERB_AFTER = r"\s+(?:the|a|an|it|him|her|them|me|us|home|alone|over|out|unattended|open|on|off|running|behind\s+(?:by|in|at))\b"
_SIDE_DET_WORD = re.compile(
    r"\b(?:the|my|your|his|her|their|our|its|to|hard|far|slightly|extreme|front|rear|back|upper|lower|bottom|top|and|or|from|a|dead|full|fully|bit|little|touch|tad|more|mostly|half|way|off|toward|towards|degrees|turn|pan|panned|pans|panning|going|moving|goes|moves)\s+$"
)
_SIDE_DET = re.compile(
    r"(?:\b(?:the|my|your|his|her|their|our|its|to|hard|far|slightly|extreme|front|rear|back|upper|lower|bottom|top|and|or|from|a|dead|full|fully|just|bit|little|touch|tad|more|mostly|half|center|centre|middle|way|off|then|toward|towards|degrees|turn|pan|panned|pans|panning|going|moving|goes|moves)\s*|[,;(]\s*)$"
)


@_pattern(
    rf"{_H}\b(?P<side>left|right)(?:\s*hand(?:ed)?)?(?:\s+(?:hand\s+)?side)?\b(?:\s+of\s+(?:me|you|us|the\s+listener)\b)?{_H2}"
)
def _side(m: re.Match) -> list[Cue]:
    word = m.group("side")
    start = m.start("side")
    before = m.string[:start]
    after = m.string[m.end("side") :]
    if (
        re.search(r"\ball\s+$", before)
        or re.match(_NOT_A_SIDE_AFTER, after)
        and not _SIDE_DET.search(before)
    ):
        return []
    if word == "right" and re.match(RIGHT_ADJECTIVE_AFTER, after):
        return []
    if re.match(
        r"\s+(?:hook|hooks|jab|jabs|uppercut|hander|handers|winger|wingers|wing|wingers?|brain)\b",
        after,
    ):
        return []  # a boxing or football word, not a place
    if (
        "hand" in m.group(0)
        and "side" not in m.group(0)
        and not re.search(r"\b(?:on|to|at|from|in|by)\s+(?:the\s+|my\s+|your\s+)?$", before)
    ):
        return []  # "the left hand piano part"
    if word == "left" and re.match(r"\s+over\b(?!\s+(?:there|here|my|your|the|to|on|by))", after):
        return []  # "left over", "leftover"
    if word == "left" and not _SIDE_DET.search(before) and re.match(_LEFT_VERB_AFTER, after):
        return []
    # "right behind me", ", right next to you": "right" means "just" unless a word such as
    # "the", "to", "hard" makes it a side
    if word == "right" and not _SIDE_DET_WORD.search(before) and re.match(_INTENSIFIED, after):
        return []  # "right behind me": "right" means "just"
    return [Cue("side", _side_value(word), m.span(), _hedge_of(m))]


# ---------------------------------------------------------------- combining


_NEGATED = re.compile(
    r"\bneither\s+(?:on\s+|to\s+)?(?:the\s+|my\s+|your\s+)?(?:left|right|front|behind|back|above|below)\s+nor\s+(?:on\s+|to\s+)?(?:the\s+|my\s+|your\s+)?(?:left|right|front|behind|back|above|below)\b|"
    r"\b(?:not|never|nor|rather\s+than|instead\s+of|anywhere\s+but)\s+(?:on\s+|to\s+|at\s+|from\s+|in\s+|coming\s+from\s+)?(?:the\s+|my\s+|your\s+)?(?:left|right|front|behind|back|rear|above|below|overhead|ahead)(?:\s+(?:side|hand\s+side|of\s+(?:me|you)))?\b"
)


def blank_negated(text: str) -> str:
    """Blank out negated directions ("to the right, not the left" -> only the right counts).

    The text keeps its length so char spans stay valid.
    """
    return _NEGATED.sub(lambda m: " " * len(m.group(0)), text)


_CORRECTION = re.compile(
    r"(?:(?:^|[.!?,;]\s*)no[,!.](?=\s)|\.\.\.\s*no\b)|\b(?:no\s+wait|no,?\s+actually|actually,?\s+(?:make\s+(?:it|that)|put\s+it)|i\s+mean|sorry|correction|make\s+that|scratch\s+that|or\s+rather|change\s+(?:it|that)\s+to|(?<!right\s)(?:is|are|it'?s|but)\s+now|(?<!right\s)now\s+(?:it'?s|on|at|to|in|behind|above|below))\b"
)


def blank_corrected(text: str) -> str:
    """Blank out directions the writer took back ("on the left... no wait, on the right").

    Direction cues before the last correction marker are replaced by spaces when the text
    after it names a direction; the text keeps its length.
    """
    marks = list(_CORRECTION.finditer(text))
    if not marks:
        return text
    cut = marks[-1].end()
    if not find_cues(text[cut:]):
        return text
    chars = list(text)
    for cue in find_cues(text[: marks[-1].start()]):
        a, b = cue.span
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def find_cues(text: str) -> list[Cue]:
    """All direction cues in ``text`` (normalised), earlier patterns winning overlaps."""
    taken: list[tuple[int, int]] = []
    cues: list[Cue] = []
    for regex, handler in _PATTERNS:
        for m in regex.finditer(text):
            if m.end() == m.start():
                continue
            span = m.span()
            if any(span[0] < b and a < span[1] for a, b in taken):
                continue
            found = handler(m)
            if not found:
                continue
            taken.append(span)
            cues.extend(found)
    cues.sort(key=lambda c: c.span[0])
    return cues


def combine(cues: list[Cue], *, assume_azimuth: bool = False) -> DirectionReading:
    """Turn cues into one direction (see the module docstring for the rules).

    ``assume_azimuth``: read "above"/"below" as lifting a horizontal direction given
    elsewhere (45 deg) rather than as the poles.
    """
    notes: list[str] = [c.note for c in cues if c.note]
    spans = tuple(sorted({c.span for c in cues}))
    dist = next((c.distance_m for c in cues if c.distance_m is not None), None)
    hedged = any(c.hedge == "slight" for c in cues)
    if not cues:
        return DirectionReading(None, None, dist, spans)

    az_abs = [c for c in cues if c.kind == "az"]
    el_abs = [c for c in cues if c.kind == "el"]
    deg = [c for c in cues if c.kind == "deg"]
    sides = [c for c in cues if c.kind == "side"]
    fbs = [c for c in cues if c.kind == "fb"]
    if any(c.strength != "weak" for c in sides + fbs) or any(c.kind in ("az", "deg") for c in cues):
        fbs = [c for c in fbs if c.strength != "weak"]
    centers = [c for c in cues if c.kind == "center"]
    verts = [c for c in cues if c.kind == "vert"]
    level = any(c.kind == "level" for c in cues)

    if len({c.value for c in sides}) > 1:
        notes.append("both left and right named; used the first")
    if len({c.value for c in fbs}) > 1:
        notes.append("both front and behind named; used the first")
    side = sides[0] if sides else None
    fb = fbs[0] if fbs else None

    az: float | None
    if az_abs:
        az = az_abs[0].value
    elif deg:
        n = deg[0].value
        if side is not None:
            az = side.value * (180.0 - n if fb is not None and fb.value < 0 else n)
        elif fb is not None and fb.value < 0:
            az = 180.0 - n
            notes.append(f"{n:g} degrees with no side named; assumed to the left of behind")
        else:
            az = n
            notes.append(
                f"{n:g} degrees with no side named; read as azimuth (counter-clockwise, + = left)"
            )
    elif side is not None or fb is not None:
        az = _horizontal(side, fb)
    elif centers:
        az = 0.0
    else:
        az = None

    el: float | None
    if el_abs:
        el = el_abs[0].value
    elif verts:
        # the strongest vertical word wins ("high overhead" is overhead)
        rank = {"pole": 0, "strong": 1, "mild": 2}
        v = min(verts, key=lambda c: (rank.get(c.strength, 3), c.span[0]))
        el = v.value * _vertical_magnitude(
            v,
            has_azimuth=assume_azimuth
            or (
                az is not None
                and not (fb is None and side is None and not az_abs and not deg and centers)
            ),
        )
        if len({c.value for c in verts}) > 1:
            notes.append("both up and down named; used the first")
    elif level:
        el = 0.0
    else:
        el = None
    if az is None and el is not None and abs(el) < 89.9:
        az = 0.0
    if az is not None:
        az = wrap_azimuth_deg(az)
    return DirectionReading(az, el, dist, spans, tuple(notes), hedged)


def _horizontal(side: Cue | None, fb: Cue | None) -> float:
    if side is None:
        assert fb is not None
        return 0.0 if fb.value > 0 else 180.0
    s = side.value
    if fb is None:
        if side.hedge == "slight":
            return s * lx.SLIGHT_ANGLE_DEG
        if side.hedge == "half":
            return s * 45.0
        return s * 90.0
    axis = 0.0 if fb.value > 0 else 180.0
    if side.hedge == "slight" and fb.hedge != "slight":
        off = lx.SLIGHT_ANGLE_DEG
    elif fb.hedge == "slight" and side.hedge != "slight":
        off = 90.0 - lx.SLIGHT_ANGLE_DEG
    elif side.hedge == "strong" and fb.hedge != "strong":
        off = 90.0 - lx.SLIGHT_ANGLE_DEG
    elif fb.hedge == "strong" and side.hedge != "strong":
        off = lx.SLIGHT_ANGLE_DEG
    else:
        off = 45.0
    return s * off if axis == 0.0 else s * (180.0 - off)


def _vertical_magnitude(v: Cue, *, has_azimuth: bool) -> float:
    if v.hedge == "slight" and v.strength != "pole":  # "just overhead" is still overhead
        return lx.SLIGHT_ELEVATION_DEG
    if v.strength == "pole":
        if v.hedge == "strong" or not has_azimuth:
            return 90.0
        return lx.POLE_ELEVATION_WITH_AZIMUTH_DEG
    if v.strength == "strong":
        if v.hedge == "strong" and not has_azimuth:
            return 90.0
        return lx.STRONG_ELEVATION_WITH_AZIMUTH_DEG if has_azimuth else 90.0
    if v.hedge == "strong":
        return 60.0
    return lx.MILD_ELEVATION_DEG


@lru_cache(maxsize=8192)
def read_direction(text: str, *, assume_azimuth: bool = False) -> DirectionReading:
    """Direction named in a normalised phrase; azimuth/elevation None where not named.

    ``assume_azimuth``: see :func:`combine`.
    """
    return combine(find_cues(text), assume_azimuth=assume_azimuth)
