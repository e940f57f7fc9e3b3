"""Zero-shot name prior: what a named source is expected to sound like, through its words.

The label separator (``separator.py``) learned the names it was trained on; a name it
never saw ("kick drum", "car horn") lands wherever MiniLM puts it and its masks are then
close to a coin toss. This prior generalises through the text instead: each name is
mapped to the training categories whose names MiniLM finds closest (cosine similarity of
pooled embeddings, top ``k``, softmax weights at temperature ``tau``) and gets the
weighted (log-domain) mix of those categories' long-term spectra, measured on their
*training* audio (``scripts/build_name_prior.py``). In a mixture, per frame, each named
source's gain is fitted so that ``sum_s g_s(t) W_s(f)`` explains the mixture's power
(non-negative least squares by multiplicative updates), and the template's Wiener share
``p_s(f, t) = g_s W_s / sum_j g_j W_j`` is added to the separator's logits:
``logit_s += beta * log p_s`` before the softmax over sources.

Shapes: ``W`` ``[S, F]`` linear power templates (``F`` = ``n_bins``), mixture power
``[F, T]``, prior ``[S, F, T]``. The table (``<checkpoint>.name_prior.npz`` beside the checkpoint,
~0.3 MB) holds ``names`` ``[C]``, ``embeddings`` ``[C, 384]`` (unit norm), ``log_power``
``[C, F]`` (natural log, each category's mean power spectrum normalised to sum 1) and
``params`` (``beta``, ``k``, ``tau``, ``iters``, build command) as JSON.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.errors import EngineError

NAME_PRIOR_SUFFIX = ".name_prior.npz"


class NamePriorError(EngineError):
    """A name-prior table is missing a field or has inconsistent shapes."""


@dataclass
class NamePrior:
    """Category table and combination rule; see the module docstring."""

    names: list[str]
    embeddings: np.ndarray  # [C, 384] unit norm
    log_power: np.ndarray  # [C, F] natural log of each category's normalised spectrum
    beta: float = 1.0
    k: int = 5
    tau: float = 0.05
    iters: int = 20
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        c = len(self.names)
        if self.embeddings.ndim != 2 or self.embeddings.shape[0] != c:
            raise NamePriorError(f"name prior: embeddings {self.embeddings.shape} for {c} names")
        if self.log_power.ndim != 2 or self.log_power.shape[0] != c:
            raise NamePriorError(f"name prior: log_power {self.log_power.shape} for {c} names")

    def weights(
        self, name_embeddings: np.ndarray, exclude: list[set[str]] | None = None
    ) -> np.ndarray:
        """Category weights ``[S, C]`` (rows sum to 1) of names embedded ``[S, 384]``:
        softmax over the top ``k`` cosine similarities at temperature ``tau``. ``exclude``
        (per name, category names to leave out) is for leave-one-out experiments."""
        sim = name_embeddings.astype(np.float64) @ self.embeddings.T.astype(np.float64)  # [S, C]
        if exclude is not None:
            for s, names in enumerate(exclude):
                for j, n in enumerate(self.names):
                    if n in names:
                        sim[s, j] = -np.inf
        k = min(self.k, sim.shape[1])
        w = np.zeros_like(sim)
        for s in range(sim.shape[0]):
            top = np.argsort(-sim[s])[:k]
            z = (sim[s, top] - sim[s, top].max()) / self.tau
            w[s, top] = np.exp(z) / np.exp(z).sum()
        return w

    def templates(
        self, name_embeddings: np.ndarray, exclude: list[set[str]] | None = None
    ) -> np.ndarray:
        """Linear power templates ``[S, F]`` (each sums to 1) of the names."""
        logw = self.weights(name_embeddings, exclude) @ self.log_power.astype(np.float64)
        w = np.exp(logw - logw.max(axis=1, keepdims=True))
        return w / w.sum(axis=1, keepdims=True)

    def log_share(self, power: np.ndarray, templates: np.ndarray) -> np.ndarray:
        """Log Wiener shares ``[S, F, T]`` of templates ``[S, F]`` in mixture power ``[F, T]``.

        Per frame, gains ``g [S, T] >= 0`` minimise the KL divergence of ``W^T g`` from
        the power (``iters`` multiplicative updates from equal gains)."""
        w = templates.astype(np.float64)  # [S, F]
        v = power.astype(np.float64) + 1e-12  # [F, T]
        g = np.full((w.shape[0], v.shape[1]), v.sum(0) / w.shape[0])  # [S, T]
        den = w.sum(axis=1, keepdims=True)  # [S, 1]
        for _ in range(self.iters):
            approx = w.T @ g + 1e-12  # [F, T]
            g *= (w @ (v / approx)) / den
        part = w[:, :, None] * g[:, None, :] + 1e-15  # [S, F, T]
        return np.log(part / part.sum(axis=0, keepdims=True)).astype(np.float32)

    def logit_bias(self, spec: torch.Tensor, name_embeddings: torch.Tensor) -> torch.Tensor:
        """``beta * log p_s`` ``[S, F, T]`` for mono STFT ``spec`` ``[F, T]`` (complex) and the
        names' pooled embeddings ``[S, 384]``; add it to the separator's logits."""
        power = (spec.abs() ** 2).float().cpu().numpy()
        tmpl = self.templates(name_embeddings.float().cpu().numpy())
        if tmpl.shape[1] != power.shape[0]:
            raise NamePriorError(
                f"name prior has {tmpl.shape[1]} bins, the STFT {power.shape[0]}: rebuild it "
                "with scripts/build_name_prior.py for this checkpoint"
            )
        bias = self.beta * self.log_share(power, tmpl)
        return torch.from_numpy(bias).to(spec.device)

    def save(self, path: str | os.PathLike) -> Path:
        """Write atomically (temp file + rename)."""
        path = Path(path)
        params = {"beta": self.beta, "k": self.k, "tau": self.tau, "iters": self.iters}
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(
            tmp,
            names=np.array(self.names),
            embeddings=self.embeddings.astype(np.float16),
            log_power=self.log_power.astype(np.float32),
            params=np.array(json.dumps({**params, "meta": self.meta})),
        )
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> NamePrior:
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                params = json.loads(str(z["params"]))
                return cls(
                    names=[str(n) for n in z["names"]],
                    embeddings=z["embeddings"].astype(np.float32),
                    log_power=z["log_power"].astype(np.float32),
                    beta=float(params["beta"]),
                    k=int(params["k"]),
                    tau=float(params["tau"]),
                    iters=int(params["iters"]),
                    meta=params.get("meta", {}),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise NamePriorError(
                f"name prior {path} could not be read ({exc}); rebuild it with "
                "scripts/build_name_prior.py or delete it to render without the prior"
            ) from exc


def prior_path_for(checkpoint_path: Path) -> Path:
    """The name-prior table that belongs to a checkpoint: ``X.ckpt`` -> ``X.name_prior.npz``
    beside it."""
    return checkpoint_path.with_suffix(NAME_PRIOR_SUFFIX)
