"""Fractional delay line (propagation delay / Doppler)."""

from __future__ import annotations

import numpy as np

from engine.physical.delay_line import DelayLine

FS = 48_000


def test_constant_fractional_delay_shifts_a_sine():
    n = np.arange(FS // 4)
    x = np.sin(2 * np.pi * 500 * n / FS).astype(np.float32)
    line = DelayLine(lambda g: np.full(g.shape, 10.3), hop=256, max_delay=12)
    y = line.push(x)
    expected = np.sin(2 * np.pi * 500 * (n - 10.3) / FS)
    np.testing.assert_allclose(y[100:], expected[100:], atol=1e-4)


def test_output_does_not_depend_on_block_sizes(rng):
    x = rng.standard_normal(20_000).astype(np.float32)

    def delay(g):
        return 50 + 30 * np.sin(g / 3000.0)

    whole = DelayLine(delay, hop=512, max_delay=81).push(x)
    line = DelayLine(delay, hop=512, max_delay=81)
    cuts = np.sort(rng.choice(np.arange(1, x.size), size=40, replace=False))
    parts = [line.push(p) for p in np.split(x, cuts)]
    np.testing.assert_allclose(np.concatenate(parts), whole, atol=1e-6)


def test_shrinking_delay_raises_pitch():
    n = np.arange(FS)
    x = np.sin(2 * np.pi * 1000 * n / FS).astype(np.float32)
    # Delay falls by 0.02 samples per sample: the signal is read 2 % faster.
    line = DelayLine(lambda g: 1200.0 - 0.02 * g, hop=256, max_delay=1201)
    y = line.push(x)[FS // 10 :]
    crossings = np.count_nonzero(np.diff(np.signbit(y)))
    freq = crossings / 2 / (y.size / FS)
    assert abs(freq - 1020.0) < 3.0
