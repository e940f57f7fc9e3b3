"""Entry point of the packaged app (PyInstaller): ``earspace [SESSION] [--screenshot OUT.png]``."""

import sys

from desktop import main

if __name__ == "__main__":
    sys.exit(main())
