"""Neural rendering of a track: mono + its scene timeline -> binaural ``(2, n)``.

The whole mono is transformed once (STFT); the difference ratio is sampled window by
window (``cfg.window_s`` long, ``cfg.overlap_s`` overlap, trapezoid crossfades on the STFT
frames) and, inside a window, once per timeline span that governs some of its frames,
blended per frame with weights that ramp over ``REGION_RAMP_S`` where the governing span
changes, so a prompt change never clicks. Which span governs a frame is the timeline's
hold rule (:meth:`engine.timeline.Timeline.span_index`: between regions the last one,
held at its end position). Each span carries its sources (label + path) and its prompt
text, which the model reads as conditioning; nothing here parses prompts. The neural
model renders no room: a span in a room adds a notice. When a span names several
sources and the model has a label separator
(``separator.py``), the window is split: each source's share ``a_s`` of every bin is
predicted from its name, the flow samples that source's ratio ``R_s`` from the masked mono
``a_s M`` with that source's placement, and ``R = sum_s a_s R_s``. ``d = istft(R * M)``,
``l = (m + d) / 2``, ``r = (m - d) / 2``: the two channels always sum to the input.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.audio_io import resample
from engine.errors import ParameterError
from engine.neural.checkpoint import DEFAULT_CHECKPOINT, read_checkpoint
from engine.neural.conditioning import GENERIC_LABEL, SourceSpec, TextEncoder, build_conditioning
from engine.neural.config import NeuralConfig
from engine.neural.model import SpatialFlow
from engine.neural.name_prior import NamePrior, prior_path_for
from engine.neural.sampler import sample_ratio
from engine.neural.separator import LabelSeparator
from engine.progress import ProgressCallback, check_cancel
from engine.timeline import Span, Timeline

REGION_RAMP_S = 0.1
BATCH_WINDOWS = 8


@dataclass
class NeuralModel:
    """A loaded model: network (eval mode), its config and checkpoint metadata."""

    net: SpatialFlow
    cfg: NeuralConfig
    meta: dict[str, Any]
    path: Path | None = None
    separator: LabelSeparator | None = None
    # zero-shot name prior (``name_prior.py``) from ``<checkpoint>.name_prior.npz``, if any
    name_prior: NamePrior | None = None


_cache: dict[tuple, NeuralModel] = {}
_cache_lock = threading.Lock()


def model_from_state(
    cfg: NeuralConfig, state_dict: dict | None = None, meta: dict | None = None
) -> NeuralModel:
    """A model from a state dict; keys ``separator.*`` hold the label separator's weights
    (required when ``cfg.use_separator``)."""
    net = SpatialFlow(cfg)
    separator = LabelSeparator(cfg).eval() if cfg.use_separator else None
    if state_dict is not None:
        prefix = "separator."
        net.load_state_dict({k: v for k, v in state_dict.items() if not k.startswith(prefix)})
        if separator is not None:
            separator.load_state_dict(
                {k[len(prefix) :]: v for k, v in state_dict.items() if k.startswith(prefix)}
            )
    return NeuralModel(net.eval(), cfg, meta or {}, separator=separator)


def load_model(checkpoint_path: str | os.PathLike | None = None) -> NeuralModel:
    """Load (and hash-check) a checkpoint; default: the shipped one under assets/models/."""
    path = Path(checkpoint_path) if checkpoint_path is not None else DEFAULT_CHECKPOINT
    key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)
    with _cache_lock:
        if key not in _cache:
            cfg, state, meta = read_checkpoint(path)
            model = model_from_state(cfg, state, meta)
            model.path = path
            prior = prior_path_for(path)
            if prior.is_file():
                model.name_prior = NamePrior.load(prior)
            _cache[key] = model
        return _cache[key]


def select_device(device: str | torch.device | None = None) -> torch.device:
    """``device`` if given, else CUDA when available, else CPU."""
    if device is not None:
        dev = torch.device(device)
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise ParameterError(
                f"device={device!r} asked for CUDA but no CUDA GPU is available; use 'cpu' or None"
            )
        return dev
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


_LEADING = ("put ", "place ", "the ", "a ", "an ", "some ", "my ")


def clean_label(label: str) -> str:
    """A parser label as the model saw labels in training: no leading verbs or articles."""
    text = label.strip().lower()
    changed = True
    while changed:
        changed = False
        for word in _LEADING:
            if text.startswith(word):
                text, changed = text[len(word) :].strip(), True
    return text or GENERIC_LABEL


def span_sources(span: Span) -> list[SourceSpec]:
    """The model's view of a span's sources: cleaned labels and their paths."""
    return [SourceSpec(clean_label(src.label), src.path) for src in span.sources]


def _span_weights(timeline: Timeline, frame_times_s: np.ndarray, ramp_frames: int) -> np.ndarray:
    """[n_spans, T] per-frame weights summing to 1: the span governing each frame (the
    timeline's hold rule), ramped over ``ramp_frames`` where it changes."""
    n_spans, n_frames = len(timeline.spans), len(frame_times_s)
    owner = timeline.span_index(frame_times_s)
    w = np.zeros((n_spans, n_frames))
    w[owner, np.arange(n_frames)] = 1.0
    if ramp_frames > 1 and n_spans > 1:
        kernel = np.bartlett(2 * ramp_frames + 1)
        kernel /= kernel.sum()
        w = np.stack(
            [np.convolve(np.pad(row, ramp_frames, mode="edge"), kernel, mode="valid") for row in w]
        )
        w /= w.sum(axis=0, keepdims=True)
    return w


@torch.no_grad()
def _source_masks(
    separator: LabelSeparator,
    encoder: TextEncoder,
    spec: torch.Tensor,
    named: Sequence[SourceSpec],
    prior: NamePrior | None = None,
) -> torch.Tensor:
    """Each named source's share ``[S, F, T]`` (sums to 1 per bin) of mono STFT ``spec``;
    with a name ``prior`` its log template shares are added to the separator's logits."""
    labels = encoder.pooled([s.label or GENERIC_LABEL for s in named]).to(spec.device)
    if prior is None:
        present = torch.ones(1, len(named), dtype=torch.bool, device=spec.device)
        return separator(spec[None], labels[None], present)[0]
    logits = separator.logits(spec[None], labels[None])[0]  # [S, F, T]
    return torch.softmax(logits + prior.logit_bias(spec, labels), dim=0)


def _windows(n_frames: int, win: int, hop: int) -> list[int]:
    if n_frames <= win:
        return [0]
    starts = list(range(0, n_frames - win, hop)) + [n_frames - win]
    return sorted(set(starts))


def render_track_neural(
    mono: np.ndarray,
    timeline: Timeline,
    *,
    sample_rate_hz: int,
    seed: int = 0,
    guidance_scale: float | None = None,
    checkpoint: str | os.PathLike | NeuralModel | None = None,
    device: str | torch.device | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    notices: list[str] | None = None,
) -> np.ndarray:
    """Spatialize ``mono`` ``[shape=(n,)]`` along ``timeline`` (its spans' sources and text).

    Returns float32 ``[shape=(2, n)]`` (row 0 = left ear) whose channel sum equals ``mono``.
    ``guidance_scale`` defaults to the model's; ``checkpoint`` is a path, a loaded
    :class:`NeuralModel` or ``None`` for the shipped model. Messages for the user (rooms
    the model does not render) are appended to ``notices`` when it is given.
    """
    mono = np.asarray(mono, dtype=np.float32)
    if mono.ndim != 1:
        raise ParameterError(f"mono must be 1-D (n_samples,), got shape {mono.shape}")
    if not np.all(np.isfinite(mono)):
        raise ParameterError("mono holds NaN or infinite samples; clean the input first")
    if sample_rate_hz <= 0:
        raise ParameterError(f"sample_rate_hz must be positive, got {sample_rate_hz}")
    model = checkpoint if isinstance(checkpoint, NeuralModel) else load_model(checkpoint)
    cfg = model.cfg
    g = cfg.guidance_scale if guidance_scale is None else float(guidance_scale)
    n = mono.size
    rooms = [r for r in timeline.rooms() if r != "anechoic"]
    if rooms and notices is not None:
        notices.append(
            f"the neural engine renders no room: {', '.join(map(repr, rooms))} not applied "
            "(use the physical engine for rooms)"
        )
    spans = timeline.spans
    if n == 0 or not spans:
        return np.stack([mono / 2, mono / 2]).astype(np.float32)
    dev = select_device(device)
    net = model.net.to(dev)
    encoder = TextEncoder.shared()
    rate = cfg.sample_rate_hz
    m_model = (
        mono if sample_rate_hz == rate else resample(mono, sample_rate_hz, rate).astype(np.float32)
    )
    with torch.no_grad():
        m_spec = net.stft(torch.from_numpy(m_model)[None].to(dev))[0]  # [F, T]
    n_frames = m_spec.shape[1]
    frame_times = np.arange(n_frames) * cfg.hop / rate
    weights = _span_weights(timeline, frame_times, max(1, int(REGION_RAMP_S * rate / cfg.hop)))
    sources = [span_sources(span) for span in spans]
    win = max(8, int(cfg.window_s * rate / cfg.hop))
    ov = int(cfg.overlap_s * rate / cfg.hop)
    starts = _windows(n_frames, win, win - ov)
    win = min(win, n_frames)
    ramp = np.ones(win)
    if len(starts) > 1 and ov > 0:
        ramp[:ov] = np.linspace(0, 1, ov + 2)[1:-1]
        ramp[-ov:] = np.linspace(1, 0, ov + 2)[1:-1]
    jobs = [(s, i) for s in starts for i in range(len(spans)) if weights[i, s : s + win].max() > 0]
    acc = torch.zeros_like(m_spec)
    norm = np.zeros(n_frames)
    for s in starts:
        norm[s : s + win] += ramp
    use_amp = dev.type == "cuda"
    separator = model.separator.to(dev) if model.separator is not None else None
    for j0 in range(0, len(jobs), BATCH_WINDOWS):
        check_cancel(cancel)
        batch = jobs[j0 : j0 + BATCH_WINDOWS]
        # one flow entry per job, or per named source when the separator splits the mix
        entries: list[tuple[int, torch.Tensor | None]] = []  # (job in batch, mask [F, win])
        prompts, srcs, frame_t, specs = [], [], [], []
        for k, (s, i) in enumerate(batch):
            span = spans[i]
            ft = span.fraction(frame_times[s : s + win])
            spec = m_spec[:, s : s + win]
            named = sources[i][: cfg.max_sources]
            if separator is not None and len(named) >= 2:
                masks = _source_masks(separator, encoder, spec, named)  # [S, F, win]
                groups: list[tuple[torch.Tensor | None, list[SourceSpec]]] = [
                    (masks[j], [src]) for j, src in enumerate(named)
                ]
            else:
                groups = [(None, list(named))]
            for share, group in groups:
                entries.append((k, share))
                prompts.append(span.text)
                srcs.append(group)
                frame_t.append(ft)
                specs.append(spec if share is None else spec * share)
        cond = build_conditioning(cfg, encoder, prompts, srcs, frame_t).trimmed().to(dev)
        gen = torch.Generator().manual_seed(int(seed) * 1_000_003 + j0)
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=use_amp):
            ratio = sample_ratio(
                net,
                torch.stack(specs),
                cond,
                steps=cfg.sampler_steps,
                guidance_scale=g,
                generator=gen,
            )
        ratio = ratio.to(torch.complex64)
        for e, (k, mask) in enumerate(entries):
            s, i = batch[k]
            w = torch.from_numpy((weights[i, s : s + win] * ramp).astype(np.float32)).to(dev)
            acc[:, s : s + win] += ratio[e] * (w if mask is None else w * mask)
        if progress is not None:
            progress(min(1.0, (j0 + len(batch)) / len(jobs)), "neural rendering")
    ratio_full = acc / torch.from_numpy(np.maximum(norm, 1e-9).astype(np.float32)).to(dev)
    with torch.no_grad():
        d = net.stft.inverse((ratio_full * m_spec)[None], m_model.size)[0].float().cpu().numpy()
    if sample_rate_hz != rate:
        d = resample(d, rate, sample_rate_hz)[:n]
        d = np.pad(d, (0, n - d.size))
    d = d.astype(np.float32)
    return np.stack([(mono + d) / 2, (mono - d) / 2]).astype(np.float32)
