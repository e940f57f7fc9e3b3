"""Positions pinned to moments of the region: "on the left at first and on the right by the
end", "in front for the first half, then behind", "halfway through, it jumps to the right".

Time words and the fraction ``t`` of the region they mean: "at the start" / "at first" /
"initially" = 0, "halfway" / "in the middle" = 0.5, "at the end" / "by the end" /
"finally" = 1; "for the first half" holds a position from 0 to 0.5, "for the second
half" from 0.5 to 1. Clauses with a direction but no time word take the region's start
(the first) or end (the last). A "jump" / "switch" / "cut" makes the change abrupt (the
old position is held until just before the new one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.prompt.direction import read_direction

#: Gap (fraction of the region) between the two keyframes of an abrupt jump.
JUMP_GAP = 0.02

_MARKS: tuple[tuple[re.Pattern, float], ...] = tuple(
    (re.compile(rx), t)
    for rx, t in (
        (
            r"\b(?:at\s+(?:the\s+)?(?:very\s+)?(?:start|beginning|outset)(?:\s+of\s+the\s+(?:region|clip|shot|scene|sound))?|at\s+first|initially|to\s+begin\s+with|in\s+the\s+beginning)\b",
            0.0,
        ),
        (
            r"\b(?:halfway(?:\s+through)?(?!\s+between)|midway(?:\s+through)?(?!\s+between)|half\s+way\s+through|at\s+the\s+halfway\s+point|in\s+the\s+middle\s+of\s+the\s+(?:region|clip|shot|scene|sound))\b",
            0.5,
        ),
        (
            r"\b(?:(?:at|by|towards?|near)\s+the\s+(?:very\s+)?end(?:\s+of\s+the\s+(?:region|clip|shot|scene|sound))?|in\s+the\s+end|finally|at\s+last)\b",
            1.0,
        ),
    )
)
_HOLDS: tuple[tuple[re.Pattern, float, float], ...] = tuple(
    (re.compile(rx), t0, t1)
    for rx, t0, t1 in (
        (r"\bfor\s+the\s+first\s+half\b", 0.0, 0.5),
        (r"\bfor\s+the\s+(?:second|last|other)\s+half\b", 0.5, 1.0),
        (r"\bfor\s+the\s+first\s+third\b", 0.0, 1 / 3),
        (r"\bfor\s+the\s+(?:last|final)\s+third\b", 2 / 3, 1.0),
        (r"\bfor\s+the\s+first\s+quarter\b", 0.0, 0.25),
        (r"\bfor\s+the\s+(?:last|final)\s+quarter\b", 0.75, 1.0),
    )
)
_CLAUSE_SPLIT = re.compile(
    r"\s*[,;]\s*(?:and\s+)?(?:then\s+)?|\s+(?:and\s+then|then|and|but|before|after\s+that)\s+"
)
_JUMP = re.compile(r"\b(?:jump|switch|cut|snap|flip|teleport|suddenly|abruptly|instantly)\w*\b")


@dataclass(frozen=True)
class TimedPoint:
    """A direction (deg) pinned to fraction ``t`` of the region; ``abrupt`` for a jump."""

    t: float
    azimuth_deg: float
    elevation_deg: float
    abrupt: bool = False


@dataclass(frozen=True)
class TimelineReading:
    """Timed points in order and the char spans of the time words."""

    points: tuple[TimedPoint, ...]
    spans: tuple[tuple[int, int], ...]
    notes: tuple[str, ...] = ()


def time_word_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of the time words ("at first", "by the end", "for the first half")."""
    return [m.span() for rx, _ in _MARKS for m in rx.finditer(text)] + [
        m.span() for rx, _, _ in _HOLDS for m in rx.finditer(text)
    ]


def read_timeline(text: str) -> TimelineReading | None:
    """Positions pinned to moments of the region, or None when the phrase has no time words
    or fewer than two positions to pin."""
    marks = [(m.span(), t) for rx, t in _MARKS for m in rx.finditer(text)]
    holds = [(m.span(), t0, t1) for rx, t0, t1 in _HOLDS for m in rx.finditer(text)]
    if not marks and not holds:
        return None
    clauses = []
    pos = 0
    for m in list(_CLAUSE_SPLIT.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        if end > pos:
            clauses.append((pos, end))
        if m is not None:
            pos = m.end()
    spans = [s for s, _ in marks] + [s for s, _, _ in holds]
    entries: list[
        tuple[float | None, float | None, float, float, bool]
    ] = []  # t0, t1, az, el, abrupt
    pending: float | None = (
        None  # a time word in a clause with no direction ("halfway through, ...")
    )
    for a, b in clauses:
        clause = text[a:b]
        blanked = clause
        for s0, s1 in spans:
            if a <= s0 and s1 <= b:
                blanked = blanked[: s0 - a] + " " * (s1 - s0) + blanked[s1 - a :]
        reading = read_direction(blanked)
        t_mark = next((t for (s0, s1), t in marks if a <= s0 and s1 <= b), pending)
        if not reading.has_direction:
            pending = t_mark
            continue
        pending = None
        az = reading.azimuth_deg if reading.azimuth_deg is not None else 0.0
        el = reading.elevation_deg if reading.elevation_deg is not None else 0.0
        hold = next(((t0, t1) for (s0, s1), t0, t1 in holds if a <= s0 and s1 <= b), None)
        abrupt = bool(_JUMP.search(clause))
        if hold is not None:
            entries.append((hold[0], hold[1], az, el, abrupt))
        else:
            entries.append((t_mark, None, az, el, abrupt))
    notes: tuple[str, ...] = ()
    if len(entries) == 1 and entries[0][0] is not None and 0.0 < entries[0][0]:
        # "halfway through, it jumps to the right": from the front until then
        entries.insert(0, (0.0, None, 0.0, 0.0, False))
        notes = ("position before the change not given; front assumed",)
    if len(entries) < 2:
        return None
    # untimed clauses: the first starts the region, the last ends it, others in between
    if entries[0][0] is None:
        entries[0] = (0.0, *entries[0][1:])
    if entries[-1][0] is None:
        entries[-1] = (1.0, *entries[-1][1:])
    times: list[float] = []
    for i, e in enumerate(entries):
        if e[0] is not None:
            times.append(e[0])
            continue
        prev = entries[i - 1]
        prev_t = prev[1] if prev[1] is not None else times[-1]
        nxt = next(x[0] for x in entries[i + 1 :] if x[0] is not None)
        times.append((prev_t + nxt) / 2.0)
    points: list[TimedPoint] = []
    last_t = -1.0
    for t0, (_, t1, az, el, abrupt) in zip(times, entries, strict=True):
        if t0 < last_t:
            return None  # times out of order: not a timeline we can trust
        if abrupt and points and t0 - JUMP_GAP > points[-1].t:
            prev_point = points[-1]
            points.append(
                TimedPoint(t0 - JUMP_GAP, prev_point.azimuth_deg, prev_point.elevation_deg)
            )
        points.append(TimedPoint(t0, az, el, abrupt))
        if t1 is not None:
            points.append(TimedPoint(t1, az, el))
        last_t = t1 if t1 is not None else t0
    return TimelineReading(tuple(points), tuple(sorted(spans)), notes)
