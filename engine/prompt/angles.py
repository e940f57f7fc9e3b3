"""Numbers and named positions: clock hours ("at 2 o'clock", "between 1 and 2 o'clock"),
degrees ("30 degrees to the right", "az 60 el 15"), mixer pan positions ("30L"), stage
directions ("stage left" = the listener's right) and "left of centre" -> direction cues.

Degrees, engine convention (+90 = left). Registered in :data:`PATTERNS`, read by
:mod:`engine.prompt.direction` after the body references and before the words.
"""

from __future__ import annotations

import re

import numpy as np

from engine.geometry import vector_to_angles, wrap_azimuth_deg
from engine.prompt import lexicon as lx
from engine.prompt.cues import (
    DET,
    HEDGE,
    POSS,
    Cue,
    PatternRegistry,
    hedge_class,
    hedge_group,
    side_value,
)
from engine.prompt.numbers import NUMBER, number_value

_pattern = PatternRegistry()
#: ``(regex, handler)`` pairs in priority order.
PATTERNS = _pattern.patterns


@_pattern(
    r"\b(?:(?P<dn>down|up)\s*)?stage\s+(?P<side>left|right)\b|\b(?P<side2>left|right)\s+of\s+(?:the\s+)?stage\b"
)
def _stage(m: re.Match) -> list[Cue]:
    if m.group("side2"):  # "left of the stage": the listener's left
        return [Cue("az", side_value(m.group("side2")) * 45.0, m.span())]
    # stage directions are the performer's, who faces the audience: stage left = your right
    s = -side_value(m.group("side"))
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
    return [Cue("az", side_value(side) * 90.0 * min(pct, 100.0) / 100.0, span, note=note)]


@_pattern(
    r"\b(?:at|in|on|from|to(?:wards?)?)\s+the\s+(?:back|rear)\s+of\s+the\s+stage\b",
    needs=("stage",),
)
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


#: "the 4 o'clock news", "at 3 o'clock in the afternoon": a time of day, not a position.
_CLOCK_TIME_AFTER = re.compile(
    r"\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|am|pm|a\.m|p\.m|sharp|tomorrow|today|tonight|yesterday|news|train|bus|flight|meeting|show|appointment|tea|class|lecture|deadline|call|slot|bulletin|chimes?|bells?|whistle|alarm|broadcast)\b"
)


#: "goes off at 7", "starts at 9": a time of day follows.
_TIME_VERB_BEFORE = re.compile(
    r"\b(?:starts?|started|begins?|began|ends?|ended|stops?|stopped|drops?|dropped|kicks?\s+in|"
    r"comes?\s+in|goes\s+off|go\s+off|went\s+off|rings|rang|chimes|chimed|strikes|struck|plays|"
    r"played|happens|arrives?|leaves|left|opens|closes|fires|triggers|hits|sounds|sounded|due|"
    r"scheduled|set|wakes?|woke|meet|alarm|news|train|bus|flight|lunch|dinner|breakfast|tonight|"
    r"today|tomorrow|meeting|appointment|class|show)(?:\s+\w+)?\s+$"
)
_HOUR = r"one|two|three|four|five|seven|eight|nine|ten|eleven|twelve|six|1[0-2]|[1-9]"


