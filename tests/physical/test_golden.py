"""Golden files: a fixed scene rendered by the physical engine must not drift.

Stored in ``tests/golden/physical/`` (a few kB each). After an intended change of the
renderer's output, regenerate them and review the diff of the numbers they print:

    EARSPACE_REGEN_GOLDEN=1 .venv/bin/pytest tests/physical/test_golden.py

Scene: 0.1 s of seeded noise at 16 kHz (MIT KEMAR resampled), a source moving from 60 deg
left, 10 deg up, 1.4 m to 30 deg right, 0 deg, 3 m, Doppler on; stored as float16 samples.
The room golden stores per-ear energy envelopes (10 ms bins, dB) of the same scene in
"small room" and "cathedral" (the tails are seeded noise, so they are reproducible too).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from engine.hrtf import HrtfSet
from engine.physical import render_track
from engine.session import Region
from engine.spatial_path import Keyframe, SpatialPath
from engine.timeline import build_timeline

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "physical"
FS = 16_000
REGENERATE = os.environ.get("EARSPACE_REGEN_GOLDEN") == "1"


def _scene(room: str) -> np.ndarray:
    hrtf = HrtfSet.load(None, FS)
    x = (0.3 * np.random.default_rng(2024).standard_normal(FS // 10)).astype(np.float32)
    path = SpatialPath.from_keyframes(
        [Keyframe(0.0, 60.0, 10.0, 1.4), Keyframe(1.0, -30.0, 0.0, 3.0)]
    )
    timeline = build_timeline([Region(0.0, 0.1, "golden", path)], room=room)
    return render_track(x, timeline, hrtf, sample_rate_hz=FS)


def _envelope_db(y: np.ndarray) -> list[list[float]]:
    hop = FS // 100
    n = y.shape[1] // hop
    energy = np.sum(y[:, : n * hop].reshape(2, n, hop).astype(np.float64) ** 2, axis=2)
    return np.round(10 * np.log10(energy + 1e-20), 2).tolist()


def test_golden_moving_source_anechoic():
    y = _scene("anechoic")
    path = GOLDEN / "moving_anechoic_16k.npy"
    if REGENERATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        np.save(path, y.astype(np.float16))
    golden = np.load(path).astype(np.float32)
    assert y.shape == golden.shape
    np.testing.assert_allclose(y, golden, atol=2e-3 * float(np.max(np.abs(golden))))


@pytest.mark.parametrize("room", ["small room", "cathedral"])
def test_golden_room_envelopes(room):
    env = _envelope_db(_scene(room))
    path = GOLDEN / f"envelope_{room.replace(' ', '_')}_16k.json"
    if REGENERATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"room": room, "bin_s": 0.01, "envelope_db": env}) + "\n")
    golden = json.loads(path.read_text())["envelope_db"]
    assert np.shape(env) == np.shape(golden)
    loud = np.asarray(golden) > np.max(golden) - 60.0  # compare where the signal is
    np.testing.assert_allclose(np.asarray(env)[loud], np.asarray(golden)[loud], atol=0.1)
