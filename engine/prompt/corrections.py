"""Self-corrections: "on the left... no wait, on the right", "up, I mean down", "90 degrees
left, well, more like 60", "close on the left... scratch that, far away".

:func:`rewrite_spoken_corrections` first swaps a choice said aloud and taken back in place:
"front-left, er, front-right, sorry", "at 3 oclock - no, make that 9", "near my left ear -
sorry, my right ear" (the rest of the first phrase, e.g. its distance, is kept), with a
note; the parser lowers the confidence by :data:`~engine.prompt.doubt.CONFLICT_PENALTY`.

:func:`blank_corrected` blanks (with spaces, keeping the text's length and char spans) the
direction cues, and the distance words when a new one follows, that the writer took back
before the last correction marker; the later wording is what the grammar reads.
"""

from __future__ import annotations

import re

from engine.prompt.direction import find_cues
from engine.prompt.distance import blank_taken_back_distances

CORRECTED_NOTE = "a direction was taken back; used the later one"

_FILLER = r"(?:er+|erm|um+|uh+)\b\s*,?\s*"
_TAKE_BACK = (
    r"(?:no\b(?:\s*,\s*|\s+)(?:make\s+(?:that|it)\b|wait\b,?|sorry\b,?|i\s+mean\b,?)?"
    r"|sorry\b\s*,?|i\s+mean\b\s*,?|make\s+(?:that|it)\b)"
)
_MARK = rf"\s*(?:,|-+|\.\.\.)\s*(?:{_FILLER}(?:{_TAKE_BACK})?|{_TAKE_BACK})\s*"
_SIDE_WORDS = r"front\s+left|front\s+right|back\s+left|back\s+right|rear\s+left|rear\s+right|left|right|front|behind|above|below"
#: "front left, er, front right, sorry": side words swapped in place (trailing "sorry" dropped).
_SIDE_SWAP = re.compile(
    rf"\b(?P<old>{_SIDE_WORDS})\b(?P<mark>\s*,\s*(?:er+|erm|um+|uh+|no|sorry|i\s+mean)\s*,?\s*)(?P<new>{_SIDE_WORDS})\b(?:\s*,?\s*sorry\b)?"
)
#: "at 3 oclock - no, make that 9": a new hour or angle for the last number said.
_NUMBER_FIX = re.compile(
    rf"\b(?P<old>\d{{1,3}})(?P<unit>\s*(?:oclock|degrees?))(?P<mid>[^,;.]*?)(?P<mark>{_MARK})(?P<new>\d{{1,3}})\b(?:\s*(?:oclock|degrees?))?"
)
#: "near my left ear - sorry, my right ear": the replacement phrase ends on the same noun.
_PHRASE_FIX = re.compile(
    r"(?P<old>\b(?:my|your|the|our)\s+(?:\w+\s+){0,2}?(?P<noun>\w+))(?P<mark>\s*(?:,|-+|\.\.\.)\s*(?:er+|erm|um+|uh+|sorry|no|i\s+mean)\s*,?\s*(?:sorry\s*,?\s*|i\s+mean\s*,?\s*)?)"
    r"(?P<new>(?:my|your|the|our)\s+(?:\w+\s+){0,2}?(?P=noun))\b"
)


def rewrite_spoken_corrections(text: str) -> tuple[str, list[str]]:
    """``text`` (normalised) with choices taken back aloud replaced by the later ones;
    a note for each."""
    notes: list[str] = []
    for fix, keep in ((_SIDE_SWAP, "new"), (_NUMBER_FIX, "num"), (_PHRASE_FIX, "new")):
        m = fix.search(text)
        if m is None:
            continue
        if keep == "num":
            new = m.group("new") + m.group("unit") + m.group("mid")
        else:
            new = m.group("new")
        text = text[: m.start()] + new + text[m.end() :]
        notes.append(CORRECTED_NOTE)
    return text, notes


