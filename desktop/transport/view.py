"""Transport bar: play/pause/stop, loop the selected region, A/B, time display.

When there is no usable output the buttons are disabled and the reason is shown; the
playhead still moves by clicking the timeline.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.timeline.model import format_time
from desktop.transport.audio_output import AudioOutput, OutputStatus
from desktop.transport.model import SOURCE_BINAURAL, SOURCE_ORIGINAL, PlaybackModel


class TransportBar(QWidget):
    position_changed = Signal(float)
    loop_toggled = Signal(bool)

    def __init__(self, status: OutputStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.model = PlaybackModel()
        self.output = AudioOutput(self.model) if status.available else None
        self.before_play = None  # called before playback starts (fills the buffers)
        self.play_button = QPushButton("▶ Play")
        self.play_button.setToolTip("Play / pause (Space)")
        self.play_button.clicked.connect(self.toggle_play)
        self.stop_button = QPushButton("■ Stop")
        self.stop_button.clicked.connect(self.stop)
        self.loop_check = QCheckBox("Loop region")
        self.loop_check.toggled.connect(self.loop_toggled)
        self.a_button = QPushButton("A: original")
        self.b_button = QPushButton("B: binaural")
        group = QButtonGroup(self)
        for b, src in ((self.a_button, SOURCE_ORIGINAL), (self.b_button, SOURCE_BINAURAL)):
            b.setCheckable(True)
            group.addButton(b)
            b.clicked.connect(lambda _=False, s=src: self.set_source(s))
        self.b_button.setChecked(True)
        self.time_label = QLabel("0:00.00")
        self.time_label.setMinimumWidth(70)
        self.reason_label = QLabel(status.reason)
        self.reason_label.setStyleSheet("color:#ffa64d")
        self.reason_label.setVisible(not status.available)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        controls = (
            self.play_button,
            self.stop_button,
            self.loop_check,
            self.a_button,
            self.b_button,
        )
        for w in (*controls, self.time_label, self.reason_label):
            layout.addWidget(w)
        layout.addStretch(1)
        for w in controls:
            w.setEnabled(status.available)
            if not status.available:
                w.setToolTip(status.reason)
        self.timer = QTimer(self)
        self.timer.setInterval(33)
        self.timer.timeout.connect(self._tick)

    @property
    def available(self) -> bool:
        return self.status.available

    def set_buffers(self, original, binaural, sample_rate_hz: int) -> None:
        self.model.set_buffer(SOURCE_ORIGINAL, original, sample_rate_hz)
        self.model.set_buffer(SOURCE_BINAURAL, binaural, sample_rate_hz)
        self.b_button.setEnabled(self.available and binaural is not None)
        if binaural is None and self.model.source == SOURCE_BINAURAL:
            self.set_source(SOURCE_ORIGINAL)

    def set_source(self, source: str) -> None:
        self.model.source = source
        (self.a_button if source == SOURCE_ORIGINAL else self.b_button).setChecked(True)

    def set_loop(self, span_s) -> None:
        self.model.set_loop(span_s if self.loop_check.isChecked() else None)

    def seek(self, time_s: float) -> None:
        self.model.seek(time_s)
        self._show_time(time_s)

    def toggle_play(self) -> None:
        if not self.available or self.output is None:
            return
        if self.model.playing:
            self.model.playing = False
            self.output.stop()
            self.timer.stop()
            self.play_button.setText("▶ Play")
            return
        if self.before_play is not None:
            self.before_play()
        self.model.playing = True
        try:
            self.output.start()
        except Exception as exc:  # noqa: BLE001 - device vanished since start-up
            self.model.playing = False
            self.reason_label.setText(f"Playback failed: {exc}")
            self.reason_label.show()
            return
        self.timer.start()
        self.play_button.setText("❚❚ Pause")

    def stop(self) -> None:
        self.model.playing = False
        if self.output is not None:
            self.output.stop()
        self.timer.stop()
        self.play_button.setText("▶ Play")
        self.seek(self.model.loop_s[0] if self.model.loop_s else 0.0)
        self.position_changed.emit(self.model.position_s)

    def _tick(self) -> None:
        t = self.model.position_s
        self._show_time(t)
        self.position_changed.emit(t)
        if not self.model.playing:
            self.timer.stop()
            self.play_button.setText("▶ Play")
            if self.output is not None:
                self.output.stop()

    def _show_time(self, t: float) -> None:
        self.time_label.setText(format_time(t, 0.1))

    def shutdown(self) -> None:
        self.model.playing = False
        if self.output is not None:
            self.output.stop()
