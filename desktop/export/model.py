"""Export a render (Qt-free): through the plugin bridge's ``export_session`` (stems, Ardour,
REAPER, AAF, AmbiX) when it is installed, else the engine's outputs (stems, mix, plots,
``render.json``: ``engine.api.write_render_outputs``), named as everywhere else.

One request may name several formats; they are written one after the other into the same
folder (their file names never clash), after one overwrite check for all of them, so a
refused export writes nothing. :func:`default_export_dir` picks the folder the dialog offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.api import ParameterError, write_render_outputs

FALLBACK_FORMATS = ("stems",)
AMBISONICS_ORDERS = (1, 2, 3)
EXPORT_FOLDER_NAME = "Earspace"


@dataclass(frozen=True)
class ExportRequest:
    """What the export dialog asks for: one or more ``formats`` into ``out_dir``;
    ``ambisonics_order`` (1-3) applies to ``ambix``."""

    out_dir: Path
    formats: tuple[str, ...] = ("stems",)
    name: str = "Earspace"
    bit_depth: str = "pcm24"
    on_clip: str = "limit"
    force: bool = False
    ambisonics_order: int = 1

    def __post_init__(self) -> None:
        if not self.formats:
            raise ParameterError("export: choose at least one format")
        if self.ambisonics_order not in AMBISONICS_ORDERS:
            raise ParameterError(
                f"export: ambisonics_order must be 1, 2 or 3, got {self.ambisonics_order!r}"
            )


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


def default_export_dir(
    *,
    last_dir: Path | None,
    session_path: Path | None,
    documents_dir: Path,
    install_dir: Path | None = None,
) -> Path:
    """The folder the export dialog offers: the last folder exported to (if it still
    exists), else the session's folder unless it lies inside the installation (the demo
    session), else ``documents_dir/Earspace``."""
    if last_dir is not None and Path(last_dir).is_dir():
        return Path(last_dir)
    if session_path is not None:
        folder = Path(session_path).resolve().parent
        inside_install = install_dir is not None and folder.is_relative_to(
            Path(install_dir).resolve()
        )
        if not inside_install:
            return folder
    return Path(documents_dir) / EXPORT_FOLDER_NAME


def documents_dir(home: Path | None = None) -> Path:
    """``~/Documents`` when it exists, else the home folder."""
    home = Path.home() if home is None else Path(home)
    docs = home / "Documents"
    return docs if docs.is_dir() else home


def _scaled(progress: Any, index: int, count: int) -> Any:
    """Progress of format ``index`` of ``count`` as a share of the whole export."""
    if progress is None:
        return None
    return lambda f, m: progress((index + float(f)) / count, m)


def run_export(
    session: Any, render: Any, request: ExportRequest, *, progress=None, cancel=None
) -> ExportReport:
    """Export every format of ``request`` (the plugin bridge when available, else plain
    WAV stems); raises ``EngineError``/``OSError``; refuses before writing anything when
    any planned file exists and ``force`` is off."""
    try:
        from plugin_bridge.export import ExportOptions, existing_entries, export_session
    except Exception:  # noqa: BLE001 - no bridge: plain WAV stems
        missing = [f for f in request.formats if f not in FALLBACK_FORMATS]
        if missing:
            raise ParameterError(
                f"{', '.join(missing)} export needs the plugin bridge (pip install -e '.[plugins]')"
            ) from None
        return export_wavs(
            render, request.out_dir, bit_depth=request.bit_depth, on_clip=request.on_clip
        )
    options = ExportOptions(
        name=request.name,
        bit_depth=request.bit_depth,
        on_clip=request.on_clip,
        force=request.force,
        ambisonics_order=request.ambisonics_order,
    )
    if not request.force:
        clash = [p for f in request.formats for p in existing_entries(f, request.out_dir, options)]
        if clash:
            from plugin_bridge.errors import ExportError

            names = ", ".join(p.name for p in clash)
            raise ExportError(
                f"{names} already exist(s) in {request.out_dir}; nothing was written. Tick "
                "'Overwrite existing files' or choose another folder or name."
            )
    report = ExportReport()
    for i, fmt in enumerate(request.formats):
        result = export_session(
            session,
            render,
            fmt=fmt,
            out_dir=request.out_dir,
            options=options,
            progress=_scaled(progress, i, len(request.formats)),
            cancel=cancel,
        )
        report.paths += list(result.entries)
        report.notes += list(result.notices)
        report.main_file = report.main_file or result.main_file
    return report


def describe_error(exc: BaseException) -> str:
    try:
        from plugin_bridge.export import export_error_message
    except Exception:  # noqa: BLE001
        return str(exc)
    return export_error_message(exc)
