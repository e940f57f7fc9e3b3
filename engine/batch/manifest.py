"""Batch manifests: one render job per row, read as a stream.

A manifest is CSV (a header row, then one job per row) or JSONL (one JSON object per
line). Fields:

``input``    audio file or ``.earspace`` session (required)
``prompt``   where the sound is, for the whole file
``regions``  JSON list of ``[start_s, end_s, text]`` (instead of ``prompt``)
``output``   path under the output folder (default: the input's path under the
             manifest folder, ``.wav`` for audio, a folder for a session)
``engine``   ``physical``, ``neural`` or ``auto``; ``hrtf`` SOFA file; ``room`` preset

Relative ``input`` and ``hrtf`` paths resolve against the manifest's folder. An audio
row needs exactly one of ``prompt`` / ``regions``; a session row carries its own regions.

:func:`iter_jobs` yields :class:`BatchJob` one at a time (a 100,000-row manifest is never
held in memory); :func:`check_manifest` reads the whole file once, without rendering, and
raises :class:`ManifestError` naming the line and column of the first bad row. Room
names and file contents are checked at render time: a bad one fails that row only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from engine.errors import ParameterError
from engine.session import ENGINES, SESSION_SUFFIX

FIELDS = ("input", "prompt", "regions", "output", "engine", "hrtf", "room")
SUFFIXES = (".csv", ".jsonl", ".ndjson")


class ManifestError(ParameterError):
    """A manifest row is malformed; ``line`` (1-based) and ``column`` say where."""

    def __init__(self, path: Path, line: int, column: str, message: str) -> None:
        self.path, self.line, self.column = path, line, column
        where = f"{path} line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class BatchJob:
    """One row of a manifest, with paths resolved.

    ``regions`` is ``((start_s, end_s, text), ...)`` or ``None``; ``output`` is a POSIX
    path relative to the output folder; ``engine``, ``hrtf``, ``room`` are ``None`` where
    the row leaves them to the batch's defaults.
    """

    line: int
    input: str
    input_path: Path
    output: str
    prompt: str | None = None
    regions: tuple[tuple[float, float, str], ...] | None = None
    engine: str | None = None
    hrtf: str | None = None
    room: str | None = None

    @property
    def is_session(self) -> bool:
        return self.input_path.suffix == SESSION_SUFFIX


def manifest_format(path: Path) -> str:
    """``csv`` or ``jsonl`` from the file name; :class:`ParameterError` otherwise."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ParameterError(
            f"{path}: a manifest must be .csv or .jsonl (one job per row), got {suffix or 'no suffix'!r}"
        )
    return "csv" if suffix == ".csv" else "jsonl"


def _raw_rows(path: Path) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    """``(line, fields, column label per field)`` for each non-empty row."""
    fmt = manifest_format(path)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ParameterError(f"{path}: cannot read manifest ({exc.strerror or exc})") from exc
    with fh:
        try:
            if fmt == "csv":
                yield from _csv_rows(path, fh)
            else:
                yield from _jsonl_rows(path, fh)
        except UnicodeDecodeError as exc:
            raise ManifestError(path, 0, "", f"not UTF-8 text ({exc.reason})") from exc


def _csv_rows(path: Path, fh) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise ManifestError(path, reader.line_num, "", f"CSV error: {exc}") from exc
    names = [h.strip() for h in header]
    for i, name in enumerate(names):
        if name not in FIELDS:
            raise ManifestError(
                path, 1, f"{i + 1} ({name!r})", f"unknown column; expected {', '.join(FIELDS)}"
            )
    if "input" not in names:
        raise ManifestError(path, 1, "", "the header has no 'input' column")
    labels = {n: f"{i + 1} ({n})" for i, n in enumerate(names)}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ManifestError(path, reader.line_num, "", f"CSV error: {exc}") from exc
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            raise ManifestError(
                path,
                reader.line_num,
                str(len(names) + 1),
                f"{len(cells)} cells but the header names {len(names)} columns",
            )
        row = {n: c.strip() for n, c in zip(names, cells, strict=False) if c.strip()}
        yield reader.line_num, row, labels


