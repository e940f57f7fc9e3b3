"""Venue positions read from the listener's seat: "back right of the stage, we are in the
front row", "upstage left", "in the wings, stage right", "house left", "the far end of the
hall", "the organ loft", "the booth above the back row", "the far end of the stadium".

A pre-pass over the normalised prompt, like :mod:`.compass`: the seat statement
(:mod:`.seat`) is blanked out and each venue position is rewritten as an explicit
direction and distance ("az -24 el 0 9.8 m") that the direction and distance grammar read.

The model (metres; venue coordinates of :mod:`.seat`: ``y`` from the stage's front edge
towards the back of the room, ``x`` the audience's left, ``z`` above a seated ear). The
listener sits at ``(0, y_seat, z_seat)`` facing the stage; a point ``(x, y, z)`` is heard
at ``azimuth = atan2(x, y_seat - y)``, ``elevation = atan2(z - z_seat, horizontal)`` and
``distance = hypot(...)``.

- Stage: 12 m wide, 7 m deep, its sources at ear height. Left/right points lie
  :data:`STAGE_SIDE_X_M` (4.5) to the side, the wings :data:`WINGS_X_M` (7.5);
  downstage / midstage / upstage are :data:`DOWNSTAGE_Y_M` (1), :data:`MIDSTAGE_Y_M` (3.5)
  and :data:`UPSTAGE_Y_M` (6) behind the front edge. Stage directions are the performer's
  ("stage left" = the audience's right); "the left side of the stage" is the audience's.
- The pit is 1.5 m before the stage, 1.5 m below the ear; the conductor's podium 1 m.
- Rooms have a length from the stage (or front wall) to the back wall
  (:data:`VENUE_LENGTHS_M`: hall 24, church 24, cinema 15, stadium 105, ...). The organ or
  choir loft is at the back wall, :data:`LOFT_HEIGHT_M` (5) up; a projection or lighting
  booth 1 m behind it, :data:`BOOTH_HEIGHT_M` (3) up; a balcony over the back of the
  stalls, 6 m up; the foyer 5 m behind the back wall.
- "house left/right" (the audience's) is :data:`HOUSE_SIDE_AZIMUTH_DEG` (70) off the front
  from a central seat, 90 when "level with our row"; "near the stage", or from a seat in the
  front rows, the stage's side on that hand (about 35 off the front from the front row). An
  end of the room "on the house right side" is that corner. From a seat on the stage (facing
  the house), stage sides are the performer's and house sides the audience's.
- No seat named: stage points are heard from row 5 (:data:`DEFAULT_STAGE_SEAT_Y_M`, 7 m,
  with a note); the front or back of a room from its middle; "the far end" from the near
  end (the whole length ahead); with a seat, "the far end" is the end further from it.
- The screen, altar, pulpit, lectern and DJ booth are at the front wall, at ear height.
- A venue word beside a direction relative to the listener ("the balcony behind us", "the
  booth behind and above me") keeps that direction; the venue only sets the distance.
"""

from __future__ import annotations

import math
import re

from engine.prompt.rooms import find_room
from engine.prompt.seat import PODIUM_M, ROW_PITCH_M, Seat, find_seat

