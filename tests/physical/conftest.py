"""Fixtures of the physical-engine tests: the default KEMAR set at 48 kHz, test signals."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import HrtfError
from engine.hrtf import HrtfSet

FS = 48_000


@pytest.fixture(scope="session")
def kemar() -> HrtfSet:
    try:
        return HrtfSet.load(None, FS)
    except HrtfError as exc:  # pragma: no cover - bootstrap installs libmysofa1
        pytest.fail(f"default KEMAR set missing: {exc}")


@pytest.fixture
def noise() -> np.ndarray:
    """1 s of seeded white noise at 48 kHz."""
    return (0.1 * np.random.default_rng(7).standard_normal(FS)).astype(np.float32)
