"""``earspace app`` subcommand, loaded by ``engine/cli.py`` through the
``earspace.commands`` entry point."""

from __future__ import annotations

import argparse


def _run(args: argparse.Namespace) -> int:
    from desktop.app import run

    return run(args)


def register(subparsers) -> None:
    """Add ``app [SESSION] [--screenshot OUT.png]`` to the ``earspace`` CLI."""
    from desktop.app import add_arguments

    parser = subparsers.add_parser(
        "app",
        help="open the desktop app",
        description="Open the Earspace desktop app; with --screenshot render SESSION, save a screenshot and exit.",
    )
    add_arguments(parser)
    parser.set_defaults(func=_run)