STAGE_SIDE_X_M = 4.5
WINGS_X_M = 7.5
DOWNSTAGE_Y_M = 1.0
MIDSTAGE_Y_M = 3.5
UPSTAGE_Y_M = 6.0
PIT_Y_M = 1.5
PIT_Z_M = -1.5
#: Height (m) above a seated ear of a PA or lighting rig flown over the stage.
FLOWN_HEIGHT_M = 6.0
#: Where the stage is heard from when no seat is named: row 5.
DEFAULT_STAGE_SEAT_Y_M = 7.0
LOFT_HEIGHT_M = 5.0
BOOTH_HEIGHT_M = 3.0
BOOTH_BEHIND_WALL_M = 1.0
BALCONY_Z_M = 6.0
BALCONY_FROM_BACK_M = 4.0
FOYER_BEHIND_WALL_M = 5.0
#: "house left, at the back": the side aisle, this far (m) off the room's centre line.
HOUSE_SIDE_X_M = 8.0
#: A PA stack or speaker "house left": at the stage's front corner, this far (m) off centre.
STAGE_CORNER_X_M = 5.0
_STAGE_CORNER_RE = re.compile(
    r"\b(?:speaker\s+stacks?|pa\s+stacks?|stacks?|pa|speakers?|subs?|subwoofers?|"
    r"line\s+arrays?|proscenium|fills?)\s*,?\s*(?:on\s+|at\s+|from\s+)?(?:the\s+)?$"
)
#: Azimuth (deg) of "house left/right": the side of the auditorium from a central seat.
HOUSE_SIDE_AZIMUTH_DEG = 70.0
#: "house right, just behind our row": to the side and a little behind the listener.
HOUSE_BEHIND_ROW_AZIMUTH_DEG = 120.0
#: Elevation (deg) of a balcony or gallery when the prompt gives the direction itself.
BALCONY_ELEVATION_DEG = 30.0
#: Lengths (m) from the stage or front wall to the back wall of the rooms a prompt names.
VENUE_LENGTHS_M = {
    "hall": 24.0, "auditorium": 24.0, "theatre": 24.0, "theater": 24.0, "venue": 24.0,
    "church": 24.0, "nave": 24.0, "chapel": 12.0, "cathedral": 40.0, "cinema": 15.0,
    "club": 15.0, "bar": 10.0, "pub": 10.0, "gym": 20.0, "arena": 60.0, "stadium": 105.0,
    "pitch": 100.0, "field": 100.0, "ground": 105.0, "room": 5.0, "studio": 6.0,
    "office": 6.0, "classroom": 8.0, "restaurant": 12.0, "stalls": 24.0,
    "courtroom": 15.0, "corridor": 12.0, "library": 20.0, "museum": 20.0, "ballroom": 25.0,
    "warehouse": 30.0, "audience": 24.0,
}  # fmt: skip
#: Rooms with a length but no room preset of their own (the prompt's other words set it).
_UNPRESET_ROOMS = ("courtroom", "corridor", "library", "museum", "ballroom", "warehouse")
DEFAULT_LENGTH_M = VENUE_LENGTHS_M["hall"]
#: Rooms heard out of doors (the room preset the rewrite names).
#: Half the length of a row of seats: its end from a seat in the middle.
ROW_HALF_LENGTH_M = 4.0
#: Width (m) of one seat in a row ("three seats to my left").
SEAT_PITCH_M = 0.55
#: The opposite stand of a stadium: across the pitch.
OPPOSITE_STAND_M = 70.0
_OUTDOOR_ROOMS = ("stadium", "pitch", "field", "ground")
#: Rooms that name the room preset heard ("in the church"); a bare "room" or "the stalls" do not.
_NAMED_ROOMS = tuple(
    r
    for r in VENUE_LENGTHS_M
    if r not in ("room", "stalls", "nave", "audience", *_OUTDOOR_ROOMS, *_UNPRESET_ROOMS)
)

