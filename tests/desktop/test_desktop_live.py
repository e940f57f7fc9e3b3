"""Live preview in the app: B plays the live engine (edits heard without a render), the
head-tracker panel follows OSC messages (sent to 127.0.0.1) and turns the head view."""

from __future__ import annotations

import numpy as np
import pytest
from pythonosc.udp_client import SimpleUDPClient
from test_desktop_app import add_tracks, drag, type_prompt

pytestmark = pytest.mark.gui


class FakeOutput:
    started = 0

    def start(self):
        self.started += 1

    def stop(self):
        pass


def _fill(model, seconds: float) -> np.ndarray:
    out = np.zeros((int(seconds * 48_000), 2), np.float32)
    model.fill(out)
    return out


def test_prompt_edit_is_heard_while_playing_without_a_render(qtbot, make_window, noise_wav):
    from desktop.transport.audio_output import OutputStatus

    window = make_window(output_status=OutputStatus(True, "", "fake"))
    add_tracks(qtbot, window, [noise_wav])
    window.timeline.fit()
    drag(qtbot, window.timeline, 0, 0.0, 1.0)
    type_prompt(qtbot, window, "hard left")
    bar = window.transport
    bar.output = FakeOutput()
    assert window.last_render is None and bar.b_button.isEnabled()
    window.seek(0.1)
    bar.play_button.click()
    assert bar.model.playing and bar.model.source == "B"
    out = _fill(bar.model, 0.1)
    assert np.mean(out[:, 0] ** 2) > 4 * np.mean(out[:, 1] ** 2)  # left
    type_prompt(qtbot, window, "hard right")
    engine = window.live_model.engine
    assert engine.wait_until_published(5.0)
    _fill(bar.model, 0.05)  # the swap crossfades here
    out = _fill(bar.model, 0.1)
    assert np.mean(out[:, 1] ** 2) > 4 * np.mean(out[:, 0] ** 2)  # right, no render
    assert window.last_render is None
    bar.play_button.click()


def test_head_tracker_panel_follows_osc_and_turns_the_head_view(qtbot, make_window):
    window = make_window()
    panel = window.head_tracker
    panel.port_spin.setValue(0)  # any free port
    panel.invert["pitch"].setChecked(True)
    panel.listen_button.click()
    assert panel.server is not None, panel.status_label.text()
    assert not panel.port_spin.isEnabled()
    SimpleUDPClient("127.0.0.1", panel.server.port).send_message(
        "/earspace/head/ypr", [90.0, 10.0, 0.0]
    )
    qtbot.waitUntil(lambda: "yaw +90" in panel.pose_label.text(), timeout=3000)
    assert "pitch -10" in panel.pose_label.text()  # inverted
    qtbot.waitUntil(lambda: window.head.head_yaw_deg == pytest.approx(90.0), timeout=3000)
    assert "1 messages" in panel.count_label.text()
    panel.recentre_button.click()
    qtbot.waitUntil(lambda: "yaw +0" in panel.pose_label.text(), timeout=3000)
    panel.listen_button.click()
    assert panel.server is None and panel.port_spin.isEnabled()
    # The settings come back in the next session of the app.
    again = make_window()
    assert again.head_tracker.invert["pitch"].isChecked()
    assert again.head_tracker.port_spin.value() == 0
