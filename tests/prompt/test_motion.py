"""Moving sources: the path goes where the words say, at the right fractions of the region."""

import numpy as np
import pytest

from engine.prompt import parse


def _p(text):
    return parse(text, use_embedding=False)


def test_left_to_right_pass_starts_left_crosses_the_front_and_ends_right():
    src = _p("a car passes from left to right").sources[0]
    az, el, _ = src.path.sample(np.array([0.0, 0.5, 1.0]))
    assert src.motion == "left-to-right"
    assert az.tolist() == pytest.approx([90.0, 0.0, -90.0])
    assert np.allclose(el, 0.0)


def test_pass_behind_me_crosses_the_back():
    az, _, _ = _p("a car passes behind me from left to right").path.sample(np.array([0.5]))
    assert abs(abs(az[0]) - 180.0) < 1e-6


def test_fly_over_goes_over_the_top_not_around_the_side():
    p = _p("a plane flies overhead from front to back")
    t = np.linspace(0, 1, 21)
    az, el, _ = p.path.sample(t)
    assert p.motion == "front-to-back"
    assert el.max() == pytest.approx(90.0)
    # the path stays in the median plane: no left/right excursion
    assert np.all(np.abs(np.sin(np.radians(az)) * np.cos(np.radians(el))) < 1e-6)


@pytest.mark.parametrize(
    ("text", "motion", "sign"),
    [
        ("a bee circling around my head clockwise", "circling-clockwise", -1),
        ("a fly buzzing around my head counter-clockwise", "circling-counterclockwise", 1),
    ],
)
def test_circling_turns_the_right_way_seen_from_above(text, motion, sign):
    p = _p(text)
    assert p.motion == motion
    kfs = p.path.keyframes
    steps = np.diff(np.unwrap(np.radians([k.azimuth_deg for k in kfs])))
    assert np.all(np.sign(steps) == sign)
    assert np.all(np.degrees(np.abs(steps)) <= 90.0 + 1e-9)
    assert np.degrees(abs(steps.sum())) == pytest.approx(360.0)


def test_approaching_gets_closer_and_receding_gets_farther_in_a_fixed_direction():
    a = _p("footsteps approaching from the left").sources[0]
    r = _p("a man walking away behind me").sources[0]
    _, _, da = a.path.sample(np.linspace(0, 1, 11))
    az_r, _, dr = r.path.sample(np.linspace(0, 1, 11))
    assert a.motion == "approaching" and np.all(np.diff(da) < 0)
    assert r.motion == "receding" and np.all(np.diff(dr) > 0)
    assert np.allclose(np.abs(az_r), 180.0)


def test_explicit_distances_set_the_ends_of_an_approach():
    p = _p("footsteps coming closer from 20 metres away")
    assert p.path.start.distance_m == pytest.approx(20.0)
    assert p.path.end.distance_m < 2.0


def test_from_a_place_with_a_sound_verb_is_not_a_path():
    p = _p("a crow calling from the treetops to the right")
    assert p.motion == "static"
    assert p.path.start.azimuth_deg == -90.0 and p.path.start.elevation_deg > 0


def test_a_place_to_the_side_of_behind_is_not_a_motion():
    assert _p("a bicycle bell behind you to the right").motion == "static"


def test_a_spiral_circles_and_closes_in():
    src = _p("a bee slowly spirals around me anticlockwise, getting closer").sources[0]
    d = [k.distance_m for k in src.path.keyframes]
    assert src.motion == "circling-counterclockwise"
    assert all(b < a for a, b in zip(d, d[1:], strict=False))


def test_side_to_side_alternates_through_the_front():
    p = _p("synth panning left and right")
    az = [k.azimuth_deg for k in p.path.keyframes]
    assert az[0] == 90.0 and set(az) == {90.0, -90.0}
    assert all(a == -b for a, b in zip(az, az[1:], strict=False))


def test_a_lateral_pass_below_ear_level_crosses_the_front_not_the_floor():
    p = _p("a train rumbles under the floor from left to right")
    az, el, _ = p.path.sample(np.array([0.5]))
    assert abs(az[0]) < 1e-6 and -90.0 < el[0] < 0.0


def test_named_waypoints_are_visited_in_order_at_even_fractions():
    p = _p("a fly goes from the left through the back to the right")
    ts = [k.t for k in p.path.keyframes]
    az, _, _ = p.path.sample(np.array(ts))
    assert ts == [0.0, 0.5, 1.0]
    assert np.allclose(np.abs(az), [90.0, 180.0, 90.0]) and az[0] > 0 > az[2]
    chain = _p("a voice moves from left to front to right to behind me")
    assert [k.t for k in chain.path.keyframes] == pytest.approx([0, 1 / 3, 2 / 3, 1])


