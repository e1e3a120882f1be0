"""Which monitor the applicant's screen goes on, remembered per user.

The clerk drags the applicant's window onto the customer monitor once; its screen's name
is kept in ``applicant-screen.json`` in the per-user data directory (beside the embedded
database, ``COUNTERAPP_DATA_DIR`` in tests) and the window goes back there next time. When
that monitor is not connected, a second monitor is taken if there is one, else the clerk's
own screen (one screen works too: the window then opens beside the clerk's as a normal
window, for testing or a hall without a second monitor).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QScreen

from counterapp.config.loader import user_data_dir

log = logging.getLogger(__name__)

PLACEMENT_FILE = "applicant-screen.json"


def screen_key(screen: QScreen) -> str:
    """How a screen is remembered: its name (the output, e.g. ``HDMI-1`` or ``DISPLAY2``),
    else — a platform that names none — its position and size on the desktop."""
    if screen.name():
        return screen.name()
    area = screen.geometry()
    return f"@{area.x()},{area.y()} {area.width()}x{area.height()}"


class ScreenPlacement:
    """The remembered screen of the applicant's window.

    Args:
        path: the JSON file; ``<user data dir>/applicant-screen.json`` by default.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else user_data_dir() / PLACEMENT_FILE

    def remembered(self) -> str | None:
        """The screen name kept last time (None: never placed, or the file is unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("ignoring the applicant screen's placement file %s: %s", self.path, error)
            return None
        name = data.get("screen") if isinstance(data, dict) else None
        return name if isinstance(name, str) and name else None

    def remember(self, screen_name: str) -> None:
        """Keep ``screen_name`` (a :func:`screen_key`) for next time (a tiny local file;
        a failure is only logged)."""
        if not screen_name or screen_name == self.remembered():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"screen": screen_name}), encoding="utf-8")
        except OSError as error:
            log.warning(
                "could not keep the applicant screen's placement in %s: %s", self.path, error
            )


def choose_screen(
    remembered: str | None, screens: Sequence[QScreen], clerk_screen: QScreen
) -> QScreen:
    """The screen for the applicant's window.

    The remembered one (by :func:`screen_key`) when it is connected; else the first screen
    other than the clerk's; else the clerk's.
    """
    for screen in screens:
        if remembered and screen_key(screen) == remembered:
            return screen
    others = [s for s in screens if s is not clerk_screen and s != clerk_screen]
    return others[0] if others else clerk_screen