@_pattern(
    rf"\bbetween\s+(?P<h1>{NUMBER})\s+and\s+(?P<h2>{NUMBER})\s+oclock|"
    rf"(?:\bat\s+(?:{POSS}\s+)?)?\b(?P<n>{NUMBER})\s+oclock(?:\s+position)?(?:\s+(?P<hl>high|low))?|\b(?:at\s+)?(?:{POSS}\s+)?(?P<six>six)(?:\s+(?P<sixhl>high|low)\b)?(?=\s*$|\s*[,.;!?\x22\x27\u201d\u2019)-]|\s+(?:and|while|but|high|low)\b)|\bcheck\s+(?:(?:my|your|our)\s+)?(?P<check>six|6)\b(?:,?\s+(?P<chl>high|low)\b)?|(?:\b(?:at|from|on)\s+|(?<=[,;-]\s))(?:my|your|our|the\s+(?:listener|player|viewer|pilot|character|camera|hero)'?s)\s+(?P<poss_n>one|two|three|four|five|seven|eight|nine|ten|eleven|twelve|1|2|3|4|5|6|7|8|9|10|11|12)\b(?![\s-]*thirty\b)(?!\s*(?:o|:|am|pm|a\.m|p\.m|minutes|seconds|hours|metres|meters|m\b|feet|ft|steps|paces|yards))(?:,?\s+(?P<phl>high|low)\b)?"
    rf"|\b(?:at\s+)?half\s+past\s+(?P<hp>{_HOUR})\b"
    rf"|\b(?:at\s+)?(?:a\s+)?quarter\s+(?P<qd>past|to)\s+(?P<qh>{_HOUR})\b"
    rf"|\bat\s+(?P<bare2>{_HOUR})(?=\s*$|\s*[;]|\s*\.(?!\d)|\s*,\s*(?:very\s+|quite\s+|fairly\s+|really\s+)?(?:close|near|nearby|far|distant)\s*(?:$|[,.;]))"
    rf"|\bat\s+(?:(?:my|your|our)\s+)?(?P<thirty>{_HOUR})[\s-]+thirty(?=\s*$|\s*[;,]|\s*\.(?!\d))"
    rf"|\bat\s+(?P<bare>{_HOUR})(?=\s*,?\s*(?P<bhl>high|low)\b|\s*,\s*\d+(?:\.\d+)?\s*(?:m|km|metres?|meters?|yards?|feet|ft)\b)",
    needs=("oclock", "six", "check", "my", "our", "half", "at", "quarter"),
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
        if not 1 <= hour <= 12:
            return []
        cues = [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())]
        if m.group("phl"):  # "at our twelve, high"
            sign = 1.0 if m.group("phl") == "high" else -1.0
            cues.append(Cue("el", sign * lx.MILD_ELEVATION_DEG, m.span()))
        return cues
    if m.group("bare2"):  # "a wind chime at 11": a clock position unless a time is meant
        if _TIME_VERB_BEFORE.search(m.string[: m.start()]):
            return []  # "the alarm goes off at 7"
        hour = number_value(m.group("bare2"))
        note = f"'at {m.group('bare2')}' read as a clock position ({hour:g} o'clock), not a time"
        return [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span(), note=note)]
    if m.group("thirty"):  # "the gong sits at ten thirty": half past on the dial
        if _TIME_VERB_BEFORE.search(m.string[: m.start()]):
            return []
        hour = number_value(m.group("thirty")) + 0.5
        return [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())]
    if m.group("hp") or m.group("bare") or m.group("qh"):
        # "half past one", "quarter to twelve", "at eleven, 200 metres"
        if _CLOCK_TIME_AFTER.match(m.string, m.end()):
            return []
        quarter = 0.25 if m.group("qd") == "past" else -0.25 if m.group("qd") else 0.0
        hour = number_value(m.group("hp") or m.group("bare") or m.group("qh"))
        hour += (0.5 if m.group("hp") else 0.0) + quarter
        cues = [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())]
        if m.group("bhl"):
            sign = 1.0 if m.group("bhl") == "high" else -1.0
            cues.append(Cue("el", sign * lx.MILD_ELEVATION_DEG, m.span()))
        return cues
    if m.group("check"):  # "check six": look behind you; "check six high"
        cues = [Cue("az", 180.0, m.span())]
        if m.group("chl"):
            sign = 1.0 if m.group("chl") == "high" else -1.0
            cues.append(Cue("el", sign * lx.MILD_ELEVATION_DEG, m.span()))
        return cues
    if m.group("six"):
        if not re.search(r"\b(?:my|your|our|at)\s+six\b", m.group(0)):
            return []
        cues = [Cue("az", 180.0, m.span())]
        if m.group("sixhl"):  # "at our six high"
            sign = 1.0 if m.group("sixhl") == "high" else -1.0
            cues.append(Cue("el", sign * lx.MILD_ELEVATION_DEG, m.span()))
        return cues
    hour = number_value(m.group("n"))
    if not 1 <= hour <= 12.5:
        return []
    cues = [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())]
    if m.group("hl") == "high":
        cues.append(Cue("el", lx.MILD_ELEVATION_DEG, m.span()))
    elif m.group("hl") == "low":
        cues.append(Cue("el", -lx.MILD_ELEVATION_DEG, m.span()))
    return cues


