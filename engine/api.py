"""The small API the desktop app and other front ends use; nothing here imports Qt.

Sessions: ``load_session``, ``save_session``; prompts: ``parse_prompt``; audio:
``read_mono``; rendering: ``render_session`` with a ``RenderCache``, progress callback
and cancel event; analysis: ``spl_difference_db``, ``envelopes``, ``itd_gcc_phat_ms``.
"""

from __future__ import annotations

from typing import Any

from engine.audio_io import LoadedAudio, read_mono, write_wav
from engine.errors import (
    AudioInputError,
    EngineError,
    ParameterError,
    RenderCancelled,
    SessionError,
)
from engine.metrics import envelopes, itd_gcc_phat_ms, spl_difference_db
from engine.render_session import RenderCache, SessionRender, TrackRender, render_session
from engine.session import ENGINES, ROOM_PRESETS, Region, Session, Track, load_session, save_session
from engine.spatial_path import Keyframe, SpatialPath


def parse_prompt(text: str) -> Any:
    """Resolve a location prompt to a ``Placement`` (see ``engine.prompt``)."""
    from engine.prompt import parse

    return parse(text)


__all__ = [
    "AudioInputError",
    "ENGINES",
    "EngineError",
    "Keyframe",
    "LoadedAudio",
    "ParameterError",
    "ROOM_PRESETS",
    "Region",
    "RenderCache",
    "RenderCancelled",
    "Session",
    "SessionError",
    "SessionRender",
    "SpatialPath",
    "Track",
    "TrackRender",
    "envelopes",
    "itd_gcc_phat_ms",
    "load_session",
    "parse_prompt",
    "read_mono",
    "render_session",
    "save_session",
    "spl_difference_db",
    "write_wav",
]