#: Words one of which every venue position or seat statement read here contains.
_VENUE_WORDS = (
    "stage", "house", "row", "end of", "back of", "front of", "rear of", "back wall", "pit",
    "balcony", "gallery", "circle", "loft", "mezzanine", "stalls", "barrier", "wings",
    "podium", "booth", "foyer", "lobby", "goal", "seat", "pew", "nave", "desk", "apron",
    "stand", "halfway", "end", "screen", "altar", "pulpit", "lectern", "decks",
)  # fmt: skip
_SIDE = r"(?:left|right)"
_STAGE_RE = re.compile(
    rf"\b(?:(?:in|from|into)\s+)?the\s+(?:(?P<wside>(?:stage[\s-]+)?{_SIDE})\s+)?(?P<wings>wings?)\b(?:,?\s+(?P<wside2>stage\s+{_SIDE}))?"
    # "offstage left": beyond the stage's side, in the wings (the performer's side)
    rf"|\b(?:(?:from|into)\s+)?(?P<offstage>off[\s-]?stage)\s+(?P<offside>{_SIDE})\b"
    rf"|\b(?:(?:at|on|from|in)\s+)?(?:the\s+)?(?P<ud>back|rear|front)\s+(?P<side>{_SIDE})\s+(?:(?:corner|side)\s+)?of\s+(?:the\s+)?stage\b"
    rf"|\b(?P<ud2>up|down)[\s-]?stage(?:\s+(?P<sdir2>{_SIDE}|cent(?:re|er)))?\b(?:,?\s+(?:stage\s+)?(?P<side2>{_SIDE})\b(?!\s+(?:at|on|in|by|beside|next|against|up|down|over|here|there)\b)"
    # "upstage, on the right as we look at it": the audience's side
    rf"|,?\s+(?:on\s+(?:the|our|my|your)\s+)?(?P<side6>{_SIDE})(?:[\s-]+hand)?(?:\s+side)?,?\s+as\s+(?:we|i|you)\s+(?:look|face|see)(?:\s+at)?(?:\s+it)?\b)?"
    rf"|\b(?:(?:at|on|from)\s+)?stage\s+(?P<sdir3>{_SIDE})(?:,?\s+(?:at\s+the\s+|towards\s+the\s+)?(?P<ud3>back|rear|front))?\b"
    rf"|\b(?:(?:at|on|from|in)\s+)?(?:the\s+)?(?P<ud4>front|back|rear)\s+(?:corner\s+|edge\s+|part\s+)?of\s+(?:the\s+)?stage(?:,?\s+(?:on\s+(?:the|our|my|your)\s+)?(?:house\s+)?(?P<side4>{_SIDE})(?:[\s-]+hand)?(?:\s+side)?(?:,?\s+as\s+(?:we|i|you)\s+(?:look|face|see)\s+(?:at\s+)?it)?)?\b"
    rf"|\b(?:(?:at|on|from|to)\s+)?(?:the\s+)?(?:(?:audience|house)[\s-]+|(?:the\s+)?audience'?s\s+)?(?P<side5>{_SIDE})(?:\s+hand)?(?:\s+side)?\s+of\s+(?:the\s+)?stage\b"
    # "down left on stage", "on stage, up right": the performer's stage areas
    rf"|\b(?:on\s*(?:the\s+)?stage,?\s+)(?P<ud6>up|down)\s+(?P<sdir6>{_SIDE}|cent(?:re|er))\b"
    rf"|\b(?P<ud7>up|down)\s+(?P<sdir7>{_SIDE}|cent(?:re|er))\s+(?:on|of)\s*(?:the\s+)?stage\b"
    r"|\b(?:(?:at|in|from)\s+)?(?:(?:cent(?:re|er)|middle)[\s-]+stage|stage\s+cent(?:re|er)|the\s+(?:centre|center|middle)\s+of\s+the\s+stage)\b"
    r"|\b(?:(?:in|from)\s+)?the\s+(?:orchestra\s+)?(?P<pit>pit)\b"
    r"|\b(?P<podium>(?:on|at|from)\s+the\s+(?:conductor'?s?\s+)?podium)\b"
    r"|\b(?:(?:at|on|from)\s+)?the\s+(?P<lip>lip|edge|apron|very\s+front)\s+of\s+the\s+stage\b|\b(?:on\s+)?the\s+(?P<apron>apron)\b"
    r"|\b(?:(?:in\s+)?the\s+(?:centre|center|middle)\s+of\s+)?the\s+(?P<orchestra>orchestra|band|choir|ensemble)\b(?!\s+pit)"
    r"|\b(?P<above>(?:above|over)\s+the\s+stage)\b"
    r"|\b(?P<onstage>on\s*stage|(?:on|from|at|towards?|near|by)\s+the\s+(?:main\s+|big\s+|small\s+|second\s+|side\s+|outdoor\s+|festival\s+)?stage)\b(?!\s+(?:door|manager|hand|crew|lights?|left|right))"
)
_HOUSE_RE = re.compile(
    r"\b(?:in\s+the\s+)?house\s+(?P<side>left|right)(?:\s+aisle)?\b"
    r"(?:,?\s+(?:at\s+|towards?\s+|near\s+)?(?:the\s+)?(?P<hend>rear|back|front)(?:\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:hall|auditorium|house|theat(?:re|er)|stalls|room|church|venue|cinema))?\b)?"
    # "house right near the stage": the house's side by the stage, not level with the seat
    r"(?P<hnear>,?\s+(?:(?:right|just|up)\s+)?(?:near|by|close\s+to|next\s+to|beside)\s+the\s+stage\b)?"
    r"(?P<level>(?:,?\s+\w+){0,3},?\s+(?:level\s+with|beside|alongside|abreast\s+of|next\s+to)\s+(?:our|my|the\s+listener'?s)\s+(?:row|seats?)|(?:,?\s+\w+){0,3},?\s+level\s+with\s+(?:us|me))?"
    # "house-right exit door, just behind our row": to the side and a little behind
    r"(?P<behindrow>(?:,?\s+[\w-]+){0,3},?\s+(?:just\s+|right\s+|a\s+(?:little|bit)\s+)?behind\s+(?:our|my|the\s+listener'?s)\s+(?:row|seats?))?"
)
#: "facing the altar", "looking at the screen": the listener's facing, not a source.
_FACING_BEFORE_RE = re.compile(
    r"\b(?:facing|faces|face|looking\s+(?:at|towards?|up\s+at)|turned\s+towards?)\s+$"
)
_ROOM = "|".join(sorted(VENUE_LENGTHS_M, key=len, reverse=True))
_OPPOSITE_RE = re.compile(
    r"\b(?:(?:in|from|at|on)\s+)?the\s+(?:opposite|far|other)\s+(?P<what>stand|terrace|touchline|side\s+of\s+the\s+(?:pitch|field|stadium|ground))\b"
    r"|\b(?:(?:in|from|at|on)\s+)?the\s+(?P<end>away\s+end|opposite\s+end|far\s+end|other\s+end)\b(?!\s+of)"
    r"|\b(?:(?:on|at|from|near|by)\s+)?the\s+(?P<half>halfway\s+line|cent(?:re|er)\s+(?:circle|spot)|kick[\s-]?off\s+spot)\b"
)
#: "at the front" / "at the back" with a seat named: the ends of the room heard from it.
_BARE_END_RE = re.compile(
    r"\b(?:at|from|near|by)\s+the\s+(?P<end>front|back|rear)\b(?!\s+(?:of|left|right|row|pew|seat|door))"
)
_END_RE = re.compile(
    rf"\b(?:(?:at|in|from|by|near|on|against|to|towards)\s+)?(?:the\s+|(?<!\bin\s)(?<!\bup\s)(?<!\bout\s)(?<!\bon\s))(?:very\s+)?(?P<end>far\s+end|other\s+end|back(?:\s+wall|\s+row)?|last\s+row|rear(?:\s+wall)?|front)\s+of\s+(?:the|this|a)\s+(?:\w+\s+)?(?P<room>{_ROOM})\b"
)
#: "the back of the auditorium on the house right side": that end's corner on that side.
_HOUSE_AFTER_END_RE = re.compile(
    r"\s*,?\s*(?:on\s+|to\s+|at\s+)?(?:the\s+)?house[\s-]+(left|right)\b"
)
_AFTER_END_RE = re.compile(
    r"\b(?:back|rear|front|far\s+end|other\s+end)\s+of\s+(?:the|this|a)\s+(?:\w+\s+)?\w+"
    r"\s*,?\s*(?:on\s+|to\s+|at\s+)?(?:the\s+)?$"
)
_ROWS_RE = re.compile(
    r"\b(?:at\s+|from\s+)?the\s+(?P<rowend>(?:far\s+|other\s+)?end)\s+of\s+(?:our|my|the|this)\s+(?:row|pew)\b"
    r"|\b(?:in\s+)?the\s+(?P<next>next\s+)?row\s+(?P<dir1>behind|in\s+front\s+of|ahead\s+of)\s+(?:me|us|you)\b"
    r"|\b(?P<seats>\d|one|two|three|four|five|a)\s+seats?\s+(?:(?:to|on)\s+)?(?:my|our|your)\s+(?P<side>left|right)\b"
    r"|\b(?P<n>\d|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+rows?\s+(?P<dir>behind|in\s+front\s+of|ahead\s+of)\s+(?:me|us|you)\b"
)
_FIXTURE_RE = re.compile(
    r"\b(?:(?:up\s+)?(?:in|from|at|on)\s+)?the\s+(?P<loft>(?:organ|choir)\s+(?:loft|gallery)|loft)\b"
    # "the loft above the stage": a loft at the front, over the back of the stage
    r"(?P<loftstage>\s+(?:above|over|behind)\s+the\s+(?:stage|altar|chancel|choir\s+stalls))?"
    r"|\b(?:(?:in|from|at)\s+)?(?:the\s+)?(?P<booth>(?:projection|projector|projectionist'?s|lighting|lights?|control|tech|follow\s*spot|sound)\s+booth|(?<=the\s)booth)\b"
    r"|\b(?:(?:up\s+)?(?:in|from|on|at)\s+)?the\s+(?P<balcony>(?:side\s+|west\s+|east\s+|north\s+|south\s+|rear\s+|back\s+)?balcony|(?:\w+\s+)?gallery|(?:dress|upper|grand)\s+circle|mezzanine|gods)\b"
    r"|\b(?:(?:in|from|at)\s+)?the\s+(?P<foyer>foyer|lobby)\b"
    r"|\b(?:(?:on|from|at|by|behind)\s+)?the\s+(?P<front>(?:cinema\s+|movie\s+)?screen|altar|pulpit|lectern|dj\s+booth|decks)\b"
)
#: A direction relative to the listener ("behind us", "above and in front", "to our right"):
#: it wins over the model. One followed by a venue object ("behind the congregation",
#: "above and behind the back row") is relative to the venue instead.
_DIRW = r"(?:behind|above|over|below|beneath|under|overhead|in\s+front(?:\s+of)?|ahead(?:\s+of)?|beside|next\s+to|(?:to|on)\s+the\s+(?:left|right)(?:\s+of)?)"
_RELATIVE_RE = re.compile(
    rf"\b(?>{_DIRW}(?:\s+and\s+{_DIRW})*)(?!\s+(?:of\s+)?(?:the|a|an|this|that)\b)"
    r"|\b(?:to|on)\s+(?:my|our|your)\s+(?:left|right)\b"
)
_NUM = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def _emit(x: float, y: float, z: float, seat_y: float, seat_z: float) -> str:
    """A point in venue coordinates as heard from the seat, in the grammar's words."""
    ahead, left, up = seat_y - y, x, z - seat_z
    if seat_y < 0.0:  # on the stage looking out at the house: facing the back of the room
        ahead, left = y - seat_y, -x
    horiz = math.hypot(ahead, left)
    az = math.degrees(math.atan2(left, ahead)) if horiz > 1e-6 else 0.0
    el = math.degrees(math.atan2(up, horiz))
    dist = max(0.5, math.hypot(horiz, up))
    el_words = f" el {el:.0f}" if abs(el) >= 0.5 else ""
    return f" az {az:.0f}{el_words} {dist:.1f} m "


