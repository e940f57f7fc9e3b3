"""Earspace desktop app (PySide6 + pyqtgraph).

In the flow prompt -> placement -> timeline -> render -> outputs the app edits prompts and
placements, shows the timeline (head view) and render (plots), and exports outputs, all
through ``engine.api``.

Layout: one folder per feature, each a Qt-free ``model`` plus a Qt ``view``::

    document/   the open session, undo stack, pure session edits
    timeline/   lanes, waveform overviews, region drag logic, zoom
    inspector/  track settings and the region prompt with its resolved placement
    head_view/  top-down view of where sources are
    plots/      SPL difference and L/R envelopes of the render
    render/     the render worker (QThread) driving ``engine.api.render_session``
    transport/  headphone preview through sounddevice
    export/     stems + mix export (plugin bridge when present)
    recovery/   autosave and crash recovery, recent files

The app reaches the engine only through ``engine.api`` (an import contract); the engine
never imports Qt.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Start the app (``python -m desktop [SESSION] [--screenshot OUT.png]``)."""
    from desktop.app import main as _main

    return _main(argv)


__all__ = ["main"]
