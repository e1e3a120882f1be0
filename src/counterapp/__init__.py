"""Counter: the one-stop service counter client (一窗受理)."""

__version__ = "0.1.0"
