"""Train the label separator (``separator.py``) and add it to a flow checkpoint.

    .venv/bin/python -m engine.neural.training.train_separator --minutes 50 \\
        --base assets/models/neural_spatializer.ckpt --out assets/models/neural_spatializer.ckpt

Each step simulates 2-3 source KEMAR scenes (``simulate.py``, same rooms, motion and
gains as the flow's training), takes every source's contribution to the mono sum, and
fits the per-source masks to the true shares given each source's name (its category,
as the prompt parser would label it). The flow weights of ``--base`` are copied
unchanged; the output checkpoint holds both networks, ``use_separator=True`` in its
config and the separator's command and log in ``meta["separator"]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import shlex
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import torch

from engine.neural.checkpoint import read_checkpoint, save_checkpoint
from engine.neural.conditioning import TextEncoder
from engine.neural.config import NeuralConfig
from engine.neural.model import Stft
from engine.neural.separator import LabelSeparator
from engine.neural.training.names import vary_names
from engine.neural.training.schedule import budget_used, optimizer_step, set_learning_rate
from engine.neural.training.simulate import (
    KEMAR_SOFA,
    HrirTable,
    Scene,
    load_clips,
    simulate_scene,
)

log = logging.getLogger("engine.neural.train_separator")


# extra-package categories recorded with held-out ones (same drum kits, same synth
# library): training on them would leak the held-out recordings' sound
NEAR_HELDOUT = frozenset({"cymbal", "tom-tom", "shaker", "synth pad"})


def training_clips(data_dir: Path) -> list:
    """Training clips of ``manifest.jsonl`` plus, when prepared, the train split of
    ``manifest_extra.jsonl`` (extra packages; never its held-out categories, nor
    ``NEAR_HELDOUT``)."""
    clips = load_clips(data_dir, "train")
    if (data_dir / "manifest_extra.jsonl").exists():
        extra = load_clips(data_dir, "train", manifest="manifest_extra.jsonl")
        clips += [c for c in extra if c.category not in NEAR_HELDOUT]
    return clips


def simulate_batch(rng, clips, hrirs, cfg: NeuralConfig, batch_size: int, vocab: bool = False):
    """Raw batch: (mono [B, n], parts [B, S, n] zero-padded, names per example). With
    ``vocab`` the names are varied (``names.vary_names``: synonyms, adjectives,
    hypernyms) and 30% of the scenes mix similar sounds."""
    n = int(cfg.segment_s * cfg.sample_rate_hz)
    s_max = cfg.max_sources
    monos, parts, names = [], np.zeros((batch_size, s_max, n), np.float32), []
    for i in range(batch_size):
        k = int(rng.choice([2, 3], p=[0.7, 0.3])) if s_max >= 3 else 2
        scene = simulate_scene(
            rng, clips, hrirs, n, cfg.sample_rate_hz, n_sources=k, p_similar=0.3 if vocab else 0.0
        )
        monos.append(scene.mono)
        parts[i, : len(scene.parts)] = scene.parts
        names.append(vary_names(rng, scene.categories) if vocab else scene.categories)
    return np.stack(monos), parts, names


def batches_from_scenes(scenes: Iterable[Scene], s_max: int, batch_size: int) -> Iterator[tuple]:
    """Group any iterable of simulated scenes (this module's ``simulate_scene``, or shards
    streamed from simulation workers) into raw batches like :func:`simulate_batch`'s."""
    buf: list[Scene] = []
    for scene in scenes:
        buf.append(scene)
        if len(buf) == batch_size:
            n = buf[0].mono.size
            parts = np.zeros((batch_size, s_max, n), np.float32)
            for i, sc in enumerate(buf):
                parts[i, : min(len(sc.parts), s_max)] = sc.parts[:s_max]
            yield np.stack([sc.mono for sc in buf]), parts, [sc.categories[:s_max] for sc in buf]
            buf = []


def to_tensors(raw, cfg: NeuralConfig, encoder: TextEncoder, stft: Stft):
    """(mono_spec [B, F, T], parts_spec [B, S, F, T], labels [B, S, 384], mask [B, S])."""
    monos, parts, names = (torch.as_tensor(raw[0]), torch.as_tensor(raw[1]), raw[2])
    b, s_max, n = parts.shape
    labels = torch.zeros(b, s_max, cfg.text_dim)
    mask = torch.zeros(b, s_max, dtype=torch.bool)
    for i, cats in enumerate(names):
        labels[i, : len(cats)] = encoder.pooled(cats)
        mask[i, : len(cats)] = True
    with torch.no_grad():
        mono_spec = stft(monos)
        parts_spec = stft(parts.reshape(b * s_max, n))
    return mono_spec, parts_spec.view(b, s_max, *parts_spec.shape[1:]), labels, mask


