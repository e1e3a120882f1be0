"""Whether this process can show windows: the one check the workspace, the demo and printing use.

It reads only the environment (no Qt import), so a command can decide before a
QApplication exists: on Linux without a display Qt would abort looking for X11.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
"""Qt platform plugins that draw nowhere a person can see."""


def has_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True when windows would be seen: always off Linux; on Linux a display is named.

    A display is named by ``DISPLAY`` or ``WAYLAND_DISPLAY``, or by ``QT_QPA_PLATFORM`` set
    to a platform other than ``offscreen``/``minimal`` (e.g. ``xcb``, ``wayland``, ``eglfs``).
    ``QT_QPA_PLATFORM=offscreen`` (or ``minimal``) wins over a display: Qt draws nowhere then.

    Args:
        environ: the environment to read (``os.environ`` unless a test says).
        platform: ``sys.platform`` unless a test says.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return True
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if qpa in HEADLESS_PLATFORMS:
        return False
    return bool(qpa or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