@_pattern(
    rf"(?:^|(?<=[,;:]\s))\s*(?:check\s+)?(?:(?:my|your|our)\s+)?(?P<h>{_HOUR})(?:,?\s+(?P<hl>high|low|level)(?=\s*(?:$|[,.;:!?\x22\x27\u201d\u2019)-])))?"
    rf"|\bcheck\s+(?:my|your|our)\s+(?P<h2>{_HOUR})\b(?:,?\s+(?P<hl2>high|low|level)\b)?",
    needs=("high", "low", "level", "check"),
)
def _call_out_hour(m: re.Match) -> list[Cue]:
    """ "check your four, low", "nine low, in the reeds": a pilot's call-out of a clock hour."""
    if m.group("h") and not (m.group("hl") or m.group(0).lstrip().startswith("check")):
        return []  # a bare number opening a prompt ("two dogs barking") is no call-out
    hour = number_value(m.group("h") or m.group("h2"))
    hl = m.group("hl") or m.group("hl2")
    cues = [Cue("az", wrap_azimuth_deg(-30.0 * hour), m.span())]
    if hl in ("high", "low"):
        sign = 1.0 if hl == "high" else -1.0
        cues.append(Cue("el", sign * lx.MILD_ELEVATION_DEG, m.span()))
    elif hl == "level":
        cues.append(Cue("el", 0.0, m.span()))
    return cues


_DEG = r"(?:degrees?|degs?|deg\.)"
_AXIS_WORD = r"(?P<dir>left|right|up|down|above|below|upwards?|downwards?|high|higher|low|lower|elevation|azimuth|behind|in\s+front|front|ahead|forward|back|rear)"
#: "tilted 30 degrees towards the front", "30 degrees toward my left": a turn away from a
#: pole named elsewhere ("above me, ...") rather than from the front.
_TILT_BEFORE = re.compile(r"\b(?:tilted|tipped|leaning|angled|turned|rotated)\s+(?:by\s+)?$")


#: Unit vectors (x front, y left, z up) of the axis and turn words of "N degrees forward
#: from directly right", "10 degrees behind directly right", "halfway between behind and left".
_AXIS_VEC = {
    "front": (1.0, 0.0, 0.0), "ahead": (1.0, 0.0, 0.0), "forward": (1.0, 0.0, 0.0),
    "forwards": (1.0, 0.0, 0.0), "back": (-1.0, 0.0, 0.0), "backward": (-1.0, 0.0, 0.0),
    "backwards": (-1.0, 0.0, 0.0), "behind": (-1.0, 0.0, 0.0), "rear": (-1.0, 0.0, 0.0),
    "left": (0.0, 1.0, 0.0), "right": (0.0, -1.0, 0.0), "up": (0.0, 0.0, 1.0),
    "upward": (0.0, 0.0, 1.0), "upwards": (0.0, 0.0, 1.0), "above": (0.0, 0.0, 1.0),
    "overhead": (0.0, 0.0, 1.0), "down": (0.0, 0.0, -1.0), "downward": (0.0, 0.0, -1.0),
    "downwards": (0.0, 0.0, -1.0), "below": (0.0, 0.0, -1.0),
}  # fmt: skip
_TURN = (
    r"forwards?|front|ahead|back(?:wards?)?|rear|behind|up(?:wards?)?|down(?:wards?)?|left|right"
)
_AXIS_REF = (
    r"(?:the\s+)?(?:(?P<q>directly|straight|dead|due|hard)\s+)?"
    r"(?P<ax>left|right|front|ahead|behind|back|rear|up|down|above|below|overhead)\b"
    r"(?!\s+(?:of|side|hand|shoulder|ear|foot|knee|speaker|wall|door|window|corner|row|seat))"
)


