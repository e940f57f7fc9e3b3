"""File > Import DAW Project: open a REAPER, Ardour 7, AAF or OTIO project as a session.

The project is imported next to the session file the user picks (its tracks' audio is
written into ``<session> audio/``, see :mod:`plugin_bridge.project_import`), then opened
like any session; what was downmixed, skipped, dropped or missing is shown in one
message whose details list every notice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

PROJECT_FILTER = "DAW projects (*.RPP *.rpp *.ardour *.aaf *.otio *.otiod *.otioz)"


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
    return import_into_window(window, Path(project), Path(session))


def import_into_window(window: Any, project: Path, session_file: Path) -> bool:
    """Import ``project`` as ``session_file`` (overwriting it: the save dialog asked) and
    open it in ``window``; errors are shown and leave the current session open."""
    from engine.api import EngineError
    from plugin_bridge.project_import import import_project

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = import_project(project, session_file, force=True)
    except (EngineError, OSError) as exc:
        window.dialogs.error("Could not import the project", str(exc))
        return False
    finally:
        QApplication.restoreOverrideCursor()
    if not window.open_session(result.session_file):
        return False
    tracks = len(result.session.tracks)
    regions = sum(len(t.regions) for t in result.session.tracks)
    text = f"Imported {project.name}: {tracks} tracks, {regions} regions."
    if result.missing_media:
        text += f" {len(result.missing_media)} media file(s) are missing."
    window.dialogs.info("Project imported", text, "\n".join(result.notices))
    return True


__all__ = ["PROJECT_FILTER", "import_daw_dialog", "import_into_window"]
