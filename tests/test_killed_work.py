"""Killed and starved work: SIGKILL of ``earspace render``/``export`` at random moments
leaves no partial file at the destination (only hidden temporary files, which the next
run removes) and the next run succeeds; a full disk gives a clear error and nothing
half-written."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.scratch import clean_stale, staging_dir, temp_path
from engine.session import Region, Session, SpatialPath, Track, save_session

RATE = 48_000


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.getcwd(), "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "engine.cli", *args]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("killed")
    rng = np.random.default_rng(5)
    tracks = []
    for name, az in (("Dog", 90.0), ("Cat", -90.0)):
        src = root / f"{name}.wav"
        sf.write(src, (0.1 * rng.standard_normal(6 * RATE)).astype(np.float32), RATE)
        region = Region(0.0, 6.0, "somewhere", SpatialPath.static(az))
        tracks.append(Track(name=name, source=str(src), regions=(region,)))
    save_session(Session(tracks=tuple(tracks)), root / "scene.earspace")
    return {"root": root, "wav": root / "Dog.wav", "session": root / "scene.earspace"}


def _commands(work: dict[str, Path], out: Path) -> dict[str, list[str]]:
    return {
        "render-file": _cmd(
            "render", str(work["wav"]), "--prompt", "on the left", "-o", str(out / "x.wav")
        ),
        "render-session": _cmd("render", str(work["session"]), "-o", str(out)),
        "export": _cmd(
            "export", str(work["session"]), "--format", "stems", "-o", str(out), "--force"
        ),
    }


def _visible(folder: Path) -> list[Path]:
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []
    )


def _hidden(folder: Path) -> list[str]:
    return (
        sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
        if folder.exists()
        else []
    )


def _check_complete(folder: Path, expected: dict[str, int]) -> None:
    """Every visible file is one a complete run writes, and complete."""
    for p in _visible(folder):
        assert p.name in expected, f"unexpected entry {p.name} after a kill"
        if p.suffix == ".wav":
            assert sf.info(str(p)).frames == expected[p.name], f"{p.name} is partial"
        elif p.suffix == ".json":
            json.loads(p.read_text())


def _run_ok(cmd: list[str]) -> float:
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    return time.monotonic() - start


def _kill_when(cmd: list[str], when) -> None:
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not when() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


def _baseline(work, out: Path, kind: str) -> tuple[list[str], dict[str, int], float]:
    cmd = _commands(work, out)[kind]
    full_s = _run_ok(cmd)
    expected = {
        p.name: (sf.info(str(p)).frames if p.suffix == ".wav" else 0) for p in _visible(out)
    }
    assert expected
    return cmd, expected, full_s


def _next_run_succeeds_and_cleans_up(cmd, out: Path, expected: dict[str, int]) -> None:
    _run_ok(cmd)
    _check_complete(out, expected)
    assert sorted(p.name for p in _visible(out)) == sorted(expected)
    assert _hidden(out) == []  # what the killed runs left is gone


@pytest.mark.parametrize("kind", ["render-file", "render-session", "export"])
def test_sigkill_while_writing_leaves_no_partial_file(work, tmp_path, kind):
    out = tmp_path / "out"
    cmd, expected, _ = _baseline(work, out, kind)
    _kill_when(cmd, lambda: bool(_hidden(out)))  # the moment the temporary output appears
    _check_complete(out, expected)
    _next_run_succeeds_and_cleans_up(cmd, out, expected)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["render-file", "render-session", "export"])
def test_sigkill_at_random_moments_leaves_no_partial_file(work, tmp_path, kind):
    out = tmp_path / "out"
    cmd, expected, full_s = _baseline(work, out, kind)
    rng = np.random.default_rng(sum(map(ord, kind)))
    for delay in rng.uniform(0.1, 1.1, size=8) * full_s:
        start = time.monotonic()
        _kill_when(cmd, lambda d=float(delay), s=start: time.monotonic() - s >= d)
        _check_complete(out, expected)
    _next_run_succeeds_and_cleans_up(cmd, out, expected)


def _disk_of(limit_bytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return apply


@pytest.mark.parametrize("kind", ["render-file", "render-session", "export"])
def test_a_full_disk_gives_a_clear_error_and_leaves_nothing(work, tmp_path, kind):
    out = tmp_path / "out"
    proc = subprocess.run(
        _commands(work, out)[kind],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        preexec_fn=_disk_of(200_000),  # room for small files, not for 6 s of audio
    )
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error:") and "nothing was written" in last, proc.stderr
    assert "Traceback" not in proc.stderr
    assert _visible(out) == [] and _hidden(out) == []


def test_leftovers_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mine_tmp = temp_path(tmp_path / "mix.wav", ".wav")
    mine_tmp.write_bytes(b"x")
    mine_dir = staging_dir(tmp_path, "render")
    dead_tmp = tmp_path / f".mix.wav.tmp-{dead.pid}.wav"  # the old naming too
    dead_tmp.write_bytes(b"x")
    dead_dir = tmp_path / f".earspace-export-stems.{dead.pid}@{mine_dir.name.split('@')[1]}"
    (dead_dir / "sub").mkdir(parents=True)
    foreign = tmp_path / f".earspace-render.{dead.pid}@otherhost.abc"
    foreign.mkdir()
    keep = tmp_path / ".hidden-user-file"
    keep.write_text("mine")
    removed = clean_stale(tmp_path)
    assert sorted(removed) == sorted([dead_tmp, dead_dir])
    assert mine_tmp.exists() and mine_dir.exists() and foreign.exists() and keep.exists()


def test_writing_file_after_file_lists_the_folder_for_leftovers_once(tmp_path, monkeypatch):
    """A batch writes thousands of files into one folder: the leftover scan runs once per
    interval, not once per file (which made a 100,000-row batch O(N^2))."""
    import numpy as np

    import engine.scratch as scratch
    from engine.audio_io import write_wav

    listed: list[str] = []
    real_listdir = os.listdir

    def counting_listdir(path="."):
        listed.append(os.path.abspath(path))
        return real_listdir(path)

    monkeypatch.setattr(scratch.os, "listdir", counting_listdir)
    audio = np.zeros((480, 2), dtype=np.float32)
    for i in range(40):
        write_wav(tmp_path / f"row{i:03d}.wav", audio, 48_000)
    assert listed.count(os.path.abspath(tmp_path)) == 1
    assert len(list(tmp_path.glob("row*.wav"))) == 40
    # an explicit clean still looks every time
    clean_stale(tmp_path)
    assert listed.count(os.path.abspath(tmp_path)) == 2
