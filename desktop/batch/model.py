"""Send work from the app to ``earspace batch`` (Qt-free).

Two sources: the open session's audible tracks (one row per track with its region
prompts, engine, the session's room and HRTF) or a folder of audio files with one
prompt. The rows are written as ``batch-manifest.jsonl`` in the output folder and run
with :func:`engine.batch.run_batch` (the same engine and Ray scheduling as the CLI);
:class:`BatchProgress` turns its per-row reports into a fraction and a status line.
Note that a manifest row carries prompts, not hand-edited paths, gain or plugin chains.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.paths import is_audio_file
from engine.api import (
    BatchSettings,
    BatchSummary,
    ParameterError,
    Session,
    atomic_write_bytes,
    run_batch,
)

MANIFEST_NAME = "batch-manifest.jsonl"


@dataclass(frozen=True)
class BatchRequest:
    """What the batch dialog asks for; ``folder``/``prompt`` only for a folder batch."""

    out_dir: Path
    source: str = "session"  # "session" or "folder"
    folder: Path | None = None
    prompt: str = ""
    workers: int | None = None


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._") or "track"


def rows_from_session(session: Session) -> tuple[list[dict[str, Any]], list[str]]:
    """One manifest row per audible track with prompts; and why other tracks were left out."""
    rows, skipped, used = [], [], set()
    for track in session.audible_tracks():
        regions = [
            [r.start_s, r.end_s, r.prompt] for r in track.sorted_regions() if r.prompt.strip()
        ]
        if not regions:
            skipped.append(f"{track.name}: no region has a prompt")
            continue
        name = _safe(track.name)
        while name.lower() in used:
            name += "_2"
        used.add(name.lower())
        row = {
            "input": str(session.audio_path(track).resolve()),
            "regions": regions,
            "engine": track.engine,
            "room": session.room,
            "output": f"{name}.wav",
        }
        if session.hrtf:
            row["hrtf"] = str(Path(session.hrtf).expanduser().resolve())
        rows.append(row)
    return rows, skipped


def rows_from_folder(folder: Path, prompt: str) -> list[dict[str, Any]]:
    """One row per audio file directly in ``folder`` (sorted), all with ``prompt``."""
    if not prompt.strip():
        raise ParameterError("give the prompt every file in the folder should get")
    if not folder.is_dir():
        raise ParameterError(f"{folder}: not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file() and is_audio_file(p))
    if not files:
        raise ParameterError(f"{folder}: no audio files in this folder")
    return [
        {"input": str(p.resolve()), "prompt": prompt, "output": f"{_safe(p.stem)}.wav"}
        for p in files
    ]


def write_manifest(rows: list[dict[str, Any]], out_dir: Path) -> Path:
    """Write ``rows`` as ``OUT_DIR/batch-manifest.jsonl`` (atomically)."""
    if not rows:
        raise ParameterError("nothing to send: no track has a region with a prompt")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MANIFEST_NAME
    atomic_write_bytes(path, "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8"))
    return path


class BatchProgress:
    """Rows done, failed, rate and ETA from ``run_batch``'s per-row reports."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.done = self.total = self.failed = 0
        self.errors: list[str] = []

    def update(self, record: dict[str, Any], summary: BatchSummary) -> tuple[float, str]:
        self.done, self.total, self.failed = summary.done, summary.total, summary.failed
        if record.get("status") == "failed":
            self.errors.append(f"{Path(str(record['input'])).name}: {record['error']}")
        return self.done / max(self.total, 1), self.describe()

    def describe(self) -> str:
        elapsed = time.monotonic() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = f", about {round((self.total - self.done) / rate)} s left" if rate > 0 else ""
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.done} of {self.total} rows ({rate:.1f}/s{eta}){failed}"


def run_request(
    rows: list[dict[str, Any]],
    request: BatchRequest,
    *,
    progress=None,
    cancel: threading.Event | None = None,
) -> tuple[BatchSummary, BatchProgress]:
    """Write the manifest and run it; ``progress(fraction, message)`` after every row."""
    manifest = write_manifest(rows, request.out_dir)
    tracker = BatchProgress()

    def on_row(record: dict[str, Any], summary: BatchSummary) -> None:
        fraction, message = tracker.update(record, summary)
        if progress is not None:
            progress(fraction, message)

    summary = run_batch(
        manifest,
        request.out_dir,
        BatchSettings(),
        workers=request.workers,
        on_row=on_row,
        cancel=cancel,
    )
    return summary, tracker
