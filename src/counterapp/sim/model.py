"""The synthetic population's records, as each department's authoritative data holds them.

Money is kept in integer fen (1 yuan = 100 fen) so no department's rounding leaks in; each
department renders it its own way. Codes follow the national tables (gender GB/T 2261.1,
marital status GB/T 2261.2, ethnicity GB/T 3304, divisions GB/T 2260).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Person:
    """One resident as the household register (户籍) knows them, plus stale copies.

    ``mobile`` and ``residence_address`` are current (what social security holds);
    ``stale_mobile`` / ``stale_residence_address``, when set, are the outdated values that
    the household register and the housing fund still serve (a moved house, a new phone), so
    departments disagree for these people.
    """

    id_number: str
    name: str
    former_name: str | None
    gender: str  # GB/T 2261.1: "1" male, "2" female
    birth_date: date
    ethnicity: str  # GB/T 3304 two-digit code
    hukou_division: str  # GB/T 2260 county code, equals id_number[:6] for most people
    hukou_address: str
    residence_address: str
    mobile: str
    education: str  # e.g. 大学本科
    household_number: str
    relation_to_head: str  # GB/T 4761 text: 户主, 配偶, 子, 女, 父亲, 母亲 ...
    stale_mobile: str | None = None
    stale_residence_address: str | None = None
    deceased: bool = False


@dataclass(frozen=True)
class Household:
    number: str
    division: str
    address: str
    head_id: str
    member_ids: tuple[str, ...]


@dataclass(frozen=True)
class MarriageEvent:
    """A marriage or divorce registered by civil affairs, as seen by one party."""

    kind: str  # "marriage" | "divorce"
    date: date
    person_id: str
    spouse_id: str
    office: str  # e.g. 杭州市西湖区民政局婚姻登记处
    certificate_number: str  # 结婚证 / 离婚证 number, e.g. J330106-2019-001234


@dataclass(frozen=True)
class ContributionMonth:
    month: str  # "YYYY-MM"
    employer_credit_code: str
    employer_name: str
    base_fen: int  # contribution base
    pension_fen: int  # pension contribution (employer + employee)


@dataclass(frozen=True)
class SocialInsurance:
    person_id: str
    insurance_number: str  # usually equals the ID number
    card_number: str  # social security card number, 9 chars
    status: str  # 正常参保 | 暂停参保 | 终止参保
    employer_name: str | None
    employer_credit_code: str | None
    first_insured: date
    pension_enrolled: bool  # urban-rural resident pension
    contributions: tuple[ContributionMonth, ...] = ()


@dataclass(frozen=True)
class TaxYear:
    person_id: str
    year: int
    income_fen: int
    tax_fen: int
    withholding_agent: str
    withholding_agent_code: str
    arrears: bool


@dataclass(frozen=True)
class HousingFundAccount:
    person_id: str
    account_number: str
    balance_fen: int
    monthly_deposit_fen: int
    status: str  # 正常 | 封存 | 销户
    opened: date
    contribution_months: int
    employer_name: str


@dataclass(frozen=True)
class Property:
    certificate_number: str  # e.g. 浙(2019)杭州市不动产权第0123456号
    unit_number: str  # 不动产单元号, 28 characters
    address: str
    area_m2: Decimal
    use: str  # 住宅 | 商业 | 车位
    registered: date
    owner_ids: tuple[str, ...]
    share: str  # 单独所有 | 共同共有 | 按份共有


@dataclass(frozen=True)
class Business:
    credit_code: str  # GB 32100, category 92 (个体工商户)
    name: str
    kind: str  # 个体工商户
    operator_id: str
    address: str
    status: str  # 存续 | 注销 | 吊销
    established: date
    scope: str


@dataclass
class Population:
    """Everything the simulated departments serve, indexed for lookups by ID number."""

    seed: int
    people: dict[str, Person] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    marriages: dict[str, tuple[MarriageEvent, ...]] = field(default_factory=dict)
    social: dict[str, SocialInsurance] = field(default_factory=dict)
    tax: dict[str, tuple[TaxYear, ...]] = field(default_factory=dict)
    housing_fund: dict[str, HousingFundAccount] = field(default_factory=dict)
    properties: dict[str, tuple[Property, ...]] = field(default_factory=dict)  # by owner ID
    businesses: dict[str, Business] = field(default_factory=dict)  # by credit code
    businesses_by_operator: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The day the population was generated for: ages, statuses and windows are as of it.
    today: date | None = None
