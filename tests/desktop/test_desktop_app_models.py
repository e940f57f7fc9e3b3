"""Qt-free models behind the main window (issues 11 and 17): load queue, selection,
prompt re-resolution, export choices, view state, snap grid, notices, head-view labels."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from desktop_helpers import write_noise

from desktop.audio_library import AudioLibrary
from desktop.document import edits
from desktop.document.reresolve import PendingPrompts, PromptTarget, unresolved_prompts
from desktop.document.selection import Selection
from desktop.export.model import ExportRequest, default_export_dir, documents_dir
from desktop.head_view.model import sounding, spread_labels
from desktop.load_queue import LoadKind, LoadQueue, read_job
from desktop.render.notices import format_span, readable_times, user_notices
from desktop.timeline.model import (
    CREATE,
    RESIZE_END,
    RESIZE_START,
    SnapGrid,
    hit_region,
    plan_drag,
)
from desktop.view_state import ViewState, ViewStateStore
from engine.api import ParameterError, Session, SpatialPath


def two_region_session() -> Session:
    s = edits.add_tracks(Session(), [("drums", "/tmp/d.wav"), ("voice", "/tmp/v.wav")])
    s, _ = edits.add_region(s, 0, 1.0, 2.0, "qwxz")
    s, _ = edits.add_region(s, 0, 3.0, 4.0)
    return s


def test_load_queue_is_fifo_and_stale_session_jobs_are_recognised(tmp_path):
    queue = LoadQueue()
    first = queue.push(LoadKind.SESSION, [tmp_path / "a.wav"], 48_000)
    queue.push(LoadKind.ADD, [tmp_path / "b.wav"], 48_000)
    queue.new_session()  # another session was opened meanwhile
    assert len(queue) == 2 and queue.pop() == first and not queue.is_current(first)
    assert queue.pop().kind is LoadKind.ADD and queue.pop() is None


def test_read_job_keeps_each_files_audio_or_error(tmp_path):
    good = write_noise(tmp_path / "good.wav", seconds=0.2, rate=44_100, channels=2)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....not audio")
    job = LoadQueue().push(LoadKind.ADD, [good, bad], 48_000)
    outcome = read_job(AudioLibrary(), job)
    assert [f.path.name for f in outcome.readable] == ["good.wav"]
    assert [f.path.name for f in outcome.failed] == ["bad.wav"] and outcome.failed[0].error
    assert outcome.new_tracks == [("good", good.resolve())]
    assert any("downmixed" in n for n in outcome.notices)


def test_selection_is_clamped_after_the_session_changes():
    s = two_region_session()
    assert Selection(0, 1).region_of(s).start_s == 3.0
    assert Selection(0, 1).loop_span_s(s) == (3.0, 4.0)
    fewer = edits.remove_region(s, 0, 1)
    assert Selection(0, 1).clamped(fewer) == Selection(0, -1)
    assert Selection(5, 0).clamped(s) == Selection(1, -1)  # past the last track
    assert Selection(0, 0).clamped(Session()) == Selection()
    assert Selection(1, -1).region_of(s) is None


def test_pending_prompt_answer_applies_only_to_an_unchanged_region():
    s = two_region_session()
    targets = unresolved_prompts(s)
    assert targets == [PromptTarget(0, 0, "qwxz")]
    source = SimpleNamespace(label="bell", path=SpatialPath.static(90.0))
    placed = SimpleNamespace(placed=True, sources=[source], path=source.path, room=None)
    pending = PendingPrompts()
    pending.add(7, targets[0])
    assert pending
    resolved = pending.answer(s, 7, placed, "")
    assert resolved is not None and resolved.tracks[0].sorted_regions()[0].path is not None
    assert not pending and pending.answer(s, 7, placed, "") is None  # answered once
    pending.add(8, targets[0])
    edited = edits.set_region_prompt(s, 0, 0, "something else", None)
    assert pending.answer(edited, 8, placed, "") is None  # the user edited it meanwhile
    pending.add(9, targets[0])
    assert pending.answer(s, 9, None, "boom") is None


def test_export_folder_default_and_request_checks(tmp_path):
    install = tmp_path / "install"
    (install / "assets" / "demo").mkdir(parents=True)
    docs = tmp_path / "Documents"
    demo = install / "assets" / "demo" / "demo.earspace"
    mine = tmp_path / "work" / "scene.earspace"
    mine.parent.mkdir()
    kw = {"documents_dir": docs, "install_dir": install}
    assert default_export_dir(last_dir=None, session_path=demo, **kw) == docs / "Earspace"
    assert default_export_dir(last_dir=None, session_path=None, **kw) == docs / "Earspace"
    assert default_export_dir(last_dir=None, session_path=mine, **kw) == mine.parent.resolve()
    assert default_export_dir(last_dir=tmp_path, session_path=mine, **kw) == tmp_path
    gone = tmp_path / "deleted"
    assert default_export_dir(last_dir=gone, session_path=mine, **kw) == mine.parent.resolve()
    assert documents_dir(tmp_path) == docs if docs.is_dir() else tmp_path
    with pytest.raises(ParameterError, match="at least one format"):
        ExportRequest(out_dir=tmp_path, formats=())
    with pytest.raises(ParameterError, match="ambisonics_order"):
        ExportRequest(out_dir=tmp_path, ambisonics_order=4)


def test_view_state_round_trip_per_session_path(tmp_path):
    store = ViewStateStore(tmp_path / "state")
    a, b = tmp_path / "a.earspace", tmp_path / "b.earspace"
    assert store.load(a) is None
    state = ViewState(
        view_start_s=3.5, px_per_s=200.0, track=1, region=0, rendered=True, snap="bars"
    )
    store.save(a, state)
    assert store.load(a) == state and store.load(b) is None
    store.path_for(b).write_text("{not json", encoding="utf-8")
    assert store.load(b) is None  # a damaged file is ignored, not fatal


def test_snap_grid_steps_and_snapping_during_a_drag():
    assert SnapGrid("off").step_s(100.0) is None
    assert SnapGrid("frames", fps=25.0).step_s(1000.0) == pytest.approx(0.04)
    assert SnapGrid("bars", tempo_bpm=120.0).step_s(100.0) == pytest.approx(0.5)  # a beat
    assert SnapGrid("bars", tempo_bpm=120.0).step_s(5.0) == pytest.approx(2.0)  # a bar
    assert SnapGrid("seconds").step_s(50.0) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="snap mode"):
        SnapGrid("beats")
    start, end = plan_drag(CREATE, [], None, 0.46, 1.04, duration_s=10, grid_step_s=0.5)
    assert (start, end) == (pytest.approx(0.5), pytest.approx(1.0))
    # another region's edge within tolerance wins over the grid
    assert plan_drag(
        RESIZE_END,
        [(0.0, 1.0)],
        0,
        1.0,
        1.33,
        duration_s=10,
        snap_candidates=[1.3],
        snap_tolerance_s=0.05,
        grid_step_s=0.5,
    ) == (0.0, 1.3)


def test_edges_grab_from_either_side_nearest_wins():
    spans = [(1.0, 2.0), (2.0, 3.0)]
    assert hit_region(spans, 0.95, 0.08) == (0, RESIZE_START)  # just outside
    assert hit_region(spans, 3.07, 0.08) == (1, RESIZE_END)
    assert hit_region(spans, 1.97, 0.08) == (0, RESIZE_END)  # nearer the first's end
    assert hit_region(spans, 2.02, 0.08) == (1, RESIZE_START)
    assert hit_region([(1.0, 1.1)], 1.05, 0.08)[1] == "move"  # too small to resize inside


def test_notices_one_per_region_with_readable_times():
    s = two_region_session()
    engine = [
        "track 'drums' region 1-2 s: prompt 'qwxz' was not placed (nearest known phrase ... "
        "similarity 0.20, needs 0.60); the source holds its previous position",
        "track 'drums' region 1-2 s: prompt 'qwxz' was not placed (no position found)",
        "track 'drums' region 3-4 s has no prompt",
        "mix peaks at +1.2 dBFS (above full scale): lower track gains",
        "mix peaks at +1.2 dBFS (above full scale): lower track gains",
    ]
    notices = user_notices(s, engine)
    texts = [n.text for n in notices]
    assert len(notices) == 3, texts
    assert "“drums” 0:01.0–0:02.0" in texts[0] and "qwxz" in texts[0]
    assert "similarity" not in " ".join(texts)
    assert "no prompt" in texts[1] and "mix peaks" in texts[2]
    assert all(len(n.short) <= 90 for n in notices)
    assert format_span(5.06415, 8.96309) == "0:05.1–0:09.0"
    assert readable_times("gap at 65.06415-68.9 s") == "gap at 1:05.1–1:08.9"


def test_spread_labels_never_overlap_and_stay_put_when_free():
    anchors = [(10.0, 50.0)] * 4 + [(200.0, 10.0)]
    sizes = [(60.0, 14.0)] * 5
    placed = spread_labels(anchors, sizes)
    boxes = [(x, y, w, h) for (x, y), (w, h) in zip(placed, sizes, strict=True)]
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert not (x < x2 + w2 and x2 < x + w and y < y2 + h2 and y2 < y + h)
    assert placed[4] == (200.0, 10.0)  # nothing near it: not moved
    head = (0.0, 40.0, 100.0, 30.0)
    x, y = spread_labels([(10.0, 50.0)], [(60.0, 14.0)], obstacles=[head])[0]
    assert not (y < 70.0 and y + 14.0 > 40.0)  # moved off the obstacle
    assert sounding(1.0, 2.0) and not sounding(2.0, 2.0) and sounding(5.0, None)


def test_silence_gives_nan_not_zero_db():
    from desktop.plots.model import mean_in, series_for

    rng = np.random.default_rng(1)
    x = np.zeros((2, 48_000), np.float32)
    x[0, :12_000] = 0.3 * rng.standard_normal(12_000)
    x[1, :12_000] = 0.1 * rng.standard_normal(12_000)
    s = series_for("t", "t", x, 48_000)
    assert np.all(np.isnan(s.diff_db[s.times_s > 0.3]))
    assert np.nanmean(s.diff_db[s.times_s < 0.2]) > 6.0
    assert mean_in(s, 0.0, 1.0) > 6.0  # silence does not pull the mean to 0 dB
    assert np.isnan(mean_in(s, 0.5, 1.0))
