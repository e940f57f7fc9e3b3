"""Properties over many prompts: mirror symmetry, robustness to any string, and that text
with no spatial content is never placed."""

import json
import re
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.prompt import Placement, parse
from engine.prompt.direction import RIGHT_ADJECTIVE_AFTER
from engine.prompt.evaluation import load_cases
from engine.session import ROOM_PRESETS

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "prompts"

_MIRRORED_MOTION = {
    "left-to-right": "right-to-left",
    "right-to-left": "left-to-right",
    "circling-clockwise": "circling-counterclockwise",
    "circling-counterclockwise": "circling-clockwise",
}
# "right" meaning "just" / "correct", and "left" as a verb, do not mirror.
_NOT_MIRRORABLE = re.compile(
    r"^\s*right\s*[,!.]\s*(?:next|let|so|ok|now|then)|\bright\s+(?:behind|in|above|below|next|by|at|into|beside|over|under|overhead|here|there|now|away|up|sound|old|one|thing|amount|mix|level|balance|volume|time|way)\b|\ball right\b|\bleft\s+(?:the|a|it)\b|clockwise|o'?clock|\brechts|\blinks|gauche|droite|izquierda|derecha",
    re.IGNORECASE,
)


def _swap_sides(text: str) -> str:
    return re.sub(
        r"\b(left|right)\b",
        lambda m: "right" if m.group(1).lower() == "left" else "left",
        text,
        flags=re.I,
    )


_RIGHT_AS_ADJECTIVE = re.compile(r"\bright" + RIGHT_ADJECTIVE_AFTER, re.IGNORECASE)


def _mirror_cases():
    texts = [
        c["t"]
        for c in load_cases(DATA_DIR / "prompts.jsonl")
        + load_cases(DATA_DIR / "holdout.jsonl")
        + load_cases(DATA_DIR / "holdout2.jsonl")
        + load_cases(DATA_DIR / "holdout3.jsonl")
        + load_cases(DATA_DIR / "holdout4.jsonl")
        + load_cases(DATA_DIR / "holdout5.jsonl")
    ]
    return [
        t
        for t in texts
        if re.search(r"\b(?:left|right)\b", t, re.I)
        and not _NOT_MIRRORABLE.search(t)
        and not _RIGHT_AS_ADJECTIVE.search(t)
    ]


def test_mirror_set_is_not_empty():
    assert len(_mirror_cases()) > 100


def test_swapping_left_and_right_mirrors_every_keyframe():
    for text in _mirror_cases():
        a, b = parse(text, use_embedding=False), parse(_swap_sides(text), use_embedding=False)
        assert a.placed == b.placed, text
        if not a.placed:
            continue
        assert len(a.sources) == len(b.sources), text
        for sa, sb in zip(a.sources, b.sources, strict=True):
            if sa.motion.startswith("circling") and any(
                "circling direction not given" in n for n in a.notes
            ):
                continue  # the assumed turning direction is a default, not read from the text
            assert _MIRRORED_MOTION.get(sa.motion, sa.motion) == sb.motion, text
            assert len(sa.path.keyframes) == len(sb.path.keyframes), text
            for ka, kb in zip(sa.path.keyframes, sb.path.keyframes, strict=True):
                # azimuth negated (180 and -180 are the same direction)
                assert np.isclose(
                    np.sin(np.radians(ka.azimuth_deg)),
                    -np.sin(np.radians(kb.azimuth_deg)),
                    atol=1e-9,
                ), text
                assert np.isclose(
                    np.cos(np.radians(ka.azimuth_deg)),
                    np.cos(np.radians(kb.azimuth_deg)),
                    atol=1e-9,
                ), text
                # mirrored arithmetic (negated angles through sin/cos/atan2): equal to
                # rounding, not necessarily bit for bit on every libm
                assert np.isclose(ka.elevation_deg, kb.elevation_deg, atol=1e-9), text
                assert np.isclose(ka.distance_m, kb.distance_m, rtol=1e-12, atol=1e-12), text
                assert np.isclose(ka.t, kb.t, atol=1e-12), text


def test_clock_positions_mirror_around_twelve():
    for hour in range(1, 12):
        a = parse(f"a bell at {hour} o'clock", use_embedding=False).path.start.azimuth_deg
        b = parse(f"a bell at {12 - hour} o'clock", use_embedding=False).path.start.azimuth_deg
        assert np.isclose(np.sin(np.radians(a)), -np.sin(np.radians(b)))


def _assert_valid(p: Placement, text: str) -> None:
    assert isinstance(p, Placement)
    assert p.text == text
    assert 0.0 <= p.confidence <= 1.0
    assert p.room is None or p.room in ROOM_PRESETS
    if p.placed:
        assert p.sources and p.reason is None and p.path is p.sources[0].path
        for s in p.sources:
            for k in s.path.keyframes:
                assert np.isfinite([k.azimuth_deg, k.elevation_deg, k.distance_m]).all()
    else:
        assert p.reason and p.path is None
    json.dumps(p.to_json_dict())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_string_gives_a_valid_placement(text):
    _assert_valid(parse(text, use_embedding=False), text)


_SPATIAL_WORDS = st.sampled_from(
    "left right behind front ahead above below overhead up down near far close metres feet "
    "degrees oclock o'clock ear shoulder around circling passes approaching away towards "
    "distance ceiling floor sky top bottom rear back side centre center middle high low".split()
)
_PLAIN_WORDS = st.sampled_from(
    "a the dog cat rain thunder piano violin voice crowd 3 two dogs barking singing loud soft "
    "bright dark warm metallic hum buzz click engine car train bird birds water wind footsteps "
    "gravel wooden glass breaking laughing quietly slow fast 440 hz kick snare reverb-free "
    "old new tiny huge and with of".split()
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PLAIN_WORDS, min_size=1, max_size=12))
def test_text_without_spatial_words_is_not_placed(words):
    text = " ".join(words)
    p = parse(text, use_embedding=False)
    assert not p.placed, (text, p.to_json_dict())
    assert p.reason


_EDGE_WORDS = st.sampled_from(
    "0 0.001 1 3 12 45 -30 100000 mm m km ft degrees deg o'clock 70% 30l pan panned az el "
    "from to through via then and , ; 1) 2) not no wait clockwise counter-clockwise twice "
    "getting closer away spiral L R FL stage half a couple of at first halfway by the end "
    "for the first second last third quarter jumps suddenly initially".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PLAIN_WORDS, _SPATIAL_WORDS, _EDGE_WORDS), max_size=16))
def test_mixed_text_never_crashes(words):
    text = " ".join(words)
    _assert_valid(parse(text, use_embedding=False), text)
