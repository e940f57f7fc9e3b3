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

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.progress import ProgressCallback, check_cancel
from plugin_bridge.errors import PluginError
from plugin_bridge.host import HostConfig, PluginHost


@dataclass(frozen=True)
class PluginInfo:
    """A plugin found by a scan. ``path`` is the ``.vst3`` bundle; ``name`` picks the
    plugin inside a multi-plugin bundle (store it in :attr:`PluginSlot.name`)."""

    path: str
    name: str
    vendor: str
    category: str
    version: str


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


def scan_plugins(
    extra_dirs: Sequence[str | os.PathLike] = (),
    *,
    include_standard: bool = True,
    host: PluginHost | None = None,
    config: HostConfig | None = None,
    progress: ProgressCallback | None = None,
    cancel=None,
) -> ScanResult:
    """Load every bundle found by :func:`find_vst3_bundles` in the host for its metadata."""
    bundles = find_vst3_bundles(extra_dirs, include_standard=include_standard)
    own_host = host is None
    host = host or PluginHost(config)
    plugins: list[PluginInfo] = []
    failures: list[str] = []
    try:
        for i, bundle in enumerate(bundles):
            check_cancel(cancel)
            if progress is not None:
                progress(i / max(1, len(bundles)), f"scanning {bundle.name}")
            try:
                names = host.bundle_plugin_names(bundle)
                for name in names:
                    d = host.describe(bundle, plugin_name=name if len(names) > 1 else None)
                    if d.is_instrument:
                        continue
                    plugins.append(PluginInfo(str(bundle), d.name, d.vendor, d.category, d.version))
            except PluginError as exc:
                failures.append(f"{bundle}: {exc}")
    finally:
        if own_host:
            host.close()
    if progress is not None:
        progress(1.0, f"found {len(plugins)} plugins")
    return ScanResult(tuple(plugins), tuple(failures))


__all__ = ["PluginInfo", "ScanResult", "standard_vst3_dirs", "find_vst3_bundles", "scan_plugins"]
