"""The timeline panel: the timeline view in a vertical scroll area, with a horizontal
scroll bar, the snap-grid choice (off / seconds / frames / bars at a tempo) and zoom
buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScrollBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.audio_library import AudioLibrary
from desktop.timeline.model import SNAP_MODES, SnapGrid
from desktop.timeline.view import TimelineView


class TimelinePanel(QWidget):
    """The timeline with a horizontal scroll bar, zoom buttons and a vertical scroll area."""

    def __init__(self, library: AudioLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = TimelineView(library)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.view)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hbar = QScrollBar(Qt.Orientation.Horizontal)
        self.hbar.valueChanged.connect(lambda v: self.view.scroll_to(v / 1000.0))
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        title = QLabel(
            "<b>Timeline</b> — drag on a lane to create a region; drag its body/edges to move/resize"
        )
        title.setStyleSheet("color: #9aa0a6")
        bar.addWidget(title, 1)
        bar.addWidget(QLabel("Snap"))
        self.snap_combo = QComboBox()
        for mode, label in zip(
            SNAP_MODES, ("off", "seconds", "frames (25 fps)", "bars"), strict=True
        ):
            self.snap_combo.addItem(label, mode)
        self.snap_combo.setToolTip("Snap region edges to a grid (other regions' edges always snap)")
        self.snap_combo.currentIndexChanged.connect(self._snap_changed)
        self.tempo_spin = QDoubleSpinBox()
        self.tempo_spin.setRange(20.0, 400.0)
        self.tempo_spin.setValue(120.0)
        self.tempo_spin.setSuffix(" BPM")
        self.tempo_spin.setDecimals(1)
        self.tempo_spin.setToolTip("Tempo of the bar grid (4 beats per bar)")
        self.tempo_spin.valueChanged.connect(self._snap_changed)
        self.tempo_spin.setVisible(False)
        bar.addWidget(self.snap_combo)
        bar.addWidget(self.tempo_spin)
        for text, tip, slot in (
            ("−", "Zoom out (Ctrl+wheel)", lambda: self.view.zoom(0.5)),
            ("+", "Zoom in (Ctrl+wheel)", lambda: self.view.zoom(2.0)),
            ("Fit", "Show the whole session", self.view.fit),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.hbar)
        self.view.view_changed.connect(self._sync_scrollbar)

    def set_snap(self, mode: str, tempo_bpm: float | None = None) -> None:
        if tempo_bpm is not None:
            self.tempo_spin.setValue(tempo_bpm)
        self.snap_combo.setCurrentIndex(max(self.snap_combo.findData(mode), 0))
        self._snap_changed()

    def _snap_changed(self, *_args) -> None:
        mode = self.snap_combo.currentData() or "off"
        self.tempo_spin.setVisible(mode == "bars")
        self.view.snap_grid = SnapGrid(mode=mode, tempo_bpm=self.tempo_spin.value())
        self.view.update()

    def ensure_lane_visible(self, lane: int) -> None:
        """Scroll the lanes vertically so ``lane`` is in view (e.g. a track just added)."""
        g = self.view.geometry_model
        self.view.setMinimumHeight(
            g.ruler_height_px + max(len(self.view.session.tracks), 1) * g.lane_height_px + 4
        )
        self.scroll_area.widget().adjustSize()
        top = g.lane_top(lane)
        self.scroll_area.ensureVisible(0, top + g.lane_height_px // 2, 0, g.lane_height_px // 2 + 4)

    def _sync_scrollbar(self, start_s: float, end_s: float) -> None:
        duration = max(self.view.duration_s(), end_s - start_s)
        visible = end_s - start_s
        self.hbar.blockSignals(True)
        self.hbar.setRange(0, int(max(duration - visible, 0) * 1000))
        self.hbar.setPageStep(int(visible * 1000))
        self.hbar.setSingleStep(max(int(visible * 100), 1))
        self.hbar.setValue(int(start_s * 1000))
        self.hbar.blockSignals(False)
