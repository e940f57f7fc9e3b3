"""Text clean-up before parsing: lower case, plain quotes, units and clock marks spelled
one way ("45°" -> "45 degrees", "2 o'clock" -> "2 oclock", "front-left" -> "front left")."""

from __future__ import annotations

import re
import unicodedata

_REPLACEMENTS = (
    (re.compile(r"[\u2018\u2019\u02bc`\u00b4]"), "'"),
    (re.compile(r"[\u201c\u201d]"), '"'),
    (re.compile(r"[\u2013\u2014\u2212]"), "-"),
    (re.compile(r"\s*(?:->|=>|\u2192)\s*"), " to "),
    (re.compile(r"&"), " and "),
    # "to the... left": a pause inside a phrase, not the end of one
    (
        re.compile(
            r"\b(the|a|an|to|on|in|at|my|your|our|from|towards?|of|is|it's|its)\s*\.{2,}\s*(?=[a-z])"
        ),
        r"\1 ",
    ),
    (re.compile(r"\s*\u00b0"), " degrees "),
    (re.compile(r"\bo\s*'\s*clock\b|\bo\s+clock\b|\boclock\b"), " oclock"),
    (re.compile(r"(\d)\s*'(?=\s|$|[,.;])"), r"\1 ft"),
    (re.compile(r'(\d)\s*"(?=\s|$|[,.;])'), r"\1 inches"),
    (
        re.compile(
            r"(\d)(?=(?:m|cm|mm|km|ft|in|yd|yds|mi|metres?|meters?|feet|foot|inch(?:es)?|yards?|miles?|deg|degs|degrees?|oclock|h)\b)"
        ),
        r"\1 ",
    ),
    (re.compile(r"(?<=[a-z0-9])-(?=[a-z0-9])"), " "),
    (
        re.compile(r"\banti\s+clockwise\b|\bcounter\s+clockwise\b|\banticlockwise\b"),
        "counterclockwise",
    ),
    (re.compile(r"\barm\s*'?\s*s\s+length\b|\barms\s+length\b|\barm\s+length\b"), "arms length"),
    (re.compile(r"\barm\s*'?\s*s\s+reach\b"), "arms reach"),
    (re.compile(r"\bstone\s*'?\s*s\s+throw\b"), "stones throw"),
    (re.compile(r"\binfront\b"), "in front"),
    (re.compile(r"\b(left|right)wards?\b"), r"\1"),
    (re.compile(r"\b(left|right|front|back|rear)(side|hand)\b"), r"\1 \2"),
    (re.compile(r"\b(front|back|rear)(left|right)\b"), r"\1 \2"),
    (re.compile(r"\b(left|right)[\s-]?ish\b"), r"\1 ish"),
    (re.compile(r"\boff[\s-]cent(?:er|re)(?:d)?\b"), "off centre"),
    (re.compile(r"\s+"), " "),
)


#: Channel abbreviations a mix engineer types: "L", "R", "FL", "RR" ... (upper case only
#: for two letters, so "fr" or "bl" in ordinary text are left alone).
_CHANNELS = {"FL": "front left", "FR": "front right", "RL": "rear left", "RR": "rear right",
             "BL": "back left", "BR": "back right", "SL": "left", "SR": "right", "LS": "left",
             "RS": "right", "L": "left", "R": "right"}  # fmt: skip
#: "L-R", "R>L", "L to R": a pass from one channel to the other.
_LR_PATH_RE = re.compile(
    r"(?<![\w'&./])([LlRr])\s*(?:-+>?|>|\u2192|\s+to\s+)\s*([LlRr])(?![\w'&/])"
)
#: Words that make a prompt a theatre cue, where "SL"/"SR" mean stage left/right.
_THEATRE_RE = re.compile(
    r"(?i)\b(?:stage|wings|offstage|onstage|upstage|downstage|cue|sq\s*\d*|lx\s*\d*|q\d+|[du]s[lrc])\b"
)
_STAGE_SIDE = {"L": " stage left ", "R": " stage right "}
_CHANNEL_RE = re.compile(r"(?<![\w'&./-])(FL|FR|RL|RR|BL|BR|SL|SR|LS|RS|[LlRr])(?![\w'&/-]|\.\w)")


def normalize(text: str) -> str:
    """Lower-cased, NFKC-normalised text with quotes, dashes, units and hyphens unified."""
    s = unicodedata.normalize("NFKC", str(text))
    s = _LR_PATH_RE.sub(
        lambda m: f" from {_CHANNELS[m.group(1).upper()]} to {_CHANNELS[m.group(2).upper()]} ", s
    )
    if _THEATRE_RE.search(s):  # a cue sheet: SL/SR are stage left/right, not surround channels
        s = re.sub(r"(?<![\w'&./-])S([LR])(?![\w'&/-])", lambda m: _STAGE_SIDE[m.group(1)], s)
    s = _CHANNEL_RE.sub(lambda m: " " + _CHANNELS[m.group(1).upper()] + " ", s).lower()
    s = s.replace("\u00b0", "\u00b0")
    for pattern, repl in _REPLACEMENTS:
        s = pattern.sub(repl, s)
    return s.strip()


#: One-word region prompts ("back", "spin", "closer") spelled out as the phrase they stand for.
BARE_PROMPTS = {
    "back": "behind", "rear": "behind", "down": "below", "under": "below", "far": "far away",
    "distant": "in the distance", "circle": "circling around me", "circling": "circling around me",
    "spin": "circling around me", "spinning": "circling around me", "rotate": "circling around me",
    "rotating": "circling around me", "orbit": "circling around me", "orbiting": "circling around me",
    "closer": "getting closer", "nearer": "getting closer", "approaching": "approaching",
    "further": "moving away", "farther": "moving away", "away": "moving away",
    "receding": "receding", "flyover": "flies overhead", "flyby": "flies overhead",
    "pingpong": "panning left and right", "ping pong": "panning left and right",
}  # fmt: skip
_BARE_NUMBER = re.compile(
    r"^\s*(?P<n>[-+]?\d{1,3}(?:\.\d+)?)\s*(?:degrees?|deg)?\s*(?P<side>left|right)?\s*$"
)


def expand_bare_prompt(text: str) -> str:
    """A normalised prompt that is a single keyword or a bare angle, spelled out
    ("spin" -> "circling around me", "-45" -> "-45 degrees", "90 left" -> "90 degrees left");
    an unsigned number alone ("3") is left as it is: it could be anything."""
    key = text.strip(" .!?")
    if key in BARE_PROMPTS:
        return BARE_PROMPTS[key]
    m = _BARE_NUMBER.match(key)
    if m is not None and (m.group("side") or m.group("n")[0] in "+-"):  # a bare "3" stays unread
        side = f" {m.group('side')}" if m.group("side") else ""
        return f"{m.group('n')} degrees{side}"
    return text
