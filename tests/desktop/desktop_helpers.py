"""Helpers shared by the desktop tests (a uniquely named module: ``tests/`` is not a
package, so ``tests/desktop`` is put on ``sys.path`` by pytest)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

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

    def save_changes(self, name="Untitled", action="closing") -> str:
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

    def export_request(self, default_name, default_dir, formats=("stems",), ambisonics_order=1):
        self.export_offer = (default_name, default_dir, formats, ambisonics_order)
        return self.export


def write_noise(
    path: Path, seconds: float = 2.0, rate: int = 48_000, channels: int = 1, seed: int = 0
) -> Path:
    rng = np.random.default_rng(seed)
    data = (0.2 * rng.standard_normal((int(seconds * rate), channels))).astype(np.float32)
    sf.write(str(path), data if channels > 1 else data[:, 0], rate)
    return path


def save_artifact(widget, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    if hasattr(widget, "dialogs"):
        from desktop.app import grab_with_dialogs

        grab_with_dialogs(widget).save(str(path))
    else:
        widget.grab().save(str(path))
    return path
