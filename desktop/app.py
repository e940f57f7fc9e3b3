"""Start the app: ``earspace app [SESSION] [--screenshot OUT.png]`` / ``python -m desktop``.

``--screenshot`` opens the session, renders it, waits for the plots, saves a picture of
the main window and exits (0 = ok, 1 = render failed or timed out (the picture shows the
error), 2 = the session could not be opened). It works with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)


def display_available() -> bool:
    """Whether a Qt window can be shown here (a display, or an explicit QPA platform)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", nargs="?", help="session file (*.earspace) to open")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="render, save a screenshot of the window and exit"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="--screenshot: give up after this many seconds (default 600)",
    )
    parser.add_argument(
        "--size", default="1440x900", help="--screenshot: window size WxH (default 1440x900)"
    )


def _make_app():
    if not display_available():
        # Without this Qt aborts the whole process with a misleading xcb message.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        log.warning("no display found: using the offscreen platform")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Earspace")
    app.setOrganizationName("Earspace")
    app.setDesktopFileName("earspace")
    from PySide6.QtGui import QIcon

    from desktop.main_window import ICON_PATH

    if ICON_PATH.is_file():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    return app


def wait_until(app, predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.01)
    return True


def grab_with_dialogs(window):
    """The window's picture with any open message box drawn on top (dialogs are
    separate top-level windows, so ``grab()`` alone would hide an error)."""
    from PySide6.QtGui import QPainter

    pix = window.grab()
    box = window.dialogs.last_box
    if box is not None and box.isVisible():
        p = QPainter(pix)
        shot = box.grab()
        p.drawPixmap((pix.width() - shot.width()) // 2, (pix.height() - shot.height()) // 3, shot)
        p.end()
    return pix


def screenshot(window, session_path: Path, out: Path, *, timeout_s: float = 600.0) -> int:
    """Open, render, wait for the plots and save ``out``; returns an exit code."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    window.show()
    app.processEvents()
    if not window.open_session(session_path):
        print(f"earspace app: could not open {session_path}", file=sys.stderr)
        grab_with_dialogs(window).save(str(out))
        return 2
    wait_until(app, lambda: not window.resolving and not window.loading, 120.0)
    session = window.doc.session
    if session.tracks and session.tracks[0].regions:
        window.select(0, 0)
    state = {"done": False, "ok": False}
    window.renderer.finished.connect(lambda _o: state.update(done=True, ok=True))
    window.renderer.failed.connect(lambda *_a: state.update(done=True))
    window.renderer.cancelled.connect(lambda: state.update(done=True))
    started = time.perf_counter()
    window.render()
    finished = wait_until(app, lambda: state["done"], timeout_s)
    if not finished:
        window.renderer.cancel()
        print(f"earspace app: render did not finish within {timeout_s:g} s", file=sys.stderr)
    # let the plots' repaint timer draw the new data twice
    wait_until(app, lambda: False, 0.3)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not grab_with_dialogs(window).save(str(out)):
        print(f"earspace app: could not write {out}", file=sys.stderr)
        return 1
    print(
        f"earspace app: rendered in {time.perf_counter() - started:.1f} s, screenshot saved to {out}"
    )
    return 0 if state["ok"] else 1


def run(args: argparse.Namespace) -> int:
    from desktop.logging_setup import setup_logging

    if not args.screenshot and not display_available():
        print(
            "earspace app: no display found (DISPLAY/WAYLAND_DISPLAY unset). Use "
            "`earspace app SESSION --screenshot OUT.png` or `earspace demo` for a headless render.",
            file=sys.stderr,
        )
        return 2
    log_path = setup_logging()
    app = _make_app()
    from desktop.dialogs import install_excepthook
    from desktop.main_window import MainWindow

    window = MainWindow()
    install_excepthook(lambda: None if window.closing else window.dialogs, log_path)
    if args.screenshot:
        if not args.session:
            print("earspace app: --screenshot needs a SESSION", file=sys.stderr)
            return 2
        try:
            w, h = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            print(
                f"earspace app: --size must look like 1440x900, got {args.size!r}", file=sys.stderr
            )
            return 2
        window.resize(w, h)
        code = screenshot(window, Path(args.session), Path(args.screenshot), timeout_s=args.timeout)
        window.shutdown()
        window.doc.undo_stack.setClean()
        window.close()
        return code
    window.show()
    if not window.offer_recovery() and args.session:
        window.open_session(args.session)
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="earspace-app", description="Earspace desktop app")
    add_arguments(parser)
    return run(parser.parse_args(argv))
