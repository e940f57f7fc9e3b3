"""``OUTDIR/batch.jsonl``: one JSON record per row, appended as rows finish.

Each run starts with a header line (``{"run": ..., "manifest": ..., ...}``) followed by
one record per row: ``line``, ``input``, ``output``, ``status`` (``ok``, ``failed``,
``skipped`` = done by an earlier run and unchanged, ``cancelled``), ``seconds``
(wall clock), ``cpu_s``, ``engine``, ``notices``, ``peak_dbfs``, ``error``, ``fingerprint``, ``node``.

Records are flushed one by one, so a batch killed at any moment keeps the log of every
row it finished. A run that reaches its end rewrites the file (atomically) to hold its
own section only, since that section names every row of the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

LOG_NAME = "batch.jsonl"


def previous_records(path: Path) -> dict[str, str]:
    """The last ``ok``/``skipped`` record of each output in an existing log (raw JSON text)."""
    index: dict[str, str] = {}
    if not path.is_file():
        return index
    with open(path, encoding="utf-8", errors="replace") as fh:
        for text in fh:
            try:
                rec = json.loads(text)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill
            if not isinstance(rec, dict) or "output" not in rec:
                continue
            if rec.get("status") in ("ok", "skipped"):
                index[str(rec["output"])] = text.rstrip("\n")
            else:
                index.pop(str(rec["output"]), None)
    return index


class BatchLog:
    """Appends a run's records to ``path``; :meth:`close` keeps only that run when done."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path = path
        self._fh = open(path, "a", encoding="utf-8")
        self._start = self._fh.tell()
        if self._start and not _ends_with_newline(path):
            self._fh.write("\n")  # a previous run was killed mid-line
            self._start = self._fh.tell()
        self.write(header)

    def write(self, record: dict[str, Any]) -> None:
        self._fh.write(json.dumps(record, default=str) + "\n")
        self._fh.flush()

    def close(self, *, complete: bool) -> None:
        """Close; when ``complete``, rewrite the file to hold this run's section only."""
        self._fh.close()
        if not complete or self._start == 0:
            return
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        try:
            with open(self.path, "rb") as src, open(tmp, "wb") as dst:
                src.seek(self._start)
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"
