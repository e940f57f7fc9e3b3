"""Two Earspace instances and one session file: the second is told, stale locks are
taken over, and autosaves of one instance never touch the other's files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.scratch import host_name
from engine.session_lock import SessionLock, lock_path

_HOLD = """
import sys, time
from engine.session_lock import SessionLock
lock = SessionLock(sys.argv[1])
print("acquired" if lock.acquire().acquired else "refused", flush=True)
time.sleep(120)
"""


def _holder(session: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(session)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "acquired"
    return proc


def test_the_second_instance_is_told_who_holds_the_session(tmp_path):
    session = tmp_path / "scene.earspace"
    session.write_text("{}")
    other = _holder(session)
    try:
        mine = SessionLock(session)
        result = mine.acquire()
        assert not result.acquired
        assert result.owner is not None and result.owner.pid == other.pid
        assert result.owner.host == host_name()
        assert f"pid {other.pid}" in result.owner.describe()
        assert not mine.may_save()
    finally:
        other.send_signal(signal.SIGKILL)  # dies without releasing anything
        other.wait()
    assert lock_path(session).exists()  # the dead owner's lock file is still there ...
    result = mine.acquire()  # ... and recognised as stale
    assert result.acquired and result.took_over_stale and mine.may_save()
    mine.release()
    assert not lock_path(session).exists()


def _write_lock(session: Path, *, pid: int, host: str, age_s: float = 0.0) -> Path:
    p = lock_path(session)
    owner = {"pid": pid, "host": host, "user": "x", "since": time.time(), "token": "t"}
    p.write_text(json.dumps(owner))
    if age_s:
        t = time.time() - age_s
        os.utime(p, (t, t))
    return p


def test_a_lock_left_by_a_dead_pid_is_stale(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    session = tmp_path / "a.earspace"
    _write_lock(session, pid=dead.pid, host=host_name())
    lock = SessionLock(session)
    assert lock.acquire().took_over_stale
    lock.release()


@pytest.mark.parametrize(("age_s", "held"), [(60.0, True), (13 * 3600.0, False)])
def test_a_lock_of_another_host_is_respected_until_it_is_old(tmp_path, age_s, held):
    session = tmp_path / "a.earspace"
    _write_lock(session, pid=1, host="other-machine", age_s=age_s)
    lock = SessionLock(session)
    result = lock.acquire()
    assert result.acquired is (not held)
    if held:
        assert result.owner is not None and result.owner.host == "other-machine"
        assert not lock.may_save()
    lock.release()


def test_garbage_in_a_lock_file_is_not_trusted(tmp_path):
    session = tmp_path / "a.earspace"
    lock_path(session).write_bytes(b"\x00\xff not json" * 1000)
    lock = SessionLock(session)
    assert lock.acquire().acquired
    lock.release()


def test_release_only_removes_our_own_lock(tmp_path):
    session = tmp_path / "a.earspace"
    lock = SessionLock(session)
    assert lock.acquire().acquired
    other = SessionLock(session)
    assert not other.acquire().acquired  # one process, two windows: still told
    other.release()
    assert lock_path(session).exists()
    lock.release()
    assert not lock_path(session).exists()


_AUTOSAVE = """
import sys, time
from pathlib import Path
from engine.session import Session, Track
from desktop.recovery.model import AutosaveStore
store = AutosaveStore(Path(sys.argv[1]))
store.write(Session(tracks=(Track(name="theirs", source="t.wav"),)), None)
print(store.session_path, flush=True)
time.sleep(120)
"""


def test_autosaves_of_two_instances_never_touch_each_other(tmp_path):
    from desktop.recovery.model import AutosaveStore
    from engine.session import Session, Track

    proc = subprocess.Popen(
        [sys.executable, "-c", _AUTOSAVE, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        assert proc.stdout is not None
        theirs = Path(proc.stdout.readline().strip())
        before = theirs.read_bytes()
        mine = AutosaveStore(tmp_path)
        assert mine.pending() is None  # a running instance's autosave is not "recoverable"
        mine.write(Session(tracks=(Track(name="mine", source="m.wav"),)), None)
        assert mine.session_path != theirs and theirs.read_bytes() == before
        assert mine.pending() is not None and mine.load().tracks[0].name == "mine"
        mine.clear()  # a clean exit removes only our own autosave
        assert theirs.read_bytes() == before
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    restarted = AutosaveStore(tmp_path)  # after their crash, their autosave is offered
    info = restarted.pending()
    assert info is not None and info.autosave_path == theirs
    assert restarted.load().tracks[0].name == "theirs"
    restarted.clear()
    assert not theirs.exists() and restarted.pending() is None
