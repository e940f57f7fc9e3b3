"""Path geometry for motions: endpoints read from words, keyframes between them, the via
point that makes a long path unambiguous, and the motion name of a path.

- A via point at t=0.5 makes a two-point path unambiguous when the endpoints are
  :data:`VIA_MIN_ANGLE_DEG` or more apart or on opposite sides: over the top for flying /
  "overhead", behind for "behind me" (or two rear endpoints), else through the front
  (left/right) or the named side (front/back; the left side when none is named, noted).
- :func:`classify` names a path by its dominant change.

Angles in degrees (engine convention, +90 = left), distances in metres.
"""

from __future__ import annotations

import re

import numpy as np

from engine.geometry import angular_error_deg, direction_vector
from engine.prompt.direction import DirectionReading, read_direction
from engine.prompt.distance import (
    DEFAULT_DISTANCE_M,
    FAR_DEFAULT_M,
    NEAR_DEFAULT_M,
    clamp_distance_m,
    find_distances,
)
from engine.prompt.motion_words import (
    FALL_RE,
    FLYING_RE,
    MOTION_VERB_RE,
    RISE_RE,
    VIA_BACK_RE,
    VIA_FRONT_RE,
    VIA_TOP_RE,
)
from engine.spatial_path import Keyframe

#: Endpoints this far apart (deg) or more get a via point; "from X to Y" with no movement
#: verb is a path only when this far apart.
VIA_MIN_ANGLE_DEG = 120.0
#: A path that changes direction by less than this (deg) but distance by more than
#: :data:`DISTANCE_CHANGE_RATIO` is an approach or a recession.
APPROACH_MAX_ANGLE_DEG = 20.0
DISTANCE_CHANGE_RATIO = 1.5
#: A path moves when it turns by more than this (deg) or changes distance by this ratio.
MOVE_MIN_ANGLE_DEG = 1.0
MOVE_MIN_DISTANCE_RATIO = 1.2


def keyframe(t: float, azimuth_deg: float, elevation_deg: float, distance_m: float) -> Keyframe:
    """A keyframe with the distance clamped to what :class:`Keyframe` accepts."""
    return Keyframe(
        t, azimuth_deg, float(np.clip(elevation_deg, -90.0, 90.0)), clamp_distance_m(distance_m)
    )


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
    if angle < APPROACH_MAX_ANGLE_DEG and abs(ratio) > np.log(DISTANCE_CHANGE_RATIO):
        return "approaching" if ratio < 0 else "receding"
    if angle < MOVE_MIN_ANGLE_DEG:
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
    for regex in (VIA_TOP_RE, VIA_BACK_RE, VIA_FRONT_RE):
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


def strip_via(text: str) -> str:
    text = VIA_TOP_RE.sub(" ", text)
    text = VIA_BACK_RE.sub(" ", text)
    return VIA_FRONT_RE.sub(" ", text)


_VIA_THEN_TO_RE = re.compile(
    r"^(?:to\s+|from\s+)?(?:\w+\s+)?(?:behind|in\s+front\s+of|over|above|across|past|round|around)\s+(?:me|you|us|my\s+head|your\s+head|the\s+listener)\s+(?:and\s+)?(?:on\s+)?(?:to|towards?|onto|into)\s+(?P<rest>.+)$"
)


def read_endpoint(text: str) -> DirectionReading:
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
    r = read_endpoint("to " + text)
    return r.azimuth_deg is not None and abs(np.sin(np.radians(r.azimuth_deg))) < 1e-6


