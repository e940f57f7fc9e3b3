"""Venue positions read from the listener's seat: "back right of the stage, we are in the
front row", "upstage left", "house left", "the far end of the hall", "two rows behind me".

A pre-pass over the normalised prompt, like :mod:`.compass`: the seat statement ("we're
in row 5", "I'm in the middle of the stalls", "we sit at the back") is blanked out, and
each venue position is rewritten as an explicit direction and distance ("az -24 9.8 m")
that the direction and distance grammar read.

Geometry (metres, a plain end-stage theatre): the listener faces the stage; its front edge
is :data:`DEFAULT_STAGE_DISTANCE_M` ahead unless a seat is named (front row
:data:`FRONT_ROW_M`, row N about ``ROW_PITCH_M * N`` further); a stage point lies
``STAGE_HALF_WIDTH_M`` to the side for left/right (the audience's left/right; stage
directions are the performer's, so "stage left" is the audience's right) and
``DOWNSTAGE_DEPTH_M`` / ``MIDSTAGE_DEPTH_M`` / ``UPSTAGE_DEPTH_M`` beyond the edge. Halls
and rooms have a length (:data:`VENUE_LENGTHS_M`); without a seat the listener is taken
to sit in the middle ("the back of the hall" is half a hall behind).
"""

from __future__ import annotations

import math
import re

#: Distance (m) from the listener to the stage's front edge when no seat is named.
DEFAULT_STAGE_DISTANCE_M = 5.0
FRONT_ROW_M = 1.5
BARRIER_M = 1.0
ROW_PITCH_M = 0.9
MIDDLE_OF_STALLS_M = 12.0
BACK_OF_STALLS_M = 20.0
STAGE_HALF_WIDTH_M = 4.0
DOWNSTAGE_DEPTH_M = 1.0
MIDSTAGE_DEPTH_M = 4.0
UPSTAGE_DEPTH_M = 7.0
#: The orchestra pit: just before the stage, below the audience's ears.
PIT_DEPTH_M = 1.5
#: Azimuth (deg) of "house left/right": the side of the auditorium from a central seat.
HOUSE_SIDE_AZIMUTH_DEG = 70.0
#: Elevation (deg) of a balcony or gallery seen from the stalls.
BALCONY_ELEVATION_DEG = 30.0
#: Lengths (m) of the rooms a venue position can name.
VENUE_LENGTHS_M = {
    "hall": 20.0,
    "auditorium": 20.0,
    "theatre": 20.0,
    "theater": 20.0,
    "church": 20.0,
    "chapel": 12.0,
    "cathedral": 40.0,
    "cinema": 15.0,
    "club": 12.0,
    "bar": 10.0,
    "pub": 10.0,
    "gym": 20.0,
    "arena": 40.0,
    "room": 5.0,
    "studio": 6.0,
    "office": 6.0,
    "classroom": 8.0,
    "restaurant": 12.0,
    "venue": 20.0,
}

