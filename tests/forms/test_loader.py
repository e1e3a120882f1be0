"""Service forms: the shipped ones load; a broken one names the file, the key, the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterapp.catalog import Catalog, load_catalog
from counterapp.forms import FormError, load_form, load_forms
from counterapp.forms.model import FieldType


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_shipped_forms_load_and_bind_catalog_items(catalog: Catalog) -> None:
    forms = load_forms(catalog)
    assert {
        "marriage-registration",
        "hukou-transfer",
        "social-security-card",
        "housing-fund-withdrawal",
        "sole-proprietor-registration",
        "realestate-record-inquiry",
        "resident-pension-enrolment",
    } <= set(forms)
    marriage = forms["marriage-registration"]
    assert marriage.applicants == 2
    assert marriage.items_for_applicant(2) == marriage.items_for_applicant(1)
    assert "marriage.status" in marriage.items
    name = next(f for f in marriage.fields if f.id == "name")
    assert name.label_zh == catalog.item("person.name").label_zh  # from the catalog
    typed = next(f for f in forms["housing-fund-withdrawal"].fields if f.item is None)
    assert typed.type in set(FieldType)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_is_named(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "demo-service",
        """format_version = 1
id = "other-name"
version = "1"
title_zh = "演示"
title_en = "Demo"
colour = "red"
[[fields]]
id = "name"
item = "person.nmae"
[[fields]]
id = "Amount"
label_zh = "金额"
label_en = "Amount"
type = "money"
required = "yes"
""",
    )
    with pytest.raises(FormError) as caught:
        load_form(path, catalog)
    text = str(caught.value)
    assert f"{path}: id: must equal the file name 'demo-service'" in text
    assert f"{path}: colour: unknown key" in text
    assert f"{path}: fields[0].item: 'person.nmae' is not a catalog item" in text
    assert f"{path}: fields[1].id: 'Amount' is not a valid field id" in text
    assert f"{path}: fields[1].type: unknown type 'money'" in text
    assert f"{path}: fields[1].required: must be true or false" in text


def test_unreadable_toml_is_named(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, "broken", "id = \n")
    with pytest.raises(FormError, match=f"{path}: cannot be read"):
        load_form(path, catalog)
