"""Resolve prompts off the GUI thread: ``engine.prompt.parse`` may load a small model on
first use (embedding fallback), which must not freeze typing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


def default_parse(text: str) -> Any:
    from engine.api import parse_prompt

    return parse_prompt(text)


class _ParseWorker(QObject):
    done = Signal(int, str, object, str)  # token, text, placement, error

    def __init__(self, parse_fn: Callable[[str], Any]) -> None:
        super().__init__()
        self._parse = parse_fn

    @Slot(int, str)
    def parse(self, token: int, text: str) -> None:
        try:
            self.done.emit(token, text, self._parse(text), "")
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            log.exception("prompt parse failed for %r", text)
            self.done.emit(token, text, None, f"{type(exc).__name__}: {exc}")


class PromptResolver(QObject):
    """``request(text) -> token``; ``resolved(token, text, placement, error)`` follows."""

    resolved = Signal(int, str, object, str)
    _ask = Signal(int, str)

    def __init__(
        self, parse_fn: Callable[[str], Any] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("prompt-resolver")
        self._worker = _ParseWorker(parse_fn or default_parse)
        self._worker.moveToThread(self._thread)
        self._ask.connect(self._worker.parse)
        self._worker.done.connect(self.resolved)
        self._thread.start()
        self._token = 0
        self._parse = parse_fn or default_parse

    def parse_now(self, text: str) -> tuple[Any, str]:
        """Parse on the calling thread: ``(placement, "")`` or ``(None, error)``."""
        try:
            return self._parse(text), ""
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            log.exception("prompt parse failed for %r", text)
            return None, f"{type(exc).__name__}: {exc}"

    def request(self, text: str) -> int:
        self._token += 1
        self._ask.emit(self._token, text)
        return self._token

    def shutdown(self) -> None:
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(5000)
