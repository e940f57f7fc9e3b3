"""Qt-free models of the desktop app: waveform overviews, drag rules, positions,
playback buffer, autosave, placement summaries."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.document import edits
from desktop.head_view.model import position_at, to_xy
from desktop.inspector.model import side_word, summarize_placement, summarize_region
from desktop.recovery.model import AutosaveStore, RecentFiles
from desktop.timeline.model import (
    CREATE,
    MOVE,
    RESIZE_END,
    RESIZE_START,
    TimelineGeometry,
    hit_region,
    plan_drag,
)
from desktop.timeline.waveform import WaveformPeaks
from desktop.transport.model import PlaybackModel
from engine.errors import SessionError
from engine.prompt import parse
from engine.session import Region, Session, SpatialPath, Track


def test_waveform_envelope_matches_brute_force_min_max():
    rng = np.random.default_rng(1)
    rate = 8000
    x = rng.standard_normal(rate * 30).astype(np.float32)
    peaks = WaveformPeaks(x, rate)
    for start, end, n_px in [(0.0, 30.0, 300), (3.0, 3.5, 250), (10.0, 20.0, 1000)]:
        mins, maxs = peaks.envelope(start, end, n_px)
        edges = np.linspace(start * rate, end * rate, n_px + 1).astype(int)
        ref_min = np.array([x[a:b].min() for a, b in zip(edges[:-1], edges[1:], strict=True)])
        ref_max = np.array([x[a:b].max() for a, b in zip(edges[:-1], edges[1:], strict=True)])
        # A pixel may include up to one extra overview block at its edges: never less extreme.
        assert np.all(maxs >= ref_max - 1e-6) and np.all(mins <= ref_min + 1e-6)
        # ... and the overview is close: mean per-pixel error well below the signal's range.
        assert np.mean(maxs - ref_max) < 0.35 and np.mean(ref_min - mins) < 0.35


def test_waveform_envelope_outside_signal_is_zero():
    peaks = WaveformPeaks(np.ones(1000, np.float32), 1000)
    mins, maxs = peaks.envelope(-1.0, 2.0, 30)
    assert np.all(maxs[:10] == 0) and np.all(maxs[10:20] == 1) and np.all(maxs[20:] == 0)


def test_zoom_keeps_anchor_under_cursor():
    g = TimelineGeometry(view_start_s=5.0, px_per_s=100.0, width_px=1000)
    x_before = g.time_to_x(8.0)
    g.zoom(2.0, anchor_s=8.0)
    assert g.px_per_s == 200.0
    assert g.time_to_x(8.0) == pytest.approx(x_before)


def test_drag_never_overlaps_neighbours_and_snaps_to_edges():
    spans = [(1.0, 2.0), (4.0, 5.0)]
    # moving the second region far left stops at the first region's end
    assert plan_drag(MOVE, spans, 1, 4.5, 0.0, duration_s=10) == (2.0, 3.0)
    # resizing the first region's end stops at the next region
    assert plan_drag(RESIZE_END, spans, 0, 2.0, 9.0, duration_s=10) == (1.0, 4.0)
    # resizing the start cannot cross the end
    start, end = plan_drag(RESIZE_START, spans, 0, 1.0, 3.0, duration_s=10)
    assert end == 2.0 and start < end
    # creating between regions is clamped to the gap; edges snap within tolerance
    assert plan_drag(
        CREATE, spans, None, 2.5, 3.95, duration_s=10, snap_candidates=[4.0], snap_tolerance_s=0.1
    ) == (2.5, 4.0)
    assert plan_drag(CREATE, spans, None, 2.5, 9.0, duration_s=10) == (2.5, 4.0)
    # a moved region snaps its start to another track's edge
    assert (
        plan_drag(
            MOVE,
            [(6.0, 7.0)],
            0,
            6.5,
            6.46,
            duration_s=10,
            snap_candidates=[6.0, 5.93],
            snap_tolerance_s=0.1,
        )[0]
        == 5.93
    )


def test_hit_region_prefers_edges():
    spans = [(1.0, 2.0)]
    assert hit_region(spans, 1.01, 0.05) == (0, RESIZE_START)
    assert hit_region(spans, 1.98, 0.05) == (0, RESIZE_END)
    assert hit_region(spans, 1.5, 0.05) == (0, MOVE)
    assert hit_region(spans, 3.0, 0.05) is None


def test_edits_keep_regions_sorted_and_refuse_overlap():
    s = edits.add_tracks(Session(), [("a", "/tmp/a.wav")])
    s, i = edits.add_region(s, 0, 3.0, 4.0)
    s, j = edits.add_region(s, 0, 1.0, 2.0)
    assert (i, j) == (0, 0)
    assert [r.start_s for r in s.tracks[0].regions] == [1.0, 3.0]
    with pytest.raises(SessionError):
        edits.set_region_span(s, 0, 0, 1.0, 3.5)


def test_prompt_edit_stores_resolved_path_and_room():
    s = edits.add_tracks(Session(), [("a", "/tmp/a.wav")])
    s, i = edits.add_region(s, 0, 0.0, 1.0)
    s = edits.set_region_prompt(
        s, 0, i, "hard left in a cathedral", parse("hard left in a cathedral")
    )
    region = s.tracks[0].regions[0]
    assert region.path.start.azimuth_deg == pytest.approx(90.0)
    assert region.room == "cathedral"
    s = edits.set_region_prompt(s, 0, i, "qwxz", parse("qwxz"))
    assert s.tracks[0].regions[0].path is None and s.tracks[0].regions[0].prompt == "qwxz"


def test_position_holds_between_regions():
    left, right = SpatialPath.static(90.0), SpatialPath.static(-90.0, distance_m=3.0)
    track = Track("t", "x.wav", regions=(Region(1.0, 2.0, "l", left), Region(4.0, 5.0, "r", right)))
    assert position_at(track, 0.0)[0] == 90.0  # before the first: its start
    assert position_at(track, 3.0)[0] == 90.0  # between: previous end
    assert position_at(track, 4.5) == (-90.0, 0.0, 3.0)
    assert position_at(Track("u", "y.wav"), 1.0) is None
    x, y = to_xy(90.0, 1.5)
    assert x < 0 and abs(y) < 1e-9  # +90 = left = screen left


def test_playback_fill_loops_and_stops():
    m = PlaybackModel(10)
    audio = np.vstack([np.arange(20), -np.arange(20)]).astype(np.float32)
    m.set_buffer("B", audio, 10)
    m.set_loop((0.5, 1.0))
    m.seek(0.5)
    m.playing = True
    out = np.zeros((12, 2), np.float32)
    assert m.fill(out)
    assert out[:, 0].tolist() == [5, 6, 7, 8, 9, 5, 6, 7, 8, 9, 5, 6]
    assert np.all(out[:, 1] == -out[:, 0])
    m.set_loop(None)
    m.seek(1.8)
    assert not m.fill(out)  # reached the end
    assert out[:2, 0].tolist() == [18, 19] and np.all(out[2:] == 0)
    assert not m.playing


def test_autosave_round_trip_and_clear(tmp_path, noise_wav):
    store = AutosaveStore(tmp_path)
    assert store.pending() is None
    s = edits.add_tracks(Session(), [("noise", noise_wav)])
    s, _ = edits.add_region(s, 0, 0.5, 1.5, "hard left")
    store.write(s, tmp_path / "orig.earspace")
    info = store.pending()
    assert info is not None and info.original_path == tmp_path / "orig.earspace"
    loaded = store.load()
    assert loaded.tracks[0].regions[0].prompt == "hard left"
    assert loaded.audio_path(loaded.tracks[0]).resolve() == noise_wav.resolve()
    store.clear()
    assert store.pending() is None


def test_recent_files_most_recent_first(tmp_path):
    recent = RecentFiles(tmp_path)
    for name in ("a", "b", "a"):
        recent.add(tmp_path / f"{name}.earspace")
    assert [p.name for p in recent.list()] == ["a.earspace", "b.earspace"]


def test_summaries_warn_when_not_placed():
    assert side_word(90) == "left" and side_word(-90) == "right" and side_word(180) == "behind"
    good = summarize_placement(parse("hard left"), "hard left")
    assert good.placed and "left" in good.text and good.warning is None
    bad = summarize_placement(parse("qwxz blorp"), "qwxz blorp")
    assert not bad.placed and "could not find a position in “qwxz blorp”" in bad.warning
    assert "similarity" not in bad.warning and "“hard left”" in bad.warning  # what to try
    where = summarize_region(Region(0, 1, "qwxz"), "“drums” 0:00.0–0:01.0").warning
    assert where.startswith("Region “drums” 0:00.0–0:01.0:")


def test_plain_wav_export_without_the_bridge(tmp_path):
    import soundfile as sf

    from desktop.export.model import export_wavs
    from engine.api import SessionRender, TrackRender

    stem = TrackRender("a/b", 0, np.ones((2, 100), np.float32) * 0.5, "physical")
    render = SessionRender(48_000, [stem], stem.audio)
    report = export_wavs(render, tmp_path)
    names = [p.name for p in report.paths]
    assert names == ["a_b binaural.wav", "mix.wav", "plots.png", "render.json"]
    data, rate = sf.read(str(tmp_path / "mix.wav"), always_2d=True)
    assert rate == 48_000 and data.shape == (100, 2) and np.allclose(data, 0.5)


def test_chunked_plot_series_equal_one_metrics_call():
    from desktop.plots.model import CHUNK_WINDOWS, series_for
    from engine.api import envelopes, spl_difference_db

    rate = 8000
    rng = np.random.default_rng(2)
    n = int(0.05 * rate) * CHUNK_WINDOWS * 2 + 1234  # two full chunks and a partial one
    x = rng.standard_normal((2, n)).astype(np.float32) * np.array([[1.0], [0.5]], np.float32)
    s = series_for("mix", "Mix", x, rate)
    t, d = spl_difference_db(x, rate, window_s=0.05, hop_s=0.05)
    _, left, _ = envelopes(x, rate, window_s=0.05, hop_s=0.05)
    assert np.allclose(s.times_s, t) and np.allclose(s.diff_db, d)
    assert np.allclose(s.env_left_db, 20 * np.log10(left))
    assert abs(np.median(s.diff_db) - 20 * np.log10(2)) < 0.5  # left is twice the amplitude
