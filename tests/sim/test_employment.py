"""Tests for counterapp.sim.employment: social insurance, tax and housing fund agree."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from counterapp.sim.identifiers import organization_code_check
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.taxes import STANDARD_DEDUCTION_FEN, annual_tax_fen
from counterapp.standards import credit_code
from counterapp.standards.divisions import SIMULATOR_COUNTIES

SIZE = 2000


@pytest.fixture(scope="module")
def pop() -> Population:
    return generate_population(people=SIZE)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _window(today: date) -> tuple[str, str]:
    last = date(today.year, today.month, 1).toordinal() - 1
    last_month = date.fromordinal(last)
    return f"{today.year - 3}-01", f"{last_month.year:04d}-{last_month.month:02d}"


def test_employers_have_valid_enterprise_credit_codes(pop: Population) -> None:
    codes = {
        (m.employer_credit_code, m.employer_name)
        for s in pop.social.values()
        for m in s.contributions
    }
    by_code = dict(codes)
    assert len(by_code) == len(codes)  # one name per code
    assert len(set(by_code.values())) == len(by_code)  # and one code per name
    for code in by_code:
        result = credit_code.validate(code)
        assert result.ok, (code, result.reason)
        assert code.startswith("91") and code[2:8] in SIMULATOR_COUNTIES
        assert organization_code_check(code[8:16]) == code[16]
    assert all(name.endswith("有限公司") for name in by_code.values())


def test_contributions_are_monthly_within_the_window(pop: Population) -> None:
    first, last = _window(pop.today)
    with_gaps = 0
    for record in pop.social.values():
        months = [m.month for m in record.contributions]
        assert months == sorted(set(months))
        if not months:
            continue
        assert first <= months[0] and months[-1] <= last
        indices = [int(m[:4]) * 12 + int(m[5:]) for m in months]
        with_gaps += any(b - a > 1 for a, b in itertools.pairwise(indices))
        for m in record.contributions:
            assert 4000_00 <= m.base_fen <= 25000_00
            assert m.pension_fen == m.base_fen * 24 // 100
    assert with_gaps >= 10  # people changing jobs leave months without contributions


def test_status_fits_age_and_employment(pop: Population) -> None:
    _first, last = _window(pop.today)
    working_age = employed = 0
    for person_id, record in pop.social.items():
        person = pop.people[person_id]
        age = _age(person.birth_date, pop.today)
        assert record.insurance_number == person_id
        assert record.first_insured <= pop.today
        if age < 18:
            assert not record.contributions and not record.pension_enrolled
        if record.pension_enrolled:
            assert record.employer_name is None and not record.contributions
        if record.status == "正常参保" and record.employer_name:
            assert record.contributions[-1].month == last
            assert record.contributions[-1].employer_credit_code == record.employer_credit_code
            assert 18 <= age < 60
        if record.status == "暂停参保":
            assert record.contributions and record.contributions[-1].month < last
        if 23 <= age < 50 and not person.deceased:
            working_age += 1
            employed += bool(record.employer_name)
    assert 0.6 <= employed / working_age <= 0.9
    statuses = {r.status for r in pop.social.values()}
    assert statuses == {"正常参保", "暂停参保", "终止参保"}
    assert any(r.pension_enrolled for r in pop.social.values())


def test_card_numbers_are_nine_characters_and_unique(pop: Population) -> None:
    cards = [r.card_number for r in pop.social.values()]
    assert all(re.fullmatch(r"[A-Z0-9]{9}", c) for c in cards)
    assert len(cards) == len(set(cards))


def test_tax_follows_the_annual_brackets_and_the_wages(pop: Population) -> None:
    years = range(pop.today.year - 3, pop.today.year)
    arrears = 0
    for person_id, records in pop.tax.items():
        assert 1 <= len(records) <= 3
        contributions = pop.social[person_id].contributions
        for record in records:
            assert record.person_id == person_id and record.year in years
            in_year = [m for m in contributions if m.month.startswith(f"{record.year}-")]
            assert in_year, "wages without contributions"
            assert record.income_fen >= sum(m.base_fen for m in in_year)
            agents = {m.employer_credit_code: m.employer_name for m in in_year}
            assert agents[record.withholding_agent_code] == record.withholding_agent
            # Deductions (own social insurance 10.5 % + fund up to 12 % of the base) lie
            # between nothing and 22.5 % of the wages.
            most = annual_tax_fen(record.income_fen - STANDARD_DEDUCTION_FEN)
            least = annual_tax_fen(
                record.income_fen - STANDARD_DEDUCTION_FEN - record.income_fen * 225 // 1000
            )
            assert least <= record.tax_fen <= most
            arrears += record.arrears
    assert arrears > 0
    assert any(r.tax_fen > 0 for rs in pop.tax.values() for r in rs)


def test_housing_fund_deposits_follow_the_base(pop: Population) -> None:
    accounts = list(pop.housing_fund.values())
    assert len({a.account_number for a in accounts}) == len(accounts)
    assert {a.status for a in accounts} == {"正常", "封存", "销户"}
    for account in accounts:
        assert re.fullmatch(r"\d{12}", account.account_number)
        social = pop.social[account.person_id]
        person = pop.people[account.person_id]
        assert account.balance_fen >= 0 and account.contribution_months >= 1
        assert account.opened >= date(person.birth_date.year + 16, 1, 1)
        if account.status == "正常":
            assert social.status == "正常参保"
            assert account.employer_name == social.employer_name
            base = social.contributions[-1].base_fen
            rates = [r for r in range(5, 13) if base * r // 100 * 2 == account.monthly_deposit_fen]
            assert rates, (base, account.monthly_deposit_fen)
        else:
            assert account.monthly_deposit_fen == 0 and social.status != "正常参保"
        if account.status == "销户":
            assert account.balance_fen == 0
    employees = [r for r in pop.social.values() if r.status == "正常参保" and r.employer_name]
    assert 0.4 <= sum(r.person_id in pop.housing_fund for r in employees) / len(employees) <= 0.85
