"""Batch rendering on a real two-node Ray cluster (``ray.cluster_utils.Cluster``).

One cluster (a head and a worker node, one CPU each) serves the whole module: starting
Ray takes seconds. The driver-kill test runs ``earspace batch`` in a child process with
its own local Ray, kills it with SIGKILL mid-batch and reruns the batch here.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

ray = pytest.importorskip("ray")
from ray.cluster_utils import Cluster  # noqa: E402

from engine.batch import BatchSettings, iter_jobs, job_fingerprint, recorded_fingerprint  # noqa: E402
from engine.batch.runner import run_batch  # noqa: E402
from engine.cli import main  # noqa: E402

ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # hooks below run in workers
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "include_dashboard": False, "object_store_memory": 80 << 20},
    )
    c.add_node(num_cpus=1, object_store_memory=80 << 20)
    c.wait_for_nodes()
    ray.init(address=c.address, include_dashboard=False)
    yield c
    ray.shutdown()
    c.shutdown()


def _sources(folder: Path, n: int, seconds: float = 1.0) -> list[str]:
    rng = np.random.default_rng(7)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        name = f"src{i}.wav"
        sf.write(
            folder / name,
            (0.1 * rng.standard_normal(int(48_000 * seconds))).astype(np.float32),
            48_000,
        )
        names.append(name)
    return names


def _manifest(folder: Path, rows: list[tuple[str, str]], name: str = "jobs.csv") -> Path:
    text = "input,prompt,output\n" + "".join(
        f"{i},{p},{i.replace('.wav', '')}.wav\n" for i, p in rows
    )
    (folder / name).write_text(text)
    return folder / name


def _records(out: Path) -> list[dict]:
    lines = (out / "batch.jsonl").read_text().splitlines()
    return [r for r in map(json.loads, lines) if "output" in r]


def test_two_nodes_share_the_rows_and_bad_rows_are_reported(cluster, tmp_path):
    names = _sources(tmp_path, 8)
    (tmp_path / "broken.wav").write_bytes(b"RIFF....WAVEfmt ")
    rows = [(n, "to my left" if k % 2 else "to my right") for k, n in enumerate(names)]
    rows += [("broken.wav", "left"), ("absent.wav", "left"), (names[0], "purple monkey dishwasher")]
    manifest = tmp_path / "jobs.jsonl"
    manifest.write_text(
        "".join(
            json.dumps({"input": i, "prompt": p, "output": f"out/{k}.wav"}) + "\n"
            for k, (i, p) in enumerate(rows)
        )
    )
    out = tmp_path / "result"
    summary = run_batch(manifest, out, workers=2)
    assert (summary.total, summary.rendered, summary.failed) == (11, 8, 3)
    assert len(summary.nodes) == 2  # both nodes rendered rows
    assert {r["node"] for r in _records(out) if r["status"] == "ok"} == summary.nodes
    for k, (_, prompt) in enumerate(rows[:8]):
        audio, _ = sf.read(out / "out" / f"{k}.wav")
        left, right = np.mean(audio**2, axis=0)
        assert (left > right) == (prompt == "to my left")
    errors = {r["input"]: r["error"] for r in _records(out) if r["status"] == "failed"}
    assert "not a readable audio file" in errors["broken.wav"]
    assert "audio file not found" in errors["absent.wav"]
    assert "could not be placed" in errors[names[0]]


def test_rerun_skips_finished_rows_and_redoes_changed_ones(cluster, tmp_path):
    names = _sources(tmp_path, 4)
    manifest = _manifest(tmp_path, [(n, "behind me") for n in names])
    out = tmp_path / "out"
    assert main(["batch", str(manifest), "-o", str(out)]) == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.wav")}
    assert len(first) == 4

    again = run_batch(manifest, out)
    assert (again.rendered, again.skipped) == (0, 4)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.wav")} == first

    st = (tmp_path / names[2]).stat()
    os.utime(tmp_path / names[2], ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    changed = run_batch(manifest, out, BatchSettings())
    assert (changed.rendered, changed.skipped) == (1, 3)
    assert [r["output"] for r in _records(out) if r["status"] == "ok"] == ["src2.wav"]

    redo = run_batch(manifest, out, resume=False)
    assert (redo.rendered, redo.skipped) == (4, 0)
    # The log holds the last run only: one record per row.
    assert sorted(r["output"] for r in _records(out)) == sorted(first)


def test_cli_exit_status_is_1_when_a_row_fails(cluster, tmp_path, capsys):
    names = _sources(tmp_path, 1)
    manifest = _manifest(tmp_path, [(names[0], "left"), ("missing.wav", "left")])
    assert main(["batch", str(manifest), "-o", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "failed: line 3 missing.wav" in captured.err
    assert "2 rows: 1 rendered, 0 already done, 1 failed" in captured.out
    assert (tmp_path / "out" / "src0.wav").is_file()


class KillWorkerOnce:
    """Worker hook: SIGKILL the worker process the first time it starts ``target``."""

    def __init__(self, target: str, marker: Path) -> None:
        self.target, self.marker = target, marker

    def __call__(self, job) -> None:
        if job.output == self.target and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_row_is_retried_and_the_row_completes(cluster, tmp_path):
    names = _sources(tmp_path, 3)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])
    marker = tmp_path / "killed.pid"
    summary = run_batch(manifest, tmp_path / "out", worker_hook=KillWorkerOnce("src1.wav", marker))
    assert marker.exists()  # the worker really died once
    assert (summary.rendered, summary.failed) == (3, 0)
    assert sf.read(tmp_path / "out" / "src1.wav")[0].shape[1] == 2


def test_a_row_that_always_kills_its_worker_fails_after_bounded_retries(cluster, tmp_path):
    names = _sources(tmp_path, 2)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])

    summary = run_batch(
        manifest, tmp_path / "out", max_retries=1, worker_hook=KillAlways("src0.wav")
    )
    assert (summary.rendered, summary.failed) == (1, 1)
    failed = [r for r in _records(tmp_path / "out") if r["status"] == "failed"]
    assert "worker process died" in failed[0]["error"]


class RenderThenDie:
    """Worker hook: render ``target`` completely, then die before reporting it (once)."""

    def __init__(self, target: str, out: Path, marker: Path) -> None:
        self.target, self.out, self.marker = target, out, marker

    def __call__(self, job) -> None:
        from engine.batch import render_row

        if job.output == self.target and not self.marker.exists():
            render_row(job, BatchSettings(), self.out, job_fingerprint(job, BatchSettings()))
            self.marker.write_text(str((self.out / job.output).stat().st_mtime_ns))
            os.kill(os.getpid(), signal.SIGKILL)


def test_a_retry_does_not_render_again_what_the_dead_worker_finished(cluster, tmp_path):
    names = _sources(tmp_path, 2)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])
    out, marker = tmp_path / "out", tmp_path / "rendered.mtime"
    summary = run_batch(manifest, out, worker_hook=RenderThenDie("src0.wav", out, marker))
    assert (summary.rendered, summary.skipped, summary.failed) == (1, 1, 0)
    assert (out / "src0.wav").stat().st_mtime_ns == int(marker.read_text())


class KillAlways:
    def __init__(self, target: str) -> None:
        self.target = target

    def __call__(self, job) -> None:
        if job.output == self.target:
            os.kill(os.getpid(), signal.SIGKILL)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_driver_killed_mid_batch_then_rerun_renders_each_row_once(cluster, tmp_path):
    names = _sources(tmp_path, 10, seconds=2.0)
    rows = [(names[k % 10], "a car passes from left to right") for k in range(60)]
    manifest = tmp_path / "jobs.csv"
    manifest.write_text(
        "input,prompt,output\n"
        + "".join(f"{i},{p},r{k:02d}.wav\n" for k, (i, p) in enumerate(rows))
    )
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    driver = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine.cli",
            "batch",
            str(manifest),
            "-o",
            str(out),
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tree: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and driver.poll() is None:
            log = out / "batch.jsonl"
            if log.exists() and log.read_text().count('"status": "ok"') >= 3:
                break
            time.sleep(0.05)
        assert driver.poll() is None, "the batch ended before it could be killed"
        tree = _descendants(driver.pid)
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        # Ray's raylet and workers notice the dead driver and exit; wait for the workers.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
            _alive(p) and "ray::_run_row" in Path(f"/proc/{p}/cmdline").read_text(errors="ignore")
            for p in tree
            if _alive(p)
        ):
            time.sleep(0.2)
    finally:
        for pid in tree:  # Ray's idle agents can outlive a SIGKILLed driver
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)

    jobs = list(iter_jobs(manifest))
    fps = {j.output: job_fingerprint(j, BatchSettings()) for j in jobs}
    done_before = {
        name: (out / name).stat().st_mtime_ns
        for name, fp in fps.items()
        if recorded_fingerprint(out / name) == fp
    }
    assert 3 <= len(done_before) < len(jobs), "the kill did not land mid-batch"

    summary = run_batch(manifest, out)
    assert summary.all_ok and summary.skipped == len(done_before)
    assert summary.rendered == len(jobs) - len(done_before)
    for name, mtime_ns in done_before.items():
        assert (out / name).stat().st_mtime_ns == mtime_ns  # not rendered a second time
    for job in jobs:
        audio, rate = sf.read(out / job.output, dtype="float32")
        assert rate == 48_000 and audio.shape[1] == 2 and np.all(np.isfinite(audio))
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    rendered_now = [r["output"] for r in _records(out) if r["status"] == "ok"]
    assert sorted(rendered_now) == sorted(set(fps) - set(done_before))


def test_cancel_stops_between_rows_and_a_rerun_finishes(cluster, tmp_path):
    import threading

    names = _sources(tmp_path, 12)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])
    out = tmp_path / "out"
    cancel = threading.Event()
    summary = run_batch(manifest, out, on_row=lambda _r, _s: cancel.set(), cancel=cancel)
    assert 1 <= summary.rendered < 12 and summary.done < 12 and not summary.all_ok
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no half-written files
    rest = run_batch(manifest, out)
    assert rest.all_ok and rest.skipped == summary.rendered
    assert rest.rendered == 12 - summary.rendered


class SleepBeforeRow:
    """Worker hook: every row waits ``delay_s`` first (a group of rows takes a while)."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s

    def __call__(self, job) -> None:
        time.sleep(self.delay_s)


