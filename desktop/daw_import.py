"""File > Import DAW Project: open a REAPER, Ardour 7, AAF or OTIO project as a session.

The project is imported next to the session file the user picks (its tracks' audio is
written into ``<session> audio/``, see :mod:`plugin_bridge.project_import`) in a
background task (reading item names may load the prompt parser's embedding model),
then opened like any session; what was downmixed, skipped, dropped or missing is shown
in one message whose details list every notice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.tasks import BackgroundTask

PROJECT_FILTER = "DAW projects (*.RPP *.rpp *.ardour *.aaf *.otio *.otiod *.otioz)"


class DawImporter(QObject):
    """Runs one import at a time for ``window`` and opens the result; ``done(ok)``."""

    done = Signal(bool)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.task = BackgroundTask(self)
        self.task.finished.connect(self._on_finished)
        self.task.failed.connect(self._on_failed)
        self._project: Path | None = None

    def start(self, project: Path, session_file: Path) -> bool:
        """Import ``project`` as ``session_file`` (overwritten: the save dialog asked)."""
        from plugin_bridge.project_import import import_project

        if self.task.running:
            self.window.statusBar().showMessage("An import is already running", 5000)
            return False
        self._project = project
        self.window.statusBar().showMessage(f"Importing {project.name}…")
        return self.task.start(
            lambda progress, cancel: import_project(project, session_file, force=True)
        )

    def _on_failed(self, message: str, details: str) -> None:
        self.window.statusBar().clearMessage()
        self.window.dialogs.error("Could not import the project", message, details)
        self.done.emit(False)

    def _on_finished(self, result: Any) -> None:
        self.window.statusBar().clearMessage()
        if not self.window.open_session(result.session_file):
            self.done.emit(False)
            return
        tracks = len(result.session.tracks)
        regions = sum(len(t.regions) for t in result.session.tracks)
        name = self._project.name if self._project else result.session_file.name
        text = f"Imported {name}: {tracks} tracks, {regions} regions."
        if result.missing_media:
            text += f" {len(result.missing_media)} media file(s) are missing."
        self.window.dialogs.info("Project imported", text, "\n".join(result.notices))
        self.done.emit(True)


def importer_for(window: Any) -> DawImporter:
    """The window's importer (created on first use)."""
    found = window.findChild(DawImporter)
    return found if found is not None else DawImporter(window)


def import_daw_dialog(window: Any) -> bool:
    """Ask for a project and the session file to create, then import and open it."""
    project, _ = QFileDialog.getOpenFileName(window, "Import DAW project", "", PROJECT_FILTER)
    if not project:
        return False
    suggested = Path(project).with_suffix(".earspace")
    session, _ = QFileDialog.getSaveFileName(
        window, "Save the imported session as", str(suggested), "Earspace sessions (*.earspace)"
    )
    if not session:
        return False
    return importer_for(window).start(Path(project), Path(session))


__all__ = ["PROJECT_FILTER", "DawImporter", "importer_for", "import_daw_dialog"]