def _turned(axis: str, toward: str, deg: float, span: tuple[int, int]) -> list[Cue]:
    """Cues for the direction ``deg`` away from ``axis`` toward ``toward`` (words of _AXIS_VEC)."""
    a = np.array(_AXIS_VEC[axis])
    d = np.array(_AXIS_VEC[toward.split()[-1]])
    perp = d - float(d @ a) * a
    if np.linalg.norm(perp) < 1e-6:
        return []
    rad = np.radians(min(180.0, deg))
    az, el = vector_to_angles(np.cos(rad) * a + np.sin(rad) * perp / np.linalg.norm(perp))
    cues = [] if abs(float(el)) > 89.0 else [Cue("az", float(az), span)]
    if abs(float(el)) > 0.5 or axis in ("up", "above", "overhead", "down", "below"):
        cues.append(Cue("el", float(el), span))
    return cues


@_pattern(
    rf"\b(?P<n>{NUMBER})\s*{_DEG}\s+(?:(?:towards?|to)\s+(?:the\s+)?)?(?:(?P<d>{_TURN})\s+)?"
    rf"(?:from|off|of)\s+{_AXIS_REF}(?:,?\s+(?:towards?|to)\s+(?:the\s+)?(?P<d2>{_TURN})\b)?"
    rf"|\b(?P<n2>{NUMBER})\s*{_DEG}\s+(?P<rel>behind|in\s+front\s+of|forward\s+of|ahead\s+of|above|below)\s+"
    r"(?:the\s+)?(?P<q2>directly|straight|dead|due|hard)\s+(?P<ax2>left|right|front|ahead|behind|back|up|down|overhead)\b",
    needs=("deg",),
)
def _from_an_axis(m: re.Match) -> list[Cue]:
    """ "20 degrees forward from directly right", "10 degrees behind directly right",
    "30 degrees from straight up toward the back": a turn away from a named axis."""
    if m.group("n2"):
        rel = m.group("rel").split()[0]
        toward = {"in": "front", "forward": "front", "ahead": "front"}.get(rel, rel)
        return _turned(m.group("ax2"), toward, number_value(m.group("n2")), m.span())
    toward = m.group("d") or m.group("d2")
    if toward is None:
        return []
    if not m.group("q") and m.group("ax") in ("front", "ahead"):
        return []  # "30 degrees left of the front": the ordinary angle reading
    return _turned(m.group("ax"), toward, number_value(m.group("n")), m.span())


@_pattern(
    r"\b(?:exactly\s+|right\s+|about\s+)?(?:halfway|half-way|half\s+way|midway)\s+between\s+(?:the\s+)?"
    r"(?P<a>front|ahead|behind|back|rear|left|right|above|below|overhead)\s+and\s+(?:the\s+)?"
    r"(?P<b>front|ahead|behind|back|rear|left|right|above|below|overhead)\b",
    needs=("way", "between"),
)
def _halfway_between(m: re.Match) -> list[Cue]:
    """ "exactly halfway between behind and left": the bisector of two axes."""
    a, b = m.group("a"), m.group("b")
    if float(np.array(_AXIS_VEC[a]) @ np.array(_AXIS_VEC[b])) < -0.5:
        return []  # "halfway between left and right" is the front or the back: not known here
    return _turned(a, b, 45.0, m.span())


@_pattern(
    rf"\b(?P<dir>above|below|under)\s+the\s+horizon(?:\s+by)?\s+(?P<n>{NUMBER})\s*{_DEG}",
    needs=("horizon",),
)
def _from_horizon(m: re.Match) -> list[Cue]:
    value = min(90.0, number_value(m.group("n")))
    return [Cue("el", value if m.group("dir") == "above" else -value, m.span())]


