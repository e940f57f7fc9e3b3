"""Shared pieces of the training loops: time/step budget, learning-rate schedule, step."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import torch


def budget_used(t0: float, budget_s: float, step: int, max_steps: int | None) -> float | None:
    """Fraction of the budget used (wall time since ``t0``, or steps when ``max_steps`` is
    set); ``None`` once it is spent."""
    elapsed = time.time() - t0
    if elapsed > budget_s or (max_steps is not None and step >= max_steps):
        return None
    return elapsed / budget_s if max_steps is None else step / max_steps


def set_learning_rate(
    opt: torch.optim.Optimizer, base_lr: float, step: int, frac: float, warmup_steps: int
) -> None:
    """Linear warm-up over ``warmup_steps``, then a cosine from ``base_lr`` down to 5% of it
    at ``frac = 1``."""
    warm = min(1.0, (step + 1) / warmup_steps)
    cosine = 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))
    for g in opt.param_groups:
        g["lr"] = base_lr * warm * cosine


def optimizer_step(
    opt: torch.optim.Optimizer,
    params: Iterable[torch.nn.Parameter],
    loss: torch.Tensor,
    clip_norm: float = 1.0,
) -> None:
    """Backward pass, gradient-norm clipping and one optimizer step."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, clip_norm)
    opt.step()
