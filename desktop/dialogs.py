"""Error and information dialogs, plus the ``sys.excepthook`` that shows unexpected
exceptions in a dialog instead of letting the app crash.

Dialogs are opened non-blocking (``QMessageBox.open``) so the event loop keeps running
(renders, playback, tests); the last one shown is kept on ``DialogHost.last_box``.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class DialogHost:
    """Shows message boxes parented to ``parent`` and remembers the last one."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.last_box: QMessageBox | None = None
        self.history: list[tuple[str, str]] = []

    def _show(
        self, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
    ) -> QMessageBox:
        log.log(
            logging.WARNING if icon != QMessageBox.Icon.Information else logging.INFO,
            "%s: %s",
            title,
            text,
        )
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        if details:
            box.setDetailedText(details)
        box.setModal(True)
        box.open()
        self.last_box = box
        self.history.append((title, text))
        return box

    def error(self, title: str, text: str, details: str = "") -> QMessageBox:
        return self._show(QMessageBox.Icon.Critical, title, text, details)

    def warning(self, title: str, text: str, details: str = "") -> QMessageBox:
        return self._show(QMessageBox.Icon.Warning, title, text, details)

    def info(self, title: str, text: str, details: str = "") -> QMessageBox:
        return self._show(QMessageBox.Icon.Information, title, text, details)


def install_excepthook(host_getter, log_path=None) -> None:
    """Route uncaught exceptions to a dialog (and the log) instead of crashing.

    ``host_getter`` returns the :class:`DialogHost` of an open window, or ``None`` once
    the window is closing: then the error only goes to the log and stderr (a dialog
    saying "your session is still open" would be wrong after the user quit)."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unexpected error:\n%s", details)
        host = host_getter()
        if host is None:
            previous(exc_type, exc, tb)
            return
        where = f"\n\nDetails were written to {log_path}." if log_path else ""
        host.error(
            "Unexpected error",
            f"Something went wrong: {exc_type.__name__}: {exc}\n\nYour session is still open; "
            f"save it under a new name if in doubt.{where}",
            details,
        )

    sys.excepthook = hook
