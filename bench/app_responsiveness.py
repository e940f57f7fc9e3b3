"""Desktop app responsiveness: waveform draw time for a long track and the longest
event-loop stall while a render runs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/app_responsiveness.py [--minutes 10]

1. Writes a mono test track (noise with a slow amplitude wobble) of ``--minutes``.
2. Times "add track -> first full waveform paint" (read + resample check + overview
   pyramid + a synchronous ``repaint()``), then a repaint alone and a zoomed repaint.
   Target: < 1 s for 10 minutes.
3. Puts a moving region over the track, starts the real render (``engine.render_session``
   in the worker thread) and records the gaps between ticks of a 1 ms timer on the GUI
   thread until the render's result is shown (plots drawn). The longest gap beyond the
   timer period is the longest stall. Target: < 50 ms.
Prints a JSON report (also written with ``--json PATH``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402


def write_track(path: Path, minutes: float, rate: int = 48_000) -> None:
    n = int(minutes * 60 * rate)
    rng = np.random.default_rng(0)
    with sf.SoundFile(str(path), "w", rate, 1, subtype="PCM_16") as fh:
        block = rate * 30
        for start in range(0, n, block):
            m = min(block, n - start)
            t = (start + np.arange(m)) / rate
            fh.write(
                (0.2 * (0.6 + 0.4 * np.sin(2 * np.pi * 0.05 * t)) * rng.standard_normal(m)).astype(
                    np.float32
                )
            )


def start_stall_tracer(clock, last: list[int], threshold_ms: float) -> None:
    """A watchdog thread printing the GUI thread's stack while it is stalled."""
    import threading
    import traceback

    gui = threading.get_ident()

    def watch() -> None:
        reported = -1
        while True:
            time.sleep(threshold_ms / 4000)
            if last[0] < 0 or last[0] == reported:
                continue
            stalled_ms = (clock.nsecsElapsed() - last[0]) / 1e6
            if stalled_ms > threshold_ms:
                reported = last[0]
                frame = sys._current_frames().get(gui)
                stack = "".join(traceback.format_stack(frame)[-8:]) if frame else "?"
                print(f"--- GUI thread stalled {stalled_ms:.0f} ms:\n{stack}", file=sys.stderr)
                for tid, other in sys._current_frames().items():
                    if tid not in (gui, threading.get_ident()):
                        top = "".join(traceback.format_stack(other)[-3:])
                        print(f"    other thread {tid}:\n{top}", file=sys.stderr)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--file-rate",
        type=int,
        default=48_000,
        help="sample rate of the test file (44100 exercises resampling)",
    )
    parser.add_argument("--prompt", default="a car passes from left to right")
    parser.add_argument("--no-render", action="store_true", help="only time the waveform")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--screenshot", type=Path, help="save the window after the render")
    parser.add_argument(
        "--trace-stalls",
        type=float,
        metavar="MS",
        help="print the GUI thread's stack when it stalls longer than MS",
    )
    args = parser.parse_args(argv)

    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from desktop.document import edits
    from desktop.main_window import MainWindow
    from desktop.transport.audio_output import OutputStatus

    report: dict[str, object] = {
        "minutes": args.minutes,
        "platform": os.environ.get("QT_QPA_PLATFORM"),
        "file_rate_hz": args.file_rate,
        "load_average_before": [round(v, 2) for v in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        track = Path(tmp) / "long.wav"
        write_track(track, args.minutes, rate=args.file_rate)
        window = MainWindow(
            output_status=OutputStatus(False, "benchmark"), state_folder=Path(tmp) / "state"
        )
        window.resize(1440, 900)
        window.show()
        app.processEvents()

        t0 = time.perf_counter()
        window.add_tracks([track])  # read in the background; the window stays live
        load_gaps = []
        last_t = time.perf_counter()
        while window.loading:
            app.processEvents()
            time.sleep(0.001)
            now = time.perf_counter()
            load_gaps.append(now - last_t)
            last_t = now
        window.timeline.repaint()
        report["longest_stall_while_loading_ms"] = round(1000 * max(load_gaps, default=0.0), 2)
        report["waveform_load_and_draw_s"] = round(time.perf_counter() - t0, 4)
        t0 = time.perf_counter()
        window.timeline.repaint()
        report["waveform_redraw_s"] = round(time.perf_counter() - t0, 4)
        window.timeline.zoom(64.0, 300.0)
        t0 = time.perf_counter()
        window.timeline.repaint()
        report["waveform_zoomed_redraw_s"] = round(time.perf_counter() - t0, 4)
        window.timeline.fit()

        if not args.no_render:
            from engine.api import parse_prompt

            duration = window.library.duration_s(window.doc.session)
            session, i = edits.add_region(window.doc.session, 0, 0.0, duration)
            session = edits.set_region_prompt(session, 0, i, args.prompt, parse_prompt(args.prompt))
            window.doc.apply(session, "benchmark region")
            app.processEvents()

            gaps: list[float] = []
            clock = QElapsedTimer()
            clock.start()
            last = [-1]

            def tick() -> None:
                now = clock.nsecsElapsed()
                if last[0] >= 0:
                    gaps.append((now - last[0]) / 1e6)
                last[0] = now

            timer = QTimer()
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.setInterval(1)
            timer.timeout.connect(tick)
            state = {"done": False, "error": None, "t0": 0.0}
            window.renderer.finished.connect(lambda _o: state.update(done=True))
            window.renderer.failed.connect(lambda m, _d: state.update(done=True, error=m))

            def start_render() -> None:
                state["t0"] = time.perf_counter()
                window.render()  # the click on Render: inside the measured event loop

            if args.trace_stalls:
                start_stall_tracer(clock, last, args.trace_stalls)
            timer.start()
            QTimer.singleShot(100, start_render)
            while not state["done"]:
                app.processEvents()
                time.sleep(0.0005)
            render_s = time.perf_counter() - state["t0"]
            # include the plots' repaint of the new data in the measurement
            end = time.perf_counter() + 0.3
            while time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.0005)
            timer.stop()
            last[0] = -1  # stops the stall tracer too
            report["render_s"] = round(render_s, 2)
            if args.screenshot:
                window.grab().save(str(args.screenshot))
            report["render_error"] = state["error"]
            gaps_arr = np.array(gaps) if gaps else np.array([0.0])
            report["event_loop_ticks"] = int(gaps_arr.size)
            report["longest_stall_ms"] = round(float(gaps_arr.max()), 2)
            report["p99_tick_gap_ms"] = round(float(np.percentile(gaps_arr, 99)), 2)
        window.doc.undo_stack.setClean()
        window.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    report["targets"] = {"waveform_load_and_draw_s": "< 1", "longest_stall_ms": "< 50"}
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    sys.stdout.flush()
    # PySide6 can crash while tearing down Qt objects at interpreter exit; all work is done.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