def _stage_xyz(g: dict[str, str | None]) -> tuple[float, float, float]:
    if g["pit"]:
        return 0.0, PIT_Y_M, PIT_Z_M
    if g["podium"]:
        return 0.0, PODIUM_M, 0.0
    if g["lip"] or g["apron"]:
        return 0.0, -0.5, 0.0
    if g["above"]:  # a flown PA or lighting rig over the stage's front
        return 0.0, -DOWNSTAGE_Y_M, FLOWN_HEIGHT_M
    ud = g["ud"] or g["ud2"] or g["ud3"] or g["ud4"] or g["ud6"] or g["ud7"]
    depth = {
        "back": UPSTAGE_Y_M,
        "rear": UPSTAGE_Y_M,
        "up": UPSTAGE_Y_M,
        "front": DOWNSTAGE_Y_M,
        "down": DOWNSTAGE_Y_M,
    }.get(ud or "", MIDSTAGE_Y_M)
    x = 0.0
    audience_side = g["side"] or g["side2"] or g["side4"] or g["side5"] or g["side6"]
    if audience_side:
        x = STAGE_SIDE_X_M if audience_side == "left" else -STAGE_SIDE_X_M
    performer = g["sdir2"] or g["sdir3"] or g["sdir6"] or g["sdir7"]
    if performer in ("left", "right"):  # the performer's: stage left = the audience's right
        x = -STAGE_SIDE_X_M if performer == "left" else STAGE_SIDE_X_M
    wing = g["wside"] or g["wside2"] or (f"stage {g['offside']}" if g["offside"] else None)
    if g["wings"] or g["offstage"]:
        # the wings: beyond the stage's sides; "stage left" is the performer's, a bare
        # "left wing" the audience's
        s = 1.0
        if wing:
            left = wing.endswith("left")
            s = (-1.0 if left else 1.0) if "stage" in wing else (1.0 if left else -1.0)
        x = s * WINGS_X_M
    return x, -depth, 0.0


