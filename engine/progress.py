"""Progress reporting and cancellation for long work (renders, training, export).

Library code never prints: it calls a :data:`ProgressCallback` with a fraction in [0, 1]
and a short message, and checks a ``threading.Event`` between steps; when the event is set
it raises :class:`~engine.errors.RenderCancelled`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from engine.errors import RenderCancelled

ProgressCallback = Callable[[float, str], None]


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise :class:`RenderCancelled` if ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise RenderCancelled("render cancelled")


def sub_progress(
    progress: ProgressCallback | None, start: float, stop: float
) -> ProgressCallback | None:
    """A callback mapping [0, 1] onto [start, stop] of ``progress``."""
    if progress is None:
        return None

    def report(fraction: float, message: str) -> None:
        progress(start + (stop - start) * min(max(fraction, 0.0), 1.0), message)

    return report
