"""Daily editing in the app (issue 17), driven like a user would, offscreen (pytest-qt):
quitting, exporting, unplaced prompts, region edges, new tracks, the head view, the
plots and what editors expect (snap, exact times, Home/End/Stop, mute/solo, view restore).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from desktop_helpers import ARTIFACTS, save_artifact, write_noise
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_desktop_app import add_tracks, drag, render_and_wait, type_prompt

pytestmark = pytest.mark.gui


def save_doc_image(widget, name: str) -> Path:
    """A screenshot for the README: written to test-artifacts/docs-NAME; the committed
    copies in docs/ are refreshed by copying these (they are not rewritten by every run)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"docs-{name}"
    widget.grab().save(str(path))
    return path


# ---------------------------------------------------------------------- quitting
def test_quit_discard_raises_nothing_and_asks_in_plain_words(qtbot, tmp_path, monkeypatch):
    """Quit with unsaved changes, answer Discard in the real dialog, let Qt delete the
    window: no exception may reach ``sys.excepthook`` (it used to print "Signal source has
    been deleted" and show "Your session is still open")."""
    import shiboken6

    from desktop.dialogs import install_excepthook
    from desktop.main_window import MainWindow
    from desktop.transport.audio_output import OutputStatus

    window = MainWindow(
        output_status=OutputStatus(False, "no device"), state_folder=tmp_path / "state"
    )
    window.show()
    qtbot.waitExposed(window)
    caught: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: caught.append(e))
    install_excepthook(lambda: None if window.closing else window.dialogs)
    hook = sys.excepthook
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: (caught.append(e), hook(t, e, tb)))
    with qtbot.waitSignal(window.audio_loaded, timeout=30_000):
        window.add_tracks([write_noise(tmp_path / "n.wav", seconds=0.5)])
    window.inspector.name_edit.setFocus()  # its editingFinished fires during teardown
    asked: list[str] = []

    def press_discard() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_discard)
            return
        asked.append(box.text() + " | " + box.informativeText())
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(0, press_discard)
    assert window.close()
    assert asked and "Save the changes to “Untitled” before closing?" in asked[0]
    assert "lost" in asked[0]
    shiboken6.delete(window)  # what Qt does when the app exits
    qtbot.wait(50)
    assert caught == []
    assert all("still open" not in t for _title, t in window.dialogs.history)


