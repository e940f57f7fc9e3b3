"""Partial directions: "sort of above me but not directly", "not quite behind", "almost
overhead", "nearly in front", "somewhere up there" -> an angle off the named axis or pole.

A pre-pass over the normalised prompt (like :mod:`.compass`): each partial phrase is
rewritten as an explicit angle ("el 60", "az 150") that the direction grammar reads.

- "not quite / not directly / not exactly X", "X but not directly": :data:`NOT_QUITE_OFF_DEG`
  (30) off X: above -> elevation 60, behind -> azimuth 150;
- "almost / nearly / practically X": :data:`ALMOST_OFF_DEG` (15) off X;
- a horizontal axis moved off with no side named goes to the left, with a note; a side
  named in the same clause ("not quite behind, more to the right") is used;
- "somewhere up there" / "up there" with no horizontal word: up and ahead,
  :data:`UP_THERE_ELEVATION_DEG` (45); "down there" likewise below.

Degrees, engine convention (azimuth +90 = left, elevation +90 = up).
"""

from __future__ import annotations

import re

NOT_QUITE_OFF_DEG = 30.0
ALMOST_OFF_DEG = 15.0
UP_THERE_ELEVATION_DEG = 45.0

_NOT = r"not\s+(?:quite|exactly|directly|straight|fully|completely|totally|dead|right|entirely|precisely)"
_ALMOST = r"(?:almost|nearly|practically|virtually|just\s+about|more\s+or\s+less)"
_INTENS = r"(?:(?:directly|straight|right|dead|fully|exactly)\s+)?"
_WHERE = (
    r"(?P<w>above|overhead|over\s*head|below|beneath|underneath|behind|in\s+front|ahead)"
    r"(?:\s+of)?(?:\s+(?:me|us|you|my\s+head|your\s+head|the\s+listener))?"
)
#: "not quite behind me", "almost directly overhead"
_BEFORE_RE = re.compile(rf"\b(?P<how>{_NOT}|{_ALMOST})\s+{_INTENS}{_WHERE}\b")
#: "above me but not directly", "behind us, though not straight behind"
_AFTER_RE = re.compile(
    rf"\b{_WHERE},?\s+(?:but|though|although|yet|just)?\s*(?P<how>{_NOT}|not\s+all\s+the\s+way|not\s+completely)"
    r"(?:\s+(?:above|overhead|over(?:\s+(?:me|us|my\s+head))?|behind|in\s+front|ahead|below|under(?:neath)?|up|down|there))?(?:\s+(?:me|us|you))?\b"
)
_UP_THERE_RE = re.compile(r"\b(?:somewhere\s+)?(?P<w>up|down)\s+(?:there|yonder)\b")
_HORIZONTAL_RE = re.compile(
    r"\b(?:left|right|behind|front|ahead|back|rear|az\s+-?\d|o'?clock|oclock|north|south|east|west|side)\b"
)
_SIDE_RE = re.compile(r"\b(?:left|right)\b")


def _clause(text: str, a: int, b: int) -> str:
    start = max(text.rfind(c, 0, a) for c in ";.") + 1
    ends = [i for i in (text.find(";", b), text.find(".", b)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _angle(word: str, off: float, side: float) -> str:
    """The explicit angle for ``word`` moved ``off`` degrees (``side``: +1 left, -1 right)."""
    if word in ("above", "overhead", "over head", "up"):
        return f" el {90.0 - off:g} "
    if word in ("below", "beneath", "underneath", "down"):
        return f" el {-(90.0 - off):g} "
    if word == "behind":
        return f" az {side * (180.0 - off):g} "
    return f" az {side * off:g} "  # in front, ahead


def rewrite_partial(text: str) -> tuple[str, list[str]]:
    """``text`` with partial directions rewritten as explicit angles; notes on assumptions."""
    if not re.search(
        r"\b(?:not|almost|nearly|practically|virtually|just\s+about|more\s+or\s+less|there|yonder)\b",
        text,
    ):
        return text, []
    notes: list[str] = []
    out, pos = [], 0
    found = sorted(
        [*_BEFORE_RE.finditer(text), *_AFTER_RE.finditer(text)], key=lambda m: (m.start(), -m.end())
    )
    for m in found:
        if m.start() < pos:
            continue
        word = " ".join(m.group("w").split())
        off = NOT_QUITE_OFF_DEG if m.group("how").startswith("not") else ALMOST_OFF_DEG
        rest = _clause(text, m.start(), m.end()).replace(m.group(0), " ")
        sides = _SIDE_RE.findall(rest)
        side = -1.0 if sides and sides[0] == "right" else 1.0
        if word in ("behind", "in front", "ahead") and not sides and off >= NOT_QUITE_OFF_DEG:
            said = " ".join(m.group(0).split())
            notes.append(f"'{said}': {off:g} degrees off it, side not named; assumed left")
        out.append(text[pos : m.start()] + _angle(word, off, side))
        pos = m.end()
    out.append(text[pos:])
    text = "".join(out)
    there = _UP_THERE_RE.search(text)
    if there is not None:
        rest = _clause(text, there.start(), there.end()).replace(there.group(0), " ")
        if not _HORIZONTAL_RE.search(rest) and not re.search(r"\bel\s+-?\d", rest):
            sign = 1.0 if there.group("w") == "up" else -1.0
            vague = "somewhere " if there.group(0).startswith("somewhere") else ""
            rep = f" {vague}el {sign * UP_THERE_ELEVATION_DEG:g} "
            text = text[: there.start()] + rep + text[there.end() :]
    return text, notes
