"""Smoke test of the PyInstaller one-folder bundle, as a user meets it: moved to another
folder, started with a clean HOME and no Python environment, used through its CLI.

    scripts/build_bundle.sh build/bundle
    EARSPACE_BUNDLE=build/bundle/earspace .venv/bin/pytest -m slow tests/packaging -s

``scripts/test.sh`` builds the bundle and runs this file (CI does too). Without
``EARSPACE_BUNDLE`` the tests build a bundle themselves (several minutes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "assets" / "demo"
pytestmark = pytest.mark.slow

# Not in the grammar: only the MiniLM phrase-bank fallback places it (on the right).
FALLBACK_PROMPT = "the sound comes from the starboard side of the ship"


@pytest.fixture(scope="module")
def built_bundle(tmp_path_factory) -> Path:
    existing = os.environ.get("EARSPACE_BUNDLE")
    if existing:
        return Path(existing).resolve()
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("pyinstaller is not installed: run scripts/build_bundle.sh OUTDIR")
    out = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [str(Path(sys.executable).parent / "pyinstaller"), "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out), "--workpath", str(out / ".work"),
         str(ROOT / "packaging" / "earspace.spec")],
        check=True, cwd=ROOT, timeout=3600,
    )  # fmt: skip
    return out / "earspace"


@pytest.fixture(scope="module")
def bundle(built_bundle: Path):
    """The bundle renamed to a new folder for the module's tests (moved back afterwards):
    nothing in it may depend on where it was built."""
    moved = built_bundle.parent / f"moved-{uuid.uuid4().hex[:8]}" / "earspace"
    moved.parent.mkdir()
    built_bundle.rename(moved)
    try:
        yield moved
    finally:
        moved.rename(built_bundle)
        moved.parent.rmdir()


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No venv, no PYTHONPATH, an empty HOME: only what the bundle carries."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.update(extra)
    return env


def run_bundle(bundle: Path, args: list[str], env: dict[str, str], cwd: Path, timeout=600):
    started = time.perf_counter()
    proc = subprocess.run(
        [str(bundle / "earspace"), *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    print(f"bundle {' '.join(args[:2])}: {time.perf_counter() - started:.1f} s")
    return proc


def test_bundle_is_the_whole_cli(bundle, tmp_path):
    proc = run_bundle(bundle, ["--help"], clean_env(tmp_path / "home"), tmp_path)
    assert proc.returncode == 0, proc.stderr
    for command in ("render", "parse", "demo", "app", "export"):
        assert command in proc.stdout, f"`earspace {command}` missing from the bundle's CLI"


def test_bundle_renders_a_neural_track_and_a_fallback_prompt(bundle, tmp_path):
    """The neural engine (torch) and the MiniLM fallback work frozen, beside a physical
    track, with the bundle's own KEMAR set."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("bee.flac", "car.flac"):
        shutil.copy(DEMO / name, work / name)
    session = {
        "schema_version": 1,
        "sample_rate_hz": 48000,
        "hrtf": None,
        "room": "anechoic",
        "tracks": [
            {"name": "Bee", "source": "bee.flac", "engine": "neural",
             "regions": [{"start_s": 0.0, "end_s": 3.0,
                          "prompt": "the bee on the left and the hum on the right"}]},
            {"name": "Car", "source": "car.flac", "engine": "physical",
             "regions": [{"start_s": 0.0, "end_s": 3.0, "prompt": FALLBACK_PROMPT}]},
        ],
    }  # fmt: skip
    (work / "scene.earspace").write_text(json.dumps(session))
    proc = run_bundle(
        bundle, ["render", "scene.earspace", "-o", "out"], clean_env(tmp_path / "home"), work
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((work / "out" / "render.json").read_text())
    engines = {s["track"]: s["engine"] for s in report["stems"]}
    assert engines["Bee"].startswith("neural"), engines
    car_file = next(s["file"] for s in report["stems"] if s["track"] == "Car")
    car, _ = sf.read(work / "out" / car_file, dtype="float32")
    left_db = 10 * np.log10(np.mean(car[:, 0] ** 2) + 1e-20)
    right_db = 10 * np.log10(np.mean(car[:, 1] ** 2) + 1e-20)
    assert right_db > left_db + 3.0, "the fallback prompt (starboard = right) was not placed"


def test_bundle_opens_the_app_offscreen_and_from_a_launcher(bundle, tmp_path):
    out = tmp_path / "app.png"
    env = clean_env(tmp_path / "home")
    # A desktop launcher passes just the file: `earspace SESSION` opens the app.
    proc = run_bundle(
        bundle, [str(DEMO / "demo.earspace"), "--screenshot", str(out)], env, tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.is_file() and out.stat().st_size > 10_000


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None, reason="needs xvfb (scripts/bootstrap.sh dev)"
)
def test_bundle_app_on_a_real_x_server(bundle, tmp_path):
    out = tmp_path / "xcb.png"
    env = clean_env(tmp_path / "home", QT_QPA_PLATFORM="xcb")
    started = time.perf_counter()
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", str(bundle / "earspace"), "app",
         str(DEMO / "demo.earspace"), "--screenshot", str(out)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    print(f"bundle app under xvfb: {time.perf_counter() - started:.1f} s")
    assert "Could not load the Qt platform plugin" not in proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.is_file() and out.stat().st_size > 10_000
