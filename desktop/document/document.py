"""The undoable document: the current :class:`Session`, its file, and a ``QUndoStack``.

Each edit pushes a command holding the session before and after (sessions are immutable,
so undo is a swap). The stack's clean state is the "modified" marker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from engine.api import Session


class _ReplaceSession(QUndoCommand):
    def __init__(self, doc: SessionDocument, before: Session, after: Session, text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._doc._set_session(self._after)

    def undo(self) -> None:
        self._doc._set_session(self._before)


class SessionDocument(QObject):
    """Holds the session; views call :meth:`apply` with a new session to edit it."""

    changed = Signal(object)  # Session
    path_changed = Signal(object)  # Path | None
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        # a bound method, not a lambda: Qt drops the connection when this object goes,
        # so the stack's last "clean" signal during teardown reaches nothing
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._session = Session()
        self._path: Path | None = None
        self._force_modified = False

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @property
    def session(self) -> Session:
        return self._session

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def modified(self) -> bool:
        return self._force_modified or not self.undo_stack.isClean()

    def apply(self, new_session: Session, text: str) -> None:
        """Push an undoable change (no-op when nothing changed)."""
        if new_session == self._session:
            return
        self.undo_stack.push(_ReplaceSession(self, self._session, new_session, text))

    def reset(self, session: Session, path: Path | None, *, modified: bool = False) -> None:
        """Replace everything (new/open/recover): clears the undo history."""
        self.undo_stack.clear()
        self._force_modified = modified
        self._path = path
        self._set_session(session)
        self.path_changed.emit(path)
        self.modified_changed.emit(self.modified)

    def replace_silently(self, session: Session) -> None:
        """Update the session without an undo step or a "modified" mark: used when the
        app fills in something derived, e.g. paths resolved from a loaded file's prompts."""
        self._set_session(session)

    def mark_saved(self, session: Session, path: Path) -> None:
        """After a save: the saved (re-based) session is current and clean."""
        self._session = session
        self._path = path
        self._force_modified = False
        self.undo_stack.setClean()
        self.path_changed.emit(path)
        self.modified_changed.emit(False)

    def _set_session(self, session: Session) -> None:
        self._session = session
        self.changed.emit(session)