def test_cancel_mid_group_keeps_the_rows_it_finished(cluster, tmp_path):
    """Rows a cancelled group had finished are recorded ok; a rerun skips exactly those."""
    import threading

    names = _sources(tmp_path, 30, seconds=0.1)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])
    out = tmp_path / "out"
    cancel = threading.Event()
    timers: list[threading.Timer] = []

    def on_row(_record, _summary):
        if not timers:  # groups start once the first rows are timed; cancel mid-group
            timers.append(threading.Timer(1.5, cancel.set))
            timers[0].start()

    summary = run_batch(
        manifest, out, on_row=on_row, cancel=cancel, worker_hook=SleepBeforeRow(0.3)
    )
    records = _records(out)
    finished = [r for r in records if "finished before" in " ".join(r.get("notices") or [])]
    assert finished and summary.cancelled > 0
    assert summary.rendered == sum(r["status"] == "ok" for r in records)
    for r in records:
        if r["status"] == "ok":
            assert recorded_fingerprint(out / r["output"]) == r["fingerprint"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    rest = run_batch(manifest, out)
    assert rest.all_ok and rest.skipped == summary.rendered
    assert rest.rendered == 30 - summary.rendered


def test_short_rows_go_in_groups_and_a_killed_group_completes(cluster, tmp_path):
    """Short rows share tasks; a worker killed mid-group is retried and every row completes."""
    names = _sources(tmp_path, 60, seconds=0.1)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])
    out, marker = tmp_path / "out", tmp_path / "killed.pid"
    summary = run_batch(manifest, out, worker_hook=KillWorkerOnce("src24.wav", marker))
    assert marker.exists()
    assert summary.failed == 0 and summary.rendered + summary.skipped == 60
    records = _records(out)
    assert sorted(r["output"] for r in records) == sorted(names)
    for name in names:
        assert sf.read(out / name)[0].shape[1] == 2
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_group_size_follows_row_time_and_leaves_a_balanced_tail():
    from engine.batch.runner import _GroupSizer

    sizer = _GroupSizer(slots=2, max_group=256)
    assert sizer.size(1000) == 1  # nothing timed yet
    sizer.observe({"status": "ok", "seconds": 2.0})  # a cold first row
    for _ in range(9):
        sizer.observe({"status": "ok", "seconds": 0.02})
    sizer.observe({"status": "failed", "seconds": 9.0})  # failures do not count
    assert sizer.size(1000) == 100  # at most 2 s of 20 ms rows per task
    assert sizer.size(200) == 50  # a quarter of what is left: two tasks per slot
    sizes, left = [], 200
    while left > 0:  # the whole manifest: large tasks first, short ones at the end
        sizes.append(min(left, sizer.size(left - 1)))
        left -= sizes[-1]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) < 20
    assert sizes[-1] * 0.02 <= 0.1 + 1e-9  # the last tasks are short: slots finish together
    assert _GroupSizer(slots=2, max_group=8).size(1000) == 1  # not timed yet
    capped = _GroupSizer(slots=1, max_group=8)
    capped.observe({"status": "ok", "seconds": 0.001})
    assert capped.size(100_000) == 8  # the rows in flight stay bounded
    assert _GroupSizer(slots=2, max_group=1).size(1000) == 1
    slow = _GroupSizer(slots=1, max_group=256)
    slow.observe({"status": "ok", "seconds": 3.0})
    assert slow.size(1000) == 1


def test_a_row_that_kills_its_groups_worker_fails_alone(cluster, tmp_path):
    names = _sources(tmp_path, 60, seconds=0.1)
    manifest = _manifest(tmp_path, [(n, "to my left") for n in names])
    out = tmp_path / "out"
    summary = run_batch(manifest, out, max_retries=0, worker_hook=KillAlways("src24.wav"))
    assert (summary.rendered + summary.skipped, summary.failed) == (59, 1)
    failed = [r for r in _records(out) if r["status"] == "failed"]
    assert [r["output"] for r in failed] == ["src24.wav"]
    assert "worker process died" in failed[0]["error"]
