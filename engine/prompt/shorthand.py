"""Spec shorthand and "anywhere" wordings, spelled out before the grammar reads a
normalised prompt (spoken self-corrections: :mod:`.corrections`).

- Shorthand from asset sheets and cue lists: "rear hemi" -> "behind", "dead-behind" ->
  "straight behind", "+20 degrees elev" / "elevated about 25" -> "20 degrees up",
  "far-ish" -> "fairly far", "pos: TBD" -> "anywhere", "L 45" -> "45 degrees left",
  "DSL" -> "downstage left", "camera left" / "off-screen right" -> that side, "pushed 20
  degrees toward the front" -> an offset of the side just named, "some way down the road"
  -> along it (not below), "right on top of us" -> overhead, "on L shoulder" -> my left
  shoulder.
"""

from __future__ import annotations

import re

_SPELLED = (
    (re.compile(r"\b(?:rear|back)\s+hemi(?:sphere)?\b"), "behind"),
    (re.compile(r"\b(?:front|forward)\s+hemi(?:sphere)?\b"), "in front"),
    (re.compile(r"\b(?:upper|top)\s+hemi(?:sphere)?\b"), "above"),
    (re.compile(r"\b(?:lower|bottom)\s+hemi(?:sphere)?\b"), "below"),
    (re.compile(r"\bdead\s+(behind|ahead|centre|center)\b"), r"straight \1"),
    (
        re.compile(
            r"(?<![\w.])\+?(\d{1,2})\s*(?:degrees?|degs?)\s+(?:of\s+)?elev(?:ation|ated)?\b(?!\s+(?:of|angle))"
        ),
        r"\1 degrees up",
    ),
    (
        re.compile(r"(?<![\w.])-(\d{1,2})\s*(?:degrees?|degs?)\s+(?:of\s+)?elev(?:ation)?\b"),
        r"\1 degrees down",
    ),
    (
        re.compile(
            r"\b(?:elevated|raised|elev(?:ation)?)\s*[:=]?\s*(?:about|around|roughly|approx(?:imately)?|~)?\s*\+?(\d{1,2})\b(?:\s*degrees?)?"
        ),
        r"\1 degrees up",
    ),
    (re.compile(r"\bfar\s*ish\b"), "fairly far"),
    # theatre cue abbreviations: DSL = downstage left, USR = upstage right, ...
    (
        re.compile(r"\b([du])s([lr])\b"),
        lambda m: (
            f"{'down' if m.group(1) == 'd' else 'up'}stage {'left' if m.group(2) == 'l' else 'right'}"
        ),
    ),
    (re.compile(r"\b([du])sc\b"), lambda m: f"{'down' if m.group(1) == 'd' else 'up'}stage centre"),
    (re.compile(r"\bpretty\s+(high|low|far|close|near|loud|quiet)\b"), r"fairly \1"),
    (
        re.compile(
            r"\b(?:right\s+|directly\s+)?on\s+top\s+of\s+(?:us|me|you|the\s+(?:listener|player|camera))\b"
        ),
        "directly overhead",
    ),
    # film directions: "off screen left", "camera right", "frame left" are the listener's side
    (
        re.compile(r"\b(?:(?:off|out\s+of)[\s-]?)?(?:screen|camera|frame|shot)\s+(left|right)\b"),
        r"off to the \1",
    ),
    # "some way down the road": along it, not below
    (
        re.compile(
            r"\b(?:some|a\s+(?:long|little|short|good|fair)|a\s+bit\s+of\s+a)\s+way\s+(down|up|along|across)\s+the\b"
        ),
        r"\1 the",
    ),
    # cue-sheet angles: "L 45", "R 30" (after a colon, comma, bar or at the start)
    (
        re.compile(
            r"(?:(?<=^)|(?<=[:,;|]\s)|(?<=[:,;|]))\s*(left|right)\s+(\d{1,3})\b(?!\s*(?:m|cm|km|metres?|meters?|ft|feet|foot|yards?|miles?|degrees?|oclock|%|times))"
        ),
        r" \2 degrees \1",
    ),
    # "left side, pushed 20 degrees toward the front": an offset from the side just named
    (
        re.compile(
            r"\b(?:but\s+|and\s+|then\s+)?(?:pushed|moved|shifted|nudged|rotated|swung|turned|pulled|skewed|biased|offset|panned|angled|tilted)"
            r"(?:\s+(?:by|about|around|roughly))?\s+(\d{1,3})\s*(?:degrees?|degs?)\s+(?:toward|towards|to|in\s+to)\s+(?:the\s+)?"
            r"(front|back|rear|centre|center|middle)\b"
        ),
        r"\1 degrees toward the \2",
    ),
    # "on L shoulder" (normalised to "on left shoulder"): a body part with no owner is ours
    (
        re.compile(
            r"\b(on|at|by|near|next\s+to|beside|against|in)\s+(left|right)\s+(shoulder|ear|cheek|hand|arm|knee|foot|leg|hip|side\s+of\s+(?:the\s+)?head)\b"
        ),
        r"\1 my \2 \3",
    ),
    (
        re.compile(
            r"\b(?:pos(?:ition)?|placement|location|direction|az(?:imuth)?)\s*[:=]?\s*(?:tbd|tbc|tba|n/?a|any|anywhere|whatever)\b"
        ),
        "anywhere",
    ),
)


#: "er", "um", "sorry", "no, make that", "I mean" between a choice and its replacement.
def rewrite_shorthand(text: str) -> str:
    """``text`` (normalised) with shorthand spelled out."""
    for pattern, repl in _SPELLED:
        text = pattern.sub(repl, text)
    return text
