"""The export dialog: format, name, bit depth, clipping policy, folder, overwrite."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.export.model import ExportRequest, bridge_formats

FORMAT_LABELS = {
    "stems": "Binaural stems + mix (WAV)",
    "ardour": "Ardour session",
    "reaper": "REAPER project",
    "aaf": "AAF (Pro Tools, Nuendo, ...)",
    "ambix": "AmbiX ambisonics (from the scene)",
}


class ExportDialog(QDialog):
    def __init__(
        self, default_name: str, default_dir: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format_combo = QComboBox()
        for fmt in bridge_formats():
            self.format_combo.addItem(FORMAT_LABELS.get(fmt, fmt), fmt)
        self.name_edit = QLineEdit(default_name)
        self.depth_combo = QComboBox()
        for label, value in (
            ("24-bit PCM", "pcm24"),
            ("32-bit float", "float32"),
            ("16-bit PCM", "pcm16"),
        ):
            self.depth_combo.addItem(label, value)
        self.clip_combo = QComboBox()
        for label, value in (
            ("soft-limit peaks", "limit"),
            ("normalise to -1 dBFS", "normalize"),
            ("refuse (error)", "error"),
        ):
            self.clip_combo.addItem(label, value)
        self.folder_edit = QLineEdit(str(default_dir or Path.home()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.force_check = QCheckBox("Overwrite existing files")
        form = QFormLayout(self)
        form.addRow("Format", self.format_combo)
        form.addRow("Name", self.name_edit)
        form.addRow("Bit depth", self.depth_combo)
        form.addRow("If a file would clip", self.clip_combo)
        form.addRow("Folder", folder_row)
        form.addRow("", self.force_check)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder_edit.text())
        if path:
            self.folder_edit.setText(path)

    def request(self) -> ExportRequest:
        return ExportRequest(
            out_dir=Path(self.folder_edit.text()).expanduser(),
            fmt=self.format_combo.currentData(),
            name=self.name_edit.text().strip() or "Earspace",
            bit_depth=self.depth_combo.currentData(),
            on_clip=self.clip_combo.currentData(),
            force=self.force_check.isChecked(),
        )
