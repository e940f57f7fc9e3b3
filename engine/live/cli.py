"""``earspace listen SESSION``: play a session live with head tracking over OSC.

    earspace listen demo.earspace [--osc-port 9000] [--start 10]
    earspace listen demo.earspace --record take.wav --duration 30

With ``--record`` no sound card is used: the same real-time engine runs at real-time
pace and the WAV holds exactly the blocks it produced (head movements included).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from engine.errors import ParameterError
from engine.live.osc import DEFAULT_OSC_PORT, PRESET_NAMES, TrackerSettings


def register(sub) -> None:
    p = sub.add_parser("listen", help="play a session live with head tracking (OSC)")
    p.add_argument("session", help="a .earspace session")
    p.add_argument(
        "--osc-port", type=int, default=DEFAULT_OSC_PORT, help="UDP port for head tracking"
    )
    p.add_argument("--osc-preset", choices=PRESET_NAMES, default="any", help="OSC addresses")
    for axis in ("yaw", "pitch", "roll"):
        p.add_argument(f"--invert-{axis}", action="store_true", help=f"flip the tracker's {axis}")
    p.add_argument("--record", metavar="OUT.wav", help="record instead of playing (no sound card)")
    p.add_argument("--duration", type=float, help="seconds to play/record (default: to the end)")
    p.add_argument("--start", type=float, default=0.0, help="timeline second to start from")
    p.add_argument("--block", type=int, default=256, help="block size in samples (default 256)")
    p.set_defaults(func=cmd_listen)


def cmd_listen(args: argparse.Namespace) -> int:
    from engine.audio_io import write_wav
    from engine.live.engine import LiveEngine
    from engine.live.head import HeadState
    from engine.live.osc import HeadTrackerServer
    from engine.live.player import DeviceOutput, PacedRecorder
    from engine.session import load_session

    if args.duration is not None and args.duration <= 0:
        raise ParameterError(f"--duration must be > 0 seconds, got {args.duration}")
    if args.start < 0:
        raise ParameterError(f"--start must be >= 0 seconds, got {args.start}")
    session = load_session(args.session)
    missing = session.missing_audio()
    if missing:
        listing = "; ".join(f"{name!r}: {path}" for name, path in missing)
        raise ParameterError(f"cannot play: audio files are missing ({listing})")
    head = HeadState()
    engine = LiveEngine(session, block_samples=args.block, head=head)
    engine.start_at(args.start)
    end_s = engine.end_sample / engine.fs
    duration = args.duration if args.duration is not None else max(end_s - args.start, 0.1)
    settings = TrackerSettings(
        port=args.osc_port,
        preset=args.osc_preset,
        invert_yaw=args.invert_yaw,
        invert_pitch=args.invert_pitch,
        invert_roll=args.invert_roll,
    )
    with HeadTrackerServer(head, settings) as server:
        print(
            f"listening for head tracking on UDP port {server.port} (OSC, preset {settings.preset})",
            flush=True,
        )
        if args.record:
            recorder = PacedRecorder(engine, duration)
            audio = recorder.run()
            out = Path(args.record)
            report = write_wav(out, audio, engine.fs, time_reference_samples=recorder.first)
            note = f" ({report.note})" if report.note else ""
            print(f"recorded {audio.shape[1] / engine.fs:.2f} s to {out}{note}")
        else:
            output = DeviceOutput(engine)
            output.start()
            tty = sys.stdout.isatty()
            began = time.monotonic()
            try:
                while time.monotonic() - began < duration:
                    time.sleep(min(1.0, max(duration - (time.monotonic() - began), 0.0)))
                    yaw, pitch, roll = head.pose.ypr_deg
                    line = (
                        f"{engine.position / engine.fs:7.1f} s  head yaw {yaw:+4.0f} pitch "
                        f"{pitch:+4.0f} roll {roll:+4.0f}  OSC {server.total_messages}  "
                        f"xruns {engine.stats.xruns}"
                    )
                    print(f"\r{line}" if tty else line, end="" if tty else "\n", flush=True)
            except KeyboardInterrupt:
                pass
            finally:
                output.stop()
                if tty:
                    print()
        counts = dict(server.counts)
    engine.close()
    mean, p99, peak = engine.stats.load()
    listing = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
    print(f"OSC messages: {sum(counts.values())} ({listing})")
    print(
        f"callback CPU per {engine.block}-sample block: mean {mean:.0%}, p99 {p99:.0%}, "
        f"max {peak:.0%} of the block; xruns {engine.stats.xruns}"
    )
    for notice in engine.stats.notices:
        print(f"note: {notice}", file=sys.stderr)
    return 0 if np.isfinite(mean) else 1
