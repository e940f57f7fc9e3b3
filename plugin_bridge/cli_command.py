"""``earspace export``: render a session and deliver it as stems, a DAW session or AmbiX.

    earspace export scene.earspace --format ardour -o out/
    earspace export scene.earspace --format stems -o out/ --bit-depth float32 --tracks Voice Rain
    earspace export scene.earspace --format ambix --order 3 -o out/
    earspace export scene.earspace --format adm -o out/
    earspace export scene.earspace --format rpp-insert --project mix.RPP -o out/

Registered through the ``earspace.commands`` entry point (``register``). Exit codes:
0 done, 1 export failed (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugin_bridge.errors import ExportError
from plugin_bridge.export import (
    FORMATS,
    ExportOptions,
    existing_entries,
    export_error_message,
    render_and_export,
    select_tracks,
)


def register(subparsers) -> None:
    """Add the ``export`` subcommand to ``earspace``'s argparse subparsers."""
    p = subparsers.add_parser(
        "export",
        help="export a session as binaural stems, a DAW session (new or the original), AmbiX or ADM",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("session", help="the session file (SESSION.earspace)")
    p.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    p.add_argument("-o", "--output", required=True, help="destination folder (created if needed)")
    p.add_argument(
        "--bit-depth",
        choices=("pcm24", "float32", "pcm16"),
        default=None,
        help="sample format (default pcm24; float32 for ambix; ADM is PCM)",
    )
    p.add_argument(
        "--sample-rate",
        type=int,
        default=None,
        metavar="HZ",
        help="render at this rate (default: session's)",
    )
    p.add_argument("--tracks", nargs="+", default=None, metavar="NAME", help="only these tracks")
    p.add_argument(
        "--no-master-chain",
        action="store_true",
        help="leave the master plugin chain out of the mix",
    )
    p.add_argument(
        "--force", action="store_true", help="overwrite existing files in the destination"
    )
    p.add_argument(
        "--order",
        type=int,
        choices=(1, 2, 3),
        default=1,
        help="Ambisonics order for --format ambix",
    )
    p.add_argument(
        "--linked", action="store_true", help="AAF: link the WAV files instead of embedding them"
    )
    p.add_argument(
        "--on-clip",
        choices=("error", "normalize", "limit"),
        default="error",
        help="what to do when a PCM file would clip",
    )
    p.add_argument(
        "--name",
        default=None,
        help="name of the exported session/project (default: session file name)",
    )
    p.add_argument(
        "--project",
        default=None,
        help="rpp-insert / ardour-insert: the original project (.RPP, .ardour or its folder)",
    )
    p.set_defaults(func=run_export)
    from plugin_bridge.import_command import register as register_import

    register_import(subparsers)  # ``earspace import`` (here: no new entry point to install)


class _Progress:
    def __init__(self, label: str) -> None:
        self.label = label
        self.last = -1

    def __call__(self, fraction: float, message: str) -> None:
        decile = int(min(max(fraction, 0.0), 1.0) * 10)
        if decile > self.last:
            self.last = decile
            print(f"{self.label}: {decile * 10:3d}% {message}", file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    from engine.errors import EngineError
    from engine.session import load_session
    from plugin_bridge.export import INSERT_FORMATS

    if args.format in INSERT_FORMATS and not args.project:
        print(f"error: --format {args.format} needs --project ORIGINAL", file=sys.stderr)
        return 2
    if args.project and not Path(args.project).exists():
        print(f"error: {args.project}: project not found", file=sys.stderr)
        return 2
    try:
        session = load_session(args.session)
        options = ExportOptions(
            name=args.name or Path(args.session).stem or "Earspace",
            bit_depth=args.bit_depth or ("float32" if args.format == "ambix" else "pcm24"),
            sample_rate_hz=args.sample_rate,
            track_names=tuple(args.tracks) if args.tracks else None,
            force=args.force,
            on_clip=args.on_clip,
            ambisonics_order=args.order,
            aaf_embed=not args.linked,
            project=args.project,
        )
        out_dir = Path(args.output)
        clash = [] if args.force else existing_entries(args.format, out_dir, options)
        if clash:
            print(
                f"error: {', '.join(map(str, clash))} already exist(s); use --force to overwrite",
                file=sys.stderr,
            )
            return 1
        try:
            select_tracks(session, options.track_names)
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        result = render_and_export(
            session,
            fmt=args.format,
            out_dir=out_dir,
            options=options,
            use_master_chain=not args.no_master_chain,
            progress=_Progress("export"),
        )
    except (EngineError, OSError) as exc:
        print(f"error: {export_error_message(exc)}", file=sys.stderr)
        return 1
    for entry in result.entries:
        print(entry)
    for notice in result.notices:
        print(f"note: {notice}", file=sys.stderr)
    return 0


__all__ = ["register", "run_export"]
