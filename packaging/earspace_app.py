"""Entry point of the packaged app (PyInstaller): ``earspace [SESSION] [--screenshot OUT.png]``."""

import multiprocessing
import sys

from desktop import main

if __name__ == "__main__":
    # The plugin host runs in a spawned child process; a frozen executable must hand
    # such children to multiprocessing instead of starting the app again.
    multiprocessing.freeze_support()
    sys.exit(main())
