"""Tests for counterapp.catalog.masking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.catalog import MaskPolicy, MaskRule, load_catalog, mask, mask_item
from counterapp.catalog.masking import (
    AMOUNT_MASK,
    FIXED_MASK,
    FULL_MASK,
    administrative_prefix,
    graphemes,
)
from counterapp.catalog.model import Catalog

RARE = "\U0002c317"  # 𬌗, outside the BMP
IVS = "\U000e0100"  # an ideographic variation selector

SENSITIVE_RULES = [rule for rule in MaskRule if rule is not MaskRule.NONE]
no_star_text = st.text(st.characters(exclude_characters="*"), min_size=1)
policies = st.builds(
    MaskPolicy,
    *(st.integers(min_value=0, max_value=12) for _ in range(5)),
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (MaskRule.NAME, "张三丰", "张**"),
        (MaskRule.NAME, "张三", "张*"),
        (MaskRule.NAME, "欧阳娜娜", "欧阳**"),
        (MaskRule.NAME, "诸葛亮", "诸葛*"),
        (MaskRule.NAME, "司马", "司*"),  # two characters: 司 + 马, not a bare compound surname
        (MaskRule.NAME, "张", "*"),
        (MaskRule.NAME, " 李四 ", "李*"),
        (MaskRule.NAME, f"王{RARE}明", "王**"),
        (MaskRule.NAME, f"{RARE}明", f"{RARE}*"),
        (MaskRule.NAME, f"葛{IVS}洪", f"葛{IVS}*"),
        (MaskRule.NAME, "Jose\u0301 Li", "J******"),
        (MaskRule.ID_NUMBER, "11010519491231002X", "110105********002X"),
        (MaskRule.ID_NUMBER, "370802940221002", "370802*****1002"),
        (MaskRule.ID_NUMBER, "1101051949", "**********"),
        (MaskRule.PHONE, "13812341234", "138****1234"),
        (MaskRule.PHONE, "138 1234-1234", "138****1234"),
        (MaskRule.PHONE, "1381234", "*******"),
        (MaskRule.ADDRESS, "浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区****"),
        (MaskRule.ADDRESS, "北京市朝阳区建国路1号", "北京市朝阳区****"),
        (MaskRule.ADDRESS, "广西壮族自治区南宁市青秀区民族大道", "广西壮族自治区南宁市青秀区****"),
        (MaskRule.ADDRESS, "黑龙江省大兴安岭地区漠河市北极村", "黑龙江省大兴安岭地区漠河市****"),
        (MaskRule.ADDRESS, "山东省济南市市中区经十路", "山东省济南市市中区****"),
        (MaskRule.ADDRESS, "上海市浦东新区张江路", "上海市浦东新区****"),
        (MaskRule.ADDRESS, "文三路90号", "****"),
        (MaskRule.ACCOUNT, "6222021234567891234", "****1234"),
        (MaskRule.ACCOUNT, "J110105-2010-001234", "****1234"),
        (MaskRule.ACCOUNT, "1234", "****"),
        (MaskRule.AMOUNT, Decimal("123456.78"), AMOUNT_MASK),
        (MaskRule.AMOUNT, "0.01", "****.** 元"),
        (MaskRule.DATE, "1990-05-17", "1990-**-**"),
        (MaskRule.DATE, dt.date(1949, 12, 31), "1949-**-**"),
        (MaskRule.DATE, "19900517", "1990-**-**"),
        (MaskRule.DATE, "1990年5月17日", "1990-**-**"),
        (MaskRule.DATE, "17/05/1990", "****-**-**"),
        (MaskRule.FULL, "已婚", FULL_MASK),
        (MaskRule.FULL, 240, FULL_MASK),
        (MaskRule.NONE, "男", "男"),
        (MaskRule.NONE, 12, "12"),
    ],
)
def test_examples(rule: MaskRule, value: object, expected: str) -> None:
    assert mask(value, rule) == expected


@pytest.mark.parametrize("rule", list(MaskRule))
@pytest.mark.parametrize("value", [None, "", "   "])
def test_absent_values_mask_to_nothing(rule: MaskRule, value: object) -> None:
    assert mask(value, rule) == ""


def test_policy_changes_what_is_kept() -> None:
    policy = MaskPolicy(id_keep_head=3, id_keep_tail=4, phone_keep_tail=2, account_keep_tail=6)
    assert mask("11010519491231002X", MaskRule.ID_NUMBER, policy) == "110***********002X"
    assert mask("13812341234", MaskRule.PHONE, policy) == "138******34"
    assert mask("6222021234567891234", MaskRule.ACCOUNT, policy) == "****891234"
    nothing = MaskPolicy(0, 0, 0, 0, 0)
    assert mask("11010519491231002X", MaskRule.ID_NUMBER, nothing) == "*" * 18
    assert mask("6222021234567891234", MaskRule.ACCOUNT, nothing) == FIXED_MASK


@pytest.mark.parametrize("bad", [-1, 1.5, True, "6"])
def test_policy_rejects_bad_lengths(bad: object) -> None:
    with pytest.raises(ValueError, match="id_keep_head"):
        MaskPolicy(id_keep_head=bad)  # type: ignore[arg-type]


def test_unknown_rule_masks_everything() -> None:
    assert mask("张三", "blur") == FULL_MASK  # type: ignore[arg-type]
    assert mask("张三", ["name"]) == FULL_MASK  # type: ignore[arg-type]


def test_value_whose_str_fails_is_masked() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert mask(Broken(), MaskRule.NONE) == FULL_MASK


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        (f"王{RARE}明", ["王", RARE, "明"]),
        ("e\u0301a", ["e\u0301", "a"]),
        (f"葛{IVS}洪", [f"葛{IVS}", "洪"]),
        (
            "\U0001f468\u200d\U0001f469\u200d\U0001f467",
            ["\U0001f468\u200d\U0001f469\u200d\U0001f467"],
        ),
        (
            "\U0001f1e8\U0001f1f3\U0001f1ed\U0001f1f0",
            ["\U0001f1e8\U0001f1f3", "\U0001f1ed\U0001f1f0"],
        ),
        ("", []),
    ],
)
def test_graphemes(text: str, clusters: list[str]) -> None:
    assert graphemes(text) == clusters


def test_administrative_prefix_without_province() -> None:
    assert administrative_prefix("杭州市西湖区文三路") == "杭州市西湖区"
    assert administrative_prefix("西湖区文三路") == "西湖区"
    assert administrative_prefix("") == ""


# --------------------------------------------------------------------------------- lists


def test_mask_item_masks_each_column_by_its_rule(catalog: Catalog) -> None:
    members = [
        {
            "id_number": "11010519491231002X",
            "name": "欧阳娜娜",
            "relation": "户主",
            "gender": "2",
            "birth_date": dt.date(1949, 12, 31),
            "secret": "x",
        },
        {"name": "张三"},
        "not a record",
    ]
    assert mask_item(catalog.item("household.members"), members) == [
        {
            "id_number": "110105********002X",
            "name": "欧阳**",
            "relation": "户主",
            "gender": "2",
            "birth_date": "1949-**-**",
        },
        {"id_number": "", "name": "张*", "relation": "", "gender": "", "birth_date": ""},
        dict.fromkeys(("id_number", "name", "relation", "gender", "birth_date"), FULL_MASK),
    ]


def test_mask_item_properties(catalog: Catalog) -> None:
    rows = [
        {
            "certificate_number": "浙(2020)杭州市不动产权第0012345号",
            "address": "浙江省杭州市西湖区文三路90号",
            "area_m2": Decimal("89.50"),
            "use": "住宅",
            "registered_date": "2020-06-01",
            "share": "单独所有",
        }
    ]
    masked = mask_item(catalog.item("realestate.properties"), rows)
    assert masked == [
        {
            "certificate_number": "****345号",
            "address": "浙江省杭州市西湖区****",
            "area_m2": "89.50",
            "use": "住宅",
            "registered_date": "2020-06-01",
            "share": "单独所有",
        }
    ]


def test_mask_item_scalars_and_odd_list_values(catalog: Catalog) -> None:
    assert mask_item(catalog.item("person.name"), "张三丰") == "张**"
    assert mask_item(catalog.item("housing_fund.balance"), Decimal("1.00")) == AMOUNT_MASK
    members = catalog.item("household.members")
    assert mask_item(members, None) == []
    assert mask_item(members, ()) == []
    assert mask_item(members, "张三丰") == FULL_MASK
    assert mask_item(members, {"name": "张三丰"}) == FULL_MASK


# ------------------------------------------------------------------------------ properties

any_value = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.dates(),
    st.booleans(),
    st.binary(),
    st.lists(st.text(), max_size=3),
)


@given(value=any_value, rule=st.sampled_from(MaskRule), policy=policies)
def test_mask_never_raises(value: object, rule: MaskRule, policy: MaskPolicy) -> None:
    assert isinstance(mask(value, rule, policy), str)


@given(value=no_star_text, rule=st.sampled_from(SENSITIVE_RULES), policy=policies)
def test_sensitive_rules_never_return_the_input(
    value: str, rule: MaskRule, policy: MaskPolicy
) -> None:
    result = mask(value, rule, policy)
    if value.strip():
        assert result != value
        assert "*" in result


@given(
    value=st.text(st.sampled_from("0123456789X"), min_size=1, max_size=30),
    head=st.integers(0, 10),
    tail=st.integers(0, 10),
)
def test_masked_id_keeps_exactly_head_and_tail(value: str, head: int, tail: int) -> None:
    result = mask(value, MaskRule.ID_NUMBER, MaskPolicy(id_keep_head=head, id_keep_tail=tail))
    n = len(value)
    assert len(result) == n
    if n <= head + tail:
        assert result == "*" * n
    else:
        assert result[:head] == value[:head]
        assert result[n - tail :] == value[n - tail :]
        assert result[head : n - tail] == "*" * (n - head - tail)


@given(value=no_star_text)
def test_name_keeps_only_whole_leading_characters(value: str) -> None:
    chars = graphemes(value.strip())
    result = mask(value, MaskRule.NAME)
    kept = len(chars) - result.count("*")
    assert kept in (0, 1, 2)
    assert result == "".join(chars[:kept]) + "*" * (len(chars) - kept)


@given(value=no_star_text)
def test_address_keeps_a_prefix_and_a_fixed_mask(value: str) -> None:
    result = mask(value, MaskRule.ADDRESS)
    if value.strip():
        assert result.endswith(FIXED_MASK)
        assert value.strip().startswith(result[: -len(FIXED_MASK)])


@given(value=no_star_text)
def test_account_mask_has_fixed_width(value: str) -> None:
    result = mask(value, MaskRule.ACCOUNT)
    chars = graphemes(value.strip())
    if len(chars) > 4:
        assert result == FIXED_MASK + "".join(chars[-4:])
    elif chars:
        assert result == FIXED_MASK
