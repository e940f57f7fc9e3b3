"""Entry point of the packaged app (PyInstaller): the same ``earspace`` CLI as an installed
Earspace (``render``, ``parse``, ``demo``, ``app``, ``export``, ...).

With no arguments, or a session file as the first argument (how a desktop launcher calls
it), it opens the app: ``earspace [SESSION]`` == ``earspace app [SESSION]``.
"""

import multiprocessing
import sys
from pathlib import Path


def _cli_argv(argv: list[str]) -> list[str]:
    """Arguments for ``engine.cli.main``: ``app`` is implied for no arguments or a file."""
    if (
        not argv
        or argv[0].endswith(".earspace")
        or (not argv[0].startswith("-") and Path(argv[0]).is_file())
    ):
        return ["app", *argv]
    return argv


if __name__ == "__main__":
    # The plugin host runs in a spawned child process; a frozen executable must hand
    # such children to multiprocessing instead of starting the app again.
    multiprocessing.freeze_support()
    from engine.cli import main

    sys.exit(main(_cli_argv(sys.argv[1:])))
