"""Temporary files and staging folders of work in progress, and cleaning up after kills.

Every file Earspace writes goes to a hidden temporary name beside its destination first
(``.mix.wav.tmp-1234@host.wav``) or into a hidden staging folder
(``.earspace-render.1234@host.x8k2``), and is renamed into place when complete. A process
killed with SIGKILL (or a power cut) cannot remove them, so :func:`clean_stale` removes
the ones whose owner process is gone; every writer calls it on the folder it writes to,
so the next run cleans up after the killed one::

    clean_stale(out_dir)
    staging = staging_dir(out_dir, "render")
    tmp = temp_path(out_dir / "mix.wav", ".wav")

The owner is the pid and host in the name: a leftover of another host is only removed
once it is older than :data:`FOREIGN_AGE_S`.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

FOREIGN_AGE_S = 24 * 3600.0
_STAGING = re.compile(r"^\.earspace-[a-z0-9-]+\.(\d+)@([A-Za-z0-9-]*)\.")
_TEMP = re.compile(r"^\..+\.tmp-(\d+)(?:@([A-Za-z0-9-]*))?(?:\.[A-Za-z0-9]+)?$")


def host_name() -> str:
    """This machine's short host name, reduced to ``[A-Za-z0-9-]``."""
    return re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname().split(".")[0]) or "host"


def _owner() -> str:
    return f"{os.getpid()}@{host_name()}"


def temp_path(target: str | os.PathLike, suffix: str = "") -> Path:
    """A hidden temporary name beside ``target`` owned by this process."""
    t = Path(target)
    return t.with_name(f".{t.name}.tmp-{_owner()}{suffix}")


def staging_dir(folder: str | os.PathLike, kind: str) -> Path:
    """A new hidden staging folder inside ``folder`` owned by this process."""
    return Path(tempfile.mkdtemp(prefix=f".earspace-{kind}.{_owner()}.", dir=folder))


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    return True


def _is_stale(entry: Path, pid: int, host: str | None) -> bool:
    if pid == os.getpid() and host in (None, host_name()):
        return False
    if host in (None, host_name()):
        return not pid_alive(pid)
    try:
        return time.time() - entry.lstat().st_mtime > FOREIGN_AGE_S
    except OSError:
        return False


_LAST_CLEANED: dict[str, float] = {}  # folder -> time.monotonic() of this process's last clean


def clean_stale(folder: str | os.PathLike, min_interval_s: float = 0.0) -> list[Path]:
    """Remove leftovers of killed Earspace processes in ``folder``; returns what went.

    ``min_interval_s`` > 0 skips a folder this process cleaned less than that many seconds
    ago: a writer called once per file (a batch writing 100,000 files into one folder)
    then lists the folder every few seconds, not once per file (O(N) instead of O(N^2)).
    Never raises: cleaning up is best effort and must not stop the work that follows.
    """
    key = os.path.abspath(folder)
    now = time.monotonic()
    last = _LAST_CLEANED.get(key)
    if min_interval_s > 0 and last is not None and now - last < min_interval_s:
        return []
    _LAST_CLEANED[key] = now
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not name.startswith("."):
            continue
        m = _STAGING.match(name) or _TEMP.match(name)
        if m is None:
            continue
        entry = Path(folder, name)
        if not _is_stale(entry, int(m.group(1)), m.group(2)):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", entry, exc)
    if removed:
        log.info("removed %d leftover(s) of interrupted work in %s", len(removed), folder)
    return removed


__all__ = ["clean_stale", "host_name", "pid_alive", "staging_dir", "temp_path"]
