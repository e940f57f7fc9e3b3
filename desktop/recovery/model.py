"""Autosave and recent files (Qt-free).

While the app runs, a modified session is written every ``interval`` to
``<state>/autosave/autosave.earspace`` together with ``autosave.json`` (the original file,
time). A clean exit deletes both; so an autosave found at start-up means the last run
ended without saving, and the app offers to recover it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from engine.api import Session, SessionError, atomic_write_bytes, load_session, save_session

MAX_RECENT = 8


@dataclass(frozen=True)
class RecoveryInfo:
    autosave_path: Path
    original_path: Path | None
    saved_at: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))
        name = self.original_path.name if self.original_path else "an unsaved session"
        return f"Earspace did not close normally. An autosave of {name} from {when} was found."


class AutosaveStore:
    def __init__(self, state_dir: Path) -> None:
        self.folder = Path(state_dir) / "autosave"
        self.session_path = self.folder / "autosave.earspace"
        self.meta_path = self.folder / "autosave.json"

    def write(self, session: Session, original_path: Path | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        save_session(session, self.session_path)
        meta = {
            "original_path": str(original_path) if original_path else None,
            "saved_at": time.time(),
        }
        atomic_write_bytes(self.meta_path, json.dumps(meta).encode())

    def pending(self) -> RecoveryInfo | None:
        if not self.session_path.is_file():
            return None
        try:
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        original = meta.get("original_path")
        return RecoveryInfo(
            self.session_path,
            Path(original) if original else None,
            float(meta.get("saved_at", self.session_path.stat().st_mtime)),
        )

    def load(self) -> Session:
        """The autosaved session (raises :class:`SessionError` if it is damaged)."""
        return load_session(self.session_path)

    def clear(self) -> None:
        self.session_path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)


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
