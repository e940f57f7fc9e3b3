"""The engine's facade: what the desktop app and other front ends import (nothing here
imports Qt). The flow it exposes: prompt -> placement -> timeline -> render -> outputs.

* Sessions: ``Session``/``Track``/``Region``/``PlacedSource``, ``load_session``,
  ``save_session`` (atomic), ``atomic_write_bytes``, ``ROOM_PRESETS``, ``ENGINES``.
* Prompt -> placement: ``parse_prompt``, ``region_with_placement`` (store every source
  and the room in a region), ``resolve_regions``.
* Placement -> timeline: ``build_timeline`` (the hold rule and rooms every view and
  renderer reads).
* Render: ``render_session`` with a ``RenderCache``, progress callback and cancel
  event; ``render_with_hooks``/``find_render_hooks`` for plugin chains.
* Outputs: ``write_render_outputs``, ``render_to_folder``, ``stem_file_names``;
  audio I/O ``read_mono``, ``write_wav``; analysis ``spl_difference_db``, ``envelopes``,
  ``itd_gcc_phat_ms``.
* Batches (many files on Ray): ``run_batch`` with ``BatchSettings``; see ``engine.batch``.
"""

from __future__ import annotations

from typing import Any

from engine.assets import assets_dir, demo_session_path
from engine.audio_io import LoadedAudio, read_mono, write_wav
from engine.batch import BatchSettings, BatchSummary, ManifestError, run_batch
from engine.errors import (
    AudioInputError,
    EngineError,
    ParameterError,
    RenderCancelled,
    SessionError,
)
from engine.geometry import wrap_azimuth_deg
from engine.hooks import InsertHook, MasterHook, RenderHooks, find_render_hooks
from engine.metrics import envelopes, itd_gcc_phat_ms, spl_difference_db
from engine.outputs import (
    render_to_folder,
    render_with_hooks,
    stem_file_names,
    write_render_outputs,
)
from engine.render_session import RenderCache, SessionRender, TrackRender, render_session
from engine.resolve import region_with_placement, resolve_regions
from engine.rooms import ROOM_PRESETS
from engine.session import (
    ENGINES,
    SESSION_SUFFIX,
    PlacedSource,
    Region,
    Session,
    Track,
    atomic_write_bytes,
    load_session,
    save_session,
)
from engine.spatial_path import Keyframe, SpatialPath
from engine.timeline import Span, Timeline, build_timeline


def parse_prompt(text: str) -> Any:
    """Resolve a location prompt to a ``Placement`` (see ``engine.prompt``)."""
    from engine.prompt import parse

    return parse(text)


__all__ = [
    "AudioInputError",
    "BatchSettings",
    "BatchSummary",
    "ENGINES",
    "EngineError",
    "InsertHook",
    "Keyframe",
    "LoadedAudio",
    "ManifestError",
    "MasterHook",
    "ParameterError",
    "PlacedSource",
    "ROOM_PRESETS",
    "Region",
    "RenderCache",
    "RenderCancelled",
    "RenderHooks",
    "SESSION_SUFFIX",
    "Session",
    "SessionError",
    "SessionRender",
    "Span",
    "SpatialPath",
    "Timeline",
    "Track",
    "TrackRender",
    "assets_dir",
    "atomic_write_bytes",
    "build_timeline",
    "demo_session_path",
    "envelopes",
    "find_render_hooks",
    "itd_gcc_phat_ms",
    "load_session",
    "parse_prompt",
    "read_mono",
    "region_with_placement",
    "render_session",
    "render_to_folder",
    "render_with_hooks",
    "resolve_regions",
    "run_batch",
    "save_session",
    "spl_difference_db",
    "stem_file_names",
    "wrap_azimuth_deg",
    "write_render_outputs",
    "write_wav",
]
