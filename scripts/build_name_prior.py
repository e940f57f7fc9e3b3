#!/usr/bin/env python3
"""Build the neural engine's zero-shot name prior (``engine/neural/name_prior.py``).

For every training category (``manifest.jsonl`` train split plus the train split of
``manifest_extra.jsonl`` minus the near-held-out categories, exactly the clips
``train_separator.training_clips`` reads; never a held-out category), the mean power
spectrum on the checkpoint's STFT grid: per clip, the mean over its active frames (within
40 dB of its loudest), normalised to sum 1; averaged over the category's clips;
normalised again; natural log. Names are embedded with the frozen MiniLM (pooled).
``seen`` marks the categories the shipped separator was trained on (``manifest.jsonl``'s);
the renderer leaves those names' masks unbiased.

    PYTHONPATH=. .venv/bin/python scripts/build_name_prior.py --data data \\
        [--checkpoint assets/models/neural_spatializer.ckpt] [--beta 0.5 --k 5 --tau 0.03]

Writes ``<checkpoint>.name_prior.npz`` (or ``--out``). The defaults are the shipped rule,
chosen on training-category mixtures only (``bench/name_prior_experiment.py``), never on
the frozen held-out categories.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.neural.checkpoint import DEFAULT_CHECKPOINT, read_checkpoint  # noqa: E402
from engine.neural.conditioning import TextEncoder  # noqa: E402
from engine.neural.model import Stft  # noqa: E402
from engine.neural.name_prior import NamePrior, prior_path_for  # noqa: E402
from engine.neural.training.simulate import load_clips  # noqa: E402
from engine.neural.training.train_separator import training_clips  # noqa: E402


def clip_spectrum(stft: Stft, audio: np.ndarray) -> np.ndarray | None:
    """Mean power spectrum ``[F]`` (sum 1) over the clip's active frames, or None if silent."""
    x = torch.from_numpy(audio.astype(np.float32) / 32768.0)[None]
    power = (stft(x)[0].abs() ** 2).numpy()  # [F, T]
    frame = power.sum(0)
    if frame.max() <= 0:
        return None
    active = frame > frame.max() * 1e-4
    spec = power[:, active].mean(1)
    return spec / spec.sum()


def build(
    data: Path, checkpoint: Path
) -> tuple[list[str], np.ndarray, np.ndarray, dict, np.ndarray]:
    cfg, _, _ = read_checkpoint(checkpoint)
    stft = Stft(cfg)
    per_cat: dict[str, list[np.ndarray]] = defaultdict(list)
    with torch.no_grad():
        for clip in training_clips(data):
            s = clip_spectrum(stft, clip.audio)
            if s is not None:
                per_cat[clip.category].append(s)
    names = sorted(per_cat)
    log_power = np.zeros((len(names), cfg.n_bins), np.float32)
    for i, n in enumerate(names):
        m = np.mean(per_cat[n], axis=0)
        log_power[i] = np.log(m / m.sum() + 1e-12)
    emb = TextEncoder.shared().pooled(names).numpy().astype(np.float32)
    counts = {n: len(per_cat[n]) for n in names}
    # the shipped separator was trained on manifest.jsonl's categories (not the extras)
    known = {c.category for c in load_clips(data, "train")}
    seen = np.array([n in known for n in names])
    return names, emb, log_power, counts, seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--checkpoint", type=Path, default=DEFAULT_CHECKPOINT)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--beta", type=float, default=0.5)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--tau", type=float, default=0.03)
    ap.add_argument("--iters", type=int, default=20)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    names, emb, log_power, counts, seen = build(args.data, args.checkpoint)
    command = "python scripts/build_name_prior.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    prior = NamePrior(
        names,
        emb,
        log_power,
        beta=args.beta,
        k=args.k,
        tau=args.tau,
        iters=args.iters,
        meta={"command": command, "clips_per_category": counts},
        seen=seen,
    )
    out = prior.save(args.out or prior_path_for(args.checkpoint))
    print(
        f"{len(names)} categories, {sum(counts.values())} clips -> {out} ({out.stat().st_size} B)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
