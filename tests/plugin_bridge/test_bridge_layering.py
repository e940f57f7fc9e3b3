"""The app process never loads pedalboard/JUCE (plugins live in the host process) nor Qt."""

from __future__ import annotations

import subprocess
import sys


def test_bridge_modules_import_neither_pedalboard_nor_qt():
    code = (
        "import sys\n"
        "import plugin_bridge.chains, plugin_bridge.export, plugin_bridge.cli_command\n"
        "import plugin_bridge.scan, plugin_bridge.editor, plugin_bridge.ardour, plugin_bridge.reaper\n"
        "import plugin_bridge.aaf, plugin_bridge.ambisonics, plugin_bridge.stems\n"
        "bad = [m for m in ('pedalboard', 'PySide6', 'pyqtgraph', 'desktop') if m in sys.modules]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