def _is_outdoor_venue(text: str, room: str | None) -> bool:
    """True when a bare 'far end' belongs to a stadium or ground (a named outdoor venue or
    its parts: stand, terrace, pitch, away end); every other venue is a room."""
    if room in _OUTDOOR_ROOMS:
        return True
    return re.search(r"\b(?:stands?|terraces?|touchline|away\s+end|goal|kop)\b", text) is not None


def _room_length(text: str) -> tuple[str | None, float]:
    # "the bar at the back of the arena": the largest room named is the venue
    named = re.findall(rf"\b({_ROOM})\b", text)
    if not named:
        return None, DEFAULT_LENGTH_M
    room = max(named, key=lambda r: VENUE_LENGTHS_M[r])
    return room, VENUE_LENGTHS_M[room]


def _clause(text: str, m: re.Match) -> str:
    """The clause around a match (between ; . and the ends)."""
    a = max(text.rfind(";", 0, m.start()), text.rfind(".", 0, m.start())) + 1
    ends = [i for i in (text.find(";", m.end()), text.find(".", m.end())) if i >= 0]
    return text[a : min(ends) if ends else len(text)]


#: "first violins on the conductor's left", "cellos at the front of the stage on the
#: conductor's right": orchestra sections fan out in front of the podium, so a side of the
#: conductor is the front-left/right quarter (the conductor faces the way the audience does);
#: the back of the stage is farther off, so nearer the centre line (30 deg).
_CONDUCTOR_SIDE_RE = re.compile(
    r"(?:\b(?:at|on|near|towards?)\s+the\s+(?P<end>front|back|rear)\s+of\s+the\s+stage,?\s+)?"
    r"\b(?:on|to|at|by)\s+(?:the\s+)?conductor'?s?\s+(?P<side>left|right)(?:[\s-]+hand)?(?:\s+side)?\b"
)


