"""The plugin folders a user has allowed, kept in Earspace's settings file (Qt-free).

Plugins are only loaded from the standard VST3 folders of the system
(:func:`plugin_bridge.scan.standard_vst3_dirs`, which includes ``$VST3_PATH``) and the
folders listed here. The settings file is ``settings.json`` in ``$EARSPACE_CONFIG_DIR``,
else ``$XDG_CONFIG_HOME/earspace``, else ``~/.config/earspace``; its
``"plugin_folders"`` key holds a list of folder paths::

    add_plugin_folder("~/my-plugins")      # or: earspace plugins --add-folder ~/my-plugins
    user_plugin_folders()                  # [Path('/home/me/my-plugins')]

A damaged settings file is treated as empty (never an error when rendering), and it is
rewritten atomically.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from engine.session import atomic_write_bytes

log = logging.getLogger(__name__)

SETTINGS_NAME = "settings.json"
PLUGIN_FOLDERS_KEY = "plugin_folders"
SCAN_CACHE_NAME = "vst3-scan.json"
_MAX_SETTINGS_BYTES = 1 << 20


def config_dir() -> Path:
    """Earspace's settings folder (not created)."""
    env = os.environ.get("EARSPACE_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    return (Path(xdg) if xdg else Path.home() / ".config") / "earspace"


def settings_path() -> Path:
    return config_dir() / SETTINGS_NAME


def scan_cache_path() -> Path:
    """Where the plugin scan keeps what it learnt (name, vendor, uid of each bundle)."""
    return config_dir() / SCAN_CACHE_NAME


def _read_settings() -> dict[str, Any]:
    path = settings_path()
    try:
        if not path.is_file() or path.stat().st_size > _MAX_SETTINGS_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable settings file %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def user_plugin_folders() -> list[Path]:
    """The folders the user added (absolute, in the order they were added)."""
    items = _read_settings().get(PLUGIN_FOLDERS_KEY, [])
    if not isinstance(items, list):
        return []
    return [Path(p).expanduser().absolute() for p in items if isinstance(p, str) and p]


def add_plugin_folder(folder: str | os.PathLike) -> Path:
    """Allow plugins from ``folder`` (stored absolute); returns it. Idempotent."""
    p = Path(folder).expanduser().absolute()
    data = _read_settings()
    items = [str(q) for q in user_plugin_folders()]
    if str(p) not in items:
        items.append(str(p))
    data[PLUGIN_FOLDERS_KEY] = items
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(settings_path(), (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    return p


def remove_plugin_folder(folder: str | os.PathLike) -> None:
    p = str(Path(folder).expanduser().absolute())
    data = _read_settings()
    data[PLUGIN_FOLDERS_KEY] = [str(q) for q in user_plugin_folders() if str(q) != p]
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(settings_path(), (json.dumps(data, indent=2) + "\n").encode("utf-8"))


__all__ = [
    "add_plugin_folder",
    "config_dir",
    "remove_plugin_folder",
    "scan_cache_path",
    "settings_path",
    "user_plugin_folders",
]
