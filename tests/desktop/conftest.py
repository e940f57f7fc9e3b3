"""Desktop tests run offscreen (set before any Qt import) with a temporary state folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from desktop_helpers import FakeAsker, write_noise  # noqa: E402


@pytest.fixture(autouse=True)
def _state_dir(tmp_path, monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("EARSPACE_STATE_DIR", str(state))
    return state


@pytest.fixture
def noise_wav(tmp_path) -> Path:
    return write_noise(tmp_path / "noise.wav")


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Build a MainWindow with no audio device, a fake asker and optional fakes."""
    from desktop.main_window import MainWindow
    from desktop.transport.audio_output import OutputStatus

    windows = []

    def make(**kwargs):
        kwargs.setdefault(
            "output_status",
            OutputStatus(False, "Preview unavailable: no audio output device found."),
        )
        kwargs.setdefault("state_folder", tmp_path / "state")
        w = MainWindow(**kwargs)
        w.ask = FakeAsker()
        qtbot.addWidget(w)
        w.resize(1280, 820)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.doc.undo_stack.setClean()
        w.shutdown()
