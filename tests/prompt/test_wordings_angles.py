"""Angle wordings: a hemisphere named with a listener word plus a signed offset, and small
offsets from the centre line ("just left of centre").

Written for these tests, not taken from the data sets."""

import pytest
from wording_checks import parse_one, start_error_deg


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
    p = parse_one(text)
    assert p.sources[0].motion == "static"
    assert start_error_deg(p, az, el) < 10.0


def test_just_left_of_centre_is_still_a_little_left():
    p = parse_one("a bell just left of centre")
    assert 5.0 < p.path.start.azimuth_deg < 40.0
