"""Batch rendering at scale on Ray: one render job per manifest row.

    earspace batch jobs.csv -o out/ --workers 2          # local Ray, started in-process
    earspace batch jobs.jsonl -o /shared/out --address HEAD:6379   # an existing cluster

:mod:`~engine.batch.manifest` reads and checks manifests as a stream,
:mod:`~engine.batch.row` renders one row through the engine's render API (atomic,
fingerprinted outputs), :mod:`~engine.batch.runner` schedules rows on Ray with a bounded
number in flight, resume and retries, and :mod:`~engine.batch.log` keeps
``OUTDIR/batch.jsonl``. The CLI front end is :mod:`~engine.batch.command`.
"""

from engine.batch.manifest import BatchJob, ManifestError, check_manifest, iter_jobs
from engine.batch.row import BatchSettings, job_fingerprint, recorded_fingerprint, render_row
from engine.batch.runner import BatchSummary, run_batch

__all__ = [
    "BatchJob",
    "BatchSettings",
    "BatchSummary",
    "ManifestError",
    "check_manifest",
    "iter_jobs",
    "job_fingerprint",
    "recorded_fingerprint",
    "render_row",
    "run_batch",
]
