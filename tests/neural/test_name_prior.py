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
from test_neural_shipped import _band_spl, _bursts, _tone

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
    """A harmonic tone (110-330 Hz notes, energy below ~2 kHz) named "bass drone" and
    high-passed noise bursts (above 3 kHz) named "clatter": neither name is a training
    category nor a caption word. The separator alone gives most of the tone to the
    clatter; with the table (bass drone -> bass guitar, bassoon; clatter -> its nearest
    training names' spectra) each band lands on its own name's side."""
    from engine.neural.training.names import GROUPS, SYNONYMS  # noqa: PLC0415

    model = load_model()
    assert model.name_prior is not None
    vocab = set(model.name_prior.names) | {w for ws in SYNONYMS.values() for w in ws}
    vocab |= {w for hyper, _ in GROUPS.values() for w in hyper}
    assert not {"bass drone", "clatter"} & vocab
    mono = _tone(3.0, seed=4) + _bursts(3.0, seed=5)
    sides = {1: "on the left", -1: "on the right"}
    prompt = f"the bass drone {sides[low_side]} and the clatter {sides[-low_side]}"
    timeline = prompt_timeline(prompt, 3.0)
    out = render_neural(mono, timeline, sample_rate_hz=RATE, checkpoint=model)
    low, high = _band_spl(out, None, 1000.0), _band_spl(out, 4000.0, None)
    assert low_side * low > 3.0, (prompt, low)
    assert -low_side * high > 3.0, (prompt, high)
    prior, model.name_prior = model.name_prior, None
    try:
        alone = render_neural(mono, timeline, sample_rate_hz=RATE, checkpoint=model)
    finally:
        model.name_prior = prior
    assert low_side * _band_spl(alone, None, 1000.0) < low_side * low - 3.0  # the prior's doing
