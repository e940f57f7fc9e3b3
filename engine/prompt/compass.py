"""Compass bearings: "to the north-east, we are facing north", "bearing 090", "heading
south, the bell is to the north" -> an azimuth relative to where the listener faces.

A pre-pass over the normalised prompt: the facing statement ("we are facing north",
"heading 180", "looking east") is blanked out and every compass position ("to the
south-west", "due north", "east of us", "at a bearing of 270 degrees") is rewritten as an
explicit azimuth ("az 90"), which the direction grammar (:mod:`.angles`) reads. With no
facing stated, north is assumed ahead and a note says so.

Bearings are clockwise from north in degrees; the azimuth is counter-clockwise from the
listener's front (+90 = left): ``azimuth = facing - bearing``.
"""

from __future__ import annotations

import re

from engine.geometry import wrap_azimuth_deg

#: The sixteen compass points and their bearings (deg clockwise from north).
COMPASS_POINTS_DEG = {
    "north": 0.0,
    "north north east": 22.5,
    "north east": 45.0,
    "east north east": 67.5,
    "east": 90.0,
    "east south east": 112.5,
    "south east": 135.0,
    "south south east": 157.5,
    "south": 180.0,
    "south south west": 202.5,
    "south west": 225.0,
    "west south west": 247.5,
    "west": 270.0,
    "west north west": 292.5,
    "north west": 315.0,
    "north north west": 337.5,
}
#: Facing assumed when the prompt names a compass position but no facing.
DEFAULT_FACING_DEG = 0.0
NO_FACING_NOTE = "compass direction with no facing given: assumed north is ahead"

