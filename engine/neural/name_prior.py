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
``[C, F]`` (natural log, each category's mean power spectrum normalised to sum 1),
``seen`` ``[C]`` (the separator was trained on this name: names it knows keep its masks
unbiased) and ``params`` (``beta``, ``k``, ``tau``, ``iters``, build command) as JSON.
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
# names this close (cosine) to a name the separator was trained on keep its masks unbiased
SEEN_COSINE = 0.99


class NamePriorError(EngineError):
    """A name-prior table is missing a field or has inconsistent shapes."""


@dataclass
class NamePrior:
    """Category table and combination rule; see the module docstring."""

    names: list[str]
    embeddings: np.ndarray  # [C, 384] unit norm
    log_power: np.ndarray  # [C, F] natural log of each category's normalised spectrum
    beta: float = 0.5
    k: int = 5
    tau: float = 0.03
    iters: int = 20
    meta: dict[str, Any] = field(default_factory=dict)
    seen: np.ndarray | None = None  # [C] bool: the separator was trained on this name

    def __post_init__(self) -> None:
        c = len(self.names)
        if self.embeddings.ndim != 2 or self.embeddings.shape[0] != c:
            raise NamePriorError(f"name prior: embeddings {self.embeddings.shape} for {c} names")
        if self.log_power.ndim != 2 or self.log_power.shape[0] != c:
            raise NamePriorError(f"name prior: log_power {self.log_power.shape} for {c} names")
        if self.seen is not None and self.seen.shape != (c,):
            raise NamePriorError(f"name prior: seen {self.seen.shape} for {c} names")

    def source_betas(self, name_embeddings: np.ndarray) -> np.ndarray:
        """``[S]``: ``beta`` for each name the separator never saw, 0 for the names it was
        trained on (cosine >= ``SEEN_COSINE`` to one of them): it already knows those."""
        betas = np.full(name_embeddings.shape[0], self.beta)
        if self.seen is not None and self.seen.any():
            sim = _matmul(name_embeddings, self.embeddings[self.seen].T)
            betas[sim.max(axis=1) >= SEEN_COSINE] = 0.0
        return betas

    def weights(
        self, name_embeddings: np.ndarray, exclude: list[set[str]] | None = None
    ) -> np.ndarray:
        """Category weights ``[S, C]`` (rows sum to 1) of names embedded ``[S, 384]``:
        softmax over the top ``k`` cosine similarities at temperature ``tau``. ``exclude``
        (per name, category names to leave out) is for leave-one-out experiments."""
        sim = _matmul(name_embeddings, self.embeddings.T)  # [S, C]
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
        logw = _matmul(self.weights(name_embeddings, exclude), self.log_power)
        w = np.exp(logw - logw.max(axis=1, keepdims=True))
        return w / w.sum(axis=1, keepdims=True)

    def log_share(self, power: np.ndarray, templates: np.ndarray) -> np.ndarray:
        """Log Wiener shares ``[S, F, T]`` of templates ``[S, F]`` in mixture power ``[F, T]``.

        Per frame, gains ``g [S, T] >= 0`` minimise the KL divergence of ``W^T g`` from
        the power (``iters`` multiplicative updates from equal gains)."""
        # torch, not numpy: numpy's BLAS threads would spin against torch's on a small CPU
        w = torch.from_numpy(np.asarray(templates, np.float32))  # [S, F]
        v = torch.from_numpy(np.asarray(power, np.float32)) + 1e-12  # [F, T]
        g = (v.sum(0) / w.shape[0]).expand(w.shape[0], -1).clone()  # [S, T]
        den = w.sum(dim=1, keepdim=True)  # [S, 1]
        for _ in range(self.iters):
            approx = w.T @ g + 1e-12  # [F, T]
            g *= (w @ (v / approx)) / den
        part = w[:, :, None] * g[:, None, :] + 1e-15  # [S, F, T]
        return torch.log(part / part.sum(dim=0, keepdim=True)).numpy()

    def logit_bias(self, spec: torch.Tensor, name_embeddings: torch.Tensor) -> torch.Tensor:
        """``beta_s * log p_s`` ``[S, F, T]`` (:meth:`source_betas`) for mono STFT ``spec``
        ``[F, T]`` (complex) and the names' pooled embeddings ``[S, 384]``; add it to the
        separator's logits. All zeros when the separator knows every name."""
        emb = name_embeddings.float().cpu().numpy()
        betas = self.source_betas(emb)
        if not betas.any():
            return torch.zeros((emb.shape[0], *spec.shape), device=spec.device)
        power = (spec.abs() ** 2).float().cpu().numpy()
        tmpl = self.templates(emb)
        if tmpl.shape[1] != power.shape[0]:
            raise NamePriorError(
                f"name prior has {tmpl.shape[1]} bins, the STFT {power.shape[0]}: rebuild it "
                "with scripts/build_name_prior.py for this checkpoint"
            )
        bias = betas[:, None, None].astype(np.float32) * self.log_share(power, tmpl)
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
            seen=np.zeros(len(self.names), bool) if self.seen is None else self.seen,
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
                    seen=z["seen"].astype(bool) if "seen" in z.files else None,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise NamePriorError(
                f"name prior {path} could not be read ({exc}); rebuild it with "
                "scripts/build_name_prior.py or delete it to render without the prior"
            ) from exc


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """float64 ``a @ b`` through torch (see :meth:`NamePrior.log_share`)."""
    ta = torch.from_numpy(np.ascontiguousarray(a, np.float64))
    return (ta @ torch.from_numpy(np.ascontiguousarray(b, np.float64))).numpy()


def prior_path_for(checkpoint_path: Path) -> Path:
    """The name-prior table that belongs to a checkpoint: ``X.ckpt`` -> ``X.name_prior.npz``
    beside it."""
    return checkpoint_path.with_suffix(NAME_PRIOR_SUFFIX)
