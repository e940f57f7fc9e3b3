"""Separate by name, place with physics: the neural engine's path for named mixtures.

For every span of the track's timeline (``engine.timeline``) the label separator
(``separator.py``) splits the mono into one stem per source the span names (soft masks
that sum to one in every STFT bin, so the stems sum to the input); each stem is then
rendered by the physical engine at its own source's path with the session's HRTF (any
SOFA file, e.g. a personal one), rooms, distance and motion, and the binaural stems are
summed. A span naming one source is one stem: the whole mono, placed by the physical
engine. For names the separator was never trained on, the checkpoint's zero-shot name
prior (``name_prior.py``, when its table sits beside the checkpoint) adds each name's
expected spectrum to the mask logits.

Stems are built per *slot*: slot ``j`` carries the ``j``-th named source of whichever
span governs a frame (the timeline's hold rule, ramped over ``REGION_RAMP_S`` where it
changes, as in ``render.py``), so the physical renderer sees one continuous track per
slot on a timeline whose spans hold that slot's source (:func:`slot_timeline`). Masks are predicted on ``cfg.window_s`` windows with
crossfaded overlaps (the separator was trained on ~1 s scenes).

Shapes: mono ``(n,)``; masks ``[S, F, T]`` (``F`` = ``cfg.n_bins``, ``T`` frames of hop
``cfg.hop`` at ``cfg.sample_rate_hz``); output ``(2, n + tail)`` like the physical engine.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import torch

from engine.audio_io import resample
from engine.hrtf import HrtfSet
from engine.neural.conditioning import GENERIC_LABEL, TextEncoder
from engine.neural.render import (
    REGION_RAMP_S,
    NeuralModel,
    _source_masks,
    _span_weights,
    _windows,
    span_sources,
)
from engine.progress import ProgressCallback, check_cancel, sub_progress
from engine.timeline import Timeline

NEURAL_PATHS = ("separate", "flow")


def slot_masks(model: NeuralModel, m_spec: torch.Tensor, timeline: Timeline) -> np.ndarray:
    """Per-slot masks ``[n_slots, F, T]`` of mono STFT ``m_spec`` ``[F, T]`` (sum 1 per bin).

    Slot ``j`` holds source ``j`` of the span governing each frame; a span with fewer
    than ``j + 1`` sources gives slot ``j`` nothing (a lone source takes every bin).
    """
    cfg, sep = model.cfg, model.separator
    n_frames = m_spec.shape[1]
    if not timeline.spans:
        return np.ones((1, cfg.n_bins, n_frames), np.float32)
    sources = [span_sources(span) for span in timeline.spans]
    n_slots = max([1, *(min(len(s), cfg.max_sources) for s in sources)])
    rate = cfg.sample_rate_hz
    frame_times = np.arange(n_frames) * cfg.hop / rate
    weights = _span_weights(timeline, frame_times, max(1, int(REGION_RAMP_S * rate / cfg.hop)))
    out = np.zeros((n_slots, cfg.n_bins, n_frames), np.float32)
    multi = [i for i, s in enumerate(sources) if len(s) >= 2]
    for i, named in enumerate(sources):
        if len(named) < 2:
            out[0] += weights[i][None, :].astype(np.float32)
    if not multi or sep is None:
        return out if not multi else _lone(out, weights, multi)
    encoder = TextEncoder.shared()
    win = max(8, int(cfg.window_s * rate / cfg.hop))
    ov = int(cfg.overlap_s * rate / cfg.hop)
    starts = _windows(n_frames, win, win - ov)
    win = min(win, n_frames)
    ramp = np.ones(win, np.float32)
    if len(starts) > 1 and ov > 0:
        ramp[:ov] = np.linspace(0, 1, ov + 2)[1:-1]
        ramp[-ov:] = np.linspace(1, 0, ov + 2)[1:-1]
    norm = np.zeros(n_frames, np.float32)
    for s in starts:
        norm[s : s + win] += ramp
    sep = sep.to(m_spec.device)
    for i in multi:
        named = list(sources[i][: cfg.max_sources])
        acc = np.zeros((len(named), cfg.n_bins, n_frames), np.float32)
        for s in starts:
            if weights[i, s : s + win].max() <= 0:
                continue
            masks = _source_masks(sep, encoder, m_spec[:, s : s + win], named, model.name_prior)
            acc[:, :, s : s + win] += masks.float().cpu().numpy() * ramp
        acc /= np.maximum(norm, 1e-9)
        out[: len(named)] += acc * weights[i][None, None, :].astype(np.float32)
    return out


def _lone(out: np.ndarray, weights: np.ndarray, multi: list[int]) -> np.ndarray:
    """Without a separator a multi-source region stays whole in slot 0."""
    for i in multi:
        out[0] += weights[i][None, :].astype(np.float32)
    return out


def slot_timeline(timeline: Timeline, slot: int) -> Timeline:
    """The timeline as slot ``slot`` sees it: each span holds only its ``slot``-th source
    (its last one where it names fewer), so an engine that follows source 0 follows it."""
    spans = tuple(
        replace(span, sources=(span.sources[min(slot, len(span.sources) - 1)],))
        for span in timeline.spans
    )
    return replace(timeline, spans=spans)


def render_separate_and_place(
    mono: np.ndarray,
    timeline: Timeline,
    model: NeuralModel,
    hrtf: HrtfSet,
    *,
    sample_rate_hz: int,
    device: torch.device | None = None,
    notices: list[str] | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> np.ndarray:
    """Binaural ``(2, n + tail)`` float32: named stems of ``mono`` placed by physics.

    Rooms come from ``timeline`` (its default room and the spans' rooms). Notices say,
    per span, how many stems it was split into and which HRTF and room placed them.
    """
    from engine.physical import render_track as render_physical  # noqa: PLC0415

    cfg = model.cfg
    dev = device or torch.device("cpu")
    rate = cfg.sample_rate_hz
    m = mono if sample_rate_hz == rate else resample(mono, sample_rate_hz, rate).astype(np.float32)
    stft = model.net.stft.to(dev)
    with torch.no_grad():
        m_spec = stft(torch.from_numpy(np.ascontiguousarray(m))[None].to(dev))[0]
    check_cancel(cancel)
    masks = slot_masks(model, m_spec, timeline)
    stems = []
    with torch.no_grad():
        for j in range(masks.shape[0]):
            share = torch.from_numpy(masks[j]).to(dev)
            stem = stft.inverse((m_spec * share)[None], m.size)[0].float().cpu().numpy()
            if sample_rate_hz != rate:
                stem = resample(stem, rate, sample_rate_hz)[: mono.size]
                stem = np.pad(stem, (0, mono.size - stem.size))
            stems.append(stem.astype(np.float32))
    outs = []
    for j, stem in enumerate(stems):
        step = sub_progress(progress, j / len(stems), (j + 1) / len(stems))
        outs.append(
            render_physical(
                stem,
                slot_timeline(timeline, j),
                hrtf,
                sample_rate_hz=sample_rate_hz,
                progress=step,
                cancel=cancel,
                notices=notices if j == 0 else None,
            )
        )
    length = max(o.shape[1] for o in outs)
    out = np.zeros((2, length), np.float32)
    for o in outs:
        out[:, : o.shape[1]] += o
    if notices is not None:
        head = f"HRTF {hrtf.path.name if hrtf.path is not None else hrtf.title!r}"
        for sp in timeline.spans:
            named = span_sources(sp)
            span = f"region {sp.start_s:g}-{sp.end_s:g} s"
            where = f"placed by the physical engine with {head}, room {sp.room!r}"
            labels = ", ".join(repr(s.label or GENERIC_LABEL) for s in named[: cfg.max_sources])
            if len(named) >= 2 and model.separator is None:
                notices.append(
                    f"{span}: this neural checkpoint has no label separator, so the "
                    f"{len(named)} named sources were not split: the whole mix is {where} at "
                    "the first source's place"
                )
            elif len(named) > cfg.max_sources:
                notices.append(
                    f"{span}: neural separate-and-place, {cfg.max_sources} named stems "
                    f"({labels}) {where}; the prompt names {len(named)} sources, the rest "
                    f"are left in the stems (at most {cfg.max_sources})"
                )
            elif len(named) >= 2:
                notices.append(
                    f"{span}: neural separate-and-place, {len(named)} named stems ({labels}) {where}"
                )
            else:
                notices.append(f"{span}: neural separate-and-place, one source (no split), {where}")
    return out


def _is_default(hrtf: HrtfSet) -> bool:
    from engine.hrtf.hrtf_set import default_hrtf_path  # noqa: PLC0415

    try:
        return hrtf.path is None or hrtf.path.resolve() == default_hrtf_path().resolve()
    except Exception:  # noqa: BLE001 - no default installed: then it is not the default
        return False


def render_neural(
    mono: np.ndarray,
    timeline: Timeline,
    *,
    sample_rate_hz: int,
    hrtf: HrtfSet | None = None,
    neural_path: str = "separate",
    checkpoint: str | NeuralModel | None = None,
    seed: int = 0,
    device: str | torch.device | None = None,
    notices: list[str] | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> np.ndarray:
    """The neural engine as a session renders it: ``neural_path`` ``"separate"`` (default,
    :func:`render_separate_and_place`, honours ``hrtf`` (``None`` = MIT KEMAR) and the
    timeline's rooms) or ``"flow"`` (the flow-ratio model, ``render.render_track_neural``:
    the channels sum to the input; it cannot honour a personal HRTF or a room, and the
    notices say so). Returns ``(2, n)`` (flow) or ``(2, n + tail)`` (separate) float32."""
    from engine.errors import ParameterError  # noqa: PLC0415
    from engine.neural.render import load_model, render_track_neural, select_device  # noqa: PLC0415

    if neural_path not in NEURAL_PATHS:
        raise ParameterError(f"neural_path must be one of {NEURAL_PATHS}, got {neural_path!r}")
    mono = np.asarray(mono, dtype=np.float32)
    if mono.ndim != 1:
        raise ParameterError(f"mono must be 1-D (n_samples,), got shape {mono.shape}")
    if not np.all(np.isfinite(mono)):
        raise ParameterError("mono holds NaN or infinite samples; clean the input first")
    model = checkpoint if isinstance(checkpoint, NeuralModel) else load_model(checkpoint)
    if neural_path == "flow":
        out = render_track_neural(
            mono,
            timeline,
            sample_rate_hz=sample_rate_hz,
            seed=seed,
            checkpoint=model,
            device=device,
            progress=progress,
            cancel=cancel,
            notices=notices,  # it says which rooms it does not render
        )
        if notices is not None:
            for sp in timeline.spans:
                cant = []
                if hrtf is not None and not _is_default(hrtf):
                    name = hrtf.path.name if hrtf.path is not None else repr(hrtf.title)
                    cant.append(f"the HRTF {name} (it renders its learned KEMAR-like head)")
                msg = f"region {sp.start_s:g}-{sp.end_s:g} s: neural flow-ratio path"
                if cant:
                    msg += "; it cannot honour " + " or ".join(cant)
                notices.append(msg)
        return out
    if hrtf is None:
        hrtf = HrtfSet.load(None, sample_rate_hz)
    return render_separate_and_place(
        mono,
        timeline,
        model,
        hrtf,
        sample_rate_hz=sample_rate_hz,
        device=select_device(device),
        notices=notices,
        progress=progress,
        cancel=cancel,
    )
