"""Blocking questions to the user (message boxes and file pickers). The window calls
them through ``window.ask``; tests replace it with a fake that answers at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.export.model import ExportRequest
from desktop.export.view import ExportDialog
from desktop.paths import AUDIO_SUFFIXES
from desktop.recovery.model import RecoveryInfo
from engine.api import SESSION_SUFFIX

AUDIO_FILTER = "Audio files (" + " ".join(f"*{s}" for s in AUDIO_SUFFIXES) + ")"
SESSION_FILTER = f"Earspace sessions (*{SESSION_SUFFIX})"


def save_changes_text(name: str, action: str) -> tuple[str, str]:
    """``(question, consequence)`` for the unsaved-changes box; ``action`` is what the
    user asked for ("closing", "opening another session", ...)."""
    return (
        f"Save the changes to “{name}” before {action}?",
        "If you don't save, the changes since the last save are lost.",
    )


class Asker:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def save_changes(self, name: str = "Untitled", action: str = "closing") -> str:
        """``"save"``, ``"discard"`` or ``"cancel"``."""
        question, consequence = save_changes_text(name, action)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            question,
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.setInformativeText(consequence)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")

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

    def export_request(
        self,
        default_name: str,
        default_dir: Path | None,
        formats: tuple[str, ...] = ("stems",),
        ambisonics_order: int = 1,
    ) -> ExportRequest | None:
        dialog = ExportDialog(
            default_name,
            default_dir,
            self.parent,
            formats=formats,
            ambisonics_order=ambisonics_order,
        )
        return dialog.request() if dialog.exec() == ExportDialog.DialogCode.Accepted else None
