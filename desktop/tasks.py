"""A generic background task: run a function in a QThread with progress and cancel.

``fn(progress=..., cancel=...)`` is called in the worker thread; its return value comes
back through ``finished``. :class:`~engine.errors.RenderCancelled` becomes ``cancelled``,
other exceptions ``failed(message, details)``. :class:`WorkerThread` is the thread
runner shared by these tasks (exports, file loads) and the render worker
(:mod:`desktop.render.worker`, which also computes the plot series off the GUI thread).
"""

from __future__ import annotations

import logging
import os
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from engine.api import EngineError, RenderCancelled

log = logging.getLogger(__name__)


def lower_thread_priority(niceness: int = 10) -> None:
    """Let the GUI thread win the CPU when cores are busy (Linux: per-thread nice)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
    except (AttributeError, OSError):  # not Linux, or not allowed: keep the default
        pass


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


class WorkerThread(QObject):
    """Runs one worker object at a time in a fresh QThread and forwards its signals.

    A worker is a QObject with a ``run`` slot and ``progress``, ``finished``, ``failed``
    and ``cancelled`` signals; it checks the ``threading.Event`` it was given. Signals
    arrive on the GUI thread; ``idle`` follows the end once the thread is gone.
    """

    started = Signal()
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: QObject | None = None
        self._cancel: threading.Event | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _launch(self, make_worker: Callable[[threading.Event], QObject], name: str) -> bool:
        """Start ``make_worker(cancel_event)`` in a new thread; ``False`` if one runs."""
        if self.running:
            return False
        self._cancel = threading.Event()
        worker: Any = make_worker(self._cancel)
        thread = QThread()
        thread.setObjectName(name)
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
        self.started.emit()
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
        """Cancel and wait (app exit)."""
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)


class BackgroundTask(WorkerThread):
    """Runs ``fn(progress=..., cancel=...)`` in the background, one task at a time."""

    def start(
        self, fn: Callable[..., Any], describe_error: Callable[[BaseException], str] = str
    ) -> bool:
        return self._launch(lambda cancel: _Worker(fn, cancel, describe_error), "task")
