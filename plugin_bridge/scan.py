"""Find VST3 plugins: the standard folders, ``$VST3_PATH`` and user folders.

pedalboard cannot scan folders, so Earspace looks for ``*.vst3`` bundles itself
(:func:`find_vst3_bundles`, no plugin code runs) and then asks the plugin host process
to load each one for its name and vendor (:func:`scan_plugins`). A plugin that crashes
or hangs while being scanned is listed in :attr:`ScanResult.failures` and the scan goes
on with a fresh host.

Example::

    result = scan_plugins(extra_dirs=["~/my-plugins"])
    for info in result.plugins:
        print(info.name, info.vendor, info.path)
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.progress import ProgressCallback, check_cancel
from engine.session import PluginSlot, atomic_write_bytes
from plugin_bridge.errors import PluginError
from plugin_bridge.host import HostConfig, PluginHost

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PluginInfo:
    """A plugin found by a scan. ``path`` is the ``.vst3`` bundle; ``name`` picks the
    plugin inside a multi-plugin bundle (store it in :attr:`PluginSlot.name`); ``uid`` is
    the plugin's own unique identifier (:attr:`PluginSlot.uid`)."""

    path: str
    name: str
    vendor: str
    category: str
    version: str
    uid: str = ""

    def slot(self) -> PluginSlot:
        """A chain slot naming this plugin by identity and where it was found."""
        return PluginSlot(path=self.path, name=self.name, vendor=self.vendor, uid=self.uid)


@dataclass(frozen=True)
class ScanResult:
    plugins: tuple[PluginInfo, ...]
    failures: tuple[str, ...]


def standard_vst3_dirs() -> list[Path]:
    """The VST3 folders of this operating system plus ``$VST3_PATH`` (``os.pathsep``-separated)."""
    home = Path.home()
    if sys.platform == "darwin":
        dirs = [Path("/Library/Audio/Plug-Ins/VST3"), home / "Library/Audio/Plug-Ins/VST3"]
    elif sys.platform == "win32":
        common = Path(os.environ.get("COMMONPROGRAMFILES", r"C:\Program Files\Common Files"))
        dirs = [common / "VST3"]
    else:
        dirs = [Path("/usr/lib/vst3"), Path("/usr/local/lib/vst3"), home / ".vst3"]
    extra = os.environ.get("VST3_PATH", "")
    dirs += [Path(p).expanduser() for p in extra.split(os.pathsep) if p]
    return dirs


def find_vst3_bundles(
    extra_dirs: Iterable[str | os.PathLike] = (), *, include_standard: bool = True
) -> list[Path]:
    """``*.vst3`` bundles under the folders (recursive, sorted, no duplicates); loads nothing."""
    dirs = (standard_vst3_dirs() if include_standard else []) + [
        Path(d).expanduser() for d in extra_dirs
    ]
    found: dict[Path, None] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, subdirs, _files in os.walk(folder, followlinks=True):
            bundles = [d for d in subdirs if d.lower().endswith(".vst3")]
            for d in bundles:
                found.setdefault(Path(root, d).resolve(), None)
            # Do not descend into bundles: their Contents hold no further plugins.
            subdirs[:] = [d for d in subdirs if not d.lower().endswith(".vst3")]
    return sorted(found)


_CACHE_VERSION = 2  # 2: plugins carry their uid


def bundle_stamp(bundle: Path) -> str:
    """Changes when anything in the bundle changes (newest mtime and total size of its files)."""
    newest, total = 0, 0
    for root, _dirs, files in os.walk(bundle):
        for f in files:
            try:
                st = os.stat(os.path.join(root, f))
            except OSError:
                continue
            newest, total = max(newest, st.st_mtime_ns), total + st.st_size
    return f"{newest}:{total}"


def read_scan_cache(cache_path: Path | None) -> dict[str, Any]:
    """``{bundle path: {"stamp", "plugins", "failure"}}`` from a scan cache; ``{}`` if none."""
    if cache_path is None or not cache_path.is_file():
        return {}
    try:
        data = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a broken cache is rebuilt, never an error
    if not isinstance(data, dict) or data.get("version") != _CACHE_VERSION:
        return {}
    bundles = data.get("bundles")
    return bundles if isinstance(bundles, dict) else {}


def scan_plugins(
    extra_dirs: Sequence[str | os.PathLike] = (),
    *,
    include_standard: bool = True,
    cache_path: str | os.PathLike | None = None,
    host: PluginHost | None = None,
    config: HostConfig | None = None,
    progress: ProgressCallback | None = None,
    cancel=None,
) -> ScanResult:
    """Load every bundle found by :func:`find_vst3_bundles` in the host for its metadata.

    With ``cache_path`` (a JSON file), bundles unchanged since the last scan (same
    :func:`bundle_stamp`) are not loaded again, including ones that failed: a plugin that
    hangs for a minute costs that minute once, not at every start. Instruments are skipped.
    """
    bundles = find_vst3_bundles(extra_dirs, include_standard=include_standard)
    cache_file = None if cache_path is None else Path(cache_path)
    cached = read_scan_cache(cache_file)
    fresh: dict[str, Any] = {}
    own_host = host is None
    host = host or PluginHost(config)
    plugins: list[PluginInfo] = []
    failures: list[str] = []
    try:
        for i, bundle in enumerate(bundles):
            check_cancel(cancel)
            if progress is not None:
                progress(i / max(1, len(bundles)), f"scanning {bundle.name}")
            stamp = bundle_stamp(bundle)
            entry = cached.get(str(bundle))
            if not (isinstance(entry, dict) and entry.get("stamp") == stamp):
                entry = {"stamp": stamp, "plugins": [], "failure": None}
                try:
                    names = host.bundle_plugin_names(bundle)
                    for name in names:
                        d = host.describe(bundle, plugin_name=name if len(names) > 1 else None)
                        if not d.is_instrument:
                            entry["plugins"].append(
                                asdict(
                                    PluginInfo(
                                        str(bundle), d.name, d.vendor, d.category, d.version, d.uid
                                    )
                                )
                            )
                except PluginError as exc:
                    entry["failure"] = f"{bundle}: {exc}"
            fresh[str(bundle)] = entry
            plugins.extend(PluginInfo(**p) for p in entry["plugins"])
            if entry["failure"]:
                failures.append(entry["failure"])
    finally:
        if own_host:
            host.close()
        if cache_file is not None and fresh:
            payload = json.dumps(
                {"version": _CACHE_VERSION, "bundles": {**cached, **fresh}}, indent=1
            )
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(cache_file, payload.encode("utf-8"))
            except OSError as exc:
                log.warning("could not write the plugin scan cache %s: %s", cache_file, exc)
    if progress is not None:
        progress(1.0, f"found {len(plugins)} plugins")
    return ScanResult(tuple(plugins), tuple(failures))


__all__ = [
    "PluginInfo",
    "ScanResult",
    "standard_vst3_dirs",
    "find_vst3_bundles",
    "bundle_stamp",
    "read_scan_cache",
    "scan_plugins",
]
