"""Screenshots of widgets under test, for docs/screenshots/ — only when asked for.

Tests never write into the source tree on their own: set ``COUNTER_SCREENSHOTS`` to a
directory (``COUNTER_SCREENSHOTS=docs/screenshots make test``) to refresh the images the
README shows.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget


def save_screenshot(widget: QWidget, name: str) -> Path | None:
    """Save ``widget`` as ``<COUNTER_SCREENSHOTS>/<name>.png``; None when not asked for."""
    directory = os.environ.get("COUNTER_SCREENSHOTS", "")
    if not directory:
        return None
    path = Path(directory) / f"{name.removesuffix('.png')}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write the screenshot {path}")
    return path
