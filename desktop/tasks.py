"""A generic background task: run a function in a QThread with progress and cancel.

``fn(progress=..., cancel=...)`` is called in the worker thread; its return value comes
back through ``finished``. :class:`~engine.errors.RenderCancelled` becomes ``cancelled``,
other exceptions ``failed(message, details)``. Used for exports (renders have their own
worker with plot computation, :mod:`desktop.render.worker`).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from engine.errors import EngineError, RenderCancelled

log = logging.getLogger(__name__)


class _Worker(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()

    def __init__(
        self,
        fn: Callable[..., Any],
        cancel: threading.Event,
        describe_error: Callable[[BaseException], str],
    ) -> None:
        super().__init__()
        self.fn = fn
        self.cancel = cancel
        self.describe_error = describe_error

    @Slot()
    def run(self) -> None:
        from desktop.render.worker import lower_thread_priority

        lower_thread_priority()
        try:
            result = self.fn(
                progress=lambda f, m: self.progress.emit(float(f), str(m)), cancel=self.cancel
            )
        except RenderCancelled:
            self.cancelled.emit()
        except (EngineError, OSError) as exc:
            self.failed.emit(self.describe_error(exc), "")
        except Exception as exc:  # noqa: BLE001 - unexpected: shown with details, logged
            details = traceback.format_exc()
            log.error("background task crashed:\n%s", details)
            self.failed.emit(f"Unexpected error: {type(exc).__name__}: {exc}", details)
        else:
            self.finished.emit(result)


class BackgroundTask(QObject):
    """One task at a time; signals are delivered on the GUI thread."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cancel: threading.Event | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(
        self, fn: Callable[..., Any], describe_error: Callable[[BaseException], str] = str
    ) -> bool:
        if self.running:
            return False
        self._cancel = threading.Event()
        thread = QThread()
        worker = _Worker(fn, self._cancel, describe_error)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.finished.connect(self.finished)
        worker.failed.connect(self.failed)
        worker.cancelled.connect(self.cancelled)
        for sig in (worker.finished, worker.failed, worker.cancelled):
            sig.connect(thread.quit)
        thread.finished.connect(self._cleanup)
        self._thread, self._worker = thread, worker
        thread.start()
        return True

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _cleanup(self) -> None:
        if self._thread is not None:
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None
        self._cancel = None
        self.idle.emit()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)
