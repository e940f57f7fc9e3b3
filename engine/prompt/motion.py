"""Motion: how a source moves over its region -> keyframes at fractions ``t`` of it.

(About 540 lines: the registry and one short handler per kind of motion listed below;
the words live in :mod:`.motion_words`, the geometry in :mod:`.paths`. Split further
only along those kinds.)

Each kind of motion is a *recogniser*: a regex of motion words (:mod:`.motion_words`)
and a handler that turns a match into keyframes (with the path geometry of :mod:`.paths`),
registered in a :class:`MotionRegistry` in priority order, the way the direction grammar
registers its cue patterns (:mod:`.cues`). :func:`read_motion` returns the first reading
a handler gives. Recognised (in this order):

- circling ("circles around my head clockwise", "orbiting", "spinning around me"):
  keyframes every 90 deg; clockwise seen from above = azimuth decreasing; with
  "getting closer" / "moving away" it is a spiral (distance changes geometrically);
- positions pinned to moments of the region ("on the left at first and on the right by
  the end", "halfway through it jumps to the right"; see :mod:`engine.prompt.timeline`);
- side to side ("panning left and right", "bouncing back and forth from side to side"):
  left and right alternate at t = 0, 1/4, ... 1 (motion "moving");
- a via point and a destination ("moves over my head to the left"): through the via
  point; with no start named, from the opposite side (noted);
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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.geometry import wrap_azimuth_deg
from engine.prompt.direction import DirectionReading, read_direction
from engine.prompt.doubt import describe
from engine.prompt.motion_words import (
    APPROACH_RE,
    AROUND_RE,
    BARE_TO_RE,
    CIRCLE_RE,
    CLOCKWISE_RE,
    FALL_RE,
    FLYOVER_RE,
    FROM_TO_RE,
    MOTION_VERB_RE,
    OSCILLATE_RE,
    OSCILLATE_VERB_RE,
    OVERTAKE_RE,
    PASS_RE,
    RECEDE_RE,
    REVS_RE,
    RISE_RE,
    THEN_RE,
    TOWARD_RE,
    VIA_DESTINATION_RE,
    VIA_TOP_RE,
)
from engine.prompt.paths import (
    LISTENER_RE,
    classify,
    endpoint_path,
    has_vertical_verb,
    is_bare_motion,
    is_path,
    keyframe,
    moves,
    near_far,
    read_endpoint,
    side_sign,
    strip_via,
    waypoint_path,
    with_via,
)
from engine.prompt.timeline import read_timeline
from engine.spatial_path import Keyframe

__all__ = ["MOTION_VERB_RE", "MotionReading", "keyframe", "read_motion"]

#: Keyframes per full turn of a circling source.
CIRCLE_STEPS_PER_TURN = 4
#: A circling source keeps at most this elevation (deg): nearer the pole a circle is a wobble.
CIRCLE_MAX_ELEVATION_DEG = 60.0
#: Turns named by number words ("twice", "three times").
TURN_WORDS = {
    "twice": 2.0,
    "two": 2.0,
    "2": 2.0,
    "three": 3.0,
    "thrice": 3.0,
    "3": 3.0,
    "4": 4.0,
    "four": 4.0,
}
#: Side of a source that moves side to side (deg); keyframes at t = 0, 1/4, ... 1.
SIDE_DEG = 90.0
SIDE_TO_SIDE_STEPS = 4
#: A pass on one side runs from this far off the front (deg) to this far off it.
PASS_NEAR_DEG = 30.0
PASS_FAR_DEG = 150.0
#: A fly-over with no endpoints: front -> overhead -> behind.
OVERHEAD_DEG = 90.0
#: Rising / falling with no elevations named: between ear level and this (deg).
RISE_TOP_DEG = 60.0
#: |sin(azimuth)| above which a source counts as on a side (a pass on that side).
ON_A_SIDE_SIN = 0.5
#: Confidence a start point assumed from the path's shape costs ("moves over my head to the
#: left" starts on the right).
ASSUMED_START_DOUBT = 0.05


@dataclass(frozen=True)
class MotionReading:
    """A motion found in a phrase: its name (see :data:`engine.prompt.placement.MOTIONS`),
    keyframes ``(t, azimuth_deg, elevation_deg, distance_m)``, the char spans that said
    so, notes on assumptions, and ``doubt``: the confidence an assumed part costs."""

    motion: str
    keyframes: tuple[Keyframe, ...]
    spans: tuple[tuple[int, int], ...]
    notes: tuple[str, ...] = ()
    doubt: float = 0.0


@dataclass(frozen=True)
class MotionContext:
    """What every recogniser sees: the normalised phrase, its direction read as a whole
    (``static``, used where the motion keeps the direction: "approaching from the left") and
    its distance (m)."""

    text: str
    static: DirectionReading
    distance_m: float
    distance_given: bool


Recogniser = Callable[[re.Match | None, MotionContext], MotionReading | None]


class MotionRegistry:
    """Ordered ``(regex, recogniser)`` pairs: ``@motions(regex)`` registers a handler that is
    called with each match in turn (``every_match=False``: only the first) until one gives
    a reading; ``regex=None`` calls it once with no match (readers with their own parser)."""

    def __init__(self) -> None:
        self.recognisers: list[tuple[re.Pattern | None, bool, Recogniser]] = []

    def __call__(
        self, regex: re.Pattern | None, *, every_match: bool = False
    ) -> Callable[[Recogniser], Recogniser]:
        def register(fn: Recogniser) -> Recogniser:
            self.recognisers.append((regex, every_match, fn))
            return fn

        return register

    def read(self, ctx: MotionContext) -> MotionReading | None:
        for regex, every_match, fn in self.recognisers:
            if regex is None:
                matches: list[re.Match | None] = [None]
            elif every_match:
                matches = list(regex.finditer(ctx.text))
            else:
                first = regex.search(ctx.text)
                matches = [first] if first is not None else []
            for m in matches:
                reading = fn(m, ctx)
                if reading is not None:
                    return reading
        return None


_motions = MotionRegistry()


def read_motion(
    text: str, static: DirectionReading, distance_m: float, distance_given: bool
) -> MotionReading | None:
    """The motion named in a normalised phrase, or None for a static source.

    ``static`` is the phrase's direction read as a whole; ``distance_m`` the phrase's distance.
    """
    return _motions.read(MotionContext(text, static, distance_m, distance_given))


def _start_or_front(static: DirectionReading) -> tuple[float, float]:
    az = static.azimuth_deg if static.azimuth_deg is not None else 0.0
    el = static.elevation_deg if static.elevation_deg is not None else 0.0
    return az, el


# ---------------------------------------------------------------- circling


_TURN_AROUND_RE = re.compile(r"\bturn(?:s|ing)?\s+(?:a)?round\b")
_AROUND_LISTENER_RE = re.compile(r"\b(?:a)?round\s+(?:me|you|us|the\s+listener)\b")


@_motions(None)
def _circling(_: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    text = ctx.text
    m = CIRCLE_RE.search(text)
    if m is None and (CLOCKWISE_RE.search(text) or MOTION_VERB_RE.search(text)):
        m = _AROUND_LISTENER_RE.search(text)
    if m is None or _TURN_AROUND_RE.search(text[max(0, m.start() - 10) : m.end()]):
        return None
    notes: list[str] = []
    cw = CLOCKWISE_RE.search(text)
    if cw is None:
        clockwise = True
        notes.append("circling direction not given; assumed clockwise (seen from above)")
    else:
        clockwise = cw.group(0) == "clockwise"
    revs = 1.0
    r = REVS_RE.search(text)
    if r is not None:
        revs = 0.5 if r.group("half") else TURN_WORDS[r.group("n")]
    start_az, el = _start_or_front(ctx.static)
    el = float(np.clip(el, -CIRCLE_MAX_ELEVATION_DEG, CIRCLE_MAX_ELEVATION_DEG))
    steps = int(np.ceil(revs * CIRCLE_STEPS_PER_TURN))
    sign = -1.0 if clockwise else 1.0
    d0 = d1 = ctx.distance_m
    approaching = APPROACH_RE.search(text) is not None
    if approaching or RECEDE_RE.search(text):  # a spiral
        near, far = near_far(text, approaching)
        d0, d1 = (far, near) if approaching else (near, far)
    kfs = tuple(
        keyframe(
            i / steps,
            wrap_azimuth_deg(start_az + sign * 360.0 * revs * i / steps),
            el,
            float(d0 * (d1 / d0) ** (i / steps)),
        )
        for i in range(steps + 1)
    )
    spans = (
        [m.span()]
        + [x.span() for x in CLOCKWISE_RE.finditer(text)]
        + [x.span() for x in AROUND_RE.finditer(text)]
        + [x.span() for x in REVS_RE.finditer(text)]
    )
    motion = "circling-clockwise" if clockwise else "circling-counterclockwise"
    return MotionReading(motion, kfs, tuple(spans), tuple(notes))


# ---------------------------------------------------------------- pinned moments


@_motions(None)
def _pinned_moments(_: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    timeline = read_timeline(ctx.text)
    if timeline is None:
        return None
    notes: list[str] = []
    kfs_list: list[Keyframe] = []
    for p in timeline.points:
        k = keyframe(p.t, p.azimuth_deg, p.elevation_deg, ctx.distance_m)
        if kfs_list and not p.abrupt and kfs_list[-1].t < k.t:
            # a long way between two pinned positions goes round the usual side
            kfs_list.extend(with_via(ctx.text, kfs_list[-1], k, notes)[1:-1])
        kfs_list.append(k)
    kfs = tuple(kfs_list)
    if len({(k.azimuth_deg, k.elevation_deg) for k in kfs}) <= 1:
        return None
    notes.extend(timeline.notes)
    motion = classify(kfs[0], kfs[-1], vertical_verb=has_vertical_verb(ctx.text))
    return MotionReading(
        "moving" if motion == "static" else motion, kfs, timeline.spans, tuple(notes)
    )


# ---------------------------------------------------------------- side to side


@_motions(OSCILLATE_RE, every_match=True)
def _side_to_side(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    if not re.search(r"\b(?:left|right|side)\b", m.group(0)):
        return None
    if not OSCILLATE_VERB_RE.search(ctx.text):
        return None  # the first side-to-side words decide, as before
    # left -> right -> left ... (opposite keyframes pass through the front)
    kfs = tuple(
        keyframe(i / SIDE_TO_SIDE_STEPS, SIDE_DEG if i % 2 == 0 else -SIDE_DEG, 0.0, ctx.distance_m)
        for i in range(SIDE_TO_SIDE_STEPS + 1)
    )
    note = "back and forth between left and right: two round trips over the region"
    return MotionReading("moving", kfs, (m.span(),), (note,))


# ---------------------------------------------------------------- endpoints


def _from_to(m: re.Match | None, ctx: MotionContext, *, bare: bool) -> MotionReading | None:
    assert m is not None
    text = ctx.text
    a_text, b_text = m.group("a"), m.group("b")
    if LISTENER_RE.fullmatch(a_text) or LISTENER_RE.fullmatch(b_text):
        return None  # "away from me to the left" / "from far away to me": a distance change
    if bare and not is_bare_motion(text, a_text, b_text):
        return None
    notes: list[str] = []
    outside = text[: m.start()] + " " + text[m.end() :]
    path = None if bare else waypoint_path(a_text, b_text, ctx.static, ctx.distance_m, outside)
    if path is None:
        path = endpoint_path(
            text, a_text, b_text, ctx.static, ctx.distance_m, notes, outside=outside
        )
    if path is None or not moves(path):
        return None
    if not bare and not is_path(text, path):
        return None
    motion = classify(path[0], path[-1], vertical_verb=has_vertical_verb(text))
    return MotionReading(motion, path, (m.span(),), tuple(notes))


@_motions(FROM_TO_RE, every_match=True)
def _from_x_to_y(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    return _from_to(m, ctx, bare=False)


@_motions(BARE_TO_RE, every_match=True)
def _x_to_y(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    return _from_to(m, ctx, bare=True)


@_motions(VIA_DESTINATION_RE)
def _via_to_destination(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    """ "the bell slowly moves over my head to the left": a path through the via point to
    the destination; with no start named it starts opposite the end (over the top from
    the right, behind from the other side), noted."""
    assert m is not None
    text = ctx.text
    if re.search(r"\bfrom\b", text) or not MOTION_VERB_RE.search(text[: m.start()]):
        return None
    end = read_endpoint("to " + m.group("b"))
    if end.azimuth_deg is None:
        return None
    end_el = end.elevation_deg or 0.0
    via = " ".join(m.group("via").split())
    verb = MOTION_VERB_RE.search(text[: m.start()])
    assert verb is not None
    before = read_direction(text[: verb.start()])
    notes: list[str] = []
    doubt = 0.0
    if before.has_direction:  # "the bell on my right moves over my head to the left"
        start_az, start_el = _start_or_front(before)
    else:
        if via.startswith(("over", "above", "across my", "across your", "overhead")):
            start_az = wrap_azimuth_deg(end.azimuth_deg + 180.0)  # over the top
        else:
            start_az = wrap_azimuth_deg(-end.azimuth_deg)  # round the back / the front
        start_el = end_el
        notes.append(
            f"start not given; starts {describe(start_az, start_el, ctx.distance_m).split(',')[0]}"
            f" (opposite the end, via '{via}')"
        )
        doubt = ASSUMED_START_DOUBT
    start = keyframe(0.0, start_az, start_el, ctx.distance_m)
    finish = keyframe(1.0, end.azimuth_deg, end_el, ctx.distance_m)
    if not moves((start, finish)):
        return None
    kfs = with_via(text, start, finish, notes)
    motion = classify(kfs[0], kfs[-1], vertical_verb=has_vertical_verb(text))
    return MotionReading(motion, kfs, (verb.span(), m.span()), tuple(notes), doubt)


@_motions(THEN_RE)
def _x_then_y(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    a, b = read_direction(m.group("a")), read_direction(m.group("b"))
    if not (a.has_direction and b.has_direction):
        return None
    notes: list[str] = []
    path = endpoint_path(
        ctx.text, m.group("a"), m.group("b"), ctx.static, ctx.distance_m, notes, prefix=False
    )
    if path is None or not moves(path):
        return None
    motion = classify(path[0], path[-1], vertical_verb=has_vertical_verb(ctx.text))
    return MotionReading(motion, path, (), tuple(notes))


@_motions(TOWARD_RE)
def _toward(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    if re.search(r"\bfrom\b", ctx.text):
        return None
    end = read_endpoint("to " + m.group("b"))
    if end.azimuth_deg is None or abs(end.azimuth_deg) <= 1.0:
        return None
    notes: list[str] = []
    before = read_direction(ctx.text[: m.start()])
    if before.has_direction:  # "starts centred and slowly moves left"
        start = keyframe(
            0.0, before.azimuth_deg or 0.0, before.elevation_deg or 0.0, ctx.distance_m
        )
    else:
        start = keyframe(0.0, 0.0, 0.0, ctx.distance_m)
        notes.append("start not given; starts in front")
    finish = keyframe(1.0, end.azimuth_deg, end.elevation_deg or 0.0, ctx.distance_m)
    kfs = with_via(ctx.text, start, finish, notes)
    return MotionReading(classify(kfs[0], kfs[-1]), kfs, (m.span(),), tuple(notes))


# ---------------------------------------------------------------- fly-overs and passes


@_motions(FLYOVER_RE)
def _fly_over(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    d = ctx.distance_m
    kfs = (
        keyframe(0.0, 0.0, 0.0, d),
        keyframe(0.5, 0.0, OVERHEAD_DEG, d),
        keyframe(1.0, 180.0, 0.0, d),
    )
    notes = []
    if not ctx.static.has_direction or ctx.static.elevation_deg == OVERHEAD_DEG:
        notes.append("fly-over direction not given; front to back")
    return MotionReading("front-to-back", kfs, (m.span(),), tuple(notes))


def _pass_on_side(sign: float, forward: bool, d: float) -> tuple[Keyframe, ...]:
    a0, a1 = (PASS_FAR_DEG, PASS_NEAR_DEG) if forward else (PASS_NEAR_DEG, PASS_FAR_DEG)
    return (
        keyframe(0.0, sign * a0, 0.0, d),
        keyframe(0.5, sign * SIDE_DEG, 0.0, d),
        keyframe(1.0, sign * a1, 0.0, d),
    )


@_motions(OVERTAKE_RE)
def _overtake(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    kfs = _pass_on_side(side_sign(ctx.static), True, ctx.distance_m)
    return MotionReading("back-to-front", kfs, (m.span(),))


#: A place given as a bearing (the compass pre-pass writes "az N") or an angle in degrees.
#: A clock position ("passing at twelve o'clock") is a fixed place too.
_EXACT_PLACE_RE = re.compile(
    r"\baz\s+-?\d|\b\d+(?:\.\d+)?\s*(?:degrees|deg)\b|\boclock\b|\bo'clock\b"
)


@_motions(PASS_RE)
def _pass(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    static, d = ctx.static, ctx.distance_m
    if static.azimuth_deg is not None and _EXACT_PLACE_RE.search(ctx.text):
        # "train passing to the north", "car pass-by, 30 degrees right of straight back":
        # a bearing or an angle is a fixed place; the pass is the sound, not a path
        return None
    if (
        static.azimuth_deg is not None
        and abs(np.sin(np.radians(static.azimuth_deg))) > ON_A_SIDE_SIN
    ):
        s = 1.0 if np.sin(np.radians(static.azimuth_deg)) > 0 else -1.0
        forward = bool(re.search(r"\bfrom\s+(?:behind|the\s+(?:back|rear))\b", ctx.text))
        motion = "back-to-front" if forward else "front-to-back"
        return MotionReading(motion, _pass_on_side(s, forward, d), (m.span(),))
    behind = (
        static.azimuth_deg is not None and np.cos(np.radians(static.azimuth_deg)) < -ON_A_SIDE_SIN
    )
    kfs = (
        keyframe(0.0, SIDE_DEG, 0.0, d),
        keyframe(0.5, 180.0 if behind else 0.0, 0.0, d),
        keyframe(1.0, -SIDE_DEG, 0.0, d),
    )
    note = "direction of the pass not given; left to right"
    return MotionReading("left-to-right", kfs, (m.span(),), (note,))


# ---------------------------------------------------------------- distance and height


@_motions(None)
def _approach_then_depart(_: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    text = ctx.text
    a_m, r_m = APPROACH_RE.search(text), RECEDE_RE.search(text)
    if a_m is None or r_m is None or a_m.start() >= r_m.start():
        return None
    # "approaches, hovers overhead, departs": far -> near -> far
    over = VIA_TOP_RE.search(text) is not None
    base = read_direction(strip_via(text)) if over else ctx.static
    az, el = _start_or_front(base)
    near, far = near_far(text, True, exclude=a_m.span())
    mid_az, mid_el = (az, OVERHEAD_DEG) if over else (az, el)
    end_az = wrap_azimuth_deg(az + 180.0) if over else az
    kfs = (
        keyframe(0.0, az, el, far),
        keyframe(0.5, mid_az, mid_el, near),
        keyframe(1.0, end_az, el, far),
    )
    notes = ("no direction given; arrives from the front",) if base.azimuth_deg is None else ()
    return MotionReading("moving", kfs, (a_m.span(), r_m.span()), notes)


def _distance_change(m: re.Match, ctx: MotionContext, approaching: bool) -> MotionReading:
    az, el = _start_or_front(ctx.static)
    notes = []
    if ctx.static.azimuth_deg is None and ctx.static.elevation_deg is None:
        notes.append("no direction given: assumed front")
    near, far = near_far(ctx.text, approaching, exclude=m.span())
    d0, d1 = (far, near) if approaching else (near, far)
    kfs = (keyframe(0.0, az, el, d0), keyframe(1.0, az, el, d1))
    return MotionReading(
        "approaching" if approaching else "receding", kfs, (m.span(),), tuple(notes)
    )


@_motions(APPROACH_RE)
def _approach(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    return _distance_change(m, ctx, True)


@_motions(RECEDE_RE)
def _recede(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    return _distance_change(m, ctx, False)


def _height_change(m: re.Match, ctx: MotionContext, rising: bool) -> MotionReading:
    az = ctx.static.azimuth_deg if ctx.static.azimuth_deg is not None else 0.0
    lo, hi = (0.0, RISE_TOP_DEG) if rising else (RISE_TOP_DEG, 0.0)
    kfs = (keyframe(0.0, az, lo, ctx.distance_m), keyframe(1.0, az, hi, ctx.distance_m))
    return MotionReading("rising" if rising else "falling", kfs, (m.span(),))


@_motions(RISE_RE)
def _rise(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    return _height_change(m, ctx, True)


@_motions(FALL_RE)
def _fall(m: re.Match | None, ctx: MotionContext) -> MotionReading | None:
    assert m is not None
    return _height_change(m, ctx, False)
