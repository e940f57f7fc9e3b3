"""What the window looked like for a session (Qt-free): zoom, scroll, selection, snap
grid and whether it had been rendered, so reopening the session restores it.

Kept beside the app's state (``<state>/views/<hash of the session path>.json``), not in
the session file: it is the user's view, not part of the scene, and two people opening
one session keep their own views.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from engine.api import atomic_write_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ViewState:
    view_start_s: float = 0.0
    px_per_s: float = 50.0
    track: int = -1
    region: int = -1
    rendered: bool = False
    snap: str = "off"
    tempo_bpm: float = 120.0


class ViewStateStore:
    def __init__(self, state_dir: Path) -> None:
        self.folder = Path(state_dir) / "views"

    def path_for(self, session_path: Path) -> Path:
        digest = hashlib.sha1(str(Path(session_path).resolve()).encode("utf-8")).hexdigest()
        return self.folder / f"{digest[:16]}.json"

    def save(self, session_path: Path, state: ViewState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"session": str(Path(session_path).resolve()), **asdict(state)}
        atomic_write_bytes(self.path_for(session_path), json.dumps(data, indent=1).encode())

    def load(self, session_path: Path) -> ViewState | None:
        """The stored view, or ``None`` (never stored, or unreadable: logged)."""
        path = self.path_for(session_path)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {f.name: f.type for f in fields(ViewState)}
            return ViewState(**{k: v for k, v in data.items() if k in known})
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring the saved view %s: %s", path, exc)
            return None
