"""Read a catalog file (TOML) into a :class:`Catalog`, with a deployment's site file.

Every failure, from an unreadable file to a bad level on one item, becomes a
:class:`CatalogError` naming the file, the key and the reason. A site catalog file
(``catalog.site_file``, :mod:`counterapp.catalog.site`) adds items or refines shipped
ones; it is read by the same rules.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from counterapp.catalog.errors import CatalogError, CatalogProblem
from counterapp.catalog.model import Catalog
from counterapp.catalog.schema import build_catalog
from counterapp.catalog.site import merge_site_catalog
from counterapp.resources import resource_path

CATALOG_FILE_NAME = "catalog.toml"

# tomllib ends its messages with "(at line 3, column 5)" or "(at end of document)".
_TOML_POSITION = re.compile(r"\s*\(at (?P<where>[^()]*)\)\s*$")


def default_catalog_path() -> Path:
    """Return the path of the catalog shipped with Counter."""
    return resource_path(CATALOG_FILE_NAME)


def load_catalog(path: Path | None = None, *, site_file: Path | str | None = None) -> Catalog:
    """Load and check a catalog file, and the deployment's site file when one is given.

    The product reads the setting through ``counterapp.app.catalog.catalog_for(settings)``.

    Args:
        path: The catalog file; the shipped catalog when None.
        site_file: A site catalog file whose items are added to that catalog or refine its
            items (:mod:`counterapp.catalog.site`); ``~`` is expanded; None or "" for none.

    Returns:
        The catalog.

    Raises:
        CatalogError: A file cannot be read, is not valid TOML, breaks a catalog rule, or
            the site file weakens a shipped item; the error lists every problem found,
            each naming its file.
    """
    path = default_catalog_path() if path is None else Path(path)
    catalog = parse_catalog(_read(path), path)
    if site_file is None or str(site_file) == "":
        return catalog
    site_path = Path(site_file).expanduser()
    return parse_catalog(_read(site_path, "site catalog file"), site_path, base=catalog)


def _read(path: Path, what: str = "catalog file") -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = f"cannot read the {what}: {exc.strerror or exc}"
        raise CatalogError([CatalogProblem(path, "", reason)]) from exc


def parse_catalog(raw: bytes, path: Path, *, base: Catalog | None = None) -> Catalog:
    """Parse and check the bytes of a catalog file.

    Args:
        raw: The file's content (UTF-8 TOML).
        path: Where it came from, for the messages.
        base: When ``raw`` is a site catalog file: the catalog it extends; the result is
            then the merged catalog.

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
    if base is None:
        return build_catalog(data, path)
    return merge_site_catalog(base, build_catalog(data, path, base=base), path)
