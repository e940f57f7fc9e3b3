"""``earspace import``: open a DAW project (REAPER, Ardour 7, AAF, OTIO) as a session.

    earspace import mix.RPP -o mix.earspace
    earspace import "My Session/My Session.ardour" -o scene.earspace --force

Each track with audio items becomes a track, each item a region at its timeline
position (see :mod:`plugin_bridge.project_import`). Exit codes: 0 done (notices on
stderr, missing media listed), 1 the project could not be imported, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys

from plugin_bridge.project_import import IMPORT_SUFFIXES


def register(subparsers) -> None:
    """Add the ``import`` subcommand to ``earspace``'s argparse subparsers."""
    p = subparsers.add_parser(
        "import",
        help="open a REAPER/Ardour/AAF/OTIO project as an Earspace session",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("project", help=f"the DAW project ({', '.join(sorted(IMPORT_SUFFIXES))})")
    p.add_argument("-o", "--output", required=True, help="the session file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing session file")
    p.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    from engine.errors import EngineError
    from plugin_bridge.project_import import import_project

    try:
        result = import_project(args.project, args.output, force=args.force)
    except (EngineError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(result.session_file)
    for notice in result.notices:
        print(f"note: {notice}", file=sys.stderr)
    if result.missing_media:
        print(f"missing media ({len(result.missing_media)}):", file=sys.stderr)
        for path in result.missing_media:
            print(f"  {path}", file=sys.stderr)
    return 0


__all__ = ["register", "run_import"]
