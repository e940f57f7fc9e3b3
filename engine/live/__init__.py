"""Live preview: the session rendered in real time, head tracking over OSC.

:mod:`~engine.live.head` (head pose, scene rotation), :mod:`~engine.live.osc` (OSC
server, tracker presets), :mod:`~engine.live.voice` (one track as a live stream, the
physical engine's own stages), :mod:`~engine.live.room_stream` (room sound rendered
ahead), :mod:`~engine.live.timeline` (the seam to the shared scene timeline),
:mod:`~engine.live.engine` (the block renderer, edits
swapped in while playing), :mod:`~engine.live.player` (real-time pacing without a sound
card; sounddevice output), :mod:`~engine.live.cli` (``earspace listen``).
"""

from engine.live.engine import LiveEngine, LiveStats
from engine.live.head import HeadState, quaternion_to_matrix, rotate_directions, ypr_to_matrix
from engine.live.osc import DEFAULT_OSC_PORT, PRESET_NAMES, HeadTrackerServer, TrackerSettings

__all__ = [
    "DEFAULT_OSC_PORT",
    "HeadState",
    "HeadTrackerServer",
    "LiveEngine",
    "LiveStats",
    "PRESET_NAMES",
    "TrackerSettings",
    "quaternion_to_matrix",
    "rotate_directions",
    "ypr_to_matrix",
]
