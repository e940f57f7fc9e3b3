"""``earspace batch``: the command-line front end of :func:`engine.batch.run_batch`.

Prints a progress bar with rate and ETA on stderr and a summary at the end. Exit status:
0 when every row succeeded (or was already done), 1 when any row failed (the good rows are
still written), 2 for a bad manifest or bad options (nothing rendered).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from engine.session import ENGINES, ROOM_PRESETS


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class BatchProgress:
    """Rows done of total, rows/s of rendered rows, ETA; redrawn in place on a terminal.

    Off a terminal it prints a line every 10% of the rows or every 30 s.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._start = time.monotonic()
        self._last_line = 0.0
        self._last_decile = -1

    def line(self, summary: Any) -> str:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        work = summary.rendered + summary.failed + summary.cancelled
        rate = work / elapsed
        left = summary.total - summary.done
        eta = _clock(left / rate) if rate > 0 else "?"
        fraction = summary.done / max(summary.total, 1)
        filled = int(fraction * 30)
        failed = f", {summary.failed} failed" if summary.failed else ""
        return (
            f"batch [{'#' * filled}{'.' * (30 - filled)}] {summary.done}/{summary.total} "
            f"{rate:.2f} rows/s ETA {eta}{failed}"
        )

    def __call__(self, record: dict[str, Any], summary: Any) -> None:
        now = time.monotonic()
        if self.tty:
            if now - self._last_line >= 0.1 or summary.done == summary.total:
                self.stream.write("\r" + self.line(summary).ljust(79))
                self._last_line = now
                if summary.done == summary.total:
                    self.stream.write("\n")
                self.stream.flush()
            return
        decile = int(10 * summary.done / max(summary.total, 1))
        if decile > self._last_decile or now - self._last_line >= 30:
            self._last_decile, self._last_line = decile, now
            self.stream.write(self.line(summary) + "\n")
            self.stream.flush()


def add_batch_command(sub: Any) -> None:
    """Register ``batch`` on the ``earspace`` sub-command table."""
    p = sub.add_parser("batch", help="render every row of a CSV/JSONL manifest (Ray)")
    p.add_argument(
        "manifest", help="CSV or JSONL: input, prompt|regions, output, engine, hrtf, room"
    )
    p.add_argument("-o", "--output", required=True, help="output folder (batch.jsonl goes here)")
    p.add_argument("--address", help="join this Ray cluster (default: a local one in-process)")
    p.add_argument("--workers", type=int, help="parallel rows (default: every core / cluster CPU)")
    p.add_argument("--engine", choices=ENGINES, help="engine for rows without one")
    p.add_argument("--hrtf", help="SOFA file for rows without one (default MIT KEMAR)")
    p.add_argument("--room", choices=ROOM_PRESETS, help="room for rows without one")
    p.add_argument("--sample-rate", type=int, help="output sample rate in Hz (default 48000)")
    p.add_argument("--bit-depth", choices=("float32", "pcm24", "pcm16"), default="float32")
    p.add_argument("--on-clip", choices=("error", "normalize", "limit"), default="error")
    p.add_argument(
        "--no-resume", action="store_true", help="render every row, even those already done"
    )
    p.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    from engine.batch.row import BatchSettings
    from engine.batch.runner import run_batch
    from engine.errors import ParameterError

    if args.workers is not None and args.workers < 1:
        raise ParameterError(f"--workers must be >= 1, got {args.workers}")
    settings = BatchSettings(
        engine=args.engine,
        hrtf=str(Path(args.hrtf).resolve()) if args.hrtf else None,
        room=args.room,
        sample_rate_hz=args.sample_rate,
        bit_depth=args.bit_depth,
        on_clip=args.on_clip,
    )
    failures: list[dict[str, Any]] = []
    progress = BatchProgress()

    def on_row(record: dict[str, Any], summary: Any) -> None:
        if record["status"] == "failed" and len(failures) < 20:
            failures.append(record)
        progress(record, summary)

    try:
        summary = run_batch(
            args.manifest,
            args.output,
            settings,
            address=args.address,
            workers=args.workers,
            resume=not args.no_resume,
            on_row=on_row,
        )
    except KeyboardInterrupt:
        print(
            "\ninterrupted: finished rows are kept; run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    for rec in failures:
        print(f"failed: line {rec['line']} {rec['input']}: {rec['error']}", file=sys.stderr)
    if summary.failed > len(failures):
        print(f"... and {summary.failed - len(failures)} more failed rows", file=sys.stderr)
    rate = summary.rendered / summary.seconds if summary.seconds > 0 else 0.0
    print(
        f"{summary.total} rows: {summary.rendered} rendered, {summary.skipped} already done, "
        f"{summary.failed} failed in {_clock(summary.seconds)} ({rate:.2f} rows/s); "
        f"log: {summary.log_path}"
    )
    return 0 if summary.all_ok else 1
