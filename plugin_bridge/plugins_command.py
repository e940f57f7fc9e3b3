"""``earspace plugins``: the plugin folders sessions may load plugins from, and a scan.

    earspace plugins                          # list the folders and the bundles found there
    earspace plugins --add-folder ~/my-vst3   # allow plugins from a folder (settings file)
    earspace plugins --remove-folder ~/my-vst3
    earspace plugins --scan                   # load each bundle once to learn name/vendor/uid

Registered through the ``earspace.commands`` entry point (``register``). Exit codes: 0
done, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    """Add the ``plugins`` subcommand to ``earspace``'s argparse subparsers."""
    p = subparsers.add_parser(
        "plugins",
        help="list, add or remove the folders plugins may be loaded from; scan them",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("--add-folder", metavar="DIR", help="allow plugins from this folder")
    p.add_argument("--remove-folder", metavar="DIR", help="stop allowing plugins from this folder")
    p.add_argument(
        "--scan", action="store_true", help="load each bundle once for its name, vendor and uid"
    )
    p.set_defaults(func=run_plugins)


def run_plugins(args: argparse.Namespace) -> int:
    from plugin_bridge.folders import (
        add_plugin_folder,
        remove_plugin_folder,
        scan_cache_path,
        settings_path,
        user_plugin_folders,
    )
    from plugin_bridge.registry import PluginRegistry

    if args.add_folder:
        folder = Path(args.add_folder).expanduser()
        if not folder.is_dir():
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 2
        print(f"added {add_plugin_folder(folder)} to {settings_path()}")
    if args.remove_folder:
        remove_plugin_folder(args.remove_folder)
    if args.scan:
        from plugin_bridge.scan import scan_plugins

        result = scan_plugins(user_plugin_folders(), cache_path=scan_cache_path())
        for failure in result.failures:
            print(f"note: {failure}", file=sys.stderr)
    registry = PluginRegistry.discover()
    print("plugin folders:")
    for folder in registry.folders:
        print(f"  {folder}{'' if folder.is_dir() else '  (missing)'}")
    known = {Path(i.path): i for i in registry.plugins}
    print(f"{len(registry.bundles)} bundles:")
    for bundle in sorted(registry.bundles):
        info = known.get(bundle)
        who = f"  {info.name} by {info.vendor} [{info.uid}]" if info else ""
        print(f"  {bundle}{who}")
    return 0


__all__ = ["register", "run_plugins"]