def _jsonl_rows(path: Path, fh) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    for line_no, text in enumerate(fh, start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(path, line_no, str(exc.colno), f"invalid JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise ManifestError(path, line_no, "", "each line must be a JSON object")
        for key in row:
            if key not in FIELDS:
                raise ManifestError(
                    path, line_no, repr(key), f"unknown field; expected {', '.join(FIELDS)}"
                )
        row = {k: v for k, v in row.items() if v is not None and v != ""}
        yield line_no, row, {k: repr(k) for k in row}


def _text(path: Path, line: int, row: dict, labels: dict, key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ManifestError(path, line, labels[key], f"must be text, got {value!r}")
    return value


def _regions(
    path: Path, line: int, value: Any, column: str
) -> tuple[tuple[float, float, str], ...]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ManifestError(
                path,
                line,
                column,
                f"regions must be a JSON list of [start_s, end_s, text] ({exc.msg})",
            ) from exc
    if not isinstance(value, list) or not value:
        raise ManifestError(
            path, line, column, "regions must be a non-empty list of [start_s, end_s, text]"
        )
    out = []
    for k, item in enumerate(value):
        ok = (
            isinstance(item, list)
            and len(item) == 3
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in item[:2])
            and isinstance(item[2], str)
            and item[2].strip()
        )
        if not ok:
            raise ManifestError(
                path, line, column, f"regions[{k}] must be [start_s, end_s, text], got {item!r}"
            )
        start_s, end_s = float(item[0]), float(item[1])
        if start_s < 0 or end_s <= start_s:
            raise ManifestError(
                path,
                line,
                column,
                f"regions[{k}]: need 0 <= start_s < end_s, got {start_s:g}..{end_s:g} s",
            )
        out.append((start_s, end_s, item[2]))
    return tuple(out)


def _output(
    path: Path,
    base: Path,
    line: int,
    given: str | None,
    input_path: Path,
    is_session: bool,
    column: str,
) -> str:
    if given is None:
        try:
            rel = PurePosixPath(input_path.relative_to(base).as_posix())
        except ValueError:  # input outside the manifest folder: its name only
            rel = PurePosixPath(input_path.name)
        return str(rel.with_suffix("" if is_session else ".wav"))
    out = PurePosixPath(given.replace("\\", "/"))
    if out.is_absolute() or ".." in out.parts or not out.parts:
        raise ManifestError(
            path, line, column, f"output {given!r} must be a relative path inside the output folder"
        )
    if not is_session and out.suffix.lower() != ".wav":
        raise ManifestError(
            path, line, column, f"output {given!r}: an audio row writes a .wav file"
        )
    return str(out)


def _job(
    path: Path, base: Path, line: int, row: dict[str, Any], labels: dict[str, str]
) -> BatchJob:
    given_input = _text(path, line, row, labels, "input")
    if not given_input:
        raise ManifestError(path, line, labels.get("input", "'input'"), "input is missing")
    input_path = Path(given_input).expanduser()
    input_path = input_path if input_path.is_absolute() else base / input_path
    is_session = input_path.suffix == SESSION_SUFFIX
    prompt = _text(path, line, row, labels, "prompt")
    regions = _regions(path, line, row["regions"], labels["regions"]) if "regions" in row else None
    if is_session and (prompt or regions):
        column = labels["prompt" if prompt else "regions"]
        raise ManifestError(
            path, line, column, "a session carries its own regions; leave prompt and regions empty"
        )
    if not is_session and bool(prompt) == bool(regions):
        raise ManifestError(
            path,
            line,
            labels.get("prompt", ""),
            "give either a prompt or regions for an audio file (not both)",
        )
    engine = _text(path, line, row, labels, "engine")
    if engine is not None and engine not in ENGINES:
        raise ManifestError(
            path,
            line,
            labels["engine"],
            f"engine must be one of {', '.join(ENGINES)}, got {engine!r}",
        )
    hrtf = _text(path, line, row, labels, "hrtf")
    if hrtf is not None and not Path(hrtf).expanduser().is_absolute():
        hrtf = str(base / hrtf)
    return BatchJob(
        line=line,
        input=given_input,
        input_path=input_path,
        output=_output(
            path,
            base,
            line,
            _text(path, line, row, labels, "output"),
            input_path,
            is_session,
            labels.get("output", ""),
        ),
        prompt=prompt,
        regions=regions,
        engine=engine,
        hrtf=hrtf,
        room=_text(path, line, row, labels, "room"),
    )


def iter_jobs(path: str | Path) -> Iterator[BatchJob]:
    """Yield each row of the manifest at ``path`` as a :class:`BatchJob`, streaming."""
    p = Path(path)
    base = p.resolve().parent  # relative paths resolve against the manifest's folder
    for line, row, labels in _raw_rows(p):
        yield _job(p, base, line, row, labels)


def check_manifest(path: str | Path) -> int:
    """Validate every row (no rendering) and return the number of jobs.

    Raises :class:`ManifestError` at the first bad row, or when two rows write the same
    output (naming both lines), or when the manifest holds no jobs.
    """
    p = Path(path)
    seen: dict[str, int] = {}
    count = 0
    for job in iter_jobs(p):
        key = job.output.lower()
        if key in seen:
            raise ManifestError(
                p,
                job.line,
                "output",
                f"{job.output!r} is also written by line {seen[key]}; give each row its own output",
            )
        seen[key] = job.line
        count += 1
    if count == 0:
        raise ManifestError(p, 1, "", "the manifest holds no jobs")
    return count
