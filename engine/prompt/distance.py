"""Distances: numbers with units ("3 m", "six feet", "50 cm") and words ("close", "across
the room", "far away", "in the distance"), in metres from the centre of the head.

:data:`DEFAULT_DISTANCE_M` (1.5 m) is used when a prompt names no distance: a
conversational distance, outside the near field where HRTFs change with range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.prompt.numbers import NUMBER, number_value
from engine.spatial_path import MAX_DISTANCE_M, MIN_DISTANCE_M

DEFAULT_DISTANCE_M = 1.5
#: Start of an approach / end of a recession when the prompt names no distance.
FAR_DEFAULT_M = 10.0
#: End of an approach / start of a recession when the prompt names no distance.
NEAR_DEFAULT_M = 1.0

#: (unit regex, metres per unit)
UNITS_M = (
    (r"kilomet(?:er|re)s?|kms?|klicks?", 1000.0),
    (r"centimet(?:er|re)s?|cms?", 0.01),
    (r"millimet(?:er|re)s?|mm", 0.001),
    (r"met(?:er|re)s?|m|mtrs?", 1.0),
    (r"feet|foot|ft", 0.3048),
    (r"inch(?:es)?|ins?\b(?!\s+(?:front|the|my|your|a)\b)", 0.0254),
    (r"yards?|yds?", 0.9144),
    (r"miles?|mi", 1609.0),
    (r"paces?|steps?|strides?", 0.75),
    (r"arms?\s+lengths?|arms\s+length", 0.7),
)
_UNIT_ALT = "|".join(f"(?:{u})" for u, _ in UNITS_M)
NUMERIC_DISTANCE_RE = re.compile(rf"\b(?P<n>{NUMBER}|an?)\s*(?P<u>{_UNIT_ALT})(?![a-z])")
#: "10 to 20 metres", "maybe 10 metres, maybe 20", "10 or 20 m": a range, read as its middle
_RANGE_RE = re.compile(
    rf"\b(?P<a>{NUMBER})\s*(?P<u1>{_UNIT_ALT})?(?![a-z])\s*"
    r"(?:,?\s*(?:or\s+)?(?:maybe|perhaps|possibly)\s+|(?:to|-|or|and)\s+|-\s*)"
    rf"(?P<b>{NUMBER})\s*(?P<u2>{_UNIT_ALT})?(?![a-z])"
)

#: Distance words, most specific first: (regex, metres).
DISTANCE_WORDS: tuple[tuple[str, float], ...] = (
    # "close enough that you'd feel the breath", "practically eating the mic"
    (
        r"(?:close\s+enough\s+(?:that\s+)?(?:(?:you|we|i)(?:'d|\s+would|\s+could|\s+can)\s+|to\s+)?)?feel\s+(?:the|their|his|her|its)\s+breath",
        0.1,
    ),
    (
        r"(?:practically\s+|basically\s+|almost\s+|nearly\s+)?eating\s+(?:it|the\s+mic(?:rophone)?)",
        0.15,
    ),
    (r"(?:right\s+)?(?:in|into|inside)\s+(?:my|your|the)\s+ears?", 0.1),
    # "lips nearly touching it" (the mic), "mouth almost on the capsule": at the capsule
    (
        r"(?:lips|mouth)\s+(?:(?:nearly|almost|practically|just\s+about|all\s+but)\s+)?(?:touching|on|against)\s+(?:it|the\s+(?:mic|microphone|capsule|grille|grill))",
        0.1,
    ),
    # "ASMR close", "ASMR distance": whisper-close, a few centimetres off the mic
    (r"asmr[\s-]+(?:close|distance|range|style|level|perspective)", 0.15),
    (
        r"inches\s+(?:away|from)|an\s+inch\s+(?:away|from)|a\s+hand'?s?\s+(?:width|breadth)(?:\s+(?:away|from))?|millimet(?:er|re)s\s+(?:away|from)|touching\s+(?:my|your)",
        0.1,
    ),
    (
        r"(?:right|directly|just)\s+(?:next\s+to|beside|by)\s+(?:me|you|us|my|your)|up\s+close|close\s+up|close[\s-]?(?:miked|mic'?d|micced|mic'ed|mic\s+ed)|in\s+(?:my|your)\s+face|very\s+close|really\s+close|super\s+close|extremely\s+close|incredibly\s+close|intimate(?:ly)?|within\s+touching\s+distance|close\s+enough\s+to\s+touch|point\s+blank",
        0.3,
    ),
    (
        r"(?:at|within)\s+arms\s+(?:length|reach)|an\s+arms\s+length|arms\s+(?:length|reach)|within\s+reach|touching\s+distance",
        0.7,
    ),
    (r"(?:a\s+)?stones\s+throw(?:\s+away)?", 15.0),
    (r"kilomet(?:er|re)s\s+(?:away|off)", 2000.0),
    (
        r"(?:close|near)\s+by|nearby|close\s+to\s+(?:me|you|us)|near\s+(?:me|you|us)|next\s+to\s+(?:me|you|us)|beside\s+(?:me|you|us)|(?:at|by)\s+(?:my|your)\s+side|(?<!\w)(?:close|near)(?!\w)(?!\s+(?:to|the|a|an|that|this|his|her|their|some|my|your|call|calls|friend|friends|shave|relative|relatives|game|match|race|look|attention|second|future|miss|misses|death|perfect|total|enough|harmony|harmonies|quarters|encounter|encounters|perspective|shot)\b)",
        0.8,
    ),
    (
        r"a\s+(?:little|bit|short)\s+(?:way\s+(?:off|away)|away)|a\s+short\s+distance|not\s+(?:too|very|that)\s+far|a\s+few\s+(?:feet|steps|paces)\s+away|mid(?:dle)?\s+distance|medium\s+distance|moderate\s+distance|some\s+distance(?:\s+away)?|a\s+bit\s+(?:further|farther)\s+(?:off|away|back)",
        3.0,
    ),
    (
        r"across\s+the\s+(?:room|table|studio|stage|office)|(?:the\s+)?other\s+(?:side|end)\s+of\s+the\s+(?:room|studio|office|table)|on\s+the\s+far\s+wall|against\s+the\s+far\s+wall",
        4.0,
    ),
    (
        r"(?:in\s+)?(?:the\s+)?next\s+room|next\s+door|through\s+the\s+wall|in\s+another\s+room|from\s+another\s+room|the\s+room\s+next\s+door",
        5.0,
    ),
    (
        r"down\s+the\s+(?:hall|hallway|corridor)|across\s+the\s+(?:hall|yard|garden|courtyard|parking\s+lot|car\s+park)",
        10.0,
    ),
    (
        r"very\s+far(?:\s+(?:away|off))?|really\s+far(?:\s+(?:away|off))?|far\s+far\s+away|way\s+(?:off|out)(?:\s+in\s+the\s+distance)?|way\s+far\s+away|(?:far|deep)\s+(?:off\s+)?in\s+the\s+distance|in\s+the\s+far\s+distance|miles\s+(?:away|off)|on\s+the\s+horizon|a\s+long\s+(?:long\s+)?way\s+(?:off|away)|barely\s+audible\s+in\s+the\s+distance|across\s+the\s+valley|distant\s+horizon",
        50.0,
    ),
    (r"way\s+back(?:\s+there)?", 30.0),
    (
        r"(?:from\s+)?across\s+(?:the\s+)?(?:town|city|bay|harbou?r)|(?:on\s+)?the\s+other\s+side\s+of\s+(?:town|the\s+city)",
        500.0,
    ),
    (r"(?:a|one|half\s+a)\s+block\s+away|blocks\s+away", 100.0),
    (r"(?:medium|mid|middle)\s+(?:perspective|shot|distance)|off\s+(?:the\s+)?mic|off\s+axis", 3.0),
    (r"close\s+(?:perspective|shot)|on\s+mic", 0.5),
    (r"(?:in\s+)?the\s+next\s+(?:field|valley|village|street|block)(?:\s+over)?", 50.0),
    (
        r"(?:at|from|on)\s+the\s+(?:far|other)\s+end(?:\s+of\s+the\s+(?:hall|hallway|corridor|street|road|field|tunnel|platform))?",
        10.0,
    ),
    (r"far\s+(?:off\s+|out\s+|over\s+)?to\s+(?:the|my|your)\s+(?=left|right)|far\s+back", 10.0),
    (
        r"down\s+the\s+(?:street|road|block|lane|valley|beach)|across\s+the\s+(?:street|road|field|river|lake|park|square)|down\s+the\s+(?:street|road)|on\s+the\s+other\s+side\s+of\s+the\s+(?:street|road)",
        30.0,
    ),
    (
        r"(?:off\s+)?in(?:to)?\s+the\s+distance|(?<!\w)distant(?!\w)|in\s+the\s+background|far\s+in\s+the\s+background|from\s+afar|afar",
        20.0,
    ),
    (
        r"far\s+(?:away|off)|far(?=\s+(?:behind|ahead|above|below|from|az|out(?=\s+(?:to|in|at|on|there|into|of))|back|down|up|in\s+front)\b)|(?<=\s)far(?=\s*$|\s*[,;.])|a\s+long\s+way|(?:quite|pretty|rather|fairly)\s+far|further\s+away|farther\s+away|well\s+away",
        10.0,
    ),
    (r"a\s+(?:few|couple(?:\s+of)?)\s+(?:metres|meters)\s+away", 3.0),
)
_WORDS = tuple((re.compile(rf"\b(?:{rx})"), metres) for rx, metres in DISTANCE_WORDS)


@dataclass(frozen=True)
class DistanceMention:
    """A distance found at ``span`` of a normalised phrase; ``exact`` for numbers with units."""

    distance_m: float
    span: tuple[int, int]
    exact: bool


def clamp_distance_m(distance_m: float) -> float:
    """Clamp to the range a :class:`~engine.spatial_path.Keyframe` accepts."""
    return float(min(MAX_DISTANCE_M, max(MIN_DISTANCE_M, distance_m)))


def find_distances(text: str) -> list[DistanceMention]:
    """All distance mentions in ``text``, in reading order (numbers win over words)."""
    found: list[DistanceMention] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE_RE.finditer(text):
        unit = m.group("u2") or m.group("u1")
        if unit is None or (m.group("u1") and m.group("u2") and m.group("u1") != m.group("u2")):
            continue
        factor = next(f for u, f in UNITS_M if re.fullmatch(u, unit))
        try:
            a, b = number_value(m.group("a")), number_value(m.group("b"))
        except ValueError:
            continue
        if a <= 0 or b <= a:
            continue
        found.append(DistanceMention(clamp_distance_m((a + b) / 2.0 * factor), m.span(), True))
        taken.append(m.span())
    for m in NUMERIC_DISTANCE_RE.finditer(text):
        if any(m.start() < y and x < m.end() for x, y in taken):
            continue
        unit = m.group("u")
        factor = next(f for u, f in UNITS_M if re.fullmatch(u, unit))
        try:
            value = 1.0 if m.group("n") in ("a", "an") else number_value(m.group("n"))
        except ValueError:
            continue
        if value <= 0:
            continue
        found.append(DistanceMention(clamp_distance_m(value * factor), m.span(), True))
        taken.append(m.span())
    for regex, metres in _WORDS:
        for m in regex.finditer(text):
            span = m.span()
            if span[0] == span[1] or any(span[0] < b and a < span[1] for a, b in taken):
                continue
            found.append(DistanceMention(metres, span, False))
            taken.append(span)
    found.sort(key=lambda d: d.span[0])
    return found


def blank_taken_back_distances(text: str, mark: int, cut: int) -> str:
    """ "close on the left... scratch that, far away": when a distance word follows the
    correction that ends at ``cut``, the distance words before ``mark`` are blanked (numbers
    with units stay; the text keeps its length)."""
    if not any(d.span[0] >= cut and not d.exact for d in find_distances(text)):
        return text
    chars = list(text)
    for d in find_distances(text[:mark]):
        if not d.exact:
            a, b = d.span
            chars[a:b] = " " * (b - a)
    return "".join(chars)
