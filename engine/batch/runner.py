"""Run a manifest on Ray: streaming submission, bounded in-flight rows, resume, retries.

    summary = run_batch("jobs.csv", "out/", BatchSettings(room="small room"), workers=2)

With no ``address`` a private Ray instance starts in this process (``workers`` CPU
slots, default all cores) and stops at the end; with ``address`` the batch joins that
cluster (``ray start --head`` on one machine, ``ray start --address HEAD:6379`` on
each other one; every node needs Earspace installed and the manifest's files at the
same paths, e.g. a shared folder). If Ray is already initialised in this process, that
connection is used as it is.

The driver reads the manifest once to check it (no rendering), then again row by row:
a row whose output exists and carries the same fingerprint (see
:mod:`engine.batch.row`) is skipped unless ``resume=False``; others are submitted as
Ray tasks, at most ``max_in_flight`` at a time, so memory stays flat for any manifest
length. The first rows go one per task; once rows have been timed, rows go in groups
of consecutive rows by guided self-scheduling (a share of the rows left, 0.1-2 s of
work, at most ``max_group`` rows; see :class:`_GroupSizer`) because Ray's fixed cost per
task (~8 ms of CPU across driver, raylet and worker) is a third of a 10 s row's 18 ms
render. Each row of a group keeps its own record, atomic output and stamp. A row that
fails is recorded with its error; a worker process that dies is retried by Ray up to
``max_retries`` times (a group's retry skips the rows it had finished, by their
stamps), then the row is recorded as failed; a group that still fails that way is
split and each row retried alone, so only the row that kills its worker fails.
Progress arrives through ``on_row(record, summary)`` as each task returns (every 2 s
of work per slot at most). When the ``cancel`` event is set, no further row is
submitted and running tasks are cancelled; their rows are recorded as ``cancelled``,
except those a task had already finished (``ok``: complete and stamped, so a rerun
skips them).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.batch.log import LOG_NAME, BatchLog, previous_records
from engine.batch.manifest import BatchJob, check_manifest, iter_jobs
from engine.batch.row import BatchSettings, job_fingerprint, recorded_fingerprint, render_row
from engine.errors import EngineError

log = logging.getLogger(__name__)

WorkerHook = Callable[[BatchJob], None]
_STALE = re.compile(r"^\..+\.tmp-\d+(\.wav)?$|^\.earspace-(batch-stage|batch-old|render)-")


@dataclass
class BatchSummary:
    """Counts of a run; ``done`` rows of ``total`` so far, ``nodes`` that rendered rows."""

    total: int
    log_path: Path
    rendered: int = 0
    skipped: int = 0
    failed: int = 0
    cancelled: int = 0
    seconds: float = 0.0
    render_seconds: float = 0.0
    nodes: set[str] = field(default_factory=set)

    @property
    def done(self) -> int:
        return self.rendered + self.skipped + self.failed + self.cancelled

    @property
    def all_ok(self) -> bool:
        return self.failed == 0 and self.cancelled == 0


RowCallback = Callable[[dict[str, Any], BatchSummary], None]


_MALLOC_TUNED = False


def tune_malloc(threshold_bytes: int = 32 * 1024**2) -> bool:
    """Keep freed blocks below ``threshold_bytes`` in this process (glibc only).

    A row allocates and frees many audio-sized arrays; by default glibc returns each one
    to the kernel and takes page faults to get it back (~3,400 per 10 s row), which cost
    a third of a short row's CPU. Worker processes render row after row, so they keep
    such blocks instead (at most ``threshold_bytes`` held per process). ``False`` when
    ``mallopt`` is not available.
    """
    global _MALLOC_TUNED
    if _MALLOC_TUNED:
        return True
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        ok = libc.mallopt(m_mmap_threshold, threshold_bytes) == 1
        ok = libc.mallopt(m_trim_threshold, 2 * threshold_bytes) == 1 and ok
    except (OSError, AttributeError):
        return False
    _MALLOC_TUNED = ok
    return ok


_WHERE: tuple[str, int] | None = None


def _where() -> tuple[str, int]:
    """This worker's (node id, pid), looked up once per process."""
    global _WHERE
    if _WHERE is None:
        import ray

        _WHERE = (ray.get_runtime_context().get_node_id()[:12], os.getpid())
    return _WHERE