_NUM = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1,
}  # fmt: skip
_ORD = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
)
_WHO = r"(?:we|i|you|the\s+listener)(?:\s+(?:are|am|is|re|m|sit|sits|are\s+sitting|am\s+sitting|re\s+sitting|m\s+sitting|stand|are\s+standing)|'re|'m)?"
_SEAT_RE = re.compile(
    rf"\b{_WHO}\s+(?:(?:sat|seated|sitting|standing)\s+)?(?:(?:in|on|at|by|from)\s+)?(?:the\s+)?"
    rf"(?:(?P<front>front\s+row|first\s+row|front\s+of\s+the\s+(?:stalls|audience|crowd))|(?P<barrier>barrier|pit\s+rail|rail)"
    rf"|row\s+(?P<row>\d{{1,2}})|(?P<rord>{_ORD})\s+row"
    rf"|(?P<middle>(?:middle|centre|center)(?:\s+of\s+the\s+(?:stalls|audience|crowd|hall|room|house))?|(?:centre|center|middle)\s+stalls|stalls|house)"
    rf"|(?P<back>back(?:\s+row|\s+of\s+the\s+(?:stalls|hall|room|audience|crowd|house|church|auditorium|theatre|cinema|club))?|last\s+row|rear)"
    rf"|(?P<door>(?:entrance|door|doorway|doors)))\b"
)
#: Words one of which every venue position or seat statement read here contains.
_VENUE_WORDS = (
    "stage", "house", "row", "end of", "back of", "front of", "rear of", "back wall", "pit",
    "balcony", "gallery", "circle", "loft", "mezzanine", "stalls", "barrier",
)  # fmt: skip
_STAGE_RE = re.compile(
    r"\b(?:(?:at|on|from|in)\s+)?(?:the\s+)?(?P<ud>back|rear|front)\s+(?P<side>left|right)\s+(?:(?:corner|side)\s+)?of\s+the\s+stage\b"
    r"|\b(?P<ud2>up|down)stage(?:\s+(?P<sdir2>left|right|cent(?:re|er)))?\b(?:,?\s+(?:stage\s+)?(?P<side2>left|right)\b)?"
    r"|\bstage\s+(?P<sdir3>left|right)(?:,?\s+(?:at\s+the\s+|towards\s+the\s+)?(?P<ud3>back|rear|front))?\b"
    r"|\b(?:(?:at|on|from|in)\s+)?(?:the\s+)?(?P<ud4>front|back|rear)\s+of\s+(?:the\s+)?stage(?:,?\s+(?:on\s+the\s+)?(?P<side4>left|right)(?:\s+side)?)?\b"
    r"|\b(?:(?:in|from)\s+)?the\s+(?:orchestra\s+)?(?P<pit>pit)\b"
)
_HOUSE_RE = re.compile(r"\bhouse\s+(?P<side>left|right)\b")
_ROOM = "|".join(sorted(VENUE_LENGTHS_M, key=len, reverse=True))
_END_RE = re.compile(
    rf"\b(?:(?:at|in|from|by|near|on|against|to)\s+)?the\s+(?P<end>far\s+end|back(?:\s+wall)?|rear|front)\s+of\s+(?:the|this|a)\s+(?:\w+\s+)?(?P<room>{_ROOM})\b"
)
_ROWS_RE = re.compile(
    r"\b(?P<n>\d|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+rows?\s+(?P<dir>behind|in\s+front\s+of|ahead\s+of)\s+(?:me|us|you)\b"
)
_BALCONY_RE = re.compile(
    r"\b(?:side\s+)?(?:balcony|gallery|(?:dress|upper|grand)\s+circle|choir\s+loft|mezzanine)\b"
)


def _seat(m: re.Match | None) -> tuple[float | None, float]:
    """(distance to the stage's front edge or None, fraction of the room ahead of the
    listener: 0 = at the front, 1 = at the back) for a seat statement."""
    if m is None:
        return None, 0.5
    if m.group("front"):
        return FRONT_ROW_M, 0.05
    if m.group("barrier"):
        return BARRIER_M, 0.03
    row = m.group("row") or m.group("rord")
    if row:
        n = _NUM.get(row) or int(re.sub(r"\D", "", row) or 1)
        d = FRONT_ROW_M + ROW_PITCH_M * (n - 1)
        return d, min(0.9, d / 20.0)
    if m.group("middle"):
        return MIDDLE_OF_STALLS_M, 0.5
    return BACK_OF_STALLS_M, 0.95  # back, last row, by the door


def _emit(az_deg: float, el_deg: float, distance_m: float) -> str:
    el = f" el {el_deg:.0f}" if abs(el_deg) >= 0.5 else ""
    return f" az {az_deg:.0f}{el} {distance_m:.1f} m "