# ---------------------------------------------------------------------- export
def test_export_dialog_defaults_formats_order_and_remembers_folder(
    qtbot, make_window, noise_wav, tmp_path, monkeypatch
):
    import soundfile as sf

    from desktop.export.view import ExportDialog

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.5)
    type_prompt(qtbot, window, "hard left")
    render_and_wait(qtbot, window)

    # the demo's folder (inside the install) is never offered
    demo = Path(__file__).resolve().parents[2] / "assets" / "demo" / "demo.earspace"
    window.doc.mark_saved(window.doc.session, demo)
    assert window.default_export_folder() == home / "Documents" / "Earspace"

    dialog = ExportDialog("scene", window.default_export_folder(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    for fmt in ("stems", "ambix"):
        if fmt not in dialog.format_checks:
            pytest.skip("the plugin bridge (AmbiX) is not installed")
        dialog.format_checks[fmt].setChecked(True)
    assert dialog.order_combo.isEnabled()
    dialog.order_combo.setCurrentIndex(dialog.order_combo.findData(2))
    dialog.folder_edit.setText("~/Documents/Earspace")  # as a user sees the default
    dialog.adjustSize()
    save_doc_image(dialog, "export-dialog.png")
    out = tmp_path / "exports"
    dialog.folder_edit.setText(str(out))
    request = dialog.request()
    assert request.formats == ("stems", "ambix") and request.ambisonics_order == 2
    for check in dialog.format_checks.values():
        check.setChecked(False)
    assert not dialog.export_button.isEnabled()  # no format: nothing to export

    with qtbot.waitSignal(window.exporter.finished, timeout=60_000):
        window.export_with(request)
    names = sorted(p.name for p in out.iterdir())
    assert "mix.wav" in names
    ambix = [n for n in names if "ambix O2" in n and n.endswith(".wav")]
    assert ambix and sf.info(str(out / ambix[0])).channels == 9  # order 2: 9 channels
    # remembered (QSettings under the test's state folder) for the next export
    assert window.settings.path.is_relative_to(tmp_path)
    assert window.default_export_folder() == out.resolve()
    again = make_window()
    assert again.default_export_folder() == out.resolve()
    assert again.settings.export_formats == ("stems", "ambix")
    assert again.settings.ambisonics_order == 2
    # the window offers the remembered choices
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=5000)
    window.export_dialog()
    assert window.ask.export_offer[1:] == (out.resolve(), ("stems", "ambix"), 2)


def test_ctrl_e_exports_while_the_prompt_field_has_focus(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.5)
    type_prompt(qtbot, window, "hard left")
    render_and_wait(qtbot, window)
    window.activateWindow()
    edit = window.inspector.prompt_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    offered = []
    window.ask.export_request = lambda *a, **k: offered.append(a) or None
    edit.setCursorPosition(0)
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert offered, "Ctrl+E in the prompt field did not open the export dialog"
    assert edit.cursorPosition() == 0  # the field did not take it as "end of line"


# ---------------------------------------------------------------------- unplaced prompts
def test_unplaced_prompt_one_readable_notice_and_a_steady_inspector(qtbot, make_window, tmp_path):
    window = make_window()
    add_tracks(qtbot, window, [write_noise(tmp_path / "drums.wav", seconds=10.0)])
    window.timeline.fit()
    dock_width = window.inspector.width()
    timeline_width = window.timeline.width()
    drag(qtbot, window.timeline, 0, 5.06415, 8.96309)
    type_prompt(qtbot, window, "qwxz blorp", timeout_ms=60_000)
    qtbot.waitUntil(lambda: window.inspector.warning_label.isVisible())
    warning = window.inspector.warning_label.text()
    assert "“drums”" in warning and "could not find a position" in warning
    assert "similarity" not in warning
    assert window.inspector.width() == dock_width  # long text wraps, never widens
    assert window.timeline.width() == timeline_width
    render_and_wait(qtbot, window)
    region_notices = [n for n in window.notices if "qwxz" in n.text]
    assert len(region_notices) == 1, [n.text for n in window.notices]
    region = window.doc.session.tracks[0].regions[0]
    span = f"{region.start_s:.1f}"
    assert "0:05.1–0:09.0" in region_notices[0].text or span in region_notices[0].text
    assert not any("5.06" in n.text for n in window.notices)  # no raw times
    status = window.notice_label
    assert status.fontMetrics().horizontalAdvance(status.text()) <= status.width() + 2
    window.select(0, 0)
    qtbot.wait(300)  # the plots repaint on their timer
    save_doc_image(window, "unplaced-prompt.png")


# ---------------------------------------------------------------------- region edges
def test_click_near_a_region_edge_resizes_and_undo_says_resize(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    tl = window.timeline
    drag(qtbot, tl, 0, 0.5, 1.0)
    g = tl.geometry_model
    y = g.lane_top(0) + g.lane_height_px // 2
    # press 6 px left of the region's start (outside it) and drag left: a resize
    edge_x = int(round(g.time_to_x(0.5)))
    a, b = QPoint(edge_x - 6, y), QPoint(int(round(g.time_to_x(0.3))), y)
    qtbot.mousePress(tl, Qt.MouseButton.LeftButton, pos=a)
    for k in range(1, 5):
        qtbot.mouseMove(tl, a + (b - a) * (k / 4))
    qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=b)
    regions = window.doc.session.tracks[0].regions
    assert len(regions) == 1, "a new region was created instead of resizing"
    moved_s = g.x_to_time(b.x()) - g.x_to_time(a.x())  # the edge follows the mouse
    assert regions[0].start_s == pytest.approx(0.5 + moved_s, abs=0.01)
    assert regions[0].end_s == pytest.approx(1.0, abs=0.01)
    assert window.doc.undo_stack.undoText() == "Resize region"
    # a tiny drag in an empty part of the lane is a click, not a 0.09 s region
    x = int(round(g.time_to_x(1.6)))
    qtbot.mousePress(tl, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(tl, QPoint(x + 5, y))
    qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=QPoint(x + 5, y))
    assert len(window.doc.session.tracks[0].regions) == 1
    # moving keeps its label
    drag(qtbot, tl, 0, 0.7, 0.9)
    assert window.doc.undo_stack.undoText() == "Move region"


# ---------------------------------------------------------------------- new tracks
def test_new_track_is_scrolled_into_view_with_a_message(qtbot, make_window, tmp_path):
    window = make_window()
    window.resize(1280, 600)
    paths = [write_noise(tmp_path / f"t{i}.wav", seconds=0.3, seed=i) for i in range(6)]
    add_tracks(qtbot, window, paths[:5])
    add_tracks(qtbot, window, paths[5:])
    qtbot.wait(50)
    area = window.timeline_panel.scroll_area
    g = window.timeline.geometry_model
    lane_top = g.lane_top(5)
    visible_top = area.verticalScrollBar().value()
    visible_bottom = visible_top + area.viewport().height()
    assert visible_top <= lane_top and lane_top + g.lane_height_px <= visible_bottom + 2
    assert "t5" in window.statusBar().currentMessage()
    assert window.sel_track == 5


# ---------------------------------------------------------------------- head view
def test_head_view_side_view_separate_labels_and_ended_sources(qtbot, make_window, tmp_path):
    from desktop.head_view.model import radius, to_side_xy

    # the side view puts a source straight above at the top, one in front to the right
    r = radius(1.0)
    assert to_side_xy(0, 90, 1.0)[1] == pytest.approx(r)
    assert float(to_side_xy(0, 90, 1.0)[0]) == pytest.approx(0.0, abs=1e-9)
    assert to_side_xy(0, 0, 1.0)[0] == pytest.approx(r)
    assert to_side_xy(180, 0, 1.0)[0] == pytest.approx(-r)

    window = make_window()
    short = write_noise(tmp_path / "short.wav", seconds=1.0, seed=1)
    paths = [write_noise(tmp_path / f"src{i}.wav", seconds=3.0, seed=i) for i in range(2)]
    add_tracks(qtbot, window, [*paths, short])
    window.timeline.fit()
    for lane, prompt in ((0, "hard left"), (1, "hard left"), (2, "above")):
        drag(qtbot, window.timeline, lane, 0.2, 0.9)
        type_prompt(qtbot, window, prompt)
    head = window.head
    head.resize(520, 260)
    window.seek(0.5)
    head.repaint()
    assert head.drawn_tracks == [0, 1, 2]
    rects = head.label_rects
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), "two labels overlap"
    for rect in head.panels().values():  # no label covers the listener's head
        assert not any(r.contains(rect.center()) for r in rects)
    save_doc_image(head, "head-view.png")
    window.seek(2.0)  # "short" has ended
    head.repaint()
    assert head.drawn_tracks == [0, 1]


