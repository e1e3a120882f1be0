"""Which columns hold encrypted tokens, so a key rotation can re-encrypt every one.

Table modules register their encrypted columns at import time, e.g. in
``counterapp/store/case_tables.py``::

    register_encrypted_column("cases", "applicant_name", "cases.applicant_name")

Rotation imports every ``*_tables`` module first (``import_all_tables``), so a column
registered there is never missed.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterapp.protection.errors import ProtectionError


@dataclass(frozen=True)
class EncryptedColumn:
    """A column whose values are tokens of :class:`~counterapp.protection.FieldCipher`.

    Attributes:
        table: the table name.
        column: the column name (nullable columns are fine: NULL stays NULL).
        context: the context the values were encrypted with (their AAD).
    """

    table: str
    column: str
    context: str


_REGISTRY: dict[tuple[str, str], EncryptedColumn] = {}


def register_encrypted_column(table: str, column: str, context: str) -> None:
    """Declare that ``table.column`` holds tokens encrypted with ``context``.

    Registering the same column again with the same context is harmless.

    Raises:
        ProtectionError: the column is already registered with another context.
    """
    entry = EncryptedColumn(table, column, context)
    known = _REGISTRY.setdefault((table, column), entry)
    if known != entry:
        raise ProtectionError(
            f"{table}.{column} is already registered with context {known.context!r}, "
            f"not {context!r}"
        )


def unregister_encrypted_column(table: str, column: str) -> None:
    """Forget a registration (tests that make a table of their own)."""
    _REGISTRY.pop((table, column), None)


def encrypted_columns() -> list[EncryptedColumn]:
    """Every registered column, sorted by table and column."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]
