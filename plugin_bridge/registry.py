"""Which plugins a session may load: only those found in the plugin folders, by identity.

A session file is data someone may send you; a plugin path in it must never make Earspace
load native code from anywhere on disk. :class:`PluginRegistry` lists the ``.vst3``
bundles in the standard folders (``$VST3_PATH`` included) and the user's plugin folders
(:mod:`plugin_bridge.folders`) without running any plugin code, plus the identities
(name, vendor, uid) that a scan (:func:`plugin_bridge.scan.scan_plugins`) recorded in
its cache. :meth:`PluginRegistry.resolve` maps a session's :class:`PluginSlot` to a
bundle found there:

1. by ``uid`` (the plugin's own identifier), when the scan knows it;
2. by the slot's path, when it is (after resolving symlinks and ``..``) a found bundle;
3. by ``name`` (and ``vendor``), then by bundle file name: a session made on another
   machine, or saved before slots had an identity, finds the same plugin here.

Anything else resolves to ``None``; the chain holding it is bypassed with
:meth:`PluginRegistry.refusal` as the message, and nothing is loaded::

    registry = PluginRegistry.discover()
    slot = registry.resolve(session.master_chain[0])   # None: not in a plugin folder
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from engine.session import PluginSlot
from plugin_bridge.folders import scan_cache_path, settings_path, user_plugin_folders
from plugin_bridge.scan import PluginInfo, find_vst3_bundles, read_scan_cache, standard_vst3_dirs


def _real_path(path: str) -> Path | None:
    """The absolute, symlink-free path of ``path``; ``None`` when it cannot be one."""
    try:
        p = Path(path).expanduser()
        if not p.is_absolute():
            return None
        return p.resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loop, NUL byte, ...
        return None


@dataclass(frozen=True)
class PluginRegistry:
    """The plugin folders, the bundles found in them and the identities known from scans."""

    folders: tuple[Path, ...]
    bundles: frozenset[Path]
    plugins: tuple[PluginInfo, ...] = ()

    @classmethod
    def discover(
        cls,
        extra_dirs: Iterable[str | os.PathLike] | None = None,
        *,
        include_standard: bool = True,
        cache_path: str | os.PathLike | None = None,
    ) -> PluginRegistry:
        """Standard folders plus ``extra_dirs`` (default: the user's plugin folders).

        Only lists folders and reads the scan cache (default
        :func:`plugin_bridge.folders.scan_cache_path`); loads no plugin.
        """
        extra = list(user_plugin_folders() if extra_dirs is None else extra_dirs)
        folders = (standard_vst3_dirs() if include_standard else []) + [
            Path(d).expanduser() for d in extra
        ]
        bundles = frozenset(find_vst3_bundles(extra, include_standard=include_standard))
        cached = read_scan_cache(Path(cache_path) if cache_path is not None else scan_cache_path())
        plugins: list[PluginInfo] = []
        for bundle, entry in sorted(cached.items()):
            if _real_path(bundle) not in bundles or not isinstance(entry, dict):
                continue  # identities of bundles outside the folders are not trusted
            for p in entry.get("plugins") or []:
                if isinstance(p, dict):
                    try:
                        plugins.append(PluginInfo(**p))
                    except TypeError:
                        continue
        return cls(tuple(folders), bundles, tuple(plugins))

    def resolve(self, slot: PluginSlot) -> PluginSlot | None:
        """``slot`` pointing at a bundle in the plugin folders (with the identity the scan
        knows), or ``None`` when no bundle there matches it."""
        if slot.uid:
            for info in self.plugins:
                if info.uid == slot.uid:
                    return self._with_identity(slot, info)
        real = _real_path(slot.path)
        if real is not None and real in self.bundles:
            known = [i for i in self.plugins if Path(i.path) == real]
            match = [i for i in known if not slot.name or i.name == slot.name]
            if match:
                return self._with_identity(slot, match[0])
            return replace(slot, path=str(real))
        if slot.name:
            for info in self.plugins:
                if info.name == slot.name and (not slot.vendor or info.vendor == slot.vendor):
                    return self._with_identity(slot, info)
        bundle_name = PurePath(slot.path).name
        if bundle_name.lower().endswith(".vst3"):
            for bundle in sorted(self.bundles):
                if bundle.name == bundle_name:
                    return self.resolve(replace(slot, path=str(bundle)))
        return None

    @staticmethod
    def _with_identity(slot: PluginSlot, info: PluginInfo) -> PluginSlot:
        return replace(
            slot,
            path=info.path,
            name=slot.name or info.name,
            vendor=slot.vendor or info.vendor,
            uid=slot.uid or info.uid,
        )

    def refusal(self, slot: PluginSlot, label: str) -> str:
        """The message for a chain bypassed because ``slot`` is not in the plugin folders."""
        who = slot.name or PurePath(slot.path).stem or slot.path
        vendor = f" by {slot.vendor}" if slot.vendor else ""
        folder = PurePath(slot.path).parent
        real = _real_path(slot.path)
        if real is None or not real.exists():
            return (
                f"{label} bypassed: plugin {who!r}{vendor} ({slot.path}) is not installed in "
                "any plugin folder, so nothing was loaded. Install it, or if it is elsewhere "
                "add that folder to Earspace's plugin folders (`earspace plugins --add-folder "
                f"DIR`, kept in {settings_path()}) and render again."
            )
        return (
            f"{label} bypassed: plugin {who!r}{vendor} ({slot.path}) is not in a scanned "
            "plugin folder, so it was not loaded. To allow it, add its folder to Earspace's "
            f"plugin folders (`earspace plugins --add-folder {folder}`, kept in "
            f"{settings_path()}) and render again."
        )

    def admit(
        self, slots: Iterable[PluginSlot], label: str
    ) -> tuple[tuple[PluginSlot, ...], str | None]:
        """``(resolved slots, None)``, or ``((), message)`` when any active slot is refused."""
        out = []
        for slot in slots:
            if slot.bypass:
                out.append(slot)
                continue
            resolved = self.resolve(slot)
            if resolved is None:
                return (), self.refusal(slot, label)
            out.append(resolved)
        return tuple(out), None


__all__ = ["PluginRegistry"]
