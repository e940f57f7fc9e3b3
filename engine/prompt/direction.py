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

Ear and body references live in :mod:`.body`, numbers and named positions (clock,
degrees, pan, stage) in :mod:`.angles`; this module holds the plain direction words, the
order in which all patterns are tried, and the rules that combine the cues; directions the
writer took back are blanked first by :mod:`.corrections`.

Degrees throughout, SOFA convention (azimuth counter-clockwise, +90 = left).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from engine.geometry import wrap_azimuth_deg
from engine.prompt import anchors, angles, body
from engine.prompt import lexicon as lx
from engine.prompt.cues import (
    HEDGE,
    HEDGE_AFTER,
    NEEDS,
    OBJ,
    POSS,
    SLIGHT,
    Cue,
    PatternRegistry,
    hedge_class,
    hedge_of,
    side_value,
)


@dataclass(frozen=True)
class DirectionReading:
    """Result of :func:`read_direction`. ``azimuth_deg`` / ``elevation_deg`` are None when
    the phrase gives no horizontal / vertical direction; ``spans`` are the char ranges used;
    ``conflicts`` counts contradictions resolved by taking the first ("left ... right")."""

    azimuth_deg: float | None
    elevation_deg: float | None
    distance_m: float | None
    spans: tuple[tuple[int, int], ...]
    notes: tuple[str, ...] = ()
    hedged: bool = False
    conflicts: int = 0

    @property
    def has_direction(self) -> bool:
        return self.azimuth_deg is not None or self.elevation_deg is not None


_pattern = PatternRegistry()


# vertical --------------------------------------------------------------------------
_UP_POLE = rf"overhead(?!\s+(?:projector|light|lights|bin|bins|compartment|locker|lockers|cable|cables|line|lines|press|costs?|kick|smash|view|shot|crane))|over\s+head|straight\s+(?:up|above|overhead)|directly\s+(?:above|up|overhead)|right\s+(?:above|overhead)|zenith|top\s+of\s+{POSS}\s+head|(?:above|over)\s+{POSS}\s+head(?:s)?"
_UP_STRONG = rf"up(?=\s+and\s+(?:to\s+(?:the|my|your)\s+)?(?:left|right|behind|back|forward|ahead|in\s+front))|above(?:\s+{OBJ})?|up\s+above|from\s+above|high\s+above|(?:up\s+)?(?:in|on|from|near)\s+the\s+(?:ceiling|sky|roof|rafters|air|rooftops?|attic|loft|treetops?|canopy|clouds)|on\s+the\s+ceiling|through\s+the\s+(?:ceiling|roof)|(?:to|towards?|into)\s+the\s+(?:sky|skies|heavens|clouds)|(?:across|through|into|in|from)\s+the\s+(?:sky|skies|heavens)|(?:on\s+|from\s+)?the\s+(?:floor|storey|story|level|apartment|flat|room|deck)\s+above|skyward|skywards|upstairs|upwards?|up\s+high|high\s+up|way\s+up|up\s+there|up\s+in\s+(?:the|a|an)\s+\w+|up\s+on\s+(?:the|a|an)\s+\w+|over\s+(?:me|you|us)\b|aloft|up\s+top"
_UP_MILD = r"(?<![a-z])up(?=\s+(?:and|to\s+the|on\s+the|left|right|behind|in\s+front|at|a\s+bit|a\s+little|slightly|high|,))|high(?=\s*$|\s*[,;.]|\s+(?:on|to|and|in|at|up|left|right|behind|above|over|overhead|near|off|ahead)\b)|raised|elevated|upper(?!\s+(?:register|case|class|octave|harmonics|frequencies|mids|end|hand|notes|voices|partials|body))|top(?=\s+(?:left|right|front|back|corner))|higher(?!\s+pitch)|above\s+(?:ear|eye|head)\s+(?:level|height)|tilted\s+up|from\s+up"
_DOWN_POLE = r"straight\s+(?:down|below|beneath)|directly\s+(?:below|beneath|under|underneath|down)|right\s+(?:below|beneath|under|underneath)|nadir|under\s+(?:my|your)\s+(?:feet|chair|seat)|beneath\s+(?:my|your)\s+(?:feet|chair|seat)"
_DOWN_STRONG = rf"down(?=\s+and\s+(?:to\s+(?:the|my|your)\s+)?(?:left|right|behind|back|forward|ahead|in\s+front))|below(?:\s+{OBJ})?|beneath(?:\s+{OBJ})?|underneath(?:\s+{OBJ})?|under\s+(?:{OBJ}|the\s+(?:floor|ground|floorboards|stage|table|bed))|(?:on|from|at|near|along|across|off|to)\s+the\s+(?:floor|ground|carpet)|(?:floor|ground)\s+level|through\s+the\s+(?:floor|floorboards|ground)|(?:on\s+|from\s+)?the\s+(?:floor|storey|story|level|apartment|flat|room|deck)\s+below|downstairs|(?:in|from)\s+the\s+basement|down\s+below|from\s+below|downwards?|way\s+down|down\s+there|down\s+(?:on|at|by|in)\s+the\s+(?:floor|ground)|underground(?!\s+(?:club|music|scene|band|track|artist|hit|rave|party|movement|culture|comic|station|railway))|under\s+foot|underfoot"
_DOWN_MILD = r"(?<![a-z])down(?=\s+(?:and|to\s+the|on\s+the|left|right|in\s+front|behind|low|a\s+bit|a\s+little|slightly|,))|low(?=\s*$|\s*[,;.]|\s+(?:on|to|and|in|at|down|left|right|behind|near|off|ahead|below|beside)\b)|low\s+down|down\s+low|(?<!^)lower(?!\s+(?:pitch|volume|the|it|that|this|them|its|level|gain|register|octave|frequencies|end|case|half|mids|notes|voices))|bottom(?=\s+(?:left|right|front|back|corner))|below\s+(?:ear|eye|head)\s+(?:level|height)|(?:at|around|near)\s+(?:knee|waist|hip|chest|ankle)\s+(?:level|height)|tilted\s+down"


