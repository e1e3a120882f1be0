"""The data catalog this workstation uses: the shipped one and the deployment's site file.

Every product entry point (GUI, CLI, demo) gets its catalog here, so the ``catalog.site_file``
setting is read in one place (docs/catalog.md, "A site catalog file").
"""

from __future__ import annotations

from pathlib import Path

from counterapp.catalog import Catalog, load_catalog
from counterapp.config import Settings


def site_catalog_file(settings: Settings) -> Path | None:
    """The configured site catalog file, or None when there is none."""
    configured = settings.get_str("catalog.site_file")
    return Path(configured).expanduser() if configured else None


def catalog_for(settings: Settings) -> Catalog:
    """The shipped catalog with the configured site file's items added or refining it.

    Raises:
        CatalogError: the shipped catalog or the site file is unusable, or the site file
            weakens a shipped item; every problem names its file, key and reason.
    """
    return load_catalog(site_file=settings.get_str("catalog.site_file"))
