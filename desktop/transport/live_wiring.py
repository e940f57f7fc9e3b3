"""Switch a main window's transport to live playback and add the head-tracker panel.

One call from :class:`desktop.main_window.MainWindow` (``install_live_preview(self)``)
keeps the window's own code untouched: the transport's model becomes a
:class:`~desktop.transport.live_model.LivePlaybackModel` fed every document change, a
"Head tracking" dock holds the :class:`~desktop.transport.head_tracker_panel.HeadTrackerPanel`,
and the head view turns with the head.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from desktop.transport.head_tracker_panel import HeadTrackerPanel
from desktop.transport.live_model import LivePlaybackModel
from desktop.transport.model import SOURCE_BINAURAL, SOURCE_ORIGINAL
from engine.api import EngineError
from engine.live import HeadState


def install_live_preview(window) -> LivePlaybackModel:
    head = HeadState()
    transport = window.transport
    model = LivePlaybackModel(head)
    model.source = transport.model.source
    transport.model = model
    if transport.output is not None:
        transport.output.model = model
    window.doc.changed.connect(model.set_session)
    model.session = window.doc.session
    prepare = transport.before_play

    def before_play() -> None:
        wanted = model.source
        if prepare is not None:
            prepare()  # sets the A buffer (and an old render for B, unused live)
        transport.b_button.setEnabled(transport.available)
        transport.set_source(wanted if wanted else SOURCE_BINAURAL)
        try:
            model.prepare(window.doc.session)
        except EngineError as exc:  # e.g. an unknown room: play the original instead
            transport.set_source(SOURCE_ORIGINAL)
            transport.reason_label.setText(f"Live preview unavailable: {exc}")
            transport.reason_label.show()
            return
        notices = model.engine.stats.notices if model.engine is not None else []
        transport.reason_label.setText("; ".join(notices))
        transport.reason_label.setVisible(bool(notices))

    transport.before_play = before_play
    transport.b_button.setEnabled(transport.available)
    transport.b_button.setText("B: binaural (live)")
    panel = HeadTrackerPanel(
        head,
        lambda: model.engine.stats if model.engine else None,
        settings_path=window.state_folder / "head_tracker.json",
    )
    panel.pose_changed.connect(lambda yaw, _p, _r: window.head.set_head_yaw(yaw))
    dock = QDockWidget("Head tracking", window)
    dock.setObjectName("head-tracking-dock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.head_tracker = panel
    window.live_model = model
    shutdown = window.shutdown

    def shutdown_live(*args, **kwargs):
        panel.shutdown()
        model.close()
        return shutdown(*args, **kwargs)

    window.shutdown = shutdown_live
    return model
