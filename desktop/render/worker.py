"""The render worker: a QObject living in a QThread that drives ``engine.render_session``.

It talks to the GUI only through signals (progress, finished, failed, cancelled); the GUI
cancels by setting a ``threading.Event`` that the engine checks between steps. Progress
is throttled to 20 updates/s so a chatty engine cannot flood the event loop. Plot series
are computed here too, off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.plots.model import compute_plot_series
from desktop.render.model import RenderOutcome, render_key
from desktop.tasks import WorkerThread, lower_thread_priority
from engine.api import EngineError, RenderCancelled, Session, find_render_hooks

log = logging.getLogger(__name__)
RenderFn = Callable[..., Any]


def default_render_fn() -> RenderFn:
    from engine.api import render_session

    return render_session


def default_cache() -> Any:
    try:
        from engine.api import RenderCache
    except ImportError:  # engine without a cache: every render is complete
        return None
    return RenderCache()


def plugin_hooks(session: Session) -> tuple[Any, Any, list[str]]:
    """The installed plugin host's hooks (``engine.api.find_render_hooks``, the one way
    every front end finds them); ``messages`` fills while the render runs."""
    hooks = find_render_hooks(session)
    return hooks.insert, hooks.master, hooks.messages


class RenderWorker(QObject):
    progress = Signal(float, str)
    finished = Signal(object)  # RenderOutcome
    failed = Signal(str, str)  # message, details
    cancelled = Signal()

    def __init__(
        self, session: Session, render_fn: RenderFn, cache: Any, cancel: threading.Event
    ) -> None:
        super().__init__()
        self.session = session
        self.render_fn = render_fn
        self.cache = cache
        self.cancel = cancel
        self._last_emit = 0.0

    def _progress(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last_emit >= 0.05 or fraction >= 1.0:
            self._last_emit = now
            self.progress.emit(float(fraction), str(message))

    @Slot()
    def run(self) -> None:
        lower_thread_priority()
        started = time.perf_counter()
        try:
            insert_hook, master_hook, messages = plugin_hooks(self.session)
            kwargs: dict[str, Any] = {
                "progress": self._progress,
                "cancel": self.cancel,
                "cache": self.cache,
            }
            if insert_hook is not None:
                kwargs["insert_hook"] = insert_hook
            if master_hook is not None:
                kwargs["master_hook"] = master_hook
            render = self.render_fn(self.session, **kwargs)
            if self.cancel.is_set():
                raise RenderCancelled("render cancelled")
            self._progress(1.0, "drawing plots")
            series = compute_plot_series(render)
            outcome = RenderOutcome(
                render,
                series,
                self.session,
                render_key(self.session),
                time.perf_counter() - started,
                list(messages),
            )
        except RenderCancelled:
            log.info("render cancelled")
            self.cancelled.emit()
            return
        except EngineError as exc:
            log.warning("render failed: %s", exc)
            self.failed.emit(str(exc), "")
            return
        except Exception as exc:  # noqa: BLE001 - unexpected: shown with details, logged
            details = traceback.format_exc()
            log.error("render crashed:\n%s", details)
            self.failed.emit(
                f"Unexpected error while rendering: {type(exc).__name__}: {exc}", details
            )
            return
        log.info("render finished in %.2f s", outcome.seconds)
        self.finished.emit(outcome)


class RenderController(WorkerThread):
    """Starts one render at a time in a fresh QThread and forwards its signals."""

    def __init__(self, render_fn: RenderFn | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._render_fn = render_fn
        self.cache: Any = None
        self._cache_made = False

    def start(self, session: Session) -> bool:
        """Start rendering ``session``; ``False`` if a render is already running."""
        if self.running:
            return False
        if self._render_fn is None:
            self._render_fn = default_render_fn()
        if not self._cache_made:
            self.cache = default_cache()
            self._cache_made = True
        render_fn, cache = self._render_fn, self.cache
        return self._launch(
            lambda cancel: RenderWorker(session, render_fn, cache, cancel), "render"
        )
