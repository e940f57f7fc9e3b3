"""Head-tracker panel: OSC port, address preset, axis inversions, recentre, and live
read-outs (yaw / pitch / roll, last-message age, message count, callback load, xruns).

The OSC server (:class:`engine.live.HeadTrackerServer`) writes the shared
:class:`engine.live.HeadState`; this panel only polls it (every 100 ms) and emits
``pose_changed(yaw, pitch, roll)`` for the head view. Port, preset and inversions are
kept in ``settings_path`` (JSON, written atomically) between runs.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.api import EngineError
from engine.live import (
    DEFAULT_OSC_PORT,
    PRESET_NAMES,
    HeadState,
    HeadTrackerServer,
    TrackerSettings,
)

log = logging.getLogger(__name__)


class HeadTrackerPanel(QWidget):
    pose_changed = Signal(float, float, float)

    def __init__(
        self,
        head: HeadState,
        stats_source=None,
        parent: QWidget | None = None,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.head = head
        self.settings_path = settings_path
        self.stats_source = stats_source  # () -> LiveStats | None
        self.server: HeadTrackerServer | None = None
        self.port_spin = QSpinBox()
        self.port_spin.setRange(0, 65535)
        self.port_spin.setValue(DEFAULT_OSC_PORT)
        self.preset_combo = QComboBox()
        self.preset_combo.addItems(PRESET_NAMES)
        self.invert = {axis: QCheckBox(axis) for axis in ("yaw", "pitch", "roll")}
        self.listen_button = QPushButton("Listen for tracker")
        self.listen_button.setCheckable(True)
        self.listen_button.toggled.connect(self._toggle)
        self.recentre_button = QPushButton("Recentre")
        self.recentre_button.setToolTip("Make the current head direction the front")
        self.recentre_button.clicked.connect(self.head.recentre)
        self.pose_label = QLabel("yaw 0°  pitch 0°  roll 0°")
        self.age_label = QLabel("no message yet")
        self.count_label = QLabel("0 messages")
        self.load_label = QLabel("")
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        inversions = QHBoxLayout()
        for box in self.invert.values():
            inversions.addWidget(box)
        form = QFormLayout(self)
        form.addRow("UDP port", self.port_spin)
        form.addRow("Addresses", self.preset_combo)
        form.addRow("Invert", inversions)
        buttons = QHBoxLayout()
        buttons.addWidget(self.listen_button)
        buttons.addWidget(self.recentre_button)
        form.addRow(buttons)
        form.addRow("Head", self.pose_label)
        form.addRow("Last message", self.age_label)
        form.addRow("Received", self.count_label)
        form.addRow("Audio", self.load_label)
        form.addRow(self.status_label)
        self._last_pose = (0.0, 0.0, 0.0)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._load_settings()
        self.port_spin.valueChanged.connect(self._save_settings)
        self.preset_combo.currentTextChanged.connect(self._save_settings)
        for box in self.invert.values():
            box.toggled.connect(self._save_settings)

    def _load_settings(self) -> None:
        if self.settings_path is None or not self.settings_path.is_file():
            return
        try:
            data = json.loads(self.settings_path.read_text(encoding="utf-8"))
            self.port_spin.setValue(int(data.get("port", DEFAULT_OSC_PORT)))
            if data.get("preset") in PRESET_NAMES:
                self.preset_combo.setCurrentText(data["preset"])
            for axis, box in self.invert.items():
                box.setChecked(bool(data.get(f"invert_{axis}", False)))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("ignoring unreadable head-tracker settings %s: %s", self.settings_path, exc)

    def _save_settings(self) -> None:
        if self.settings_path is None:
            return
        s = self.settings()
        data = {
            "port": s.port,
            "preset": s.preset,
            "invert_yaw": s.invert_yaw,
            "invert_pitch": s.invert_pitch,
            "invert_roll": s.invert_roll,
        }
        tmp = self.settings_path.with_name(f".{self.settings_path.name}.partial")
        try:
            self.settings_path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(tmp, self.settings_path)
        except OSError as exc:
            log.warning("cannot save head-tracker settings to %s: %s", self.settings_path, exc)

    def settings(self) -> TrackerSettings:
        return TrackerSettings(
            port=self.port_spin.value(),
            preset=self.preset_combo.currentText(),
            invert_yaw=self.invert["yaw"].isChecked(),
            invert_pitch=self.invert["pitch"].isChecked(),
            invert_roll=self.invert["roll"].isChecked(),
        )

    def _toggle(self, on: bool) -> None:
        self.stop_server()
        if not on:
            self.status_label.setText("")
            return
        try:
            self.server = HeadTrackerServer(self.head, self.settings()).start()
        except EngineError as exc:
            self.status_label.setText(str(exc))
            self.listen_button.setChecked(False)
            return
        self.status_label.setText(f"listening on UDP port {self.server.port}")
        for w in (self.port_spin, self.preset_combo, *self.invert.values()):
            w.setEnabled(False)

    def stop_server(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for w in (self.port_spin, self.preset_combo, *self.invert.values()):
            w.setEnabled(True)

    def refresh(self) -> None:
        yaw, pitch, roll = self.head.pose.ypr_deg
        self.pose_label.setText(f"yaw {yaw:+.0f}°  pitch {pitch:+.0f}°  roll {roll:+.0f}°")
        if (yaw, pitch, roll) != self._last_pose:
            self._last_pose = (yaw, pitch, roll)
            self.pose_changed.emit(yaw, pitch, roll)
        server = self.server
        if server is not None:
            if server.last_message_s is not None:
                age = time.perf_counter() - server.last_message_s
                self.age_label.setText(f"{age:.1f} s ago" if age >= 0.1 else "now")
            extra = server.counts.get("bad", 0) + server.counts.get("unknown", 0)
            self.count_label.setText(
                f"{server.total_messages} messages" + (f" ({extra} ignored)" if extra else "")
            )
        stats = self.stats_source() if self.stats_source is not None else None
        if stats is not None and stats.blocks:
            mean, p99, _ = stats.load()
            self.load_label.setText(
                f"callback {mean:.0%} (p99 {p99:.0%}) of a block, {stats.xruns} xruns"
            )

    def shutdown(self) -> None:
        self.timer.stop()
        self.stop_server()
