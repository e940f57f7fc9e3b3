"""Train the neural spatializer on scenes simulated on the fly (MIT KEMAR only).

    .venv/bin/python -m engine.neural.training.train --minutes 60 --out assets/models/neural_spatializer.ckpt

Each step simulates a batch of 1-3 source scenes (``simulate.py``), writes captions
(``captions.py``), encodes them with frozen MiniLM and takes one AdamW step on the
flow-matching loss (``SpatialFlow.forward``). The learning rate warms up then follows a
cosine over the time budget; a checkpoint is written every ``--ckpt-every`` steps and
at the end, holding the config, the command line and the training log.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch

from engine.neural.checkpoint import save_checkpoint
from engine.neural.conditioning import SourceSpec, TextEncoder, build_conditioning
from engine.neural.config import TEXT_ENCODER_ID, NeuralConfig, gpu_day_config, tiny_config
from engine.neural.model import SpatialFlow
from engine.neural.training.captions import caption
from engine.neural.training.schedule import budget_used, optimizer_step, set_learning_rate
from engine.neural.training.shards import scene_source
from engine.neural.training.simulate import (
    KEMAR_SOFA,
    Clip,
    HrirTable,
    load_clips,
    simulate_scene,
)

log = logging.getLogger("engine.neural.train")


def make_batch(
    rng,
    clips,
    hrirs,
    cfg: NeuralConfig,
    encoder: TextEncoder,
    batch_size: int,
    n_sources=None,
    simulate=simulate_scene,
):
    n = int(cfg.segment_s * cfg.sample_rate_hz)
    n_frames = n // cfg.hop + 1
    frame_t = np.arange(n_frames) * cfg.hop / n
    monos, diffs, prompts, sources = [], [], [], []
    for _ in range(batch_size):
        scene = simulate(rng, clips, hrirs, n, cfg.sample_rate_hz, n_sources)
        text, labels = caption(rng, scene.sources)
        monos.append(scene.mono)
        diffs.append(scene.diff)
        prompts.append(text)
        sources.append(
            [SourceSpec(lab, s.path) for lab, s in zip(labels, scene.sources, strict=True)]
        )
    cond = build_conditioning(cfg, encoder, prompts, sources, [frame_t] * batch_size)
    return torch.from_numpy(np.stack(monos)), torch.from_numpy(np.stack(diffs)), cond, prompts


def _data_meta(cfg: NeuralConfig, command: str, sofa: Path, clips: list[Clip]) -> dict:
    """Checkpoint metadata on what the flow was trained from (rate, text encoder,
    command line, HRTF set, clips and their categories)."""
    return {
        "sample_rate_hz": cfg.sample_rate_hz,
        "text_encoder": TEXT_ENCODER_ID,
        "training_command": command,
        "training_hrtf": str(sofa),
        "training_clips": len(clips),
        "training_categories": sorted({c.category for c in clips}),
    }


def train(
    cfg: NeuralConfig,
    *,
    data_dir: Path,
    out: Path,
    minutes: float,
    max_steps: int | None,
    batch_size: int,
    lr: float,
    seed: int,
    ckpt_every: int,
    command: str,
    sofa: Path = KEMAR_SOFA,
    shards: Path | None = None,
) -> SpatialFlow:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    hrirs = HrirTable(sofa, cfg.sample_rate_hz)
    clips = load_clips(data_dir, "train")
    val_clips = load_clips(data_dir, "val")
    log.info(
        "%d training clips (%d categories), %d validation clips",
        len(clips),
        len({c.category for c in clips}),
        len(val_clips),
    )
    # Scenes simulated ahead of time on Ray (engine.neural.training.shards), or inline.
    simulate = scene_source(shards, seed=seed) if shards is not None else simulate_scene
    encoder = TextEncoder.shared()
    model = SpatialFlow(cfg)
    log.info("model: %.2f M parameters", model.n_params() / 1e6)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    budget_s = minutes * 60
    t0 = time.time()
    val_rng = np.random.default_rng(12345)
    val_batch = (
        make_batch(val_rng, val_clips or clips, hrirs, cfg, encoder, 16) if val_clips else None
    )
    history: list[dict] = []
    step = 0
    ema = None

    def meta(final: bool) -> dict:
        return {
            **_data_meta(cfg, command, sofa, clips),
            "steps": step,
            "batch_size": batch_size,
            "train_seconds": round(time.time() - t0, 1),
            "final": final,
            "history": history,
        }

    while (frac := budget_used(t0, budget_s, step, max_steps)) is not None:
        set_learning_rate(opt, lr, step, frac, warmup_steps=200)
        model.train()
        mono, diff, cond, _ = make_batch(
            rng, clips, hrirs, cfg, encoder, batch_size, None, simulate
        )
        loss, parts = model(mono, diff, cond)
        optimizer_step(opt, model.parameters(), loss)
        step += 1
        ema = parts["recon"] if ema is None else 0.98 * ema + 0.02 * parts["recon"]
        if step % 25 == 0:
            rec = {
                "step": step,
                "t_s": round(time.time() - t0),
                "loss": round(float(loss), 4),
                "recon_ema": round(ema, 4),
                "coh": round(parts["coh"], 3),
                "coh_acc": round(parts["coh_acc"], 3),
            }
            if val_batch is not None and step % 100 == 0:
                model.eval()
                with torch.no_grad():
                    torch.manual_seed(0)
                    _, vparts = model(*val_batch[:3])
                rec["val_recon"] = round(vparts["recon"], 4)
                rec["val_coh_acc"] = round(vparts["coh_acc"], 3)
            history.append(rec)
            log.info("%s", rec)
        if step % ckpt_every == 0:
            save_checkpoint(out, cfg, model.state_dict(), meta(final=False))
    save_checkpoint(out, cfg, model.state_dict(), meta(final=True))
    log.info("done: %d steps in %.0f s -> %s", step, time.time() - t0, out)
    return model


def train_ddp(
    cfg: NeuralConfig,
    *,
    data_dir: Path,
    out: Path,
    minutes: float | None,
    max_steps: int | None,
    batch_size: int,
    lr: float,
    seed: int,
    state_path: Path,
    resume: bool,
    command: str,
    sofa: Path = KEMAR_SOFA,
) -> None:
    """Data-parallel flow training (``distributed.py``; launch with ``torchrun``): each rank
    simulates its own scenes (seed + 1000 * rank); rank 0 writes ``out``."""
    from engine.neural.training.distributed import (  # noqa: PLC0415
        history_logger,
        init_replica,
        shutdown,
        train_data_parallel,
    )

    replica = init_replica()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed + 1000 * replica.rank)
    hrirs = HrirTable(sofa, cfg.sample_rate_hz)
    clips = load_clips(data_dir, "train")
    encoder = TextEncoder.shared()
    model = SpatialFlow(cfg)
    batches = (make_batch(rng, clips, hrirs, cfg, encoder, batch_size)[:3] for _ in iter(int, 1))
    history, on_log = history_logger(log)
    step = train_data_parallel(
        model,
        batches,
        replica,
        lr=lr,
        max_steps=max_steps,
        minutes=minutes,
        warmup_steps=200,
        state_path=state_path,
        resume=resume,
        on_log=on_log,
    )
    if replica.is_main:
        meta = {
            **_data_meta(cfg, command, sofa, clips),
            "steps": step,
            "batch_size_per_rank": batch_size,
            "world_size": replica.world_size,
            "device": str(replica.device),
            "final": True,
            "history": history,
        }
        save_checkpoint(out, cfg, model.cpu().state_dict(), meta)
    shutdown(replica)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="train the Earspace neural spatializer")
    ap.add_argument("--config", choices=["default", "tiny", "gpu-day"], default="default")
    ap.add_argument("--ddp", action="store_true", help="data-parallel (launch with torchrun)")
    ap.add_argument("--state", type=Path, default=None, help="--ddp: resumable training state")
    ap.add_argument("--resume", action="store_true", help="--ddp: continue from --state")
    ap.add_argument("--data", type=Path, default=Path("data"))
    ap.add_argument("--out", type=Path, default=Path("assets/models/neural_spatializer.ckpt"))
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt-every", type=int, default=200)
    ap.add_argument(
        "--shards", type=Path, help="train on shards from engine.neural.training.shards"
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    cfg = {"default": NeuralConfig, "tiny": tiny_config, "gpu-day": gpu_day_config}[args.config]()
    command = "python -m engine.neural.training.train " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    if args.ddp:
        train_ddp(
            cfg,
            data_dir=args.data,
            out=args.out,
            minutes=args.minutes if args.steps is None else None,
            max_steps=args.steps,
            batch_size=args.batch,
            lr=args.lr,
            seed=args.seed,
            state_path=args.state or args.out.with_suffix(".state.pt"),
            resume=args.resume,
            command=command,
        )
        return 0
    train(
        cfg,
        data_dir=args.data,
        out=args.out,
        minutes=args.minutes,
        max_steps=args.steps,
        batch_size=args.batch,
        lr=args.lr,
        seed=args.seed,
        ckpt_every=args.ckpt_every,
        command=command,
        shards=args.shards,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
