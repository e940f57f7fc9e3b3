"""Data-parallel training with ``torch.distributed`` (DDP): gloo on CPU, NCCL on CUDA.

One process per device (``torchrun --nproc_per_node N ...`` sets ``RANK``,
``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR``/``PORT``; without them the loop runs as a
single process). Every rank draws its own batches from its own iterable (e.g. scenes
simulated with the rank in the seed, or shards streamed from simulation workers); DDP
averages the gradients, so every replica takes the same optimizer step and holds the
same weights. Rank 0 alone writes checkpoints and logs. On CUDA the forward pass runs
under bfloat16 autocast (mixed precision; no loss scaling needed). A checkpoint holds the
model, optimizer, step and elapsed time, and :func:`train_data_parallel` resumes from it.
The stop decision (steps or minutes) is all-reduced every step so the ranks never
disagree on the last step (a rank that stopped alone would hang the others).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
from torch import nn

from engine.neural.training.schedule import set_learning_rate

log = logging.getLogger("engine.neural.distributed")


@dataclass(frozen=True)
class Replica:
    """Where this process runs: ``rank`` of ``world_size``, its ``device`` and backend."""

    rank: int
    world_size: int
    device: torch.device
    backend: str | None  # None: a single process, no process group

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def init_replica(prefer_cuda: bool = True) -> Replica:
    """Join the process group described by the environment (torchrun), NCCL when CUDA is
    available, else gloo; a lone process when ``WORLD_SIZE`` is unset or 1."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", str(rank)))
    cuda = prefer_cuda and torch.cuda.is_available()
    device = torch.device(f"cuda:{local}") if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world <= 1:
        return Replica(0, 1, device, None)
    backend = "nccl" if cuda else "gloo"
    if not dist.is_initialized():
        dist.init_process_group(backend, rank=rank, world_size=world)
    return Replica(rank, world, device, backend)


class LossModule(nn.Module):
    """Wraps a network whose ``loss(*batch)`` (or, without one, ``forward(*batch)``)
    returns ``(loss, parts)`` so DDP sees the loss as the forward pass (DDP syncs
    gradients only through ``forward``)."""

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, *batch: Any) -> tuple[torch.Tensor, dict]:
        fn = getattr(self.net, "loss", None) or self.net
        return fn(*batch)


def save_training_state(
    path: Path, net: nn.Module, opt: torch.optim.Optimizer, step: int, elapsed_s: float
) -> None:
    """Atomic write of everything a resume needs."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(
        {
            "model": net.state_dict(),
            "optimizer": opt.state_dict(),
            "step": step,
            "elapsed_s": elapsed_s,
        },
        tmp,
    )
    os.replace(tmp, path)


def _to_device(batch: Any, device: torch.device) -> Any:
    if isinstance(batch, torch.Tensor):
        return batch.to(device, non_blocking=True)
    if isinstance(batch, list | tuple):
        return type(batch)(_to_device(b, device) for b in batch)
    to = getattr(batch, "to", None)  # e.g. the flow's conditioning
    return to(device) if callable(to) else batch


def _agree_to_stop(stop: bool, replica: Replica) -> bool:
    if replica.backend is None:
        return stop
    flag = torch.tensor([1.0 if stop else 0.0], device=replica.device)
    dist.all_reduce(flag, op=dist.ReduceOp.MAX)
    return bool(flag.item() > 0)


def history_logger(
    logger: logging.Logger,
) -> tuple[list[dict], Callable[[int, dict], None]]:
    """``(history, on_log)`` for :func:`train_data_parallel`: ``on_log(step, parts)``
    appends ``{"step", "t_s" (whole seconds since this call), **parts}`` to ``history``
    and logs it on ``logger``."""
    history: list[dict] = []
    t0 = time.time()

    def on_log(step: int, parts: dict) -> None:
        history.append({"step": step, "t_s": round(time.time() - t0), **parts})
        logger.info("%s", history[-1])

    return history, on_log


def train_data_parallel(
    net: nn.Module,
    batches: Iterable[Any],
    replica: Replica,
    *,
    lr: float,
    max_steps: int | None = None,
    minutes: float | None = None,
    warmup_steps: int = 100,
    state_path: Path | None = None,
    state_every: int = 200,
    resume: bool = False,
    clip_norm: float = 1.0,
    on_log: Callable[[int, dict], None] | None = None,
    log_every: int = 25,
) -> int:
    """Train ``net`` (has ``loss(*batch) -> (loss, parts)``) on ``batches`` (any iterable of
    batches, e.g. simulated scenes streamed from workers) until ``max_steps``, ``minutes``
    (the budget counts time before a resume too) or the end of ``batches`` on any rank.
    The learning-rate schedule runs over ``max_steps`` (or ``minutes``), so a run cut
    short and resumed follows the same schedule. Returns the final step.
    ``on_log(step, parts)`` runs on rank 0 only."""
    if max_steps is None and minutes is None:
        raise ValueError("give max_steps or minutes")
    net.to(replica.device)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.01)
    step, done_s = 0, 0.0
    if resume and state_path is not None and state_path.exists():
        state = torch.load(state_path, map_location=replica.device, weights_only=False)
        net.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, done_s = int(state["step"]), float(state["elapsed_s"])
        if replica.is_main:
            log.info("resumed from %s at step %d", state_path, step)
    wrapped: nn.Module = LossModule(net)
    if replica.backend is not None:
        ids = [replica.device.index] if replica.device.type == "cuda" else None
        wrapped = nn.parallel.DistributedDataParallel(wrapped, device_ids=ids)
    amp = replica.device.type == "cuda"
    budget_s = None if minutes is None else minutes * 60
    t0 = time.time() - done_s
    it = iter(batches)
    while True:
        elapsed = time.time() - t0
        stop = (max_steps is not None and step >= max_steps) or (
            budget_s is not None and elapsed >= budget_s
        )
        raw = None if stop else next(it, None)  # a finite stream that runs out stops too
        if _agree_to_stop(raw is None, replica):
            break
        frac = step / max_steps if max_steps is not None else elapsed / (budget_s or 1.0)
        set_learning_rate(opt, lr, step, frac, warmup_steps)
        wrapped.train()
        batch = _to_device(raw, replica.device)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=amp):
            loss, parts = wrapped(*batch)
        opt.zero_grad(set_to_none=True)
        loss.float().backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), clip_norm)
        opt.step()
        step += 1
        if replica.is_main and on_log is not None and step % log_every == 0:
            on_log(step, {"loss": round(float(loss), 5), **parts})
        if replica.is_main and state_path is not None and step % state_every == 0:
            save_training_state(state_path, net, opt, step, time.time() - t0)
    if replica.is_main and state_path is not None:
        save_training_state(state_path, net, opt, step, time.time() - t0)
    return step


def shutdown(replica: Replica) -> None:
    if replica.backend is not None and dist.is_initialized():
        dist.destroy_process_group()