def _stage_point(m: re.Match, stage_m: float) -> str:
    g = m.groupdict()
    if g["pit"]:
        horiz = max(0.5, stage_m - 0.5)
        return _emit(
            0.0, -math.degrees(math.atan2(PIT_DEPTH_M, horiz)), math.hypot(horiz, PIT_DEPTH_M)
        )
    ud = g["ud"] or g["ud2"] or g["ud3"] or g["ud4"]
    depth = {
        "back": UPSTAGE_DEPTH_M,
        "rear": UPSTAGE_DEPTH_M,
        "up": UPSTAGE_DEPTH_M,
        "front": DOWNSTAGE_DEPTH_M,
        "down": DOWNSTAGE_DEPTH_M,
    }.get(ud or "", MIDSTAGE_DEPTH_M)
    lateral = 0.0
    if g["side"] or g["side2"] or g["side4"]:  # the audience's left/right
        lateral = (
            STAGE_HALF_WIDTH_M
            if (g["side"] or g["side2"] or g["side4"]) == "left"
            else -STAGE_HALF_WIDTH_M
        )
    performer = g["sdir2"] or g["sdir3"]
    if performer in ("left", "right"):  # the performer's: stage left = the audience's right
        lateral = -STAGE_HALF_WIDTH_M if performer == "left" else STAGE_HALF_WIDTH_M
    ahead = stage_m + depth
    return _emit(math.degrees(math.atan2(lateral, ahead)), 0.0, math.hypot(lateral, ahead))


def rewrite_venue(text: str) -> tuple[str, list[str]]:
    """``text`` with venue positions rewritten as directions and distances from the seat,
    and the seat statement blanked; notes on assumptions."""
    if not any(w in text for w in _VENUE_WORDS):
        return text, []
    seat = _SEAT_RE.search(text)
    found = [
        m
        for regex in (_STAGE_RE, _HOUSE_RE, _END_RE, _ROWS_RE)
        for m in regex.finditer(text)
        if seat is None or not (m.start() < seat.end() and seat.start() < m.end())
    ]
    balcony = _BALCONY_RE.search(text)
    if not found and balcony is None:
        if seat is not None:  # "..., we're in the front row": not a second source
            text = text[: seat.start()] + " " * (seat.end() - seat.start()) + text[seat.end() :]
        return text, []
    stage_m, ahead_share = _seat(seat)
    notes: list[str] = []
    if stage_m is None and any(m.re is _STAGE_RE for m in found):
        notes.append(
            f"no seat named: the stage is assumed {DEFAULT_STAGE_DISTANCE_M:g} m ahead of you"
        )
    if seat is not None:
        text = text[: seat.start()] + " " * (seat.end() - seat.start()) + text[seat.end() :]
    found.sort(key=lambda m: m.start())
    out, pos = [], 0
    for m in found:
        if m.start() < pos:
            continue
        if m.re is _STAGE_RE:
            rep = _stage_point(m, stage_m if stage_m is not None else DEFAULT_STAGE_DISTANCE_M)
        elif m.re is _HOUSE_RE:
            s = 1.0 if m.group("side") == "left" else -1.0
            rep = f" az {s * HOUSE_SIDE_AZIMUTH_DEG:.0f} "
        elif m.re is _ROWS_RE:
            n = _NUM.get(m.group("n")) or int(m.group("n"))
            az = 180.0 if m.group("dir") == "behind" else 0.0
            rep = _emit(az, 0.0, ROW_PITCH_M * n)
        else:
            length = VENUE_LENGTHS_M[m.group("room")]
            end = m.group("end")
            if end == "far end":
                rep = _emit(
                    0.0, 0.0, length * max(ahead_share, 1.0 - ahead_share) if seat else length
                )
            elif end == "front":
                rep = _emit(0.0, 0.0, max(1.0, length * ahead_share))
            else:
                rep = _emit(180.0, 0.0, max(1.0, length * (1.0 - ahead_share)))
            if m.group("room") != "room":  # a named venue is still the room heard
                rep += f"in the {m.group('room')} "
        out.append(text[pos : m.start()] + rep)
        pos = m.end()
    out.append(text[pos:])
    text = "".join(out)
    balcony = _BALCONY_RE.search(text)
    if balcony is not None and not re.search(r"\bel\s+-?\d", text):
        # a balcony seen from the stalls is above ear level
        text = text[: balcony.end()] + f" el {BALCONY_ELEVATION_DEG:.0f} " + text[balcony.end() :]
    return text, notes
