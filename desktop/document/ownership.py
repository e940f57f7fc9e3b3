"""Which session file this window holds, so two instances never overwrite each other (Qt-free).

:class:`OpenFileGuard` keeps the :class:`~engine.session_lock.SessionLock` of the file the
window has open. Opening a file another running instance holds returns a warning for
the user; saving onto such a file is refused (Save As keeps the changes). Autosaves go to
each instance's own file (:mod:`desktop.recovery.model`), never to the session file.
"""

from __future__ import annotations

from pathlib import Path

from engine.api import SESSION_SUFFIX
from engine.session_lock import SessionLock


def _session_file(path: str | Path) -> Path:
    p = Path(path)
    return p if p.suffix == SESSION_SUFFIX else Path(str(p) + SESSION_SUFFIX)


class OpenFileGuard:
    """The lock of the window's session file (none for an unsaved session)."""

    def __init__(self) -> None:
        self.lock: SessionLock | None = None

    def opened(self, path: str | Path | None) -> str | None:
        """The window now shows ``path``: lock it; a warning when another instance holds it."""
        if path is not None and self.lock is not None:
            if self.lock.session_path == _session_file(path).absolute() and self.lock.held:
                return None
        self.close()
        if path is None:
            return None
        self.lock = SessionLock(_session_file(path))
        result = self.lock.acquire()
        if result.acquired or result.owner is None:
            return None
        return (
            f"{self.lock.session_path.name} is already open in {result.owner.describe()}. "
            "Saving it here is turned off so that neither copy overwrites the other's "
            "changes; use Save As to keep yours under another name."
        )

    def may_save(self, path: str | Path) -> str | None:
        """``None`` if saving to ``path`` is safe, else why not (for the user)."""
        target = _session_file(path).absolute()
        if self.lock is not None and self.lock.session_path == target and self.lock.held:
            return None
        other = SessionLock(target)
        if other.may_save():
            return None
        owner = other.owner()
        who = owner.describe() if owner is not None else "another Earspace"
        return (
            f"{target.name} is open in {who}; saving here would overwrite its changes. "
            "Use Save As to save under another name."
        )

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


__all__ = ["OpenFileGuard"]
