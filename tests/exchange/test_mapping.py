"""Reading recorded department answers through their request specs (parser edge cases)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from counterapp.catalog.values import Record
from counterapp.exchange.connector import FieldMap, RequestSpec
from counterapp.exchange.mapping import combine_answers, parse_answer
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer
from helpers.recorded_answers import (
    CIVIL_MARRIAGE,
    FUND_ACCOUNT,
    HRSS_CONTRIBUTIONS,
    HRSS_PERSON,
    HUKOU_HOUSEHOLD,
    HUKOU_PERSON,
    REALESTATE_PROPERTIES,
    RETRIEVED_AT,
    TAX_INCOME,
    recorded,
)


def parse(spec: RequestSpec, *bodies: bytes, department: str = "dept") -> ParsedAnswer:
    return parse_answer(spec, bodies, department=department, retrieved_at=RETRIEVED_AT)


def plain(answer: ParsedAnswer) -> dict[str, object]:
    return {item: value.value for item, value in answer.values.items()}


def test_hukou_person_reads_pinyin_keys_and_keeps_a_rare_character() -> None:
    answer = parse(HUKOU_PERSON, recorded("hukou_person.json"), department="hukou")
    assert answer.status is DepartmentStatus.OK
    assert answer.problems == ()
    values = plain(answer)
    assert values["person.name"] == "王𠮷"
    assert len("𠮷") == 1 and ord("𠮷") > 0xFFFF
    assert values["person.gender"] == "1"
    assert values["person.birth_date"] == date(1990, 5, 20)
    assert "person.former_name" not in values  # null: no value, and no problem
    provenance = answer.values["person.name"].provenance
    assert (provenance.department, provenance.retrieved_at, provenance.verified) == (
        "hukou",
        RETRIEVED_AT,
        True,
    )


def test_household_members_become_a_tuple_of_records() -> None:
    answer = parse(HUKOU_HOUSEHOLD, recorded("hukou_household.json"))
    members = plain(answer)["household.members"]
    assert isinstance(members, tuple)
    assert all(isinstance(member, Record) for member in members)
    assert members[1] == {
        "id_number": "33010619920314002X",
        "name": "李娜",
        "gender": "2",
        "birth_date": date(1992, 3, 14),
        "relation": "配偶",
    }


def test_civil_xml_maps_chinese_gender_and_year_month_day_dates() -> None:
    answer = parse(CIVIL_MARRIAGE, recorded("civil_marriage.xml"))
    assert answer.status is DepartmentStatus.OK, answer.message
    values = plain(answer)
    assert values["person.gender"] == "1"
    assert values["marriage.status"] == "20"
    assert values["marriage.registration_date"] == date(2019, 5, 20)
    assert values["marriage.registration_office"] == "杭州市西湖区民政局婚姻登记处"
    assert values["marriage.history"] == (
        {
            "kind": "结婚登记",
            "date": date(2019, 5, 20),
            "spouse_name": "李娜",
            "certificate_number": "J330106-2019-001234",
        },
    )


def test_gbk_csv_takes_single_values_from_the_latest_year() -> None:
    answer = parse(TAX_INCOME, recorded("tax_income_gbk.csv"))
    assert answer.status is DepartmentStatus.OK, answer.message
    assert plain(answer) == {
        "tax.tax_year": 2024,
        "tax.annual_income": Decimal("182400.50"),
        "tax.annual_tax_paid": Decimal("6120.35"),
        "tax.withholding_agent": "杭州西湖数码科技有限公司",
        "tax.arrears": True,
    }


def test_csv_without_latest_row_by_reads_the_first_row() -> None:
    answer = parse(replace(TAX_INCOME, latest_row_by=""), recorded("tax_income_gbk.csv"))
    assert plain(answer)["tax.tax_year"] == 2022


def test_csv_rows_become_records_of_a_list_item() -> None:
    from counterapp.exchange.connector import ColumnMap

    field = FieldMap(
        "tax.history",
        "",
        columns=(ColumnMap("year", "所属年度", "int"), ColumnMap("agent", "扣缴义务人")),
    )
    answer = parse(replace(TAX_INCOME, fields=(field,)), recorded("tax_income_gbk.csv"))
    rows = plain(answer)["tax.history"]
    assert [row["year"] for row in rows] == [2022, 2024, 2023]
    assert rows[2]["agent"] == "杭州西湖数码科技有限公司，滨江分公司"


def test_gbk_body_declared_utf8_is_a_bad_response_naming_the_offset() -> None:
    answer = parse(replace(TAX_INCOME, encoding="utf-8"), recorded("tax_income_gbk.csv"))
    assert answer.status is DepartmentStatus.BAD_RESPONSE
    assert answer.message.startswith("the body is not valid utf-8 at byte offset 0")
    assert answer.values == {}


def test_fund_envelope_payload_and_fen_amounts() -> None:
    answer = parse(FUND_ACCOUNT, recorded("fund_account.json"))
    values = plain(answer)
    assert values["housing_fund.balance"] == Decimal("123456.78")
    assert str(values["housing_fund.monthly_deposit"]) == "1920.00"
    assert values["housing_fund.opened_date"] == date(2019, 8, 1)
    assert values["housing_fund.contribution_months"] == 58


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("fund_not_found.json", DepartmentStatus.NOT_FOUND, "department said: 未找到该职工账户"),
        ("fund_token_refused.json", DepartmentStatus.AUTH_FAILED, "department said: 令牌无效"),
        ("fund_server_error.json", DepartmentStatus.BAD_RESPONSE, "department said: 系统繁忙"),
    ],
)
def test_fund_envelope_errors(name: str, status: DepartmentStatus, message: str) -> None:
    answer = parse(FUND_ACCOUNT, recorded(name))
    assert answer.status is status
    assert answer.message.startswith(message)
    assert answer.values == {}


def test_envelope_with_null_data_and_no_code_is_not_found() -> None:
    answer = parse(FUND_ACCOUNT, b'{"code":0,"msg":"ok","result":null}')
    assert answer.status is DepartmentStatus.NOT_FOUND


def test_envelope_without_auth_rule_reports_the_refusal_as_an_error() -> None:
    spec = replace(FUND_ACCOUNT, envelope=replace(FUND_ACCOUNT.envelope, auth_failed_when=""))
    answer = parse(spec, recorded("fund_token_refused.json"))
    assert answer.status is DepartmentStatus.BAD_RESPONSE
    assert answer.message == "department said: 令牌无效或已失效"


def test_pages_are_concatenated_in_order() -> None:
    answer = parse(
        HRSS_CONTRIBUTIONS,
        recorded("hrss_contributions_page1.json"),
        recorded("hrss_contributions_page2.json"),
    )
    records = plain(answer)["social.contribution_records"]
    assert [r["month"] for r in records] == ["2024-06", "2024-05", "2024-04"]
    assert records[2]["pension"] == Decimal("2100.14")
    assert answer.problems == ()


def test_missing_pages_are_a_problem_not_silence() -> None:
    answer = parse(HRSS_CONTRIBUTIONS, recorded("hrss_contributions_page1.json"))
    assert answer.status is DepartmentStatus.OK
    assert answer.problems == (
        "social.contribution_records: the department announced 3 records, 2 arrived",
    )


def test_a_broken_second_page_makes_the_answer_unreadable() -> None:
    answer = parse(HRSS_CONTRIBUTIONS, recorded("hrss_contributions_page1.json"), b"{")
    assert answer.status is DepartmentStatus.BAD_RESPONSE
    assert answer.message.startswith("page 2: the body is not valid JSON")


def test_camel_case_person_with_booleans_and_iso_dates() -> None:
    values = plain(parse(HRSS_PERSON, recorded("hrss_person.json")))
    assert values["person.gender"] == "1"
    assert values["social.pension_enrolled"] is False
    assert values["social.first_insured_date"] == date(2012, 7, 1)


def test_top_level_json_list_and_a_computed_count() -> None:
    values = plain(parse(REALESTATE_PROPERTIES, recorded("realestate_properties.json")))
    assert values["realestate.property_count"] == 2
    properties = values["realestate.properties"]
    assert properties[0]["area_m2"] == Decimal("89.50")
    assert properties[1]["registered"] == date(2021, 3, 2)


def test_a_field_that_does_not_convert_is_a_problem_and_the_rest_still_count() -> None:
    body = recorded("hukou_person.json").replace(b'"19900520"', b'"19491331"')
    body = body.replace(b'"xb":"1"', b'"xb":"7"')
    answer = parse(HUKOU_PERSON, body)
    assert answer.status is DepartmentStatus.OK
    assert answer.problems == (
        "person.gender: '7' is not in the value_map",
        "person.birth_date: '19491331' does not match date:%Y%m%d",
    )
    assert "person.birth_date" not in answer.values
    assert plain(answer)["person.name"] == "王𠮷"


def test_a_bad_column_leaves_that_cell_empty_and_names_the_record() -> None:
    body = recorded("hukou_household.json").replace(b'"19920314"', b'"1992-03-14"')
    answer = parse(HUKOU_HOUSEHOLD, body)
    members = plain(answer)["household.members"]
    assert members[1]["birth_date"] is None
    assert members[1]["name"] == "李娜"
    assert answer.problems == (
        "household.members[1].birth_date: '1992-03-14' does not match date:%Y%m%d",
    )


def test_a_list_path_that_is_not_a_list_is_a_problem() -> None:
    answer = parse(HUKOU_HOUSEHOLD, b'{"hzxm":"x","cylb":{"xm":"y"}}')
    assert answer.problems == ("household.members: expected a list at 'cylb', got dict",)
    assert plain(answer) == {"household.head_name": "x"}


def test_an_object_where_a_value_belongs_is_a_problem() -> None:
    answer = parse(HUKOU_PERSON, b'{"xm":{"first":"x"},"hh":"1"}')
    assert answer.problems == ("person.name: expected a single value, got an object",)


def test_xml_path_with_several_values_is_a_problem() -> None:
    spec = replace(CIVIL_MARRIAGE, fields=(FieldMap("marriage.spouse_name", "//djrq"),))
    answer = parse(spec, recorded("civil_marriage.xml"))
    assert answer.problems == ("marriage.spouse_name: '//djrq' found 2 values, expected one",)


def test_no_body_is_a_bad_response() -> None:
    assert parse(HUKOU_PERSON).status is DepartmentStatus.BAD_RESPONSE


def test_combining_requests_keeps_the_answered_values() -> None:
    person = parse(HUKOU_PERSON, recorded("hukou_person.json"))
    missing = ParsedAnswer.not_found("查无此户")
    combined = combine_answers({"person": person, "household": missing})
    assert combined.status is DepartmentStatus.OK
    assert combined.values == person.values
    assert combined.problems == ("household: no record for this person: 查无此户",)


def test_combining_failures() -> None:
    nobody = ParsedAnswer.not_found("none")
    broken = ParsedAnswer.bad_response("broken")
    assert combine_answers({"a": nobody, "b": nobody}).status is DepartmentStatus.NOT_FOUND
    both = combine_answers({"a": nobody, "b": broken})
    assert both.status is DepartmentStatus.BAD_RESPONSE
    assert both.message == "a: none; b: broken"
    assert combine_answers({}).status is DepartmentStatus.BAD_RESPONSE
