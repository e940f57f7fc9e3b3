#!/usr/bin/env python3
"""Evaluate the neural engine on held-out sounds rendered with two real human heads.

    .venv/bin/python bench/eval_neural.py [--checkpoint PATH] [--n-single 40] [--n-mix 30]
                                          [--write-checkpoint] [--json out/eval_neural.json]

Truth: held-out source files (``split == "val"`` in data/manifest.jsonl, never seen in
training) convolved with the SONICOM human heads of PyPI ``spatialaudiometrics``
(example_sofa_1/2.sofa, fetched with ``pip download --no-deps`` into data/), never KEMAR,
anechoic, at the positions the prompt parser resolves for each prompt (so the prompt's
words and the truth agree; the parser itself is evaluated elsewhere). Sets: single
source static, single source moving, two-source mixtures (different sides), two-source
mixtures with one source moving ("mix-moving"; adherence is pooled over both mixture sets).

Methods: Mono-Mono (mono/2 to both ears), the physical engine (MIT KEMAR, driven by the
same prompt; for a mixture it can only put the whole mix at the first source's place;
its constant propagation delay is removed before scoring), the neural engine.

Printed: TAS metrics (engine.metrics.tas_metrics), left/centre/right accuracy from the
SPL difference (truth class from the azimuth; left/right accuracy counts only lateral
sources), mixture prompt adherence (output for the true prompt closer, by STFT distance,
to the truth than the output for the prompt with the sides swapped), speed (x real time
at 48 kHz, 30 s of audio with a two-source prompt) and peak memory (max RSS of a fresh
process rendering that audio).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.metrics import spl_difference_db, tas_metrics  # noqa: E402
from engine.neural import load_model, render_track_neural  # noqa: E402
from engine.neural.checkpoint import DEFAULT_CHECKPOINT, read_checkpoint, save_checkpoint  # noqa: E402
from engine.neural.training.simulate import HrirTable, crop, load_clips, render_source  # noqa: E402
from engine.prompt import parse  # noqa: E402
from engine.resolve import prompt_timeline  # noqa: E402

RATE = 48_000
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


def physical_render(mono, prompt, hrtf):
    from engine.physical import render_track

    y = render_track(mono, prompt_timeline(prompt, mono.size / RATE), hrtf, sample_rate_hz=RATE)
    return align(y, mono)


def make_scenes(clips, heads, n_single, n_mix, seconds, seed=0, n_mix_moving=0):
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
        for (cat, _), src in zip(chosen, placement.sources, strict=True):
            x = crop(rng, by_cat[cat][int(rng.integers(len(by_cat[cat])))], n)
            x = x / (np.sqrt(np.mean(x**2)) + 1e-6)
            binaural += render_source(x, src.path, head[1]) * 1.5  # 1/d at the parser's 1.5 m
        binaural /= np.max(np.abs(binaural.sum(0))) + 1e-9
        scenes.append(
            {
                "kind": kinds[0],
                "prompts": prompts,
                "truth": binaural,
                "mono": binaural.sum(0),
                "az": [s.path.start.azimuth_deg for s in placement.sources],
                "head": head[0].name,
                "labels": [c for c, _ in chosen],
            }
        )
    return scenes


def peak_memory_and_speed(checkpoint: Path, seconds: float = 30.0) -> tuple[float, float]:
    code = f"""
