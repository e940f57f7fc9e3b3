"""Data-parallel training: two CPU processes (gloo) end with identical weights; resume
continues exactly where a checkpoint stopped."""

from __future__ import annotations

import dataclasses
import os
import socket

import pytest
import torch
import torch.multiprocessing as mp

from engine.neural import tiny_config
from engine.neural.separator import LabelSeparator
from engine.neural.training.distributed import init_replica, shutdown, train_data_parallel

CFG = dataclasses.replace(tiny_config(), use_separator=True)


def _batches(seed: int, n: int = 8, b: int = 2, frames: int = 12):
    """Synthetic separator batches (mixture spec, parts spec, name vectors, present)."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(n):
        parts = torch.complex(
            torch.randn(b, CFG.max_sources, CFG.n_bins, frames, generator=g),
            torch.randn(b, CFG.max_sources, CFG.n_bins, frames, generator=g),
        )
        present = torch.tensor([[True, True, False]] * b)
        parts = parts * present[:, :, None, None]
        labels = torch.randn(b, CFG.max_sources, CFG.text_dim, generator=g)
        out.append((parts.sum(1), parts, labels, present))
    return out


def _worker(rank: int, world: int, port: int, out_dir: str) -> None:
    os.environ.update(
        RANK=str(rank), WORLD_SIZE=str(world), MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port)
    )
    torch.set_num_threads(1)
    replica = init_replica(prefer_cuda=False)
    torch.manual_seed(100 + rank)  # different initial weights: DDP must broadcast rank 0's
    sep = LabelSeparator(CFG)
    torch.save(sep.state_dict(), f"{out_dir}/init{rank}.pt")
    steps = train_data_parallel(sep, _batches(seed=rank), replica, lr=1e-2, max_steps=3)
    assert steps == 3
    torch.save(sep.state_dict(), f"{out_dir}/rank{rank}.pt")
    shutdown(replica)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_cpu_replicas_hold_identical_weights(tmp_path):
    if not torch.distributed.is_available() or not torch.distributed.is_gloo_available():
        pytest.skip("torch built without gloo")
    mp.spawn(_worker, args=(2, _free_port(), str(tmp_path)), nprocs=2, join=True)
    a, b = (torch.load(tmp_path / f"rank{r}.pt") for r in (0, 1))
    init0 = torch.load(tmp_path / "init0.pt")
    init1 = torch.load(tmp_path / "init1.pt")
    moved = 0
    for k in a:
        torch.testing.assert_close(a[k], b[k], rtol=0, atol=1e-6, msg=f"replicas differ at {k}")
        moved += int(not torch.allclose(a[k], init0[k]))
    assert moved > len(a) // 2  # they trained
    assert any(not torch.allclose(init0[k], init1[k]) for k in init0)  # they began apart


def test_resume_continues_where_the_checkpoint_stopped(tmp_path, monkeypatch):
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    replica = init_replica(prefer_cuda=False)
    assert replica.backend is None and replica.world_size == 1
    batches = _batches(seed=7)
    torch.manual_seed(0)
    straight = LabelSeparator(CFG)
    train_data_parallel(straight, batches, replica, lr=1e-2, max_steps=4, warmup_steps=2)
    torch.manual_seed(0)
    first = LabelSeparator(CFG)
    state = tmp_path / "state.pt"
    stopped = train_data_parallel(
        first, batches[:2], replica, lr=1e-2, max_steps=4, warmup_steps=2, state_path=state
    )
    assert stopped == 2  # the stream ran out: cut short, state written
    torch.manual_seed(1)  # the resumed run starts from other weights: the checkpoint wins
    resumed = LabelSeparator(CFG)
    steps = train_data_parallel(
        resumed,
        batches[2:],
        replica,
        lr=1e-2,
        max_steps=4,
        warmup_steps=2,
        state_path=state,
        resume=True,
    )
    assert steps == 4
    for k, v in straight.state_dict().items():
        torch.testing.assert_close(resumed.state_dict()[k], v, rtol=1e-5, atol=1e-6)