_CORRECTION = re.compile(
    r"(?:(?:^|[.!?,;]\s*|\s-\s+)no(?:[,!.]|\s+-)(?=\s)|\.\.\.\s*no\b)|\b(?:no\s+wait|wait,?\s+no\b|(?:or|and)\s+actually(?=,?\s+(?:more\s+)?(?:front|behind|back|rear|left|right|above|below|overhead|on|off|in|to|at|from|up|down|closer|further|nearer|it'?s)\b)|no,?\s+actually|(?<=[?!.;,]\s)actually(?=,?\s+(?:front|behind|back|rear|left|right|above|below|overhead|on|in|to|at|from|more|up|down|closer|further|nearer|it'?s)\b)|actually,?\s+no\b|actually,?\s+(?:make\s+(?:it|that)|put\s+it)|i\s+mean|sorry|(?:well,?\s+)?(?:maybe\s+|perhaps\s+)?more\s+like|let'?s\s+(?:say|go\s+with|make\s+it)|(?:(?:^|[.!?,;-]\s*)(?:just\s+|i'?ll\s+|we'?ll\s+)?go\s+with)|or\s+(?:was|is)\s+it|correction|make\s+that|scratch\s+that|hang\s+on|hold\s+on|wait(?=\s*[,.!-])|or\s+rather|change\s+(?:it|that)\s+to|(?<!right\s)(?:is|are|it'?s|but)\s+now|(?<!right\s)now\s+(?:it'?s|on|at|to|in|behind|above|below))\b"
)


#: Cue kinds naming a height ("v"); every other kind names a horizontal direction.
_FAMILY = {"vert": "v", "el": "v", "level": "v"}


_BARE_HEIGHT = re.compile(r"\b(?:up|down|upwards?|downwards?|overhead|above|below)\b")


def _bare_height_corrected(text: str, start: int, cut: int) -> str | None:
    """ "up, I mean down": a bare height word taken back by another (None: not this case)."""
    later = re.fullmatch(r"\W*(up|down|upwards?|downwards?|overhead|above|below)\W*", text[cut:])
    before = list(_BARE_HEIGHT.finditer(text[:start]))
    if later is None or not before:
        return None
    chars = list(text)
    for b in before:
        chars[b.start() : b.end()] = " " * (b.end() - b.start())
    word = "below" if later.group(1) in ("down", "downward", "downwards", "below") else "above"
    # the marker and the bare word become the plain height the grammar reads
    chars[start:] = f" {word}".ljust(len(text) - start)
    return "".join(chars)


def blank_corrected(text: str) -> str:
    """Blank out directions the writer took back ("on the left... no wait, on the right").

    Direction cues before the last correction marker are replaced by spaces when the text
    after it names a direction; the text keeps its length.
    """
    marks = list(_CORRECTION.finditer(text))
    if not marks:
        return text
    # "left, er, no, the right, sorry, a metre away": the last mark with a direction after
    # it ("sorry" closing the correction names none)
    # cues read in the whole text ("- no, my five" keeps the comma before "my five")
    cues = find_cues(text)
    with_cues = [mk for mk in marks if any(c.span[0] >= mk.end() for c in cues)]
    last = with_cues[-1] if with_cues else marks[-1]
    cut = last.end()
    bare = _bare_height_corrected(text, last.start(), cut)
    if bare is not None:
        return bare
    if not any(c.span[0] >= cut for c in cues):
        return _corrected_number(text, last.start(), cut)
    chars = list(text)
    kept: set[str] = set()
    hesitations = (mk for mk in marks if mk.start() <= last.start())
    if any(re.search(r"go\s+with|or\s+(?:was|is)\s+it", mk.group(0)) for mk in hesitations):
        # "up and to the left, or was it the right? go with left": a hesitation between two
        # sides keeps the height named before it (and a height choice keeps the side)
        after = {_FAMILY.get(c.kind, "h") for c in cues if c.span[0] >= cut}
        kept = {"h", "v"} - after
    for cue in find_cues(text[: last.start()]):
        if _FAMILY.get(cue.kind, "h") in kept:
            continue
        a, b = cue.span
        # "right behind me, no, ...": the intensifier goes with the phrase taken back
        before = re.search(r"\bright\s+$", text[:a])
        a = before.start() if before is not None else a
        chars[a:b] = " " * (b - a)
    return blank_taken_back_distances("".join(chars), last.start(), cut)


def _corrected_number(text: str, mark: int, cut: int) -> str:
    """Corrected angle ("90 degrees left, well, maybe more like 60"): the new number replaces the last
    angle before the correction (length kept; unchanged when it does not fit)."""
    new = re.fullmatch(
        r"\s*(?:about\s+|around\s+)?(\d{1,3})(?:\s*degrees?)?\s*[.!?]?\s*", text[cut:]
    )
    angles = list(re.finditer(r"\b(\d{1,3})(?=\s*degrees?\b)", text[:mark]))
    if new is None or not angles or len(new.group(1)) > len(angles[-1].group(1)):
        return text
    a, b = angles[-1].span(1)
    return text[:a] + new.group(1).ljust(b - a) + text[b:mark] + " " * (len(text) - mark)
