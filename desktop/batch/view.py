"""The batch window: choose the session's tracks or a folder + one prompt, run, watch.

Non-modal: the batch runs in a :class:`~desktop.tasks.BackgroundTask` (Ray starts
in-process), its progress bar and status line update per row, Cancel stops it between
rows. The work itself is :func:`desktop.batch.model.run_request`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desktop.batch.model import BatchRequest, rows_from_folder, rows_from_session, run_request
from desktop.tasks import BackgroundTask
from engine.api import EngineError, Session


class BatchWindow(QDialog):
    """Form + progress for one batch at a time; ``result`` holds the last summary."""

    def __init__(self, session: Session, default_dir: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Batch Render")
        self.session = session
        self.result = None
        self.session_radio = QRadioButton("The session's tracks (one file per track)")
        self.folder_radio = QRadioButton("Every audio file in a folder, with one prompt")
        self.session_radio.setChecked(bool(session.tracks))
        self.folder_radio.setChecked(not session.tracks)
        self.folder_edit = QLineEdit()
        self.prompt_edit = QLineEdit()
        self.prompt_edit.setPlaceholderText("e.g. behind me on the left, far away")
        base = default_dir or Path.home()
        self.out_edit = QLineEdit(str(base / "batch"))
        self.workers_spin = QSpinBox()
        self.workers_spin.setRange(1, max(1, os.cpu_count() or 1))
        self.workers_spin.setValue(max(1, os.cpu_count() or 1))
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.start_button = QPushButton("Start")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        form = QFormLayout(self)
        form.addRow(self.session_radio)
        form.addRow(self.folder_radio)
        form.addRow("Folder", self._with_browse(self.folder_edit, "Folder of audio files"))
        form.addRow("Prompt", self.prompt_edit)
        form.addRow("Output folder", self._with_browse(self.out_edit, "Output folder"))
        form.addRow("Parallel rows", self.workers_spin)
        form.addRow(self.progress_bar)
        form.addRow(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        form.addRow(buttons)
        self.task = BackgroundTask(self)
        self.task.progress.connect(self._on_progress)
        self.task.finished.connect(self._on_finished)
        self.task.failed.connect(lambda message, _details: self._end(f"Failed: {message}"))
        self.task.cancelled.connect(lambda: self._end("Cancelled."))
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.task.cancel)

    def _with_browse(self, edit: QLineEdit, title: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        browse = QPushButton("Browse…")
        browse.clicked.connect(lambda: self._browse(edit, title))
        row.addWidget(browse)
        return row

    def _browse(self, edit: QLineEdit, title: str) -> None:
        path = QFileDialog.getExistingDirectory(self, title, edit.text())
        if path:
            edit.setText(path)

    def request(self) -> BatchRequest:
        folder = self.folder_edit.text().strip()
        return BatchRequest(
            out_dir=Path(self.out_edit.text()).expanduser(),
            source="session" if self.session_radio.isChecked() else "folder",
            folder=Path(folder).expanduser() if folder else None,
            prompt=self.prompt_edit.text().strip(),
            workers=self.workers_spin.value(),
        )

    def start(self) -> bool:
        """Check the form, then run the batch in the background; ``False`` if it cannot."""
        if self.task.running:
            return False
        request = self.request()
        try:
            if request.source == "session":
                rows, skipped = rows_from_session(self.session)
            else:
                rows, skipped = rows_from_folder(request.folder or Path(""), request.prompt), []
        except EngineError as exc:
            self.status.setText(str(exc))
            return False
        if not rows:
            self.status.setText("Nothing to send: " + ("; ".join(skipped) or "no tracks"))
            return False
        self.status.setText(f"Starting {len(rows)} rows…")
        self.progress_bar.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        return self.task.start(
            lambda progress, cancel: run_request(rows, request, progress=progress, cancel=cancel)
        )

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(int(1000 * fraction))
        self.status.setText(message)

    def _on_finished(self, outcome) -> None:
        summary, tracker = outcome
        self.result = summary
        text = (
            f"{summary.rendered} rendered, {summary.skipped} already done, "
            f"{summary.failed} failed; log: {summary.log_path}"
        )
        if summary.cancelled:
            text = f"Cancelled after {summary.done} of {summary.total} rows. " + text
        if tracker.errors:
            text += "\n" + "\n".join(tracker.errors[:5])
        self._end(text)

    def _end(self, text: str) -> None:
        self.status.setText(text)
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
