"""Packaging smoke test (slow): build the PyInstaller one-folder bundle and start it
offscreen with ``--screenshot`` on the demo session.

    .venv/bin/pytest -m slow tests/desktop/test_desktop_packaging.py -s
Set ``EARSPACE_BUNDLE=/path/to/dist/earspace`` to test an existing bundle instead of
building one (a build takes several minutes and ~1.5 GB of disk).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def folder_size_mb(path: Path) -> float:
    return (
        sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    existing = os.environ.get("EARSPACE_BUNDLE")
    if existing:
        return Path(existing)
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("pyinstaller is not installed (pip install -e '.[packaging]')")
    work = tmp_path_factory.mktemp("pyinstaller")
    cmd = [
        str(Path(sys.executable).parent / "pyinstaller"),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(work / "dist"),
        "--workpath",
        str(work / "build"),
        str(ROOT / "packaging" / "earspace.spec"),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT, timeout=3600)
    return work / "dist" / "earspace"


def test_bundle_starts_offscreen_and_renders_the_demo(bundle, tmp_path):
    exe = bundle / "earspace"
    assert exe.is_file(), f"no executable in {bundle}"
    out = tmp_path / "bundle.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EARSPACE_STATE_DIR=str(tmp_path / "state"))
    started = time.perf_counter()
    proc = subprocess.run(
        [str(exe), str(ROOT / "assets" / "demo" / "demo.earspace"), "--screenshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    print(f"bundle: {folder_size_mb(bundle):.0f} MB, start + render + screenshot: {seconds:.1f} s")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.is_file() and out.stat().st_size > 10_000
