"""Neural engine with the tiny debug config: no data, no shipped checkpoint, seconds on CPU."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from engine.errors import ParameterError, RenderCancelled
from engine.neural import (
    CheckpointError,
    load_model,
    render_track_neural,
    select_device,
    tiny_config,
)
from engine.neural.checkpoint import read_checkpoint, save_checkpoint
from engine.neural.conditioning import (
    SourceSpec,
    TextEncoder,
    build_conditioning,
    placement_features,
)
from engine.neural.model import SpatialFlow
from engine.neural.render import _span_weights, clean_label, model_from_state
from engine.session import Region
from engine.spatial_path import Keyframe, SpatialPath
from engine.timeline import build_timeline

RATE = 48_000


@pytest.fixture(scope="module")
def tiny_model():
    torch.manual_seed(0)
    return model_from_state(tiny_config())


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def _regions(count=2):
    regions = [
        Region(0.0, 0.4, "the dog on the left", SpatialPath.static(90.0)),
        Region(0.4, 0.9, "the dog on the right", SpatialPath.static(-90.0)),
    ]
    return build_timeline(regions[:count])


def test_shapes_and_channel_sum_equals_mono(tiny_model, rng):
    mono = (0.3 * rng.standard_normal(int(0.9 * RATE))).astype(np.float32)
    out = render_track_neural(mono, _regions(), sample_rate_hz=RATE, checkpoint=tiny_model)
    assert out.shape == (2, mono.size)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.sum(axis=0), mono, atol=1e-6)


def test_other_sample_rate_keeps_length_and_sum(tiny_model, rng):
    mono = (0.3 * rng.standard_normal(22050)).astype(np.float32)
    out = render_track_neural(mono, _regions(1), sample_rate_hz=44_100, checkpoint=tiny_model)
    assert out.shape == (2, mono.size)
    np.testing.assert_allclose(out.sum(axis=0), mono, atol=1e-6)


def test_seed_makes_output_reproducible(tiny_model, rng):
    mono = (0.3 * rng.standard_normal(int(0.6 * RATE))).astype(np.float32)
    a = render_track_neural(mono, _regions(), sample_rate_hz=RATE, seed=7, checkpoint=tiny_model)
    b = render_track_neural(mono, _regions(), sample_rate_hz=RATE, seed=7, checkpoint=tiny_model)
    c = render_track_neural(mono, _regions(), sample_rate_hz=RATE, seed=8, checkpoint=tiny_model)
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - c).max() > 0


def test_no_regions_stays_centred(tiny_model, rng):
    mono = rng.standard_normal(4800).astype(np.float32)
    out = render_track_neural(mono, build_timeline([]), sample_rate_hz=RATE, checkpoint=tiny_model)
    np.testing.assert_array_equal(out[0], out[1])


def test_cancel_raises(tiny_model, rng):
    cancel = threading.Event()
    cancel.set()
    mono = rng.standard_normal(RATE).astype(np.float32)
    with pytest.raises(RenderCancelled):
        render_track_neural(
            mono, _regions(), sample_rate_hz=RATE, checkpoint=tiny_model, cancel=cancel
        )


def test_progress_reaches_one(tiny_model, rng):
    seen = []
    mono = rng.standard_normal(RATE).astype(np.float32)
    render_track_neural(
        mono,
        _regions(),
        sample_rate_hz=RATE,
        checkpoint=tiny_model,
        progress=lambda f, m: seen.append(f),
    )
    assert seen and seen[-1] == pytest.approx(1.0)
    assert all(b >= a for a, b in zip(seen, seen[1:], strict=False))


def test_bad_input_is_named(tiny_model):
    with pytest.raises(ParameterError, match="1-D"):
        render_track_neural(
            np.zeros((2, 10), np.float32), _regions(), sample_rate_hz=RATE, checkpoint=tiny_model
        )


def test_device_selection():
    assert select_device("cpu").type == "cpu"
    assert select_device(None).type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(ParameterError, match="CUDA"):
            select_device("cuda")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_matches_cpu(tiny_model, rng):
    mono = (0.3 * rng.standard_normal(RATE)).astype(np.float32)
    a = render_track_neural(
        mono, _regions(), sample_rate_hz=RATE, checkpoint=tiny_model, device="cpu"
    )
    b = render_track_neural(
        mono, _regions(), sample_rate_hz=RATE, checkpoint=tiny_model, device="cuda"
    )
    assert np.abs(a - b).max() < 1e-2 * np.abs(a).max()


def test_span_weights_sum_to_one_and_ramp():
    times = np.arange(200) * 0.01
    p = SpatialPath.static(0.0)
    timeline = build_timeline([Region(0.0, 1.0, "a", p), Region(1.0, 2.0, "b", p)])
    w = _span_weights(timeline, times, ramp_frames=10)
    np.testing.assert_allclose(w.sum(axis=0), 1.0)
    assert w[0, 0] == 1.0 and w[1, -1] == 1.0
    assert np.abs(np.diff(w[0])).max() < 0.2  # no jump at the boundary


def test_placement_features_carry_side():
    left = placement_features(SpatialPath.static(90.0), np.linspace(0, 1, 5))
    right = placement_features(SpatialPath.static(-90.0), np.linspace(0, 1, 5))
    assert left.shape == (5, 6)
    assert np.all(left[:, 0] > 0.99) and np.all(right[:, 0] < -0.99)


def test_clean_label():
    assert clean_label("put the piano") == "piano"
    assert clean_label("") == "the sound"


def _toy_batch(cfg, n_examples=8, seed=0):
    """Mono noise; the difference is +-0.6 of a delayed copy (left / right)."""
    rng = np.random.default_rng(seed)
    n = int(cfg.segment_s * cfg.sample_rate_hz)
    monos, diffs, prompts, sources = [], [], [], []
    for i in range(n_examples):
        x = rng.standard_normal(n).astype(np.float32) * 0.3
        side = 1.0 if i % 2 == 0 else -1.0
        monos.append(x)
        diffs.append(side * 0.6 * np.roll(x, 3))
        prompts.append("the noise on the left" if side > 0 else "the noise on the right")
        sources.append([SourceSpec("noise", SpatialPath.static(90.0 * side))])
    frame_t = np.arange(n // cfg.hop + 1) * cfg.hop / n
    cond = build_conditioning(cfg, TextEncoder.shared(), prompts, sources, [frame_t] * n_examples)
    return torch.from_numpy(np.stack(monos)), torch.from_numpy(np.stack(diffs)), cond


def test_loss_falls_over_a_few_steps():
    torch.manual_seed(0)
    cfg = tiny_config()
    model = SpatialFlow(cfg)
    batch = _toy_batch(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(40):
        torch.manual_seed(len(losses))
        loss, _ = model(*batch)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert np.mean(losses[-5:]) < 0.7 * np.mean(losses[:5])


def test_checkpoint_roundtrip_and_corruption(tmp_path, tiny_model):
    path = save_checkpoint(
        tmp_path / "m.ckpt", tiny_model.cfg, tiny_model.net.state_dict(), {"training_command": "x"}
    )
    cfg, state, meta = read_checkpoint(path)
    assert cfg == tiny_model.cfg and meta["training_command"] == "x"
    loaded = load_model(path)
    assert loaded.cfg == tiny_model.cfg
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="corrupt"):
        read_checkpoint(bad)


def test_missing_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(CheckpointError, match="not found"):
        load_model(tmp_path / "nope.ckpt")


def test_moving_path_features_change_over_time():
    path = SpatialPath.from_keyframes([Keyframe(0.0, 90.0), Keyframe(1.0, -90.0)])
    f = placement_features(path, np.array([0.0, 1.0]))
    assert f[0, 0] > 0.9 and f[1, 0] < -0.9 and f[0, 5] == 1.0
