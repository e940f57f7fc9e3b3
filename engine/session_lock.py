"""Who has a session file open: a lock file beside it with the owner's pid and host (Qt-free).

Two Earspace windows (or two people on a shared folder) editing one ``scene.earspace``
would overwrite each other's saves. The first to open it writes ``.scene.earspace.lock``
(JSON: pid, host, user, time, a random token) with ``O_EXCL``; the second finds it and
is told who holds it (:attr:`LockResult.owner`). A lock whose owner is gone is *stale*
and is taken over: same host and the pid is dead, or an unreadable lock file older than
a minute. A lock of another host is only stale after :data:`FOREIGN_STALE_S` (its pid
cannot be checked from here)::

    lock = SessionLock(path)
    result = lock.acquire()
    if not result.acquired:
        print(result.owner.describe())     # "pid 4242 on studio-2 (alice) since 10:02"
    ...
    lock.may_save()                        # False while another live owner holds it
    lock.release()                         # only removes the file if it is still ours
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from engine.scratch import host_name, pid_alive

try:
    import fcntl
except ImportError:  # Windows: stale locks are recognised by pid only
    fcntl = None  # type: ignore[assignment]

FOREIGN_STALE_S = 12 * 3600.0
UNREADABLE_STALE_S = 60.0
_MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    user: str
    since: float
    token: str

    def describe(self) -> str:
        when = time.strftime("%H:%M", time.localtime(self.since))
        user = f" ({self.user})" if self.user else ""
        return f"Earspace pid {self.pid} on {self.host}{user} since {when}"


@dataclass(frozen=True)
class LockResult:
    """``acquired``: this process holds the lock now (``took_over_stale``: from a dead
    owner). Otherwise ``owner`` is the live owner."""

    acquired: bool
    owner: LockOwner | None = None
    took_over_stale: bool = False


def lock_path(session_path: str | os.PathLike) -> Path:
    p = Path(session_path).absolute()
    return p.with_name(f".{p.name}.lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def read_owner(path: Path) -> LockOwner | None:
    """The owner written in a lock file; ``None`` if it is missing or unreadable."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_LOCK_BYTES + 1)
        if len(raw) > _MAX_LOCK_BYTES:
            return None
        d = json.loads(raw.decode("utf-8"))
        return LockOwner(
            pid=int(d["pid"]),
            host=str(d["host"]),
            user=str(d.get("user", "")),
            since=float(d["since"]),
            token=str(d["token"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(path: Path, owner: LockOwner | None) -> bool:
    """True when the lock's owner is gone (see the module docstring)."""
    try:
        age_s = time.time() - path.stat().st_mtime
    except OSError:
        return True  # vanished
    if owner is None:
        return age_s > UNREADABLE_STALE_S  # a lock being written right now is unreadable too
    if owner.host == host_name():
        return owner.pid != os.getpid() and not pid_alive(owner.pid)
    return age_s > FOREIGN_STALE_S


class SessionLock:
    """The lock of one session file, held by this process while it has the file open.

    Besides the owner written in it, the lock file is held with ``flock`` for as long as
    the owner lives, so a killed owner's lock is recognised as stale at once on this
    host (the kernel drops the ``flock``); the pid check covers systems without it.
    """

    def __init__(self, session_path: str | os.PathLike) -> None:
        self.session_path = Path(session_path).absolute()
        self.path = lock_path(self.session_path)
        self._me = LockOwner(os.getpid(), host_name(), _user(), time.time(), secrets.token_hex(8))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockResult:
        """Take the lock, or report its live owner. A folder where no lock can be written
        (read-only media) gives ``acquired=True`` with nothing locked."""
        if self._fd is not None:
            return LockResult(True)
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return LockResult(True)
            if not _try_flock(fd):
                os.close(fd)
                return LockResult(False, read_owner(self.path) or _unknown_owner())
            try:
                if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                    os.close(fd)  # released and removed meanwhile: lock the new file
                    continue
            except OSError:
                os.close(fd)
                continue
            previous = read_owner(self.path)
            if previous is not None and not _flock_works() and not is_stale(self.path, previous):
                os.close(fd)
                return LockResult(False, previous)
            if (
                previous is not None
                and previous.host != host_name()
                and not is_stale(self.path, previous)
            ):
                os.close(fd)  # another machine's live lock on a shared folder
                return LockResult(False, previous)
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, json.dumps(asdict(self._me)).encode("utf-8"), 0)
                os.fsync(fd)
            except OSError:
                os.close(fd)
                return LockResult(True)
            self._fd = fd
            return LockResult(True, took_over_stale=previous is not None)
        return LockResult(True)

    def owner(self) -> LockOwner | None:
        return read_owner(self.path)

    def may_save(self) -> bool:
        """False while another live process holds the lock of this session file."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return True  # no lock file
        try:
            if not _try_flock(fd, shared=True):
                return False
        finally:
            os.close(fd)
        owner = read_owner(self.path)
        return owner is None or is_stale(self.path, owner) or owner.host == host_name()

    def release(self) -> None:
        """Remove the lock file if it is still ours, and drop the ``flock``."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        owner = read_owner(self.path)
        if owner is not None and owner.token == self._me.token:
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(fd)


def _unknown_owner() -> LockOwner:
    return LockOwner(0, "another process", "", time.time(), "")


def _flock_works() -> bool:
    return fcntl is not None


def _try_flock(fd: int, *, shared: bool = False) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without flock: rely on the owner written in the file
    return True


__all__ = [
    "FOREIGN_STALE_S",
    "LockOwner",
    "LockResult",
    "SessionLock",
    "is_stale",
    "lock_path",
    "read_owner",
]
