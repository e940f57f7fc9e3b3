"""The sound card, through sounddevice/PortAudio (Qt-free).

``probe_output()`` says whether preview can work and, when not, why in words a user
understands (no PortAudio library, no output device, device rejects the format). The app
keeps working without it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from desktop.transport.model import PlaybackModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutputStatus:
    available: bool
    reason: str = ""
    device: str = ""


def probe_output(sample_rate_hz: int = 48_000) -> OutputStatus:
    try:
        import sounddevice as sd
    except OSError as exc:
        return OutputStatus(
            False, f"Preview unavailable: the PortAudio library is not installed ({exc})."
        )
    except ImportError:
        return OutputStatus(False, "Preview unavailable: the sounddevice package is not installed.")
    try:
        devices = sd.query_devices()
        if not any(d.get("max_output_channels", 0) > 0 for d in devices):
            return OutputStatus(False, "Preview unavailable: no audio output device found.")
        sd.check_output_settings(channels=2, samplerate=sample_rate_hz, dtype="float32")
        default = sd.query_devices(kind="output")
    except Exception as exc:  # noqa: BLE001 - PortAudioError and friends
        return OutputStatus(False, f"Preview unavailable: the audio device cannot play ({exc}).")
    return OutputStatus(True, "", str(default.get("name", "default output")))


class AudioOutput:
    """An output stream pulling from a :class:`PlaybackModel` in PortAudio's thread."""

    def __init__(self, model: PlaybackModel) -> None:
        self.model = model
        self._stream = None

    def start(self) -> None:
        import sounddevice as sd

        self.stop()

        def callback(outdata, frames, time_info, status) -> None:  # noqa: ARG001
            self.model.fill(outdata)

        self._stream = sd.OutputStream(
            samplerate=self.model.sample_rate_hz, channels=2, dtype="float32", callback=callback
        )
        self._stream.start()

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:  # noqa: BLE001 - device vanished; nothing to keep
                log.exception("closing the audio stream failed")
            self._stream = None
