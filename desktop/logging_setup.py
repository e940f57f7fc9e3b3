"""Rotating-file logging for the app (1 MB x 3 files in the state folder)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.paths import state_dir

_HANDLER_NAME = "earspace-file"


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach the rotating file handler once; returns the log file's path."""
    log_dir = state_dir() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "earspace.log"
    root = logging.getLogger()
    if not any(getattr(h, "name", "") == _HANDLER_NAME for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.name = _HANDLER_NAME
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path
