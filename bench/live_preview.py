"""Benchmark of the live preview (not a test).

    .venv/bin/python bench/live_preview.py              # 1, 8, 32 moving sources + OSC latency
    .venv/bin/python bench/live_preview.py --sources 8 --blocks 2000

Callback cost: the live engine renders 256-sample blocks at 48 kHz of sessions with 1, 8
and 32 tracks, each a moving source (circling, passing with Doppler, ...), anechoic, with
the head turning every block (so every filter is new), on one CPU core (affinity pinned,
one BLAS/FFT thread). Reported as a share of the block's duration (5.33 ms): the callback
thread's CPU time (the fair figure on a shared machine) and its wall time, mean / 99th
percentile / max. Target: 8 sources < 30 % (mean CPU). Reference in the same process:
the offline renderer on the same session, CPU time per 256 samples of output.

OSC -> output latency: a real-time-paced recording (no sound card; a 2-block device
buffer) of a source straight ahead while ``/earspace/head/ypr`` messages are sent to
127.0.0.1 every 0.25 s; for each, the time from the message's arrival at the server to
the moment the first changed sample leaves the (virtual) device (for a block rendered
late, an xrun, no earlier than it was rendered), plus the UDP send -> arrival time.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.live.engine import LiveEngine  # noqa: E402
from engine.live.head import HeadState  # noqa: E402
from engine.live.osc import HeadTrackerServer, TrackerSettings  # noqa: E402
from engine.live.player import PacedRecorder  # noqa: E402
from engine.render_session import render_session  # noqa: E402
from engine.session import Region, Session, Track  # noqa: E402

FS = 48_000
BLOCK = 256
PROMPTS = (
    "circling around me",
    "a car passes from left to right",
    "moves from behind to the front, far",
    "rising from below to above on the right",
    "approaching from the left",
    "flies over my head from front to back",
)


def make_session(folder: Path, n_sources: int, seconds: float) -> Session:
    rng = np.random.default_rng(0)
    tracks = []
    for i in range(n_sources):
        mono = (0.05 * rng.standard_normal(int(seconds * FS))).astype(np.float32)
        sf.write(folder / f"s{i}.wav", mono, FS, subtype="FLOAT")
        region = Region(0.0, seconds, PROMPTS[i % len(PROMPTS)])
        tracks.append(Track(f"s{i}", f"s{i}.wav", regions=(region,)))
    return Session(tracks=tuple(tracks), base_dir=folder)


def callback_cost(session: Session, blocks: int) -> dict[str, float]:
    live = LiveEngine(session, block_samples=BLOCK)
    live.start_at(0.0)
    for _ in range(32):  # warm up (position tables, caches)
        live.render()
    live.stats.blocks = 0
    for k in range(blocks):
        live.head.set_ypr(30.0 * np.sin(k / 40.0), 5.0 * np.cos(k / 50.0), 0.0)
        live.render()
    cpu = live.stats.load()
    wall = live.stats.load(wall=True)
    c0 = time.process_time()
    render_session(session)
    offline_s = time.process_time() - c0
    dur = max(1, int(session_seconds(session) * FS / BLOCK))
    return {
        "cpu_mean": cpu[0],
        "cpu_p99": cpu[1],
        "cpu_max": cpu[2],
        "wall_mean": wall[0],
        "wall_p99": wall[1],
        "offline_cpu_share": offline_s / dur / (BLOCK / FS),
    }


def session_seconds(session: Session) -> float:
    return max(r.end_s for t in session.tracks for r in t.regions)


def osc_latency(folder: Path, messages: int) -> tuple[list[float], list[float], int]:
    t = np.arange(int((messages * 0.25 + 1.0) * FS)) / FS
    sf.write(folder / "front.wav", (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32), FS)
    session = Session(
        tracks=(Track("front", "front.wav", regions=(Region(0.0, t[-1], "straight ahead"),)),),
        base_dir=folder,
    )
    head = HeadState()
    live = LiveEngine(session, block_samples=BLOCK, head=head)
    live.start_at(0.0)
    recorder = PacedRecorder(live, t[-1])
    sent: list[float] = []
    arrived: list[float] = []
    with HeadTrackerServer(head, TrackerSettings(port=0, host="127.0.0.1")) as server:
        from pythonosc.udp_client import SimpleUDPClient

        client = SimpleUDPClient("127.0.0.1", server.port)

        def send() -> None:
            while recorder.t0 is None:
                time.sleep(0.001)
            for k in range(messages):
                time.sleep(max(0.0, recorder.t0 + 0.5 + 0.25 * k - time.perf_counter()))
                before = server.total_messages
                sent.append(time.perf_counter())
                client.send_message("/earspace/head/ypr", [90.0 * ((k + 1) % 2), 0.0, 0.0])
                while server.total_messages == before:
                    time.sleep(0.0002)
                arrived.append(server.last_message_s or 0.0)

        sender = threading.Thread(target=send)
        sender.start()
        rec = recorder.run()
        sender.join()
    # The first changed sample after each arrival: compare against the same engine with
    # the pose each message set, held (deterministic renders, unpaced).
    latencies = []
    for k, t_arr in enumerate(arrived):
        sample = int((t_arr - recorder.t0) * FS)
        ref = LiveEngine(session, block_samples=BLOCK)
        ref.start_at(0.0)
        ref_blocks = []
        yaw_before = 90.0 * (k % 2) if k else 0.0
        ref.head.set_ypr(yaw_before, 0.0, 0.0)
        while len(ref_blocks) * BLOCK < rec.shape[1]:
            ref_blocks.append(ref.render())
        ref_out = np.concatenate(ref_blocks, axis=1)
        lo = max(sample - 4 * BLOCK, 0)
        diff = np.max(np.abs(rec[:, lo:] - ref_out[:, lo : rec.shape[1]]), axis=0) > 1e-6
        first = lo + int(np.argmax(diff))
        # A late block (xrun) leaves the device no earlier than it was rendered.
        leaves = max(recorder.play_time_s(first), recorder.rendered_at_s[first // BLOCK])
        latencies.append(leaves - t_arr)
    transit = [a - s for s, a in zip(sent, arrived, strict=True)]
    return latencies, transit, live.stats.xruns


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", type=int, nargs="*", default=[1, 8, 32])
    ap.add_argument("--blocks", type=int, default=600)
    ap.add_argument("--messages", type=int, default=8)
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        pinned = "pinned to one core"
    except (AttributeError, OSError):
        pinned = "not pinned"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"live preview, {BLOCK}-sample blocks at {FS} Hz ({BLOCK / FS * 1e3:.2f} ms), {pinned}, load avg {load:.1f}"
    )
    print(
        f"{'sources':>7} | {'CPU mean':>8} {'CPU p99':>8} {'CPU max':>8} | {'wall mean':>9} {'wall p99':>8} | {'offline CPU':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sources:
            folder = Path(tmp) / f"n{n}"
            folder.mkdir()
            seconds = max(4.0, args.blocks * BLOCK / FS + 1.5)
            r = callback_cost(make_session(folder, n, seconds), args.blocks)
            target = "  (target < 30%)" if n == 8 else ""
            print(
                f"{n:>7} | {r['cpu_mean']:>8.1%} {r['cpu_p99']:>8.1%} {r['cpu_max']:>8.1%} | "
                f"{r['wall_mean']:>9.1%} {r['wall_p99']:>8.1%} | {r['offline_cpu_share']:>11.1%}{target}"
            )
        if args.messages:
            lat, transit, xruns = osc_latency(Path(tmp), args.messages)
            ms = np.array(lat) * 1e3
            print(
                f"OSC -> output latency over {len(ms)} messages: mean {ms.mean():.1f} ms, "
                f"max {ms.max():.1f} ms, min {ms.min():.1f} ms (UDP send -> arrival mean "
                f"{np.mean(transit) * 1e3:.2f} ms; 2-block device buffer = {2 * BLOCK / FS * 1e3:.1f} ms; "
                f"xruns {xruns})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
