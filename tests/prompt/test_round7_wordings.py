"""Round-7 wordings of the issue-16 classes, written for these tests (not taken from the
data sets): a hemisphere named with any listener word plus a signed offset, elevations
with an approximation word, clock call-outs mid-sentence / in quotes / at "ten thirty",
compass bearings "of the player" and "on the X side", verb particles ("set down"), a pass
at a clock position, shoulder references with "the", and "... ? actually ..." corrections."""

import pytest

from engine.geometry import angular_error_deg
from engine.prompt import parse


def _one(text):
    p = parse(text, use_embedding=False)
    assert p.placed, p.reason
    assert len(p.sources) == 1, [s.label for s in p.sources]
    return p


def _err(p, az, el=0.0):
    k = p.path.start
    return float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el))


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("door creak behind the viewer, 10 degrees right of centre", -170.0, 0.0),
        ("a cough behind the user, 20 degrees left of centre", 160.0, 0.0),
        ("footsteps behind the listener, 30 degrees to the right", -150.0, 0.0),
        ("a phone ringing from behind, 30 degrees off centre to the right", -150.0, 0.0),
        ("a kettle from behind, 20 degrees off centre to the left", 160.0, 0.0),
        ("woodpecker, behind me and 15 degrees to my right, up about 40 degrees", -165.0, 40.0),
        ("an owl behind us, 20 degrees to the left, up roughly 30 degrees", 160.0, 30.0),
        ("a drip in front, 10 degrees to the right, down about 20 degrees", -10.0, -20.0),
        ("from the left side, 20 degrees round toward the back", 110.0, 0.0),
        ("on my right, 30 degrees round towards the front", -60.0, 0.0),
    ],
)
def test_hemisphere_with_signed_offsets(text, az, el):
    p = _one(text)
    assert p.sources[0].motion == "static"
    assert _err(p, az, el) < 10.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ('radio chatter: "bogey at your six"', 180.0, 0.0),
        ("pilot on comms: 'tally, at my six'", 180.0, 0.0),
        ("Vulture call, eleven high", 30.0, 30.0),
        ("hawk cry; two low", -60.0, -30.0),
        ("the gong sits at ten thirty", 45.0, 0.0),
        ("the bell tower stands at two thirty", -75.0, 0.0),
        ("Helicopter passing at twelve o'clock, level", 0.0, 0.0),
        ("a jet passing at three o'clock high", -90.0, 30.0),
    ],
)
def test_clock_call_outs(text, az, el):
    p = _one(text)
    assert p.sources[0].motion == "static"
    assert _err(p, az, el) < 10.0


def test_a_time_of_day_at_ten_thirty_is_no_clock_position():
    p = parse("the alarm goes off at ten thirty", use_embedding=False)
    assert not p.placed


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("surf on the north-east side of the island, no facing given", -45.0),
        ("wind on the west side of the hill", 90.0),
        ("the waterfall is north-west of the player, who's looking east", 135.0),
        ("a bell south of the visitor, who faces west", 90.0),
        ("the clock tower is south-west of the gallery; the visitor faces north", 135.0),
    ],
)
def test_compass_bearings_of_the_listener_or_on_a_side(text, az):
    assert _err(_one(text), az) < 10.0


@pytest.mark.parametrize(
    ("text", "az", "el"),
    [
        ("SFX: teacup set down in front of us, 20 degrees to the left", 20.0, 0.0),
        ("a mug put down on my right", -90.0, 0.0),
        ("parrot squawk from the left shoulder, perched", 90.0, -20.0),
        ("a whisper on the right shoulder", -90.0, -20.0),
    ],
)
def test_verb_particles_and_shoulders(text, az, el):
    assert _err(_one(text), az, el) < 10.0


def test_set_down_on_a_table_is_still_below():
    p = _one("a glass put down on the table to my right")
    assert p.path.start.elevation_deg < -10.0


def test_a_shoulder_is_near():
    assert _one("parrot squawk from the left shoulder, perched").path.start.distance_m < 0.5


@pytest.mark.parametrize(
    ("text", "az"),
    [
        ("a murmur, front left maybe? actually front right", -45.0),
        ("a hum on the left. actually, on the right", -90.0),
        ("birdsong behind me; actually in front", 0.0),
    ],
)
def test_a_correction_with_actually_wins(text, az):
    assert _err(_one(text), az) < 10.0


def test_a_movement_from_the_centre_to_the_right_still_moves():
    p = parse("a car moving from the centre to the right", use_embedding=False)
    assert p.sources[0].motion != "static"


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
    _one(text)
