"""Driving a :class:`~engine.live.engine.LiveEngine` in real time.

* :class:`PacedRecorder` runs the engine at real-time pace without a sound card, as a
  device with a ``buffer_blocks``-block output buffer would pull it: block ``k`` is
  rendered from wall time ``t0 + (k - buffer_blocks) * block / fs`` on and "leaves the
  device" at ``t0 + k * block / fs``; a block finished after that moment is an xrun.
  The recording is exactly the sequence of blocks the engine produced.
* :class:`DeviceOutput` plays through ``sounddevice`` (PortAudio). The engine keeps
  ``sounddevice`` optional (it is part of the ``gui`` extra and needs the PortAudio
  library), so it is imported only when a sound card is asked for; this module is the
  one place in ``engine`` allowed to import it (``pyproject.toml``'s import contract).
"""

from __future__ import annotations

import threading
import time

import numpy as np

from engine.errors import EngineError
from engine.live.engine import LiveEngine


class PacedRecorder:
    """Record ``duration_s`` of ``engine`` (already started) at real-time pace."""

    def __init__(self, engine: LiveEngine, duration_s: float, *, buffer_blocks: int = 2) -> None:
        self.engine = engine
        self.n_blocks = max(1, int(np.ceil(duration_s * engine.fs / engine.block)))
        self.buffer_blocks = int(buffer_blocks)
        self.t0: float | None = None  # perf_counter() when timeline sample ``first`` plays
        self.first = engine.position
        self.blocks_done = 0
        self.rendered_at_s = np.zeros(self.n_blocks)  # perf_counter() when each block began
        self._stop = threading.Event()

    def play_time_s(self, sample: int) -> float:
        """Wall time (``perf_counter``) at which timeline ``sample`` leaves the device."""
        assert self.t0 is not None
        return self.t0 + (sample - self.first) / self.engine.fs

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> np.ndarray:
        """Record; returns ``(2, n)`` float32 (``n`` = blocks rendered x block)."""
        eng = self.engine
        block_s = eng.block / eng.fs
        out = np.zeros((2, self.n_blocks * eng.block), np.float32)
        self.t0 = time.perf_counter() + self.buffer_blocks * block_s
        for k in range(self.n_blocks):
            if self._stop.is_set():
                out = out[:, : k * eng.block]
                break
            due = self.t0 + (k - self.buffer_blocks) * block_s
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            self.rendered_at_s[k] = time.perf_counter()
            out[:, k * eng.block : (k + 1) * eng.block] = eng.render()
            self.blocks_done = k + 1
            if time.perf_counter() > self.t0 + k * block_s:
                eng.stats.xruns += 1
        return out


class DeviceOutput:
    """Play ``engine`` on the default output device until :meth:`stop`."""

    def __init__(self, engine: LiveEngine) -> None:
        try:
            import sounddevice

            self._sd = sounddevice
        except (ImportError, OSError) as exc:
            raise EngineError(
                f"live playback needs sounddevice and the PortAudio library ({exc}); "
                "install `pip install earspace[gui]` and `apt-get install libportaudio2`, "
                "or record without a sound card with --record OUT.wav --duration SECONDS"
            ) from exc
        self.engine = engine
        self._stream = None

    def start(self) -> None:
        eng = self.engine

        def callback(outdata, frames, time_info, status) -> None:  # noqa: ARG001
            if status.output_underflow:
                eng.stats.xruns += 1
            outdata[:] = eng.render().T

        try:
            stream = self._sd.OutputStream(
                samplerate=eng.fs,
                blocksize=eng.block,
                channels=2,
                dtype="float32",
                callback=callback,
            )
            stream.start()
            self._stream = stream
        except Exception as exc:  # noqa: BLE001 - PortAudioError and friends
            raise EngineError(
                f"the audio device cannot play ({exc}); record without a sound card with "
                "--record OUT.wav --duration SECONDS"
            ) from exc

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
