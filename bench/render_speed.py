"""Benchmark of the physical renderer (not a test).

    .venv/bin/python bench/render_speed.py                 # 60 s scenes + one-hour file render
    .venv/bin/python bench/render_speed.py --skip-hour     # 60 s scenes only
    .venv/bin/python bench/render_speed.py --hour-room "large hall"

Prints, for 60 s of 48 kHz mono noise with the MIT KEMAR set and one thread: how many
times faster than real time Earspace renders a static, a moving (circling, constant
distance) and a passing (distance and Doppler) source, next to a plain scipy
``fftconvolve`` block-and-crossfade reference run in the same process on the same
frames; the static error against exact convolution with the measured HRIR; and the peak
memory (VmHWM of a child process) when streaming a one-hour file to a file.
"x RT (cpu)" uses process CPU time, "x RT (wall)" wall-clock time; on a shared machine
the CPU figure is the fairer one. Targets: moving >= 500x, error < 1e-4, < 400 MB.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.signal import fftconvolve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.hrtf import HrtfSet  # noqa: E402
from engine.physical import RenderConfig, render_file, render_track  # noqa: E402
from engine.session import Region  # noqa: E402
from engine.spatial_path import Keyframe, SpatialPath  # noqa: E402
from engine.timeline import build_timeline  # noqa: E402

FS = 48_000


def scenes(hrtf: HrtfSet, seconds: float) -> dict[str, list[Region]]:
    i = hrtf.nearest_index(30.0, 0.0)
    r_ref = hrtf.reference_distance_m
    static = SpatialPath.static(float(hrtf.azimuth_deg[i]), float(hrtf.elevation_deg[i]), r_ref)
    circling = SpatialPath.from_keyframes(
        [Keyframe(k / 16, 45.0 * k, 20.0 * np.sin(k), r_ref) for k in range(17)]  # 2 turns, bobbing
    )
    passing = SpatialPath.from_keyframes(
        [
            Keyframe(0.0, 85.0, 0.0, 40.0),
            Keyframe(0.5, 0.0, 0.0, 3.0),
            Keyframe(1.0, -85.0, 0.0, 40.0),
        ]
    )
    return {
        "static": [Region(0.0, seconds, "static", static)],
        "moving": [Region(0.0, seconds, "circling", circling)],
        "passing+doppler": [Region(0.0, seconds, "passing", passing)],
    }


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Best CPU and wall seconds over ``repeat`` runs, and the last result."""
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall), result


def reference_render(x: np.ndarray, hrirs: np.ndarray, hop: int, fade: int) -> np.ndarray:
    """Plain scipy block-and-crossfade: frame k = x[k*hop - fade : (k+1)*hop] times the
    same crossfade window as Earspace, fftconvolve'd with its own HRIR, overlap-added."""
    rise = 0.5 - 0.5 * np.cos(np.pi * (np.arange(fade) + 0.5) / fade)
    window = np.ones(hop + fade)
    window[:fade] = rise
    window[-fade:] = 1.0 - rise
    taps = hrirs.shape[-1]
    padded = np.concatenate([np.zeros(fade, np.float32), x, np.zeros(hop + fade, np.float32)])
    out = np.zeros((2, padded.size + taps), dtype=np.float64)
    for k in range(hrirs.shape[0]):
        seg = padded[k * hop : k * hop + hop + fade]
        if seg.size < hop + fade:
            break
        seg = seg * window
        for e in (0, 1):
            out[e, k * hop : k * hop + hop + fade + taps - 1] += fftconvolve(seg, hrirs[k, e])
    return out[:, fade : fade + x.size + taps - 1]


