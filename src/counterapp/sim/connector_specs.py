"""The simulated departments' connectors, declared with the exchange's own model.

Each department is a :class:`counterapp.exchange.connector.Connector` (the dataclasses
``connector_loader`` builds from a file), rendered to TOML by :mod:`counterapp.sim.connectors`.
As declared they are the shipped demo connectors: ``counterapp sim``'s default loopback ports
and TLS files under ``{data_dir}/sim/tls``. Field maps name catalog items; non-authoritative
copies (the household register's phone, the fund's address) are mapped on purpose so Counter
sees the conflicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counterapp.exchange.connector import (
    AuthScheme,
    AuthSettings,
    ColumnMap,
    Connector,
    Envelope,
    FieldMap,
    HttpSettings,
    Pagination,
    RequestSpec,
    ResponseFormat,
    TlsSettings,
)
from counterapp.exchange.connector_loader import DATA_DIR_PLACEHOLDER
from counterapp.sim.credentials import DEMO_CLIENT_ID, KEYRING_SERVICE_PREFIX
from counterapp.sim.departments import DEPARTMENT_CLASSES
from counterapp.sim.departments.civil import API_KEY_HEADER as CIVIL_KEY_HEADER
from counterapp.sim.departments.fund import TOKEN_HEADER as FUND_TOKEN_HEADER
from counterapp.sim.departments.hrss import SCOPE as HRSS_SCOPE
from counterapp.sim.departments.hrss import TOKEN_PATH as HRSS_TOKEN_PATH
from counterapp.sim.departments.realestate import API_KEY_HEADER as REALESTATE_KEY_HEADER
from counterapp.sim.server import DEFAULT_BASE_PORT
from counterapp.sim.tls import TlsPaths

ISO_DATE = "date:%Y-%m-%d"
# Where ``counterapp sim`` keeps its CA and client certificate by default.
DEMO_TLS_PATHS = TlsPaths.in_directory(Path(DATA_DIR_PLACEHOLDER) / "sim")

_GENDER_DIGITS = (("1", "1"), ("2", "2"))
_YMD = "date:%Y%m%d"
_CHINESE_DATE = "date:%Y年%m月%d日"
_JSON, _XML, _CSV = ResponseFormat.JSON, ResponseFormat.XML, ResponseFormat.CSV


def tls_settings(paths: TlsPaths) -> TlsSettings:
    """The ``[tls]`` of a connector to the simulator: trust its CA, present its client cert."""
    return TlsSettings(
        ca_bundle=paths.ca_cert, client_cert=paths.client_cert, client_key=paths.client_key
    )


def _connector(
    department: str, auth: AuthSettings, *requests: RequestSpec, read_timeout_s: float = 5.0
) -> Connector:
    """A department's connector at ``counterapp sim``'s default port on loopback."""
    index, cls = next((n, c) for n, c in enumerate(DEPARTMENT_CLASSES) if c.id == department)
    scheme = "https" if cls.uses_tls else "http"
    return Connector(
        cls.id,
        cls.name_zh,
        cls.name_en,
        http=HttpSettings(
            f"{scheme}://127.0.0.1:{DEFAULT_BASE_PORT + 1 + index}", read_timeout_s=read_timeout_s
        ),
        tls=tls_settings(DEMO_TLS_PATHS) if cls.uses_tls else TlsSettings(),
        auth=auth,
        requests=requests,
    )


def _secret_auth(department: str, scheme: AuthScheme, **settings: str) -> AuthSettings:
    """Auth whose secret is in the demo keyring entry ``counterapp/<department>``."""
    entry = f"{KEYRING_SERVICE_PREFIX}{department}"
    return AuthSettings(scheme, entry, DEMO_CLIENT_ID, **settings)


def _get(
    name: str, path: str, fmt: ResponseFormat, *fields: FieldMap, **options: Any
) -> RequestSpec:
    """A GET request; ``options`` are the other :class:`RequestSpec` attributes."""
    return RequestSpec(name, "GET", path, fmt, fields=fields, **options)


def _list(item: str, path: str, *columns: ColumnMap) -> FieldMap:
    """A list item: one record per element at ``path``."""
    return FieldMap(item, path, columns=columns)


def _f(item: str, path: str, convert: str = "") -> FieldMap:
    return FieldMap(item, path, convert)


def _c(name: str, path: str, convert: str = "") -> ColumnMap:
    return ColumnMap(name, path, convert)


# Errors the departments report inside an HTTP 200 body (a backend failing "politely").
HUKOU_ERRORS = Envelope(error_when="cwdm", message="cwxx")  # 错误代码 / 错误信息

HUKOU = _connector(
    "hukou",
    _secret_auth("hukou", AuthScheme.HMAC),
    _get(
        "person",
        "/api/v1/persons/{id_number}",
        _JSON,
        _f("person.id_number", "gmsfhm"),
        _f("person.name", "xm"),
        _f("person.former_name", "cym"),
        FieldMap("person.gender", "xb", value_map=_GENDER_DIGITS),
        _f("person.birth_date", "csrq", _YMD),
        _f("person.ethnicity", "mz"),
        _f("person.hukou_division", "hjqh"),
        _f("person.hukou_address", "hjdz"),
        _f("person.residence_address", "jzdz"),
        _f("person.mobile", "lxdh"),
        _f("person.education", "whcd"),
        _f("household.number", "hh"),
        _f("household.relation_to_head", "yhzgx"),
        envelope=HUKOU_ERRORS,
    ),
    _get(
        "household",
        "/api/v1/persons/{id_number}/household",
        _JSON,
        _f("household.head_name", "hzxm"),
        _f("household.head_id_number", "hzgmsfhm"),
        _list(
            "household.members",
            "cylb",
            _c("id_number", "gmsfhm"),
            _c("name", "xm"),
            _c("relation", "yhzgx"),
            ColumnMap("gender", "xb", value_map=_GENDER_DIGITS),
            _c("birth_date", "csrq", _YMD),
        ),
        envelope=HUKOU_ERRORS,
    ),
)

CIVIL = _connector(
    "civil",
    _secret_auth("civil", AuthScheme.API_KEY, header=CIVIL_KEY_HEADER),
    _get(
        "marriage",
        "/hyjk/v1/hydj",
        _XML,
        _f("marriage.status", "person/hyzkdm"),
        _f("marriage.spouse_name", "person/poxm"),
        _f("marriage.spouse_id_number", "person/posfzjhm"),
        _f("marriage.registration_date", "person/djrq", _CHINESE_DATE),
        _f("marriage.registration_office", "person/djjg"),
        _f("marriage.certificate_number", "person/zsbh"),
        _list(
            "marriage.history",
            "records/record",
            _c("event", "ywlx"),
            _c("date", "djrq", _CHINESE_DATE),
            _c("spouse_name", "dfxm"),
            _c("office", "djjg"),
        ),
        query=(("sfzjhm", "{id_number}"),),
        envelope=Envelope(error_when="code != '0'", message="message"),
    ),
)

HRSS = _connector(
    "hrss",
    _secret_auth("hrss", AuthScheme.OAUTH2, token_url=HRSS_TOKEN_PATH, scope=HRSS_SCOPE),
    _get(
        "insured_person",
        "/api/v1/insured-persons/{id_number}",
        _JSON,
        _f("social.insurance_number", "insuranceNumber"),
        _f("social.card_number", "cardNumber"),
        _f("social.insured_status", "insuredStatus"),
        _f("social.employer_name", "employerName"),
        _f("social.employer_credit_code", "employerCreditCode"),
        _f("social.first_insured_date", "firstInsuredDate", ISO_DATE),
        _f("social.pension_enrolled", "pensionEnrolled", "bool"),
        _f("social.contribution_months", "contributionMonths", "int"),
        _f("person.mobile", "mobile"),
        _f("person.residence_address", "residenceAddress"),
        envelope=Envelope(error_when="error", message="message"),
    ),
    _get(
        "contributions",
        "/api/v1/insured-persons/{id_number}/contributions",
        _JSON,
        _list(
            "social.contribution_records",
            "records",
            _c("month", "month"),
            _c("employer_name", "employerName"),
            _c("base_amount", "baseAmount", "decimal"),
            _c("pension_amount", "pensionAmount", "decimal"),
        ),
        pagination=Pagination("page", "size", 50, "records", "total"),
        envelope=Envelope(error_when="error", message="message"),
    ),
)

TAX = _connector(
    "tax",
    AuthSettings(AuthScheme.CLIENT_CERT),
    _get(
        "annual_income",
        "/api/v1/nsr/ndsr",
        _CSV,
        _f("tax.tax_year", "所属年度", "int"),
        _f("tax.annual_income", "收入额", "decimal"),
        _f("tax.annual_tax_paid", "已缴税额", "decimal"),
        _f("tax.withholding_agent", "扣缴义务人"),
        _f("tax.arrears", "是否欠税", "bool"),
        encoding="gbk",
        query=(("nsrsbh", "{id_number}"),),
        latest_row_by="所属年度",  # one row per year; single values from the latest
    ),
)

FUND = _connector(
    "fund",
    _secret_auth("fund", AuthScheme.API_KEY, header=FUND_TOKEN_HEADER),
    _get(
        "account",
        "/gjj/api/v1/account",
        _JSON,
        _f("housing_fund.account_number", "accountNo"),
        _f("housing_fund.balance", "balanceFen", "fen_to_yuan"),
        _f("housing_fund.monthly_deposit", "monthlyDepositFen", "fen_to_yuan"),
        _f("housing_fund.account_status", "accountStatus"),
        _f("housing_fund.contribution_months", "paidMonths", "int"),
        _f("housing_fund.employer_name", "employerName"),
        _f("housing_fund.opened_date", "openedDate", "date:%Y/%m/%d"),
        _f("person.mobile", "mobile"),
        _f("person.residence_address", "address"),
        query=(("zjhm", "{id_number}"),),
        not_found_status=(),  # HTTP 200 always; an HTTP 404 is a wrong URL
        envelope=Envelope(
            error_when="code != `0`",
            not_found_when="code == `404`",
            message="msg",
            data="result",
            auth_failed_when="code == `401`",  # a refused token, inside HTTP 200
        ),
    ),
)

REALESTATE = _connector(
    "realestate",
    _secret_auth("realestate", AuthScheme.API_KEY, header=REALESTATE_KEY_HEADER),
    _get(
        "properties",
        "/bdc/api/v2/owners/{id_number}/properties",
        _JSON,
        _list(
            "realestate.properties",
            "@",
            _c("certificate_number", "certNo"),
            _c("address", "location"),
            _c("area_m2", "area", "decimal"),
            _c("use", "usage"),
            _c("registered_date", "registerDate", ISO_DATE),
            _c("share", "shareType"),
        ),
        _f("realestate.property_count", "length(@)", "int"),
        envelope=Envelope(
            error_when="type(@) == 'object' && success == `false`", message="errorMsg"
        ),
    ),
    read_timeout_s=8.0,
)

MARKET = _connector(
    "market",
    AuthSettings(AuthScheme.NONE),
    _get(
        "businesses_by_operator",
        "/api/enterprises",
        _JSON,
        _list(
            "business.list",
            "items",
            _c("credit_code", "uniscid"),
            _c("name", "entname"),
            _c("status", "regstate"),
            _c("established_date", "estdate", ISO_DATE),
        ),
        _f("business.credit_code", "items[0].uniscid"),
        _f("business.name", "items[0].entname"),
        _f("business.type", "items[0].enttype"),
        _f("business.operator_name", "items[0].name"),
        _f("business.operator_id_number", "items[0].cerno"),
        _f("business.registered_address", "items[0].dom"),
        _f("business.status", "items[0].regstate"),
        _f("business.established_date", "items[0].estdate", ISO_DATE),
        _f("business.scope", "items[0].opscope"),
        query=(("cerno", "{id_number}"),),
        envelope=Envelope(error_when="status == 'error'", message="message"),
    ),
)

# In department (port) order, like DEPARTMENT_CLASSES.
SIM_CONNECTORS: tuple[Connector, ...] = (HUKOU, CIVIL, HRSS, TAX, FUND, REALESTATE, MARKET)

# Comment lines at the top of each department's file, for the people who read it.
CONNECTOR_COMMENTS: dict[str, tuple[str, ...]] = {
    "civil": ("XPath paths are relative to the root element <response>.",),
    "tax": ("One CSV row per tax year: single values come from the latest year's row.",),
    "fund": (
        "HTTP 200 always; field paths are relative to the envelope's data (result).",
        "A refused token is code 401 inside the body (auth_failed_when).",
    ),
    "realestate": ("The register is slow (up to ~2 s per request).",),
    "market": ("Scalar business.* items describe the person's first business.",),
}
