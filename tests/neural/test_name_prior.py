"""Zero-shot name prior (``engine/neural/name_prior.py``).

Unit tests build a two-category table by hand (a low-frequency and a high-frequency
template); the end-to-end test renders, through the default separate-and-place path with
the shipped checkpoint and its shipped table, a mono mix of a low rumble and a high hiss
named by words that are neither training categories nor caption synonyms, and checks each
band lands on the side its name was given.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import butter, sosfilt

from engine.neural import DEFAULT_CHECKPOINT, load_model
from engine.neural.name_prior import NamePrior, NamePriorError, prior_path_for
from engine.neural.separate_place import render_neural
from engine.resolve import prompt_timeline

RATE = 48_000
F = 513


def _table(beta: float = 2.0) -> NamePrior:
    freqs = np.linspace(0, RATE / 2, F)
    low = np.exp(-freqs / 500.0)
    high = np.where(freqs > 4000, 1.0, 1e-4)
    log_power = np.log(np.stack([low / low.sum(), high / high.sum()]))
    emb = np.eye(2, 384, dtype=np.float32)
    return NamePrior(["rumble", "hiss"], emb, log_power.astype(np.float32), beta=beta, k=1)


def _band_noise(lo_hz: float | None, hi_hz: float | None, seconds: float, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal(int(seconds * RATE))
    if lo_hz is not None:
        x = sosfilt(butter(6, lo_hz, "highpass", fs=RATE, output="sos"), x)
    if hi_hz is not None:
        x = sosfilt(butter(6, hi_hz, "lowpass", fs=RATE, output="sos"), x)
    return (0.2 * x / np.max(np.abs(x))).astype(np.float32)


def test_templates_follow_the_nearest_names():
    prior = _table()
    names = np.eye(2, 384, dtype=np.float32)[::-1]  # "hiss" first, then "rumble"
    tmpl = prior.templates(names)
    freqs = np.linspace(0, RATE / 2, F)
    assert tmpl[0, freqs > 4000].sum() > 0.99
    assert tmpl[1, freqs < 2000].sum() > 0.95
    np.testing.assert_allclose(tmpl.sum(axis=1), 1.0, rtol=1e-6)


def test_excluded_category_is_never_used():
    prior = _table()
    prior.k = 2
    w = prior.weights(np.eye(2, 384, dtype=np.float32)[:1], exclude=[{"rumble"}])
    assert w[0, 0] == 0.0 and w[0, 1] == pytest.approx(1.0)


def test_wiener_shares_give_each_band_to_its_template():
    prior = _table()
    low = _band_noise(None, 800.0, 1.0, 1)
    high = _band_noise(5000.0, None, 1.0, 2)
    spec = torch.stft(
        torch.from_numpy(low + high), 1024, 512, window=torch.hann_window(1024), return_complex=True
    )
    log_p = prior.log_share((spec.abs() ** 2).numpy(), np.exp(prior.log_power))
    share = np.exp(log_p)  # [2, F, T]
    freqs = np.linspace(0, RATE / 2, F)
    np.testing.assert_allclose(share.sum(axis=0), 1.0, rtol=1e-5)
    assert share[0, freqs < 500].mean() > 0.9
    assert share[1, freqs > 6000].mean() > 0.9


def test_roundtrip_and_bad_file(tmp_path):
    prior = _table(beta=1.5)
    path = prior.save(tmp_path / "x.name_prior.npz")
    back = NamePrior.load(path)
    assert back.names == prior.names and back.beta == 1.5 and back.k == 1
    np.testing.assert_allclose(back.log_power, prior.log_power)
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a table")
    with pytest.raises(NamePriorError, match="bad.npz"):
        NamePrior.load(bad)


SHIPPED_PRIOR = prior_path_for(DEFAULT_CHECKPOINT)


@pytest.mark.skipif(not SHIPPED_PRIOR.exists(), reason="no shipped name prior table")
@pytest.mark.parametrize("low_side", [1, -1])
def test_unseen_names_put_each_band_on_its_named_side(low_side):
    """'foghorn' and 'sizzling bacon' are neither training categories nor caption synonyms:
    the low band follows the foghorn's side and the high band the bacon's."""
    model = load_model()
    assert model.name_prior is not None
    names = {c.lower() for c in model.name_prior.names}
    assert "foghorn" not in names and "sizzling bacon" not in names
    mono = _band_noise(None, 400.0, 2.0, 3) + _band_noise(5000.0, None, 2.0, 4)
    sides = {1: "on the left", -1: "on the right"}
    prompt = f"the foghorn {sides[low_side]} and the sizzling bacon {sides[-low_side]}"
    out = render_neural(mono, prompt_timeline(prompt, 2.0), sample_rate_hz=RATE, checkpoint=model)

    def side_db(lo, hi):  # + = louder in the left ear
        y = out
        if lo is not None:
            y = sosfilt(butter(4, lo, "highpass", fs=RATE, output="sos"), y, axis=-1)
        if hi is not None:
            y = sosfilt(butter(4, hi, "lowpass", fs=RATE, output="sos"), y, axis=-1)
        return 10 * np.log10(np.sum(y[0] ** 2) / np.sum(y[1] ** 2))

    assert low_side * side_db(None, 300.0) > 3.0, prompt
    assert -low_side * side_db(6000.0, None) > 3.0, prompt
