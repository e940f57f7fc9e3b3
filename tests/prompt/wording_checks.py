"""Helpers shared by the test_wordings_* prompt tests (grammar-only parses and angle errors).

Imported as a plain module: pytest puts this folder on ``sys.path`` (rootdir-relative
"prepend" import, tests/ is not a package).
"""

from engine.geometry import angular_error_deg
from engine.prompt import Placement, parse


def parse_text(text: str) -> Placement:
    """Grammar-only parse of ``text`` (the MiniLM fallback is never loaded)."""
    return parse(text, use_embedding=False)


def parse_placed(text: str) -> Placement:
    """Grammar-only parse that must place ``text``."""
    p = parse_text(text)
    assert p.placed, p.reason
    return p


def parse_one(text: str) -> Placement:
    """Grammar-only parse that must place ``text`` as exactly one source."""
    p = parse_placed(text)
    assert len(p.sources) == 1, [s.label for s in p.sources]
    return p


def start_error_deg(placed, az: float, el: float = 0.0) -> float:
    """Angle (deg) between the start of ``placed.path`` (a placement or a source) and (az, el)."""
    k = placed.path.start
    return float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el))


def first_keyframe(text: str) -> tuple[float, float, float]:
    """(azimuth_deg, elevation_deg, distance_m) of the first source's first keyframe; the
    parse may use the embedding fallback and must place ``text``."""
    p = parse(text)
    assert p.placed, p.reason
    k = p.sources[0].path.keyframes[0]
    return k.azimuth_deg, k.elevation_deg, k.distance_m
