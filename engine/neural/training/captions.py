"""Training captions: varied phrasings naming each source and where it is.

``caption(rng, sources)`` describes 1-3 sources (label + path) the way people write
prompts: "the dog on the far left and the piano behind me to the right", "it's
overhead", "put the sound slightly left", "a violin moving from left to right, while the
rain stays in front". Single sources are named by label, "it" or "the sound".
"""

from __future__ import annotations

import numpy as np

from engine.neural.conditioning import SourceSpec
from engine.spatial_path import SpatialPath


def _pick(rng: np.random.Generator, options) -> str:
    return str(options[int(rng.integers(len(options)))])


def side_words(rng: np.random.Generator, az: float) -> str:
    a = (az + 180) % 360 - 180
    left = a > 0
    s = "left" if left else "right"
    m = abs(a)
    if m < 12:
        return _pick(
            rng,
            [
                "in front",
                "straight ahead",
                "in front of me",
                "dead centre",
                "in the centre",
                "right in front",
            ],
        )
    if m < 55:
        return _pick(
            rng,
            [
                f"front {s}",
                f"slightly {s}",
                f"a little to the {s}",
                f"to the front {s}",
                f"slightly to my {s}",
                f"off to the {s} in front",
                "left of centre" if left else "right of centre",
            ],
        )
    if m < 125:
        return _pick(
            rng,
            [
                f"on the {s}",
                f"to the {s}",
                f"to my {s}",
                f"on my {s}",
                f"hard {s}",
                f"far {s}",
                f"on the {s} side",
                f"at my {s} ear",
                f"{s}",
            ],
        )
    if m < 168:
        return _pick(
            rng,
            [
                f"behind on the {s}",
                f"back {s}",
                f"behind me to the {s}",
                f"rear {s}",
                f"behind and to the {s}",
            ],
        )
    return _pick(rng, ["behind", "behind me", "at the back", "right behind me", "directly behind"])


def height_words(rng: np.random.Generator, el: float) -> str:
    if el > 70:
        return _pick(rng, ["directly overhead", "straight above me", "overhead"])
    if el > 30:
        return _pick(rng, ["above", "up high", "high up", "raised"])
    if el < -20:
        return _pick(rng, ["below", "low down", "down low", "near the floor"])
    return ""


def distance_words(rng: np.random.Generator, dist: float) -> str:
    if dist < 0.8:
        return _pick(rng, ["close", "very close", "near me", "up close"])
    if dist > 4:
        return _pick(rng, ["far away", "in the distance", "distant", "far off"])
    return ""


def place_words(rng: np.random.Generator, az: float, el: float, dist: float) -> str:
    parts = [side_words(rng, az)]
    h = height_words(rng, el)
    if h:
        parts.insert(int(rng.integers(2)), h) if rng.random() < 0.5 else parts.append("and " + h)
    d = distance_words(rng, dist)
    if d and rng.random() < 0.8:
        parts.append(d)
    return " ".join(parts)


def path_words(rng: np.random.Generator, path: SpatialPath) -> str:
    a, b = path.start, path.end
    if path.is_static:
        return place_words(rng, a.azimuth_deg, a.elevation_deg, a.distance_m)
    if (
        abs(a.distance_m - b.distance_m) > 0.5 * min(a.distance_m, b.distance_m)
        and abs(a.azimuth_deg - b.azimuth_deg) < 1
    ):
        side = side_words(rng, a.azimuth_deg)
        verb = "approaching" if b.distance_m < a.distance_m else "moving away"
        return _pick(rng, [f"{verb} {side}", f"{side}, {verb}", f"{verb} from {side}"])
    p1 = place_words(rng, a.azimuth_deg, a.elevation_deg, a.distance_m)
    p2 = place_words(rng, b.azimuth_deg, b.elevation_deg, b.distance_m)
    return _pick(
        rng,
        [
            f"moving from {p1} to {p2}",
            f"going from {p1} to {p2}",
            f"sweeping from {p1} to {p2}",
            f"starting {p1} and ending {p2}",
            f"panning from {p1} to {p2}",
        ],
    )


def label_phrase(rng: np.random.Generator, label: str) -> str:
    return _pick(
        rng, [f"the {label}", f"a {label}", f"the {label}", f"the sound of the {label}", label]
    )


def caption(rng: np.random.Generator, sources: list[SourceSpec]) -> tuple[str, list[str]]:
    """Returns (caption, slot labels); a single source may be named "it"/"the sound"."""
    if len(sources) == 1:
        s = sources[0]
        where = path_words(rng, s.path)
        if rng.random() < 0.35:
            text = _pick(
                rng,
                [
                    f"it's {where}",
                    f"the sound {where}",
                    f"put it {where}",
                    f"place the sound {where}",
                    where,
                    f"make it sound {where}",
                    f"{where} please",
                ],
            )
            return text, ["the sound"]
        name = label_phrase(rng, s.label)
        text = _pick(
            rng,
            [
                f"{name} {where}",
                f"put {name} {where}",
                f"{name}, {where}",
                f"I want {name} {where}",
                f"{name} should be {where}",
            ],
        )
        return text, [s.label]
    parts = []
    for s in sources:
        name = label_phrase(rng, s.label)
        where = path_words(rng, s.path)
        parts.append(
            _pick(
                rng,
                [
                    f"{name} {where}",
                    f"{name} {where}",
                    f"{where}, {name}" if rng.random() < 0.3 else f"{name} is {where}",
                ],
            )
        )
    joiners = [" and ", ", ", "; ", ", while ", " with "]
    text = parts[0]
    for p in parts[1:]:
        text += _pick(rng, joiners) + p
    return text, [s.label for s in sources]
