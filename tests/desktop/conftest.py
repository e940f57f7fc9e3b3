"""Desktop tests run offscreen (set before any Qt import) with a temporary state folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import soundfile as sf  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class FakeAsker:
    """Answers the window's blocking questions without a person."""

    def __init__(self) -> None:
        self.save_answer = "discard"
        self.recover_answer = True
        self.asked: list[str] = []
        self.save_path: Path | None = None
        self.open_path: Path | None = None
        self.export = None

    def save_changes(self) -> str:
        self.asked.append("save_changes")
        return self.save_answer

    def recover(self, info) -> bool:
        self.asked.append("recover")
        return self.recover_answer

    def open_session_path(self):
        return self.open_path

    def save_session_path(self, suggested):
        return self.save_path

    def audio_paths(self):
        return []

    def export_request(self, default_name, default_dir):
        return self.export


@pytest.fixture(autouse=True)
def _state_dir(tmp_path, monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("EARSPACE_STATE_DIR", str(state))
    return state


def write_noise(
    path: Path, seconds: float = 2.0, rate: int = 48_000, channels: int = 1, seed: int = 0
) -> Path:
    rng = np.random.default_rng(seed)
    data = (0.2 * rng.standard_normal((int(seconds * rate), channels))).astype(np.float32)
    sf.write(str(path), data if channels > 1 else data[:, 0], rate)
    return path


@pytest.fixture
def noise_wav(tmp_path) -> Path:
    return write_noise(tmp_path / "noise.wav")


def save_artifact(widget, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    if hasattr(widget, "dialogs"):
        from desktop.app import grab_with_dialogs

        grab_with_dialogs(widget).save(str(path))
    else:
        widget.grab().save(str(path))
    return path


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
