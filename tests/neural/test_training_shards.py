"""Training scenes simulated on Ray into shards, and the loader the training loop uses."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

pytest.importorskip("ray")

from engine.errors import ParameterError  # noqa: E402
from engine.neural.training.shards import (  # noqa: E402
    KEMAR_SOFA,
    ShardConfig,
    iter_scenes,
    scene_source,
    simulate_shard,
    simulate_shards,
)

pytestmark = pytest.mark.skipif(not KEMAR_SOFA.exists(), reason="needs Debian's libmysofa1")


@pytest.fixture
def clips_dir(tmp_path):
    """Two categories of 0.5 s clips in the layout scripts/prepare_training_data.py writes."""
    rng = np.random.default_rng(3)
    folder = tmp_path / "data"
    (folder / "clips").mkdir(parents=True)
    rows = []
    t = np.arange(24_000) / 48_000
    for k in range(4):
        for cat, x in (
            ("noise", 0.3 * rng.standard_normal(t.size)),
            ("tone", 0.3 * np.sin(2 * np.pi * (300 + 100 * k) * t)),
        ):
            name = f"clips/{cat}{k}.wav"
            sf.write(folder / name, (x * 32767).astype(np.int16), 48_000, subtype="PCM_16")
            rows.append({"path": name, "category": cat, "split": "train"})
    (folder / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def test_shards_on_ray_match_the_inline_simulation_and_resume(clips_dir, tmp_path):
    cfg = ShardConfig(data_dir=str(clips_dir), segment_s=0.25, scenes_per_shard=4, seed=5)
    out = tmp_path / "shards"
    paths = simulate_shards(cfg, out, 3, workers=2)
    assert [p.name for p in paths] == ["shard-00000.npz", "shard-00001.npz", "shard-00002.npz"]

    with np.load(paths[1]) as ray_shard:
        simulate_shard(cfg, 1, tmp_path)  # the same shard, simulated in this process
        with np.load(tmp_path / "shard-00001.npz") as local:
            np.testing.assert_allclose(ray_shard["mono"], local["mono"], atol=1e-6)
            assert str(ray_shard["meta"]) == str(local["meta"])
        mono, parts, k = ray_shard["mono"], ray_shard["parts"], ray_shard["n_sources"]
        assert mono.shape == (4, 12_000) and set(k) <= {1, 2, 3}
        # every source's contribution adds up to the mono mix
        np.testing.assert_allclose(parts.sum(axis=1), mono, atol=1e-5)

    mtimes = [p.stat().st_mtime_ns for p in paths]
    assert simulate_shards(cfg, out, 3, workers=1) == paths  # nothing left to do: no Ray work
    assert [p.stat().st_mtime_ns for p in paths] == mtimes
    with pytest.raises(ParameterError, match="shards.json"):
        simulate_shards(ShardConfig(data_dir=str(clips_dir), seed=6), out, 3)


def test_loader_replays_every_stored_scene_once_per_epoch(clips_dir, tmp_path):
    cfg = ShardConfig(data_dir=str(clips_dir), segment_s=0.25, scenes_per_shard=3, seed=1)
    for i in range(2):
        simulate_shard(cfg, i, tmp_path)
    (tmp_path / "shards.json").write_text(json.dumps(cfg.__dict__))
    scenes = list(iter_scenes(tmp_path, epochs=1))
    assert len(scenes) == 6
    assert len({s.mono.tobytes() for s in scenes}) == 6
    for s in scenes:
        assert len(s.sources) == len(s.parts) == len(s.categories)
        np.testing.assert_allclose(s.parts.sum(axis=0), s.mono, atol=1e-5)

    simulate = scene_source(tmp_path)  # the training loop's simulate_scene, from shards
    scene = simulate(None, None, None, 12_000, 48_000)
    assert scene.mono.shape == (12_000,)
    with pytest.raises(ParameterError, match="12000 samples at 48000 Hz"):
        simulate(None, None, None, 48_000, 48_000)