_POINT = "|".join(w.replace(" ", r"\s*") for w in sorted(COMPASS_POINTS_DEG, key=len, reverse=True))
_BEARING_NUMBER = r"\d{1,3}(?:\.\d+)?"
_FACING_RE = re.compile(
    r"(?:\b(?:we|i|you|they|visitors|the\s+visitors?|the\s+audience|the\s+listener|listener|the\s+camera|camera|the\s+player|player|the\s+mic|mic)"
    r"(?:\s+(?:are|am|is|were|re|m|s)|'re|'m|'s)?\s+)?"
    r"\b(?:facing|face|faces|heading|headed|looking|look|looks|pointing|points|pointed)(?:\s+is)?\s+"
    rf"(?:out\s+|over\s+)?(?:(?:to|towards?)\s+(?:the\s+)?)?"
    # "facing the sea (south)": a landmark named with its bearing
    r"(?:(?:at\s+)?the\s+[\w'-]+(?:\s+[\w'-]+)?\s*\(\s*)?"
    rf"(?:due\s+)?(?:(?P<pt>{_POINT})\b|(?P<n>{_BEARING_NUMBER})(?:\s*(?:degrees|deg)\b)?)"
    # "with north ahead", "north is straight ahead of us", "east is in front"
    rf"|\b(?:with\s+)?(?P<ahead>{_POINT})\s+(?:is\s+|being\s+)?(?:straight\s+|dead\s+|directly\s+)?(?:ahead|in\s+front|forward|at\s+(?:our|my|your|the)\s+(?:front|twelve|12))(?:\s+of\s+(?:us|me|you))?\b"
    # "north is behind us", "north is to our left", "our backs are to the north"
    rf"|\b(?:with\s+)?(?P<rel_pt>{_POINT})\s+(?:is\s+|being\s+)?(?P<rel>behind(?:\s+(?:us|me|you))?|at\s+(?:our|my|your)\s+backs?|(?:to|on)\s+(?:our|my|your)\s+(?:left|right))\b"
    rf"|\b(?:our|my|your)\s+backs?\s+(?:is\s+|are\s+)?(?:turned\s+)?to(?:wards?)?\s+(?:the\s+)?(?P<back_pt>{_POINT})\b"
)
#: Abbreviated points ("the NE", "facing N") spelled out before reading.
_ABBREV = {
    "nne": "north north east", "ene": "east north east", "ese": "east south east",
    "sse": "south south east", "ssw": "south south west", "wsw": "west south west",
    "wnw": "west north west", "nnw": "north north west", "ne": "north east",
    "nw": "north west", "se": "south east", "sw": "south west",
    "n": "north", "s": "south", "e": "east", "w": "west",
}  # fmt: skip
_ABBREV_RE = re.compile(
    r"(?:\b(?P<lead>the|facing|faces|face|heading|looking|looks|towards?|from|to|due|bearing|source|sources)\s+|(?<=:\s)|(?<=\|\s)"
    # "skylark nne": a two- or three-letter point closing a piece after a word
    r"|(?<=[a-z]\s)(?=(?:nne|ene|ese|sse|ssw|wsw|wnw|nnw|ne|nw|se|sw)\s*(?:[,;.]|$)))"
    r"(?P<ab>nne|ene|ese|sse|ssw|wsw|wnw|nnw|ne|nw|se|sw|n|s|e|w)\b(?!')"
)
#: "from the west gallery", "in the east wing": a named part of a building, not a bearing.
_NOT_A_NOUN = r"(?!\s+(?:gallery|wing|end|side|door|doors|window|entrance|gate|tower|transept|front|coast|stand|wall|bank|face|slope|ridge|porch|aisle|balcony|terrace|car\s+park|exit|lobby|foyer))"
_POSITION_RE = re.compile(
    # "30 degrees east of north", "20 deg south of west": an offset from a cardinal point
    rf"\b(?P<off>{_BEARING_NUMBER})\s*(?:degrees|deg)\s+(?P<side>north|south|east|west)\s+of\s+(?:due\s+)?(?P<ref>north|south|east|west)\b"
    rf"|\b(?:(?:out\s+|off\s+|over\s+|far\s+)?(?:to|towards?|from|in)\s+the\s+|due\s+)(?P<pt>{_POINT})\b(?:erly)?{_NOT_A_NOUN}"
    # "east of us", "north-west of the player", "south-west of the gallery" (where we stand)
    rf"|\b(?P<pt2>{_POINT})\s+of\s+(?:us|me|you|here|camp|base|town|home|where\s+(?:we|i|you)(?:'re|'m|\s+are|\s+am)?(?:\s+(?:stand|standing|sit|sitting|are|am))?|(?:the|this|our|my|your)\s+(?!(?:north|south|east|west)\b)[a-z]+)\b"
    # "surf on the north-east side of the island": the side named by its bearing
    rf"|\b(?:on|at|from|along)\s+the\s+(?P<pt10>{_POINT})\s+(?:side|flank|edge|shore)\b"
    # a bare point closing a clause ("from the east - sorry, west - facing north", "no, the west")
    rf"|(?:^|(?<=[,;.:|]\s))\s*(?:the\s+)?(?P<pt3>{_POINT})(?=\s*[,;.]|\s+-\s|\s*$)"
    # "200 m north": a distance then a point
    rf"|(?:(?<=\bm\s)|(?<=\bkm\s)|(?<=metres\s)|(?<=meters\s)|(?<=miles\s)|(?<=yards\s)|(?<=feet\s))(?P<pt6>{_POINT})\b(?!\s+(?:of|is|wind|side|face|wall|end)\b)"
    rf"|\b(?:at\s+)?(?:a\s+)?(?:bearing|source|sources)\s+(?:of\s+|is\s+)?(?:due\s+)?(?P<pt5>{_POINT})\b{_NOT_A_NOUN}"
    rf"|\b(?:at\s+)?(?:a\s+)?bearing\s+(?:of\s+)?(?P<n>{_BEARING_NUMBER})(?:\s*(?:degrees|deg)\b)?"
    rf"|(?<=\bis\s)(?:due\s+)?(?P<pt4>{_POINT})\b(?!\s+(?:is|of\s+the))"
    # "the mill wheel is to our north", "on your south-west"
    rf"|\b(?:to|on|at)\s+(?:our|my|your|their|his|her|the\s+listener'?s|the\s+player'?s|the\s+visitors?'?)\s+(?P<pt7>{_POINT})\b{_NOT_A_NOUN}"
    # "siren bears 180", "the bell bears south-east", "bears 045 degrees"
    # "skylark north-north-east": a bare point closing a piece, after a noun
    rf"|(?<=[a-z]\s)(?P<pt9>{_POINT})(?=\s*[,;.]|\s*$)"
    rf"|\bbears\s+(?:due\s+)?(?:(?P<pt8>{_POINT})\b|(?P<n2>{_BEARING_NUMBER})(?:\s*(?:degrees|deg)\b)?)"
)

#: Words before a bare closing point that make it no position ("heading north", "of the west").
_NOT_AFTER_NOUN = re.compile(
    r"\b(?:of|and|or|the|is|to|from|face|faces|facing|heading|headed|looking|look|looks|due"
    r"|head|heads|go|goes|going|walk|walks|walking|move|moves|moving|drive|drives|driving"
    r"|fly|flies|flying|travel|travels|travelling|traveling|wind|winds)\s+$"
)