import time, resource, numpy as np, torch
torch.set_num_threads(2)
from engine.neural import render_track_neural, load_model
from engine.resolve import prompt_timeline
m = load_model({str(checkpoint)!r})
x = (0.1*np.random.default_rng(0).standard_normal(int({seconds}*48000))).astype(np.float32)
p = 'the dog on the left and the piano behind on the right'
r = prompt_timeline(p, {seconds})
render_track_neural(x[:48000], r, sample_rate_hz=48000, checkpoint=m)
t = time.time(); render_track_neural(x, r, sample_rate_hz=48000, checkpoint=m); dt = time.time() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    dt, rss_kb = out.stdout.strip().splitlines()[-1].split()
    return seconds / float(dt), float(rss_kb) / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkpoint", type=Path, default=DEFAULT_CHECKPOINT)
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--n-single", type=int, default=40)
    ap.add_argument("--n-mix", type=int, default=30)
    ap.add_argument(
        "--n-mix-moving", type=int, default=10, help="two-source mixtures, one source moving"
    )
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--guidance", type=float, default=None, help="default: the checkpoint's")
    ap.add_argument(
        "--scene-seed", type=int, default=0, help="seed of the held-out scenes (sweeps use 1)"
    )
    ap.add_argument(
        "--set-guidance",
        type=float,
        default=None,
        help="with --write-checkpoint: store as the default",
    )
    ap.add_argument("--no-physical", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument(
        "--write-checkpoint", action="store_true", help="store the numbers in the checkpoint's meta"
    )
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(2)
    heads = [(p, HrirTable(p, RATE)) for p in human_heads()]
    clips = load_clips(args.data, "val")
    model = load_model(args.checkpoint)
    scenes = make_scenes(
        clips,
        heads,
        args.n_single,
        args.n_mix,
        args.seconds,
        seed=args.scene_seed,
        n_mix_moving=args.n_mix_moving,
    )
    hrtf = None
    if not args.no_physical:
        from engine.hrtf import HrtfSet

        hrtf = HrtfSet.load(None, RATE)
    methods = ["mono-mono"] + ([] if args.no_physical else ["physical"]) + ["neural"]
    rows: dict[str, dict[str, list]] = {m: {} for m in methods}
    t_neural = 0.0
    failures: list[str] = []
    for sc in scenes:
        mono, truth, prompt = sc["mono"], sc["truth"], sc["prompts"][0]
        outs = {"mono-mono": np.stack([mono / 2, mono / 2])}
        if hrtf is not None:
            outs["physical"] = physical_render(mono, prompt, hrtf)
        t = time.time()
        outs["neural"] = render_track_neural(
            mono, prompt_timeline(prompt, mono.size / RATE), sample_rate_hz=RATE, checkpoint=model, guidance_scale=args.guidance
        )
        t_neural += time.time() - t
        for m, out in outs.items():
            r = rows[m].setdefault(sc["kind"], [])
            met = tas_metrics(out, truth, RATE)
            rec = {k: met[k] for k in METRIC_KEYS}
            if not sc["kind"].startswith("mix"):
                spl = spl_db(out)
                if sc["kind"] == "static":
                    rec["class_ok"] = lcr(spl) == truth_class(sc["az"][0])
                    if truth_class(sc["az"][0]) != "centre":  # a tie (0 dB) counts as wrong
                        rec["lr_ok"] = spl > 0 if truth_class(sc["az"][0]) == "left" else spl < 0
                else:  # moving left->right: SPL difference falls over the clip
                    third = out.shape[1] // 3
                    first, last = spl_db(out[:, :third]), spl_db(out[:, -third:])
                    rec["lr_ok"] = (
                        first - last > 1.0 if "left to right" in prompt else last - first > 1.0
                    )
            else:
                if m == "mono-mono":
                    rec["adherent"] = False
                else:
                    swapped_prompt = sc["prompts"][1]
                    if m == "neural":
                        out2 = render_track_neural(
                            mono,
                            prompt_timeline(swapped_prompt, mono.size / RATE),
                            sample_rate_hz=RATE,
                            checkpoint=model,
                            guidance_scale=args.guidance,
                        )
                    else:
                        out2 = physical_render(mono, swapped_prompt, hrtf)
                    rec["adherent"] = (
                        tas_metrics(out, truth, RATE)["STFT"]
                        < tas_metrics(out2, truth, RATE)["STFT"]
                    )
                    if m == "neural" and not rec["adherent"]:
                        failures.append(f"{prompt!r} ({sc['head']})")
            r.append(rec)
    summary: dict[str, dict] = {}
    print(
        f"\nheld-out clips: {len(clips)} (val split), heads: {[h[0].name for h in heads]}, {args.seconds} s scenes"
    )
    header = (
        f"{'set':9s} {'method':10s} "
        + " ".join(f"{k:>8s}" for k in METRIC_KEYS)
        + "   L/C/R    L/R   adhere"
    )
    print(header)
    for kind in ("static", "moving", "mixture", "mix-moving"):
        for m in methods:
            recs = rows[m].get(kind, [])
            if not recs:
                continue
            mean = {k: float(np.mean([r[k] for r in recs])) for k in METRIC_KEYS}
            extra = {}
            for key in ("class_ok", "lr_ok", "adherent"):
                vals = [r[key] for r in recs if key in r]
                if vals:
                    extra[key] = float(np.mean(vals))
            summary.setdefault(kind, {})[m] = {**mean, **extra, "n": len(recs)}
            cells = " ".join(f"{mean[k]:8.4f}" for k in METRIC_KEYS)
            pct = [
                f"{100 * extra[k]:6.1f}%" if k in extra else "     -"
                for k in ("class_ok", "lr_ok", "adherent")
            ]
            print(f"{kind:9s} {m:10s} {cells}  " + " ".join(pct))
    singles = [r for k in ("static", "moving") for r in rows["neural"].get(k, [])]
    base = [r for k in ("static", "moving") for r in rows["mono-mono"].get(k, [])]
    stft_cut = 1 - np.mean([r["STFT"] for r in singles]) / np.mean([r["STFT"] for r in base])
    lr = [r["lr_ok"] for r in singles if "lr_ok" in r]
    adherent = [r["adherent"] for k in ("mixture", "mix-moving") for r in rows["neural"].get(k, [])]
    summary["targets"] = {
        "single_stft_cut_vs_mono": float(stft_cut),
        "single_lr_accuracy": float(np.mean(lr)) if lr else None,
        "mixture_adherence": float(np.mean(adherent)) if adherent else None,
        "neural_eval_render_seconds": round(t_neural, 1),
    }
    if not args.no_speed:
        speed, rss = peak_memory_and_speed(args.checkpoint)
        summary["targets"]["speed_x_realtime"] = round(speed, 2)
        summary["targets"]["peak_rss_mb"] = round(rss, 1)
    summary["setup"] = {
        "heads": [h[0].name for h in heads],
        "held_out_clips": len(clips),
        "n_single": args.n_single,
        "n_mix": args.n_mix,
        "n_mix_moving": args.n_mix_moving,
        "seconds": args.seconds,
        "guidance": args.guidance if args.guidance is not None else model.cfg.guidance_scale,
        "scene_seed": args.scene_seed,
        "label_separator": model.separator is not None,
    }
    t = summary["targets"]
    print(
        f"\nsingle-source STFT distance {100 * t['single_stft_cut_vs_mono']:.1f}% below Mono-Mono (target >= 50%)"
    )
    print(
        f"single-source left/right accuracy {100 * (t['single_lr_accuracy'] or 0):.1f}% (target >= 97%)"
    )
    if t["mixture_adherence"] is not None:
        print(f"mixture prompt adherence {100 * t['mixture_adherence']:.1f}% (target >= 90%)")
    if failures:
        print("neural mixtures closer to the truth with the sides swapped:")
        for f in failures:
            print("   ", f)
    if "speed_x_realtime" in t:
        print(
            f"speed {t['speed_x_realtime']:.1f}x real time (target >= 5x), peak RSS {t['peak_rss_mb']:.0f} MB (target < 1536 MB)"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2))
    if args.write_checkpoint:
        cfg, state, meta = read_checkpoint(args.checkpoint)
        if args.set_guidance is not None:
            cfg = dataclasses.replace(cfg, guidance_scale=args.set_guidance)
        command = "python bench/eval_neural.py " + " ".join(sys.argv[1:] if argv is None else argv)
        if args.scene_seed == 0:  # the headline set
            meta["evaluation"] = summary
            meta["evaluation_command"] = command
        meta.setdefault("evaluations", {})[f"scene_seed_{args.scene_seed}"] = {
            **summary,
            "command": command,
        }
        save_checkpoint(args.checkpoint, cfg, state, meta)
        print(f"numbers written into {args.checkpoint}")
    _ = resource  # peak memory is measured in a fresh process (see peak_memory_and_speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
