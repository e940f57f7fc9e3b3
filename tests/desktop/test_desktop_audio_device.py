"""The preview's sounddevice plumbing against a real PortAudio stream: ALSA's null PCM
(no sound card needed, see research/ECOSYSTEM.md section 3). It is not paced in real
time, so it only proves that the stream opens and the callback plays our buffer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = """
import time
import numpy as np
from desktop.transport.audio_output import AudioOutput, probe_output
from desktop.transport.model import PlaybackModel

status = probe_output()
if not status.available:
    print("UNAVAILABLE", status.reason)
    raise SystemExit(3)
model = PlaybackModel(48_000)
model.set_buffer("B", np.full((2, 48_000), 0.1, np.float32), 48_000)
model.playing = True
out = AudioOutput(model)
out.start()
deadline = time.monotonic() + 5
while model.playing and time.monotonic() < deadline:
    time.sleep(0.01)
out.stop()
print("POSITION", model.position_s, "PLAYING", model.playing)
"""


def test_null_alsa_device_plays_the_buffer_to_its_end(tmp_path):
    (tmp_path / ".asoundrc").write_text("pcm.!default { type null }\npcm.nullsink { type null }\n")
    env = dict(os.environ, HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    if proc.returncode == 3:
        pytest.skip(f"no PortAudio/ALSA here: {proc.stdout.strip()}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "POSITION 1.0 PLAYING False" in proc.stdout
