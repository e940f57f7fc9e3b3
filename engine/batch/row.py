"""Render one manifest row through the engine's render API; outputs are atomic and stamped.

:func:`render_row` is what a Ray worker (or a plain loop) runs for one
:class:`~engine.batch.manifest.BatchJob`. An audio row becomes a one-track session
(``engine.cli.single_file_session``), is rendered with ``engine.render_session`` and
written with ``engine.audio_io.write_wav`` (temporary name, then rename). A session row
is rendered with ``engine.outputs.render_to_folder`` (the one render-and-write path of
the CLI, the exports and the app) into a staging folder that is renamed into place whole. Nothing here re-implements rendering.

Each output carries the row's *fingerprint* (input file identities + settings, see
:func:`job_fingerprint`): in the WAV's Broadcast Wave description, or in
``batch-row.json`` inside a session's folder. Because the stamp is written in the same
atomic step as the audio, :func:`recorded_fingerprint` answers "is this output complete
and made from these inputs with these settings?" even after a batch was killed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from engine.batch.manifest import BatchJob
from engine.errors import EngineError
from engine.session import DEFAULT_SAMPLE_RATE_HZ

STAMP_PREFIX = "earspace-batch "
SESSION_STAMP = "batch-row.json"
FORMAT_VERSION = 1  # bump when the meaning of a rendered output changes


@dataclass(frozen=True)
class BatchSettings:
    """Defaults for rows that leave a field empty, and how outputs are written.

    ``None`` leaves the choice to the input: audio rows then use ``physical``, the
    default HRTF, ``anechoic`` and 48 kHz; session rows keep the session's own.
    """

    engine: str | None = None
    hrtf: str | None = None
    room: str | None = None
    sample_rate_hz: int | None = None
    bit_depth: str = "float32"
    on_clip: str = "error"


def _identity(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def _session_inputs(path: Path) -> list[str]:
    """Identities of a session file and of every audio file it names."""
    ids = [_identity(path)]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        for track in data.get("tracks", []):
            src = Path(str(track.get("source", ""))).expanduser()
            ids.append(_identity(src if src.is_absolute() else path.parent / src))
    except (OSError, ValueError, AttributeError):
        pass  # unreadable session: the render will fail and say why
    return ids


def job_fingerprint(job: BatchJob, settings: BatchSettings) -> str:
    """Hex digest of everything that determines the row's output (inputs by size and mtime)."""
    hrtf = job.hrtf or settings.hrtf
    payload = {
        "format": FORMAT_VERSION,
        "inputs": _session_inputs(job.input_path)
        if job.is_session
        else [_identity(job.input_path)],
        "prompt": job.prompt,
        "regions": job.regions,
        "engine": job.engine or settings.engine,
        "hrtf": _identity(Path(hrtf)) if hrtf else None,
        "room": job.room or settings.room,  # None: the input's own (session) or anechoic
        "settings": asdict(settings) | {"engine": None, "hrtf": None, "room": None},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def recorded_fingerprint(output_path: Path) -> str | None:
    """The fingerprint stamped into a finished output, or ``None`` (absent, foreign, damaged)."""
    try:
        if output_path.is_dir():
            data = json.loads((output_path / SESSION_STAMP).read_text(encoding="utf-8"))
            return str(data["fingerprint"])
        if output_path.is_file():
            from engine.bwf import read_description

            text = read_description(str(output_path)) or ""
            return text[len(STAMP_PREFIX) :].strip() if text.startswith(STAMP_PREFIX) else None
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None
    return None


def _finite(value: float) -> float | None:
    return None if not math.isfinite(value) else round(float(value), 2)


def _render_audio(job: BatchJob, settings: BatchSettings, out: Path, fingerprint: str) -> dict:
    from engine.audio_io import write_wav
    from engine.cli import single_file_session
    from engine.render_session import render_session

    regions = [[str(s), str(e), t] for s, e, t in job.regions] if job.regions else None
    session = single_file_session(
        job.input_path,
        prompt=job.prompt,
        regions=regions,
        engine=job.engine or settings.engine or "physical",
        hrtf=job.hrtf or settings.hrtf,
        room=job.room or settings.room or "anechoic",
        sample_rate_hz=settings.sample_rate_hz or DEFAULT_SAMPLE_RATE_HZ,
    )
    render = render_session(session)
    out.parent.mkdir(parents=True, exist_ok=True)
    rep = write_wav(
        out,
        render.mix,
        render.sample_rate_hz,
        bit_depth=settings.bit_depth,
        on_clip=settings.on_clip,
        description=STAMP_PREFIX + fingerprint,
    )
    notices = render.notices + ([rep.note] if rep.note else [])
    return {
        "engine": ",".join(sorted({s.engine for s in render.stems})),
        "notices": notices,
        "peak_dbfs": _finite(rep.peak_dbfs),
        "duration_s": round(render.duration_s, 3),
    }


def _render_session(job: BatchJob, settings: BatchSettings, out: Path, fingerprint: str) -> dict:
    from engine.outputs import render_to_folder
    from engine.session import load_session

    session = load_session(job.input_path)
    overrides: dict[str, Any] = {}
    if room := job.room or settings.room:
        overrides["room"] = room
    if hrtf := job.hrtf or settings.hrtf:
        overrides["hrtf"] = hrtf
    if engine := job.engine or settings.engine:
        overrides["tracks"] = tuple(replace(t, engine=engine) for t in session.tracks)
    if settings.sample_rate_hz:
        overrides["sample_rate_hz"] = settings.sample_rate_hz
    session = replace(session, **overrides)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".earspace-batch-stage-", dir=out.parent))
    try:
        report = render_to_folder(
            session, staging, bit_depth=settings.bit_depth, on_clip=settings.on_clip
        )
        (staging / SESSION_STAMP).write_text(json.dumps({"fingerprint": fingerprint}) + "\n")
        old = None
        if out.exists():  # replace a stale folder: move it aside, move the new one in
            old = Path(tempfile.mkdtemp(prefix=".earspace-batch-old-", dir=out.parent))
            os.replace(out, old / "x")
        os.replace(staging, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "engine": ",".join(sorted({s["engine"] for s in report["stems"]})),
        "notices": report["notices"],
        "peak_dbfs": report["mix"]["peak_dbfs"],
        "duration_s": round(report["duration_s"], 3),
    }


def render_row(
    job: BatchJob, settings: BatchSettings, out_dir: Path, fingerprint: str
) -> dict[str, Any]:
    """Render one row into ``out_dir``; never raises for a bad row.

    Returns the row's record: ``status`` (``ok``/``failed``), ``output``, ``seconds``
    (wall clock), ``cpu_s`` (this process's CPU time), ``engine``, ``notices``,
    ``peak_dbfs``, ``error`` (one line naming the problem).
    """
    t0, cpu0 = time.perf_counter(), time.process_time()
    record: dict[str, Any] = {"line": job.line, "input": job.input, "output": job.output}
    out = Path(out_dir) / job.output
    try:
        fn = _render_session if job.is_session else _render_audio
        record.update(fn(job, settings, out, fingerprint), status="ok", error=None)
    except EngineError as exc:
        record.update(status="failed", error=str(exc))
    except (OSError, MemoryError) as exc:
        record.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one bad row must not stop the batch
        record.update(status="failed", error=f"unexpected {type(exc).__name__}: {exc}")
    record["seconds"] = round(time.perf_counter() - t0, 4)
    record["cpu_s"] = round(time.process_time() - cpu0, 4)
    record["fingerprint"] = fingerprint
    return record
