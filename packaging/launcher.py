"""The script PyInstaller freezes (packaging/counterapp.spec): the `counterapp` command."""

import sys

from counterapp.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