def _conductor_side(m: re.Match) -> str:
    az = 30 if m.group("end") in ("back", "rear") else 45  # the back rows are farther off
    return f" az {az if m.group('side') == 'left' else -az} "


#: "offstage phone rings house left": offstage on the audience's left is the stage-right wing.
_OFFSTAGE_HOUSE_RE = re.compile(
    r"\boff[\s-]?stage\b(?!\s+(?:left|right)\b)(?P<mid>[^,;.]{0,40}?)\s+(?:on\s+|to\s+)?(?:the\s+)?house[\s-]+(?P<side>left|right)\b"
)


def _offstage_house(m: re.Match) -> str:
    stage_side = "right" if m.group("side") == "left" else "left"
    return f"{m.group('mid')} in the wings stage {stage_side}"


def rewrite_venue(text: str) -> tuple[str, list[str]]:
    """``text`` with venue positions rewritten as directions and distances from the seat,
    and the seat statement blanked; notes on assumptions."""
    text = _CONDUCTOR_SIDE_RE.sub(_conductor_side, text)
    text = _OFFSTAGE_HOUSE_RE.sub(_offstage_house, text)
    if not any(w in text for w in _VENUE_WORDS):
        return text, []
    seat = find_seat(text)
    room, length = _room_length(text)  # before the seat is blanked: "row 3 of the cinema"
    regexes = [_STAGE_RE, _HOUSE_RE, _END_RE, _ROWS_RE, _FIXTURE_RE, _OPPOSITE_RE]
    if seat is not None:
        regexes.append(_BARE_END_RE)
    found = [
        m
        for regex in regexes
        for m in regex.finditer(text)
        if seat is None or not (m.start() < seat.span[1] and seat.span[0] < m.end())
    ]
    if seat is not None:  # "we're at the desk at the back of the hall": where the seat is
        tail = [m for m in found if m.re is _END_RE and _qualifies_seat(text, seat, m)]
        if tail:
            seat = Seat(seat.kind, (seat.span[0], tail[0].end()), seat.row, seat.raised)
            found = [m for m in found if m not in tail]
    if seat is not None:  # "..., we're in the front row": not a second source
        a, b = seat.span
        named = re.search(rf"\b({_ROOM})\b", text[a:b])
        keep = f" in the {named.group(1)} " if named and named.group(1) in _NAMED_ROOMS else ""
        if keep and find_room(keep)[0] is None:  # "the back row of the cinema": no preset
            keep = ""
        text = text[:a] + " " * (b - a) + text[b:] + keep
    if not found:
        return text, []
    notes: list[str] = []
    found.sort(key=lambda m: (m.start(), -m.end()))
    out, pos = [], 0
    for m in found:
        if m.start() < pos or _names_a_group_placed_elsewhere(text, m, found):
            continue
        rep = _rewrite_one(text, m, seat, length, room)
        if rep is None:
            continue
        if _FACING_BEFORE_RE.search(text[: m.start()]):
            rep = " "  # "we face the altar": where the listener looks, not a source
        lead = re.match(r"(?:from|to|towards|toward|into)\b", m.group(0))
        if lead is not None and rep.strip():  # "from stage left to stage right": a path
            rep = f" {lead.group(0)}{rep}"
        out.append(text[pos : m.start()] + rep)
        pos = m.end()
        if seat is None and rep.strip() and not notes:
            note = _no_seat_note(m)
            if note:
                notes.append(note)
    out.append(text[pos:])
    return "".join(out), notes


def _qualifies_seat(text: str, seat: Seat, m: re.Match) -> bool:
    """A venue end right after the seat statement ("..., at the back of the hall") says
    where the seat is, not where a sound is."""
    if m.start() < seat.span[1]:
        return False
    gap = text[seat.span[1] : m.start()]
    return bool(re.fullmatch(r"\s*,?\s*", gap)) and bool(
        re.match(r"(?:at|in|by|near|on)\b", m.group(0))
    )


def _names_a_group_placed_elsewhere(text: str, m: re.Match, found: list[re.Match]) -> bool:
    """ "the choir sings from the choir loft": the group is the source, the loft its place."""
    if m.re is not _STAGE_RE or not m.group("orchestra"):
        return False
    clause = _clause(text, m)
    return any(o is not m and o.group(0) in clause and o.start() >= m.end() for o in found)


