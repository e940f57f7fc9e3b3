"""Fixtures of the live-engine tests: small sessions on disk, the physical tests' metrics."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.session import Region, Session, Track

# The physical engine's measurement helpers (GCC-PHAT ITD, band energy for the click metric).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "physical"))

FS = 48_000


@pytest.fixture
def make_session(tmp_path):
    """``make_session({name: (mono, [(start_s, end_s, prompt), ...]), ...}, room=...)``."""

    def _make(tracks: dict, room: str = "anechoic", **track_kw) -> Session:
        out = []
        for name, (mono, regions) in tracks.items():
            sf.write(tmp_path / f"{name}.wav", np.asarray(mono, np.float32), FS, subtype="FLOAT")
            out.append(
                Track(
                    name,
                    f"{name}.wav",
                    regions=tuple(Region(a, b, p) for a, b, p in regions),
                    **track_kw,
                )
            )
        return Session(tracks=tuple(out), room=room, base_dir=tmp_path)

    return _make


@pytest.fixture
def noise_s():
    def _noise(seconds: float, seed: int = 3) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return (0.1 * rng.standard_normal(int(seconds * FS))).astype(np.float32)

    return _noise