def test_moving_to_a_place_starts_in_front_and_says_so():
    p = _p("the voice moves to the left")
    assert p.motion == "right-to-left"
    assert p.path.start.azimuth_deg == 0.0 and p.path.end.azimuth_deg == 90.0
    assert any("starts in front" in n for n in p.notes)
    # a participle or a sound verb is not a movement
    assert _p("bass synth panned hard right").motion == "static"
    assert _p("a shower running to my right").motion == "static"


def test_walking_behind_me_to_the_left_ends_left_via_the_back():
    p = _p("footsteps - they start on the right and walk behind me to the left")
    az, _, _ = p.path.sample(np.array([0.0, 0.5, 1.0]))
    assert az[0] == -90.0 and abs(az[1]) == 180.0 and az[2] == 90.0


def test_creeping_up_behind_is_an_approach_not_a_rise():
    p = _p("something creeping up behind you")
    assert p.motion == "approaching"
    assert p.path.start.elevation_deg == 0.0 and abs(p.path.start.azimuth_deg) == 180.0


def test_a_described_drive_by_is_one_source_through_the_front():
    p = _p("a car approaches from the left, passes in front of me and drives off to the right")
    assert len(p.sources) == 1 and p.motion == "left-to-right"
    az, _, _ = p.path.sample(np.array([0.0, 0.5, 1.0]))
    assert az.tolist() == pytest.approx([90.0, 0.0, -90.0])


def test_away_from_me_is_a_recession_towards_the_named_place():
    p = _p("a bird flies away from me to the upper left")
    assert p.motion == "receding"
    assert p.path.end.azimuth_deg == 90.0 and p.path.end.elevation_deg > 0


def test_library_style_descriptions():
    assert _p("Car passes L-R at speed").motion == "left-to-right"
    assert _p("Motorcycle pass R-L, fast").motion == "right-to-left"
    heli = _p("Helicopter, approach, hover overhead, depart")
    d = [k.distance_m for k in heli.path.keyframes]
    assert len(heli.sources) == 1 and d[0] > d[1] < d[2]
    assert heli.path.at(0.5).elevation_deg == pytest.approx(90.0)


def test_front_to_back_on_a_side_passes_that_side():
    p = _p("a ball rolling from front to back on my left")
    az, _, _ = p.path.sample(np.array([0.0, 0.5, 1.0]))
    assert az.tolist() == pytest.approx([0.0, 90.0, 180.0])


def test_vertical_movements_named_by_their_verbs():
    assert _p("a balloon floating slowly upward on the left").motion == "rising"
    assert _p("a cat jumps down from the shelf on my left").motion == "falling"
    assert _p("a firework shoots up and explodes high above").motion == "rising"
    # a tie between sideways and downward change goes to the verb: "moves off to the right"
    assert _p("rain starts overhead and moves off to the right").motion == "left-to-right"


def test_positions_pinned_to_moments_of_the_region():
    p = _p("the car is on the left at first and on the right by the end")
    assert len(p.sources) == 1 and p.label == "the car"
    assert (p.path.start.azimuth_deg, p.path.end.azimuth_deg) == (90.0, -90.0)
    held = _p("a bird in front for the first half, then behind")
    assert held.path.at(0.25).azimuth_deg == pytest.approx(0.0)
    assert held.path.at(0.5).azimuth_deg == pytest.approx(0.0)
    assert abs(held.path.end.azimuth_deg) == 180.0


def test_a_jump_halfway_is_abrupt():
    p = _p("halfway through, the voice jumps to the right")
    assert p.path.at(0.45).azimuth_deg == pytest.approx(0.0)
    assert p.path.at(0.5).azimuth_deg == pytest.approx(-90.0)
    assert any("front assumed" in n for n in p.notes)


def test_a_sideways_move_keeps_its_distance_and_an_approach_changes_it():
    p = _p("the thunder should come from far away on the right and roll towards the left")
    assert len(p.sources) == 1 and p.motion == "right-to-left"
    assert p.path.start.distance_m == p.path.end.distance_m > 5.0
    q = _p("footsteps, they start far away behind me and stop right behind me")
    assert q.motion == "approaching" and q.path.end.distance_m < q.path.start.distance_m


def test_the_place_said_now_wins_over_the_place_it_was():
    assert _p("the cat, which was on the left, is now on the right").path.start.azimuth_deg == -90.0


def test_a_decimal_distance_in_a_from_to_phrase_is_read_whole():
    p = parse("a drone moves from 2.5 m on the left to 10.5 m on the right", use_embedding=False)
    assert p.path.at(0.0).distance_m == pytest.approx(2.5)
    assert p.path.at(1.0).distance_m == pytest.approx(10.5)
