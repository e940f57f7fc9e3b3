"""The physical (HRTF) binaural engine.

In the flow prompt -> placement -> timeline -> render -> outputs it renders: mono audio
plus a track's :class:`engine.timeline.Timeline` in, binaural out; it never reads prompts.

``render_track(mono, timeline, hrtf, *, sample_rate_hz, doppler=True, progress=None,
cancel=None, notices=None) -> (2, n + tail)`` renders one mono track along its scene
timeline (:mod:`engine.timeline`: positions and rooms); :class:`StreamingRenderer` does the same block by block
with bounded memory and :func:`render_file` streams a file to a file.

Modules: :mod:`~engine.physical.direct_path` (time-varying HRTF convolution, crossfaded),
:mod:`~engine.physical.distance` (level law, air absorption, propagation delay),
:mod:`~engine.physical.delay_line` (Doppler), :mod:`~engine.physical.rooms` (room
presets: early reflections + binaural late tail), :mod:`~engine.physical.renderer`.
"""

from engine.physical.renderer import (
    RenderConfig,
    RenderFileReport,
    StreamingRenderer,
    render_file,
    render_track,
)
from engine.physical.rooms import PRESETS as ROOM_MODELS
from engine.physical.rooms import RoomPreset, early_reflections, late_tail_response, room_response

__all__ = [
    "ROOM_MODELS",
    "RenderConfig",
    "RenderFileReport",
    "RoomPreset",
    "StreamingRenderer",
    "early_reflections",
    "late_tail_response",
    "render_file",
    "render_track",
    "room_response",
]
