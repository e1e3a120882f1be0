"""A service item's form, as declared by its file in ``forms/`` (see docs/forms.md).

A field is either bound to a catalog item (pre-filled from the departments' answers) or
typed by the clerk. The catalog items a form binds are what a lookup for the service asks
for, and nothing more (PIPL art. 6, minimum necessary).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FieldType(enum.StrEnum):
    STRING = "string"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    AMOUNT = "amount"
    BOOLEAN = "boolean"
    CODE = "code"
    LIST = "list"


@dataclass(frozen=True)
class FormField:
    """One field of a service form.

    Attributes:
        id: stable field id within the form.
        label_zh: label on the Chinese screen (the catalog item's label when bound).
        label_en: label on the English screen.
        item: the catalog item that pre-fills it; None for a field the clerk types.
        type: the value type (the catalog item's type when bound).
        required: the case cannot be submitted without a value.
        applicant: which applicant it belongs to (1-based; 2 for the second party).
    """

    id: str
    label_zh: str
    label_en: str
    item: str | None
    type: FieldType
    required: bool = True
    applicant: int = 1


@dataclass(frozen=True)
class ServiceForm:
    """One service item: its identity, version and fields."""

    id: str
    version: str
    title_zh: str
    title_en: str
    applicants: int
    fields: tuple[FormField, ...]

    @property
    def items(self) -> frozenset[str]:
        """The catalog items a lookup for this service needs."""
        return frozenset(f.item for f in self.fields if f.item)

    def items_for_applicant(self, applicant: int) -> frozenset[str]:
        """The catalog items to look up for one applicant (1-based)."""
        return frozenset(f.item for f in self.fields if f.item and f.applicant == applicant)
