"""Read a catalog file (TOML) into a :class:`Catalog`.

Every failure, from an unreadable file to a bad level on one item, becomes a
:class:`CatalogError` naming the file, the key and the reason.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from counterapp.catalog.errors import CatalogError, CatalogProblem
from counterapp.catalog.model import Catalog
from counterapp.catalog.schema import build_catalog
from counterapp.resources import resource_path

CATALOG_FILE_NAME = "catalog.toml"

# tomllib ends its messages with "(at line 3, column 5)" or "(at end of document)".
_TOML_POSITION = re.compile(r"\s*\(at (?P<where>[^()]*)\)\s*$")


def default_catalog_path() -> Path:
    """Return the path of the catalog shipped with Counter."""
    return resource_path(CATALOG_FILE_NAME)


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and check a catalog file.

    Args:
        path: The catalog file; the shipped catalog when None.

    Returns:
        The catalog.

    Raises:
        CatalogError: The file cannot be read, is not valid TOML, or breaks a catalog
            rule; the error lists every problem found.
    """
    path = default_catalog_path() if path is None else Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = f"cannot read the catalog file: {exc.strerror or exc}"
        raise CatalogError([CatalogProblem(path, "", reason)]) from exc
    return parse_catalog(raw, path)


def parse_catalog(raw: bytes, path: Path) -> Catalog:
    """Parse and check the bytes of a catalog file.

    Args:
        raw: The file's content (UTF-8 TOML).
        path: Where it came from, for the messages.

    Returns:
        The catalog.

    Raises:
        CatalogError: As for :func:`load_catalog`.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reason = f"not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start})"
        raise CatalogError([CatalogProblem(path, f"line {line}", reason)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        key = match.group("where") if match else ""
        reason = message[: match.start()] if match else message
        problem = CatalogProblem(path, key, f"invalid TOML: {reason}")
        raise CatalogError([problem]) from None
    return build_catalog(data, path)