@_pattern(rf"{HEDGE}\b(?:{_UP_POLE})")
def _up_pole(m: re.Match) -> list[Cue]:
    return [Cue("vert", 1.0, m.span(), hedge_of(m), "pole")]


@_pattern(rf"{HEDGE}\b(?:{_DOWN_POLE})")
def _down_pole(m: re.Match) -> list[Cue]:
    return [Cue("vert", -1.0, m.span(), hedge_of(m), "pole")]


@_pattern(rf"{HEDGE}\b(?:{_UP_STRONG})")
def _up_strong(m: re.Match) -> list[Cue]:
    if _phrasal_up(m):
        return []
    return [Cue("vert", 1.0, m.span(), hedge_of(m), "strong")]


@_pattern(rf"{HEDGE}\b(?:{_DOWN_STRONG})")
def _down_strong(m: re.Match) -> list[Cue]:
    return [Cue("vert", -1.0, m.span(), hedge_of(m), "strong")]


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
    before = m.string[: m.start()]
    if _UP_VERBS.search(before):
        return []
    hedge = _HEDGE_BEFORE.search(before)  # "..., slightly up": 20 deg, not 45
    if hedge is not None:
        return [Cue("vert", 1.0, (hedge.start(), m.end()), hedge_class(hedge.group(1)), "strong")]
    return [Cue("vert", 1.0, m.span(), None, "strong")]


_HEDGE_BEFORE = re.compile(rf"\b({SLIGHT})\s+$")


@_pattern(rf"{HEDGE}\b(?:{_UP_MILD})")
def _up_mild(m: re.Match) -> list[Cue]:
    if _phrasal_up(m):
        return []
    return [Cue("vert", 1.0, m.span(), hedge_of(m), "mild")]


_PHRASAL_UP_VERB = re.compile(
    r"\b(?:creep|sneak|walk|come|coming|came|run|drive|pull|roll|move|step|sidle|crawl|tiptoe|ride|catch|caught|catching|pick|turn|show|shows|showing|line|lining|pipe|piping|fire|firing|warm|warming|speed|speeding|hurry|hurrying)\w*\s+$"
)


def _phrasal_up(m: re.Match) -> bool:
    """ "creeping up behind you", "a bus pulling up on the left": "up" belongs to the verb."""
    return m.group(0).startswith("up") and bool(_PHRASAL_UP_VERB.search(m.string[: m.start()]))


#: "set down", "put down", "sits down": the verb's particle, not a direction (a table or the
#: floor, when named, says the height on its own).
_PHRASAL_DOWN_VERB = re.compile(
    r"\b(?:set|sets|setting|put|puts|putting|placed?|places|placing|laid|lay|lays|laying|sit|sits|sat|sitting|slam|slams|slammed|slamming|thump|thumps|thumped|plonk|plonks|plonked|calm|calms|calmed|settle|settles|settled|settling|wind|winds|winding|slow|slows|slowed|slowing|count|counts|counting|shut|shuts|shutting|close|closes|closed|closing|turn|turns|turned|turning|power|powers|powered|powering|wound|touch|touches|touched|touching|come|comes|came|coming)\s+(?:it\s+|them\s+)?$"
)


