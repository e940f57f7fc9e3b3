"""Several sources in one prompt: splitting ("the violin on the left and the piano behind
you on the right", "birds above, a river in front") and reading each part.

A prompt is cut at commas, semicolons and conjunctions ("and", "while", "with", ...). A
piece starts a new source only when it has words of its own that are not about position
(a label) *and* its own direction, distance or motion; other pieces ("up and to the
left", "..., far away", "and then moves behind me") stay with their neighbour. A piece
that names a source but no position ("a violin and a piano on the left") is merged with
the next piece, so both share that position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.prompt import doubt
from engine.prompt import lexicon as lx
from engine.prompt.direction import DirectionReading, read_direction
from engine.prompt.distance import DEFAULT_DISTANCE_M, find_distances
from engine.prompt.doubt import CONFLICT_PENALTY
from engine.prompt.label import FUNCTION_WORDS, extract_label
from engine.prompt.motion import MOTION_VERB_RE, MotionReading, keyframe, read_motion
from engine.prompt.offsets import read_offsets
from engine.prompt.timeline import time_word_spans
from engine.spatial_path import MIN_DISTANCE_M, SpatialPath

#: Strong separators: each piece between them is its own sentence ("left: rain. right: thunder").
_STRONG_SPLIT_RE = re.compile(r"\s*;\s*|(?:^|\s+)\(?\d{1,2}[).]\s+|\.\s+|\.\.\.\s*")
#: Weak separators: commas and conjunctions inside a sentence.
_WEAK_SPLIT_RE = re.compile(
    r"\s*,\s*(?:and\s+|while\s+|whilst\s+|with\s+|plus\s+|but\s+)?|\s+-\s+|\s+(?:and|while|whilst|plus|with|as|meanwhile|but|alongside|whereas)\s+"
)
#: Words that open a piece still describing the previous source ("..., far away",
#: "and then moves behind me", "slightly to the left").
CONTINUATION_WORDS = (
    "walk walks move moves go goes fly flies come comes head heads drift drifts pan pans turn turns "
    "stop stops end ends swing swings slide slides glide glides travel travels circle circles rise "
    "rises fall falls climb climbs drop drops pass passes cross crosses also again slowly quickly "
    "gradually moving going coming getting gets ending before after finally eventually back turning "
    "drifting fading fades circling passing panning sweeping sweeps travelling traveling continuing "
    "continues until till stopping finish finishes arrive arrives land lands settle settles stays "
    "staying remaining remains rising falling flying running runs walking it it's is are loudest "
    "quietest louder quieter mostly mainly especially actually approach approaches depart departs "
    "hover hovers arrive arrives leave leaves idle idles start starts away off onward onwards "
    "explodes explode bursts burst pops bangs crashes hits echoes echoing repeats disappears "
    "vanishes returns returning lingers lingering hangs hanging strongest weakest heaviest "
    "lightest loudest densest thickest most closing closes"
).split() + [
    "no wait",
    "at the start",
    "at the beginning",
    "at first",
    "at the end",
    "by the end",
    "in the end",
    "halfway",
    "midway",
    "initially",
    "for the first half",
    "for the second half",
    "for the last half",
]
#: "slightly to the left of the piano": a place relative to another sound, not a new source.
_RELATIVE_RE = re.compile(
    r"\b(?:(?:left|right|front)\s+of|than|beside|next\s+to)\s+(?:the|a|an|his|her|their|its)\s+\w+"
)
_CONTINUATION = re.compile(
    rf"^(?:and\s+)?(?:{lx.alternation(CONTINUATION_WORDS)}"
    r"|then(?!\s+(?:a|an|another|some|two|three|one|\d+)\b)"
    r"|\w+ing\s+(?:away|off|past|by|from|to|towards?|around|round|up|down|over|in|on|at|behind|closer|nearer|slowly|quickly|further|farther|back|along|across|through|into|out))\b"
)


#: "..., over my head to the left", "up and over me to land behind me": the via point of
#: the previous source's movement.
_VIA_CONTINUATION = re.compile(
    r"^(?:and\s+|then\s+)*(?:over|across|past|through|via|(?:a)?round)\s+(?:me|you|us|my|your|the\s+(?:top|listener))\b"
)
#: Distance (m) of a whisper when the prompt names none.
WHISPER_DISTANCE_M = 0.3
#: Nearest distance (m, from the head's centre) a source is placed: about the ear.
HEAD_SURFACE_M = 0.1
_WHISPER_RE = re.compile(r"\bwhisper(?:s|ed|ing|y)?\b")


@dataclass(frozen=True)
class SourceReading:
    """One source read from a piece of a prompt (offsets relative to the whole text);
    ``penalty``: confidence taken off for vague words and contradictions (:mod:`.doubt`)."""

    label: str
    path: SpatialPath | None
    motion: str | None
    notes: tuple[str, ...]
    hedged: bool
    spatial: bool
    penalty: float = 0.0


#: Words that only refine a position or its reference ("30 degrees in from the centre
#: line", "tilted 30 degrees toward the back", "let's say below"): never a source's name.
REFERENCE_WORDS = frozenset(
    "a an quadrant line axis tilted tilt tilting tipped angled angle leaning halfway exactly say let's hemisphere "
    "hemispheres horizon sector octant zone region position direction bearing heading "
    "centreline centerline midline median side distance range elevation azimuth "
    "no yes definitely actually certainly ok okay wait sorry scratch correction rather correct "
    # hedges: "possibly left, possibly front-left", "kinda up and to the right? not sure"
    "possibly maybe perhaps probably kinda sorta kind sort sure unsure only "
    # script tags: "VO: intimate, lips nearly touching the mic" is one source
    "vo vox sfx fx dx foley".split()
)
#: Words that make a piece about the seat (pronouns alone do not: "on the right? i'm not sure").
_SEAT_NOUNS = frozenset(
    "audience seat seats seated row rows stalls listener listeners conductor conductor's podium "
    "guests guest viewer viewers spectator spectators pov perspective aisle".split()
)
#: The seat nouns plus the listener's pronouns and verbs and the seat's places ("audience
#: seat front row centre", "listener is the conductor on the podium", "left side only"):
#: a piece whose only words are these (or gear words) names no sound of its own.
SEAT_WORDS = _SEAT_NOUNS | frozenset(
    "we we're i i'm i've us our my me hear heard hearing listen listening sit sits sitting "
    "sat stand stands standing centre center middle front".split()
)
_GEAR_WORDS = frozenset(
    "mic mic's microphone mouth lips headphones headphone headset earphones earbuds ear ears "
    "head side sides shoulder lap seat house".split()
)


def _seat_only(words: list[str]) -> bool:
    """Whether ``words`` (a piece's content words) are all seat/listener words
    (single letters count: the row in "audience row m centre")."""
    return any(w in _SEAT_NOUNS for w in words) and all(
        w in SEAT_WORDS or len(w) == 1 for w in words
    )


def _names_no_sound(words: list[str]) -> bool:
    """Whether ``words`` are all listener, seat, body or gear words (no sound noun)."""
    return all(w in SEAT_WORDS or w in _GEAR_WORDS or len(w) == 1 for w in words)


#: A clause about where the listener is ("we sit in row a", "our seat is front row
#: centre", "heard from row b centre"): it sets the reference, it is not a source.
_LISTENER_CLAUSE_RE = re.compile(
    r"^(?:(?:we|i)(?:'re|'m|\s+are|\s+am)?\s+(?:sit|sits|sitting|seated|are\s+seated|stand|standing|stood|sat|"
    r"in|at|on|behind|near|by|beside)\b"
    r"|our\s+(?:seat|position|place|row|pew|spot)\b"
    r"|(?:as\s+)?(?:heard|seen|viewed)\s+from\b"
    r"|from\s+(?:our|my|the)\s+(?:\w+\s+)?(?:seat|position|place|row|pew|spot|desk|podium)\b"
    r"|(?:the\s+)?listener\s+(?:sits|is|stands)\b"
    # "player stands centre stage facing the crowd", "the user stands at the back of the hall",
    # "player is seated front row centre": the game's or app's listener, not a sound
    r"|(?:the\s+)?(?:player|user|viewer|visitor)\s+(?:is\s+)?(?:sits|sitting|seated|stands|standing|stood|sat)\b"
    r"|(?:the\s+)?(?:player|user|viewer|visitor)\s+is\s+(?:on|at|in)\s+(?:the\s+)?(?:stage|front\s+row|stalls|back|middle|centre|center|seat|row)\b"
    r"|(?:the\s+)?(?:player|user|viewer|visitor|listener)\b[^;:.]{0,40}?\b(?:facing|looking\s+(?:out|at|towards?|in))\b"
    r"|(?:and\s+)?(?:facing|looking\s+(?:out\s+)?(?:at|over|towards?|into))\s+(?:the\s+)?(?:crowd|audience|seats|house|hall|room|stalls|auditorium|congregation|pews)\b"
    r"|(?:the\s+)?(?:camera|listener|player|mic|microphone|pov)\s+(?:is\s+|are\s+)?(?:facing|faces|looking|looks|pointing|points|pointed|aimed|turned)\b"
    r"|(?:we|i|you)(?:'re|'m|\s+are|\s+am)?\s+(?:facing|looking\s+(?:at|towards?|out))\b"
    r"|(?:the\s+)?(?:audience|listener|player|camera|our|my)\s+(?:pov|point\s+of\s+view|perspective|view(?:point)?)\b"
    r"|row\s+[a-z0-9]{1,2}(?:\s*,?\s*(?:centre|center|middle|aisle(?:\s+seat)?|seat\s+\d{1,3}))?\s*[.!]?\s*$"
    r"|(?:pov|point\s+of\s+view)\s*[:,]?\s*(?:from\s+)?(?:the\s+)?(?:audience|house|row|seat|stalls|front\s+row)\b"
    r"|house\s+(?:centre|center)\s*$"
    # "listening position is the front row", "front-row perspective", "mic position: row c"
    r"|(?:the\s+)?(?:listening|listener'?s?|mic|camera)\s+(?:position|point|spot|seat)\b"
    r"|(?:[\w'-]+\s+){0,3}(?:perspective|pov|point\s+of\s+view|vantage(?:\s+point)?)\s*[.!]?\s*$"
    r"|(?:we|i)(?:'re|'m|\s+are|\s+am)\s+(?:in|inside)\s+(?:his|her|their|the\s+\w+'s)\s+(?:head|ears?|shoes)\b)"
)
#: Openers of a clause that refines the source before it rather than naming a new one:
#: a consequence or feeling ("so close you'd go cross-eyed"), a comparison ("like an inch
#: from your skull"), a restatement or hedge ("or right-ish", "call it 45 up", "don't quote
#: me"), how it is rigged ("mounted about 30 degrees up"), an intensifier ("proper close").
_REFINING_RE = re.compile(
    r"^(?:and\s+)?(?:so|like|or|just|i\.?e\.?|say|call\s+it|maybe|perhaps|probably|roughly|basically|"
    r"proper|properly|really|pretty|quite|close\s+enough|near\s+enough|enough|don'?t|doesn'?t|"
    r"do\s+not|does\s+not|not|mounted|placed|positioned|hung|rigged|set|sat|tilted|angled|raised|"
    r"lowered|pitched|panned|aimed|pointed|feels?|feeling|sounds?|sounding|should|must|needs?|"
    # "tipped 30 degrees from straight up", "but bring it 20 degrees forward", "exactly halfway"
    r"tipped|leaning|rotated|nudged|shifted|exactly|halfway|"
    r"(?:offset|skewed|biased)(?=\s+(?:by\s+)?(?:about\s+|around\s+)?\d|\s+(?:a\s+)?(?:bit|little|slightly|towards?|to)\b)|"
    r"(?:but\s+)?(?:bring|move|push|pull|nudge|shift|swing|rotate|turn|tip|tilt)\s+it|"
    r"give\s+or\s+take|more\s+or\s+less|if\s+that|you\s+know|i\s+(?:think|guess|reckon|mean))\b"
)
#: A place phrase at the end of a piece ("... on the shelter roof", "... of your skull"):
#: its noun is a landmark, not the name of a second sound.
_TRAILING_PLACE_RE = re.compile(
    r"\b(?:on|at|in|inside|from|of|against|near|by|under|over|above|below|beneath|behind|beside|"
    r"up\s+on|atop|off|towards?|toward|past|beyond)\s+(?:the|a|an|my|your|our|his|her|their|its)\s+[\w'-]+(?:\s+[\w'-]+)?\s*[.!?]?\s*$"
)


#: A bare place phrase after a source ("..., behind the audience", "... and behind the
#: back row"): it refines that source's place; its noun is a landmark, not a new source.
_PLACE_PHRASE_RE = re.compile(
    r"^(?:and\s+)?(?:behind|above|below|beneath|under|over|beyond|past|near|beside|"
    r"in\s+front\s+of|at\s+the\s+(?:back|front|side)\s+of)\s+(?:the|a|an)\s+\w+(?:\s+\w+)?\s*$"
)


def blank_listener_clauses(text: str) -> str:
    """``text`` with each clause about where the listener sits blanked (length kept)."""
    for m in re.finditer(r"\(([^()]*)\)", text):  # "toy rattling in my lap (i'm seated)"
        inner = m.group(1).strip()
        if _LISTENER_CLAUSE_RE.match(inner) or _seat_only(_content_words(inner)):
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    for a, b in _cut(text, _STRONG_SPLIT_RE, 0, len(text)):
        if a > 0 and _seat_only(_content_words(text[a:b])):  # "...; we hear it as the conductor"
            text = text[:a] + " " * (b - a) + text[b:]
            continue
        for x, y in _cut(text, _WEAK_SPLIT_RE, a, b):
            seat = (
                x > 0
                and not _REFINING_RE.match(text[x:y])
                and _seat_only(_content_words(text[x:y]))
            )
            if seat or _LISTENER_CLAUSE_RE.match(text[x:y]):
                colon = text.find(":", x, y)
                if colon >= 0 and has_spatial_content(text[colon + 1 : y]):
                    y = colon + 1  # "player pov: a crow 30 degrees right": only the tag
                text = text[:x] + " " * (y - x) + text[y:]
    return text


def _content_words(text: str) -> list[str]:
    reading = read_direction(text)
    removed = list(reading.spans) + [d.span for d in find_distances(text)] + time_word_spans(text)
    label = extract_label(text, removed)
    return [
        w
        for w in re.findall(r"[\w']+", label)
        if w not in FUNCTION_WORDS and w not in REFERENCE_WORDS
    ]


def has_spatial_content(text: str) -> bool:
    """Whether a phrase names a direction, a distance or a motion of its own."""
    reading = read_direction(text)
    if reading.has_direction or reading.distance_m is not None or find_distances(text):
        return True
    return read_motion(text, reading, DEFAULT_DISTANCE_M, False) is not None


def _continues(piece: str) -> bool:
    """Whether a piece goes on describing the previous source ("and then moves behind
    me", "drives off to the right", "far away")."""
    if _CONTINUATION.match(piece) or _VIA_CONTINUATION.match(piece):
        return True
    verb = re.match(r"^(?:and\s+)?(?:then\s+)?(?P<w>[a-z]+)\b", piece)
    return bool(verb and MOTION_VERB_RE.fullmatch(verb.group("w")))


def _cut(text: str, regex: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """Char ranges of ``text[start:end]`` between matches of ``regex``."""
    pieces = []
    pos = start
    for m in regex.finditer(text, start, end):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = max(pos, m.end())
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _group(text: str, pieces: list[tuple[int, int]]) -> list[list[int]]:
    """Group the weak pieces of one sentence: ``[start, end, has_position, has_label]``."""
    groups: list[list[int]] = []
    for a, b in pieces:
        piece = text[a:b]
        spatial = has_spatial_content(piece)
        words = _content_words(piece)
        labelled = bool(words) and not (
            groups
            and (
                _names_no_sound(words)
                or _PLACE_PHRASE_RE.match(piece)
                or _REFINING_RE.match(piece)
                or not _content_words(_TRAILING_PLACE_RE.sub("", piece))
            )
        )
        new_source = (
            bool(groups)
            and spatial
            and labelled
            and groups[-1][3]
            and not _continues(piece)
            and not _RELATIVE_RE.search(piece)
        )
        if not groups or new_source:
            groups.append([a, b, int(spatial), int(labelled)])
        else:
            g = groups[-1]
            g[1] = b
            g[2] = int(g[2] or spatial)
            g[3] = int(g[3] or labelled)
    return groups


def split_sources(text: str) -> list[tuple[int, int]]:
    """Char ranges of the pieces of ``text`` that each describe one source."""
    groups: list[list[int]] = []
    for a, b in _cut(text, _STRONG_SPLIT_RE, 0, len(text)):
        groups.extend(_group(text, _cut(text, _WEAK_SPLIT_RE, a, b)))
    if len(groups) <= 1:
        return [(0, len(text))]
    # a sentence with no label of its own goes on describing the previous source
    labelled: list[list[int]] = []
    for g in groups:
        if labelled and not g[3]:
            labelled[-1][1] = g[1]
            labelled[-1][2] = int(labelled[-1][2] or g[2])
        else:
            labelled.append(list(g))
    # a group that names no position shares the next group's
    merged: list[list[int]] = []
    for g in labelled:
        if merged and not merged[-1][2]:
            merged[-1][1] = g[1]
            merged[-1][2] = g[2]
        else:
            merged.append(list(g))
    if len(merged) > 1 and not merged[-1][2]:
        last = merged.pop()
        merged[-1][1] = last[1]
    return [(g[0], g[1]) for g in merged]


def read_source(text: str, *, extra_removed: tuple[tuple[int, int], ...] = ()) -> SourceReading:
    """Label, path and motion of one source described by ``text`` (normalised)."""
    notes: list[str] = []
    static: DirectionReading = read_direction(text)
    distances = find_distances(text)
    if static.distance_m is not None:
        # "close to my right ear", "intimate, lips touching the mic": a body or gear
        # reference is more precise than a nearness word; a number still wins
        # unless the word says closer still ("behind my ear, close enough to feel the breath")
        distances = [
            d
            for d in distances
            if d.exact
            or (
                d.distance_m < static.distance_m
                and not any(a < d.span[1] and d.span[0] < b for a, b in static.spans)
            )
        ]
    if distances:
        # "a fair way off, maybe 10 metres": the number says how far the word meant
        distance_m = next((d for d in distances if d.exact), distances[0]).distance_m
        distance_given = True
    elif static.distance_m is not None:
        distance_m = static.distance_m
        distance_given = True
    elif _WHISPER_RE.search(text):
        distance_m = WHISPER_DISTANCE_M
        distance_given = False
        notes.append(f"whisper with no distance named; placed {WHISPER_DISTANCE_M:g} m away")
    else:
        distance_m = DEFAULT_DISTANCE_M
        distance_given = False
    static, distance_m, distance_given, penalty = _settle_doubt(
        text, static, distances, distance_m, distance_given, notes
    )
    # "an inch off your ear": heard at the ear, never inside the head (unless the prompt
    # puts it there: "a voice inside my head")
    in_head = static.distance_m is not None and static.distance_m <= MIN_DISTANCE_M
    if not in_head:
        distance_m = max(distance_m, HEAD_SURFACE_M)
    offsets = read_offsets(text)
    if offsets is not None:  # "2 m in front and 1 m to the left"
        static = DirectionReading(
            offsets.azimuth_deg,
            offsets.elevation_deg,
            None,
            static.spans + offsets.spans,
            static.notes,
        )
        distance_m, distance_given = offsets.distance_m, True
    motion: MotionReading | None = read_motion(text, static, distance_m, distance_given)
    removed = list(static.spans) + [d.span for d in distances] + list(extra_removed)
    penalty += CONFLICT_PENALTY * static.conflicts
    if motion is not None:
        removed.extend(motion.spans)
        notes.extend(motion.notes)
        penalty += motion.doubt
        path = SpatialPath.from_keyframes(list(motion.keyframes))
        label = extract_label(text, removed)
        return SourceReading(label, path, motion.motion, tuple(notes), static.hedged, True, penalty)
    notes.extend(static.notes)
    label = extract_label(text, removed)
    if not static.has_direction and not distance_given:
        return SourceReading(label, None, None, tuple(notes), False, False)
    words = [d for d in distances if not d.exact]
    if len(words) >= 2 and max(d.distance_m for d in words) > 4.0 * min(
        d.distance_m for d in words
    ):
        # "close but also far away"
        a, b = words[0], words[1]
        notes.append(
            f"two distances named ('{text[a.span[0] : a.span[1]]}' and '{text[b.span[0] : b.span[1]]}'); used the first"
        )
        penalty += CONFLICT_PENALTY
    az = static.azimuth_deg
    el = static.elevation_deg
    if az is None and el is None:
        notes.append("no direction given: assumed front")
        az, el = 0.0, 0.0
    az = 0.0 if az is None else az
    el = 0.0 if el is None else el
    path = SpatialPath((keyframe(0.0, az, el, distance_m),))
    return SourceReading(label, path, "static", tuple(notes), static.hedged, True, penalty)


def _settle_doubt(
    text: str,
    static: DirectionReading,
    distances: list,
    distance_m: float,
    distance_given: bool,
    notes: list[str],
) -> tuple[DirectionReading, float, bool, float]:
    """Vague places ("somewhere over there": front, 3 m) and "off to the side" (left), with
    a note in the user's words and the confidence they cost (see :mod:`.doubt`)."""
    penalty = 0.0
    vague = doubt.vague_place(text)
    if vague is not None and not static.has_direction:
        if not distance_given:
            distance_m = doubt.VAGUE_DISTANCE_M
        side = doubt.some_side(text)
        az = 90.0 if side is not None else 0.0
        where = doubt.describe(az, 0.0, distance_m)
        a, b = vague.span()
        if side is not None:
            a, b = min(a, side.start()), max(b, side.end())
        notes.append(f"'{' '.join(text[a:b].split())}': assumed {where}")
        spans = static.spans + (vague.span(),) + ((side.span(),) if side is not None else ())
        return (
            DirectionReading(az, 0.0, static.distance_m, spans, static.notes, static.hedged),
            distance_m,
            True,
            doubt.VAGUE_PENALTY,
        )
    if static.azimuth_deg is None:
        side = doubt.some_side(text)
        if side is not None:  # "a door creaks off to the side"
            notes.append(f"'{' '.join(side.group(0).split())}': which side not given; assumed left")
            static = DirectionReading(
                90.0,
                static.elevation_deg if static.elevation_deg is not None else 0.0,
                static.distance_m,
                static.spans + (side.span(),),
                static.notes,
                static.hedged,
                static.conflicts,
            )
            penalty += doubt.VAGUE_PENALTY
    if static.has_direction and not distance_given and doubt.says_over_there(text):
        distance_m = doubt.VAGUE_DISTANCE_M
        notes.append(f"'over there': assumed {distance_m:g} m away")
    return static, distance_m, distance_given, penalty
