"""Where the listener sits in a venue: "we're in the front row", "row B centre", "from our
seat in the middle of the concert hall", "heard from the conductor's podium", "from the
mixing desk at the back of the auditorium", "we're up in the dress circle", "behind the
home goal".

Venue coordinates (metres), used by :mod:`.venue`: ``y`` runs from the stage's front edge
(or the front wall of a room with no stage) towards the back of the room; ``x`` is the
audience's left; ``z`` is height above a seated listener's ears. A seat is a point
``(0, y, z)``:

==============================  =======================================================
seat                            y (m)
==============================  =======================================================
at the barrier / rail           :data:`BARRIER_M` (1)
conductor's podium              :data:`PODIUM_M` (1, just before the stage)
front row, row A / 1            :data:`FRONT_ROW_M` (3)
row N (number, letter, ordinal) ``FRONT_ROW_M + ROW_PITCH_M * (N - 1)`` (1 m per row)
middle / centre of the X        half the room's length (the stalls: 12)
mixing desk, front-of-house     the room's length - :data:`DESK_FROM_BACK_M` (21)
back row, last row, rear        the room's length - 1 (23)
by the door / entrance          the room's length - 0.5
one end (behind the goal)       the room's length (a stadium's far end is ahead)
balcony, circle, gallery        the room's length - 4, raised :data:`BALCONY_HEIGHT_M`
==============================  =======================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BARRIER_M = 1.0
PODIUM_M = 1.0
FRONT_ROW_M = 3.0
ROW_PITCH_M = 1.0
DESK_FROM_BACK_M = 3.0
#: On the stage looking out at the house: behind the stage's front edge (negative y); a
#: seat there faces the other way, towards the back of the room.
ON_STAGE_Y_M = -3.0
#: A balcony or circle: above the stalls' ears, over the back of the stalls.
BALCONY_HEIGHT_M = 6.0
BALCONY_FROM_BACK_M = 4.0

_WORD_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORD = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
)
_ROOMS = r"(?:stalls|audience|crowd|hall|room|house|church|nave|auditorium|theat(?:re|er)|cinema|club|venue|arena|stadium|stand|pews?|concert\s+hall)"
#: The place part of a seat statement; named groups say which kind of seat.
SEAT_PLACE = (
    rf"(?:(?P<front>(?:(?:dead\s+)?(?:centre|center|middle)\s+)?front\s+row(?!\s+of\s+the\s+(?:balcony|circle|gallery|mezzanine|upper\s+tier|dress\s+circle|upper\s+circle|grand\s+circle|royal\s+circle|gods)\b)|first\s+row(?!\s+of\s+the\s+(?:balcony|circle|gallery|mezzanine|upper\s+tier|dress\s+circle|upper\s+circle|grand\s+circle|royal\s+circle|gods)\b)|front\s+of\s+the\s+{_ROOMS}(?!,?\s+(?:and\s+)?(?:looking|facing|staring|turned|gazing)\b)|front(?!\s+(?:of|left|right|row)\b)|(?:(?<=near\s)|(?<=near\sthe\s)|(?<=by\s)|(?<=by\sthe\s)|(?<=to\sthe\s))stage\b(?!\s+(?:left|right|door|manager)))"
    r"|(?P<stage>(?:(?:(?:the\s+)?(?:lip|edge|apron|front|very\s+front|middle|centre|center|back)\s+of\s+)?(?:the\s+)?stage(?:,?\s+(?:centre|center|middle|left|right|front)\b,?)?|(?:centre|center|middle|down|up)[\s-]?stage(?:\s+(?:centre|center|left|right))?,?|(?:the\s+)?(?:actor|actress|performer|player|singer)'?s?\s+(?:perspective|pov|point\s+of\s+view|position),?|(?:the\s+)?(?:lectern|pulpit|rostrum|dais|altar|whiteboard|front\s+of\s+the\s+(?:room|class|classroom|hall|church|chapel|space|venue|studio|courtroom)))(?:\s+and)?,?\s+(?:looking|facing|staring|turned|gazing)\s+(?:out\b(?:\s+(?:at|to|towards?|into|over)\s+(?:the\s+)?(?:house|audience|auditorium|crowd|stalls|hall|seats))?|(?:(?:at|to|towards?|into|over)\s+)?(?:the\s+)?(?:house|audience|auditorium|crowd|stalls|hall|seats|room|class|congregation|jury|delegates|guests|visitors|students|pupils|people|crowd)))"
    r"|(?P<barrier>(?:crowd\s+)?barrier|pit\s+rail|rail)"
    r"|(?P<podium>(?:conductor'?s?\s+)?podium|conductor'?s\s+(?:stand|position|spot))"
    r"|(?:(?:(?:dead|straight|bang|smack)\s+)?(?:centre|center|middle)\s+(?:of|in)\s+|(?:end|side)\s+of\s+|(?:(?:dead|straight|bang|smack)\s+)?(?:centre|center|middle),?\s+)?row\s+(?P<row>\d{1,2}|[a-z]|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    rf"|(?P<rord>{_ORD})\s+(?:row|pew)(?!\s+of\s+the\s+(?:balcony|circle|gallery|mezzanine|upper\s+tier|dress\s+circle|upper\s+circle|grand\s+circle|royal\s+circle|gods)\b)|pew\s+(?P<pew>\d{{1,2}})\b"
    r"|(?P<desk>(?:mixing|sound|foh|front\s+of\s+house)\s+(?:desk|position|booth)|foh|mix\s+position)"
    r"|(?P<balcony>(?:(?:front|first)\s+row\s+of\s+the\s+)?(?:(?:dress|upper|grand|royal)\s+circle|balcony|gallery|mezzanine|circle|upper\s+tier|gods))"
    r"|(?P<end>(?:behind|by)\s+the\s+(?:home\s+|away\s+)?goal|(?:home|near)\s+end|(?:main|home|away|family|north|south|east|west)\s+stand|terraces?|(?:one|the\s+near)\s+end(?:\s+of\s+the\s+\w+)?)"
    rf"|(?P<middle>(?:a\s+|the\s+)?middle\s+(?:pew|row|seat|bench)|(?:dead\s+)?(?:middle|centre|center|halfway\s+(?:down|back|up)|half\s+way\s+(?:down|back))(?:\s+(?:(?:of|in|down)\s+)?the\s+{_ROOMS})?|mid[\s-]+(?:hall|stalls|house|church|nave)|(?:centre|center|middle)\s+stalls|stalls|house)"
    rf"|(?P<back>back\s+row|last\s+row|back\s+pew|bar(?:\s+at\s+the\s+(?:back|rear)(?:\s+of\s+the\s+{_ROOMS})?)?|back(?:\s+of\s+the\s+{_ROOMS})?|rear(?:\s+of\s+the\s+{_ROOMS})?)"
    r"|(?P<door>entrance|doorway|door|doors))"
    r"(?:\s+of\s+the\s+(?:\w+\s+)?(?:hall|church|theatre|theater|auditorium|cinema|club|arena|stadium|venue))?"
    r"(?:,?\s+(?:house\s+)?(?:centre|center|middle))?"
)
_WHO = (
    r"(?:we|i|you|the\s+listener|listener|the\s+camera|the\s+mic|(?:the\s+)?(?:player|actor|performer))(?:\s+(?:are|am|is|re|m)|'re|'m)?"
    r"(?:\s+(?:sat|seated|sitting|sit|sits|stand|stands|standing|up|down|right|now|all))*"
    # "I'm the actor at the lip of the stage": the performer is the listener
    r"(?:\s+(?:the|an?)\s+(?:actor|actress|performer|player|singer|speaker|presenter|lead)"
    r"(?:,?\s+(?:standing|sitting|stood|sat|seated))?)?"
)
_SEAT_RE = re.compile(
    rf"\b(?:{_WHO}\s+(?:(?:in|on|at|by|from|near|up\s+in|behind)\s+)?"
    r"|(?:our|my|the\s+listener'?s|your)\s+seats?\s+(?:is|are)\s+(?:(?:in|on|at|by)\s+)?"
    r"|(?:from|in)\s+(?:our|my|your|the\s+listener'?s)\s+seats?\s+(?:in|on|at|by)\s+"
    r"|(?:heard|listening|listened|seen|watching|watched|as\s+heard|mixed)\s+from\s+"
    r"|(?:the\s+)?(?:listener|camera|mic)\s+(?:is\s+)?(?:sits?|sitting|seated|placed|positioned)\s+(?:(?:in|on|at|by)\s+)?"
    r"|(?:seated|sitting|standing)\s+(?:in|on|at|by)\s+"
    r"|seat\s*:\s*"
    # "listening position is the front row", "front-row perspective", "row c pov"
    r"|(?:the\s+)?(?:listening|listener'?s?|mic|camera)\s+(?:position|point|spot)\s*(?:is\s+|:\s*)?(?:(?:in|on|at|by)\s+)?"
    r"|(?=(?:the\s+)?(?:[\w-]+\s+){1,2}(?:perspective|pov|point\s+of\s+view|vantage)\b)"
    r"|(?=(?:the\s+)?(?:actor|actress|performer|player|singer)'?s?\s+(?:perspective|pov|point\s+of\s+view)\b)"
    # "..., front row" closing the prompt: where the listener sits
    r"|(?<=[,;]\s)(?:from\s+)?(?=(?:the\s+|our\s+|my\s+)?(?:front|back|first|last)\s+row\s*\.?\s*$)"
    r")(?:the\s+|a\s+|our\s+)?" + SEAT_PLACE + r"\b"
)
#: "From the mixing desk, ...", "From the back row of the balcony, ...": a leading "from"
#: with a seat, then a comma.
_FROM_SEAT_RE = re.compile(
    r"^\s*from\s+(?:the\s+|our\s+|my\s+)?" + SEAT_PLACE + r"\b[^,;.]{0,40}[,;]"
)


@dataclass(frozen=True)
class Seat:
    """A seat statement: where the listener is (venue coordinates, see the module)."""

    kind: str
    span: tuple[int, int]
    row: int = 0
    #: In a balcony, circle or gallery ("the back row of the balcony").
    raised: bool = False

    def y_m(self, length_m: float) -> float:
        """Distance (m) from the stage's front edge / front wall, in a room ``length_m`` long."""
        if self.kind == "barrier":
            return BARRIER_M
        if self.kind == "podium":
            return PODIUM_M
        if self.kind == "front":
            return FRONT_ROW_M
        if self.kind == "stage":  # on the stage, facing the house (see venue._emit)
            return ON_STAGE_Y_M
        if self.kind == "row":
            return FRONT_ROW_M + ROW_PITCH_M * (self.row - 1)
        if self.kind == "middle":
            return length_m / 2.0
        if self.kind == "desk":
            return max(length_m / 2.0, length_m - DESK_FROM_BACK_M)
        if self.kind == "balcony":
            return max(length_m / 2.0, length_m - BALCONY_FROM_BACK_M)
        if self.kind == "door":
            return length_m - 0.5
        if self.kind == "end":
            return length_m
        return length_m - 1.0  # back

    @property
    def z_m(self) -> float:
        return BALCONY_HEIGHT_M if self.kind == "balcony" or self.raised else 0.0

    @property
    def at_front_half(self) -> bool:
        return self.kind in ("barrier", "podium", "front", "row") and self.row <= 8