@_pattern(rf"{HEDGE}\b(?:{_DOWN_MILD})")
def _down_mild(m: re.Match) -> list[Cue]:
    text = m.group(0)
    if (
        text.startswith("down")
        and _PHRASAL_DOWN_VERB.search(m.string[: m.start()])
        and not re.search(r"\b(?:table|desk|counter|worktop|tray|bench)\b", m.string)
    ):
        return []  # "a teacup set down in front of us": "down" belongs to the verb
    if re.search(r"knee|ankle", text):
        return [Cue("el", -50.0, m.span())]
    if re.search(r"waist|hip", text):
        return [Cue("el", -35.0, m.span())]
    if re.search(r"chest", text):
        return [Cue("el", -20.0, m.span())]
    return [Cue("vert", -1.0, m.span(), hedge_of(m), "mild")]


# horizontal --------------------------------------------------------------------------
_FRONT = rf"up\s+(?:front|ahead)|opposite\s+(?:me|you|us|the\s+listener)|across\s+from\s+(?:me|you|us)|in\s+front(?:\s+of\s+(?:{OBJ}|{POSS}\s+(?:face|nose|eyes|head)))?|(?:the\s+|up\s+)?front(?!\s+of\s+house|\s+(?:door|man|men|woman|women|runner|runners|line|lines|page|desk|end|porch|lawn|yard|garden|gate|teeth|cover|matter|office))|frontal(?:ly)?|ahead(?:\s+of\s+{OBJ})?|forwards?|before\s+(?:me|you|us)|facing\s+(?:me|you|us)|in\s+the\s+forefront|in\s+view"
#: After "behind the ...": the listener, their seat or gear, not an object that hides the sound.
_NOT_AN_OBJECT = (
    rf"{lx.LISTENER_NOUN}|head|camera|mic|microphone|audience|crowd|seat|chair|couch|sofa|bench"
)
_BACK = rf"behind(?!\s+(?:the\s+(?:scenes|times)|schedule))(?:\s+{OBJ})?(?!\s+(?:the|a|an|that|this|those|some|his|her|their|our)\s+(?!{_NOT_AN_OBJECT})\w)|(?:the\s+)?rear(?:ward)?(?!\s+admiral)|(?:at|in|from|to|towards?|toward|on)\s+(?:the|my|your)\s+back\b|back(?=\s+(?:left|right|of\s+the\s+room|corner|side|wall|row|centre|center|half|hemisphere|quadrant|and\s+(?:to\s+the\s+)?(?:left|right)))|(?<=slightly\s)back\b|(?<=a\sbit\s)back\b|(?<=a\slittle\s)back\b|(?<=left\s)back|(?<=right\s)back|backwards?|in\s+back(?:\s+of\s+{OBJ})?|at\s+{POSS}\s+back"


@_pattern(
    rf"\bbehind\s+(?:the|a|an|that|this|those|some|his|her|their|our)\s+(?!scenes\b|times\b|{_NOT_AN_OBJECT})[a-z]+\b"
)
def _behind_object(m: re.Match) -> list[Cue]:
    # "behind the fence": occlusion, not necessarily behind the listener; used only when
    # nothing else gives a horizontal direction.
    return [Cue("fb", -1.0, m.span(), None, "weak")]


@_pattern(rf"{HEDGE}\b(?:{_BACK})\b{HEDGE_AFTER}")
def _back(m: re.Match) -> list[Cue]:
    return [Cue("fb", -1.0, m.span(), hedge_of(m))]


@_pattern(rf"{HEDGE}\b(?:{_FRONT})\b{HEDGE_AFTER}")
def _front(m: re.Match) -> list[Cue]:
    return [Cue("fb", 1.0, m.span(), hedge_of(m))]


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
    rf"{HEDGE}\b(?P<side>left|right)(?:\s*hand(?:ed)?)?(?:\s+(?:hand\s+)?side)?\b(?:\s+of\s+(?:me|you|us|the\s+listener)\b)?{HEDGE_AFTER}"
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
    if (
        word == "right"
        and re.fullmatch(r"\s*(?:ok(?:ay)?,?\s+|alright,?\s+)?", before)
        and re.match(
            r"\s*[,!.]\s*(?:next|let'?s|so|okay|ok|now|then|good|great|thanks|that'?s)\b", after
        )
    ):
        return []  # "right, next one please": an interjection
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
    return [Cue("side", side_value(word), m.span(), hedge_of(m))]


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


def _all_patterns() -> tuple:
    return (*body.PATTERNS, *anchors.PATTERNS, *angles.PATTERNS, *_pattern.patterns)