def _run_row_task(
    job: BatchJob,
    settings: BatchSettings,
    out_dir: str,
    fingerprint: str,
    hook: WorkerHook | None,
    resume: bool,
) -> dict[str, Any]:
    """One row in a worker: ``render_row`` plus where it ran.

    With ``resume``, a retry whose output an earlier attempt already finished (the
    worker died after the rename) is not rendered again.
    """
    tune_malloc()
    if hook is not None:
        hook(job)
    if resume and recorded_fingerprint(Path(out_dir) / job.output) == fingerprint:
        return _skipped_record(job, fingerprint, None)
    record = render_row(job, settings, Path(out_dir), fingerprint)
    record["node"], record["pid"] = _where()
    return record


def _run_rows_task(
    rows: list[tuple[BatchJob, str]],
    shared: tuple[BatchSettings, str, WorkerHook | None, bool],
) -> list[dict[str, Any]]:
    """The Ray task: a group of consecutive ``(job, fingerprint)`` rows, one record each.

    Short rows go in groups so Ray's fixed cost per task is paid once per group. Each
    row keeps its own atomic output and stamp, so when a retry of a group whose worker
    died runs with ``resume``, the rows that attempt already finished are skipped.
    """
    settings, out_dir, hook, resume = shared
    return [_run_row_task(job, settings, out_dir, fp, hook, resume) for job, fp in rows]


def remove_stale_temporaries(out_dir: Path) -> int:
    """Delete temporary files/folders a killed batch left in ``out_dir``; returns how many."""
    removed = 0
    for root, dirs, files in os.walk(out_dir):
        for name in [d for d in dirs if _STALE.match(d)]:
            shutil.rmtree(Path(root) / name, ignore_errors=True)
            dirs.remove(name)
            removed += 1
        for name in files:
            if _STALE.match(name):
                (Path(root) / name).unlink(missing_ok=True)
                removed += 1
    return removed


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise EngineError(
            "batch rendering needs Ray (pip install ray==2.60.0); the packaged app does not "
            "include it: run `earspace batch` from a Python install"
        ) from exc
    return ray


def _connect(address: str | None, workers: int | None) -> bool:
    """Initialise Ray unless it already is; ``True`` if this call started it."""
    ray = _import_ray()

    if ray.is_initialized():
        return False
    common: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING}
    if address:
        ray.init(address=address, **common)
    else:
        ray.init(
            address="local",
            num_cpus=workers or os.cpu_count() or 1,
            object_store_memory=256 * 1024**2,  # rows pass paths, not audio
            # Ray renices its workers by +15 by default; rows should run at the priority
            # the command was given (`nice earspace batch ...` still works).
            _system_config={"worker_niceness": 0},
            **common,
        )
    return True


def _finished_record(job: BatchJob, fingerprint: str, exc: BaseException) -> dict[str, Any]:
    """A row of a failed or cancelled group that the attempt had finished (output stamped)."""
    return {
        "line": job.line,
        "input": job.input,
        "output": job.output,
        "status": "ok",
        "notices": [f"finished before its task ended with {type(exc).__name__}"],
        "error": None,
        "fingerprint": fingerprint,
    }


def _failure_record(job: BatchJob, fingerprint: str, exc: BaseException) -> dict[str, Any]:
    import ray.exceptions as rex

    if isinstance(exc, rex.TaskCancelledError):
        status, error = "cancelled", "cancelled before it finished"
    elif isinstance(exc, rex.WorkerCrashedError | rex.NodeDiedError | rex.OutOfMemoryError):
        status = "failed"
        error = f"the worker process died on every try ({type(exc).__name__}); see the Ray logs"
    else:
        status, error = (
            "failed",
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
        )
    return {
        "line": job.line,
        "input": job.input,
        "output": job.output,
        "status": status,
        "error": error,
        "fingerprint": fingerprint,
    }


