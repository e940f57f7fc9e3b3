"""Export orchestration: a rendered session to stems, Ardour, REAPER, AAF or AmbiX.

(Just over 500 lines on purpose: staging, overwrite checks, the per-format dispatch and
the final commit stay in one module so the all-or-nothing rule is readable in one place;
AmbiX encoding lives in ``ambix_export``, stem placement in ``stems``.)

The desktop app's export dialog and ``earspace export`` both call
:func:`export_session`. Everything is written into a hidden staging folder beside the
destination first; only when every file is complete are the finished entries moved into
``out_dir`` (one rename each). A failure or a cancel removes the staging folder, so no
half-written session is ever left behind. Entries that already exist in ``out_dir`` are
never replaced unless ``force`` is set.

What each format writes into ``out_dir`` (``<name>`` is :attr:`ExportOptions.name`)::

    stems   <track> binaural.wav ...  mix.wav        (BWF time reference = timeline start)
    ardour  <name>/<name>.ardour + interchange/<name>/audiofiles/*.wav
    reaper  <name>.RPP + <name> audio/*.wav
    aaf     <name>.aaf (PCM essence embedded; with aaf_embed=False + <name> audio/*.wav linked)
    ambix   <name> ambix O<order>.wav                (ACN/SN3D, (order+1)^2 channels)
    adm     <name> adm.wav                           (BW64 + ADM objects, one per track)
    rpp-insert     <project>.RPP + <name> audio/*.wav  (copy of the original + stem tracks)
    ardour-insert  <session folder>/ (copy of the original + stem tracks)

Example::

    render = render_session(session, insert_hook=..., master_hook=...)
    result = export_session(session, render, fmt="ardour", out_dir=Path("out"),
                            options=ExportOptions(name="scene", bit_depth="pcm24"))
"""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from engine.audio_io import CLIP_POLICIES, SUBTYPES
from engine.errors import EngineError, ParameterError, RenderCancelled
from engine.hooks import InsertHook
from engine.progress import ProgressCallback, check_cancel
from engine.scratch import clean_stale, staging_dir, temp_path
from engine.session import Session
from plugin_bridge.chains import active_slots
from plugin_bridge.errors import ExportError
from plugin_bridge.stems import (
    PlacedStem,
    StemFile,
    placed_stems,
    prompt_markers,
    write_stem_files,
)

FORMATS = ("stems", "ardour", "reaper", "aaf", "ambix", "adm", "rpp-insert", "ardour-insert")
#: Formats that add the stems to a copy of an existing DAW project (``ExportOptions.project``).
INSERT_FORMATS = ("rpp-insert", "ardour-insert")
#: Formats written straight from the session's sources (no binaural render).
SOURCE_FORMATS = ("ambix", "adm")

#: Track colours for DAW sessions (RGB), cycled over the tracks.
TRACK_COLORS_RGB: tuple[tuple[int, int, int], ...] = (
    (230, 97, 1),
    (94, 60, 153),
    (27, 158, 119),
    (217, 95, 2),
    (31, 120, 180),
    (227, 26, 28),
    (102, 166, 30),
    (231, 41, 138),
)