def find_cues(text: str) -> list[Cue]:
    """All direction cues in ``text`` (normalised), earlier patterns winning overlaps."""
    taken: list[tuple[int, int]] = []
    cues: list[Cue] = []
    for regex, handler in _all_patterns():
        needs = NEEDS.get(regex)
        if needs is not None and not any(w in text for w in needs):
            continue  # none of the words every match contains (fast path, see cues.NEEDS)
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


def combine(cues: list[Cue], *, assume_azimuth: bool = False, text: str = "") -> DirectionReading:
    """Turn cues into one direction (see the module docstring for the rules).

    ``assume_azimuth``: read "above"/"below" as lifting a horizontal direction given
    elsewhere (45 deg) rather than as the poles; ``text``: the phrase, quoted in notes.
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

    conflicts = 0
    if len({c.value for c in sides}) > 1:
        notes.append("both left and right named; used the first")
        conflicts += 1
    if len({c.value for c in fbs}) > 1:
        notes.append("both front and behind named; used the first")
        conflicts += 1
    side = sides[0] if sides else None
    fb = fbs[0] if fbs else None
    clash = _side_clash(az_abs, side)
    if clash is not None and side is not None:
        # "on my left at 3 o'clock": an angle on the other side from the side word
        first, second = sorted((clash, side), key=lambda c: c.span[0])
        notes.append(f"{_quote(text, first)} and {_quote(text, second)} disagree; used the first")
        conflicts += 1
        if first is side:
            az_abs = []

    tilt = _tilt_from_pole(az_abs + deg, verts, side, fb, el_abs)
    az: float | None
    if tilt is not None:
        az, tilt_el = tilt
        el_abs = [Cue("el", tilt_el, cues[0].span)]
    elif az_abs:
        az = az_abs[0].value
        if az_abs[0].toward == "side" and fb is not None and fb.value < 0:
            # "behind me, 30 degrees to the left": measured from straight behind
            az = (1.0 if az >= 0 else -1.0) * (180.0 - abs(az))
        elif az_abs[0].toward == "side-axis":
            # "rear hemisphere, 30 degrees off the left side": from the side axis
            back = fb is not None and fb.value < 0
            az = (1.0 if az >= 0 else -1.0) * (90.0 + abs(az) if back else 90.0 - abs(az))
    elif deg:
        n = deg[0].value
        toward = (deg[0].toward or "").removeprefix("tilt-")
        if side is not None and toward in ("front", "back") and fb is None:
            # "to my left, 20 degrees behind": measured from the side axis
            az = side.value * (90.0 + n if toward == "back" else 90.0 - n)
        elif side is not None:
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
        rank = {"pole": 0, "feet": 0, "strong": 1, "mild": 2}
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
            conflicts += 1
    elif level:
        el = 0.0
    else:
        el = None
    if az is None and el is not None and abs(el) < 89.9:
        az = 0.0
    if az is not None:
        az = wrap_azimuth_deg(az)
    return DirectionReading(az, el, dist, spans, tuple(notes), hedged, conflicts)


def _side_clash(az_abs: list[Cue], side: Cue | None) -> Cue | None:
    """The absolute-angle cue that puts the source on the other side from ``side``."""
    if side is None or not az_abs:
        return None
    s = math.sin(math.radians(az_abs[0].value))
    return az_abs[0] if abs(s) > 0.5 and (s > 0) != (side.value > 0) else None


def _quote(text: str, cue: Cue) -> str:
    words = " ".join(text[cue.span[0] : cue.span[1]].split()).replace("oclock", "o'clock")
    return f"'{words}'" if words else f"'{cue.kind}'"


def _tilt_from_pole(
    angles: list[Cue], verts: list[Cue], side: Cue | None, fb: Cue | None, el_abs: list[Cue]
) -> tuple[float, float] | None:
    """(azimuth, elevation) for "above me, tilted 30 degrees towards the front" (60 up,
    ahead) and "below me, 30 degrees toward my left": an angle away from a pole."""
    tilt = next((c for c in angles if (c.toward or "").startswith("tilt-")), None)
    pole = next(
        (v for v in verts if v.strength in ("pole", "strong") and v.hedge != "slight"), None
    )
    if tilt is None or pole is None or el_abs or side is not None or fb is not None:
        return None
    n = min(90.0, abs(tilt.value))
    if tilt.toward == "tilt-side":
        az = 90.0 if tilt.value >= 0 else -90.0
    else:
        az = 0.0 if tilt.toward == "tilt-front" else 180.0
    return az, pole.value * (90.0 - n)


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
    if v.strength == "feet":  # "at my feet": the floor just in front, from standing height
        return -body.FEET_ELEVATION_DEG
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
    return combine(find_cues(text), assume_azimuth=assume_azimuth, text=text)
