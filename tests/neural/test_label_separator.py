"""Label separator (tiny config): masks are shares, names select sounds, render uses it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from scipy.signal import butter, sosfilt

from engine.neural import load_model, render_track_neural, tiny_config
from engine.neural.checkpoint import save_checkpoint
from engine.neural.conditioning import TextEncoder
from engine.neural.model import Stft
from engine.neural.render import model_from_state
from engine.neural.separator import LabelSeparator
from engine.resolve import prompt_timeline

RATE = 48_000


@pytest.fixture(scope="module")
def cfg():
    return dataclasses.replace(tiny_config(), use_separator=True)


def test_masks_are_shares_of_the_named_sources(cfg):
    torch.manual_seed(0)
    sep = LabelSeparator(cfg).eval()
    spec = torch.randn(2, cfg.n_bins, 20, dtype=torch.complex64)
    labels = torch.randn(2, cfg.max_sources, cfg.text_dim)
    present = torch.tensor([[True, True, False], [True, False, False]])
    with torch.no_grad():
        masks = sep(spec, labels, present)
    assert masks.shape == (2, cfg.max_sources, cfg.n_bins, 20)
    torch.testing.assert_close(masks.sum(dim=1), torch.ones(2, cfg.n_bins, 20))
    assert masks[0, 2].abs().max() == 0 and masks[1, 1:].abs().max() == 0
    torch.testing.assert_close(masks[1, 0], torch.ones(cfg.n_bins, 20))  # a lone source


def _band_noise(rng, n, lo_hz, hi_hz):
    sos = butter(4, [lo_hz, hi_hz], "bandpass", fs=RATE, output="sos")
    return sosfilt(sos, rng.standard_normal(n)).astype(np.float32)


def test_names_select_the_sounds_they_name(cfg):
    """Trained for a few seconds on 'rumble' (low band) + 'hiss' (high band) mixtures in
    random name order, the separator gives each name the bins of its own sound."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    sep = LabelSeparator(cfg)
    stft = Stft(cfg)
    names = TextEncoder.shared().pooled(["rumble", "hiss"])
    n = int(0.25 * RATE)
    opt = torch.optim.Adam(sep.parameters(), lr=3e-3)

    def batch(size):
        low = np.stack([_band_noise(rng, n, 100, 1500) for _ in range(size)])
        high = np.stack([_band_noise(rng, n, 5000, 15000) for _ in range(size)])
        gains = 10 ** (rng.uniform(-6, 6, (size, 2, 1)) / 20)
        parts = np.stack([low, high], axis=1) * gains  # [B, 2, n]
        flip = rng.random(size) < 0.5
        parts[flip] = parts[flip][:, ::-1]
        labels = torch.stack([names.flip(0) if f else names for f in flip])
        labels = torch.cat([labels, torch.zeros(size, 1, cfg.text_dim)], dim=1)
        parts_t = torch.from_numpy(np.concatenate([parts, np.zeros_like(parts[:, :1])], axis=1))
        mono = stft(parts_t.sum(1).float())
        parts_spec = stft(parts_t.reshape(-1, n).float()).view(size, 3, *mono.shape[1:])
        present = torch.tensor([[True, True, False]] * size)
        return mono, parts_spec, labels, present

    for _ in range(60):
        loss, _ = sep.loss(*batch(8))
        opt.zero_grad()
        loss.backward()
        opt.step()
    mono, _, labels, present = batch(8)
    with torch.no_grad():
        masks = sep.eval()(mono, labels, present)
    freqs = np.linspace(0, RATE / 2, cfg.n_bins)
    low_bins = torch.from_numpy((freqs > 300) & (freqs < 1200))
    high_bins = torch.from_numpy((freqs > 6000) & (freqs < 12000))
    is_rumble = torch.tensor(
        [[bool(torch.equal(labels[b, s], names[0])) for s in range(2)] for b in range(8)]
    )
    rumble_mask = torch.stack([masks[b, 0 if is_rumble[b, 0] else 1] for b in range(8)])
    assert rumble_mask[:, low_bins].mean() > 0.8
    assert rumble_mask[:, high_bins].mean() < 0.2


def test_render_with_separator_keeps_sum_and_seed(cfg, tmp_path):
    torch.manual_seed(0)
    model = model_from_state(cfg)
    state = dict(model.net.state_dict())
    state.update({f"separator.{k}": v for k, v in model.separator.state_dict().items()})
    path = save_checkpoint(tmp_path / "sep.ckpt", cfg, state, {})
    loaded = load_model(path)
    assert loaded.separator is not None
    for k, v in model.separator.state_dict().items():
        torch.testing.assert_close(loaded.separator.state_dict()[k], v)
    rng = np.random.default_rng(3)
    mono = (0.2 * rng.standard_normal(int(0.6 * RATE))).astype(np.float32)
    prompt = "the dog on the left and the piano on the right"
    timeline = prompt_timeline(prompt, 0.6)
    assert timeline.max_sources == 2  # both named sources reach the separator
    a = render_track_neural(mono, timeline, sample_rate_hz=RATE, checkpoint=loaded, seed=5)
    b = render_track_neural(mono, timeline, sample_rate_hz=RATE, checkpoint=loaded, seed=5)
    np.testing.assert_allclose(a.sum(axis=0), mono, atol=1e-6)
    np.testing.assert_array_equal(a, b)