#: Name of the muted reference track holding the mix with the master chain (DAW sessions).
REFERENCE_MIX_NAME = "Earspace mix (master chain)"


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how.

    ``bit_depth``: ``pcm24`` (default; what DAWs and AAF expect), ``float32`` or
    ``pcm16``; AAF forces PCM. ``sample_rate_hz``: ``None`` keeps the render's rate.
    ``track_names``: ``None`` = every rendered track. ``on_clip``: what to do when a PCM
    file would clip (``error``, ``normalize``, ``limit``; see ``engine.audio_io``).
    ``ambisonics_order``: 1-3 for ``ambix``. ``project``: the original DAW project
    (``.RPP`` file, ``.ardour`` file or its folder) for ``rpp-insert``/``ardour-insert``.
    """

    name: str = "Earspace"
    bit_depth: str = "pcm24"
    sample_rate_hz: int | None = None
    track_names: tuple[str, ...] | None = None
    include_mix: bool = True
    force: bool = False
    on_clip: str = "error"
    ambisonics_order: int = 1
    aaf_embed: bool = True
    project: str | None = None

    def __post_init__(self) -> None:
        if self.bit_depth not in SUBTYPES:
            raise ParameterError(
                f"bit_depth must be one of {list(SUBTYPES)}, got {self.bit_depth!r}"
            )
        if self.on_clip not in CLIP_POLICIES:
            raise ParameterError(f"on_clip must be one of {CLIP_POLICIES}, got {self.on_clip!r}")
        if self.sample_rate_hz is not None and not 8000 <= self.sample_rate_hz <= 384_000:
            raise ParameterError(
                f"sample_rate_hz must be in 8000..384000 Hz, got {self.sample_rate_hz!r}"
            )
        if self.ambisonics_order not in (1, 2, 3):
            raise ParameterError(
                f"ambisonics_order must be 1, 2 or 3, got {self.ambisonics_order!r}"
            )
        if not self.name or any(c in self.name for c in "/\\:\0") or self.name.startswith("."):
            raise ParameterError(
                f"export name {self.name!r} must be a plain file name (no / \\ : or leading dot)"
            )


@dataclass(frozen=True)
class ExportResult:
    """What was written: the entries moved into ``out_dir``, the main file to open, the
    stems with their timeline positions, and notices for the user."""

    fmt: str
    out_dir: Path
    entries: tuple[Path, ...]
    main_file: Path | None
    stems: tuple[StemFile, ...] = ()
    notices: tuple[str, ...] = field(default=())


def media_folder_name(options: ExportOptions) -> str:
    """Folder of the WAVs a REAPER project or a linked AAF refers to: ``<name> audio``."""
    return f"{options.name} audio"


def manifest_name(fmt: str, options: ExportOptions) -> str:
    """``<name> <format>.json``: what was exported, with which options (a record of the export)."""
    return f"{options.name} {fmt}.json"


def planned_entries(fmt: str, options: ExportOptions) -> tuple[str, ...]:
    """Top-level names a format creates in ``out_dir`` whatever the tracks (for the
    overwrite check before rendering); ``stems`` names depend on the tracks."""
    if fmt not in FORMATS:
        raise ParameterError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return (manifest_name(fmt, options), *_format_entries(fmt, options))


def _format_entries(fmt: str, options: ExportOptions) -> tuple[str, ...]:
    name = options.name
    if fmt == "ardour":
        return (name,)
    if fmt == "reaper":
        return (f"{name}.RPP", media_folder_name(options))
    if fmt == "aaf":
        return (
            (f"{name}.aaf",) if options.aaf_embed else (f"{name}.aaf", media_folder_name(options))
        )
    if fmt == "ambix":
        return (f"{name} ambix O{options.ambisonics_order}.wav",)
    if fmt == "adm":
        return (f"{name} adm.wav",)
    if fmt in INSERT_FORMATS:
        if not options.project:
            raise ParameterError(f"{fmt} needs the original project (--project)")
        project = Path(options.project)
        if fmt == "rpp-insert":
            return (project.name, media_folder_name(options))
        from plugin_bridge.daw_insert import find_ardour_session

        return (find_ardour_session(project)[0].name,)
    if fmt == "stems":
        return ("mix.wav",) if options.include_mix else ()
    raise ParameterError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def existing_entries(fmt: str, out_dir: Path, options: ExportOptions) -> list[Path]:
    """Planned entries that already exist in ``out_dir``."""
    return [out_dir / e for e in planned_entries(fmt, options) if (out_dir / e).exists()]


def export_session(
    session: Session,
    render: Any | None,
    *,
    fmt: str,
    out_dir: str | os.PathLike,
    options: ExportOptions | None = None,
    insert_hook: InsertHook | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Export ``render`` (an ``engine.render_session.SessionRender`` of ``session``).

    ``ambix`` encodes the sources directly from the session (``render`` may be ``None``;
    ``insert_hook`` runs the insert chains). Raises :class:`ExportError` (nothing
    written) when entries exist and ``force`` is not set, and
    :class:`~engine.errors.RenderCancelled` when cancelled.
    """
    options = options or ExportOptions()
    planned_entries(fmt, options)  # validates fmt
    out = Path(out_dir)
    if not options.force:
        clash = existing_entries(fmt, out, options)
        if clash:
            raise ExportError(_exists_message(clash))
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    clean_stale(out)  # what a killed export left
    staging = staging_dir(out, f"export-{fmt}")
    try:
        notices: list[str] = []
        stem_files: list[StemFile] = []
        main: Path | None
        if fmt == "ambix":
            from plugin_bridge.ambix_export import export_ambix

            main = export_ambix(
                session,
                staging,
                name=options.name,
                order=options.ambisonics_order,
                sample_rate_hz=options.sample_rate_hz,
                track_names=options.track_names,
                bit_depth=options.bit_depth,
                on_clip=options.on_clip,
                insert_hook=insert_hook,
                notices=notices,
                progress=progress,
                cancel=cancel,
            )
            rate = options.sample_rate_hz or session.sample_rate_hz
        elif fmt == "adm":
            from plugin_bridge.adm import export_adm

            main = export_adm(
                session,
                staging,
                name=options.name,
                sample_rate_hz=options.sample_rate_hz,
                track_names=options.track_names,
                bit_depth=options.bit_depth,
                insert_hook=insert_hook,
                notices=notices,
                progress=progress,
                cancel=cancel,
            )
            rate = options.sample_rate_hz or session.sample_rate_hz
        else:
            if render is None:
                raise ExportError(f"{fmt} export needs a render of the session")
            placed, mix, rate = placed_stems(
                session,
                render,
                sample_rate_hz=options.sample_rate_hz,
                track_names=options.track_names,
                notices=notices,
            )
            check_cancel(cancel)
            if progress is not None:
                progress(0.3, "writing stems")
            main, stem_files = _export_daw(
                fmt, placed, mix, rate, staging, options, notices, session, out.resolve()
            )
        _write_manifest(staging, fmt, options, rate, main, stem_files, notices)
        check_cancel(cancel)
        if progress is not None:
            progress(0.9, "moving files into place")
        entries = _commit(staging, out, force=options.force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(out.iterdir()):
            out.rmdir()  # leave no trace of a failed export
        raise
    shutil.rmtree(staging, ignore_errors=True)
    relocate = _relocator(staging, out)
    if progress is not None:
        progress(1.0, "export done")
    return ExportResult(
        fmt=fmt,
        out_dir=out,
        entries=tuple(entries),
        main_file=None if main is None else relocate(main),
        stems=tuple(replace(s, path=relocate(s.path)) for s in stem_files),
        notices=tuple(notices),
    )


# ----------------------------------------------------------------------------- helpers


def _write_manifest(
    staging: Path,
    fmt: str,
    options: ExportOptions,
    rate: int,
    main: Path | None,
    stems: Sequence[StemFile],
    notices: Sequence[str],
) -> None:
    import engine

    def rel(path: Path) -> str:
        try:
            return path.relative_to(staging).as_posix()
        except ValueError:
            return str(path)

    record = {
        "earspace_version": engine.__version__,
        "format": fmt,
        "options": {
            k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(options).items()
        },
        "sample_rate_hz": rate,
        "main_file": None if main is None else rel(main),
        "stems": [
            {
                "track": s.name,
                "file": rel(s.path),
                "start_sample": s.start_sample,
                "start_s": s.start_s,
                "length_samples": s.length_samples,
                "peak_dbfs": s.peak_dbfs if math.isfinite(s.peak_dbfs) else None,
            }
            for s in stems
        ],
        "notices": list(notices),
    }
    (staging / manifest_name(fmt, options)).write_text(
        json.dumps(record, indent=2) + "\n", encoding="utf-8"
    )


def _exists_message(clash: Sequence[Path]) -> str:
    names = ", ".join(str(p) for p in clash)
    return f"{names} already exist(s); nothing was written. Choose another folder or overwrite (--force)."


def _relocator(staging: Path, out: Path) -> Callable[[Path], Path]:
    def relocate(path: Path) -> Path:
        try:
            return out / path.relative_to(staging)
        except ValueError:
            return path

    return relocate


def _commit(staging: Path, out: Path, *, force: bool) -> list[Path]:
    """Move every entry of ``staging`` into ``out`` (checking clashes first)."""
    entries = sorted(staging.iterdir())
    clash = [out / e.name for e in entries if (out / e.name).exists()]
    if clash and not force:
        raise ExportError(_exists_message(clash))
    moved = []
    for entry in entries:
        target = out / entry.name
        old = None
        if target.exists() or target.is_symlink():
            # Aside first, so a kill here leaves the old entry (hidden, cleaned up by
            # the next run) or the new one at the destination, never a half-deleted one.
            old = temp_path(target)
            os.replace(target, old)
        os.replace(entry, target)
        if old is not None:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
        moved.append(target)
    return moved


def _export_daw(
    fmt: str,
    placed: list[PlacedStem],
    mix: np.ndarray,
    rate: int,
    staging: Path,
    options: ExportOptions,
    notices: list[str],
    session: Session,
    final_dir: Path,
) -> tuple[Path | None, list[StemFile]]:
    bit_depth = options.bit_depth
    if fmt == "aaf" and bit_depth == "float32":
        bit_depth = "pcm24"
        notices.append("AAF media is written as 24-bit PCM (AAF tools handle float poorly)")
    master_in_mix = (
        fmt != "stems" and bool(active_slots(session.master_chain)) and options.include_mix
    )
    if fmt != "stems" and active_slots(session.master_chain):
        notices.append(f"the master chain is not part of the {fmt} session: stems are pre-master")
    if fmt in INSERT_FORMATS:
        from plugin_bridge.daw_insert import export_insert

        return export_insert(
            fmt,
            placed,
            staging,
            project=Path(options.project or ""),
            media_folder=media_folder_name(options),
            bit_depth=bit_depth,
            on_clip=options.on_clip,
            colors_rgb=TRACK_COLORS_RGB,
            notices=notices,
        )
    if fmt == "stems":
        files, mix_file = write_stem_files(
            placed,
            staging,
            bit_depth=bit_depth,
            on_clip=options.on_clip,
            mix=mix if options.include_mix else None,
        )
        notices.extend(
            f"{f.path.name}: {f.note}"
            for f in [*files, *([mix_file] if mix_file else [])]
            if f.note
        )
        return (mix_file.path if mix_file else None), files
    media = staging / media_folder_name(options)
    files, _ = write_stem_files(placed, media, bit_depth=bit_depth, on_clip=options.on_clip)
    notices.extend(f"{f.path.name}: {f.note}" for f in files if f.note)
    references: list[StemFile] = []
    if master_in_mix and fmt in ("ardour", "reaper"):
        reference = PlacedStem(REFERENCE_MIX_NAME, -1, np.asarray(mix, np.float32), 0, rate)
        references, _ = write_stem_files(
            [reference], media, bit_depth=bit_depth, on_clip=options.on_clip, suffix=""
        )
        notices.append(
            f"the muted track {REFERENCE_MIX_NAME!r} holds Earspace's mix with the master chain, for reference"
        )
    if fmt == "ardour":
        from plugin_bridge.ardour import write_ardour_session

        folder = staging / options.name
        folder.mkdir()
        session_out = write_ardour_session(
            files,
            folder,
            session_name=options.name,
            sample_rate_hz=rate,
            colors_rgb=TRACK_COLORS_RGB,
            markers=prompt_markers(session, placed, rate),
            reference_tracks=references,
        )
        shutil.rmtree(media)  # the session holds its own copies
        audio_dir = folder / "interchange" / options.name / "audiofiles"
        return session_out.session_file, [replace(f, path=audio_dir / f.path.name) for f in files]
    if fmt == "reaper":
        from plugin_bridge.reaper import write_reaper_project

        project = write_reaper_project(
            files,
            staging / f"{options.name}.RPP",
            sample_rate_hz=rate,
            colors_rgb=TRACK_COLORS_RGB,
            markers=prompt_markers(session, placed, rate),
            reference_tracks=references,
        )
        return project, files
    if fmt == "aaf":
        from plugin_bridge.aaf import write_aaf

        aaf_file = write_aaf(
            files,
            staging / f"{options.name}.aaf",
            sample_rate_hz=rate,
            bit_depth=bit_depth,
            embed=options.aaf_embed,
            link_dir=final_dir / media_folder_name(options),
        )
        if options.aaf_embed:
            shutil.rmtree(media)
            files = []
        return aaf_file, files
    raise ParameterError(f"unknown export format {fmt!r}")


def select_tracks(session: Session, track_names: Sequence[str] | None) -> Session:
    """The session with only the named tracks (their mute/solo kept); errors name unknown ones."""
    if track_names is None:
        return session
    known = [t.name for t in session.tracks]
    unknown = [n for n in track_names if n not in known]
    if unknown:
        raise ExportError(
            f"no track named {', '.join(map(repr, unknown))}; tracks: {', '.join(map(repr, known))}"
        )
    return replace(session, tracks=tuple(t for t in session.tracks if t.name in track_names))


def render_and_export(
    session: Session,
    *,
    fmt: str,
    out_dir: str | os.PathLike,
    options: ExportOptions | None = None,
    use_master_chain: bool = True,
    host_config: Any = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Render ``session`` with its plugin chains and export it in one call (the export
    dialog's and ``earspace export``'s entry point).

    Only the selected tracks are rendered (so the mix and master chain see just them),
    at ``options.sample_rate_hz`` when set. Plugin messages (bypassed chains) and render
    notices are included in the result's notices.
    """
    from engine.progress import sub_progress
    from plugin_bridge.chains import SessionChains

    options = options or ExportOptions()
    planned_entries(fmt, options)
    if not options.force:
        clash = existing_entries(fmt, Path(out_dir), options)
        if clash:
            raise ExportError(_exists_message(clash))
    work = select_tracks(session, options.track_names)
    if options.sample_rate_hz is not None:
        work = replace(work, sample_rate_hz=options.sample_rate_hz)
    chains = SessionChains(work, config=host_config, use_master_chain=use_master_chain)
    try:
        render = None
        render_notices: list[str] = []
        if fmt not in SOURCE_FORMATS:
            from engine.hooks import RenderHooks
            from engine.outputs import render_with_hooks

            render = render_with_hooks(
                work,
                hooks=RenderHooks(chains.insert, chains.master, chains.messages),
                progress=sub_progress(progress, 0.0, 0.8),
                cancel=cancel,
            )
            render_notices = list(render.notices)
        result = export_session(
            work,
            render,
            fmt=fmt,
            out_dir=out_dir,
            options=options,
            insert_hook=chains.insert,
            progress=sub_progress(progress, 0.8, 1.0) if fmt not in SOURCE_FORMATS else progress,
            cancel=cancel,
        )
    finally:
        chains.close()
    notices = (*render_notices, *chains.messages, *result.notices)
    return replace(result, notices=tuple(dict.fromkeys(notices)))


def export_error_message(exc: BaseException) -> str:
    """One line for the user from any export failure."""
    if isinstance(exc, RenderCancelled):
        return "export cancelled; nothing was written"
    if isinstance(exc, EngineError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"could not write the export ({exc.strerror or exc}); nothing was written"
    return f"{type(exc).__name__}: {exc}"


__all__ = [
    "FORMATS",
    "TRACK_COLORS_RGB",
    "ExportOptions",
    "ExportResult",
    "planned_entries",
    "existing_entries",
    "export_session",
    "render_and_export",
    "select_tracks",
    "export_error_message",
]
