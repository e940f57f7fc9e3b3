"""Each feature's model is Qt-free (importable and testable without PySide6)."""

from __future__ import annotations

import subprocess
import sys

QT_FREE = [
    "desktop.paths",
    "desktop.audio_library",
    "desktop.document.edits",
    "desktop.timeline.model",
    "desktop.timeline.waveform",
    "desktop.inspector.model",
    "desktop.head_view.model",
    "desktop.plots.model",
    "desktop.render.model",
    "desktop.transport.model",
    "desktop.transport.audio_output",
    "desktop.export.model",
    "desktop.recovery.model",
    "desktop.batch.model",
    "desktop.load_queue",
    "desktop.document.selection",
    "desktop.document.reresolve",
    "desktop.render.notices",
    "desktop.view_state",
]


def test_models_import_no_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {QT_FREE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
