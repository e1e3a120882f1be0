"""The data catalog (数据共享目录): what each piece of applicant data is and who owns it.

Every value Counter handles is named by a catalog item code such as ``person.name``. The
item says how to label it, what type it has, how sensitive it is, how to mask it on screen
and paper, and which department is authoritative for it. The catalog is data, read from
``resources/catalog.toml`` by :mod:`counterapp.catalog.loader`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from types import MappingProxyType


class Classification(IntEnum):
    """Classification level of a catalog item (数据分级); higher is more sensitive."""

    PUBLIC = 1
    INTERNAL = 2
    SENSITIVE = 3
    HIGHLY_SENSITIVE = 4

    @property
    def label_zh(self) -> str:
        """Chinese label, e.g. ``敏感个人信息``."""
        return _CLASSIFICATION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label, e.g. ``Sensitive personal``."""
        return _CLASSIFICATION_LABELS[self][1]


_CLASSIFICATION_LABELS: Mapping[Classification, tuple[str, str]] = {
    Classification.PUBLIC: ("公开", "Public"),
    Classification.INTERNAL: ("内部", "Internal"),
    Classification.SENSITIVE: ("敏感个人信息", "Sensitive personal"),
    Classification.HIGHLY_SENSITIVE: ("高度敏感", "Highly sensitive"),
}


class ItemType(StrEnum):
    """The type of a catalog value, as written in the catalog file."""

    STRING = "string"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    AMOUNT = "amount"  # yuan, a Decimal with two places
    BOOLEAN = "boolean"
    CODE = "code"  # a value from a national code table
    LIST = "list"  # a list of records; the item declares the columns


class MaskRule(StrEnum):
    """How a value is shown before the clerk reveals it (see :mod:`.masking`)."""

    NONE = "none"
    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    ADDRESS = "address"
    ACCOUNT = "account"
    AMOUNT = "amount"
    DATE = "date"
    FULL = "full"


class CodeTable(StrEnum):
    """National code tables a ``code`` value may come from."""

    GENDER = "GB/T 2261.1"
    MARITAL_STATUS = "GB/T 2261.2"
    ETHNICITY = "GB/T 3304"
    DIVISION = "GB/T 2260"


@dataclass(frozen=True)
class Department:
    """A department that is authoritative for some catalog items."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Column:
    """One column of the records of a ``list`` item (e.g. a household member's name)."""

    name: str
    label_zh: str
    label_en: str
    type: ItemType
    mask: MaskRule
    code_table: CodeTable | None = None
    description: str = ""


@dataclass(frozen=True)
class CatalogItem:
    """One piece of applicant data, named by a stable code like ``person.name``."""

    code: str
    label_zh: str
    label_en: str
    type: ItemType
    level: Classification
    mask: MaskRule
    department: str
    code_table: CodeTable | None = None
    description: str = ""
    columns: tuple[Column, ...] = ()

    @property
    def category(self) -> str:
        """The part of the code before the dot, e.g. ``person``."""
        return self.code.partition(".")[0]

    def column(self, name: str) -> Column:
        """Return the column called ``name``; raise KeyError when there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.code} has no column {name!r}")


@dataclass(frozen=True)
class Catalog:
    """The loaded catalog: departments and items, in file order, looked up by id/code."""

    departments: tuple[Department, ...]
    items: tuple[CatalogItem, ...]
    category_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    _by_code: Mapping[str, CatalogItem] = field(init=False, repr=False, compare=False)
    _by_department: Mapping[str, Department] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({i.code: i for i in self.items}))
        by_dept = MappingProxyType({d.id: d for d in self.departments})
        object.__setattr__(self, "_by_department", by_dept)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[CatalogItem]:
        return iter(self.items)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def item(self, code: str) -> CatalogItem:
        """Return the item with this code.

        Raises:
            KeyError: There is no such item.
        """
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no catalog item {code!r}") from None

    def department(self, department_id: str) -> Department:
        """Return the department with this id.

        Raises:
            KeyError: There is no such department.
        """
        try:
            return self._by_department[department_id]
        except KeyError:
            raise KeyError(f"no department {department_id!r}") from None

    def items_for_department(self, department: str | Department) -> tuple[CatalogItem, ...]:
        """Return the items the department is authoritative for, in file order."""
        dept_id = department.id if isinstance(department, Department) else department
        return tuple(item for item in self.items if item.department == dept_id)

    def categories(self) -> tuple[str, ...]:
        """Return the distinct categories (code prefixes) in order of first appearance."""
        return tuple(dict.fromkeys(item.category for item in self.items))

    def category_label_zh(self, category: str) -> str:
        """The category's Chinese name (e.g. "婚姻信息"), or its id when none is declared."""
        return self.category_names.get(category, (category, category))[0]

    def category_label_en(self, category: str) -> str:
        """The category's English name, or its id when none is declared."""
        return self.category_names.get(category, (category, category))[1]

    def items_in_category(self, category: str) -> tuple[CatalogItem, ...]:
        """Return the items whose code starts with ``category.``, in file order."""
        return tuple(item for item in self.items if item.category == category)

    def departments_for(self, codes: Sequence[str]) -> tuple[Department, ...]:
        """Return the authoritative departments of the given item codes, each once.

        Raises:
            KeyError: A code is not in the catalog.
        """
        ids = dict.fromkeys(self.item(code).department for code in codes)
        return tuple(self._by_department[dept_id] for dept_id in ids)
