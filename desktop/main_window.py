"""The main window: wires the feature views to Qt-free models (the document's session and
:class:`~desktop.document.selection.Selection`, the :class:`~desktop.load_queue.LoadQueue`,
:class:`~desktop.document.reresolve.PendingPrompts`, the export request and
:class:`~desktop.view_state.ViewState`), the render worker and the transport.

Everything that needs an answer from the user goes through :class:`~desktop.asker.Asker`
(blocking dialogs), and every message through :class:`~desktop.dialogs.DialogHost`
(non-blocking), so tests can drive the whole app without a person. Signals are connected
to bound methods (never lambdas capturing ``self``), so nothing runs on a half-deleted
window while Qt tears it down.

Sections below: UI building (actions, then one block per menu: add a feature's items in
its own block), session state, edits, files, audio loading, render, playback/export,
autosave, closing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QToolButton,
)

from desktop.asker import Asker
from desktop.audio_library import AudioLibrary
from desktop.daw_import import import_daw_dialog
from desktop.dialogs import DialogHost
from desktop.document.document import SessionDocument
from desktop.document.ownership import OpenFileGuard
from desktop.document.reresolve import PendingPrompts
from desktop.document.selection import Selection
from desktop.export.model import (
    ExportRequest,
)
from desktop.head_view.view import HeadView
from desktop.inspector.resolver import PromptResolver
from desktop.inspector.view import InspectorView
from desktop.load_queue import LoadQueue
from desktop.paths import state_dir
from desktop.plots.model import track_key
from desktop.plots.view import PlotsView
from desktop.recovery.model import AutosaveStore, RecentFiles
from desktop.render.model import RenderOutcome, render_key
from desktop.render.notices import Notice
from desktop.render.worker import RenderController
from desktop.settings import AppSettings
from desktop.tasks import BackgroundTask
from desktop.timeline.panel import TimelinePanel
from desktop.transport.audio_output import OutputStatus, probe_output
from desktop.transport.live_wiring import install_live_preview
from desktop.transport.view import TransportBar
from desktop.view_state import ViewStateStore
from desktop.window_edits import EditsMixin
from desktop.window_files import FilesMixin
from desktop.window_output import OutputMixin
from engine.api import ROOM_PRESETS, Session, assets_dir

ICON_PATH = assets_dir() / "icons" / "earspace.png"
#: Window actions that fire wherever the focus is in the window, text fields included
#: (a line edit would otherwise swallow e.g. Ctrl+E as "end of line"); see eventFilter.
#: They stay window shortcuts, so they do not fire inside a modal dialog.
GLOBAL_SHORTCUT_ACTIONS = ("export_action", "render_action", "save_action", "add_action")


class MainWindow(EditsMixin, FilesMixin, OutputMixin, QMainWindow):
    tracks_added = Signal(int)  # after background loading: how many tracks were added
    audio_loaded = Signal()  # a background audio load finished

    def __init__(
        self,
        *,
        render_fn: Callable[..., Any] | None = None,
        parse_fn: Callable[[str], Any] | None = None,
        output_status: OutputStatus | None = None,
        state_folder: Path | None = None,
        autosave_interval_ms: int = 60_000,
    ) -> None:
        super().__init__()
        self.setObjectName("EarspaceMainWindow")
        self.resize(1440, 900)
        if ICON_PATH.is_file():
            self.setWindowIcon(QIcon(str(ICON_PATH)))
        self.state_folder = Path(state_folder) if state_folder else state_dir()
        self.library = AudioLibrary()
        self.doc = SessionDocument(self)
        self.dialogs = DialogHost(self)
        self.ask = Asker(self)
        self.settings = AppSettings(self.state_folder)
        self.autosave_store = AutosaveStore(self.state_folder)
        self.file_guard = OpenFileGuard()  # lock of the open session file
        self.recent = RecentFiles(self.state_folder)
        self.view_states = ViewStateStore(self.state_folder)
        self.resolver = PromptResolver(parse_fn, self)
        self.renderer = RenderController(render_fn, self)
        self.exporter = BackgroundTask(self)
        self.loader = BackgroundTask(self)
        self.load_queue = LoadQueue()
        self.pending_prompts = PendingPrompts()
        self.selection = Selection()
        self._export_request: ExportRequest | None = None
        self._render_when_loaded = False
        self.last_render: RenderOutcome | None = None
        self.notices: list[Notice] = []
        self.playhead_s = 0.0
        self._closed = False

        # views
        self.timeline_panel = TimelinePanel(self.library)
        self.timeline = self.timeline_panel.view
        self.inspector = InspectorView(self.resolver)
        self.head = HeadView()
        self.plots = PlotsView()
        self.transport = TransportBar(
            output_status if output_status is not None else probe_output()
        )
        self.transport.before_play = self._prepare_playback
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.plots)
        bottom.addWidget(self.head)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([1000, 330])
        centre = QSplitter(Qt.Orientation.Vertical)
        centre.addWidget(self.timeline_panel)
        centre.addWidget(bottom)
        centre.setSizes([360, 440])
        self.setCentralWidget(centre)
        dock = QDockWidget("Inspector", self)
        dock.setObjectName("inspector-dock")
        dock.setWidget(self.inspector)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

        self._build_actions()
        self._build_menus()
        self._build_toolbars()
        self.notice_label = QLabel()
        self.notice_button = QToolButton()
        self.notice_button.setText("Notices")
        self.notice_button.setToolTip("Show every notice of the last render")
        self.notice_button.clicked.connect(self.show_notices)
        self.notice_button.hide()
        self.statusBar().addPermanentWidget(self.notice_label)
        self.statusBar().addPermanentWidget(self.notice_button)
        self.setAcceptDrops(True)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

        # wiring
        self.doc.changed.connect(self._on_session_changed)
        self.doc.modified_changed.connect(self._update_title)
        self.doc.path_changed.connect(self._update_title)
        self.timeline.region_created.connect(self._on_region_created)
        self.timeline.region_changed.connect(self._on_region_changed)
        self.timeline.selection_changed.connect(self.select)
        self.timeline.seek_requested.connect(self.seek)
        self.timeline.view_changed.connect(self.plots.set_x_range)
        self.timeline.region_activated.connect(self._edit_prompt_of)
        self.timeline.inline_prompt_done.connect(self._on_inline_prompt)
        self.timeline.track_flag_toggled.connect(self._on_track_flag_toggled)
        self.inspector.track_edited.connect(self._on_track_edited)
        self.inspector.prompt_committed.connect(self._on_prompt_committed)
        self.inspector.region_span_edited.connect(self._on_region_span_typed)
        self.inspector.delete_region_requested.connect(self.delete_selected_region)
        self.resolver.resolved.connect(self._on_load_resolved)
        self.renderer.started.connect(self._on_render_started)
        self.renderer.progress.connect(self._on_render_progress)
        self.renderer.finished.connect(self._on_render_finished)
        self.renderer.failed.connect(self._on_render_failed)
        self.renderer.cancelled.connect(self._on_render_cancelled)
        self.renderer.idle.connect(self._on_render_idle)
        self.loader.finished.connect(self._on_audio_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.idle.connect(self._next_load_job)
        self.exporter.progress.connect(self._on_render_progress)
        self.exporter.finished.connect(self._on_export_finished)
        self.exporter.failed.connect(self._on_export_failed)
        self.exporter.cancelled.connect(self._on_export_cancelled)
        self.exporter.idle.connect(self._update_export_enabled)
        self.transport.position_changed.connect(self._on_play_position)
        self.transport.loop_toggled.connect(self._update_loop)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_interval_ms)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()
        self._on_session_changed(self.doc.session)
        self._update_title()
        install_live_preview(self)  # transport plays live; head-tracking dock

    # ------------------------------------------------------------------ UI building
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_session, S.New)
        self.open_action = self._action("&Open…", self.open_dialog, S.Open)
        self.save_action = self._action("&Save", self.save, S.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, S.SaveAs)
        self.add_action = self._action(
            "&Add Tracks…", self.add_tracks_dialog, "Ctrl+I", "Add mono audio files as tracks"
        )
        self.export_action = self._action(
            "&Export…", self.export_dialog, "Ctrl+E", "Export binaural stems and the mix"
        )
        self.import_daw_action = self._action(
            "Import &DAW Project…",
            lambda: import_daw_dialog(self),
            None,
            "Open a REAPER, Ardour, AAF or OTIO project as a session",
        )
        self.quit_action = self._action("&Quit", self.close, S.Quit)
        self.undo_action = self.doc.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(S.Undo))
        self.redo_action = self.doc.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence(S.Redo))
        self.remove_track_action = self._action(
            "Remove &Track", self.remove_selected_track, None, "Remove the selected track"
        )
        self.delete_action = self._action("&Delete Region", self.delete_selected_region, S.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timeline.addAction(self.delete_action)
        self.render_action = self._action(
            "&Render", self.render, "Ctrl+R", "Render the session to binaural"
        )
        self.hrtf_action = self._action(
            "Use HRTF &SOFA File…", self.choose_hrtf, None, "Render with your own HRTF set"
        )
        self.hrtf_default_action = self._action(
            "Use &Default HRTF (MIT KEMAR)", lambda: self.set_hrtf(None)
        )
        self.batch_action = self._action(
            "&Batch Render…", self.batch_window, None, "Render tracks or a folder as a batch (Ray)"
        )
        self.cancel_action = self._action("&Cancel Render", self.renderer.cancel, "Esc")
        self.cancel_action.setEnabled(False)
        self.play_action = self._action("&Play/Pause", self.transport.toggle_play, "Space")
        self.stop_action = self._action(
            "&Stop", self.stop_playback, None, "Stop and go back to the start of the loop or 0:00"
        )
        self.stop_action.setShortcuts([QKeySequence(Qt.Key.Key_MediaStop), QKeySequence("Ctrl+.")])
        self.home_action = self._action("Go to &Start", self.go_to_start, "Home")
        self.end_action = self._action("Go to &End", self.go_to_end, "End")
        self.fit_action = self._action("&Fit Timeline", self.timeline.fit, "Ctrl+0")

    def _build_menus(self) -> None:
        """One block per menu; a feature adds its items in its own block."""
        mb = self.menuBar()
        # --- File
        m = mb.addMenu("&File")
        for a in (self.new_action, self.open_action):
            m.addAction(a)
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for a in (self.save_action, self.save_as_action):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.add_action)
        m.addAction(self.import_daw_action)
        m.addAction(self.export_action)
        m.addSeparator()
        m.addAction(self.quit_action)
        self.file_menu = m
        # --- Edit
        m = mb.addMenu("&Edit")
        for a in (self.undo_action, self.redo_action, self.delete_action, self.remove_track_action):
            m.addAction(a)
        self.edit_menu = m
        # --- Render
        m = mb.addMenu("&Render")
        m.addAction(self.render_action)
        m.addAction(self.cancel_action)
        m.addSeparator()
        m.addAction(self.hrtf_action)
        m.addAction(self.hrtf_default_action)
        m.addSeparator()
        m.addAction(self.batch_action)
        self.render_menu = m
        # --- View
        m = mb.addMenu("&View")
        m.addAction(self.fit_action)
        self.view_menu = m
        # --- Transport
        m = mb.addMenu("&Transport")
        for a in (self.play_action, self.stop_action, self.home_action, self.end_action):
            m.addAction(a)
        self.transport_menu = m

    def batch_window(self) -> Any:
        """Open the batch window on the current session (non-modal); returns it."""
        from desktop.batch.view import BatchWindow

        default_dir = self.doc.path.parent if self.doc.path else None
        self._batch_window = BatchWindow(self.doc.session, default_dir, self)
        self._batch_window.show()
        return self._batch_window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Let the window's global shortcuts win over text fields (see
        :data:`GLOBAL_SHORTCUT_ACTIONS`): the field's "shortcut override" is dropped."""
        if self._closed:
            return False
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            for name in GLOBAL_SHORTCUT_ACTIONS:
                action = getattr(self, name, None)
                if (
                    action is not None
                    and action.isEnabled()
                    and any(
                        k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                        for k in action.shortcuts()
                    )
                ):
                    return True
        return False

    def _build_toolbars(self) -> None:
        tb = QToolBar("Main")
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        for a in (self.open_action, self.save_action, self.add_action):
            tb.addAction(a)
        tb.addSeparator()
        tb.addWidget(QLabel(" Room "))
        self.room_combo = QComboBox()
        self.room_combo.addItems(list(ROOM_PRESETS))
        self.room_combo.setToolTip(
            "The session's room; a prompt naming a room (e.g. 'in a cathedral') overrides it for its region"
        )
        self.room_combo.currentTextChanged.connect(self._on_room_chosen)
        tb.addWidget(self.room_combo)
        tb.addSeparator()
        self.render_button = QPushButton("Render")
        self.render_button.setToolTip("Render the session (Ctrl+R)")
        self.render_button.clicked.connect(self.render)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.renderer.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMinimumWidth(240)
        self.progress.setMaximumWidth(320)
        self.progress.setTextVisible(True)
        self.progress.setFormat("idle")
        self.progress.setValue(0)
        tb.addWidget(self.render_button)
        tb.addWidget(self.cancel_button)
        tb.addWidget(self.progress)
        tb.addSeparator()
        tb.addAction(self.export_action)
        self.addToolBar(tb)
        self.addToolBarBreak()
        tt = QToolBar("Transport")
        tt.setObjectName("transport-toolbar")
        tt.setMovable(False)
        tt.addWidget(self.transport)
        self.addToolBar(tt)

    def _update_title(self, *_args: object) -> None:
        name = self.doc.path.name if self.doc.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — Earspace")
        self.setWindowModified(self.doc.modified)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = self.recent.list()
        if not items:
            a = self.recent_menu.addAction("(none)")
            a.setEnabled(False)
        for p in items:
            self.recent_menu.addAction(str(p), lambda p=p: self.open_session(p))

    # ------------------------------------------------------------------ session state
    @property
    def sel_track(self) -> int:
        return self.selection.track

    @property
    def sel_region(self) -> int:
        return self.selection.region

    def _on_session_changed(self, session: Session) -> None:
        self.selection = self.selection.clamped(session)
        self.timeline.set_session(session)
        self.timeline.set_selection(self.sel_track, self.sel_region)
        if self.room_combo.currentText() != session.room:
            self.room_combo.blockSignals(True)
            self.room_combo.setCurrentText(session.room)
            self.room_combo.blockSignals(False)
        self.inspector.set_context(session, self.sel_track, self.sel_region)
        self._update_head()
        if self.last_render is not None:
            self.plots.set_stale(self.last_render.key != render_key(session), "the session changed")
        self._update_loop()
        self._update_export_enabled()

    def selected_region_info(self):
        region = self.selection.region_of(self.doc.session)
        return None if region is None else (self.sel_track, region)

    def _update_head(self) -> None:
        session = self.doc.session
        durations = {}
        for i, track in enumerate(session.tracks):
            item = self.library.peek(session.audio_path(track), session.sample_rate_hz)
            if item is not None:
                durations[i] = item.audio.duration_s
        self.head.set_state(session, self.selected_region_info(), durations)

    def select(self, track: int, region: int) -> None:
        self.selection = Selection(track, region)
        session = self.doc.session
        self.timeline.set_selection(track, region)
        self.inspector.set_context(session, track, region)
        self._update_head()
        if track >= 0:
            self.plots.show_target(track_key(track))
        self._update_loop()

    def seek(self, time_s: float) -> None:
        self.transport.seek(time_s)
        self._show_playhead(time_s)

    def _on_play_position(self, time_s: float) -> None:
        self._show_playhead(time_s)
        if self.transport.model.playing:
            self.timeline.follow(time_s)

    def _edit_prompt_of(self, track: int, region: int) -> None:
        self.select(track, region)

    def _on_inline_prompt(self, track: int, region: int, text: str) -> None:
        """A prompt typed on the timeline goes through the inspector like typed there."""
        self.select(track, region)
        self.inspector.set_prompt_text(text)
        self.timeline.setFocus()

    def _show_playhead(self, time_s: float) -> None:
        self.playhead_s = time_s
        self.timeline.set_playhead(time_s)
        self.head.set_playhead(time_s)
        self.plots.set_playhead(time_s)

    def _update_loop(self, *_args: object) -> None:
        self.transport.set_loop(self.selection.loop_span_s(self.doc.session))

    def stop_playback(self) -> None:
        self.transport.stop()
        self._show_playhead(self.transport.model.position_s)

    def go_to_start(self) -> None:
        self.seek(0.0)
        self.timeline.follow(0.0)

    def go_to_end(self) -> None:
        end_s = self.timeline.duration_s()
        self.seek(end_s)
        self.timeline.follow(end_s)

    # ------------------------------------------------------------------ closing
    @property
    def closing(self) -> bool:
        """The window is closed or closing: nothing may show dialogs any more."""
        return self._closed

    def shutdown(self) -> None:
        """Stop threads and audio (idempotent)."""
        if self._closed:
            return
        self._closed = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.file_guard.close()
        self.autosave_timer.stop()
        self.plots.timer.stop()
        self.transport.shutdown()
        self.renderer.shutdown()
        self.exporter.shutdown()
        self.loader.shutdown()
        self.resolver.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.inspector.flush(wait=True)
        if not self._maybe_discard():
            event.ignore()
            return
        self._remember_view()
        self.shutdown()
        self.autosave_store.clear()
        event.accept()
