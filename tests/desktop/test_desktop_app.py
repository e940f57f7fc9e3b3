"""The app driven like a user would, offscreen (pytest-qt).

The main scenario builds a session through the UI (drop a file, drag a region, type a
prompt), renders with the real engine and checks the SPL-difference plot: positive
(left louder) for "hard left", negative after "hard right", and undo brings the prompt back.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from desktop_helpers import save_artifact, write_noise
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from engine.session import save_session

pytestmark = pytest.mark.gui


def add_tracks(qtbot, window, paths) -> None:
    """Add tracks as the File menu does and wait for the background read."""
    with qtbot.waitSignal(window.audio_loaded, timeout=30_000):
        assert window.add_tracks(paths) == len(paths)


def drop_files(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def drag(qtbot, timeline, lane: int, start_s: float, end_s: float) -> None:
    g = timeline.geometry_model
    y = g.lane_top(lane) + g.lane_height_px // 2
    a = QPoint(int(round(g.time_to_x(start_s))), y)
    b = QPoint(int(round(g.time_to_x(end_s))), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=a)
    for k in range(1, 5):
        qtbot.mouseMove(timeline, a + (b - a) * (k / 4))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=b)


def type_prompt(qtbot, window, text: str, timeout_ms: int = 5000) -> None:
    edit = window.inspector.prompt_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    t, r = window.sel_track, window.sel_region
    qtbot.waitUntil(
        lambda: window.doc.session.tracks[t].sorted_regions()[r].prompt == text, timeout=timeout_ms
    )


def render_and_wait(qtbot, window) -> None:
    with qtbot.waitSignal(window.renderer.finished, timeout=60_000):
        qtbot.mouseClick(window.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.renderer.running, timeout=5000)
    # plots repaint on their timer; wait for the curve to show this render's data
    series = window.last_render.plot_series[window.plots.current_key]
    qtbot.waitUntil(
        lambda: np.array_equal(window.plots.spl_data()[1], series.diff_db, equal_nan=True),
        timeout=2000,
    )


def mean_spl_in(window, start_s: float, end_s: float) -> float:
    times, diff = window.plots.spl_data()
    mask = (times > start_s) & (times < end_s)
    assert mask.sum() >= 5, "the plot has no points inside the region"
    return float(np.mean(diff[mask]))


def test_build_render_and_undo_through_the_ui(qtbot, make_window, noise_wav):
    window = make_window()
    with qtbot.waitSignal(window.tracks_added, timeout=30_000):
        drop_files(window, [noise_wav])
    assert [t.name for t in window.doc.session.tracks] == ["noise"]
    timeline = window.timeline
    timeline.fit()
    drag(qtbot, timeline, 0, 0.5, 1.5)
    regions = window.doc.session.tracks[0].regions
    assert len(regions) == 1
    assert regions[0].start_s == pytest.approx(0.5, abs=0.05) and regions[0].end_s == pytest.approx(
        1.5, abs=0.05
    )
    assert (window.sel_track, window.sel_region) == (0, 0)

    type_prompt(qtbot, window, "hard left")
    region = window.doc.session.tracks[0].regions[0]
    assert region.path is not None and region.path.start.azimuth_deg == pytest.approx(90.0)
    qtbot.waitUntil(lambda: "left" in window.inspector.resolved_label.text())
    assert window.inspector.warning_label.isHidden()
    render_and_wait(qtbot, window)
    assert mean_spl_in(window, region.start_s, region.end_s) > 6.0
    save_artifact(window, "app_hard_left.png")

    type_prompt(qtbot, window, "hard right")
    assert window.plots.stale
    render_and_wait(qtbot, window)
    assert mean_spl_in(window, region.start_s, region.end_s) < -6.0
    save_artifact(window, "app_hard_right.png")

    window.doc.undo_stack.undo()
    assert window.doc.session.tracks[0].regions[0].prompt == "hard left"
    assert window.inspector.prompt_edit.text() == "hard left"
    assert window.isWindowModified()


def test_unplaced_prompt_shows_a_warning(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.2, 0.8)
    type_prompt(qtbot, window, "qwxz blorp", timeout_ms=60_000)  # may load the fallback model
    qtbot.waitUntil(lambda: window.inspector.warning_label.isVisible())
    warning = window.inspector.warning_label.text()
    assert "could not find a position" in warning and "0:00.2–0:00.8" in warning
    assert "similarity" not in warning and "needs" not in warning  # no parser jargon
    assert window.doc.session.tracks[0].regions[0].path is None
    save_artifact(window, "app_not_placed.png")


def test_drag_moves_and_resizes_without_overlap(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    tl = window.timeline
    drag(qtbot, tl, 0, 0.2, 0.6)
    drag(qtbot, tl, 0, 1.2, 1.6)
    spans = [(r.start_s, r.end_s) for r in window.doc.session.tracks[0].regions]
    assert len(spans) == 2
    # drag the second region's body far to the left: it stops at the first one's end
    drag(qtbot, tl, 0, 1.4, 0.1)
    (a0, a1), (b0, b1) = [(r.start_s, r.end_s) for r in window.doc.session.tracks[0].regions]
    assert b0 == pytest.approx(a1, abs=1e-6) and b1 - b0 == pytest.approx(
        spans[1][1] - spans[1][0], abs=1e-6
    )
    # drag its right edge out to 1.9 s
    drag(qtbot, tl, 0, b1, 1.9)
    assert window.doc.session.tracks[0].regions[1].end_s == pytest.approx(1.9, abs=0.03)
    window.delete_selected_region()
    assert len(window.doc.session.tracks[0].regions) == 1
    window.doc.undo_stack.undo()
    assert len(window.doc.session.tracks[0].regions) == 2


def test_cancel_stops_a_render(qtbot, make_window, noise_wav):
    entered = threading.Event()
    saw_cancel = []

    def slow_render(session, *, progress=None, cancel=None, **_kw):
        from engine.progress import check_cancel

        entered.set()
        for i in range(400):
            progress(i / 400, "working")
            if cancel.is_set():
                saw_cancel.append(i)
            check_cancel(cancel)
            time.sleep(0.01)
        raise AssertionError("the render was not cancelled")

    window = make_window(render_fn=slow_render)
    add_tracks(qtbot, window, [noise_wav])
    assert window.render()
    assert window.cancel_button.isEnabled() and not window.render_button.isEnabled()
    qtbot.waitUntil(entered.is_set, timeout=5000)
    with qtbot.waitSignal(window.renderer.cancelled, timeout=5000):
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.renderer.running, timeout=5000)
    assert saw_cancel and saw_cancel[0] < 400
    assert window.last_render is None
    assert window.render_button.isEnabled() and not window.cancel_button.isEnabled()
    assert window.progress.format() == "cancelled"


def test_render_error_shows_a_dialog(qtbot, make_window, noise_wav):
    from engine.errors import SessionError

    def failing(session, **_kw):
        raise SessionError("tracks[0].regions[0].end_s: region ends after the audio")

    window = make_window(render_fn=failing)
    add_tracks(qtbot, window, [noise_wav])
    with qtbot.waitSignal(window.renderer.failed, timeout=5000):
        window.render()
    assert "region ends after the audio" in window.dialogs.last_box.text()


def test_corrupt_session_file_shows_error_and_keeps_current_session(
    qtbot, make_window, noise_wav, tmp_path
):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    before = window.doc.session
    bad = tmp_path / "broken.earspace"
    bad.write_text('{"schema_version": 1, "tracks": [ {"name": ', encoding="utf-8")
    assert not window.open_session(bad)
    box = window.dialogs.last_box
    assert box is not None and box.isVisible() and "broken.earspace" in box.text()
    assert window.doc.session is before and window.doc.modified
    assert window.ask.asked == []  # never asked to discard the current session
    save_artifact(window, "app_corrupt_session.png")


def test_unreadable_and_converted_audio(qtbot, make_window, tmp_path):
    window = make_window()
    bad = tmp_path / "garbage.wav"
    bad.write_bytes(b"RIFF0000WAVEnot really audio")
    assert window.add_tracks([tmp_path / "notes.txt"]) == 0  # refused at once, by its type
    assert "notes.txt" in window.dialogs.last_box.text()
    add_tracks(qtbot, window, [bad])
    assert "garbage.wav" in window.dialogs.last_box.text()
    assert window.doc.session.tracks == () and not window.doc.modified
    stereo = write_noise(tmp_path / "stereo.wav", seconds=1.0, rate=44_100, channels=2)
    add_tracks(qtbot, window, [stereo])
    notice = window.notice_label.text()
    assert "downmixed" in notice and "44100" in notice


def test_save_open_round_trip_and_modified_marker(qtbot, make_window, noise_wav, tmp_path):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.0)
    type_prompt(qtbot, window, "behind you")
    assert window.isWindowModified()
    assert window.save_to(tmp_path / "scene.earspace")
    assert not window.isWindowModified() and "scene.earspace" in window.windowTitle()
    other = make_window()
    assert other.open_session(tmp_path / "scene.earspace")
    region = other.doc.session.tracks[0].regions[0]
    assert region.prompt == "behind you" and region.path is not None


def test_quitting_with_unsaved_changes_asks(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.ask.save_answer = "cancel"
    assert not window.close()
    assert window.ask.asked == ["save_changes"] and window.isVisible()
    window.ask.save_answer = "discard"
    assert window.close()


def test_autosave_is_offered_after_a_crash(qtbot, make_window, noise_wav):
    crashed = make_window()
    add_tracks(qtbot, crashed, [noise_wav])
    crashed.timeline.fit()
    drag(qtbot, crashed.timeline, 0, 0.3, 0.9)
    type_prompt(qtbot, crashed, "hard left")
    assert crashed.autosave_now()
    crashed.shutdown()  # no clean close: the autosave stays, as after a crash
    restarted = make_window()
    assert restarted.offer_recovery()
    assert restarted.ask.asked == ["recover"]
    region = restarted.doc.session.tracks[0].regions[0]
    assert region.prompt == "hard left" and region.path.start.azimuth_deg == pytest.approx(90.0)
    assert restarted.isWindowModified()
    restarted.ask.save_answer = "discard"
    restarted.close()  # a clean close removes the autosave
    assert make_window().autosave_store.pending() is None


def test_transport_disabled_with_reason_without_audio_device(qtbot, make_window, monkeypatch):
    import builtins

    from desktop.transport.audio_output import probe_output

    real_import = builtins.__import__

    def no_portaudio(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_portaudio)
    status = probe_output()
    monkeypatch.setattr(builtins, "__import__", real_import)
    assert not status.available and "PortAudio" in status.reason
    window = make_window(output_status=status)
    bar = window.transport
    assert not bar.play_button.isEnabled() and not bar.b_button.isEnabled()
    assert bar.reason_label.isVisible() and "PortAudio" in bar.reason_label.text()
    window.seek(1.25)  # the playhead still moves
    assert window.timeline.playhead_s == 1.25


def test_export_writes_stems_and_mix(qtbot, make_window, noise_wav, tmp_path):
    import soundfile as sf

    from desktop.export.model import ExportRequest

    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.5)
    type_prompt(qtbot, window, "hard left")
    render_and_wait(qtbot, window)
    out = tmp_path / "export"
    with qtbot.waitSignal(window.exporter.finished, timeout=30_000):
        window.export_with(ExportRequest(out_dir=out, formats=("stems",), bit_depth="float32"))
    wavs = sorted(p.name for p in out.glob("*.wav"))
    assert "mix.wav" in wavs and any("noise" in n for n in wavs)
    data, rate = sf.read(str(out / "mix.wav"), always_2d=True)
    assert rate == 48_000 and data.shape[1] == 2
    left, right = np.mean(data[24_000:72_000] ** 2, axis=0)
    assert left > 4 * right  # the exported mix is the hard-left render
    assert "Export finished" in window.dialogs.history[-1][0]
    # exporting again into the same folder refuses to overwrite and says so
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=5000)
    with qtbot.waitSignal(window.exporter.failed, timeout=30_000):
        window.export_with(ExportRequest(out_dir=out, formats=("stems",)))
    assert "already exist" in window.dialogs.last_box.text()


def test_screenshot_command_renders_the_demo(qtbot, tmp_path):
    from pathlib import Path

    from PySide6.QtGui import QImage

    from desktop.app import main

    demo = Path(__file__).resolve().parents[2] / "assets" / "demo" / "demo.earspace"
    if not demo.is_file():
        pytest.skip("the demo session is not in this checkout")
    out = tmp_path / "shot.png"
    assert main([str(demo), "--screenshot", str(out), "--size", "1280x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 50


def test_session_sample_rate_is_used_for_new_tracks(qtbot, make_window, tmp_path):
    window = make_window()
    path = write_noise(tmp_path / "a.wav", seconds=0.5, rate=48_000)
    add_tracks(qtbot, window, [path])
    saved = save_session(window.doc.session, tmp_path / "s.earspace")
    assert saved.sample_rate_hz == 48_000


def test_unexpected_exception_shows_dialog_instead_of_crashing(qtbot, make_window, monkeypatch):
    import sys

    from desktop.dialogs import install_excepthook

    window = make_window()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook(lambda: window.dialogs, "/tmp/earspace.log")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    box = window.dialogs.last_box
    assert "boom in a slot" in box.text() and "RuntimeError" in box.detailedText()
    assert window.isVisible()


def test_track_settings_are_undoable_edits(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    insp = window.inspector
    insp.mute_check.click()
    assert window.doc.session.tracks[0].mute
    insp.gain_spin.setValue(-6.0)
    assert window.doc.session.tracks[0].gain_db == -6.0
    insp.engine_combo.setCurrentText("neural")
    assert window.doc.session.tracks[0].engine == "neural"
    window.doc.undo_stack.undo()
    window.doc.undo_stack.undo()
    assert (
        window.doc.session.tracks[0].gain_db == 0.0
        and window.doc.session.tracks[0].engine == "physical"
    )
    assert (
        window.doc.session.tracks[0].mute
        and insp.mute_check.isChecked()
        and insp.gain_spin.value() == 0.0
    )


def test_preview_plays_a_and_b_and_moves_the_playhead(qtbot, make_window, noise_wav):
    from desktop.transport.audio_output import OutputStatus

    class FakeOutput:
        started = 0

        def start(self):
            self.started += 1

        def stop(self):
            pass

    window = make_window(output_status=OutputStatus(True, "", "fake"))
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.5)
    type_prompt(qtbot, window, "hard left")
    render_and_wait(qtbot, window)
    bar = window.transport
    bar.output = FakeOutput()
    assert bar.play_button.isEnabled() and not bar.reason_label.isVisible()
    window.seek(0.5)
    bar.play_button.click()
    assert bar.output.started == 1 and bar.model.playing
    out = np.zeros((4800, 2), np.float32)
    bar.model.fill(out)  # what the sound card thread does: 0.1 s of B (binaural)
    assert np.mean(out[:, 0] ** 2) > 4 * np.mean(out[:, 1] ** 2)  # hard left: left ear louder
    qtbot.waitUntil(
        lambda: window.timeline.playhead_s == pytest.approx(0.6, abs=1e-3), timeout=2000
    )
    bar.a_button.click()  # A: the mono original, same in both ears
    bar.model.fill(out)
    assert np.array_equal(out[:, 0], out[:, 1]) and np.any(out)
    bar.loop_check.setChecked(True)  # loop the selected region
    assert bar.model.loop_s == pytest.approx((0.5, 1.5), abs=0.05)
    bar.play_button.click()
    assert not bar.model.playing


def test_room_track_removal_and_double_click_edit(qtbot, make_window, noise_wav, tmp_path):
    window = make_window()
    other = write_noise(tmp_path / "other.wav", seconds=1.0, seed=3)
    add_tracks(qtbot, window, [noise_wav, other])
    window.room_combo.setCurrentText("cathedral")
    assert window.doc.session.room == "cathedral"
    window.doc.undo_stack.undo()
    assert window.doc.session.room == "anechoic" and window.room_combo.currentText() == "anechoic"
    window.timeline.fit()
    drag(qtbot, window.timeline, 1, 0.2, 0.7)
    window.select(-1, -1)
    g = window.timeline.geometry_model
    qtbot.mouseDClick(
        window.timeline,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(g.time_to_x(0.4)), g.lane_top(1) + 40),
    )
    assert (window.sel_track, window.sel_region) == (1, 0)
    inline = window.timeline.inline_edit
    assert inline.isVisible() and window.focusWidget() is inline
    qtbot.keyClicks(inline, "hard left")
    qtbot.keyClick(inline, Qt.Key.Key_Return)
    assert not inline.isVisible()
    qtbot.waitUntil(
        lambda: window.doc.session.tracks[1].regions[0].prompt == "hard left", timeout=5000
    )
    assert window.doc.session.tracks[1].regions[0].path.start.azimuth_deg == pytest.approx(90.0)
    assert window.inspector.prompt_edit.text() == "hard left"
    window.select(0, -1)
    window.remove_selected_track()
    assert [t.name for t in window.doc.session.tracks] == ["other"]
    window.doc.undo_stack.undo()
    assert [t.name for t in window.doc.session.tracks] == ["noise", "other"]


def test_second_render_only_redoes_the_changed_track(qtbot, make_window, noise_wav, tmp_path):
    window = make_window()
    other = write_noise(tmp_path / "other.wav", seconds=2.0, seed=5)
    add_tracks(qtbot, window, [noise_wav, other])
    window.timeline.fit()
    for lane in (0, 1):
        drag(qtbot, window.timeline, lane, 0.2, 1.2)
        type_prompt(qtbot, window, "front")
    render_and_wait(qtbot, window)
    cache = window.renderer.cache
    hits, misses = cache.hits, cache.misses
    window.select(0, 0)
    type_prompt(qtbot, window, "hard left")
    render_and_wait(qtbot, window)
    assert (cache.hits - hits, cache.misses - misses) == (1, 1)  # track 2 reused, track 1 redone
    assert window.last_render.plot_series["track:0"].diff_db.mean() > 3.0


def test_render_right_after_typing_uses_the_new_prompt(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.5)
    type_prompt(qtbot, window, "hard right")
    edit = window.inspector.prompt_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "hard left")  # no pause: the debounce has not fired yet
    assert window.inspector.busy
    render_and_wait(qtbot, window)
    assert window.doc.session.tracks[0].regions[0].prompt == "hard left"
    assert mean_spl_in(window, 0.5, 1.5) > 6.0
    qtbot.wait(400)  # late answers for "hard le..." must not overwrite the prompt
    assert window.doc.session.tracks[0].regions[0].prompt == "hard left"


def test_zooming_the_timeline_zooms_the_plots(qtbot, make_window, noise_wav):
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent

    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    qtbot.waitUntil(
        lambda: (
            window.plots.spl_plot.viewRange()[0][1]
            == pytest.approx(window.timeline.geometry_model.view_end_s, rel=0.02)
        )
    )
    g = window.timeline.geometry_model
    before = g.view_end_s - g.view_start_s
    pos = QPointF(g.time_to_x(1.0), 60)
    wheel = QWheelEvent(
        pos,
        window.timeline.mapToGlobal(pos),
        P(0, 0),
        P(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    window.timeline.wheelEvent(wheel)
    after = g.view_end_s - g.view_start_s
    assert after < 0.8 * before  # Ctrl+wheel zoomed in around 1 s
    assert g.view_start_s < 1.0 < g.view_end_s
    qtbot.waitUntil(
        lambda: (
            window.plots.spl_plot.viewRange()[0]
            == pytest.approx([g.view_start_s, g.view_end_s], abs=1e-3)
        )
    )


def test_session_with_missing_audio_opens_with_a_warning(qtbot, make_window, noise_wav, tmp_path):
    from engine.session import Session, Track

    gone = tmp_path / "gone.wav"
    session = Session(tracks=(Track("here", str(noise_wav)), Track("gone", str(gone))))
    save_session(session, tmp_path / "s.earspace")
    window = make_window()
    with qtbot.waitSignal(window.audio_loaded, timeout=30_000):
        assert window.open_session(tmp_path / "s.earspace")  # audio is read in the background
    assert "gone.wav" in window.dialogs.last_box.text()
    assert [t.name for t in window.doc.session.tracks] == ["here", "gone"]
    with qtbot.waitSignal(window.renderer.failed, timeout=10_000):
        window.render()
    assert "gone.wav" in window.dialogs.last_box.text()
    save_artifact(window, "app_missing_audio.png")


def test_hrtf_choice_is_an_undoable_edit(qtbot, make_window, tmp_path):
    window = make_window()
    window.set_hrtf(tmp_path / "missing.sofa")
    assert "missing.sofa" in window.dialogs.last_box.text() and window.doc.session.hrtf is None
    sofa = tmp_path / "mine.sofa"
    sofa.write_bytes(b"not checked until render")
    window.set_hrtf(sofa)
    assert window.doc.session.hrtf == str(sofa)
    window.doc.undo_stack.undo()
    assert window.doc.session.hrtf is None


def test_autosave_timer_writes_and_quit_can_save_first(qtbot, make_window, noise_wav, tmp_path):
    window = make_window(autosave_interval_ms=50)
    add_tracks(qtbot, window, [noise_wav])
    qtbot.waitUntil(lambda: window.autosave_store.pending() is not None, timeout=3000)
    window.ask.save_answer = "save"
    window.ask.save_path = tmp_path / "kept"
    assert window.close()
    assert (tmp_path / "kept.earspace").is_file()  # suffix added
    assert window.autosave_store.pending() is None  # a clean exit leaves nothing to recover


def test_saving_where_it_cannot_write_shows_an_error(qtbot, make_window, noise_wav, tmp_path):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    assert not window.save_to(tmp_path / "no-such-folder" / "scene.earspace")
    assert "could not save" in window.dialogs.last_box.text()
    assert window.doc.modified and window.doc.path is None