def _offset_bearing(m: re.Match) -> float | None:
    """ "30 degrees east of north" -> 30; "20 degrees south of west" -> 250; None when the
    side is not a quarter-turn from the reference ("east of west")."""
    ref = COMPASS_POINTS_DEG[m.group("ref")]
    turn = (COMPASS_POINTS_DEG[m.group("side")] - ref) % 360.0
    if turn not in (90.0, 270.0):
        return None
    off = float(m.group("off"))
    return (ref + (off if turn == 90.0 else -off)) % 360.0


def _bearing(point: str | None, number: str | None) -> float:
    if point is not None:
        return COMPASS_POINTS_DEG[" ".join(re.findall(r"north|south|east|west", point))]
    assert number is not None
    return float(number) % 360.0


def _spell_out(text: str) -> str:
    """ "an owl in the NE, facing N" -> "... in the north east, facing north"."""

    def full(m: re.Match) -> str:
        ab = m.group("ab")
        lead = m.group("lead")
        one_letter_ok = ("facing", "faces", "face", "heading", "looking", "looks", "due")
        if len(ab) == 1 and lead not in (*one_letter_ok, "bearing", "source", "sources"):
            return m.group(0)  # "the e", "to s": too short to be sure outside a facing
        return f"{lead} {_ABBREV[ab]}" if lead else _ABBREV[ab]

    return _ABBREV_RE.sub(full, text)


def _facing_deg(facing: re.Match) -> float:
    """The bearing faced, from a facing statement."""
    if facing.group("back_pt"):  # "our backs are to the north": facing south
        return (_bearing(facing.group("back_pt"), None) + 180.0) % 360.0
    if facing.group("rel_pt"):  # a point heard at a relative azimuth: facing = az + bearing
        rel = facing.group("rel")
        az = 180.0 if rel.startswith(("behind", "at")) else 90.0 if rel.endswith("left") else -90.0
        return (az + _bearing(facing.group("rel_pt"), None)) % 360.0
    return _bearing(facing.group("pt") or facing.group("ahead"), facing.group("n"))


def _in_a_path(positions: list[re.Match], m: re.Match) -> bool:
    """Whether ``m`` is one end of "from the X (...) to the Y" among ``positions``."""
    i = positions.index(m)
    starts = [p.group(0).split()[0] for p in positions]
    if starts[i] == "from":
        return any(w.startswith("to") for w in starts[i + 1 :])
    return starts[i].startswith("to") and "from" in starts[:i]


def rewrite_compass(text: str) -> tuple[str, list[str]]:
    """``text`` with compass positions rewritten as azimuths and the facing statement
    blanked; notes on assumptions. Unchanged when no compass position is named."""
    if re.search(r"\b(?:nne|ene|ese|sse|ssw|wsw|wnw|nnw|ne|nw|se|sw|n|s|e|w)\b", text):
        text = _spell_out(text)
    if not any(w in text for w in ("north", "south", "east", "west", "bearing", "bears")):
        return text, []
    positions = list(_POSITION_RE.finditer(text))
    if not positions:
        return text, []
    facing = _FACING_RE.search(text)
    notes: list[str] = []
    if facing is not None:
        facing_deg = _facing_deg(facing)
        # the facing statement says nothing about the source: blank it (length kept)
        text = text[: facing.start()] + " " * (facing.end() - facing.start()) + text[facing.end() :]
        positions = [
            m for m in positions if not (m.start() < facing.end() and facing.start() < m.end())
        ]
    else:
        facing_deg = DEFAULT_FACING_DEG
        notes.append(NO_FACING_NOTE)
    out, pos = [], 0
    for m in positions:
        groups = ("pt", "pt2", "pt3", "pt4", "pt5", "pt6", "pt7", "pt8", "pt9", "pt10")
        point = next((m.group(g) for g in groups if m.group(g)), None)
        if m.group("pt9") and _NOT_AFTER_NOUN.search(text[: m.start()]):
            continue
        if m.group("off"):
            offset_bearing = _offset_bearing(m)
            if offset_bearing is None:
                continue
            bearing = offset_bearing
        else:
            bearing = _bearing(point, m.group("n") or m.group("n2"))
        az = wrap_azimuth_deg(facing_deg - bearing)
        far = " far" if re.match(r"far\s", m.group(0)) else ""
        # "from the north to the south": a path's end points keep their "from" / "to"
        lead = re.match(r"(?:from|to|towards?)\b", m.group(0))
        keep = f" {lead.group(0)}" if lead and _in_a_path(positions, m) else ""
        out.append(text[pos : m.start()] + f"{far}{keep} az {az:g} ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), notes