@_pattern(
    rf"\b(?P<n>{NUMBER})\s*{_DEG}\s+(?:(?P<dir>back(?:wards?)?|forwards?|to\s+the\s+front|front|to\s+the\s+(?:left|right)|left|right|towards?\s+(?:the\s+)?(?:front|back|rear|left|right))\s+)?"
    r"(?:off|from|away\s+from)\s+(?:the\s+)?(?P<pole>vertical|straight\s+(?:up|down)|directly\s+(?:above|overhead|below)|zenith|nadir|overhead|straight\s+overhead)\b"
    # "30 degrees off vertical toward the back": the lean named after the pole
    r"(?:,?\s+(?:towards?|to)\s+(?:the\s+)?(?P<dir2>back|rear|front|left|right)\b)?",
    needs=("vertical", "straight", "directly", "zenith", "nadir", "overhead"),
)
def _from_the_pole(m: re.Match) -> list[Cue]:
    """ "30 degrees back from straight up", "45 degrees off vertical": away from a pole."""
    n = min(90.0, number_value(m.group("n")))
    down = re.search(r"down|below|nadir", m.group("pole")) is not None
    if m.group("pole") == "vertical":  # "from below, 30 degrees off vertical": the lower pole
        before = m.string[max(0, m.start() - 40) : m.start()]
        down = re.search(r"\b(?:below|beneath|under(?:neath)?|down)\b", before) is not None
    cues = [Cue("el", -(90.0 - n) if down else 90.0 - n, m.span())]
    d = m.group("dir") or m.group("dir2") or ""
    if re.search(r"back|rear", d):
        cues.append(Cue("az", 180.0, m.span()))
    elif re.search(r"front|forward", d):
        cues.append(Cue("az", 0.0, m.span()))
    elif re.search(r"left|right", d):
        cues.append(Cue("az", 90.0 * side_value("left" if "left" in d else "right"), m.span()))
    return cues


@_pattern(
    rf"\b(?P<dir>up|down|upwards?|downwards?|higher|lower)\s+(?:by\s+)?(?:(?:about|around|roughly|some|approximately|approx\.?|maybe|perhaps|nearly|almost|say)\s+)?(?P<n>{NUMBER})(?:\s*{_DEG}|(?=\s*$|\s*[,;]))",
    needs=("up", "down", "higher", "lower"),
)
def _up_by_degrees(m: re.Match) -> list[Cue]:
    """ "behind me, up 40 degrees": an elevation."""
    value = min(90.0, number_value(m.group("n")))
    sign = 1.0 if m.group("dir").startswith(("up", "higher")) else -1.0
    return [Cue("el", sign * value, m.span())]


#: "slightly behind the right side": off the side axis towards the back or the front.
OFF_SIDE_SLIGHT_DEG = 20.0
OFF_SIDE_DEG = 30.0