class _SceneStream(torch.utils.data.IterableDataset):
    """Endless simulated batches, made in a worker process while the model trains."""

    def __init__(
        self, data_dir: Path, sofa: Path, cfg: NeuralConfig, batch_size: int, seed: int, vocab: bool
    ):
        self.args = (data_dir, sofa, cfg, batch_size, seed, vocab)

    def __iter__(self):
        data_dir, sofa, cfg, batch_size, seed, vocab = self.args
        torch.set_num_threads(1)
        rng = np.random.default_rng(seed)
        clips = training_clips(data_dir) if vocab else load_clips(data_dir, "train")
        hrirs = HrirTable(sofa, cfg.sample_rate_hz)
        while True:
            yield simulate_batch(rng, clips, hrirs, cfg, batch_size, vocab)


def train_separator(
    cfg: NeuralConfig,
    *,
    data_dir: Path,
    minutes: float,
    max_steps: int | None,
    batch_size: int,
    lr: float,
    seed: int,
    workers: int = 1,
    on_checkpoint=None,
    vocab: bool = False,
    init: dict | None = None,
    sofa: Path = KEMAR_SOFA,
) -> tuple[LabelSeparator, dict]:
    """Train; ``on_checkpoint(separator, log_dict)`` is called every 200 steps and at the end."""
    torch.manual_seed(seed)
    hrirs = HrirTable(sofa, cfg.sample_rate_hz)
    val_clips = load_clips(data_dir, "val")
    encoder = TextEncoder.shared()
    stft = Stft(cfg)
    sep = LabelSeparator(cfg)
    if init is not None:
        sep.load_state_dict(init)
    log.info("separator: %.2f M parameters", sep.n_params() / 1e6)
    opt = torch.optim.AdamW(sep.parameters(), lr=lr, weight_decay=0.01)
    val_raw = simulate_batch(np.random.default_rng(12345), val_clips, hrirs, cfg, 32)
    val = to_tensors(val_raw, cfg, encoder, stft)
    stream = iter(
        torch.utils.data.DataLoader(
            _SceneStream(data_dir, sofa, cfg, batch_size, seed, vocab),
            batch_size=None,
            num_workers=workers,
            prefetch_factor=4 if workers else None,
        )
    )
    history: list[dict] = []
    t0 = time.time()
    budget_s = minutes * 60
    step = 0

    def info() -> dict:
        return {
            "steps": step,
            "batch_size": batch_size,
            "train_seconds": round(time.time() - t0, 1),
            "parameters": sep.n_params(),
            "history": history,
        }

    while (frac := budget_used(t0, budget_s, step, max_steps)) is not None:
        set_learning_rate(opt, lr, step, frac, warmup_steps=100)
        sep.train()
        raw = next(stream)
        loss, parts = sep.loss(*to_tensors(raw, cfg, encoder, stft))
        optimizer_step(opt, sep.parameters(), loss)
        step += 1
        if step % 25 == 0:
            rec = {"step": step, "t_s": round(time.time() - t0), **parts}
            if step % 100 == 0:
                sep.eval()
                with torch.no_grad():
                    _, vparts = sep.loss(*val)
                rec.update({f"val_{k}": round(v, 4) for k, v in vparts.items()})
            history.append(rec)
            log.info("%s", rec)
        if on_checkpoint is not None and step % 200 == 0:
            on_checkpoint(sep, info())
    if on_checkpoint is not None:
        on_checkpoint(sep, info())
    return sep, info()


