"""The data catalog (数据共享目录): every piece of applicant data, its rules and its owner.

Pure Python, no Qt and no I/O beyond reading the catalog file.
"""

from counterapp.catalog.errors import CatalogError, CatalogProblem
from counterapp.catalog.loader import default_catalog_path, load_catalog, parse_catalog
from counterapp.catalog.masking import (
    DEFAULT_MASK_POLICY,
    MaskedValue,
    MaskPolicy,
    mask,
    mask_item,
)
from counterapp.catalog.model import (
    Catalog,
    CatalogItem,
    Classification,
    CodeTable,
    Column,
    Department,
    ItemType,
    MaskRule,
)

__all__ = [
    "DEFAULT_MASK_POLICY",
    "Catalog",
    "CatalogError",
    "CatalogItem",
    "CatalogProblem",
    "Classification",
    "CodeTable",
    "Column",
    "Department",
    "ItemType",
    "MaskPolicy",
    "MaskRule",
    "MaskedValue",
    "default_catalog_path",
    "load_catalog",
    "mask",
    "mask_item",
    "parse_catalog",
]