def endpoint_path(
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
    a = read_endpoint(("from " if prefix else "") + a_text)
    b = read_endpoint(("to " if prefix else "") + b_text)
    da = find_distances(a_text)
    db = find_distances(b_text)
    if not (a.has_direction or b.has_direction or da or db):
        return None
    rest = (
        read_direction(strip_via(outside), assume_azimuth=True)
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
    return with_via(text, start, end, notes)


LISTENER_RE = re.compile(
    r"\s*(?:me|you|us|myself|yourself|the\s+listener|the\s+player|the\s+camera)\s*"
)
_VIA_SPLIT_RE = re.compile(
    r"\s*,?\s+(?:through|via|past|across|(?:a)?round|by\s+way\s+of|passing(?:\s+through|\s+by)?|going\s+(?:through|past|over|across))\s+"
    # "from behind right over my head": the via point is a waypoint of its own
    r"|\s*,?\s+(?=(?:over|above)\s+(?:my|your|the\s+listener's)\s+head\b|overhead\b)"
)
_CHAIN_SPLIT_RE = re.compile(
    r"\s*,?\s+(?:(?:and\s+)?then\s+)?(?:to|on\s+to|onto|over\s+to|back\s+to)\s+(?=(?:the\s+|my\s+|your\s+)?(?:left|right|front|back|behind|rear|centre|center|middle|top|above|below|overhead|\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
)


def waypoint_path(
    a_text: str, b_text: str, static: DirectionReading, distance_m: float, outside: str
) -> tuple[Keyframe, ...] | None:
    """Keyframes for "from A through B to C" or "from A to B to C" (three or more named
    points, evenly spaced in time); None when only two points are named."""
    a_parts = _VIA_SPLIT_RE.split(a_text.strip(" ,"))
    b_parts = _CHAIN_SPLIT_RE.split(b_text.strip(" ,"))
    points = [p.strip(" ,") for p in a_parts + b_parts if p.strip(" ,")]
    if len(points) < 3:
        return None
    readings = [read_endpoint(("from " if i == 0 else "to ") + p) for i, p in enumerate(points)]
    if not all(r.has_direction for r in readings):
        return None
    rest = read_direction(strip_via(outside), assume_azimuth=True)
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


def with_via(text: str, start: Keyframe, end: Keyframe, notes: list[str]) -> tuple[Keyframe, ...]:
    angle = float(
        angular_error_deg(
            start.azimuth_deg, start.elevation_deg, end.azimuth_deg, end.elevation_deg
        )
    )
    va, vb = _vec(start.azimuth_deg, start.elevation_deg), _vec(end.azimuth_deg, end.elevation_deg)
    # a pass from one side to the other goes through the front (or back), not over the pole
    crosses = va[1] * vb[1] < 0 and min(abs(va[1]), abs(vb[1])) > 0.3
    if angle < VIA_MIN_ANGLE_DEG and not crosses:
        return (start, end)
    mid_dist = float(np.sqrt(start.distance_m * end.distance_m))
    lateral = crosses or abs(va[1]) + abs(vb[1]) > abs(va[0]) + abs(vb[0])
    vertical = abs(va[2]) + abs(vb[2]) > max(abs(va[1]) + abs(vb[1]), abs(va[0]) + abs(vb[0]))
    if vertical:
        via_az, via_el = 0.0, 0.0
    elif VIA_TOP_RE.search(text) or (FLYING_RE.search(text) and not lateral):
        via_az, via_el = 0.0 if lateral else start.azimuth_deg, 90.0
    elif lateral:
        if VIA_BACK_RE.search(text) or va[0] + vb[0] < -0.3:
            via_az, via_el = 180.0, 0.0
        else:
            via_az, via_el = 0.0, 0.0
    else:
        side = read_direction(strip_via(text))
        if side.azimuth_deg is not None and abs(np.sin(np.radians(side.azimuth_deg))) > 0.3:
            via_az = 90.0 if np.sin(np.radians(side.azimuth_deg)) > 0 else -90.0
        else:
            via_az = 90.0
            notes.append("side of the pass not given; passes on the left")
        via_el = 0.0
    el_mid = via_el if via_el else (start.elevation_deg + end.elevation_deg) / 2.0
    t_mid = (start.t + end.t) / 2.0
    return (start, keyframe(t_mid, via_az, el_mid, mid_dist), end)


def is_bare_motion(text: str, a_text: str, b_text: str) -> bool:
    """ "left to right" is a motion; "behind me to the left" is a place."""
    a, b = read_endpoint(a_text), read_endpoint(b_text)
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
    if both_sides or angle >= VIA_MIN_ANGLE_DEG:
        return True
    return bool(MOTION_VERB_RE.search(text))


def has_vertical_verb(text: str) -> bool:
    return bool(
        RISE_RE.search(text)
        or FALL_RE.search(text)
        or re.search(r"\b(?:swoop|div|plung|plummet)\w*", text)
    )


def is_path(text: str, kfs: tuple[Keyframe, ...]) -> bool:
    """A from-X-to-Y phrase is a path with a movement verb, or with far-apart directions
    ("a voice from the left to the right"); "tolling from a tower far to the right" is a place."""
    if MOTION_VERB_RE.search(text):
        return True
    if re.search(r"\bfrom\s+az\s+-?\d", text) and re.search(r"\bto\s+az\s+-?\d", text):
        return True  # "from stage left to stage right", read as two explicit angles
    first, last = kfs[0], kfs[-1]
    angle = float(
        angular_error_deg(
            first.azimuth_deg, first.elevation_deg, last.azimuth_deg, last.elevation_deg
        )
    )
    return angle >= VIA_MIN_ANGLE_DEG


def moves(kfs: tuple[Keyframe, ...]) -> bool:
    first, last = kfs[0], kfs[-1]
    angle = float(
        angular_error_deg(
            first.azimuth_deg, first.elevation_deg, last.azimuth_deg, last.elevation_deg
        )
    )
    return angle > MOVE_MIN_ANGLE_DEG or abs(np.log(last.distance_m / first.distance_m)) > np.log(
        MOVE_MIN_DISTANCE_RATIO
    )


def side_sign(static: DirectionReading) -> float:
    if static.azimuth_deg is not None and np.sin(np.radians(static.azimuth_deg)) < -0.3:
        return -1.0
    return 1.0


def near_far(
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
