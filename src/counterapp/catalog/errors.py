"""Problems found in a catalog file, reported all at once so it can be fixed in one go."""

from __future__ import annotations

from counterapp.declared_files import FileProblem, FileProblemsError

CatalogProblem = FileProblem


class CatalogError(FileProblemsError):
    """The catalog file cannot be used; carries every problem found, one per line."""