def run_batch(
    manifest: str | Path,
    out_dir: str | Path,
    settings: BatchSettings | None = None,
    *,
    address: str | None = None,
    workers: int | None = None,
    resume: bool = True,
    max_in_flight: int | None = None,
    max_group: int = 256,
    max_retries: int = 2,
    on_row: RowCallback | None = None,
    cancel: threading.Event | None = None,
    worker_hook: WorkerHook | None = None,
) -> BatchSummary:
    """Render every row of ``manifest`` into ``out_dir`` (see module docstring).

    Raises :class:`~engine.batch.manifest.ManifestError` before rendering anything when
    a row is malformed. ``max_in_flight`` counts Ray tasks (default two per slot), each
    of at most ``max_group`` rows; ``max_group=1`` sends every row as its own task.
    ``worker_hook(job)`` runs in the worker before each row (instrumentation and
    fault-injection tests).
    """
    settings = settings or BatchSettings()
    manifest, out = Path(manifest), Path(out_dir)
    total = check_manifest(manifest)
    ray = _import_ray()
    out.mkdir(parents=True, exist_ok=True)
    if removed := remove_stale_temporaries(out):
        log.info("removed %d temporary file(s) left by an interrupted batch", removed)
    log_path = out / LOG_NAME
    earlier = previous_records(log_path) if resume else {}
    summary = BatchSummary(total=total, log_path=log_path)
    started_here = _connect(address, workers)
    try:
        return _run(
            ray,
            manifest,
            out,
            settings,
            summary,
            earlier,
            workers=workers,
            resume=resume,
            max_in_flight=max_in_flight,
            max_group=max_group,
            max_retries=max_retries,
            on_row=on_row,
            cancel=cancel,
            worker_hook=worker_hook,
        )
    finally:
        if started_here:
            ray.shutdown()


def _run(
    ray: Any,
    manifest: Path,
    out: Path,
    settings: BatchSettings,
    summary: BatchSummary,
    earlier: dict[str, str],
    *,
    workers: int | None,
    resume: bool,
    max_in_flight: int | None,
    max_group: int,
    max_retries: int,
    on_row: RowCallback | None,
    cancel: threading.Event | None,
    worker_hook: WorkerHook | None,
) -> BatchSummary:
    """The driver loop of :func:`run_batch`, once Ray is connected."""
    t0 = time.perf_counter()
    batch_log = BatchLog(
        summary.log_path,
        {
            "run": datetime.now(UTC).isoformat(timespec="seconds"),
            "manifest": str(manifest.resolve()),
            "rows": summary.total,
            "resume": resume,
            "settings": asdict(settings),
        },
    )
    slots = workers or int(ray.cluster_resources().get("CPU", 1))
    if max_in_flight is None:
        max_in_flight = max(2, 2 * slots)
    task = ray.remote(num_cpus=1)(_run_rows_task).options(max_retries=max_retries)
    # Shared by every task: put in the object store once, not pickled with each task.
    common = ray.put((settings, str(out), worker_hook, resume))
    pending: dict[Any, list[tuple[BatchJob, str]]] = {}
    sizer = _GroupSizer(slots, max_group)

    def submit(rows: list[tuple[BatchJob, str]]) -> None:
        pending[task.remote(rows, common)] = rows

    def finish(record: dict[str, Any]) -> None:
        status = record["status"]
        if status == "ok":
            summary.rendered += 1
            summary.render_seconds += float(record.get("seconds") or 0.0)
            if record.get("node"):
                summary.nodes.add(str(record["node"]))
        elif status == "skipped":
            summary.skipped += 1
        elif status == "cancelled":
            summary.cancelled += 1
        else:
            summary.failed += 1
        batch_log.write(record)
        summary.seconds = time.perf_counter() - t0
        if on_row is not None:
            on_row(record, summary)

    def drain(keep: int) -> None:
        while len(pending) > keep:
            if cancel is not None and cancel.is_set():
                for ref in pending:
                    ray.cancel(ref)
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
            for ref in ready:
                rows = pending.pop(ref)
                try:
                    records = ray.get(ref)
                except ray.exceptions.RayError as exc:
                    cancelled = cancel is not None and cancel.is_set()
                    if len(rows) > 1 and not cancelled and _worker_died(exc):
                        # Which row killed the worker is unknown: retry each one alone,
                        # so only that row fails (rows already finished are skipped).
                        for row in rows:
                            submit([row])
                        continue
                    records = [
                        _finished_record(job, fp, exc)
                        if resume and recorded_fingerprint(out / job.output) == fp
                        else _failure_record(job, fp, exc)
                        for job, fp in rows
                    ]
                for record in records:
                    sizer.observe(record)
                    finish(record)

    complete = False
    group: list[tuple[BatchJob, str]] = []
    seen = 0
    try:
        for job in iter_jobs(manifest):
            seen += 1
            if cancel is not None and cancel.is_set():
                break
            fp = job_fingerprint(job, settings)
            if resume and recorded_fingerprint(out / job.output) == fp:
                finish(_skipped_record(job, fp, earlier.pop(job.output, None)))
                continue
            group.append((job, fp))
            if len(group) >= sizer.size(summary.total - seen):
                submit(group)
                group = []
                drain(max_in_flight - 1)
        if group and not (cancel is not None and cancel.is_set()):
            submit(group)
        drain(0)
        complete = summary.done == summary.total
    finally:
        summary.seconds = time.perf_counter() - t0
        batch_log.close(complete=complete)
    return summary