# ---------------------------------------------------------------------- plots
def test_silence_plots_as_a_gap_and_the_legends_are_explained(qtbot, make_window, tmp_path):
    import soundfile as sf

    rng = np.random.default_rng(0)
    audio = np.zeros(48_000 * 2, np.float32)
    audio[:24_000] = 0.2 * rng.standard_normal(24_000)  # 0.5 s of noise, then silence
    path = tmp_path / "burst.wav"
    sf.write(str(path), audio, 48_000)
    window = make_window()
    other = write_noise(tmp_path / "other.wav", seconds=2.0, seed=4)
    add_tracks(qtbot, window, [path, other])
    render_and_wait(qtbot, window)
    series = window.last_render.plot_series["track:0"]
    silent = series.times_s > 1.0
    assert np.all(np.isnan(series.diff_db[silent]))  # a gap, not 0 dB
    assert np.all(np.isfinite(series.diff_db[series.times_s < 0.4]))
    window.select(0, -1)
    qtbot.waitUntil(lambda: window.plots.spl_title_has_mix, timeout=3000)
    title = window.plots.spl_plot.getPlotItem().titleLabel.text
    assert "mix, for comparison" in title
    env_title = window.plots.env_plot.getPlotItem().titleLabel.text
    assert "left ear" in env_title and "right ear" in env_title
    assert window.plots.env_plot.getPlotItem().legend is None  # nothing over the curves


