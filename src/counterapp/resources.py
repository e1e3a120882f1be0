"""Find the data files shipped with Counter (the top-level ``resources/`` directory).

A wheel carries them inside the package as ``counterapp/_data/resources/``; an editable
(development) install reads them straight from the repository's ``resources/``.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource file or directory.

    Args:
        *parts: Path components below ``resources/``, e.g. ``"catalog.toml"``.

    Returns:
        The path inside the installed package when the package carries its resources,
        else the path inside the repository checkout. The file itself may not exist;
        callers report that with the path in hand.
    """
    packaged = importlib.resources.files("counterapp") / "_data" / "resources"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged.joinpath(*parts)
    return _REPO_ROOT.joinpath("resources", *parts)
