"""Export a render (Qt-free): through the plugin bridge's ``export_session`` (stems, Ardour,
REAPER, AAF, AmbiX) when it is installed, else the engine's outputs (stems, mix, plots,
``render.json``: ``engine.api.write_render_outputs``), named as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.api import ParameterError, write_render_outputs

FALLBACK_FORMATS = ("stems",)


@dataclass(frozen=True)
class ExportRequest:
    """What the export dialog asks for."""

    out_dir: Path
    fmt: str = "stems"
    name: str = "Earspace"
    bit_depth: str = "pcm24"
    on_clip: str = "limit"
    force: bool = False


@dataclass
class ExportReport:
    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    main_file: Path | None = None


def bridge_formats() -> tuple[str, ...]:
    """Formats on offer: the plugin bridge's, or plain stems without it. Sending stems
    back into an existing project (``rpp-insert``/``ardour-insert``) needs the original
    project, which this dialog does not ask for: that is ``earspace export --project``."""
    try:
        from plugin_bridge.export import FORMATS, INSERT_FORMATS
    except Exception:  # noqa: BLE001 - pedalboard or the bridge missing: degrade
        return FALLBACK_FORMATS
    return tuple(f for f in FORMATS if f not in INSERT_FORMATS)


def export_wavs(
    render: Any, folder: str | Path, *, bit_depth: str = "float32", on_clip: str = "error"
) -> ExportReport:
    """Without the bridge: the engine's outputs (``<track> binaural.wav``, ``mix.wav``,
    ``plots.png``, ``render.json``) of ``render`` in ``folder``."""
    out = Path(folder)
    written = write_render_outputs(render, out, bit_depth=bit_depth, on_clip=on_clip)
    notes = [f"{s['file']}: {s['note']}" for s in written["stems"] if s["note"]]
    if written["mix"]["note"]:
        notes.append(f"{written['mix']['file']}: {written['mix']['note']}")
    return ExportReport(
        paths=[out / name for name in written["files"]],
        notes=notes,
        main_file=out / written["mix"]["file"],
    )


def run_export(
    session: Any, render: Any, request: ExportRequest, *, progress=None, cancel=None
) -> ExportReport:
    """Export with the plugin bridge when available; raises ``EngineError``/``OSError``."""
    try:
        from plugin_bridge.export import ExportOptions, export_session
    except Exception:  # noqa: BLE001 - no bridge: plain WAV stems
        if request.fmt not in FALLBACK_FORMATS:
            raise ParameterError(
                f"{request.fmt} export needs the plugin bridge (pip install -e '.[plugins]')"
            ) from None
        return export_wavs(
            render, request.out_dir, bit_depth=request.bit_depth, on_clip=request.on_clip
        )
    options = ExportOptions(
        name=request.name, bit_depth=request.bit_depth, on_clip=request.on_clip, force=request.force
    )
    result = export_session(
        session,
        render,
        fmt=request.fmt,
        out_dir=request.out_dir,
        options=options,
        progress=progress,
        cancel=cancel,
    )
    return ExportReport(
        paths=list(result.entries), notes=list(result.notices), main_file=result.main_file
    )


def describe_error(exc: BaseException) -> str:
    try:
        from plugin_bridge.export import export_error_message
    except Exception:  # noqa: BLE001
        return str(exc)
    return export_error_message(exc)
