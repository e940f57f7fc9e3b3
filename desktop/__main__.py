import sys

from desktop import main

if __name__ == "__main__":
    sys.exit(main())