@_pattern(
    r"(?<!degrees\s)(?<!degree\s)(?<!degs\s)(?<!deg\s)\b(?:(?P<hedge>slightly|a\s+bit|a\s+little|a\s+touch|just)\s+)?(?P<rel>behind|in\s+front\s+of|forward\s+of|ahead\s+of|aft\s+of)\s+(?:the|my|your)\s+(?P<side>left|right)(?:\s+side)?\b(?!\s+(?:of|shoulder|ear|hand|foot|knee|speaker|wall|door|window))",
    needs=("left", "right"),
)
def _off_the_side(m: re.Match) -> list[Cue]:
    off = OFF_SIDE_SLIGHT_DEG if m.group("hedge") else OFF_SIDE_DEG
    s = side_value(m.group("side"))
    back = m.group("rel").startswith(("behind", "aft"))
    return [Cue("az", s * (90.0 + off if back else 90.0 - off), m.span())]


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
    rf"(?P<sign>-|minus\s+|plus\s+|\+)?\b(?P<n>{NUMBER})\s*{_DEG}\s*(?:of\s+)?(?:(?:off\s+|over\s+|round\s+|around\s+)?(?:to|towards?|off|on|in)\s+)?(?:{DET})?(?:{_AXIS_WORD}\b(?:\s+of\s+(?:(?:dead\s+)?cent(?:er|re)|(?:straight\s+)?ahead|the\s+front|front|(?:straight\s+|dead\s+)?behind|the\s+(?:rear|back)|the\s+middle|the\s+side|me|you))?)?"
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
    tilt = bool(re.search(r"\btoward", tail) or _TILT_BEFORE.search(m.string[: m.start()]))
    from_behind = bool(
        re.search(r"of\s+(?:straight\s+|dead\s+)?(?:behind|the\s+rear|the\s+back)", tail)
    )
    from_front = bool(re.search(r"of\s+(?:straight\s+ahead|the\s+front|front|ahead)", tail))
    if word in ("left", "right"):
        s = side_value(word)
        if re.search(
            r"\b(?:off|from)\s+(?:the\s+|my\s+|your\s+)?(?:left|right)$", tail
        ) and re.match(r"\s+(?:hand\s+)?side\b", m.string[m.end() :]):
            # "30 degrees off the left side": from the side axis, towards the hemisphere
            # named elsewhere (the front when none is)
            return [Cue("az", s * value, span, toward="side-axis")]
        if from_behind:
            return [Cue("az", s * (180.0 - value), span)]
        # measured from the front unless a hemisphere word elsewhere says otherwise
        toward = None if from_front else "tilt-side" if tilt else "side"
        return [Cue("az", s * value, span, toward=toward)]
    if word in ("up", "above", "upward", "upwards", "high", "higher", "elevation"):
        return [Cue("el", max(-90.0, min(90.0, value)), span)]
    if word in ("down", "below", "downward", "downwards", "low", "lower"):
        return [Cue("el", -max(-90.0, min(90.0, value)), span)]
    if word == "azimuth":
        return [Cue("az", value, span)]
    toward = "front" if word in ("in front", "front", "ahead", "forward") else "back"
    return [Cue("deg", value, span, toward=("tilt-" if tilt else "") + toward)]


@_pattern(
    rf"\b(?:(?P<n>{NUMBER})\s+)?(?:{_DEG}\s+)?(?P<dir>up|down|higher|lower)\b(?=\s*$|\s*[,;.!?-]|\s+(?:and|from|in|off)\b)"
)
def _number_up(m: re.Match) -> list[Cue]:
    if m.group("n") is None:
        return []
    value = min(90.0, number_value(m.group("n")))
    sign = 1.0 if m.group("dir") in ("up", "higher") else -1.0
    return [Cue("el", sign * value, m.span())]


@_pattern(
    rf"{HEDGE}\b(?P<side>left|right)\s+of\s+(?:the\s+)?(?:cent(?:er|re)|middle|front|straight\s+ahead|ahead)\b"
    rf"|{hedge_group(2)}\b(?:cent(?:er|re)|middle)\s+(?P<side2>left|right)\b|{hedge_group(3)}\b(?P<side3>left|right)\s+(?:cent(?:er|re)|of\s+(?:cent(?:er|re)|middle))\b|\boff\s+centre\s+(?:to\s+(?:the|my|your)\s+)?(?P<side4>left|right)\b|\b(?P<side5>left|right)\s+(?:of\s+|and\s+)?off\s+centre\b",
    needs=("cent", "middle", "front", "ahead"),
)
def _of_center(m: re.Match) -> list[Cue]:
    side = next(m.group(g) for g in ("side", "side2", "side3", "side4", "side5") if m.group(g))
    hedge = hedge_class(_first_group(m, "hedge"))
    if hedge == "strong":
        hedge = "half"
    return [
        Cue("side", side_value(side), m.span(), hedge or "slight"),
        Cue("center", 1.0, m.span()),
    ]


def _first_group(m: re.Match, name: str) -> str | None:
    for key, val in m.groupdict().items():
        if key.startswith(name) and val:
            return val
    return None
