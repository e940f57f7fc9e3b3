"""The export dialog: formats (one or more), AmbiX order, name, bit depth, clipping
policy, folder, overwrite. The folder it offers comes from
:func:`desktop.export.model.default_export_dir`; the window remembers the last one."""

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
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.export.model import AMBISONICS_ORDERS, ExportRequest, bridge_formats

FORMAT_LABELS = {
    "stems": "Binaural stems + mix (WAV)",
    "ardour": "Ardour session",
    "reaper": "REAPER project",
    "aaf": "AAF (Pro Tools, Nuendo, ...)",
    "ambix": "AmbiX ambisonics (from the scene)",
    "adm": "ADM BWF objects (from the scene)",
}


class ExportDialog(QDialog):
    def __init__(
        self,
        default_name: str,
        default_dir: Path | None,
        parent: QWidget | None = None,
        *,
        formats: tuple[str, ...] = ("stems",),
        ambisonics_order: int = 1,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format_checks: dict[str, QCheckBox] = {}
        format_box = QVBoxLayout()
        format_box.setSpacing(2)
        for fmt in bridge_formats():
            check = QCheckBox(FORMAT_LABELS.get(fmt, fmt))
            check.setChecked(fmt in formats)
            check.toggled.connect(self._update_enabled)
            self.format_checks[fmt] = check
            if fmt == "ambix":
                row = QHBoxLayout()
                row.addWidget(check)
                self.order_combo = QComboBox()
                for order in AMBISONICS_ORDERS:
                    self.order_combo.addItem(f"order {order} ({(order + 1) ** 2} channels)", order)
                self.order_combo.setCurrentIndex(
                    max(self.order_combo.findData(ambisonics_order), 0)
                )
                row.addWidget(self.order_combo)
                row.addStretch(1)
                format_box.addLayout(row)
            else:
                format_box.addWidget(check)
        if not hasattr(self, "order_combo"):
            self.order_combo = QComboBox()
            self.order_combo.addItem("order 1 (4 channels)", 1)
            self.order_combo.hide()
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
        self.folder_edit.setMinimumWidth(320)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.force_check = QCheckBox("Overwrite existing files")
        self.hint = QLabel("Choose at least one format.")
        self.hint.setStyleSheet("color:#ffa64d")
        form = QFormLayout(self)
        form.addRow("Formats", format_box)
        form.addRow("Name", self.name_edit)
        form.addRow("Bit depth", self.depth_combo)
        form.addRow("If a file would clip", self.clip_combo)
        form.addRow("Folder", folder_row)
        form.addRow("", self.force_check)
        form.addRow("", self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._update_enabled()

    def chosen_formats(self) -> tuple[str, ...]:
        return tuple(f for f, check in self.format_checks.items() if check.isChecked())

    def _update_enabled(self) -> None:
        any_format = bool(self.chosen_formats())
        self.export_button.setEnabled(any_format)
        self.hint.setVisible(not any_format)
        ambix = self.format_checks.get("ambix")
        self.order_combo.setEnabled(ambix is not None and ambix.isChecked())

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder_edit.text())
        if path:
            self.folder_edit.setText(path)

    def request(self) -> ExportRequest:
        return ExportRequest(
            out_dir=Path(self.folder_edit.text()).expanduser(),
            formats=self.chosen_formats(),
            name=self.name_edit.text().strip() or "Earspace",
            bit_depth=self.depth_combo.currentData(),
            on_clip=self.clip_combo.currentData(),
            force=self.force_check.isChecked(),
            ambisonics_order=int(self.order_combo.currentData()),
        )
