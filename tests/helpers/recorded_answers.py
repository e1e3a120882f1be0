"""Recorded department answers (tests/exchange/recorded/) and the request specs that read them.

The specs mirror the connector files for the simulated departments; they are built here
in Python so a test can vary one detail with ``dataclasses.replace``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from counterapp.exchange.connector import (
    ColumnMap,
    Envelope,
    FieldMap,
    Pagination,
    RequestSpec,
    ResponseFormat,
)

RECORDED = Path(__file__).resolve().parent.parent / "exchange" / "recorded"
RETRIEVED_AT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def recorded(name: str) -> bytes:
    """The bytes of one recorded answer."""
    return (RECORDED / name).read_bytes()


HUKOU_PERSON = RequestSpec(
    name="person",
    method="GET",
    path="/api/v1/persons/{id_number}",
    format=ResponseFormat.JSON,
    fields=(
        FieldMap("person.id_number", "gmsfhm"),
        FieldMap("person.name", "xm"),
        FieldMap("person.former_name", "cym"),
        FieldMap("person.gender", "xb", value_map=(("1", "1"), ("2", "2"), ("9", "9"))),
        FieldMap("person.birth_date", "csrq", convert="date:%Y%m%d"),
        FieldMap("person.ethnicity", "mz"),
        FieldMap("person.hukou_division", "hjqh"),
        FieldMap("person.hukou_address", "hjdz"),
        FieldMap("person.residence_address", "jzdz"),
        FieldMap("person.mobile", "lxdh"),
        FieldMap("person.education", "whcd"),
        FieldMap("household.number", "hh"),
        FieldMap("household.relation_to_head", "yhzgx"),
    ),
)

HUKOU_HOUSEHOLD = RequestSpec(
    name="household",
    method="GET",
    path="/api/v1/persons/{id_number}/household",
    format=ResponseFormat.JSON,
    fields=(
        FieldMap("household.head_name", "hzxm"),
        FieldMap("household.head_id_number", "hzgmsfhm"),
        FieldMap(
            "household.members",
            "cylb",
            columns=(
                ColumnMap("id_number", "gmsfhm"),
                ColumnMap("name", "xm"),
                ColumnMap("gender", "xb", value_map=(("1", "1"), ("2", "2"))),
                ColumnMap("birth_date", "csrq", convert="date:%Y%m%d"),
                ColumnMap("relation", "yhzgx"),
            ),
        ),
    ),
)

CIVIL_MARRIAGE = RequestSpec(
    name="marriage",
    method="GET",
    path="/hyjk/v1/hydj",
    query=(("sfzjhm", "{id_number}"),),
    format=ResponseFormat.XML,
    fields=(
        FieldMap("person.gender", "person/xb", value_map=(("男", "1"), ("女", "2"))),
        FieldMap("marriage.status", "person/hyzkdm"),
        FieldMap("marriage.spouse_name", "person/poxm"),
        FieldMap("marriage.spouse_id_number", "person/posfzjhm"),
        FieldMap("marriage.registration_date", "person/djrq", convert="date:%Y年%m月%d日"),
        FieldMap("marriage.registration_office", "/response/person/djjg"),
        FieldMap("marriage.certificate_number", "person/zsbh"),
        FieldMap(
            "marriage.history",
            "records/record",
            columns=(
                ColumnMap("kind", "ywlx"),
                ColumnMap("date", "djrq", convert="date:%Y年%m月%d日"),
                ColumnMap("spouse_name", "dfxm"),
                ColumnMap("certificate_number", "zsbh"),
            ),
        ),
    ),
)

HRSS_CONTRIBUTIONS = RequestSpec(
    name="contributions",
    method="GET",
    path="/api/v1/insured-persons/{id_number}/contributions",
    format=ResponseFormat.JSON,
    pagination=Pagination(size=2),
    fields=(
        FieldMap(
            "social.contribution_records",
            "records",
            columns=(
                ColumnMap("month", "month"),
                ColumnMap("employer_name", "employerName"),
                ColumnMap("base", "baseAmount", convert="decimal"),
                ColumnMap("pension", "pensionAmount", convert="decimal"),
            ),
        ),
    ),
)

HRSS_PERSON = RequestSpec(
    name="person",
    method="GET",
    path="/api/v1/insured-persons/{id_number}",
    format=ResponseFormat.JSON,
    fields=(
        FieldMap("person.gender", "gender", value_map=(("M", "1"), ("F", "2"))),
        FieldMap("person.birth_date", "birthDate", convert="date:%Y-%m-%d"),
        FieldMap("person.mobile", "mobile"),
        FieldMap("person.residence_address", "residenceAddress"),
        FieldMap("social.insurance_number", "insuranceNumber"),
        FieldMap("social.insured_status", "insuredStatus"),
        FieldMap("social.contribution_months", "contributionMonths", convert="int"),
        FieldMap("social.pension_enrolled", "pensionEnrolled", convert="bool"),
        FieldMap("social.first_insured_date", "firstInsuredDate", convert="date:%Y-%m-%d"),
    ),
)

TAX_INCOME = RequestSpec(
    name="income",
    method="GET",
    path="/api/v1/nsr/ndsr",
    query=(("nsrsbh", "{id_number}"),),
    format=ResponseFormat.CSV,
    encoding="gbk",
    latest_row_by="所属年度",
    fields=(
        FieldMap("tax.tax_year", "所属年度", convert="int"),
        FieldMap("tax.annual_income", "收入额", convert="decimal"),
        FieldMap("tax.annual_tax_paid", "已缴税额", convert="decimal"),
        FieldMap("tax.withholding_agent", "扣缴义务人"),
        FieldMap("tax.arrears", "是否欠税", convert="bool"),
    ),
)

FUND_ACCOUNT = RequestSpec(
    name="account",
    method="GET",
    path="/gjj/api/v1/account",
    query=(("zjhm", "{id_number}"),),
    format=ResponseFormat.JSON,
    envelope=Envelope(
        error_when="code != `0`",
        not_found_when="code == `404`",
        auth_failed_when="code == `401`",
        message="msg",
        data="result",
    ),
    fields=(
        FieldMap("housing_fund.account_number", "accountNo"),
        FieldMap("housing_fund.balance", "balanceFen", convert="fen_to_yuan"),
        FieldMap("housing_fund.monthly_deposit", "monthlyDepositFen", convert="fen_to_yuan"),
        FieldMap("housing_fund.account_status", "accountStatus"),
        FieldMap("housing_fund.contribution_months", "paidMonths", convert="int"),
        FieldMap("housing_fund.opened_date", "openedDate", convert="date:%Y/%m/%d"),
        FieldMap("person.mobile", "mobile"),
    ),
)

REALESTATE_PROPERTIES = RequestSpec(
    name="properties",
    method="GET",
    path="/bdc/api/v2/owners/{id_number}/properties",
    format=ResponseFormat.JSON,
    fields=(
        FieldMap("realestate.property_count", "length(@)"),
        FieldMap(
            "realestate.properties",
            "@",
            columns=(
                ColumnMap("certificate_number", "certNo"),
                ColumnMap("address", "location"),
                ColumnMap("area_m2", "area", convert="decimal"),
                ColumnMap("use", "usage"),
                ColumnMap("registered", "registerDate", convert="date:%Y-%m-%d"),
            ),
        ),
    ),
)
