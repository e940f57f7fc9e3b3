"""Doubt: words that make a placement a guess, and how much confidence each costs.

- Unsure wording ("maybe", "I think", "somewhere", "hard to say", "left-ish", "?") keeps
  the position it names but lowers the confidence and adds a note quoting the words.
- A vague place with no direction ("somewhere over there", "around here") is placed in
  front at :data:`VAGUE_DISTANCE_M` with a note in the user's words ("'somewhere over
  there': assumed front, 3 m"); "over there" next to a direction only sets that distance.
- "off to the side" with no side named is placed on the left, noted.
- Place words left in a source's label ("row b", "on our six", "stage"): the grammar did
  not read them, so the placement may miss what they say; noted, costing
  :data:`LEFTOVER_PENALTY`.
- Contradictions found by the readers (left and right, up and down, a clock hour against
  a side, two distances) are counted; each costs :data:`CONFLICT_PENALTY`.

The parser (:mod:`.parser`) subtracts these penalties from its grammar confidence.
"""

from __future__ import annotations

import re

#: Distance (m) of "over there" / "somewhere over there" when no distance is named.
VAGUE_DISTANCE_M = 3.0
#: Confidence taken off for unsure wording, for a vague place, and per contradiction.
UNSURE_PENALTY = 0.12
#: Taken off again for each further distinct unsure word ("somewhere ..., close-ish,
#: doesn't need to be exact"), up to :data:`UNSURE_EXTRA_MAX`.
UNSURE_EXTRA_PENALTY = 0.04
UNSURE_EXTRA_MAX = 0.12
VAGUE_PENALTY = 0.2
CONFLICT_PENALTY = 0.12
LEFTOVER_PENALTY = 0.07

_UNSURE_RE = re.compile(
    r"\b(?:somewhere|maybe|perhaps|probably|possibly|presumably|i\s+think|i\s+guess|i\s+believe|"
    r"kinda|sorta|kind'?a|sort'?a|i\s+reckon|i\s+suppose|(?:i\s+)?could\s+be\s+wrong|if\s+i\s+had\s+to\s+guess|at\s+a\s+guess|"
    r"don'?t\s+quote\s+me|(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+(?:need|have)\s+to\s+be\s+(?:exact|precise|spot[\s-]on|perfect)|"
    r"give\s+or\s+take|ballpark|more\s+or\s+less|"
    r"not\s+(?:a\s+hundred|100)\s*(?:percent|%)|(?:i'?m\s+)?guessing|"
    r"not\s+(?:(?:totally|entirely|completely|really|quite|that)\s+)?(?:sure|certain)|unsure|uncertain|unclear|hard\s+to\s+(?:say|tell)|can'?t\s+tell|who\s+knows|"
    r"vaguely|kind\s+of|sort\s+of|(?:direction|position)\s+unknown|unknown\s+direction|ish|"
    r"(?:roughly|about|approximately|around)(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|half|a\s+quarter))(?=\s+(?:to\s+the\s+|on\s+the\s+)?(?:left|right|behind|in\s+front|ahead|above|overhead|below)\b))"
    r"|\?"
)
#: Words saying outright that the direction is not known ("direction unclear", "can't tell
#: which way", "doesn't matter where", "or maybe behind, hard to tell"): the placement is a
#: guess, so these cost :data:`VAGUE_PENALTY` on top of the unsure words.
#: "anywhere", "not fussed", "pos: TBD", "placeholder": the writer leaves the position open.
_ANYWHERE = (
    r"\b(?:any\s*where|wherever|any\s+direction|any\s+position|not\s+(?:(?:too|that|really)\s+)?(?:fussed|fussy|bothered|picky|precious)|no\s+preference|"
    r"(?:i\s+)?(?:don'?t|do\s+not)\s+(?:really\s+|much\s+)?(?:care|mind)(?:\s+where)?|up\s+to\s+you|your\s+call|"
    r"(?:doesn'?t|does\s+not)\s+(?:really\s+|much\s+)?matter(?:\s+where)?|no\s+idea\s+where|tbd|tbc|tba|placeholder)\b"
)
_DIRECTION_UNKNOWN_RE = re.compile(
    r"\b(?:direction|position|which\s+way)\s+(?:unclear|unknown|uncertain)\b"
    r"|\b(?:can'?t|cannot|couldn'?t|hard\s+to|impossible\s+to)\s+(?:tell|say)(?:\s+(?:which\s+way|where))?\b"
    r"|\bnot\s+(?:(?:really|quite|too|that)\s+)?sure\s+(?:exactly\s+)?(?:where|which\s+way)\b"
    r"|\b(?:doesn'?t|does\s+not|don'?t|won'?t)\s+(?:really\s+|much\s+)?matter(?:\s+(?:where|much))?\b|\bno\s+idea\s+(?:where|which\s+way)\b"
    r"|" + _ANYWHERE
)
_VAGUE_PLACE_RE = re.compile(
    r"\b(?:somewhere\s+)?(?:over|out|up|down)\s+(?:there|yonder)(?:\s+somewhere)?\b"
    r"|\bover\s+yonder\b|\byonder\b"
    r"|\b(?:somewhere\s+)?(?:around|round|about)\s+here(?:\s+somewhere)?\b"
    r"|\bsomewhere(?:\s+(?:nearby|around|out\s+there|in\s+the\s+room))?\b"
    r"|\b(?:in\s+)?some\s+direction\b|\bdirection\s+unknown\b|\bfrom\s+somewhere\b"
    r"|" + _ANYWHERE
)
_OVER_THERE_RE = re.compile(r"\b(?:over|out)\s+there\b|\byonder\b")
_SOME_SIDE_RE = re.compile(
    r"\b(?:off\s+)?to\s+(?:the|one)\s+side\b|\bon\s+(?:one|the)\s+side\b|\bsideways\b|\bfrom\s+the\s+side\b"
)


