"""Where the bundled assets (demo session, default HRTF pointer, model checkpoint) live.

Order: ``$EARSPACE_ASSETS``, a PyInstaller bundle's data folder, then ``assets/`` beside
the ``engine`` package (a source checkout or editable install).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def assets_dir() -> Path:
    env = os.environ.get("EARSPACE_ASSETS")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "assets").is_dir():
        return Path(bundle) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"


def demo_session_path() -> Path:
    return assets_dir() / "demo" / "demo.earspace"
