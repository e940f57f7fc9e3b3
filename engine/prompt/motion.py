"""Motion: how a source moves over its region -> keyframes at fractions ``t`` of it.

Recognised (checked in this order):

- circling ("circles around my head clockwise", "orbiting", "spinning around me"):
  keyframes every 90 deg; clockwise seen from above = azimuth decreasing; with
  "getting closer" / "moving away" it is a spiral (distance changes geometrically);
- positions pinned to moments of the region ("on the left at first and on the right by
  the end", "halfway through it jumps to the right"; see :mod:`engine.prompt.timeline`);
- side to side ("panning left and right", "bouncing back and forth from side to side"):
  left and right alternate at t = 0, 1/4, ... 1 (motion "moving");
- explicit endpoints ("from the left to the right", "left to right", "starts behind me,
  then moves to the front"): start at t=0, end at t=1; named waypoints ("from the left
  through the back to the right", "from left to front to right") are spread evenly in
  time. A via point at t=0.5 makes a two-point path unambiguous when the endpoints are
  120 deg or more apart or on opposite sides: over the top for flying / "overhead",
  behind for "behind me" (or two rear endpoints), else through the front (left/right) or
  the named side (front/back; the left side when none is named, noted). "From X to Y"
  counts as a path only with a movement verb or endpoints 120 deg or more apart
  ("a crow calling from the treetops to the right" is a place);
- fly-overs with no endpoints ("a plane flies overhead"): front -> overhead -> behind;
- passes with no endpoints ("a car passes by"): left -> front -> right (noted); "passes on
  my left": front-left -> left -> back-left; from behind, or "overtakes me": the reverse;
- approaching / receding (distance changes, direction held): far -> near or near -> far
  (10 m and 1 m unless distances are named);
- rising / falling: elevation changes (0 -> 60 deg and back).

Angles in degrees (engine convention), distances in metres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from engine.geometry import angular_error_deg, direction_vector, wrap_azimuth_deg
from engine.prompt.direction import DirectionReading, read_direction
from engine.prompt.distance import (
    DEFAULT_DISTANCE_M,
    FAR_DEFAULT_M,
    NEAR_DEFAULT_M,
    clamp_distance_m,
    find_distances,
)
from engine.prompt.timeline import read_timeline
from engine.spatial_path import Keyframe

_BOUND = r"(?=\s*$|\s*[,;.!?]|\s+(?:and|while|whilst|then|but|as|with|before|after|at\s+\w+\s+speed|in\s+(?:a|an)\s|slowly|quickly|fast|over\s+\d)\b)"

CIRCLE_RE = re.compile(
    r"\b(?:circl(?:es|ed|ing)|circle(?=\s+(?:around|round|me|you|us|overhead|above|the\s+listener|my\s+head|your\s+head|clockwise|counterclockwise))|spiral(?:s|ed|ing|led|ling)?(?:\s+(?:a)?round)?|orbit(?:s|ed|ing)?|revolv(?:e|es|ing)|spin(?:s|ning)?\s+(?:a)?round|rotat(?:e|es|ing)\s+(?:a)?round|go(?:es|ing)?\s+(?:a)?round(?:\s+and\s+(?:a)?round)?|mov(?:e|es|ing)\s+(?:a)?round|fl(?:y|ies|ying)\s+(?:a)?round|buzz(?:es|ing)?\s+(?:a)?round|(?:a)?round\s+and\s+(?:a)?round|whirl(?:s|ing)?\s+(?:a)?round|swirl(?:s|ing)?\s+(?:a)?round|loops?\s+(?:a)?round|runs?\s+(?:a)?round|running\s+(?:a)?round|walk(?:s|ing)?\s+(?:a)?round|circular\s+(?:path|motion)|full\s+circle|in\s+circles|(?:a)?round\s+(?:my|your|the)\s+head)\b"
)
_AROUND_RE = re.compile(
    r"\b(?:a)?round\s+(?:(?:my|your|the\s+listener's|the)\s+(?:head|ears)|(?:me|you|us|the\s+listener))\b"
)
CLOCKWISE_RE = re.compile(r"\bcounterclockwise\b|\bclockwise\b|\bwiddershins\b")
_REVS_RE = re.compile(
    r"\b(?P<n>twice|two|three|thrice|2|3|4|four)\s*(?:times|full\s+(?:circles|turns|laps|revolutions)|circles|turns|laps|revolutions|loops)?\b|\b(?P<half>half\s+(?:a\s+)?(?:circle|turn|way\s+(?:a)?round)|halfway\s+(?:a)?round)\b"
)
FROM_TO_RE = re.compile(
    rf"\bfrom\s+(?P<a>.+?)(?<!degrees)(?<!degree)(?<!\bdegs)(?<!\bdeg)\s+(?:(?:up|down|back|over|out)\s+)?(?:to|towards?|into|until|till|over\s+to|across\s+to|(?:a)?round\s+to|through\s+to|on\s+to|onto|and\s+(?:ends?|ending)\s+(?:up\s+)?)\s+(?P<b>.+?){_BOUND}"
)
_DIRW = r"(?:left|right|front|back|behind|rear|top|bottom|above|below|overhead|ahead|up|down|centre|center|middle)"
BARE_TO_RE = re.compile(
    rf"\b(?P<a>{_DIRW}(?:\s+{_DIRW})?)\s+(?:to|towards|into)\s+(?:the\s+)?(?P<b>{_DIRW}(?:\s+{_DIRW})?)\b"
)
THEN_RE = re.compile(
    r"^(?P<a>.+?)(?:,\s*|\s+)(?:and\s+)?(?:then|before|after\s+which|and\s+ends?\s+up|ending\s+up|ends?\s+up|and\s+(?:(?:move|go|goe|drift|pan|travel|swing|walk|run|slide|shift|glide|stop|end|arrive|land|settle|come|head|turn)s?|flies|fly|finish(?:es)?)|finally|eventually|(?:and\s+)?(?:by|at|towards?)\s+the\s+end(?:\s+of\s+the\s+(?:region|clip|shot|scene))?,?(?:\s+(?:it'?s|is|it\s+is))?)\s+(?P<b>.+)$"
)
#: "moves to the left", "pans right": a path from the front to the named place.
TOWARD_RE = re.compile(
    r"\b(?:(?:mov(?:es|ing)|pan(?:s|ning)|go(?:es|ing)|went|head(?:s|ing))\s+(?:slowly\s+|quickly\s+|gradually\s+|over\s+|across\s+)?(?:(?:to(?:wards?)?|toward|into)\s+)?"
    r"|(?:drift(?:s|ing)?|glid(?:es|ing)|slid(?:es|ing)|shift(?:s|ing)|travel(?:s|ling|ing)|sweep(?:s|ing)|swing(?:s|ing)|wander(?:s|ing)|crawl(?:s|ing)|creep(?:s|ing)|float(?:s|ing)|swoop(?:s|ing)|dart(?:s|ing)|zoom(?:s|ing)|run(?:s|ning)\s+off|walk(?:s|ing)\s+over|fl(?:ies|ying)\s+off)\s+(?:slowly\s+|quickly\s+|gradually\s+|over\s+|across\s+|off\s+)?(?:to(?:wards?)?|toward|into)\s+)"
    r"(?P<b>(?:the\s+|my\s+|your\s+)?(?:far\s+|hard\s+)?(?:left|right|front|back|rear|behind(?!\s+(?:the|a|an|that|this|his|her|their|some)\b))\b(?:\s+(?:side|of\s+(?:me|you)|me|you|us))?)"
)
FLYOVER_RE = re.compile(
    r"\b(?:fl(?:y|ies|ying|ew)\s+(?:right\s+|directly\s+|straight\s+|low\s+)?over(?:head)?|fly\s*over|flyover|fly\s*by|flyby|(?:pass(?:es|ing)?|go(?:es|ing)?|sweep(?:s|ing)?|zoom(?:s|ing)?|roar(?:s|ing)?|whoosh(?:es|ing)?|streak(?:s|ing)?|jet(?:s|ting)?|buzz(?:es|ing)?|soar(?:s|ing)?)\s+(?:right\s+|directly\s+|straight\s+|low\s+)?(?:over(?:head)?|above\s+(?:me|you|us)|over\s+(?:my|your)\s+head))\b"
)
_FLYING_RE = re.compile(
    r"\b(?:fl(?:y|ies|ying|ew)|plane|jet|airplane|aircraft|helicopter|drone|bird|birds|bat|bee|wasp|mosquito|fly|overhead|over\s+(?:my|your|the)\s+(?:head|top)|over\s+me|over\s+the\s+listener|above\s+me)\b"
)
PASS_RE = re.compile(
    r"\b(?:(?:pass(?:es|ed|ing)?|driv(?:e|es|ing)|drove|whizz(?:es|ing)?|whiz(?:zes|zing)?|zoom(?:s|ing)?|speed(?:s|ing)?|sped|rush(?:es|ing)?|go(?:es|ing)?|went|run(?:s|ning)?|ran|walk(?:s|ing)?|fl(?:y|ies|ying|ew)|cycl(?:e|es|ing)|rid(?:e|es|ing)|roll(?:s|ing)?|race(?:s)?|racing|swoosh(?:es|ing)?|whoosh(?:es|ing)?|rumbl(?:e|es|ing)|roar(?:s|ing)?|clatter(?:s|ing)?|trundl(?:e|es|ing)|rattl(?:e|es|ing)|screech(?:es|ing)?|hurtl(?:e|es|ing)|barrel(?:s|ling)?|zip(?:s|ping)?|thunder(?:s|ing)?|whizz?(?:es|ing)?)\s+(?:right\s+)?(?:by|past)|pass(?:es|ing)?(?!\s+(?:thought|comment|remark|glance|mention|interest|fancy|phase|grade|score|note|reference|resemblance|acquaintance|moment|trend|the\s+time))|passing\s+by|drive\s*by|crosses|crossing|cross(?:es)?\s+(?:in\s+front|behind)|(?:mov(?:es|ing)|sweep(?:s|ing)|travel(?:s|ling|ing)|pan(?:s|ning|ned)?|glid(?:es|ing)|slid(?:es|ing))\s+across)\b"
)
OVERTAKE_RE = re.compile(
    r"\bovertak(?:e|es|ing)\b|\bcom(?:e|es|ing)\s+up\s+(?:from\s+)?behind\b.*\bpass(?:es|ing)?\b"
)
OSCILLATE_RE = re.compile(
    r"\b(?:back\s+and\s+forth|to\s+and\s+fro|(?:from\s+)?side\s+to\s+side|left\s+and\s+right|right\s+and\s+left|ping\s*pong(?:ing|s)?)\b"
)
_OSCILLATE_VERB_RE = re.compile(
    r"\b(?:bounc|swing|swung|pan|mov|go|going|alternat|sway|oscillat|ping|flick|flip|jump|switch|wobbl|weav|zig|shift|drift|rock|wander|pac|fl[yi])\w*\b"
)
APPROACH_RE = re.compile(
    r"\b(?:approach(?:es|ing)?|(?:com(?:e|es|ing)|mov(?:e|es|ing)|get(?:s|ting)?|draw(?:s|ing)?|creep(?:s|ing)?|walk(?:s|ing)?|run(?:s|ning)?|driv(?:e|es|ing)|head(?:s|ing)?|inch(?:es|ing)?|edg(?:e|es|ing)|drift(?:s|ing)?|step(?:s|ping)?|crawl(?:s|ing)?|advanc(?:e|es|ing)|float(?:s|ing)?|travel(?:s|ling)?|roll(?:s|ing)?|fl(?:y|ies|ying)|march(?:es|ing)?|gallop(?:s|ing)?|charg(?:e|es|ing)|rush(?:es|ing)?|zoom(?:s|ing)?|sneak(?:s|ing)?)\s+(?:in\s+)?(?:up\s+)?(?:closer|nearer|(?:near|towards?|toward|at|up\s+to|in\s+on|straight\s+at|right\s+up\s+to)\s+(?:me|you|us|the\s+listener|the\s+camera|the\s+mic))|(?:creep|sneak|tiptoe|sidl)(?:e|es|s|ing)?\s+up\s+(?:on|behind|beside|to)|closing\s+in|closes\s+in|closing(?:\s+fast|\s+on\s+(?:me|you|us))?(?=\s*$|\s*[,;.!])|draws?\s+near|drawing\s+near|gets?\s+closer|getting\s+closer|getting\s+nearer|gets?\s+nearer|closer\s+and\s+closer|nearer\s+and\s+nearer|towards?\s+(?:me|you|us|the\s+listener)|toward\s+(?:me|you|us)|arriv(?:es|ing))\b"
)
RECEDE_RE = re.compile(
    r"\b(?:reced(?:e|es|ing)(?!\s+(?:hairline|gums?))|retreat(?:s|ing)?|depart(?:s|ing)?|leaving|leaves\s+(?:the|slowly|quickly|now|me|us)|disappear(?:s|ing)?|(?:mov(?:e|es|ing)|walk(?:s|ing)?|go(?:es|ing)?|run(?:s|ning)?|driv(?:e|es|ing)|fl(?:y|ies|ying)|float(?:s|ing)?|drift(?:s|ing)?|head(?:s|ing)?|travel(?:s|ling)?|roll(?:s|ing)?|fad(?:e|es|ing)|wander(?:s|ing)?|stroll(?:s|ing)?|back(?:s|ing)?|get(?:s|ting)?|pull(?:s|ing)?|sail(?:s|ing)?|trail(?:s|ing)?|limp(?:s|ing)?|march(?:es|ing)?|zoom(?:s|ing)?|rac(?:e|es|ing)|speed(?:s|ing)?|rid(?:e|es|ing)|climb(?:s|ing)?|swim(?:s|ming)?|crawl(?:s|ing)?|wobbl(?:e|es|ing))\s+(?:off\s+)?(?:further\s+|farther\s+)?(?:away|(?<!go\s)(?<!goes\s)(?<!going\s)(?<!went\s)off|out(?:\s+of\s+(?:range|earshot))?|into\s+the\s+distance)|(?:further|farther)\s+and\s+(?:further|farther)|[a-z]+(?:s|ing)\s+(?:off\s+)?away\s+(?:down|up|along|across|into|over|toward|towards|through)\b|further\s+away|farther\s+away|away\s+from\s+(?:me|you|us|the\s+listener)|into\s+the\s+distance|fad(?:es|ing)\s+(?:away|out)|trails?\s+off)\b"
)
RISE_RE = re.compile(
    r"\b(?:[a-z]+(?:s|es|ing)\s+(?:slowly\s+|gently\s+|quickly\s+|gradually\s+)?upwards?|shoot(?:s|ing)?\s+up|launch(?:es|ing)|(?:jump|leap|hop|spring)(?:s|ing)?\s+up|ris(?:e|es|ing)|ascend(?:s|ing)?|climb(?:s|ing)?|go(?:es|ing)?\s+up(?:wards?)?|mov(?:es|ing)\s+up(?:wards?)?|lift(?:s|ing)?\s+off|float(?:s|ing)?\s+up(?:wards?)?|soar(?:s|ing)?\s+up)\b"
)
FALL_RE = re.compile(
    r"\b(?:[a-z]+(?:s|es|ing)\s+(?:slowly\s+|gently\s+|quickly\s+|gradually\s+)?downwards?|(?:jump|leap|hop|climb|clamber|drop)(?:s|ed|ing|ping)?\s+down|(?:fall(?:s|ing)?|drop(?:s|ping)?|sink(?:s|ing)?|plummet(?:s|ing)?|plung(?:e|es|ing))\s+(?:from|down|to)|descend(?:s|ing)?|swoop(?:s|ing)?\s+down|div(?:e|es|ing)\s+down|go(?:es|ing)\s+down(?:wards?)?|mov(?:es|ing)\s+down(?:wards?)?)\b"
)
_VIA_TOP_RE = re.compile(
    r"\b(?:(?:high|low|directly|straight|way)\s+)?(?:fl(?:y|ies|ying|ew)\s+over|overhead|over\s+(?:my|your|the\s+listener's|the)\s+(?:head|top)|over\s+(?:me|you|us)|above\s+(?:me|you|us)|over\s+the\s+top)\b"
)
_VIA_BACK_RE = re.compile(
    r"\bbehind\s+(?:me|you|us|the\s+listener|my\s+head|your\s+head)\b|\bacross\s+(?:the|my|your)\s+back\b|\bround\s+the\s+back\b|\baround\s+the\s+back\b|\bvia\s+the\s+back\b|\bthrough\s+the\s+back\b"
)
_VIA_FRONT_RE = re.compile(
    r"\bin\s+front\s+of\s+(?:me|you|us|the\s+listener)\b|\bacross\s+(?:the\s+)?front\b|\bvia\s+the\s+front\b"
)


#: Verbs of movement: "from the treetops to the right" is a path only with one of these
#: (or when the endpoints are far apart); "a crow calling from the treetops to the right" is a place.
MOTION_VERB_RE = re.compile(
    r"\b(?:mov|pan|go|goes|went|travel|sweep|swing|swung|drift|slid|glid|shift|walk|run|ran|fl[yie]|flew|driv|drove|pass|cross|roll|swoop|zoom|head|spin|rotat|transition|jump|bounc|dart|rac|rush|speed|sped|whizz|whiz|swish|whoosh|crawl|creep|march|skat|cycl|rid|wander|stroll|hop|slither|sail|float|glide|morph|sweep|travers|slide|trundl|scurr|dash|charg|chas|climb|descend|ris|fall|fell|drop|sink|sank|arc|orbit|circl|migrat|progress|shoot|shot|streak|hurtl|careen|pull)\w*\b"
)


def keyframe(t: float, azimuth_deg: float, elevation_deg: float, distance_m: float) -> Keyframe:
    """A keyframe with the distance clamped to what :class:`Keyframe` accepts."""
    return Keyframe(
        t, azimuth_deg, float(np.clip(elevation_deg, -90.0, 90.0)), clamp_distance_m(distance_m)
    )


@dataclass(frozen=True)
class MotionReading:
    """A motion found in a phrase: its name (see :data:`engine.prompt.placement.MOTIONS`),
    keyframes ``(t, azimuth_deg, elevation_deg, distance_m)``, the char spans that said
    so, and notes on assumptions."""

    motion: str
    keyframes: tuple[Keyframe, ...]
    spans: tuple[tuple[int, int], ...]
    notes: tuple[str, ...] = ()
    doubt: float = 0.0


def _vec(az: float, el: float) -> np.ndarray:
    return direction_vector(az, el)


def classify(start: Keyframe, end: Keyframe, *, vertical_verb: bool = False) -> str:
    """Motion name for a path from ``start`` to ``end`` (dominant change wins).

    When the vertical change ties with a horizontal one, ``vertical_verb`` (the phrase says
    "swoops", "drops", "rises" ...) decides for rising/falling.
    """
    a, b = _vec(start.azimuth_deg, start.elevation_deg), _vec(end.azimuth_deg, end.elevation_deg)
    d = b - a
    angle = float(
        angular_error_deg(
            start.azimuth_deg, start.elevation_deg, end.azimuth_deg, end.elevation_deg
        )
    )
    ratio = np.log(end.distance_m / start.distance_m)
    if angle < 20.0 and abs(ratio) > np.log(1.5):
        return "approaching" if ratio < 0 else "receding"
    if angle < 1.0:
        return "static"
    ad = np.round(np.abs(d), 6)  # ties break the same way for mirror images
    if ad[2] > max(ad[0], ad[1]) or (ad[2] == ad.max() and vertical_verb):
        ax = 2
    elif ad[0] == ad[1]:
        # left -> centre is a pan (lateral); left -> behind moves back
        near_front = min(abs(a[1]) + max(0.0, -a[0]), abs(b[1]) + max(0.0, -b[0])) < 0.5
        ax = 1 if near_front else 0
    else:
        ax = int(np.argmax(ad))
    if ax == 1:
        return "right-to-left" if d[1] > 0 else "left-to-right"
    if ax == 0:
        return "back-to-front" if d[0] > 0 else "front-to-back"
    return "rising" if d[2] > 0 else "falling"


def _strip_trailing_via(text: str) -> str:
    """Drop a via phrase that follows the endpoint's direction ("to the right, behind me"),
    keep one that *is* the endpoint ("to behind me on the right")."""
    for regex in (_VIA_TOP_RE, _VIA_BACK_RE, _VIA_FRONT_RE):
        for m in regex.finditer(text):
            head = text[: m.start()]
            if re.search(r"\b(?:just|directly|straight|dead)\s*$", head) or re.search(
                r"(?<!\bto\s)(?<!\bthe\s)(?<!\bfrom\s)(?<!\band\s)(?<!\bhard\s)(?<!\bfar\s)\bright\s*$",
                head,
            ):
                continue  # "stop right behind me": the via words are the endpoint itself
            if read_direction(head).has_direction:
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text


def _strip_via(text: str) -> str:
    text = _VIA_TOP_RE.sub(" ", text)
    text = _VIA_BACK_RE.sub(" ", text)
    return _VIA_FRONT_RE.sub(" ", text)


_VIA_THEN_TO_RE = re.compile(
    r"^(?:to\s+|from\s+)?(?:\w+\s+)?(?:behind|in\s+front\s+of|over|above|across|past|round|around)\s+(?:me|you|us|my\s+head|your\s+head|the\s+listener)\s+(?:and\s+)?(?:on\s+)?(?:to|towards?|onto|into)\s+(?P<rest>.+)$"
)


def _read_endpoint(text: str) -> DirectionReading:
    """Direction of a motion endpoint ("to the back", "from behind me, over my head";
    "walk behind me to the left" ends on the left)."""
    via_then = _VIA_THEN_TO_RE.match(text)
    if via_then is not None and read_direction(via_then.group("rest")).has_direction:
        text = "to " + via_then.group("rest")
    text = re.sub(r"\bback\b", "behind", text)
    stripped = read_direction(_strip_trailing_via(text))
    return stripped if stripped.has_direction else read_direction(text)


_PASS_SIDE_RE = re.compile(
    r"\s+(?:on|to|along|by)\s+(?:my|the|your)\s+(?:left|right)(?:\s+(?:hand\s+)?side)?\s*$"
)


def _on_median_plane(text: str) -> bool:
    """Whether a phrase names straight front or straight back (no side)."""
    r = _read_endpoint("to " + text)
    return r.azimuth_deg is not None and abs(np.sin(np.radians(r.azimuth_deg))) < 1e-6


def _endpoint_path(
    text: str,
    a_text: str,
    b_text: str,
    static: DirectionReading,
    distance_m: float,
    notes: list[str],
    *,
    outside: str = "",
    prefix: bool = True,
) -> tuple[Keyframe, ...] | None:
    """Keyframes for a motion from the phrase ``a_text`` to ``b_text``.

    ``outside`` is the rest of the phrase: an elevation named there ("under the floor")
    applies to endpoints that name none; a via phrase ("over my head") does not.
    """
    side_of_pass = _PASS_SIDE_RE.search(b_text)
    if (
        side_of_pass is not None
        and _on_median_plane(a_text)
        and _on_median_plane(b_text[: side_of_pass.start()])
    ):
        b_text = b_text[
            : side_of_pass.start()
        ]  # "from front to back on my left": the side is the via
    a = _read_endpoint(("from " if prefix else "") + a_text)
    b = _read_endpoint(("to " if prefix else "") + b_text)
    da = find_distances(a_text)
    db = find_distances(b_text)
    if not (a.has_direction or b.has_direction or da or db):
        return None
    rest = (
        read_direction(_strip_via(outside), assume_azimuth=True)
        if outside
        else DirectionReading(None, None, None, ())
    )
    base_az = static.azimuth_deg if static.azimuth_deg is not None else 0.0
    base_el = rest.elevation_deg if rest.elevation_deg is not None else 0.0
    if not a.has_direction and not b.has_direction:
        a_az, a_el = base_az, (static.elevation_deg or 0.0)
        b_az, b_el = a_az, a_el
    else:
        a_az, a_el = _endpoint_angles(a, b, static, base_el, notes, "start")
        b_az, b_el = _endpoint_angles(b, a, static, base_el, notes, "end")
    a_own = da[0].distance_m if da else a.distance_m
    b_own = db[0].distance_m if db else b.distance_m
    # one end with a distance and the other without: a sideways move keeps the distance
    # ("from far away on the right towards the left"); along one direction the other end
    # is at the default distance ("start far away behind me and stop right behind me")
    sideways = float(angular_error_deg(a_az, a_el, b_az, b_el)) >= 45.0
    a_dist = a_own or (b_own if sideways and b_own else DEFAULT_DISTANCE_M if b_own else distance_m)
    b_dist = b_own or (a_own if sideways and a_own else DEFAULT_DISTANCE_M if a_own else distance_m)
    start = keyframe(0.0, a_az, a_el, a_dist)
    end = keyframe(1.0, b_az, b_el, b_dist)
    return _with_via(text, start, end, notes)


_LISTENER_RE = re.compile(
    r"\s*(?:me|you|us|myself|yourself|the\s+listener|the\s+player|the\s+camera)\s*"
)
_VIA_SPLIT_RE = re.compile(
    r"\s*,?\s+(?:through|via|past|across|(?:a)?round|by\s+way\s+of|passing(?:\s+through|\s+by)?|going\s+(?:through|past|over|across))\s+"
)
_CHAIN_SPLIT_RE = re.compile(
    r"\s*,?\s+(?:(?:and\s+)?then\s+)?(?:to|on\s+to|onto|over\s+to|back\s+to)\s+(?=(?:the\s+|my\s+|your\s+)?(?:left|right|front|back|behind|rear|centre|center|middle|top|above|below|overhead|\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
)


def _waypoint_path(
    a_text: str, b_text: str, static: DirectionReading, distance_m: float, outside: str
) -> tuple[Keyframe, ...] | None:
    """Keyframes for "from A through B to C" or "from A to B to C" (three or more named
    points, evenly spaced in time); None when only two points are named."""
    a_parts = _VIA_SPLIT_RE.split(a_text.strip(" ,"))
    b_parts = _CHAIN_SPLIT_RE.split(b_text.strip(" ,"))
    points = [p.strip(" ,") for p in a_parts + b_parts if p.strip(" ,")]
    if len(points) < 3:
        return None
    readings = [_read_endpoint(("from " if i == 0 else "to ") + p) for i, p in enumerate(points)]
    if not all(r.has_direction for r in readings):
        return None
    rest = read_direction(_strip_via(outside), assume_azimuth=True)
    base_el = rest.elevation_deg if rest.elevation_deg is not None else 0.0
    kfs = []
    for i, (p, r) in enumerate(zip(points, readings, strict=True)):
        el = r.elevation_deg if r.elevation_deg is not None else base_el
        az = r.azimuth_deg if r.azimuth_deg is not None else 0.0
        dists = find_distances(p)
        dist = dists[0].distance_m if dists else (r.distance_m or distance_m)
        kfs.append(keyframe(i / (len(points) - 1), az, el, dist))
    return tuple(kfs)


def _endpoint_angles(
    own: DirectionReading,
    other: DirectionReading,
    static: DirectionReading,
    base_el: float,
    notes: list[str],
    which: str,
) -> tuple[float, float]:
    """(azimuth, elevation) of one endpoint; what it does not name comes from the rest of the phrase."""
    if not own.has_direction:
        if static.azimuth_deg is not None:
            return static.azimuth_deg, base_el
        notes.append(f"{which} direction not given; {which}s in front")
        return 0.0, base_el
    el = own.elevation_deg if own.elevation_deg is not None else base_el
    if own.azimuth_deg is None:
        return (0.0 if abs(el) >= 89.9 else (other.azimuth_deg or 0.0)), el
    return own.azimuth_deg, el


def _with_via(text: str, start: Keyframe, end: Keyframe, notes: list[str]) -> tuple[Keyframe, ...]:
    angle = float(
        angular_error_deg(
            start.azimuth_deg, start.elevation_deg, end.azimuth_deg, end.elevation_deg
        )
    )
    va, vb = _vec(start.azimuth_deg, start.elevation_deg), _vec(end.azimuth_deg, end.elevation_deg)
    # a pass from one side to the other goes through the front (or back), not over the pole
    crosses = va[1] * vb[1] < 0 and min(abs(va[1]), abs(vb[1])) > 0.3
    if angle < 120.0 and not crosses:
        return (start, end)
    mid_dist = float(np.sqrt(start.distance_m * end.distance_m))
    lateral = crosses or abs(va[1]) + abs(vb[1]) > abs(va[0]) + abs(vb[0])
    vertical = abs(va[2]) + abs(vb[2]) > max(abs(va[1]) + abs(vb[1]), abs(va[0]) + abs(vb[0]))
    if vertical:
        via_az, via_el = 0.0, 0.0
    elif _VIA_TOP_RE.search(text) or (_FLYING_RE.search(text) and not lateral):
        via_az, via_el = 0.0 if lateral else start.azimuth_deg, 90.0
    elif lateral:
        if _VIA_BACK_RE.search(text) or va[0] + vb[0] < -0.3:
            via_az, via_el = 180.0, 0.0
        else:
            via_az, via_el = 0.0, 0.0
    else:
        side = read_direction(_strip_via(text))
        if side.azimuth_deg is not None and abs(np.sin(np.radians(side.azimuth_deg))) > 0.3:
            via_az = 90.0 if np.sin(np.radians(side.azimuth_deg)) > 0 else -90.0
        else:
            via_az = 90.0
            notes.append("side of the pass not given; passes on the left")
        via_el = 0.0
    el_mid = via_el if via_el else (start.elevation_deg + end.elevation_deg) / 2.0
    t_mid = (start.t + end.t) / 2.0
    return (start, keyframe(t_mid, via_az, el_mid, mid_dist), end)


def _circle(
    text: str, static: DirectionReading, distance_m: float, notes: list[str]
) -> tuple[str, tuple[Keyframe, ...]]:
    m = CLOCKWISE_RE.search(text)
    if m is None:
        clockwise = True
        notes.append("circling direction not given; assumed clockwise (seen from above)")
    else:
        clockwise = m.group(0) == "clockwise"
    revs = 1.0
    r = _REVS_RE.search(text)
    if r is not None:
        if r.group("half"):
            revs = 0.5
        else:
            revs = {
                "twice": 2.0,
                "two": 2.0,
                "2": 2.0,
                "three": 3.0,
                "thrice": 3.0,
                "3": 3.0,
                "4": 4.0,
                "four": 4.0,
            }[r.group("n")]
    start_az = static.azimuth_deg if static.azimuth_deg is not None else 0.0
    el = static.elevation_deg if static.elevation_deg is not None else 0.0
    if abs(el) > 60.0:
        el = 60.0 if el > 0 else -60.0
    steps = int(np.ceil(revs * 4))
    sign = -1.0 if clockwise else 1.0
    # a spiral: circling while approaching or receding
    d0 = d1 = distance_m
    if APPROACH_RE.search(text) or RECEDE_RE.search(text):
        near, far = _near_far(text, bool(APPROACH_RE.search(text)))
        d0, d1 = (far, near) if APPROACH_RE.search(text) else (near, far)
    kfs = tuple(
        keyframe(
            i / steps,
            wrap_azimuth_deg(start_az + sign * 360.0 * revs * i / steps),
            el,
            float(d0 * (d1 / d0) ** (i / steps)),
        )
        for i in range(steps + 1)
    )
    return ("circling-clockwise" if clockwise else "circling-counterclockwise"), kfs


def read_motion(
    text: str, static: DirectionReading, distance_m: float, distance_given: bool
) -> MotionReading | None:
    """The motion named in a normalised phrase, or None for a static source.

    ``static`` is the phrase's direction read as a whole (used where the motion keeps the
    direction, e.g. "approaching from the left"); ``distance_m`` the phrase's distance.
    """
    notes: list[str] = []
    m = CIRCLE_RE.search(text)
    if m is None and (CLOCKWISE_RE.search(text) or MOTION_VERB_RE.search(text)):
        m = re.search(r"\b(?:a)?round\s+(?:me|you|us|the\s+listener)\b", text)
    if m is not None and not re.search(
        r"\bturn(?:s|ing)?\s+(?:a)?round\b", text[max(0, m.start() - 10) : m.end()]
    ):
        motion, kfs = _circle(text, static, distance_m, notes)
        spans = (
            [m.span()]
            + [x.span() for x in CLOCKWISE_RE.finditer(text)]
            + [x.span() for x in _AROUND_RE.finditer(text)]
        )
        spans += [x.span() for x in _REVS_RE.finditer(text)]
        return MotionReading(motion, kfs, tuple(spans), tuple(notes))

    timeline = read_timeline(text)
    if timeline is not None:
        kfs_list: list[Keyframe] = []
        for p in timeline.points:
            k = keyframe(p.t, p.azimuth_deg, p.elevation_deg, distance_m)
            if kfs_list and not p.abrupt and kfs_list[-1].t < k.t:
                # a long way between two pinned positions goes round the usual side
                via = _with_via(text, kfs_list[-1], k, notes)
                kfs_list.extend(via[1:-1])
            kfs_list.append(k)
        kfs = tuple(kfs_list)
        if len({(k.azimuth_deg, k.elevation_deg) for k in kfs}) > 1:
            notes.extend(timeline.notes)
            motion = classify(kfs[0], kfs[-1], vertical_verb=_has_vertical_verb(text))
            if motion == "static":
                motion = "moving"
            return MotionReading(motion, kfs, timeline.spans, tuple(notes))

    m = next(
        (
            x
            for x in OSCILLATE_RE.finditer(text)
            if re.search(r"\b(?:left|right|side)\b", x.group(0))
        ),
        None,
    )
    if m is not None and _OSCILLATE_VERB_RE.search(text):
        # left -> right -> left ... (opposite keyframes pass through the front)
        kfs = tuple(
            keyframe(i / 4, 90.0 if i % 2 == 0 else -90.0, 0.0, distance_m) for i in range(5)
        )
        notes.append("back and forth between left and right: two round trips over the region")
        return MotionReading("moving", kfs, (m.span(),), tuple(notes))

    for regex in (FROM_TO_RE, BARE_TO_RE):
        for m in regex.finditer(text):
            a_text, b_text = m.group("a"), m.group("b")
            if _LISTENER_RE.fullmatch(a_text) or _LISTENER_RE.fullmatch(b_text):
                continue  # "away from me to the left" / "from far away to me": a distance change
            if regex is BARE_TO_RE and not _is_bare_motion(text, a_text, b_text):
                continue
            outside = text[: m.start()] + " " + text[m.end() :]
            path = (
                _waypoint_path(a_text, b_text, static, distance_m, outside)
                if regex is FROM_TO_RE
                else None
            )
            if path is None:
                path = _endpoint_path(
                    text, a_text, b_text, static, distance_m, notes, outside=outside
                )
            if path is None or not _moves(path):
                continue
            if regex is FROM_TO_RE and not _is_path(text, path):
                continue
            motion = classify(path[0], path[-1], vertical_verb=_has_vertical_verb(text))
            return MotionReading(motion, path, (m.span(),), tuple(notes))

    m = THEN_RE.match(text)
    if m is not None:
        a, b = read_direction(m.group("a")), read_direction(m.group("b"))
        if a.has_direction and b.has_direction:
            then_path = _endpoint_path(
                text, m.group("a"), m.group("b"), static, distance_m, notes, prefix=False
            )
            if then_path is not None and _moves(then_path):
                return MotionReading(
                    classify(then_path[0], then_path[-1], vertical_verb=_has_vertical_verb(text)),
                    then_path,
                    (),
                    tuple(notes),
                )

    m = TOWARD_RE.search(text)
    if m is not None and not re.search(r"\bfrom\b", text):
        end = _read_endpoint("to " + m.group("b"))
        before = read_direction(text[: m.start()])
        if end.azimuth_deg is not None and abs(end.azimuth_deg) > 1.0:
            if before.has_direction:  # "starts centred and slowly moves left"
                start = keyframe(
                    0.0, before.azimuth_deg or 0.0, before.elevation_deg or 0.0, distance_m
                )
            else:
                start = keyframe(0.0, 0.0, 0.0, distance_m)
                notes.append("start not given; starts in front")
            finish = keyframe(1.0, end.azimuth_deg, end.elevation_deg or 0.0, distance_m)
            kfs = _with_via(text, start, finish, notes)
            return MotionReading(classify(kfs[0], kfs[-1]), kfs, (m.span(),), tuple(notes))

    m = FLYOVER_RE.search(text)
    if m is not None:
        start = keyframe(0.0, 0.0, 0.0, distance_m)
        kfs = (start, keyframe(0.5, 0.0, 90.0, distance_m), keyframe(1.0, 180.0, 0.0, distance_m))
        if not static.has_direction or static.elevation_deg == 90.0:
            notes.append("fly-over direction not given; front to back")
        return MotionReading("front-to-back", kfs, (m.span(),), tuple(notes))

    m = OVERTAKE_RE.search(text)
    if m is not None:
        s = _side_sign(static)
        kfs = (
            keyframe(0.0, s * 150.0, 0.0, distance_m),
            keyframe(0.5, s * 90.0, 0.0, distance_m),
            keyframe(1.0, s * 30.0, 0.0, distance_m),
        )
        return MotionReading("back-to-front", kfs, (m.span(),), tuple(notes))

    m = PASS_RE.search(text)
    if m is not None:
        if static.azimuth_deg is not None and abs(np.sin(np.radians(static.azimuth_deg))) > 0.5:
            s = 1.0 if np.sin(np.radians(static.azimuth_deg)) > 0 else -1.0
            forward = bool(re.search(r"\bfrom\s+(?:behind|the\s+(?:back|rear))\b", text))
            a0, a1 = (150.0, 30.0) if forward else (30.0, 150.0)
            kfs = (
                keyframe(0.0, s * a0, 0.0, distance_m),
                keyframe(0.5, s * 90.0, 0.0, distance_m),
                keyframe(1.0, s * a1, 0.0, distance_m),
            )
            motion = "back-to-front" if forward else "front-to-back"
            return MotionReading(motion, kfs, (m.span(),), tuple(notes))
        behind = static.azimuth_deg is not None and np.cos(np.radians(static.azimuth_deg)) < -0.5
        mid_az = 180.0 if behind else 0.0
        kfs = (
            keyframe(0.0, 90.0, 0.0, distance_m),
            keyframe(0.5, mid_az, 0.0, distance_m),
            keyframe(1.0, -90.0, 0.0, distance_m),
        )
        notes.append("direction of the pass not given; left to right")
        return MotionReading("left-to-right", kfs, (m.span(),), tuple(notes))

    a_m, r_m = APPROACH_RE.search(text), RECEDE_RE.search(text)
    if a_m is not None and r_m is not None and a_m.start() < r_m.start():
        # "approaches, hovers overhead, departs": far -> near -> far
        over = _VIA_TOP_RE.search(text) is not None
        base = read_direction(_strip_via(text)) if over else static
        az = base.azimuth_deg if base.azimuth_deg is not None else 0.0
        el = base.elevation_deg if base.elevation_deg is not None else 0.0
        near, far = _near_far(text, True, exclude=a_m.span())
        mid_az, mid_el = (az, 90.0) if over else (az, el)
        end_az = wrap_azimuth_deg(az + 180.0) if over else az
        kfs = (
            keyframe(0.0, az, el, far),
            keyframe(0.5, mid_az, mid_el, near),
            keyframe(1.0, end_az, el, far),
        )
        if base.azimuth_deg is None:
            notes.append("no direction given; arrives from the front")
        return MotionReading("moving", kfs, (a_m.span(), r_m.span()), tuple(notes))

    for regex, approaching in ((APPROACH_RE, True), (RECEDE_RE, False)):
        m = regex.search(text)
        if m is None:
            continue
        az = static.azimuth_deg if static.azimuth_deg is not None else 0.0
        el = static.elevation_deg if static.elevation_deg is not None else 0.0
        if static.azimuth_deg is None and static.elevation_deg is None:
            notes.append("no direction given: assumed front")
        near, far = _near_far(text, approaching, exclude=m.span())
        d0, d1 = (far, near) if approaching else (near, far)
        kfs = (keyframe(0.0, az, el, d0), keyframe(1.0, az, el, d1))
        return MotionReading(
            "approaching" if approaching else "receding", kfs, (m.span(),), tuple(notes)
        )

    for regex, rising in ((RISE_RE, True), (FALL_RE, False)):
        m = regex.search(text)
        if m is None:
            continue
        az = static.azimuth_deg if static.azimuth_deg is not None else 0.0
        lo, hi = 0.0, 60.0
        kfs = (
            keyframe(0.0, az, lo if rising else hi, distance_m),
            keyframe(1.0, az, hi if rising else lo, distance_m),
        )
        return MotionReading("rising" if rising else "falling", kfs, (m.span(),), tuple(notes))
    return None


def _is_bare_motion(text: str, a_text: str, b_text: str) -> bool:
    """ "left to right" is a motion; "behind me to the left" is a place."""
    a, b = _read_endpoint(a_text), _read_endpoint(b_text)
    if not (a.has_direction and b.has_direction):
        return False
    angle = float(
        angular_error_deg(
            a.azimuth_deg or 0.0,
            a.elevation_deg or 0.0,
            b.azimuth_deg or 0.0,
            b.elevation_deg or 0.0,
        )
    )
    both_sides = {w for w in ("left", "right") if w in a_text + " " + b_text} == {"left", "right"}
    if both_sides or angle >= 120.0:
        return True
    return bool(MOTION_VERB_RE.search(text))


def _has_vertical_verb(text: str) -> bool:
    return bool(
        RISE_RE.search(text)
        or FALL_RE.search(text)
        or re.search(r"\b(?:swoop|div|plung|plummet)\w*", text)
    )


def _is_path(text: str, kfs: tuple[Keyframe, ...]) -> bool:
    """A from-X-to-Y phrase is a path with a movement verb, or with far-apart directions
    ("a voice from the left to the right"); "tolling from a tower far to the right" is a place."""
    if MOTION_VERB_RE.search(text):
        return True
    first, last = kfs[0], kfs[-1]
    angle = float(
        angular_error_deg(
            first.azimuth_deg, first.elevation_deg, last.azimuth_deg, last.elevation_deg
        )
    )
    return angle >= 120.0


def _moves(kfs: tuple[Keyframe, ...]) -> bool:
    first, last = kfs[0], kfs[-1]
    angle = float(
        angular_error_deg(
            first.azimuth_deg, first.elevation_deg, last.azimuth_deg, last.elevation_deg
        )
    )
    return angle > 1.0 or abs(np.log(last.distance_m / first.distance_m)) > np.log(1.2)


def _side_sign(static: DirectionReading) -> float:
    if static.azimuth_deg is not None and np.sin(np.radians(static.azimuth_deg)) < -0.3:
        return -1.0
    return 1.0


def _near_far(
    text: str, approaching: bool, *, exclude: tuple[int, int] = (0, 0)
) -> tuple[float, float]:
    """(near, far) distances for an approach/recession, from the phrase's distances
    (ignoring those inside the motion words themselves, e.g. "getting further away")."""
    near, far = NEAR_DEFAULT_M, FAR_DEFAULT_M
    mentions = [
        d for d in find_distances(text) if not (d.span[0] < exclude[1] and exclude[0] < d.span[1])
    ]
    if len(mentions) >= 2:
        a, b = mentions[0].distance_m, mentions[1].distance_m
        return min(a, b), max(a, b)
    if len(mentions) == 1:
        d = mentions[0]
        before = text[max(0, d.span[0] - 12) : d.span[0]]
        after = text[d.span[1] : d.span[1] + 12]
        is_start = bool(re.search(r"\bfrom\s+(?:about\s+|around\s+|some\s+)?$", before)) or bool(
            re.match(r"\s+away\b", after)
        )
        is_end = bool(
            re.search(
                r"\b(?:to|until|till|within|up\s+to|right\s+up\s+to)\s+(?:about\s+|around\s+|within\s+)?$",
                before,
            )
        )
        if is_end:
            is_start = False
        elif not is_start:
            # unmarked: a far distance is where an approach starts / a recession ends
            far_mention = d.distance_m > NEAR_DEFAULT_M * 1.5
            is_start = far_mention if approaching else not far_mention
        if approaching:
            if is_start:
                far = d.distance_m
                near = min(near, far / 2.0)
            else:
                near = d.distance_m
                far = max(far, near * 4.0)
        else:
            if is_start:
                near = d.distance_m
                far = max(far, near * 4.0)
            else:
                far = d.distance_m
                near = min(near, far / 2.0)
    return near, far
