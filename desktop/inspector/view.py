"""Inspector panel: track name/gain/mute/solo/engine and the region prompt.

Typing a prompt is debounced (300 ms); the text is resolved off the GUI thread and the
resolved placement is shown under it (or a visible warning when it is not placed). Each
resolved prompt is committed as one undoable edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.inspector.model import PlacementSummary, summarize_placement, summarize_region
from desktop.inspector.resolver import PromptResolver
from desktop.render.notices import format_span
from desktop.timeline.model import format_time
from engine.api import ENGINES, Session

DEBOUNCE_MS = 300
WARNING_STYLE = (
    "background:#5a3a10; color:#ffd28a; border:1px solid #ffa64d; border-radius:3px; padding:4px;"
)


class InspectorView(QWidget):
    track_edited = Signal(int, dict)  # track index, field changes
    prompt_committed = Signal(int, int, str, object)  # track, region, text, placement
    region_span_edited = Signal(int, int, float, float)  # track, region, start_s, end_s typed
    delete_region_requested = Signal()

    def __init__(self, resolver: PromptResolver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resolver = resolver
        self.session = Session()
        self.track_index = -1
        self.region_index = -1
        self._pending: tuple[int, int, str] | None = None
        self._requests: dict[int, tuple[int, int]] = {}
        self._latest_token = 0
        self._latest: dict[tuple[int, int], int] = {}  # newest request per region
        self._texts: dict[int, str] = {}
        self._updating = False
        self._summaries: dict[str, PlacementSummary] = {}

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.flush)
        resolver.resolved.connect(self._on_resolved)

        # track group
        self.track_box = QGroupBox("Track")
        form = QFormLayout(self.track_box)
        self.name_edit = QLineEdit()
        self.name_edit.editingFinished.connect(self._name_done)
        self.gain_spin = QDoubleSpinBox()
        self.gain_spin.setRange(-60.0, 24.0)
        self.gain_spin.setSingleStep(0.5)
        self.gain_spin.setSuffix(" dB")
        self.gain_spin.setKeyboardTracking(False)
        self.gain_spin.valueChanged.connect(lambda v: self._emit_track(gain_db=float(v)))
        self.mute_check = QCheckBox("Mute")
        self.mute_check.toggled.connect(lambda v: self._emit_track(mute=bool(v)))
        self.solo_check = QCheckBox("Solo")
        self.solo_check.toggled.connect(lambda v: self._emit_track(solo=bool(v)))
        ms = QHBoxLayout()
        ms.addWidget(self.mute_check)
        ms.addWidget(self.solo_check)
        ms.addStretch(1)
        self.engine_combo = QComboBox()
        self.engine_combo.addItems(list(ENGINES))
        self.engine_combo.setToolTip(
            "physical: HRTF + room model; neural: learned renderer; auto: let Earspace choose"
        )
        self.engine_combo.currentTextChanged.connect(lambda v: self._emit_track(engine=v))
        form.addRow("Name", self.name_edit)
        form.addRow("Gain", self.gain_spin)
        form.addRow("", ms)
        form.addRow("Engine", self.engine_combo)

        # region group
        self.region_box = QGroupBox("Region")
        rl = QVBoxLayout(self.region_box)
        self.span_label = QLabel()
        self.start_spin = self._time_spin("Region start in seconds (Enter to apply)")
        self.end_spin = self._time_spin("Region end in seconds (Enter to apply)")
        times = QHBoxLayout()
        times.addWidget(QLabel("Start"))
        times.addWidget(self.start_spin, 1)
        times.addWidget(QLabel("End"))
        times.addWidget(self.end_spin, 1)
        self.prompt_edit = QLineEdit()
        self.prompt_edit.setPlaceholderText(
            'Where is the sound? e.g. "hard left", "a car passing left to right"'
        )
        self.prompt_edit.textEdited.connect(self._on_text_edited)
        self.prompt_edit.returnPressed.connect(self.flush)
        self.resolved_label = QLabel()
        self.resolved_label.setWordWrap(True)
        self.resolved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        # wrapped labels must never ask for more width than the dock has
        for label in (self.resolved_label, self.warning_label):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(0)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.warning_label.hide()
        self.delete_button = QPushButton("Delete region")
        self.delete_button.clicked.connect(self.delete_region_requested)
        rl.addWidget(self.span_label)
        rl.addLayout(times)
        rl.addWidget(QLabel("Prompt"))
        rl.addWidget(self.prompt_edit)
        rl.addWidget(self.resolved_label)
        rl.addWidget(self.warning_label)
        rl.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.hint = QLabel("Select a track lane, then drag on it to create a region.")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#9aa0a6")
        layout = QVBoxLayout(self)
        layout.addWidget(self.track_box)
        layout.addWidget(self.region_box)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)  # long warnings wrap instead of widening the dock
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self._refresh()

    def _time_spin(self, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, 24 * 3600.0)
        spin.setDecimals(3)
        spin.setSingleStep(0.1)
        spin.setSuffix(" s")
        spin.setKeyboardTracking(False)
        spin.setToolTip(tip)
        spin.editingFinished.connect(self._span_typed)
        return spin

    def _span_typed(self) -> None:
        if self._updating or self.track_index < 0 or self.region_index < 0:
            return
        try:
            r = self.session.tracks[self.track_index].sorted_regions()[self.region_index]
        except IndexError:
            return
        start_s, end_s = self.start_spin.value(), self.end_spin.value()
        if abs(start_s - r.start_s) > 5e-4 or abs(end_s - r.end_s) > 5e-4:
            self.region_span_edited.emit(self.track_index, self.region_index, start_s, end_s)

    # ------------------------------------------------------------------ context
    def set_context(self, session: Session, track_index: int, region_index: int) -> None:
        """Show ``session``'s track/region; a pending prompt edit for another region is
        committed first."""
        if (track_index, region_index) != (self.track_index, self.region_index):
            self.flush()
        self.session = session
        self.track_index, self.region_index = track_index, region_index
        self._refresh()

    def _refresh(self) -> None:
        self._updating = True
        try:
            tracks = self.session.tracks
            has_track = 0 <= self.track_index < len(tracks)
            self.track_box.setEnabled(has_track)
            if has_track:
                t = tracks[self.track_index]
                if not self.name_edit.hasFocus():
                    self.name_edit.setText(t.name)
                self.gain_spin.setValue(t.gain_db)
                self.mute_check.setChecked(t.mute)
                self.solo_check.setChecked(t.solo)
                self.engine_combo.setCurrentText(t.engine)
            regions = tracks[self.track_index].sorted_regions() if has_track else ()
            has_region = 0 <= self.region_index < len(regions)
            self.region_box.setEnabled(has_region)
            self.hint.setVisible(not has_region)
            if has_region:
                r = regions[self.region_index]
                self.span_label.setText(
                    f"{format_time(r.start_s, 0.1)} – {format_time(r.end_s, 0.1)}  ({r.duration_s:.2f} s)"
                )
                for spin, value in ((self.start_spin, r.start_s), (self.end_spin, r.end_s)):
                    if not spin.hasFocus():
                        spin.setValue(value)
                editing = self.debounce.isActive() or self._pending is not None
                if not editing and self.prompt_edit.text() != r.prompt:
                    self.prompt_edit.setText(r.prompt)
                    self.prompt_edit.setCursorPosition(0)
                if not editing:
                    cached = self._summaries.get(r.prompt)
                    from_region = summarize_region(
                        r, self._where((self.track_index, self.region_index))
                    )
                    self.show_summary(
                        cached if cached and cached.placed == from_region.placed else from_region
                    )
            else:
                self.span_label.setText("No region selected")
                if self.prompt_edit.text():
                    self.prompt_edit.clear()
                self.resolved_label.clear()
                self.warning_label.hide()
        finally:
            self._updating = False

    def _where(self, target: tuple[int, int]) -> str:
        """``“track” 0:05.1–0:09.0`` for the region a prompt belongs to."""
        try:
            track = self.session.tracks[target[0]]
            r = track.sorted_regions()[target[1]]
        except IndexError:
            return ""
        return f"“{track.name}” {format_span(r.start_s, r.end_s)}"

    def show_summary(self, summary: PlacementSummary) -> None:
        self.resolved_label.setText(summary.text)
        self.resolved_label.setVisible(bool(summary.text))
        self.warning_label.setText(summary.warning or "")
        self.warning_label.setToolTip(summary.detail)
        self.warning_label.setVisible(bool(summary.warning))

    # ------------------------------------------------------------------ edits
    def _emit_track(self, **changes) -> None:
        if self._updating or not 0 <= self.track_index < len(self.session.tracks):
            return
        track = self.session.tracks[self.track_index]
        if any(getattr(track, k) != v for k, v in changes.items()):
            self.track_edited.emit(self.track_index, changes)

    def _name_done(self) -> None:
        name = self.name_edit.text().strip()
        if name:
            self._emit_track(name=name)

    def set_prompt_text(self, text: str) -> None:
        """Enter ``text`` as the selected region's prompt (e.g. from the timeline)."""
        self.prompt_edit.setText(text)
        self._on_text_edited(text)
        self.flush()

    def _on_text_edited(self, text: str) -> None:
        self._pending = (self.track_index, self.region_index, text)
        self.resolved_label.setText("resolving…")
        self.debounce.start()

    @property
    def busy(self) -> bool:
        """A prompt is typed but not yet committed."""
        return self._pending is not None or bool(self._requests)

    def flush(self, *, wait: bool = False) -> None:
        """Resolve and commit the pending prompt now (also on Enter and selection change).

        ``wait=True`` resolves on this thread so the edit is in the document when this
        returns (before render, save, close); older answers still in flight are dropped.
        """
        self.debounce.stop()
        if self._pending is None:
            if wait and self._requests:
                self._resolve_in_flight_now()
            return
        track, region, text = self._pending
        self._pending = None
        if not text.strip():
            self._latest[(track, region)] = -1
            self._requests[-1] = (track, region)
            self._on_resolved(-1, text, None, "")
            return
        if wait:
            self._resolve_now(track, region, text)
            return
        token = self.resolver.request(text)
        self._latest_token = token
        self._latest[(track, region)] = token
        self._requests[token] = (track, region)
        self._texts[token] = text

    def _resolve_now(self, track: int, region: int, text: str) -> None:
        placement, error = self.resolver.parse_now(text)
        self._latest[(track, region)] = -2
        self._latest_token = -2
        self._requests[-2] = (track, region)
        self._on_resolved(-2, text, placement, error)

    def _resolve_in_flight_now(self) -> None:
        """Answer requests still in the worker thread synchronously (their late answers
        are then ignored)."""
        for token, (track, region) in list(self._requests.items()):
            text = self._texts.get(token)
            self._requests.pop(token, None)
            if text is not None and self._latest.get((track, region)) == token:
                self._resolve_now(track, region, text)

    def _on_resolved(self, token: int, text: str, placement, error: str) -> None:
        target = self._requests.pop(token, None)
        self._texts.pop(token, None)
        if target is None or self._latest.get(target) != token:
            return  # superseded by a newer edit of the same region
        if target == (self.track_index, self.region_index):
            if error:
                summary = PlacementSummary(False, "", f"Could not read the prompt: {error}")
            else:
                summary = summarize_placement(placement, text, self._where(target))
                self._summaries[text] = summary
            self.show_summary(summary)
        self.prompt_committed.emit(target[0], target[1], text, placement)