class _GroupSizer:
    """How many consecutive rows go in one Ray task (guided self-scheduling).

    Ray costs a few milliseconds per task (scheduling, the worker's task loop, the
    result's round trip, the worker idle meanwhile) against an 18 ms row. Once ``slots``
    rows have been timed (by the median CPU time of the last rows, so a worker's cold
    first row does not count for much), a task takes
    ``rows_left / (GUIDED_SHARE * slots)`` rows: large tasks while many rows remain,
    shrinking towards the end so every slot finishes at about the same time. A task
    holds at least ``MIN_TASK_S`` of work (the tail), at most ``MAX_TASK_S`` (progress
    and cancellation stay responsive) and at most ``max_group`` rows (the rows in flight,
    and so the driver's memory, stay bounded).
    """

    GUIDED_SHARE = 2
    MIN_TASK_S = 0.1
    MAX_TASK_S = 2.0

    def __init__(self, slots: int, max_group: int) -> None:
        self.slots, self.max_group = max(1, slots), max(1, max_group)
        self.recent: deque[float] = deque(maxlen=64)

    def observe(self, record: dict[str, Any]) -> None:
        # CPU time, not wall clock: Ray's cost per task is CPU, and a busy machine makes
        # rows slower without making that cost any smaller.
        seconds = record.get("cpu_s", record.get("seconds"))
        if record.get("status") == "ok" and seconds is not None:
            self.recent.append(float(seconds))

    def size(self, rows_left: int) -> int:
        """Rows for the next task, given ``rows_left`` rows of the manifest after it."""
        if self.max_group == 1 or len(self.recent) < self.slots:  # not timed yet
            return 1
        per_row = max(statistics.median(self.recent), 1e-4)
        guided = -(-max(rows_left, 0) // (self.GUIDED_SHARE * self.slots))
        floor = -(-self.MIN_TASK_S // per_row)
        ceiling = min(self.max_group, int(self.MAX_TASK_S / per_row))
        return max(1, min(ceiling, max(int(floor), guided)))


def _worker_died(exc: BaseException) -> bool:
    import ray.exceptions as rex

    return isinstance(exc, rex.WorkerCrashedError | rex.NodeDiedError | rex.OutOfMemoryError)


def _skipped_record(job: BatchJob, fingerprint: str, earlier: str | None) -> dict[str, Any]:
    import json

    record: dict[str, Any] = {"line": job.line, "input": job.input, "output": job.output}
    if earlier is not None:
        try:
            record = {**json.loads(earlier), **record}
        except ValueError:
            pass
    record.update(status="skipped", fingerprint=fingerprint, error=None)
    return record