_LEFTOVER_RE = re.compile(
    r"\bleft\b(?!\s+(?:the|a|an|it|him|her|them|me|us|home|alone|over|out|unattended|open|on|off|running|behind))"
    r"|\bright\b(?!\s+(?:now|away|here|there|then|one|thing|sound|time|way|answer|moment|note|mix))"
    r"|\b(?:behind|above|below|beneath|front|rear|overhead|ahead|beside|sideways|"
    r"degrees?|o'?clock|oclock|north|south|east|west|northeast|northwest|southeast|southwest|"
    r"rows?|stage|upstage|downstage|seats?|aisle|wings|loft|podium|goal|stadium|balcony|"
    r"(?:dress|upper|grand)\s+circle|starboard|port\s+side|bearing|heading|azimuth|elevation)\b"
    r"|\b(?:at|on)\s+(?:our|your|my|his|her|their|the)?\s*(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!\s+\w+s\b)"
)


#: "could be front or back", "either above or below": both sides of one axis named, so that
#: axis is unknown; the phrase is read as unsure wording and the other words place it.
_EITHER_SIDE_RE = re.compile(
    r"\b(?:(?:it\s+)?(?:could|might|may)\s+be\s+|either\s+|(?:not\s+sure|can'?t\s+tell|no\s+idea)\s+(?:if|whether)\s+(?:it'?s\s+)?)?"
    r"(?:(?:in\s+)?(?:the\s+)?(?:front|ahead)\s+or\s+(?:the\s+)?(?:back|behind|rear)"
    r"|(?:the\s+)?(?:back|behind|rear)\s+or\s+(?:in\s+)?(?:the\s+)?(?:front|ahead)"
    r"|above\s+or\s+below|below\s+or\s+above|up\s+or\s+down|high\s+or\s+low"
    r"|(?:on\s+the\s+)?left\s+or\s+(?:on\s+the\s+)?right|(?:on\s+the\s+)?right\s+or\s+(?:on\s+the\s+)?left"
    r"|(?:maybe|perhaps|possibly)\s+(?:a\s+bit\s+)?(?:left|right),?\s+(?:or\s+)?(?:maybe|perhaps|possibly)\s+(?:a\s+bit\s+)?(?:left|right))\b"
    r"(?:\s*,?\s*(?:i\s+)?(?:can'?t|cannot)\s+tell(?:\s+which)?)?"
)


def blank_either_side(text: str) -> str:
    """ "somewhere on the left, could be front or back" -> "... maybe" padded to length:
    an axis named both ways is no direction, only doubt."""
    return _EITHER_SIDE_RE.sub(lambda m: "maybe".ljust(len(m.group(0))), text)


def leftover_place_words(label: str) -> list[str]:
    """Place words the grammar left in a source's label ("row b", "at eleven"), in order."""
    return list(dict.fromkeys(" ".join(m.group(0).split()) for m in _LEFTOVER_RE.finditer(label)))


def leftover_note(words: list[str]) -> str:
    quoted = ", ".join(f"'{w}'" for w in words)
    return f"{quoted} not read as a position; check the placement"


def unsure_words(text: str) -> list[str]:
    """The unsure words in a normalised prompt ("maybe", "i think", "?"), in order."""
    return list(dict.fromkeys(" ".join(m.group(0).split()) for m in _UNSURE_RE.finditer(text)))


def says_direction_unknown(text: str) -> bool:
    """Whether a normalised prompt says outright that its direction is not known."""
    return _DIRECTION_UNKNOWN_RE.search(text) is not None


def unsure_note(words: list[str]) -> str:
    quoted = ", ".join("-ish" if w == "ish" else f"'{w}'" for w in words)
    return f"{quoted}: the prompt is unsure; placed where it points most"


def vague_place(text: str) -> re.Match | None:
    """A vague place ("somewhere over there") in a phrase, or None."""
    return _VAGUE_PLACE_RE.search(text)


def says_over_there(text: str) -> bool:
    return _OVER_THERE_RE.search(text) is not None


def some_side(text: str) -> re.Match | None:
    """ "off to the side" with no side named, or None."""
    return _SOME_SIDE_RE.search(text)


def describe(azimuth_deg: float, elevation_deg: float, distance_m: float) -> str:
    """A position in words ("front, 3 m", "left, 1.5 m", "overhead")."""
    if elevation_deg >= 60.0:
        where = "overhead"
    elif elevation_deg <= -60.0:
        where = "below"
    else:
        names = (
            "front",
            "front left",
            "left",
            "back left",
            "behind",
            "back right",
            "right",
            "front right",
        )
        where = names[int(round((azimuth_deg % 360.0) / 45.0)) % 8]
    return f"{where}, {distance_m:g} m"
