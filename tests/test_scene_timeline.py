"""One scene timeline for every consumer (issue 11): the hold rule, rooms, several sources,
and the acceptance scene: a left region, a gap, a right region."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.metrics import itd_gcc_phat_ms, spl_difference_db
from engine.session import PlacedSource, Region, Session, Track
from engine.spatial_path import Keyframe, SpatialPath
from engine.timeline import build_timeline

RATE = 48_000
LEFT, RIGHT = SpatialPath.static(90.0), SpatialPath.static(-90.0)
#: The acceptance scene: left 0-1 s, nothing 1-3 s, right 3-4 s.
GAP_REGIONS = (Region(0.0, 1.0, "on the left", LEFT), Region(3.0, 4.0, "on the right", RIGHT))
GAP_TIMES_S = np.linspace(1.2, 2.8, 9)  # the second half too: a nearest-region rule fails there


def test_hold_rule_before_between_and_after_regions():
    sweep = SpatialPath.from_keyframes([Keyframe(0.0, 60.0), Keyframe(1.0, 30.0, 0.0, 3.0)])
    timeline = build_timeline([Region(4.0, 5.0, "r", RIGHT), Region(1.0, 2.0, "s", sweep)])
    az, _, dist = timeline.positions([0.0, 1.0, 1.5, 2.0, 3.9, 4.5, 9.0])
    np.testing.assert_allclose(az, [60.0, 60.0, 45.0, 30.0, 30.0, -90.0, -90.0], atol=0.5)
    assert dist[0] == 1.5 and dist[4] == pytest.approx(3.0)  # before: start; gap: end held
    np.testing.assert_array_equal(timeline.span_index([0.0, 3.0, 4.5]), [0, 0, 1])


def test_unplaced_regions_do_not_move_the_source_and_are_noticed():
    timeline = build_timeline([Region(0.0, 1.0, "l", LEFT), Region(1.0, 2.0, "???")])
    assert timeline.positions([1.5])[0][0] == 90.0
    assert any("'???'" in n and "no placement" in n for n in timeline.notices)
    empty = build_timeline([], front_distance_m=2.0)
    assert not empty.placed and empty.positions([1.0])[2][0] == 2.0
    assert any("front" in n for n in empty.notices)


def test_every_source_of_a_region_has_its_own_positions():
    two = Region(0.0, 1.0, "dog left, cat right").with_sources(
        [PlacedSource("dog", LEFT), PlacedSource("cat", RIGHT)], room=None
    )
    timeline = build_timeline([two, Region(2.0, 3.0, "front", SpatialPath.static(0.0))])
    assert timeline.max_sources == 2
    assert timeline.positions([0.5], source=0)[0][0] == 90.0
    assert timeline.positions([1.5], source=1)[0][0] == -90.0  # held through the gap
    assert timeline.positions([2.5], source=1)[0][0] == 0.0  # one source there: the main one


def test_room_segments_follow_regions_and_crossfade():
    timeline = build_timeline(
        [Region(1.0, 2.0, "l", LEFT, room="cathedral"), Region(3.0, 4.0, "r", RIGHT)],
        room="small room",
    )
    assert timeline.rooms() == ("small room", "cathedral")
    w = timeline.room_weights(np.array([0.5, 1.5, 2.5, 1.0]))
    np.testing.assert_allclose(w["cathedral"] + w["small room"], 1.0)
    np.testing.assert_allclose(w["cathedral"][:3], [0.0, 1.0, 0.0])
    assert w["cathedral"][3] == pytest.approx(0.5)  # crossfade centred on the edge
    with pytest.raises(ParameterError, match="moon base"):
        build_timeline([Region(0.0, 1.0, "x", LEFT, room="moon base")])


def test_room_registry_matches_the_physical_room_models():
    from engine.physical.rooms import PRESETS
    from engine.prompt.rooms import ROOM_WORDS
    from engine.rooms import ROOM_PRESETS

    assert set(PRESETS) | {"anechoic"} == set(ROOM_PRESETS)
    assert {preset for _, preset in ROOM_WORDS} <= set(ROOM_PRESETS)


# ----------------------------------------------------------------------------- acceptance


def _gap_itd_ms(binaural: np.ndarray) -> np.ndarray:
    times, itd = itd_gcc_phat_ms(binaural, RATE, window_s=0.1, hop_s=0.1)
    centres = times if times.size == itd.size else times[: itd.size]
    return itd[(centres > GAP_TIMES_S[0]) & (centres < GAP_TIMES_S[-1])]


def _noise(seconds: float) -> np.ndarray:
    return (0.1 * np.random.default_rng(11).standard_normal(int(seconds * RATE))).astype(np.float32)


def test_physical_render_holds_the_left_position_through_the_gap():
    from engine.hrtf import HrtfSet
    from engine.physical import render_track

    hrtf = HrtfSet.load(None, RATE)
    out = render_track(_noise(4.0), build_timeline(GAP_REGIONS), hrtf, sample_rate_hz=RATE)
    itd = _gap_itd_ms(out[:, : 4 * RATE])
    assert itd.size >= 10 and np.all(itd > 0.3), itd  # left ear leads all through the gap
    _, right = itd_gcc_phat_ms(out[:, int(3.2 * RATE) : int(3.8 * RATE)], RATE)
    assert np.nanmedian(right) < -0.3


def test_neural_weights_give_the_gap_to_the_left_region():
    from engine.neural.render import _span_weights

    w = _span_weights(build_timeline(GAP_REGIONS), GAP_TIMES_S, ramp_frames=4)
    np.testing.assert_allclose(w[0], 1.0)  # the left span owns every gap frame


@pytest.mark.skipif(
    not __import__("engine.neural.checkpoint", fromlist=["x"]).DEFAULT_CHECKPOINT.exists(),
    reason="no shipped neural checkpoint",
)
def test_neural_render_holds_the_left_position_through_the_gap():
    from engine.neural import load_model, render_track_neural

    out = render_track_neural(
        _noise(4.0), build_timeline(GAP_REGIONS), sample_rate_hz=RATE, checkpoint=load_model()
    )
    # The neural engine keeps l + r = mono, so it places by level, not delay (its ITD is
    # ~0 everywhere): the side is the sign of the SPL difference (positive = left).
    times, diff = spl_difference_db(out, RATE, window_s=0.2, hop_s=0.2)
    gap = diff[(times > GAP_TIMES_S[0]) & (times < GAP_TIMES_S[-1])]
    assert gap.size >= 7 and np.all(gap > 3.0), gap  # late gap too: no jump to the right
    assert np.median(diff[(times > 3.1) & (times < 3.9)]) < -3.0


def test_ambix_and_head_view_agree_with_the_timeline_over_the_gap():
    from plugin_bridge.ambisonics import AmbisonicsConfig, encode_track, steered_response

    pytest.importorskip("PySide6")
    from desktop.head_view.model import position_at

    timeline = build_timeline(GAP_REGIONS)
    b, _ = encode_track(_noise(4.0), timeline, RATE, config=AmbisonicsConfig(order=3))
    track = Track("t", "x.wav", regions=GAP_REGIONS)
    for t_s in GAP_TIMES_S:
        i = int(t_s * RATE)
        energy = steered_response(b[:, i : i + 480], np.array([90.0, -90.0]), np.zeros(2))
        assert energy[0] > 4 * energy[1], t_s  # AmbiX: on the left (16x for a source there)
        assert position_at(track, float(t_s)) == pytest.approx((90.0, 0.0, 1.5))


# ----------------------------------------------------------------------------- rooms reach engines


def _room_session(tmp_path, engine: str) -> Session:
    import soundfile as sf

    path = tmp_path / "dry.wav"
    x = np.zeros(RATE, np.float32)
    x[: RATE // 4] = _noise(0.25)
    sf.write(path, x, RATE)
    region = Region(0.0, 1.0, "a dog on the left in a cathedral")
    return Session(tracks=(Track("dog", str(path), engine=engine, regions=(region,)),))


def test_a_room_named_in_a_prompt_reaches_the_physical_engine(tmp_path):
    from engine.render_session import render_session

    render = render_session(_room_session(tmp_path, "physical"))
    tail = render.mix[:, int(0.5 * RATE) : RATE]  # the source stopped at 0.25 s
    assert np.sqrt(np.mean(tail**2)) > 1e-3  # the cathedral still rings


def test_engines_without_rooms_say_so(tmp_path):
    from engine.render_session import render_session
    from plugin_bridge.export import ExportOptions, export_session

    pytest.importorskip("torch")
    session = _room_session(tmp_path, "neural-flow")
    render = render_session(session)
    assert any("neural engine renders no room" in n and "cathedral" in n for n in render.notices)
    # the default neural path places its stems with the physical engine, rooms included
    placed = render_session(_room_session(tmp_path, "neural"))
    assert any("separate-and-place" in n and "'cathedral'" in n for n in placed.notices)
    result = export_session(
        session, None, fmt="ambix", out_dir=tmp_path / "amb", options=ExportOptions(name="s")
    )
    assert any("AmbiX holds no room" in n and "cathedral" in n for n in result.notices)
