"""Autosave and recent files (Qt-free).

While the app runs, a modified session is written every ``interval`` to
``<state>/autosave/autosave-<pid>@<host>.earspace`` together with a ``.json`` (the
original file, time). Each running instance has its own pair, so two instances never
overwrite each other's autosave. A clean exit deletes the pair; so an autosave whose
owner process is gone, found at start-up, means that run ended without saving, and the
app offers to recover it (never the autosave of an instance that is still running).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from engine.api import Session, SessionError, atomic_write_bytes, load_session, save_session
from engine.scratch import host_name, pid_alive

MAX_RECENT = 8
_OWNED = re.compile(r"^autosave-(\d+)@([A-Za-z0-9-]*)\.earspace$")


@dataclass(frozen=True)
class RecoveryInfo:
    autosave_path: Path
    original_path: Path | None
    saved_at: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))
        name = self.original_path.name if self.original_path else "an unsaved session"
        return f"Earspace did not close normally. An autosave of {name} from {when} was found."


def _meta_of(session_path: Path) -> Path:
    return session_path.with_suffix(".json")


class AutosaveStore:
    """This instance's autosave, and the recovery of autosaves that dead instances left."""

    def __init__(self, state_dir: Path) -> None:
        self.folder = Path(state_dir) / "autosave"
        self.session_path = self.folder / f"autosave-{os.getpid()}@{host_name()}.earspace"
        self.meta_path = _meta_of(self.session_path)
        self._adopted: Path | None = None

    def write(self, session: Session, original_path: Path | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        save_session(session, self.session_path)
        meta = {
            "original_path": str(original_path) if original_path else None,
            "saved_at": time.time(),
        }
        atomic_write_bytes(self.meta_path, json.dumps(meta).encode())

    def _recoverable(self) -> list[Path]:
        """Autosaves of this process or of instances that are gone, newest first."""
        if self.session_path.is_file():
            return [self.session_path]
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return []
        found = []
        for p in entries:
            if p.name == "autosave.earspace":  # written before autosaves had owners
                found.append(p)
                continue
            m = _OWNED.match(p.name)
            if m is None:
                continue
            same_host = m.group(2) == host_name()
            if (same_host and not pid_alive(int(m.group(1)))) or (
                not same_host and time.time() - p.stat().st_mtime > 12 * 3600
            ):
                found.append(p)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def pending(self) -> RecoveryInfo | None:
        found = self._recoverable()
        if not found:
            return None
        path = found[0]
        self._adopted = None if path == self.session_path else path
        try:
            meta = json.loads(_meta_of(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        if not isinstance(meta, dict):
            meta = {}
        original = meta.get("original_path")
        saved_at = meta.get("saved_at")
        return RecoveryInfo(
            path,
            Path(original) if isinstance(original, str) and original else None,
            float(saved_at) if isinstance(saved_at, int | float) else path.stat().st_mtime,
        )

    def load(self) -> Session:
        """The autosaved session :meth:`pending` found (raises :class:`SessionError` if it
        is damaged)."""
        return load_session(self._adopted or self.session_path)

    def clear(self) -> None:
        """Remove this instance's autosave and the one recovered or declined from a dead one."""
        for p in (self.session_path, self._adopted):
            if p is not None:
                p.unlink(missing_ok=True)
                _meta_of(p).unlink(missing_ok=True)
        self._adopted = None


class RecentFiles:
    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / "recent.json"

    def list(self) -> list[Path]:
        try:
            items = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [Path(p) for p in items if isinstance(p, str)][:MAX_RECENT]

    def add(self, path: Path) -> None:
        p = Path(path).resolve()
        items = [p] + [q for q in self.list() if q != p]
        try:
            atomic_write_bytes(self.path, json.dumps([str(q) for q in items[:MAX_RECENT]]).encode())
        except OSError:
            pass  # recent files are a convenience; never fail a save/open over them


__all__ = ["AutosaveStore", "RecentFiles", "RecoveryInfo", "SessionError"]