# ---------------------------------------------------------------------- editors' basics
def test_snap_to_bars_and_typed_region_times(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    window.timeline_panel.set_snap("bars", 120.0)  # a beat is 0.5 s
    drag(qtbot, window.timeline, 0, 0.46, 1.04)
    region = window.doc.session.tracks[0].regions[0]
    assert (region.start_s, region.end_s) == (pytest.approx(0.5), pytest.approx(1.0))
    insp = window.inspector
    insp.start_spin.setValue(0.25)
    insp.end_spin.setValue(1.75)
    insp.end_spin.editingFinished.emit()
    region = window.doc.session.tracks[0].regions[0]
    assert (region.start_s, region.end_s) == (0.25, 1.75)
    assert window.doc.undo_stack.undoText() == "Set region times"
    insp.start_spin.setValue(1.9)  # start after end: refused with a message, nothing changed
    insp.start_spin.editingFinished.emit()
    assert window.doc.session.tracks[0].regions[0].start_s == 0.25
    assert "Edit not possible" in window.dialogs.history[-1][0]


def test_home_end_stop_keys_and_mute_solo_on_lane_headers(qtbot, make_window, noise_wav):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    window.timeline.setFocus()
    window.seek(1.0)
    qtbot.keyClick(window.timeline, Qt.Key.Key_End)
    assert window.playhead_s == pytest.approx(2.0, abs=0.01)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Home)
    assert window.playhead_s == 0.0
    window.seek(1.2)
    window.stop_action.trigger()
    assert window.playhead_s == 0.0 and not window.transport.model.playing
    tl = window.timeline
    for flag in ("mute", "solo"):
        rect = tl.header_button_rect(0, flag)
        qtbot.mouseClick(tl, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        assert getattr(window.doc.session.tracks[0], flag)
    assert window.inspector.mute_check.isChecked() and window.inspector.solo_check.isChecked()
    assert window.doc.session.tracks[0].regions == ()  # the clicks made no region
    window.doc.undo_stack.undo()
    assert not window.doc.session.tracks[0].solo


def test_reopening_a_session_restores_zoom_snap_and_render(qtbot, make_window, noise_wav, tmp_path):
    window = make_window()
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.5, 1.5)
    type_prompt(qtbot, window, "hard left")
    render_and_wait(qtbot, window)
    window.timeline.zoom(4.0, 1.0)
    window.timeline_panel.set_snap("frames")
    g = window.timeline.geometry_model
    zoom = (g.view_start_s, g.px_per_s)
    assert window.save_to(tmp_path / "scene.earspace")
    window.close()
    other = make_window()
    with qtbot.waitSignal(other.renderer.finished, timeout=60_000):
        assert other.open_session(tmp_path / "scene.earspace")
    g2 = other.timeline.geometry_model
    assert (g2.view_start_s, g2.px_per_s) == pytest.approx(zoom)
    assert other.timeline.snap_grid.mode == "frames"
    assert other.last_render is not None and (other.sel_track, other.sel_region) == (0, 0)
    save_artifact(other, "app_reopened.png")
