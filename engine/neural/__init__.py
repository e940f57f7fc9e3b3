"""The neural engine: text-conditioned flow matching that spatializes mixtures by the words
that name them (issue 5).

In the flow prompt -> placement -> timeline -> render -> outputs it renders: mono audio plus
a track's timeline (each span's sources, labels and text) in, binaural out.

    from engine.neural import render_track_neural, load_model
    binaural = render_track_neural(mono, build_timeline(regions), sample_rate_hz=48_000)

Modules: ``config`` (frozen config), ``model`` (the flow network; forward = loss),
``separator`` (which named source plays in each bin of a mixture), ``sampler`` (few-step
flow sampler with classifier-free guidance), ``conditioning`` (MiniLM text and placement
features), ``checkpoint`` (hash-checked files), ``render`` (windowed inference).
``training/`` (scene simulation, captions, training loops) is never imported from here.
"""

from engine.neural.checkpoint import DEFAULT_CHECKPOINT, CheckpointError
from engine.neural.config import NeuralConfig, tiny_config
from engine.neural.render import NeuralModel, load_model, render_track_neural, select_device

__all__ = [
    "DEFAULT_CHECKPOINT",
    "CheckpointError",
    "NeuralConfig",
    "NeuralModel",
    "load_model",
    "render_track_neural",
    "select_device",
    "tiny_config",
]
