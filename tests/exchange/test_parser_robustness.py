"""No input makes parse_answer raise or hang: random bytes, JSON, XML-ish text and CSV.

Every answer must come back as a ParsedAnswer whose message is not the last-resort
"internal error" one (that would mean an exception escaped a parser and was only caught by
the safety net).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterapp.exchange.connector import RequestSpec
from counterapp.exchange.mapping import INTERNAL_ERROR_PREFIX, parse_answer
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer
from helpers.recorded_answers import (
    CIVIL_MARRIAGE,
    FUND_ACCOUNT,
    HRSS_CONTRIBUTIONS,
    HUKOU_HOUSEHOLD,
    HUKOU_PERSON,
    REALESTATE_PROPERTIES,
    RETRIEVED_AT,
    TAX_INCOME,
    recorded,
)

JSON_SPECS = (
    HUKOU_PERSON,
    HUKOU_HOUSEHOLD,
    FUND_ACCOUNT,
    HRSS_CONTRIBUTIONS,
    REALESTATE_PROPERTIES,
)
ALL_SPECS = (*JSON_SPECS, CIVIL_MARRIAGE, TAX_INCOME)
ROBUST = settings(
    max_examples=150,
    deadline=2000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ALLOWED = {
    DepartmentStatus.OK,
    DepartmentStatus.BAD_RESPONSE,
    DepartmentStatus.NOT_FOUND,
    DepartmentStatus.AUTH_FAILED,
}


def check(spec: RequestSpec, *bodies: bytes) -> ParsedAnswer:
    answer = parse_answer(spec, bodies, department="dept", retrieved_at=RETRIEVED_AT)
    assert isinstance(answer, ParsedAnswer)
    assert answer.status in ALLOWED
    assert not answer.message.startswith(INTERNAL_ERROR_PREFIX), answer.message
    if answer.status is not DepartmentStatus.OK:
        assert answer.values == {}
    for value in answer.values.values():
        assert isinstance(value.value, str | int | bool | Decimal | date | tuple)
    return answer


KEYS = st.sampled_from(
    ["xm", "xb", "csrq", "cylb", "code", "msg", "result", "records", "total", "balanceFen",
     "openedDate", "gmsfhm", "hzxm", "area", "certNo", "registerDate", "month", "baseAmount"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["19900520", "19491331", "1", "2", "M", "是", "8000.00", "2019/08/01"])
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(KEYS | st.text(max_size=5), children, max_size=6)
    ),
    max_leaves=30,
)


@ROBUST
@given(spec=st.sampled_from(ALL_SPECS), body=st.binary(max_size=2000))
def test_random_bytes(spec: RequestSpec, body: bytes) -> None:
    check(spec, body)


@ROBUST
@given(spec=st.sampled_from(JSON_SPECS), value=JSON_VALUES)
def test_random_json(spec: RequestSpec, value: object) -> None:
    check(spec, json.dumps(value, ensure_ascii=False).encode())


@ROBUST
@given(
    spec=st.sampled_from(JSON_SPECS),
    pages=st.lists(st.dictionaries(KEYS, JSON_VALUES, max_size=8), min_size=1, max_size=3),
)
def test_random_json_pages_with_known_keys(spec: RequestSpec, pages: list[dict]) -> None:
    check(spec, *(json.dumps(page).encode() for page in pages))


@ROBUST
@given(
    inner=st.dictionaries(KEYS, JSON_VALUES, max_size=8),
    code=st.one_of(st.integers(-1, 600), st.text(max_size=3), st.none()),
    msg=JSON_VALUES,
)
def test_random_envelopes(inner: dict, code: object, msg: object) -> None:
    body = {"code": code, "msg": msg, "result": inner}
    check(FUND_ACCOUNT, json.dumps(body).encode())


XML_TAGS = st.sampled_from(["response", "person", "xm", "xb", "djrq", "records", "record", "a"])
XML_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["男", "女", "2019年05月20日", "&amp;", "&lol;", "<![CDATA[x]]>", "<!-- c -->", "]]>"]
)


@st.composite
def xmlish(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(XML_TAGS)
    if depth > 3 or draw(st.booleans()):
        body = draw(XML_TEXT)
    else:
        body = "".join(draw(st.lists(xmlish(depth + 1), max_size=4)))
    attributes = draw(st.sampled_from(["", ' code="0"', ' xmlns="urn:x"', " bad"]))
    closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</other>"]))
    return f"<{tag}{attributes}>{body}{closing}"


@ROBUST
@given(
    text=xmlish(),
    prolog=st.sampled_from(["", '<?xml version="1.0" encoding="GBK"?>', "<!DOCTYPE r>", "\ufeff"]),
)
def test_random_xmlish_text(text: str, prolog: str) -> None:
    check(CIVIL_MARRIAGE, (prolog + text).encode())


CSV_CELLS = st.text(max_size=10) | st.sampled_from(["所属年度", "收入额", "2024", "是", "1.5"])


@ROBUST
@given(
    header=st.lists(CSV_CELLS | st.sampled_from(["所属年度", "收入额", "是否欠税"]), max_size=6),
    rows=st.lists(st.lists(CSV_CELLS, max_size=7), max_size=6),
    latest=st.sampled_from(["", "所属年度", "收入额"]),
)
def test_random_csv(header: list[str], rows: list[list[str]], latest: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    body = buffer.getvalue().encode("gbk", errors="ignore")
    check(replace(TAX_INCOME, latest_row_by=latest), body)


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: f"{s.format.value}-{s.name}")
@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,
        b'{"a":' * 100_000,
        b"<a>" * 100_000,
        b'{"xm": ' + b"9" * 100_000 + b"}",
        b'{"balanceFen": NaN, "csrq": Infinity, "area": -Infinity}',
        b'{"code": 0, "result": {"balanceFen": 1e999999999, "paidMonths": 1e999999999}}',
        b"\xef\xbb\xbf" + recorded("hukou_person.json"),
        b"\xff\xfe" + "{}".encode("utf-16-le"),
        b"\x00" * 1000,
        recorded("civil_marriage.xml").replace(b"<response>", b"<!DOCTYPE r><response>"),
    ],
    ids=lambda b: repr(b[:12]),
)
def test_hostile_bodies(spec: RequestSpec, body: bytes) -> None:
    check(spec, body)


def test_bom_is_tolerated() -> None:
    answer = check(HUKOU_PERSON, b"\xef\xbb\xbf" + recorded("hukou_person.json"))
    assert answer.status is DepartmentStatus.OK
    assert answer.values["person.name"].value == "王𠮷"


def test_huge_fen_amounts_are_field_problems() -> None:
    body = b'{"code":0,"msg":"","result":{"balanceFen":1e999999999,"paidMonths":' + b"9" * 5000
    answer = check(FUND_ACCOUNT, body + b"}}")
    assert answer.status is DepartmentStatus.OK
    assert [p.split(":")[0] for p in answer.problems] == [
        "housing_fund.balance",
        "housing_fund.contribution_months",
    ]


def test_billion_laughs_does_not_expand() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
        )
        + b"]><response><person><xm>&j;</xm></person></response>"
    )
    answer = check(CIVIL_MARRIAGE, bomb)
    assert answer.status is DepartmentStatus.BAD_RESPONSE
    assert "refused" in answer.message


RECORDED_PAIRS = (
    (HUKOU_PERSON, "hukou_person.json"),
    (HUKOU_HOUSEHOLD, "hukou_household.json"),
    (CIVIL_MARRIAGE, "civil_marriage.xml"),
    (TAX_INCOME, "tax_income_gbk.csv"),
    (FUND_ACCOUNT, "fund_account.json"),
    (HRSS_CONTRIBUTIONS, "hrss_contributions_page1.json"),
    (REALESTATE_PROPERTIES, "realestate_properties.json"),
)


@ROBUST
@given(
    pair=st.sampled_from(RECORDED_PAIRS),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(max_size=3)), max_size=4),
    cut=st.floats(0.2, 1),
)
def test_mutated_recorded_answers(
    pair: tuple[RequestSpec, str], edits: list[tuple[float, bytes]], cut: float
) -> None:
    spec, name = pair
    body = bytearray(recorded(name))
    for where, replacement in edits:
        at = int(where * len(body))
        body[at : at + len(replacement)] = replacement
    check(spec, bytes(body[: int(len(body) * cut)]))
