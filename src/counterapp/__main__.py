"""`python -m counterapp` is the `counterapp` command."""

import sys

from counterapp.cli import main

sys.exit(main())
