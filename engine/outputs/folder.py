"""Render a session with its plugin hooks, then write stems, mix, plots and ``render.json``.

    report = render_to_folder(session, Path("out"), bit_depth="float32", on_clip="error")

writes ``out/<track> binaural.wav`` per audible track, ``out/mix.wav``, ``out/plots.png``
and ``out/render.json`` (the report returned: rate, duration, each file's peak, every
notice). Everything is written to a hidden staging folder inside ``out_dir`` first and
moved in at the end, so a failure or cancel leaves no half-written output.
:func:`write_render_outputs` writes an existing render into a folder (the app renders
first, then exports).
"""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.audio_io import write_wav
from engine.hooks import RenderHooks, find_render_hooks
from engine.outputs.naming import MIX_NAME, stem_file_names
from engine.progress import ProgressCallback
from engine.render_session import SessionRender, render_session
from engine.scratch import clean_stale, staging_dir
from engine.session import Session

RENDER_REPORT_NAME = "render.json"
PLOTS_NAME = "plots.png"


def render_with_hooks(
    session: Session,
    *,
    hooks: RenderHooks | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    **render_options: Any,
) -> SessionRender:
    """``render_session`` with plugin hooks (``None``: :func:`engine.hooks.find_render_hooks`).

    The hooks' messages are read *after* the render (plugins are bypassed while it runs)
    and join the render's notices. ``render_options`` go to ``render_session`` (cache,
    engine_override).
    """
    hooks = find_render_hooks(session) if hooks is None else hooks
    render = render_session(
        session,
        progress=progress,
        cancel=cancel,
        insert_hook=hooks.insert,
        master_hook=hooks.master,
        **render_options,
    )
    return replace(render, notices=list(dict.fromkeys([*render.notices, *hooks.messages])))


def write_render_outputs(
    render: SessionRender,
    folder: Path,
    *,
    bit_depth: str = "float32",
    on_clip: str = "error",
    plots: bool = True,
) -> dict[str, Any]:
    """Write ``render``'s stems, ``mix.wav``, ``plots.png`` (when ``plots``) and
    ``render.json`` into ``folder``; returns the report written to ``render.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    rate = render.sample_rate_hz
    stems = []
    for stem, file_name in zip(
        render.stems, stem_file_names(s.name for s in render.stems), strict=True
    ):
        rep = write_wav(folder / file_name, stem.audio, rate, bit_depth=bit_depth, on_clip=on_clip)
        stems.append(
            {
                "track": stem.name,
                "file": file_name,
                "engine": stem.engine,
                "peak_dbfs": rep.peak_dbfs,
                "note": rep.note,
            }
        )
    mix_file = f"{MIX_NAME}.wav"
    mix_rep = write_wav(folder / mix_file, render.mix, rate, bit_depth=bit_depth, on_clip=on_clip)
    files = [s["file"] for s in stems] + [mix_file]
    if plots:
        from engine.outputs.plots import save_plots_png

        save_plots_png(
            [(s.name, s.audio) for s in render.stems]
            + ([(MIX_NAME, render.mix)] if len(render.stems) > 1 else []),
            rate,
            folder / PLOTS_NAME,
        )
        files.append(PLOTS_NAME)
    report = {
        "sample_rate_hz": rate,
        "duration_s": render.duration_s,
        "stems": stems,
        "mix": {"file": mix_file, "peak_dbfs": mix_rep.peak_dbfs, "note": mix_rep.note},
        "notices": list(render.notices),
        "files": [*files, RENDER_REPORT_NAME],
    }
    (folder / RENDER_REPORT_NAME).write_text(
        json.dumps(report, indent=2, default=_json_float) + "\n", encoding="utf-8"
    )
    return report


def render_to_folder(
    session: Session,
    out_dir: Path,
    *,
    bit_depth: str = "float32",
    on_clip: str = "error",
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    hooks: RenderHooks | None = None,
) -> dict[str, Any]:
    """Render ``session`` (with its plugin hooks) into ``out_dir``; see the module docstring."""
    render = render_with_hooks(session, hooks=hooks, progress=progress, cancel=cancel)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)  # what a killed run left
    staging = staging_dir(out_dir, "render")
    try:
        report = write_render_outputs(render, staging, bit_depth=bit_depth, on_clip=on_clip)
        for name in report["files"]:
            (staging / name).replace(out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _json_float(value: Any) -> Any:
    return None if value != value or value in (float("inf"), float("-inf")) else float(value)


__all__ = ["RENDER_REPORT_NAME", "render_to_folder", "render_with_hooks", "write_render_outputs"]
