"""Clauses that refine one source rather than split it (pauses, trailing seat / listener /
gear / player clauses, offset clauses) and real several-source prompts that still split.

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import parse_one, parse_text

from engine.prompt import parse


@pytest.mark.parametrize(
    "text",
    [
        "far away to the... left? yeah, left, I think",
        "commentary: crowd noise on the... um, left",
    ],
)
def test_a_pause_inside_a_phrase_keeps_one_source(text):
    p = parse_one(text)
    assert abs(p.path.start.azimuth_deg - 90) < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Door slam upstage left, audience seat row C centre",
        "Thunder sheet in the wings stage right, our seats are row J aisle",
        "Cue 12: gunshot downstage right, audience front row centre",
        "Footsteps crossing upstage, listener seated front row",
        "Whistle from the stage left entrance; we're centre front row",
        "Clarinet solo on the conductor's left, we are the conductor",
        "Lip pop right on the mic, the mic is right in front of my mouth",
        "Hi-hat inside my headphones, right side only",
        "Breath on the microphone, mic sits just below my lips",
    ],
)
def test_a_trailing_seat_listener_or_gear_clause_is_not_a_source(text):
    parse_one(text)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("a dog on the left and a cat on the right", 2),
        ("violin left, piano right", 2),
        ("drums behind us, a choir above, we sit in row D", 2),
        ("cello on the left, the audience coughing on the right", 2),
    ],
)
def test_real_several_source_prompts_still_split(text, labels):
    p = parse_text(text)
    assert len(p.sources) == labels, [s.label for s in p.sources]


@pytest.mark.parametrize(
    "text",
    [
        "NPC bard plays from stage right wings, player stands centre stage facing the crowd",
        "boss taunt from downstage left, player is seated front row centre",
        "a violin from stage left, the user sits in the front row",
        "a door bangs at the far end of the hall; we're stood at the lectern",
        "chandelier tinkling high above the middle of the hall, the user stands at the back",
    ],
)
def test_a_player_or_user_clause_is_the_listener_not_a_source(text):
    parse_one(text)


def test_offset_clause_refines_the_same_source() -> None:
    p = parse("a low hum from straight behind, offset 40 degrees to the right")
    assert len(p.sources) == 1
    az = p.sources[0].path.keyframes[0].azimuth_deg
    assert abs(az + 140.0) <= 5.0
    # "offset" before a noun is not a refinement: two sources stay two
    assert len(parse("wind on the left, offset chimes on the right").sources) == 2
