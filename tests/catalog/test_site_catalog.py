"""A deployment's site catalog file (issue 10, defect 6): adds items, refines, never weakens."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterapp.app.catalog import catalog_for
from counterapp.catalog import CatalogError, Classification, MaskRule, load_catalog
from counterapp.config import Settings
from counterapp.config.schema import SCHEMA

NEW_ITEM = """\
[[items]]
code = "household.member_count"
label_zh = "户内人数"
label_en = "Household size"
type = "integer"
level = 2
mask = "none"
department = "hukou"
"""

ID_NUMBER = """\
[[items]]
code = "person.id_number"
label_zh = "公民身份号码（本地）"
label_en = "Resident ID number"
type = "string"
level = {level}
mask = "{mask}"
department = "hukou"
"""


def _site(tmp_path: Path, *tables: str) -> Path:
    path = tmp_path / "site-catalog.toml"
    path.write_text("format_version = 1\n\n" + "\n".join(tables), encoding="utf-8")
    return path


def _problems(site: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(site_file=site)
    return [str(problem) for problem in caught.value.problems]


def test_a_new_item_is_added_after_the_shipped_ones(tmp_path: Path) -> None:
    shipped = load_catalog()
    catalog = load_catalog(site_file=_site(tmp_path, NEW_ITEM))
    assert len(catalog) == len(shipped) + 1
    assert catalog.items[: len(shipped)] == shipped.items
    item = catalog.item("household.member_count")
    assert (item.level, item.department) == (Classification.INTERNAL, "hukou")
    assert catalog.category_label_zh("household") == shipped.category_label_zh("household")


def test_a_new_department_and_category_come_with_their_item(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        '[[departments]]\nid = "pension"\nname_zh = "养老服务中心"\nname_en = "Pension centre"\n',
        '[[categories]]\nid = "elder"\nname_zh = "养老信息"\nname_en = "Elderly care"\n',
        NEW_ITEM.replace("household.member_count", "elder.care_level").replace(
            '"hukou"', '"pension"'
        ),
    )
    catalog = load_catalog(site_file=site)
    assert catalog.department("pension").name_en == "Pension centre"
    assert catalog.item("elder.care_level").department == "pension"
    assert catalog.category_label_en("elder") == "Elderly care"
    assert len(catalog.departments) == len(load_catalog().departments) + 1


def test_a_refinement_may_relabel_raise_the_level_and_strengthen_the_mask(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path, ID_NUMBER.format(level=4, mask="full"))
    catalog = load_catalog(site_file=site)
    item = catalog.item("person.id_number")
    assert item.label_zh == "公民身份号码（本地）"
    assert (item.level, item.mask) == (Classification.HIGHLY_SENSITIVE, MaskRule.FULL)
    assert [i.code for i in catalog] == [i.code for i in load_catalog()]  # same place


def test_a_lower_level_is_refused_naming_the_file_item_and_why(tmp_path: Path) -> None:
    site = _site(tmp_path, ID_NUMBER.format(level=2, mask="id_number"))
    assert _problems(site) == [
        f"{site}: items[0].level: person.id_number: lowers the classification level from 3 "
        "(sensitive personal) to 2 (internal); a site file may raise a shipped item's level, "
        "never lower it"
    ]


@pytest.mark.parametrize("mask", ["name", "account"])
def test_a_weaker_or_different_mask_is_refused(tmp_path: Path, mask: str) -> None:
    site = _site(tmp_path, ID_NUMBER.format(level=3, mask=mask))
    assert _problems(site) == [
        f"{site}: items[0].mask: person.id_number: weakens the mask from 'id_number' to "
        f"'{mask}'; a site file may keep 'id_number' or use 'full', never a weaker or "
        "different rule"
    ]


def test_no_mask_on_a_sensitive_item_is_refused_by_the_catalog_rules(tmp_path: Path) -> None:
    site = _site(tmp_path, ID_NUMBER.format(level=3, mask="none"))
    [problem] = _problems(site)
    assert problem.startswith(f"{site}: items[0].mask: level 3 (sensitive personal) needs a mask")


def test_type_department_and_columns_of_a_shipped_item_are_fixed(tmp_path: Path) -> None:
    shipped = load_catalog().item("household.members")
    kept = shipped.columns[1:]  # the first column dropped
    columns = "".join(
        f'[[items.columns]]\nname = "{c.name}"\nlabel_zh = "{c.label_zh}"\n'
        f'label_en = "{c.label_en}"\ntype = "{c.type.value}"\nmask = "none"\n'
        + (f'code_table = "{c.code_table.value}"\n' if c.code_table else "")
        for c in kept
    )
    members = (
        f'[[items]]\ncode = "household.members"\nlabel_zh = "户内成员"\nlabel_en = "Members"\n'
        f'type = "list"\nlevel = {int(shipped.level)}\nmask = "{shipped.mask.value}"\n'
        f'department = "civil"\n{columns}'
    )
    name = ID_NUMBER.format(level=3, mask="full").replace('type = "string"', 'type = "code"')
    name += 'code_table = "GB/T 2261.1"\n'
    problems = _problems(_site(tmp_path, name, members))
    keys = [p.split(": ")[1] for p in problems]
    assert "items[0].type" in keys and "items[0].code_table" in keys
    assert "items[1].department" in keys
    assert "items[1].columns" in keys  # the dropped column
    weakened = [c for c in kept if c.mask is not MaskRule.NONE]
    assert len([k for k in keys if k.endswith(".mask")]) == len(weakened) > 0
    assert any("cannot drop a column" in p and shipped.columns[0].name in p for p in problems)


def test_a_broken_site_file_names_the_file_and_key(tmp_path: Path) -> None:
    site = _site(tmp_path, NEW_ITEM.replace("level = 2", "level = 7"))
    assert _problems(site) == [f"{site}: items[0].level: must be an integer 1-4, got 7"]
    site.write_text("format_version = 1\n[[items]\n", encoding="utf-8")
    [problem] = _problems(site)
    assert problem.startswith(f"{site}: line 2") and "invalid TOML" in problem
    missing = tmp_path / "nowhere.toml"
    assert _problems(missing)[0].startswith(f"{missing}: cannot read the site catalog file")


def test_a_new_category_needs_its_name(tmp_path: Path) -> None:
    site = _site(tmp_path, NEW_ITEM.replace("household.member_count", "elder.care_level"))
    assert _problems(site) == [f"{site}: categories: no [[categories]] entry for 'elder'"]


def test_the_setting_is_read_through_catalog_for(tmp_path: Path) -> None:
    site = _site(tmp_path, NEW_ITEM)
    defaults = Settings({s.key: s.default for s in SCHEMA})
    assert "household.member_count" not in catalog_for(defaults)
    configured = defaults.replaced({"catalog.site_file": str(site)}, source="test")
    assert "household.member_count" in catalog_for(configured)


def test_catalog_check_checks_a_site_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_config: Path
) -> None:
    from counterapp.cli import main

    good = _site(tmp_path, NEW_ITEM)
    assert main(["catalog", "check", "--site", str(good)]) == 0
    assert f"shipped catalog + site file {good}: {len(load_catalog()) + 1} items, OK" in (
        capsys.readouterr().out
    )
    good.write_text(
        "format_version = 1\n\n" + ID_NUMBER.format(level=1, mask="id_number"), encoding="utf-8"
    )
    assert main(["catalog", "check", "--site", str(good)]) != 0
    assert f"{good}: items[0].level: person.id_number: lowers" in capsys.readouterr().err
