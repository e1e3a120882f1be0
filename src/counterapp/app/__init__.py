"""Use cases that the desktop workspace, the CLI and the tests all call alike (no Qt)."""
