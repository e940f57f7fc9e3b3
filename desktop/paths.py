"""Where the app keeps its state (autosave, logs, recent files); Qt-free.

``EARSPACE_STATE_DIR`` overrides the default (``$XDG_STATE_HOME/earspace`` or
``~/.local/state/earspace``); tests point it at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

AUDIO_SUFFIXES = (".wav", ".flac", ".aif", ".aiff", ".ogg", ".mp3")


def state_dir() -> Path:
    env = os.environ.get("EARSPACE_STATE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_STATE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "state") / "earspace"
    base.mkdir(parents=True, exist_ok=True)
    return base


def is_audio_file(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in AUDIO_SUFFIXES
