"""On-the-fly training scenes: 1-3 sources, static or moving, distances, rooms, MIT KEMAR.

Each source is convolved with KEMAR HRIRs (nearest measured direction; a moving source is
rendered at several points of its path and crossfaded), scaled by ``1 / distance`` and,
in a room, given a decaying two-ear noise tail whose level does not fall with distance (so
the direct-to-reverberant ratio does). The mono input is ``l + r`` and the target ``l - r``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import fftconvolve, resample_poly

from engine.neural.conditioning import SourceSpec
from engine.neural.training.names import similar_categories
from engine.spatial_path import Keyframe, SpatialPath

KEMAR_SOFA = Path("/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa")
# room: (probability, RT60 s, reverb gain relative to the direct sound at 1 m)
ROOMS = {
    "anechoic": (0.45, 0.0, 0.0),
    "small room": (0.2, 0.35, 0.25),
    "large hall": (0.1, 1.6, 0.3),
    "outdoors": (0.15, 0.15, 0.08),
    "bathroom": (0.1, 0.8, 0.35),
}


class HrirTable:
    """Measured HRIRs of one SOFA file resampled to ``sample_rate_hz``; nearest lookup."""

    def __init__(self, sofa_path: str | Path, sample_rate_hz: int) -> None:
        import sofar

        sofa = sofar.read_sofa(str(sofa_path), verbose=False)
        ir = np.asarray(sofa.Data_IR, dtype=np.float64)  # [M, 2, N]
        rate = int(np.asarray(sofa.Data_SamplingRate).ravel()[0])
        if rate != sample_rate_hz:
            g = np.gcd(rate, sample_rate_hz)
            ir = resample_poly(ir, sample_rate_hz // g, rate // g, axis=-1)
        pos = np.asarray(sofa.SourcePosition, dtype=np.float64)  # az, el, r (degrees)
        self.ir = ir.astype(np.float32)
        az, el = np.deg2rad(pos[:, 0]), np.deg2rad(pos[:, 1])
        self.dirs = np.stack([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)], axis=1)
        self.min_el = float(pos[:, 1].min())

    def nearest(self, az_deg: float, el_deg: float) -> np.ndarray:
        a, e = np.deg2rad(az_deg), np.deg2rad(el_deg)
        v = np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])
        return self.ir[int(np.argmax(self.dirs @ v))]


@dataclass
class Clip:
    category: str
    audio: np.ndarray  # int16 at 48 kHz


def load_clips(
    data_dir: Path,
    split: str,
    max_seconds: float = 6.0,
    sample_rate_hz: int = 48_000,
    manifest: str = "manifest.jsonl",
) -> list[Clip]:
    """Clips of one ``split`` (``train``, ``val`` or ``heldout``) of a manifest in ``data_dir``."""
    clips = []
    with open(data_dir / manifest) as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("split") != split:
                continue
            audio, rate = sf.read(data_dir / row["path"], dtype="int16")
            assert rate == sample_rate_hz
            clips.append(Clip(row["category"], audio[: int(max_seconds * rate)]))
    return clips


@dataclass
class Scene:
    mono: np.ndarray  # [n]
    diff: np.ndarray  # [n]
    parts: np.ndarray  # [n_sources, n]: each source's contribution to ``mono``
    sources: list[SourceSpec]  # true placements, label = category
    categories: list[str]
    room: str


def random_path(rng: np.random.Generator, min_el: float) -> SpatialPath:
    az = float(rng.uniform(-180, 180))
    el = float(np.clip(rng.choice([0.0, rng.uniform(-30, 60)], p=[0.5, 0.5]), max(min_el, -40), 85))
    dist = float(np.exp(rng.uniform(np.log(0.5), np.log(8.0))))
    if rng.random() < 0.7:
        return SpatialPath.static(az, el, dist)
    kind = rng.choice(["pan", "pan", "distance", "elevation"])
    az2, el2, dist2 = az, el, dist
    if kind == "pan":
        az2 = az + float(rng.choice([-1, 1]) * rng.uniform(40, 180))
    elif kind == "distance":
        dist2 = float(np.clip(dist * np.exp(rng.choice([-1, 1]) * rng.uniform(0.7, 2.0)), 0.3, 12))
    else:
        el2 = float(np.clip(el + rng.choice([-1, 1]) * rng.uniform(30, 60), max(min_el, -40), 85))
    return SpatialPath.from_keyframes([Keyframe(0.0, az, el, dist), Keyframe(1.0, az2, el2, dist2)])


def crop(rng: np.random.Generator, clip: Clip, n: int) -> np.ndarray:
    x = clip.audio.astype(np.float32) / 32768.0
    if len(x) <= n:
        out = np.zeros(n, np.float32)
        start = int(rng.integers(0, n - len(x) + 1))
        out[start : start + len(x)] = x
        return out
    best: np.ndarray | None = None
    for _ in range(4):
        s = int(rng.integers(0, len(x) - n + 1))
        seg = x[s : s + n]
        if best is None or np.mean(seg**2) > np.mean(best**2):
            best = seg
        if np.mean(seg**2) > 0.1 * np.mean(x**2):
            break
    assert best is not None  # the loop runs at least once
    return best.copy()


def render_source(
    x: np.ndarray, path: SpatialPath, hrirs: HrirTable, n_points: int = 8
) -> np.ndarray:
    """Binaural ``[2, n]`` of mono ``x`` moving along ``path`` (direct sound, 1/d)."""
    n = len(x)
    if path.is_static:
        k = path.start
        h = hrirs.nearest(k.azimuth_deg, k.elevation_deg)
        y = fftconvolve(x[None, :], h, axes=-1)[:, :n]
        return y / max(k.distance_m, 0.25)
    ts = np.linspace(0, 1, n_points)
    az, el, dist = path.sample(ts)
    out = np.zeros((2, n), np.float32)
    pos = np.linspace(0, 1, n)
    for i in range(n_points):
        w = np.clip(1 - np.abs(pos - ts[i]) * (n_points - 1), 0, None)  # triangular crossfade
        h = hrirs.nearest(az[i], el[i])
        y = fftconvolve(x[None, :], h, axes=-1)[:, :n] / max(dist[i], 0.25)
        out += (w * y).astype(np.float32)
    return out


def reverb_tail(
    rng: np.random.Generator, x: np.ndarray, rt60_s: float, gain: float, rate: int
) -> np.ndarray:
    n_tail = int(min(rt60_s, 1.2) * rate)
    t = np.arange(n_tail) / rate
    env = np.exp(-6.9 * t / rt60_s)
    pre = int(rng.uniform(0.004, 0.02) * rate)
    tail = rng.standard_normal((2, n_tail)) * env * np.sqrt(6.9 * 2 / (rt60_s * rate))
    tail = np.concatenate([np.zeros((2, pre)), tail], axis=1)
    return gain * fftconvolve(x[None, :], tail, axes=-1)[:, : len(x)].astype(np.float32)


def simulate_scene(
    rng: np.random.Generator,
    clips: list[Clip],
    hrirs: HrirTable,
    n: int,
    rate: int,
    n_sources: int | None = None,
    p_similar: float = 0.0,
) -> Scene:
    """A random scene; with probability ``p_similar`` its sources come from one group of
    similar sounds (``names.similar_categories``: two instruments, two animals, ...)."""
    if n_sources is None:
        n_sources = int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
    by_cat: dict[str, list[Clip]] = {}
    for c in clips:
        by_cat.setdefault(c.category, []).append(c)
    cats = list(by_cat)
    similar = similar_categories(rng, cats, n_sources) if rng.random() < p_similar else None
    chosen = similar or list(rng.choice(cats, size=min(n_sources, len(cats)), replace=False))
    room = str(rng.choice(list(ROOMS), p=[v[0] for v in ROOMS.values()]))
    _, rt60, rgain = ROOMS[room]
    binaural = np.zeros((2, n), np.float32)
    sources = []
    parts = []
    for cat in chosen:
        clip = by_cat[cat][int(rng.integers(len(by_cat[cat])))]
        x = crop(rng, clip, n)
        x = x / (np.sqrt(np.mean(x**2)) + 1e-6) * 10 ** (rng.uniform(-6, 6) / 20)
        path = random_path(rng, hrirs.min_el)
        y = render_source(x, path, hrirs)
        if rt60 > 0:
            y = y + reverb_tail(rng, x, rt60, rgain, rate)
        binaural += y
        parts.append(y[0] + y[1])
        sources.append(SourceSpec(label=str(cat), path=path))
    mono = binaural[0] + binaural[1]
    scale = rng.uniform(0.2, 0.9) / (np.max(np.abs(mono)) + 1e-9)
    return Scene(
        mono=(mono * scale).astype(np.float32),
        diff=((binaural[0] - binaural[1]) * scale).astype(np.float32),
        parts=(np.stack(parts) * scale).astype(np.float32),
        sources=sources,
        categories=[str(c) for c in chosen],
        room=room,
    )
