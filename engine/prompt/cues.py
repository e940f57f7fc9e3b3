"""Direction cues: the pieces of evidence the direction grammar collects, the hedge words
that soften or sharpen them, and the registry that ties a regex to the handler turning a
match into cues.

A :class:`Cue` is found at a char span of a normalised phrase; pattern modules
(:mod:`.body`, :mod:`.angles`, :mod:`.direction`) register ``(regex, handler)`` pairs in
a :class:`PatternRegistry`, in priority order (earlier entries win overlapping matches).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engine.prompt import lexicon as lx

#: Regex fragments: hedge words, determiners ("the", "my"), objects ("me", "the listener").
SLIGHT = lx.alternation(lx.SLIGHT_HEDGES)
STRONG = lx.alternation(lx.STRONG_HEDGES)
HALF = lx.alternation(lx.HALF_HEDGES)
DET = lx.DET
POSS = lx.POSSESSIVE
OBJ = lx.OBJ
PREP = r"(?:(?:off\s+|out\s+|over\s+|more\s+|further\s+|farther\s+)?(?:to|towards?|on|at|in|from|of|into)\s+)"
#: optional hedge in front of a direction word, captured as ``hedge``
#: ("just to my right" is the side itself, "just left of centre" a little off centre)
HEDGE = rf"(?:(?!just\s+(?:to|on)\s+(?:my|your|our|his|her|their)\s)(?P<hedge>{SLIGHT}|{STRONG}|{HALF})\s+(?:{PREP})?{DET})?"


def hedge_group(n: int) -> str:
    """:data:`HEDGE` with its group renamed ``hedge<n>`` (for patterns that use it twice)."""
    return HEDGE.replace("?P<hedge>", f"?P<hedge{n}>")


#: optional hedge after a direction word ("left a bit")
HEDGE_AFTER = rf"(?:,?\s+(?P<hedge2>{SLIGHT}|a\s+touch|a\s+little\s+bit)(?=\s*$|\s*[,;.]|\s+(?:and|but|please)\b))?"


@dataclass(frozen=True)
class Cue:
    """One piece of direction evidence found at ``span`` (char offsets) of a phrase.

    ``kind``: "side" (value +1 left / -1 right), "fb" (+1 front / -1 back), "center",
    "vert" (+1 up / -1 down, ``strength`` pole/strong/mild), "level" (ear level),
    "az" / "el" (absolute degrees), "deg" (unsigned degrees, side from other cues);
    ``hedge``: "slight", "strong", "half" or None; ``strength``: for "vert" cues how far
    up/down the word goes, "weak" for a horizontal cue used only when nothing else gives one
    ("behind the fence"); ``distance_m``: a distance the words imply (ear references),
    else None; ``note``: an assumption to report ("stage left = your right");
    "near" (a distance with no direction: "on the headphones");
    ``toward``: for angles measured from a reference ("30 degrees to the left", "20 degrees
    behind"), the word they turn toward ("side", "front", "back", "up", "down"), so that a
    hemisphere named elsewhere ("behind me, 30 degrees to the left") sets the reference.
    """

    kind: str
    value: float
    span: tuple[int, int]
    hedge: str | None = None
    strength: str = "strong"
    distance_m: float | None = None
    note: str | None = None
    toward: str | None = None


def hedge_class(word: str | None) -> str | None:
    """ "slight", "half" or "strong" for a hedge word ("a little", "half", "hard"), else None."""
    if not word:
        return None
    w = " ".join(word.split())
    if w in lx.SLIGHT_HEDGES or w in ("a touch", "a little bit"):
        return "slight"
    if w in lx.HALF_HEDGES:
        return "half"
    if w in lx.STRONG_HEDGES:
        return "strong"
    return None


def group_or_none(m: re.Match, name: str) -> str | None:
    """``m.group(name)``, or None when the pattern has no such group."""
    try:
        return m.group(name)
    except IndexError:
        return None


def hedge_of(m: re.Match) -> str | None:
    """The hedge class of a match's ``hedge`` (before) or ``hedge2`` (after) group."""
    return hedge_class(group_or_none(m, "hedge")) or hedge_class(group_or_none(m, "hedge2"))


def side_value(word: str) -> float:
    """+1 for left (or "l"), -1 for right."""
    return 1.0 if word.startswith("l") else -1.0


Handler = Callable[[re.Match], list[Cue]]


#: Words one of which a pattern's match always contains (``needs=`` of a registration): a
#: phrase with none of them skips the pattern, which keeps the grammar fast as it grows.
NEEDS: dict[re.Pattern, tuple[str, ...]] = {}


def can_match(regex: re.Pattern, text: str) -> bool:
    """False when ``text`` lacks every word ``regex`` needs (see :data:`NEEDS`)."""
    words = NEEDS.get(regex)
    return words is None or any(w in text for w in words)


class PatternRegistry:
    """Ordered ``(compiled regex, handler)`` pairs; use an instance as a decorator factory:
    ``@patterns(r"regex")`` registers the decorated handler; ``needs=("nose", "chin")``
    names words every match contains (a cheap test before the regex runs)."""

    def __init__(self) -> None:
        self.patterns: list[tuple[re.Pattern, Handler]] = []

    def __call__(self, regex: str, *, needs: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            compiled = re.compile(regex)
            if needs:
                NEEDS[compiled] = needs
            self.patterns.append((compiled, fn))
            return fn

        return register