def _no_seat_note(m: re.Match) -> str | None:
    """What a venue position assumed when no seat is named (shown to the user)."""
    if m.re is _STAGE_RE:
        return (
            f"no seat named: the stage is heard from row 5, about {DEFAULT_STAGE_SEAT_Y_M:g} m away"
        )
    if m.re is _END_RE and m.group("end") in ("far end", "other end"):
        return (
            f"no seat named: '{m.group('end')}' heard from the other end of the {m.group('room')}"
        )
    if m.re in (_END_RE, _FIXTURE_RE):
        return "no seat named: assumed the middle of the room"
    return None


def _rewrite_one(
    text: str, m: re.Match, seat: Seat | None, length: float, room: str | None
) -> str | None:
    """The words that replace one venue position ``m`` (None: leave it)."""
    seat_z = seat.z_m if seat is not None else 0.0
    if m.re is _HOUSE_RE:
        s = 1.0 if m.group("side") == "left" else -1.0
        if _END_RE.search(text[: m.start()]) and _AFTER_END_RE.search(text[: m.start()]):
            return " "  # "the back of the auditorium on the house right side": a corner (below)
        on_stage = seat is not None and seat.kind == "stage"
        if m.group("hend") or on_stage:  # "house left, rear of the auditorium": that corner
            seat_y = seat.y_m(length) if seat is not None else length / 2.0
            end = m.group("hend")
            y = length / 2.0 if end is None else 0.0 if end == "front" else length
            return _emit(s * HOUSE_SIDE_X_M, y, 0.0, seat_y, seat_z)
        if _STAGE_CORNER_RE.search(text[max(0, m.start() - 40) : m.start()]):
            # "the speaker stack house left": at the stage's front corner on that side
            seat_y = seat.y_m(length) if seat is not None else length / 2.0
            return _emit(s * STAGE_CORNER_X_M, 0.0, 0.0, seat_y, seat_z)
        front_seat = seat is not None and seat.at_front_half and not seat.raised
        if m.group("hnear") or (front_seat and not m.group("level") and not m.group("behindrow")):
            # "house left, we sit front row centre", "house right near the stage": that
            # side of the stage's front, ahead of a front seat rather than level with it
            seat_y = seat.y_m(length) if seat is not None else length / 2.0
            return _emit(s * STAGE_SIDE_X_M, -MIDSTAGE_Y_M, 0.0, seat_y, seat_z)
        az = 90.0 if m.group("level") else HOUSE_SIDE_AZIMUTH_DEG
        noun = ""
        if m.group("behindrow"):
            az = HOUSE_BEHIND_ROW_AZIMUTH_DEG
            # "house-right exit door, just behind our row": keep "exit door" (the source)
            lead = re.match(
                r"[\s,]*(.*?)[\s,]*(?:just\s+|right\s+|a\s+(?:little|bit)\s+)?behind\b",
                m.group("behindrow"),
            )
            noun = f" {lead.group(1)}" if lead and lead.group(1) else ""
        return f"{noun} az {s * az:.0f} "
    if m.re is _ROWS_RE:
        if m.group("rowend"):  # along our row: the side comes from the prompt's words
            return f" {ROW_HALF_LENGTH_M:g} m "
        if m.group("seats"):  # "three seats to my left"
            n = _NUM.get(m.group("seats")) or int(m.group("seats"))
            s = 1.0 if m.group("side") == "left" else -1.0
            return f" az {90.0 * s:.0f} {SEAT_PITCH_M * n:.1f} m "
        n = _NUM.get(m.group("n") or "one") or int(m.group("n"))
        az = 180.0 if (m.group("dir") or m.group("dir1")) == "behind" else 0.0
        return f" az {az:.0f} {ROW_PITCH_M * n:.1f} m "
    if m.re is _STAGE_RE:
        g: dict[str, str | None] = dict(m.groupdict())
        if g["onstage"] and re.search(
            r"\b(?:we|i|you)(?:'re|'m|\s+are|\s+am)?(?:\s+\w+ing)?\s+$", text[: m.start()]
        ):
            return " "  # "we're on stage": where the listener is, not a source
        if (g["onstage"] or g["orchestra"]) and _RELATIVE_RE.search(_clause(text, m)):
            seat_y = seat.y_m(length) if seat is not None else DEFAULT_STAGE_SEAT_Y_M
            return f" {seat_y + MIDSTAGE_Y_M:.1f} m "  # "to our left on stage": the words' side
        seat_y = seat.y_m(length) if seat is not None else DEFAULT_STAGE_SEAT_Y_M
        x, y, z = _stage_xyz(g)
        noun = f" the {g['orchestra']}" if g["orchestra"] else ""  # the source itself
        return noun + _emit(x, y, z, seat_y, seat_z)
    if m.re is _OPPOSITE_RE:  # across a stadium's pitch, or to its other end
        ahead = OPPOSITE_STAND_M
        if m.group("end") and not _is_outdoor_venue(text, room):
            # "the far end" in a club, a courtroom, an unnamed hall: the room's length
            indoor = room if room is not None else "hall"
            ahead = VENUE_LENGTHS_M[indoor]
            behind = False
            if seat is not None:
                seat_y = seat.y_m(ahead)
                behind = seat_y < ahead / 2.0
                ahead = max(seat_y, ahead - seat_y)
            where = f"in the {room} " if room in _NAMED_ROOMS else ""
            return f" az {180 if behind else 0} {ahead:.0f} m {where}"
        if m.group("end"):
            ahead = VENUE_LENGTHS_M["stadium"]
        elif m.group("half"):
            ahead = VENUE_LENGTHS_M["stadium"] / 2.0
        return f" az 0 {ahead:.0f} m in the open air "
    seat_y = seat.y_m(length) if seat is not None else length / 2.0
    relative = _RELATIVE_RE.search(_clause(text, m)) is not None
    if m.re is _BARE_END_RE:
        y = 0.0 if m.group("end") == "front" else length
        return _emit(0.0, y, 0.0, seat_y, seat_z)
    if m.re is _END_RE:
        end = m.group("end")
        where = m.group("room")
        length = VENUE_LENGTHS_M[where]
        seat_y = seat.y_m(length) if seat is not None else length / 2.0
        if end in ("far end", "other end"):
            if seat is None:
                y, seat_y = 0.0, length  # heard from the near end
            else:
                y = length if seat_y < length / 2.0 else 0.0
        else:
            y = 0.0 if end == "front" else length - 1.0 if "row" in end else length
        side = _HOUSE_AFTER_END_RE.match(text[m.end() :])
        x = 0.0 if side is None else (1.0 if side.group(1) == "left" else -1.0) * HOUSE_SIDE_X_M
        rep = _emit(x, y, 0.0, seat_y, seat_z)
        rel = _RELATIVE_RE.search(_clause(text, m))
        if rel is not None:  # "the far end of the hall, behind us": the prompt's own direction
            rep = f" {math.hypot(seat_y - y, seat_z):.1f} m "
            if re.fullmatch(r"(?:(?:to|on)\s+(?:my|our|your)\s+)?(?:left|right)", rel.group(0)):
                # "back of the venue on our right": that end, on that side (a corner)
                fb = "behind" if y > seat_y + 1.0 else "in front" if y < seat_y - 1.0 else ""
                rep = f" {fb}{rep}"
        if where in _OUTDOOR_ROOMS:
            return rep + "in the open air "
        if where in _NAMED_ROOMS:  # a named venue is still the room heard
            return rep + f"in the {where} "
        return rep
    kind = next(k for k in ("loft", "booth", "balcony", "foyer", "front") if m.group(k))
    if kind == "booth" and not m.group("booth").endswith(" booth") and seat is None:
        return None  # "the booth" alone is a room unless a seat makes this a venue
    if kind == "balcony" and seat is not None and seat.kind == "balcony":
        return None
    xyz = {
        "loft": (0.0, -UPSTAGE_Y_M if m.group("loftstage") else length, LOFT_HEIGHT_M),
        "booth": (0.0, length + BOOTH_BEHIND_WALL_M, BOOTH_HEIGHT_M),
        "balcony": (0.0, length - BALCONY_FROM_BACK_M, BALCONY_Z_M),
        "foyer": (0.0, length + FOYER_BEHIND_WALL_M, 0.0),
        "front": (0.0, 0.0, 0.0),  # the screen, altar, pulpit, DJ booth: the front wall
    }[kind]
    noun = f" {m.group('front')}" if kind == "front" else ""  # the source itself: keep it
    if kind == "loft" and m.group("loft").startswith("organ"):
        noun = " organ"  # "the organ loft": the organ sounds
    if relative:  # "the balcony behind us": the prompt's own direction, the venue's distance
        ahead, up = seat_y - xyz[1], xyz[2] - seat_z
        dist = math.hypot(ahead, up)
        lift = ""
        others = text[: m.start()] + " " + text[m.end() :]
        if kind == "balcony" and not re.search(r"\b(?:above|over|up|below|down)\b", others):
            lift = f"el {BALCONY_ELEVATION_DEG:.0f} "
        return f"{noun} {lift}{dist:.1f} m "
    return noun + _emit(*xyz, seat_y, seat_z)