def frame_hrirs(hrtf: HrtfSet, regions: list[Region], n: int, hop: int, fade: int) -> np.ndarray:
    path = regions[0].path
    centres = np.arange(0, n + hop, hop) + (hop - fade) / 2.0
    az, el, _ = path.sample(centres / FS / regions[0].end_s)
    return np.stack([hrtf.hrir(a, e) for a, e in zip(az, el, strict=True)])


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB: VmHWM (per address space; ru_maxrss
    would include the forking parent's memory, which Linux carries across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def hour_child(in_path: str, out_path: str, room: str) -> None:
    """Run in a child process: stream-render ``in_path`` and print peak RSS as JSON."""
    hrtf = HrtfSet.load(None, FS)
    base_mb = peak_rss_mb()
    import soundfile as sf

    seconds = sf.info(in_path).duration
    circling = SpatialPath.from_keyframes(
        [Keyframe(k / 240, 45.0 * k, 0.0, 2.0) for k in range(241)]
    )
    c0, w0 = time.process_time(), time.perf_counter()
    report = render_file(
        in_path,
        out_path,
        build_timeline([Region(0.0, seconds, "circling", circling)], room=room),
        hrtf,
    )
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    peak_mb = peak_rss_mb()
    print(
        json.dumps(
            {
                "peak_mb": peak_mb,
                "after_imports_mb": base_mb,
                "cpu_s": cpu,
                "wall_s": wall,
                "seconds": seconds,
                "out_samples": report.n_output_samples,
            }
        )
    )


def hour_benchmark(hours: float, room: str) -> dict:
    import soundfile as sf

    with tempfile.TemporaryDirectory(prefix="earspace-bench-") as tmp:
        src = Path(tmp) / "hour.wav"
        rng = np.random.default_rng(0)
        total = int(hours * 3600 * FS)
        with sf.SoundFile(str(src), "w", samplerate=FS, channels=1, subtype="PCM_16") as f:
            for start in range(0, total, 10 * FS):
                f.write((0.1 * rng.standard_normal(min(10 * FS, total - start))).astype(np.float32))
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--hour-child",
                str(src),
                str(Path(tmp) / "out.wav"),
                "--hour-room",
                room,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-hour", action="store_true")
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--hour-room", default="anechoic")
    parser.add_argument("--hour-child", nargs=2, metavar=("IN", "OUT"))
    args = parser.parse_args()
    if args.hour_child:
        hour_child(*args.hour_child, room=args.hour_room)
        return

    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover
        pass
    hrtf = HrtfSet.load(None, FS)
    cfg = RenderConfig()
    hop, fade = cfg.hop_samples, cfg.crossfade_samples
    n = int(args.seconds * FS)
    x = (0.1 * np.random.default_rng(1).standard_normal(n)).astype(np.float32)
    render_track(
        x[:FS], build_timeline(scenes(hrtf, 1.0)["moving"]), hrtf, sample_rate_hz=FS
    )  # warm-up

    print(f"Earspace physical renderer, {args.seconds:g} s of {FS} Hz mono, {hrtf}, 1 thread")
    print(f"hop {hop} samples, crossfade {fade} samples; best of {args.repeat}\n")
    header = f"{'scene':<17}{'x RT (cpu)':>12}{'x RT (wall)':>13}{'scipy ref x RT (cpu)':>22}{'speed-up':>10}{'rel. diff vs ref':>18}"
    print(header)
    print("-" * len(header))
    results = {}
    for name, regions in scenes(hrtf, args.seconds).items():
        # Static and circling sources stay at the reference distance, where propagation delay
        # is constant: doppler=False renders the same sound on the reference's frame grid.
        doppler = name == "passing+doppler"
        cpu, wall, y = timed(
            lambda r=regions, d=doppler: render_track(
                x, build_timeline(r), hrtf, sample_rate_hz=FS, doppler=d
            ),
            args.repeat,
        )
        results[name] = y
        if name == "passing+doppler":
            print(
                f"{name:<17}{args.seconds / cpu:>11.0f}x{args.seconds / wall:>12.0f}x{'(no reference)':>22}"
            )
            continue
        hrirs = frame_hrirs(hrtf, regions, n, hop, fade)
        rcpu, _, ref = timed(lambda h=hrirs: reference_render(x, h, hop, fade), 1)
        m = min(ref.shape[1], y.shape[1])
        diff = np.linalg.norm(y[:, :m] - ref[:, :m]) / np.linalg.norm(ref[:, :m])
        print(
            f"{name:<17}{args.seconds / cpu:>11.0f}x{args.seconds / wall:>12.0f}x{args.seconds / rcpu:>21.0f}x"
            f"{rcpu / cpu:>9.1f}x{diff:>18.2e}"
        )

    i = hrtf.nearest_index(30.0, 0.0)
    exact = np.stack(
        [fftconvolve(x.astype(np.float64), hrtf.measured[i, e].astype(np.float64)) for e in (0, 1)]
    )
    y = results["static"][:, : exact.shape[1]]
    err = np.linalg.norm(y - exact) / np.linalg.norm(exact)
    print(
        f"\nstatic-source error vs exact convolution with the measured HRIR: {err:.2e} (target < 1e-4)"
    )

    if not args.skip_hour:
        h = hour_benchmark(args.hours, args.hour_room)
        print(
            f"{args.hours:g} h file -> file (moving source, room {args.hour_room!r}): peak memory "
            f"{h['peak_mb']:.0f} MB (after imports and HRTF load: {h['after_imports_mb']:.0f} MB; target < 400 MB), "
            f"{h['seconds'] / h['cpu_s']:.0f}x real time (cpu), {h['seconds'] / h['wall_s']:.0f}x (wall, incl. file I/O)"
        )


if __name__ == "__main__":
    main()
