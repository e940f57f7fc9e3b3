"""Training scenes simulated on Ray and stored as shards, and a loader that replays them.

    python -m engine.neural.training.shards --data data --out data/shards --shards 64 --workers 2
    python -m engine.neural.training.train --shards data/shards ...   # train from the shards

Each shard is one Ray task: ``scenes_per_shard`` scenes from :func:`simulate.simulate_scene`
(the same simulation the training loop runs inline) with the seed ``(seed, shard index)``,
written atomically as ``shard-00012.npz``:

``mono``  ``[S, n]`` float32 (``l + r``)        ``diff``  ``[S, n]`` float32 (``l - r``)
``parts`` ``[S, 3, n]`` float32, zero-padded    ``n_sources`` ``[S]`` int
``meta``  JSON: per scene the sources (label + path keyframes), categories, room

``shards.json`` in the folder holds the :class:`ShardConfig`; a rerun with the same
config only simulates the shards that are missing, a different config is refused.
Locally Ray starts in-process; ``address`` joins a cluster, so the same code can keep a
GPU's training loop fed from many CPU nodes. :func:`iter_scenes` / :func:`scene_source`
replay the stored scenes (shuffled per epoch) in place of the inline simulation.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import ParameterError
from engine.neural.conditioning import SourceSpec
from engine.neural.training.simulate import (
    KEMAR_SOFA,
    Clip,
    HrirTable,
    Scene,
    load_clips,
    simulate_scene,
)
from engine.spatial_path import SpatialPath

log = logging.getLogger(__name__)
MAX_SOURCES = 3
CONFIG_NAME = "shards.json"


@dataclass(frozen=True)
class ShardConfig:
    """What every shard of a folder was simulated with (stored in ``shards.json``)."""

    data_dir: str
    split: str = "train"
    segment_s: float = 1.0  # NeuralConfig.segment_s
    sample_rate_hz: int = 48_000
    scenes_per_shard: int = 64
    seed: int = 0
    sofa: str = str(KEMAR_SOFA)
    n_sources: int | None = None  # None: 1-3 drawn per scene, as in training

    @property
    def n_samples(self) -> int:
        return int(self.segment_s * self.sample_rate_hz)


def shard_name(index: int) -> str:
    return f"shard-{index:05d}.npz"


@lru_cache(maxsize=2)
def _clips(data_dir: str, split: str) -> list[Clip]:
    return load_clips(Path(data_dir), split)


@lru_cache(maxsize=2)
def _hrirs(sofa: str, sample_rate_hz: int) -> HrirTable:
    return HrirTable(sofa, sample_rate_hz)


def _scene_meta(scene: Scene) -> dict[str, Any]:
    return {
        "sources": [{"label": s.label, "keyframes": s.path.to_list()} for s in scene.sources],
        "categories": scene.categories,
        "room": scene.room,
    }


def simulate_shard(cfg: ShardConfig, index: int, out_dir: str | Path) -> dict[str, Any]:
    """Simulate shard ``index`` into ``out_dir`` (temporary name, then rename)."""
    rng = np.random.default_rng([cfg.seed, index])
    clips = _clips(cfg.data_dir, cfg.split)
    if not clips:
        raise ParameterError(f"{cfg.data_dir}: no {cfg.split!r} clips in manifest.jsonl")
    hrirs = _hrirs(cfg.sofa, cfg.sample_rate_hz)
    s, n = cfg.scenes_per_shard, cfg.n_samples
    mono, diff = np.zeros((s, n), np.float32), np.zeros((s, n), np.float32)
    parts, n_sources = np.zeros((s, MAX_SOURCES, n), np.float32), np.zeros(s, np.int64)
    meta = []
    for i in range(s):
        scene = simulate_scene(rng, clips, hrirs, n, cfg.sample_rate_hz, cfg.n_sources)
        mono[i], diff[i] = scene.mono, scene.diff
        parts[i, : len(scene.parts)] = scene.parts
        n_sources[i] = len(scene.parts)
        meta.append(_scene_meta(scene))
    final = Path(out_dir) / shard_name(index)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}.npz")
    try:
        np.savez(tmp, mono=mono, diff=diff, parts=parts, n_sources=n_sources, meta=json.dumps(meta))
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"shard": final.name, "scenes": s}


def _check_config(out: Path, cfg: ShardConfig) -> None:
    path = out / CONFIG_NAME
    if path.exists():
        stored = json.loads(path.read_text())
        if stored != asdict(cfg):
            raise ParameterError(
                f"{path}: the shards there were simulated with {stored}, not {asdict(cfg)}; "
                "use another folder"
            )
        return
    path.write_text(json.dumps(asdict(cfg), indent=2) + "\n")


def simulate_shards(
    cfg: ShardConfig,
    out_dir: str | Path,
    n_shards: int,
    *,
    address: str | None = None,
    workers: int | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[Path]:
    """Simulate shards ``0..n_shards-1`` on Ray, skipping those already there; all paths."""
    import ray

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _check_config(out, cfg)
    for stale in out.glob(".shard-*.tmp-*"):
        stale.unlink(missing_ok=True)
    todo = [i for i in range(n_shards) if not (out / shard_name(i)).exists()]
    started_here = not ray.is_initialized()
    if started_here:
        if address:
            ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING)
        else:
            ray.init(
                address="local",
                num_cpus=workers or os.cpu_count() or 1,
                include_dashboard=False,
                logging_level=logging.WARNING,
                _system_config={"worker_niceness": 0},  # not Ray's +15: feed the GPU
            )
    try:
        task = ray.remote(num_cpus=1, max_retries=2)(simulate_shard)
        slots = workers or int(ray.cluster_resources().get("CPU", 1))
        pending: list[Any] = []
        done = n_shards - len(todo)
        queue = iter(todo)
        while True:
            if cancel is not None and cancel.is_set():
                for ref in pending:
                    ray.cancel(ref)
                break
            while len(pending) < 2 * slots and (index := next(queue, None)) is not None:
                pending.append(task.remote(cfg, index, str(out)))
            if not pending:
                break
            ready, pending = ray.wait(pending, num_returns=1, timeout=0.5)
            for ref in ready:
                info = ray.get(ref)
                done += 1
                if progress is not None:
                    progress(done / n_shards, f"{info['shard']} ({info['scenes']} scenes)")
    finally:
        if started_here:
            ray.shutdown()
    return [out / shard_name(i) for i in range(n_shards) if (out / shard_name(i)).exists()]


def _load(path: Path) -> tuple[dict[str, np.ndarray], list[dict[str, Any]]]:
    with np.load(path) as data:
        arrays = {k: data[k] for k in ("mono", "diff", "parts", "n_sources")}
        meta = json.loads(str(data["meta"]))
    return arrays, meta


def iter_scenes(
    shard_dir: str | Path, *, seed: int = 0, epochs: int | None = None
) -> Iterator[Scene]:
    """Stored scenes, shard order and scene order shuffled each epoch (``None``: forever)."""
    shards = sorted(Path(shard_dir).glob("shard-*.npz"))
    if not shards:
        raise ParameterError(
            f"{shard_dir}: no shard-*.npz files; run engine.neural.training.shards"
        )
    rng = np.random.default_rng(seed)
    epoch = 0
    while epochs is None or epoch < epochs:
        for k in rng.permutation(len(shards)):
            arrays, meta = _load(shards[k])
            for i in rng.permutation(len(meta)):
                m = meta[i]
                yield Scene(
                    mono=arrays["mono"][i],
                    diff=arrays["diff"][i],
                    parts=arrays["parts"][i, : int(arrays["n_sources"][i])],
                    sources=[
                        SourceSpec(s["label"], SpatialPath.from_list(s["keyframes"]))
                        for s in m["sources"]
                    ],
                    categories=list(m["categories"]),
                    room=str(m["room"]),
                )
        epoch += 1


def scene_source(shard_dir: str | Path, *, seed: int = 0) -> Callable[..., Scene]:
    """A drop-in for ``simulate_scene(rng, clips, hrirs, n, rate, n_sources)`` that replays shards.

    The stored scenes must have ``n`` samples at ``rate``; ``n_sources`` is not
    honoured (the shards' own mix of 1-3 sources is used).
    """
    cfg = json.loads((Path(shard_dir) / CONFIG_NAME).read_text())
    scenes = iter_scenes(shard_dir, seed=seed)

    def next_scene(_rng, _clips, _hrirs, n: int, rate: int, n_sources: int | None = None) -> Scene:
        stored_n = int(cfg["segment_s"] * cfg["sample_rate_hz"])
        if (n, rate) != (stored_n, cfg["sample_rate_hz"]):
            raise ParameterError(
                f"{shard_dir}: shards hold {stored_n} samples at {cfg['sample_rate_hz']} Hz, "
                f"training asks for {n} at {rate} Hz; simulate shards with this config"
            )
        return next(scenes)

    return next_scene


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="simulate neural training scenes into shards (Ray)")
    ap.add_argument("--data", type=Path, default=Path("data"), help="prepared clips folder")
    ap.add_argument("--out", type=Path, required=True, help="shard folder")
    ap.add_argument("--shards", type=int, required=True, help="number of shards")
    ap.add_argument("--scenes", type=int, default=64, help="scenes per shard")
    ap.add_argument("--split", default="train")
    ap.add_argument("--segment-s", type=float, default=1.0)
    ap.add_argument("--sample-rate", type=int, default=48_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sofa", default=str(KEMAR_SOFA))
    ap.add_argument("--address", help="Ray cluster to join (default: local, in-process)")
    ap.add_argument("--workers", type=int, help="parallel shards (default: every core)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = ShardConfig(
        data_dir=str(args.data.resolve()),
        split=args.split,
        segment_s=args.segment_s,
        sample_rate_hz=args.sample_rate,
        scenes_per_shard=args.scenes,
        seed=args.seed,
        sofa=args.sofa,
    )
    paths = simulate_shards(
        cfg,
        args.out,
        args.shards,
        address=args.address,
        workers=args.workers,
        progress=lambda f, m: log.info("%3.0f%% %s", 100 * f, m),
    )
    print(f"{len(paths)} shards ({len(paths) * args.scenes} scenes) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
