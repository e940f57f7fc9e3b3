"""The main window: wires the feature views to the document, the render worker and the
transport. Everything that needs an answer from the user goes through :class:`Asker`
(blocking dialogs), and every message through :class:`~desktop.dialogs.DialogHost`
(non-blocking), so tests can drive the whole app without a person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QWidget,
)

from desktop.audio_library import AudioLibrary
from desktop.daw_import import import_daw_dialog
from desktop.dialogs import DialogHost
from desktop.document import edits
from desktop.document.document import SessionDocument
from desktop.export.model import ExportReport, ExportRequest, run_export
from desktop.export.model import describe_error as describe_export_error
from desktop.export.view import ExportDialog
from desktop.head_view.view import HeadView
from desktop.inspector.resolver import PromptResolver
from desktop.inspector.view import InspectorView
from desktop.paths import AUDIO_SUFFIXES, is_audio_file, state_dir
from desktop.plots.model import MIX_KEY, track_key
from desktop.plots.view import PlotsView
from desktop.recovery.model import AutosaveStore, RecentFiles, RecoveryInfo
from desktop.render.model import RenderOutcome, render_key
from desktop.render.worker import RenderController
from desktop.tasks import BackgroundTask
from desktop.timeline.view import TimelinePanel
from desktop.transport.audio_output import OutputStatus, probe_output
from desktop.transport.live_wiring import install_live_preview
from desktop.transport.view import TransportBar
from engine.api import (
    ROOM_PRESETS,
    SESSION_SUFFIX,
    AudioInputError,
    EngineError,
    Session,
    SessionError,
    assets_dir,
    load_session,
    save_session,
)

log = logging.getLogger(__name__)
ICON_PATH = assets_dir() / "icons" / "earspace.png"
AUDIO_FILTER = "Audio files (" + " ".join(f"*{s}" for s in AUDIO_SUFFIXES) + ")"
SESSION_FILTER = f"Earspace sessions (*{SESSION_SUFFIX})"


class Asker:
    """Blocking questions to the user. Tests replace ``window.ask`` with a fake."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def save_changes(self) -> str:
        """``"save"``, ``"discard"`` or ``"cancel"``."""
        b = QMessageBox.question(
            self.parent,
            "Unsaved changes",
            "The session has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(b, "cancel")

    def recover(self, info: RecoveryInfo) -> bool:
        b = QMessageBox.question(
            self.parent, "Recover session?", info.describe() + "\n\nRecover it?"
        )
        return b == QMessageBox.StandardButton.Yes

    def open_session_path(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open session", "", SESSION_FILTER)
        return Path(path) if path else None

    def save_session_path(self, suggested: Path | None) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent, "Save session", str(suggested or ""), SESSION_FILTER
        )
        return Path(path) if path else None

    def audio_paths(self) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(self.parent, "Add mono tracks", "", AUDIO_FILTER)
        return [Path(p) for p in paths]

    def sofa_path(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "HRTF (SOFA file)", "", "SOFA files (*.sofa)"
        )
        return Path(path) if path else None

    def export_request(self, default_name: str, default_dir: Path | None) -> ExportRequest | None:
        dialog = ExportDialog(default_name, default_dir, self.parent)
        return dialog.request() if dialog.exec() == ExportDialog.DialogCode.Accepted else None


class MainWindow(QMainWindow):
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
        self.autosave_store = AutosaveStore(self.state_folder)
        self.recent = RecentFiles(self.state_folder)
        self.resolver = PromptResolver(parse_fn, self)
        self.renderer = RenderController(render_fn, self)
        self.exporter = BackgroundTask(self)
        self.loader = BackgroundTask(self)
        self._load_jobs: list[tuple[str, list[Path], int, int]] = []
        self._generation = 0
        self._export_request: ExportRequest | None = None
        self.last_render: RenderOutcome | None = None
        self.sel_track = -1
        self.sel_region = -1
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
        self._build_toolbars()
        self.notice_label = QLabel()
        self.statusBar().addPermanentWidget(self.notice_label)
        self.setAcceptDrops(True)

        # wiring
        self.doc.changed.connect(self._on_session_changed)
        self.doc.modified_changed.connect(self._update_title)
        self.doc.path_changed.connect(lambda _p: self._update_title())
        self.timeline.region_created.connect(self._on_region_created)
        self.timeline.region_changed.connect(self._on_region_changed)
        self.timeline.selection_changed.connect(self.select)
        self.timeline.seek_requested.connect(self.seek)
        self.timeline.view_changed.connect(self.plots.set_x_range)
        self.timeline.region_activated.connect(self._edit_prompt_of)
        self.timeline.inline_prompt_done.connect(self._on_inline_prompt)
        self.inspector.track_edited.connect(self._on_track_edited)
        self.inspector.prompt_committed.connect(self._on_prompt_committed)
        self.inspector.delete_region_requested.connect(self.delete_selected_region)
        self.resolver.resolved.connect(self._on_load_resolved)
        self._load_requests: dict[int, tuple[int, int, str]] = {}
        self.renderer.started.connect(self._on_render_started)
        self.renderer.progress.connect(self._on_render_progress)
        self.renderer.finished.connect(self._on_render_finished)
        self.renderer.failed.connect(self._on_render_failed)
        self.renderer.cancelled.connect(self._on_render_cancelled)
        self.renderer.idle.connect(self._on_render_idle)
        self.loader.finished.connect(self._on_audio_loaded)
        self.loader.failed.connect(lambda m, d: self.dialogs.error("Could not read audio", m, d))
        self.loader.idle.connect(self._next_load_job)
        self.exporter.progress.connect(self._on_render_progress)
        self.exporter.finished.connect(self._on_export_finished)
        self.exporter.failed.connect(self._on_export_failed)
        self.exporter.cancelled.connect(lambda: self.progress.setFormat("export cancelled"))
        self.exporter.idle.connect(
            lambda: self.export_action.setEnabled(self.last_render is not None)
        )
        self.transport.position_changed.connect(self._on_play_position)
        self.transport.loop_toggled.connect(lambda _on: self._update_loop())

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
        self.cancel_action = self._action("&Cancel Render", self.renderer.cancel, "Esc")
        self.cancel_action.setEnabled(False)
        self.play_action = self._action("&Play/Pause", self.transport.toggle_play, "Space")
        self.fit_action = self._action("&Fit Timeline", self.timeline.fit, "Ctrl+0")
        mb = self.menuBar()
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
        m = mb.addMenu("&Edit")
        for a in (self.undo_action, self.redo_action, self.delete_action, self.remove_track_action):
            m.addAction(a)
        m = mb.addMenu("&Render")
        m.addAction(self.render_action)
        m.addAction(self.cancel_action)
        m.addSeparator()
        m.addAction(self.hrtf_action)
        m.addAction(self.hrtf_default_action)
        m = mb.addMenu("&View")
        m.addAction(self.fit_action)
        m = mb.addMenu("&Transport")
        m.addAction(self.play_action)

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

    def _update_title(self, *_args) -> None:
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
    def _on_session_changed(self, session: Session) -> None:
        n_tracks = len(session.tracks)
        if self.sel_track >= n_tracks:
            self.sel_track = n_tracks - 1
        n_regions = len(session.tracks[self.sel_track].regions) if self.sel_track >= 0 else 0
        if self.sel_region >= n_regions:
            self.sel_region = -1
        self.timeline.set_session(session)
        self.timeline.set_selection(self.sel_track, self.sel_region)
        if self.room_combo.currentText() != session.room:
            self.room_combo.blockSignals(True)
            self.room_combo.setCurrentText(session.room)
            self.room_combo.blockSignals(False)
        self.inspector.set_context(session, self.sel_track, self.sel_region)
        self.head.set_state(session, self.selected_region_info())
        if self.last_render is not None:
            self.plots.set_stale(self.last_render.key != render_key(session), "the session changed")
        self._update_loop()
        self.export_action.setEnabled(self.last_render is not None)

    def selected_region_info(self):
        if self.sel_track < 0 or self.sel_region < 0:
            return None
        return self.sel_track, self.doc.session.tracks[self.sel_track].sorted_regions()[
            self.sel_region
        ]

    def select(self, track: int, region: int) -> None:
        self.sel_track, self.sel_region = track, region
        session = self.doc.session
        self.timeline.set_selection(track, region)
        self.inspector.set_context(session, track, region)
        self.head.set_state(session, self.selected_region_info())
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

    def _update_loop(self) -> None:
        info = self.selected_region_info()
        self.transport.set_loop((info[1].start_s, info[1].end_s) if info else None)

    # ------------------------------------------------------------------ edits
    def _apply(self, fn, text: str):
        """Run a pure edit; a refused edit (e.g. overlap) is shown and changes nothing."""
        try:
            result = fn()
        except EngineError as exc:
            self.dialogs.warning("Edit not possible", str(exc))
            return None
        session = result[0] if isinstance(result, tuple) else result
        self.doc.apply(session, text)
        return result

    def _on_region_created(self, track: int, start_s: float, end_s: float) -> None:
        result = self._apply(
            lambda: edits.add_region(self.doc.session, track, start_s, end_s), "Add region"
        )
        if result is not None:
            self.select(track, result[1])
            self.inspector.prompt_edit.setFocus()

    def _on_region_changed(self, track: int, region: int, start_s: float, end_s: float) -> None:
        result = self._apply(
            lambda: edits.set_region_span(self.doc.session, track, region, start_s, end_s),
            "Move region",
        )
        if result is not None:
            self.select(track, result[1])

    def _on_track_edited(self, track: int, changes: dict) -> None:
        what = ", ".join(changes)
        self._apply(
            lambda: edits.update_track(self.doc.session, track, **changes), f"Change track {what}"
        )

    def _on_prompt_committed(self, track: int, region: int, text: str, placement) -> None:
        try:
            current = edits.get_region(self.doc.session, track, region)
        except SessionError:
            return  # the region was deleted meanwhile
        if current.prompt == text and (
            placement is None or current.path == getattr(placement, "path", None)
        ):
            return
        self._apply(
            lambda: edits.set_region_prompt(self.doc.session, track, region, text, placement),
            f"Prompt “{text}”",
        )

    def _on_room_chosen(self, room: str) -> None:
        if room and room != self.doc.session.room:
            self._apply(lambda: edits.set_room(self.doc.session, room), f"Room: {room}")

    def choose_hrtf(self) -> None:
        path = self.ask.sofa_path()
        if path is not None:
            self.set_hrtf(path)

    def set_hrtf(self, path: Path | None) -> None:
        """Use a SOFA file (or the default set); a bad file is reported when rendering."""
        if path is not None and not Path(path).is_file():
            self.dialogs.error("HRTF not found", f"{path}: no such file. The HRTF was not changed.")
            return
        label = Path(path).name if path else "default (MIT KEMAR)"
        self._apply(
            lambda: edits.set_hrtf(self.doc.session, str(path) if path else None), f"HRTF: {label}"
        )
        self.statusBar().showMessage(f"HRTF: {label}", 5000)

    def remove_selected_track(self) -> None:
        if self.sel_track < 0:
            return
        t = self.sel_track
        name = self.doc.session.tracks[t].name
        self.sel_track, self.sel_region = -1, -1
        self._apply(lambda: edits.remove_track(self.doc.session, t), f"Remove track {name}")
        self.select(min(t, len(self.doc.session.tracks) - 1), -1)

    def delete_selected_region(self) -> None:
        if self.sel_track < 0 or self.sel_region < 0:
            return
        t, r = self.sel_track, self.sel_region
        self.sel_region = -1
        self._apply(lambda: edits.remove_region(self.doc.session, t, r), "Delete region")
        self.select(t, -1)

    # ------------------------------------------------------------------ files
    def _maybe_discard(self) -> bool:
        if not self.doc.modified:
            return True
        answer = self.ask.save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_session(self) -> None:
        if self._maybe_discard():
            self._load_into(Session(), None)

    def _load_into(self, session: Session, path: Path | None, *, modified: bool = False) -> None:
        self.inspector.flush(wait=True)
        self.sel_track, self.sel_region = (0 if session.tracks else -1), -1
        self.last_render = None
        self.plots.set_series({})
        self.timeline.reset_view()
        self.doc.reset(session, path, modified=modified)
        self.timeline.fit()
        self._generation += 1
        self._queue_load(
            "session", [session.audio_path(t) for t in session.tracks], session.sample_rate_hz
        )
        self._resolve_loaded_prompts(session)
        self.timeline.update()

    def _resolve_loaded_prompts(self, session: Session) -> None:
        """Resolve prompts that a loaded file stores without a path (in the background)."""
        self._load_requests.clear()
        for ti, track in enumerate(session.tracks):
            for ri, region in enumerate(track.sorted_regions()):
                if region.path is None and region.prompt.strip():
                    self._load_requests[self.resolver.request(region.prompt)] = (
                        ti,
                        ri,
                        region.prompt,
                    )

    def _on_load_resolved(self, token: int, text: str, placement, error: str) -> None:
        target = self._load_requests.pop(token, None)
        if target is None or error or placement is None or not getattr(placement, "placed", False):
            return
        ti, ri, prompt = target
        try:
            region = edits.get_region(self.doc.session, ti, ri)
        except SessionError:
            return
        if region.prompt != prompt or region.path is not None:
            return
        try:
            session = edits.set_region_prompt(self.doc.session, ti, ri, prompt, placement)
        except EngineError:
            return
        self.doc.replace_silently(session)

    @property
    def resolving(self) -> bool:
        """Prompts of a loaded session are still being resolved."""
        return bool(self._load_requests)

    def open_dialog(self) -> None:
        path = self.ask.open_session_path()
        if path is not None:
            self.open_session(path)

    def open_session(self, path: str | Path) -> bool:
        """Open ``path``; on any error a dialog explains and the current session is kept."""
        path = Path(path)
        try:
            session = load_session(path)
        except SessionError as exc:
            self.dialogs.error(
                "Could not open session", f"{exc}\n\nThe current session was not changed."
            )
            return False
        if not self._maybe_discard():
            return False
        self._load_into(session, path)
        self.recent.add(path)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        path = self.ask.save_session_path(self.doc.path)
        return self.save_to(path) if path is not None else False

    def save_to(self, path: str | Path) -> bool:
        self.inspector.flush(wait=True)
        try:
            saved = save_session(self.doc.session, path)
        except (SessionError, OSError) as exc:
            self.dialogs.error("Could not save session", str(exc))
            return False
        final = (
            Path(path) if Path(path).suffix == SESSION_SUFFIX else Path(str(path) + SESSION_SUFFIX)
        )
        self.doc.mark_saved(saved, final)
        self.recent.add(final)
        self.statusBar().showMessage(f"Saved {final}", 5000)
        return True

    def add_tracks_dialog(self) -> None:
        paths = self.ask.audio_paths()
        if paths:
            self.add_tracks(paths)

    def add_tracks(self, paths: list[str | Path]) -> int:
        """Queue files to become tracks; they are read in the background and added when
        ready (``tracks_added`` is emitted). Files that are not audio, or turn out
        unreadable, get a dialog naming the file and reason and change nothing.
        Returns the number of files queued."""
        queued = []
        for raw in paths:
            p = Path(raw)
            if not is_audio_file(p):
                self.dialogs.error(
                    "Not an audio file",
                    f"{p}: Earspace reads {', '.join(AUDIO_SUFFIXES)} files. Nothing was added.",
                )
                continue
            queued.append(p)
        if queued:
            self._queue_load("add", queued, self.doc.session.sample_rate_hz)
        return len(queued)

    # ------------------------------------------------------------------ background audio loading
    @property
    def loading(self) -> bool:
        """Audio files are still being read."""
        return self.loader.running or bool(self._load_jobs)

    def _queue_load(self, kind: str, paths: list[Path], sample_rate_hz: int) -> None:
        self._load_jobs.append((kind, list(paths), int(sample_rate_hz), self._generation))
        self._next_load_job()

    def _next_load_job(self) -> None:
        if self.loader.running or not self._load_jobs:
            return
        kind, paths, rate, generation = self._load_jobs.pop(0)
        library = self.library

        def job(progress, cancel):
            results = []
            for i, p in enumerate(paths):
                progress(i / max(len(paths), 1), f"reading {p.name}")
                try:
                    results.append((p, library.load(p, rate), ""))
                except AudioInputError as exc:
                    results.append((p, None, str(exc)))
            return kind, results, generation

        if not self.renderer.running:
            self.progress.setFormat("reading audio…")
        self.loader.start(job)

    def _on_audio_loaded(self, outcome) -> None:
        kind, results, generation = outcome
        notices = [n for _p, item, _e in results if item is not None for n in item.audio.notices]
        if kind == "add":
            added = []
            for p, item, error in results:
                if item is None:
                    self.dialogs.error(
                        "Could not add audio", f"{error}\n\nNothing was added for this file."
                    )
                else:
                    added.append((p.stem, p.resolve()))
            if added:
                first_new = len(self.doc.session.tracks)
                self.doc.apply(
                    edits.add_tracks(self.doc.session, added), f"Add {len(added)} track(s)"
                )
                if first_new == 0:
                    self.timeline.fit()
                self.select(first_new, -1)
            self.tracks_added.emit(len(added))
        elif generation == self._generation:
            problems = [f"• {p.name}: {error}" for p, item, error in results if item is None]
            self.timeline.fit()
            if problems:
                self.dialogs.warning(
                    "Some audio could not be loaded",
                    "The session opened, but these tracks have no audio until the files are back:\n\n"
                    + "\n".join(problems),
                )
        if notices:
            text = "; ".join(notices)
            self.notice_label.setText("Notice: " + text)
            self.statusBar().showMessage(text, 15_000)
        if not self.renderer.running:
            self.progress.setFormat("idle")
        self.timeline.update()
        self.audio_loaded.emit()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        sessions = [p for p in paths if p.suffix == SESSION_SUFFIX]
        others = [p for p in paths if p.suffix != SESSION_SUFFIX]
        if sessions:
            self.open_session(sessions[0])
        if others:
            self.add_tracks(others)
        event.acceptProposedAction()

    # ------------------------------------------------------------------ render
    def render(self) -> bool:
        self.inspector.flush(wait=True)
        if self.renderer.running:
            return False
        if not self.doc.session.tracks:
            self.dialogs.info(
                "Nothing to render",
                "Add a mono track first (File > Add Tracks… or drop files on the window).",
            )
            return False
        return self.renderer.start(self.doc.session)

    def _on_render_started(self) -> None:
        self.render_button.setEnabled(False)
        self.render_action.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_action.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setFormat("starting…")

    def _on_render_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"%p% {message}")

    def _on_render_finished(self, outcome: RenderOutcome) -> None:
        self.last_render = outcome
        self.plots.set_series(outcome.plot_series)
        if self.sel_track >= 0 and track_key(self.sel_track) in outcome.plot_series:
            self.plots.show_target(track_key(self.sel_track))
        else:
            self.plots.show_target(MIX_KEY)
        self.plots.set_stale(
            outcome.key != render_key(self.doc.session), "the session changed during the render"
        )
        self.transport.set_buffers(None, outcome.render.mix, outcome.render.sample_rate_hz)
        notices = list(getattr(outcome.render, "notices", [])) + outcome.messages
        self.progress.setFormat(f"rendered in {outcome.seconds:.1f} s")
        self.progress.setValue(1000)
        self.export_action.setEnabled(True)
        if notices:
            self.notice_label.setText(f"{len(notices)} render notice(s) (hover to read)")
            self.notice_label.setToolTip("\n".join(notices))
            self.statusBar().showMessage(notices[0], 15_000)

    def _on_render_failed(self, message: str, details: str) -> None:
        self.progress.setFormat("render failed")
        self.progress.setValue(0)
        self.dialogs.error("Render failed", message, details)

    def _on_render_cancelled(self) -> None:
        self.progress.setFormat("cancelled")
        self.progress.setValue(0)
        self.statusBar().showMessage("Render cancelled; the previous render is kept.", 5000)

    def _on_render_idle(self) -> None:
        self.render_button.setEnabled(True)
        self.render_action.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.cancel_action.setEnabled(False)

    # ------------------------------------------------------------------ playback / export
    def _prepare_playback(self) -> None:
        session = self.doc.session
        binaural = self.last_render.render.mix if self.last_render else None
        self.transport.set_buffers(self.library.mono_mix(session), binaural, session.sample_rate_hz)
        self.transport.model.seek(self.playhead_s)
        self._update_loop()

    def export_dialog(self) -> None:
        if self.last_render is None:
            self.dialogs.info(
                "Nothing to export", "Render the session first (Ctrl+R), then export."
            )
            return
        if self.last_render.key != render_key(self.doc.session):
            self.dialogs.warning(
                "Render is out of date",
                "The session changed since the last render. Render again (Ctrl+R), then export.",
            )
            return
        default_name = self.doc.path.stem if self.doc.path else "Earspace"
        request = self.ask.export_request(
            default_name, self.doc.path.parent if self.doc.path else None
        )
        if request is not None:
            self.export_with(request)

    def export_with(self, request: ExportRequest) -> bool:
        """Export the last render in the background (plugin bridge formats, or WAV)."""
        if self.last_render is None or self.exporter.running:
            return False
        session, render = self.doc.session, self.last_render.render
        self._export_request = request
        self.export_action.setEnabled(False)
        self.progress.setFormat(f"exporting {request.fmt}…")
        return self.exporter.start(
            lambda progress, cancel: run_export(
                session, render, request, progress=progress, cancel=cancel
            ),
            describe_export_error,
        )

    def _on_export_finished(self, report: ExportReport) -> None:
        self.progress.setFormat("exported")
        folder = self._export_request.out_dir if self._export_request else ""
        notes = ("\n\n" + "\n".join(report.notes)) if report.notes else ""
        listing = "\n".join(Path(p).name for p in report.paths)
        self.dialogs.info(
            "Export finished", f"Wrote {len(report.paths)} item(s) to {folder}:\n{listing}{notes}"
        )

    def _on_export_failed(self, message: str, details: str) -> None:
        self.progress.setFormat("export failed")
        self.dialogs.error("Export failed", message, details)

    # ------------------------------------------------------------------ autosave / recovery
    def autosave_now(self) -> bool:
        if not self.doc.modified or not self.doc.session.tracks:
            return False
        try:
            self.autosave_store.write(self.doc.session, self.doc.path)
        except (SessionError, OSError) as exc:
            log.warning("autosave failed: %s", exc)
            self.statusBar().showMessage(f"Autosave failed: {exc}", 10_000)
            return False
        log.info("autosaved to %s", self.autosave_store.session_path)
        return True

    def offer_recovery(self) -> bool:
        """At start-up: if the last run left an autosave, ask and restore it."""
        info = self.autosave_store.pending()
        if info is None:
            return False
        if not self.ask.recover(info):
            self.autosave_store.clear()
            return False
        try:
            session = self.autosave_store.load()
        except SessionError as exc:
            self.dialogs.error("Recovery failed", f"The autosave is damaged: {exc}")
            return False
        self._load_into(session, info.original_path, modified=True)
        self.statusBar().showMessage("Recovered the autosaved session; save it to keep it.", 10_000)
        return True

    # ------------------------------------------------------------------ closing
    def shutdown(self) -> None:
        """Stop threads and audio (idempotent)."""
        if self._closed:
            return
        self._closed = True
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
        self.shutdown()
        self.autosave_store.clear()
        event.accept()