def train_separator_ddp(
    cfg: NeuralConfig,
    *,
    data_dir: Path,
    minutes: float | None,
    max_steps: int | None,
    batch_size: int,
    lr: float,
    seed: int,
    state_path: Path,
    resume: bool,
    vocab: bool = False,
    sofa: Path = KEMAR_SOFA,
) -> tuple[LabelSeparator | None, dict]:
    """Data-parallel training (``distributed.py``; launch with ``torchrun``): each rank
    simulates its own scenes (seed + 1000 * rank). Returns the separator on rank 0 (None
    elsewhere) and its log."""
    from engine.neural.training.distributed import (  # noqa: PLC0415
        history_logger,
        init_replica,
        shutdown,
        train_data_parallel,
    )

    replica = init_replica()
    torch.manual_seed(seed)
    encoder = TextEncoder.shared()
    stft = Stft(cfg)
    sep = LabelSeparator(cfg)
    rng = np.random.default_rng(seed + 1000 * replica.rank)
    clips = training_clips(data_dir) if vocab else load_clips(data_dir, "train")
    hrirs = HrirTable(sofa, cfg.sample_rate_hz)
    n = int(cfg.segment_s * cfg.sample_rate_hz)
    scenes = (
        simulate_scene(
            rng,
            clips,
            hrirs,
            n,
            cfg.sample_rate_hz,
            n_sources=int(rng.choice([2, 3], p=[0.7, 0.3])),
            p_similar=0.3 if vocab else 0.0,
        )
        for _ in iter(int, 1)
    )
    batches = (
        to_tensors(
            (mono, parts, [vary_names(rng, c) if vocab else c for c in cats]), cfg, encoder, stft
        )
        for mono, parts, cats in batches_from_scenes(scenes, cfg.max_sources, batch_size)
    )
    history, on_log = history_logger(log)
    step = train_data_parallel(
        sep,
        batches,
        replica,
        lr=lr,
        max_steps=max_steps,
        minutes=minutes,
        state_path=state_path,
        resume=resume,
        on_log=on_log,
    )
    info = {
        "steps": step,
        "batch_size_per_rank": batch_size,
        "world_size": replica.world_size,
        "device": str(replica.device),
        "parameters": sep.n_params(),
        "history": history,
    }
    main_rank = replica.is_main
    shutdown(replica)
    return (sep.cpu() if main_rank else None), info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="train the label separator into a flow checkpoint")
    ap.add_argument("--base", type=Path, default=Path("assets/models/neural_spatializer.ckpt"))
    ap.add_argument("--out", type=Path, default=Path("assets/models/neural_spatializer.ckpt"))
    ap.add_argument("--data", type=Path, default=Path("data"))
    ap.add_argument("--minutes", type=float, default=50.0)
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="scene simulation processes")
    ap.add_argument(
        "--vocab",
        action="store_true",
        help="varied names (names.py), 30%% similar mixtures, the extra packages' train split",
    )
    ap.add_argument(
        "--init-from-base", action="store_true", help="start from --base's separator weights"
    )
    ap.add_argument(
        "--ddp", action="store_true", help="data-parallel (torchrun sets the ranks; gloo/NCCL)"
    )
    ap.add_argument("--state", type=Path, default=None, help="--ddp: resumable training state")
    ap.add_argument("--resume", action="store_true", help="--ddp: continue from --state")
    ap.add_argument(
        "--config",
        choices=["base", "gpu-day"],
        default="base",
        help="gpu-day: the ~10x larger separator of config.gpu_day_config",
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    base_cfg, flow_state, meta = read_checkpoint(args.base)
    init = {k[len("separator.") :]: v for k, v in flow_state.items() if k.startswith("separator.")}
    if args.init_from_base and not init:
        ap.error(f"--init-from-base: {args.base} holds no separator")
    flow_state = {k: v for k, v in flow_state.items() if not k.startswith("separator.")}
    cfg = dataclasses.replace(base_cfg, use_separator=True)
    if args.config == "gpu-day":
        from engine.neural.config import gpu_day_config  # noqa: PLC0415

        cfg = gpu_day_config(cfg)
    command = "python -m engine.neural.training.train_separator " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )

    def write(sep: LabelSeparator, info: dict) -> None:
        state = dict(flow_state)
        state.update({f"separator.{k}": v for k, v in sep.state_dict().items()})
        save_checkpoint(args.out, cfg, state, {**meta, "separator": {"command": command, **info}})

    if args.ddp:
        sep, info = train_separator_ddp(
            cfg,
            data_dir=args.data,
            minutes=args.minutes if args.steps is None else None,
            max_steps=args.steps,
            batch_size=args.batch,
            lr=args.lr,
            seed=args.seed,
            state_path=args.state or args.out.with_suffix(".state.pt"),
            resume=args.resume,
            vocab=args.vocab,
        )
        if sep is not None:
            write(sep, info)
        return 0
    train_separator(
        cfg,
        data_dir=args.data,
        minutes=args.minutes,
        max_steps=args.steps,
        batch_size=args.batch,
        lr=args.lr,
        seed=args.seed,
        workers=args.workers,
        vocab=args.vocab,
        init=init if args.init_from_base else None,
        on_checkpoint=write,
    )
    log.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
