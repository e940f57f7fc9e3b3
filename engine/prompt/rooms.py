"""Rooms: words in a prompt that name a space, mapped to the engine's room presets
(:data:`engine.rooms.ROOM_PRESETS`)."""

from __future__ import annotations

import re

from engine.rooms import ROOM_PRESETS

#: (regex, preset), most specific first.
ROOM_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"anechoic(?:\s+(?:chamber|room))?|no\s+reverb(?:eration)?|without\s+(?:any\s+)?reverb(?:eration)?|(?:completely|totally|bone|fully|perfectly)\s+dry|free\s+field|dead\s+room|no\s+room\s+sound",
        "anechoic",
    ),
    (
        r"(?:cathedral|church|chapel|basilica|abbey|minster|crypt|mosque|synagogue)(?!\s+(?:bells?|organ|choir|clock|tower|music|hymns?|service|chimes?|singers?|candles?))",
        "cathedral",
    ),
    (
        r"(?:small\s+|tiled\s+|tiny\s+)?bathroom|shower(?:\s+stall|\s+cubicle)?|restroom|washroom|toilet|lavatory|tiled\s+room|bathtub",
        "bathroom",
    ),
    (
        r"(?:large|big|huge|vast|concert|great|grand|banquet|sports|exhibition|lecture|dance|town|city|empty|festival)\s+hall|auditorium|gymnasium|(?<!\w)gym(?!\w)|warehouse|arena|theat(?:re|er)|ballroom|hangar|atrium|opera\s+house|(?:train|railway|subway)\s+station|(?<!down\sthe\s)(?<!across\sthe\s)\bhall(?!way|s?\s+of)|parking\s+garage|underground\s+car\s+park|tunnel|cave(?:rn)?|concert\s+venue",
        "large hall",
    ),
    (
        r"outdoors?|(?<!corridor\s)(?<!hallway\s)(?<!window\s)(?<!door\s)(?<!room\s)(?<!hall\s)outside|open\s+air|(?:at|on)\s+(?:the|a)\s+(?:beach|seaside|park|lake|river|harbou?r|campsite|playground|stadium|zoo|farm)|at\s+sea|on\s+a\s+boat|in\s+(?:a|the|an)\s+(?:open\s+)?(?:stadium|field|forest|woods|wood|park|garden|meadow|desert|jungle|countryside|street|square|yard|backyard|courtyard)|on\s+(?:a|the)\s+(?:beach|street|mountain|hill|hillside|road|sidewalk|pavement|lake|field)|in\s+nature|in\s+the\s+wild|open\s+field",
        "outdoors",
    ),
    (
        r"(?:small|little|tiny|cramped|small\s+wooden|carpeted)\s+room|bedroom|living\s+room|kitchen|office|studio|vocal\s+booth|booth|closet|cupboard|wardrobe|classroom|(?:inside|in)\s+(?:a|the)\s+car|car\s+interior|(?:in|inside)\s+(?:an?|the)\s+(?:elevator|lift)|in\s+(?:a|the)\s+room(?!\s+(?:above|below|next\s+door|upstairs|downstairs|over|beneath|under))|hallway|corridor|cabin|dorm",
        "small room",
    ),
)
_ROOMS = tuple(
    (
        re.compile(
            rf"(?:\b(?:in|inside|within|at|from|into|through)\s+(?:a|an|the|some|this|my|our)\s+(?:\w+\s+)?)?\b(?:{rx})\b"
        ),
        preset,
    )
    for rx, preset in ROOM_WORDS
)
assert all(preset in ROOM_PRESETS for _, preset in ROOM_WORDS)


#: Place nouns that name the room only when they stand alone ("a park; kids shouting").
_STANDALONE_OUTDOORS = re.compile(
    r"^\s*(?:(?:a|an|the)\s+)?(?:park|forest|woods|field|meadow|beach|street|garden|desert|jungle|mountain(?:top|side)?|hillside|lakeside|riverside|seaside|countryside|city\s+street|town\s+square|playground|farm|campsite|harbou?r|port|rooftop|balcony)\s*(?=[,;:.]|$)"
)
_ANY_PLACE_IN = re.compile(r"\b(?:somewhere|anywhere|wherever)\s+$")
_LANDMARK_VERB = re.compile(r"(?:is|'s|lies|sits|stands)\b")
_LOCATIVE = re.compile(r"^(?:in|inside|within|at|from|into|through)\b")
#: "the far end of the hall", "at the back of the auditorium": the room word only says
#: where in a venue the sound is (read by :mod:`.venue`), not the space to reverberate.
_PART_OF = re.compile(
    r"\b(?:end|back|front|rear|middle|centre|center|side|corner|edge|length|top)\s+of\s+"
    r"(?:the|this|that|our|my)\s+$"
)


def find_room(text: str) -> tuple[str | None, tuple[tuple[int, int], ...]]:
    """``(preset, spans)`` of the room named in normalised ``text``, or ``(None, ())``.

    A room the listener is *in* ("in a phone booth, traffic outside") wins over one that
    is merely mentioned. ``spans`` covers the words to drop from the source label: a
    locative phrase ("in a cathedral") or a room standing alone between commas ("an empty
    gymnasium, a ball bouncing"); a room word that names the sound itself ("a shower
    running") stays in the label (empty ``spans``).
    """
    m0 = _STANDALONE_OUTDOORS.search(text)
    if m0 is not None:
        return "outdoors", (m0.span(),)
    found = []
    for rank, (regex, preset) in enumerate(_ROOMS):
        for m in regex.finditer(text):
            before = text[: m.start()].rstrip()
            after = text[m.end() :].lstrip()
            clause_start = (
                not before
                or before.endswith((",", ";", ":"))
                or bool(
                    re.fullmatch(
                        r"(?:.*[,;:]\s*)?(?:(?:a|an|the)\s+(?:[a-z]+\s+)?)?", text[: m.start()]
                    )
                )
            )
            standalone = clause_start and (not after or after[0] in ",;:.")
            locative = bool(_LOCATIVE.match(m.group(0)))
            if _PART_OF.search(text[: m.start()]) and not _LOCATIVE.match(m.group(0)):
                continue
            if _ANY_PLACE_IN.search(text[: m.start()]) or (
                not locative and _LANDMARK_VERB.match(after)
            ):
                # "somewhere in the room" (a vague place, no room described), "the church is
                # south-west of us" (a landmark out there, not the space we hear in)
                continue
            span = m.span()
            if standalone and not locative:  # drop the whole clause: "an empty gymnasium"
                span = (max((text.rfind(c, 0, m.start()) for c in ",;:"), default=-1) + 1, m.end())
            found.append(
                (
                    not locative,
                    not standalone,
                    rank,
                    m.start(),
                    preset,
                    span,
                    locative or standalone,
                )
            )
    if not found:
        return None, ()
    *_, preset, span, drop = min(found)
    return preset, ((span,) if drop else ())
