"""The app on a real X server (Xvfb) with Qt's xcb platform plugin, as on a desktop.

Offscreen Qt hides missing system libraries (libxcb-cursor0 & co.): this test starts the
installed app exactly as ``scripts/run.sh`` does when there is a display.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None, reason="needs xvfb-run (scripts/bootstrap.sh dev)"
)


def test_app_starts_with_the_xcb_platform_and_saves_a_screenshot(tmp_path):
    out = tmp_path / "xcb.png"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path / "home"))
    env["EARSPACE_STATE_DIR"] = str(tmp_path / "state")
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "engine.cli",
         "app", str(ROOT / "assets" / "demo" / "demo.earspace"), "--screenshot", str(out)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "Could not load the Qt platform plugin" not in proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.is_file() and out.stat().st_size > 10_000
