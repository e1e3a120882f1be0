"""Service forms: the shipped ones load; a broken one names the file, the key, the reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from counterapp.catalog import Catalog
from counterapp.forms import (
    FieldFormat,
    FormError,
    OriginalOrCopy,
    RuleOp,
    ServiceForm,
    load_form,
    load_forms,
)
from counterapp.forms.loader import default_forms_dir
from counterapp.forms.model import FieldType

SERVICES = {
    "marriage-registration",
    "hukou-transfer",
    "social-security-card",
    "housing-fund-withdrawal",
    "sole-proprietor-registration",
    "realestate-record-inquiry",
    "resident-pension-enrolment",
    "newborn-bundle",
    "newborn-birth-certificate",
    "newborn-hukou",
    "newborn-medical-insurance",
    "newborn-social-security-card",
}


def test_shipped_forms_load_and_bind_catalog_items(
    catalog: Catalog, forms: dict[str, ServiceForm]
) -> None:
    assert set(forms) == SERVICES
    marriage = forms["marriage-registration"]
    assert marriage.applicants == 2
    assert marriage.items_for_applicant(2) == marriage.items_for_applicant(1)
    assert "marriage.status" in marriage.items
    name = marriage.field("name", 2)
    assert name.label_zh == catalog.item("person.name").label_zh  # from the catalog
    assert name.department == "hukou" and name.case_id == "name@2"
    assert marriage.field("id_number").format is FieldFormat.RESIDENT_ID
    assert marriage.field("mobile").format is FieldFormat.MOBILE
    assert marriage.field("marital_status").code_table == "GB/T 2261.2"
    typed = next(f for f in forms["housing-fund-withdrawal"].fields if f.item is None)
    assert typed.type in set(FieldType)


@pytest.mark.parametrize("service_id", sorted(SERVICES))
def test_every_form_says_what_a_service_guide_says(
    service_id: str, forms: dict[str, ServiceForm]
) -> None:
    form = forms[service_id]
    assert form.department and form.legal_basis and form.version
    assert all(basis.startswith("《") for basis in form.legal_basis)
    assert form.fee == Decimal(0)
    assert 0 <= form.promised_days <= 20
    assert form.materials, "every service lists its supporting documents"
    assert any(m.id.endswith("id_card") for m in form.materials)
    for material in form.materials:
        for item in material.proves:
            for applicant in material.applicants:
                assert form.field_for_item(item, applicant) is not None
    for rule in form.eligibility:
        assert rule.message_zh and rule.message_en


def test_the_marriage_form_declares_its_conditions(forms: dict[str, ServiceForm]) -> None:
    form = forms["marriage-registration"]
    rules = {r.id: r for r in form.eligibility}
    assert rules["no_spouse"].test.op is RuleOp.IN
    assert rules["no_spouse"].test.value == ("10", "30", "40")
    assert rules["no_spouse"].applicants == (1, 2)
    man = rules["man_minimum_age"]
    assert (man.test.op, man.test.value) == (RuleOp.AGE_GE, 22)
    assert man.when is not None and man.when.value == "1"
    materials = {m.id: m for m in form.materials}
    assert materials["hukou_booklet"].proves == ("person.hukou_address", "household.number")
    assert materials["no_spouse_declaration"].proves == ()
    assert materials["joint_photos"].applicants == (1,)
    assert materials["id_card"].original_or_copy is OriginalOrCopy.ORIGINAL
    fund = {r.id: r for r in forms["housing-fund-withdrawal"].eligibility}
    assert fund["deposit_months"].test.value == 6
    assert fund["account_open"].test.value == ("正常", "封存")


def test_a_bundle_asks_shared_fields_once(forms: dict[str, ServiceForm]) -> None:
    bundle = forms["newborn-bundle"]
    parts = [forms[p] for p in
             ("newborn-birth-certificate", "newborn-hukou", "newborn-medical-insurance",
              "newborn-social-security-card")]  # fmt: skip
    assert bundle.is_bundle and [p.id for p in bundle.parts] == [p.id for p in parts]
    names = [f for f in bundle.fields if f.item == "person.name"]
    assert len(names) == 1 and names[0].parts == tuple(p.id for p in parts)
    assert [f.id for f in bundle.fields].count("child_name") == 1
    assert len({f.key for f in bundle.fields}) == len(bundle.fields)
    assert bundle.items == frozenset().union(*(p.items for p in parts))
    assert len(bundle.fields) < sum(len(p.fields) for p in parts)
    assert bundle.promised_days == max(p.promised_days for p in parts) == 5
    for part in parts:
        assert set(part.legal_basis) <= set(bundle.legal_basis)
    assert bundle.legal_basis[0].startswith("《国务院关于进一步优化政务服务")
    material_ids = [m.id for m in bundle.materials]
    assert material_ids == list(dict.fromkeys(material_ids))
    assert {"parent_id_card", "hukou_booklet", "birth_certificate"} <= set(material_ids)
    assert bundle.eligibility == forms["newborn-hukou"].eligibility


def test_a_bundle_loads_on_its_own_from_its_directory(catalog: Catalog) -> None:
    bundle = load_form(default_forms_dir() / "newborn-bundle.toml", catalog)
    assert len(bundle.parts) == 4


# -- broken files ---------------------------------------------------------------------------

TOP = {
    "format_version": "1",
    "id": '"demo-service"',
    "version": '"1"',
    "title_zh": '"演示"',
    "title_en": '"Demo"',
    "applicants": "2",
    "department": '"演示局"',
    "legal_basis": '"《演示条例》"',
    "promised_days": "3",
    "fee": '"0"',
}
FIELDS = """
[[fields]]
id = "name"
item = "person.name"
[[fields]]
id = "status"
item = "marriage.status"
[[fields]]
id = "birth"
item = "person.birth_date"
[[fields]]
id = "gender"
item = "person.gender"
"""


def form_text(tables: str = "", *, fields: str = FIELDS, **top: str | None) -> str:
    """A valid two-applicant demo form, with top-level keys changed (None drops one)."""
    values = {**TOP, **top}
    head = "\n".join(f"{k} = {v}" for k, v in values.items() if v is not None)
    return f"{head}\n{fields}\n{tables}"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, catalog: Catalog) -> str:
    with pytest.raises(FormError) as caught:
        load_form(path, catalog)
    return str(caught.value)


def test_the_demo_form_itself_loads(catalog: Catalog, tmp_path: Path) -> None:
    form = load_form(write(tmp_path, "demo-service", form_text()), catalog)
    assert (
        form.applicants == 2 and form.promised_days == 3 and form.legal_basis == ("《演示条例》",)
    )


def test_every_problem_is_named(catalog: Catalog, tmp_path: Path) -> None:
    path = write(
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
    text = problems_of(path, catalog)
    assert f"{path}: id: must equal the file name 'demo-service'" in text
    assert f"{path}: colour: unknown key" in text
    assert f"{path}: fields[0].item: 'person.nmae' is not a catalog item" in text
    assert f"{path}: fields[1].id: 'Amount' is not a valid field id" in text
    assert f"{path}: fields[1].type: unknown type 'money'" in text
    assert f"{path}: fields[1].required: must be true or false" in text
    assert f"{path}: department: missing" in text
    assert f"{path}: legal_basis: missing" in text
    assert f"{path}: promised_days: missing" in text
    assert f"{path}: fee: missing" in text


BROKEN_TOP = [
    ({"fee": "0"}, "fee", 'must be yuan as a decimal string such as "0" or "9.00", got 0'),
    ({"fee": '"free"'}, "fee", "must be yuan as a decimal string"),
    ({"fee": '"-5"'}, "fee", "must be yuan as a decimal string"),
    ({"fee": '"9.999"'}, "fee", "must be yuan as a decimal string"),
    ({"promised_days": "-1"}, "promised_days", "must be an integer 0-365, got -1"),
    ({"promised_days": '"3"'}, "promised_days", "must be an integer 0-365, got '3'"),
    ({"legal_basis": "[]"}, "legal_basis", "must be a string or an array of strings"),
    ({"legal_basis": "7"}, "legal_basis", "must be a string or an array of strings, got 7"),
    ({"department": '""'}, "department", "must be a non-empty string"),
    ({"format_version": "2"}, "format_version", "must be 1"),
    ({"applicants": "5"}, "applicants", "must be an integer 1-4, got 5"),
    ({"includes": '"newborn-hukou"'}, "includes", "must be a non-empty array of service ids"),
    ({"includes": '["demo-service"]'}, "includes[0]", "a form cannot include itself"),
    ({"includes": '["Bad_Id"]'}, "includes[0]", "'Bad_Id' is not a valid service id"),
]


@pytest.mark.parametrize(("top", "key", "reason"), BROKEN_TOP)
def test_a_broken_top_level_key_is_named(
    catalog: Catalog, tmp_path: Path, top: dict[str, str], key: str, reason: str
) -> None:
    path = write(tmp_path, "demo-service", form_text(**top))
    assert f"{path}: {key}: {reason}" in problems_of(path, catalog)


BROKEN_TABLES = [
    # fields
    ('[[fields]]\nid = "x"\nlabel_zh = "甲"\nlabel_en = "X"\ntype = "list"',
     "fields[4].type", "a typed field cannot be a list"),
    ('[[fields]]\nid = "x"\nlabel_zh = "甲"\nlabel_en = "X"\ntype = "code"',
     "fields[4]", "a typed code field needs a code_table or choices"),
    ('[[fields]]\nid = "x"\nlabel_zh = "甲"\nlabel_en = "X"\ntype = "code"\ncode_table = "GB 0"',
     "fields[4].code_table", "unknown code table 'GB 0'"),
    ('[[fields]]\nid = "x"\nlabel_zh = "甲"\nlabel_en = "X"\ntype = "date"\nformat = "mobile"',
     "fields[4].format", "applies to string fields, not date"),
    ('[[fields]]\nid = "x"\nlabel_zh = "甲"\nlabel_en = "X"\ntype = "string"\nformat = "fax"',
     "fields[4].format", "unknown format 'fax' (resident_id, mobile, credit_code)"),
    ('[[fields]]\nid = "x"\nlabel_zh = "甲"\nlabel_en = "X"\ntype = "string"\nchoices = []',
     "fields[4].choices", "must not be empty"),
    ('[[fields]]\nid = "x"\nitem = "person.gender"\ntype = "string"',
     "fields[4].type", "comes from the catalog item person.gender; remove it"),
    ('[[fields]]\nid = "name"\nitem = "person.name"',
     "fields[4].id", "duplicate field id 'name'"),
    ('[[fields]]\nid = "x"\nitem = "person.name"\napplicant = 3',
     "fields[4].applicant", "must be an integer 1-2, got 3"),
    # materials
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = []\ncolour = 1',
     "materials[0].colour", "unknown key"),
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"',
     "materials[0].proves", "missing (write proves = [] when always collected)"),
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = ["person.nmae"]',
     "materials[0].proves[0]", "'person.nmae' is not a catalog item"),
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = ["household.number"]',
     "materials[0].proves[0]", "household.number is not bound by a field of applicant 1"),
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = []\napplicant = 3',
     "materials[0].applicant", 'must be 1-2 or "each", got 3'),
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = []\n'
     'original_or_copy = "scan"',
     "materials[0].original_or_copy", "unknown original_or_copy 'scan'"),
    ('[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = []\n'
     '[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = []',
     "materials[1].id", "duplicate material id 'card'"),
    # eligibility
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "like"\nvalue = "10"\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].op", "unknown op 'like'"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "in"\nvalue = "10"\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].value", "op 'in' needs a non-empty array, got '10'"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "in"\nvalue = ["10", "31"]\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].value[1]", "'31' is not a GB/T 2261.2 code"),
    ('[[eligibility]]\nid = "r"\nitem = "person.birth_date"\nop = ">="\nvalue = 18\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].value", "must be a date value for person.birth_date, got 18"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "age>="\nvalue = 18\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].op", "'age>=' needs a date item, marriage.status is code"),
    ('[[eligibility]]\nid = "r"\nitem = "person.birth_date"\nop = "age>="\nvalue = 200\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].value", "must be an age in years 0-150, got 200"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = ">="\nvalue = "10"\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].op", "'>=' needs a number or date item, marriage.status is code"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "present"\nvalue = "10"\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].value", "op 'present' takes no value"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "=="\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].value", "missing (op '==' needs a value)"),
    ('[[eligibility]]\nid = "r"\nitem = "person.id_number"\nop = "present"\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].item", "person.id_number cannot be tested: an explanation would print it"),
    ('[[eligibility]]\nid = "r"\nitem = "housing_fund.balance"\nop = ">="\nvalue = 1\n'
     'message_zh = "甲"\nmessage_en = "a"',
     "eligibility[0].item", "housing_fund.balance is not bound by a field of applicant 1"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "present"\n'
     'message_zh = "甲"\nmessage_en = "a"\napplicant = "both"',
     "eligibility[0].applicant", "must be 1-2 or \"each\", got 'both'"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "present"\n'
     'message_en = "a"',
     "eligibility[0].message_zh", "missing"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "present"\n'
     'message_zh = "甲"\nmessage_en = "a"\nwhen = { item = "person.gender", op = "==", x = 1 }',
     "eligibility[0].when.x", "unknown key"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "present"\n'
     'message_zh = "甲"\nmessage_en = "a"\n'
     'when = { item = "person.gender", op = "==", value = "7" }',
     "eligibility[0].when.value", "'7' is not a GB/T 2261.1 code"),
    ('[[eligibility]]\nid = "r"\nitem = "marriage.status"\nop = "present"\n'
     'message_zh = "甲"\nmessage_en = "a"\nwhen = "men"',
     "eligibility[0].when", "must be a table {item, op, value}, got 'men'"),
]  # fmt: skip


@pytest.mark.parametrize(("tables", "key", "reason"), BROKEN_TABLES)
def test_a_broken_table_is_named(
    catalog: Catalog, tmp_path: Path, tables: str, key: str, reason: str
) -> None:
    path = write(tmp_path, "demo-service", form_text(tables))
    assert f"{path}: {key}: {reason}" in problems_of(path, catalog)


def test_a_plain_form_needs_fields(catalog: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "demo-service", form_text(fields=""))
    assert f"{path}: fields: missing (write at least one [[fields]] table)" in problems_of(
        path, catalog
    )


# -- broken bundles ------------------------------------------------------------------------

PART = form_text(
    '[[materials]]\nid = "card"\nname_zh = "卡"\nname_en = "Card"\nproves = []',
    id='"part-one"',
    applicants="1",
    fields='[[fields]]\nid = "name"\nitem = "person.name"\n'
    '[[fields]]\nid = "note"\nlabel_zh = "备注"\nlabel_en = "Note"\ntype = "string"',
)


def bundle(directory: Path, *parts: str, tables: str = "") -> Path:
    listed = ", ".join(f'"{p}"' for p in parts)
    return write(directory, "demo-bundle", form_text(tables, fields="", id='"demo-bundle"',
                                                     includes=f"[{listed}]"))  # fmt: skip


def test_a_bundle_merges_parts_from_its_directory(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "part-one", PART)
    write(tmp_path, "part-two", PART.replace('"part-one"', '"part-two"').replace("= 3", "= 8"))
    form = load_form(bundle(tmp_path, "part-one", "part-two"), catalog)
    assert [f.id for f in form.fields] == ["name", "note"]
    assert form.field("note").parts == ("part-one", "part-two")
    assert [m.id for m in form.materials] == ["card"]
    assert form.promised_days == 8
    assert set(load_forms(catalog, tmp_path)) == {"demo-bundle", "part-one", "part-two"}


def test_a_missing_part_is_named(catalog: Catalog, tmp_path: Path) -> None:
    path = bundle(tmp_path, "part-one")
    reason = "no form file part-one.toml beside this one"
    assert f"{path}: includes[0]: {reason}" in problems_of(path, catalog)
    with pytest.raises(FormError, match=reason):
        load_forms(catalog, tmp_path)


def test_a_broken_part_is_named_in_its_own_file_and_in_the_bundle(
    catalog: Catalog, tmp_path: Path
) -> None:
    part = write(tmp_path, "part-one", PART.replace('fee = "0"', 'fee = "x"'))
    path = bundle(tmp_path, "part-one")
    text = problems_of(path, catalog)
    assert f"{part}: fee: must be yuan" in text
    assert f"{path}: includes[0]: 'part-one' cannot be used: its file has problems" in text


def test_a_bundle_cannot_include_a_bundle(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "part-one", PART)
    write(tmp_path, "inner", form_text(fields="", id='"inner"', includes='["part-one"]'))
    path = bundle(tmp_path, "inner")
    assert f"{path}: includes[0]: 'inner' is a bundle itself" in problems_of(path, catalog)


def test_parts_that_disagree_are_named(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "part-one", PART)
    clash = (
        PART.replace('"part-one"', '"part-two"')
        .replace('type = "string"', 'type = "date"')
        .replace('name_zh = "卡"', 'name_zh = "另一张卡"')
    )
    write(tmp_path, "part-two", clash)
    text = problems_of(bundle(tmp_path, "part-one", "part-two"), catalog)
    assert (
        "includes: field 'note' of applicant 1 means different things in 'part-one' "
        "(typed string) and 'part-two' (typed date); rename one"
    ) in text
    assert "includes: material 'card' is declared differently in 'part-one' and 'part-two'" in text


def test_unreadable_toml_is_named(catalog: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "broken", "id = \n")
    with pytest.raises(FormError, match=f"{path}: cannot be read"):
        load_form(path, catalog)