def _row_number(word: str) -> int:
    if word.isdigit():
        return max(1, int(word))
    if word in _WORD_NUM:
        return _WORD_NUM[word]
    digits = re.sub(r"\D", "", word)
    if digits:
        return max(1, int(digits))
    return ord(word) - ord("a") + 1 if len(word) == 1 else 1  # row A = 1, row B = 2


def find_seat(text: str) -> Seat | None:
    """The seat statement in a normalised prompt, or None."""
    m = _SEAT_RE.search(text) or _FROM_SEAT_RE.search(text)
    if m is None:
        return None
    g = {k: v for k, v in m.groupdict().items() if v}
    raised = bool(re.search(r"\b(?:balcony|circle|gallery|mezzanine|upper\s+tier)\b", m.group(0)))
    row = g.get("row") or g.get("rord") or g.get("pew")
    if row:
        n = _row_number(row)
        return Seat("front" if n == 1 else "row", m.span(), n, raised)
    for kind in (
        "stage",
        "front",
        "barrier",
        "podium",
        "desk",
        "balcony",
        "end",
        "middle",
        "back",
        "door",
    ):
        if kind in g:
            return Seat(kind, m.span(), 1 if kind == "front" else 0, raised)
    return None


#: "steam hiss from behind the car" in a ride or driving cue: the listener rides in the
#: vehicle, so its back, front and sides are the listener's ("behind me").
_VEHICLE_SIDE_RE = re.compile(
    r"\b(?P<where>behind|in\s+front\s+of|ahead\s+of)\s+the\s+"
    r"(?:ride\s+)?(?:car|vehicle|cart|coach|bus|tram|carriage|wagon|boat|truck|van|cab|ride)\b"
)


def rewrite_vehicle(text: str) -> str:
    """``text`` with "behind the car" / "in front of the car" read as the rider's own
    back and front ("behind me", "in front of me"), length kept."""

    def sub(m: re.Match) -> str:
        where = " ".join(m.group("where").split())
        return f"{where} me".ljust(len(m.group(0)))

    return _VEHICLE_SIDE_RE.sub(sub, text)
