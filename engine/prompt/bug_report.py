"""Bug-report wording: "footsteps play in front, should be behind-left", "Expected: rear
right. Actual: front centre." -> only the wanted place is read.

A pre-pass over the normalised prompt: when a clause names the wanted place ("should be",
"expected:", "supposed to be"), the words naming the current, wrong place ("plays in
front", "actual: ...", "currently ...") are blanked (the text keeps its length) and a
note says so.
"""

from __future__ import annotations

import re

_WANTED_RE = re.compile(
    r"\b(?:should(?:\s+(?:really|instead))?\s+(?:be|sit|come|play|sound|pan|spawn|live)\b|"
    r"(?:is\s+)?supposed\s+to\s+(?:be|come|play|sit)\b|expected\s*(?:[:=-]|position\b|place\b)|"
    r"(?:wanted|intended|desired|target)\s*[:=-]|needs\s+to\s+(?:be|come|sit)\b|must\s+be\b)"
)
_CURRENT_RE = re.compile(
    r"\b(?:(?:it\s+|but\s+it\s+|but\s+)?(?:currently|actually|instead|still|now)\s+)?"
    r"(?:plays?|playing|is\s+playing|comes?\s+(?:out|from|in)|coming\s+(?:out|from|in)|"
    r"renders?|rendering|spawns?|pans?\s+(?:to|hard)|(?:is\s+)?panned|is\s+heard|heard|"
    r"appears|lands|shows\s+up|is\s+(?:placed|positioned|sitting|located))\b"
    r"|\b(?:actual|currently|observed|got|result|now)\s*[:=-]"
)
_CLAUSE_RE = re.compile(r"(?:(?!\bbut\b)[^.;,!?])+")
NOTE = "bug report: the wanted place ('should be ...') is used, the current one is ignored"


def blank_current_place(text: str) -> tuple[str, list[str]]:
    """``text`` with the current (wrong) place of a bug report blanked; notes."""
    if _WANTED_RE.search(text) is None:
        return text, []
    out = text
    for clause in _CLAUSE_RE.finditer(text):
        if _WANTED_RE.search(clause.group(0)):
            continue
        m = _CURRENT_RE.search(text, clause.start(), clause.end())
        if m is None:
            continue
        a, b = m.start(), clause.end()
        out = out[:a] + " " * (b - a) + out[b:]
    if out == text:
        return text, []
    return out, [NOTE]
