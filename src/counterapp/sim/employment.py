"""Jobs, social insurance, income tax and housing fund of the synthetic population.

Working-age adults mostly have an employer; a job history over the last years (with gaps
between jobs for some) drives the month-by-month pension contributions, the yearly wages
the tax bureau knows, and the housing fund deposits, so the three departments agree with
each other the way real ones do. Those without a job are enrolled in the urban-rural
resident pension; retirees and children have their own kinds of records.

Contribution details cover the months from January three years before "today" to the last
completed month, the window the simulated departments serve; ``first_insured`` and the
housing fund's month count reach further back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from counterapp.sim.addresses import County, city_short_name
from counterapp.sim.households import PeopleFactory, PersonDraft
from counterapp.sim.identifiers import IdentifierRegistry
from counterapp.sim.model import (
    ContributionMonth,
    HousingFundAccount,
    SocialInsurance,
    TaxYear,
)
from counterapp.sim.taxes import EMPLOYEE_SOCIAL_PER_MILLE, annual_tax_fen, taxable_income_fen

# Contribution base floor and ceiling in yuan, by the year each band starts (1 July).
_BASE_BANDS = {2022: (4000, 21000), 2023: (4200, 22000), 2024: (4400, 23000),
               2025: (4600, 24000), 2026: (4800, 25000)}  # fmt: skip
# Wages start at the highest floor, so a declared base never exceeds the wage.
_MIN_WAGE_FEN = max(floor for floor, _ in _BASE_BANDS.values()) * 100
_MEDIAN_WAGE = {"研究生": 13000, "大学本科": 9500, "大学专科": 7000, "中等专科": 6000,
                "高中": 5500, "初中": 4800, "小学": 4300, "文盲或半文盲": 4000}  # fmt: skip
_WORK_START_AGE = {"研究生": 25, "大学本科": 22, "大学专科": 21}
_BRANDS = (
    "恒信", "华创", "金瑞", "博远", "天成", "鼎盛", "宏达", "新元", "东方", "瑞丰", "汇通",
    "中睿", "启明", "盛世", "嘉和", "永泰", "润泽", "凯越", "远航", "海纳", "众诚", "银河",
    "明德", "安和", "卓越", "星辰", "正源", "腾飞", "同创", "百川",
)  # fmt: skip
_TRADES = (
    "科技", "信息技术", "贸易", "建设工程", "物业管理", "餐饮管理", "医药", "电子", "文化传媒",
    "物流", "食品", "教育咨询", "机械设备", "网络科技", "环保科技", "商贸", "建筑设计",
    "家政服务", "汽车销售服务", "供应链管理",
)  # fmt: skip


@dataclass(frozen=True)
class Employer:
    """A company in a county: its credit code and how it pays into social insurance."""

    name: str
    credit_code: str
    minimum_base: bool  # declares everyone at the floor, a common practice
    fund_rate: int  # housing fund rate in per cent, each side; 0 = no housing fund


# A job: employer, first and last month (month index = year * 12 + month - 1), monthly
# wage in fen.
Job = tuple[Employer, int, int, int]


class EmploymentBuilder:
    """Gives each person social insurance, tax years and a housing fund as fits them.

    Args:
        factory: the people (drafts) and the population's "today".
        identifiers: issues credit codes, card and account numbers.
    """

    def __init__(self, factory: PeopleFactory, identifiers: IdentifierRegistry) -> None:
        self.f = factory
        self.rng = factory.rng
        self.ids = identifiers
        today = factory.today
        self.now = today.year * 12 + today.month - 1  # month index of "today"
        self.first = (today.year - 3) * 12  # first month with contribution details
        self.tax_years = tuple(range(today.year - 3, today.year))
        self._employers: dict[str, list[Employer]] = {}
        self._months = {m: f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(self.first, self.now)}
        self._bands = {m: self._band(m) for m in range(self.first, self.now)}
        self._interned: dict[tuple[int, int, str, int], tuple[ContributionMonth, ...]] = {}
        self.social: dict[str, SocialInsurance] = {}
        self.tax: dict[str, tuple[TaxYear, ...]] = {}
        self.housing_fund: dict[str, HousingFundAccount] = {}

    @staticmethod
    def _band(month: int) -> tuple[int, int]:
        year = month // 12 if month % 12 >= 6 else month // 12 - 1
        floor, ceiling = _BASE_BANDS[max(min(year, max(_BASE_BANDS)), min(_BASE_BANDS))]
        return floor * 100, ceiling * 100

    def build(self) -> None:
        """Create the records for everyone, in the population's order."""
        for p in self.f.people:
            self._person(p)

    def employers(self, c: County) -> list[Employer]:
        """The county's companies, created on first use (about one per 40 residents)."""
        found = self._employers.get(c.code)
        if found is None:
            count = max(12, len(self.f.people) // (len(self.f.counties) * 40))
            found = [self._new_employer(c) for _ in range(count)]
            self._employers[c.code] = found
        return found

    def _new_employer(self, c: County) -> Employer:
        rng = self.rng
        city = city_short_name(c)
        while True:
            suffix = "股份有限公司" if rng.random() < 0.1 else "有限公司"
            name = f"{city}{rng.choice(_BRANDS)}{rng.choice(_TRADES)}{suffix}"
            if self.ids.claim(name):
                break
        code = self.ids.credit_code("1", c.code, new_style=rng.random() < 0.6)
        fund_rate = 0 if rng.random() < 0.25 else rng.choice((5, 7, 8, 10, 12, 12))
        return Employer(name, code, rng.random() < 0.3, fund_rate)

    # -- one person -----------------------------------------------------------------------

    def _person(self, p: PersonDraft) -> None:
        rng = self.rng
        age = self.f.age(p.birth)
        birth_month = p.birth.year * 12 + p.birth.month - 1
        if p.deceased or age < 1:
            if p.deceased and age >= 18:
                self._record(p, "终止参保", None, self._date(birth_month + 12 * 20), False, ())
            return
        if age < 18:  # resident medical insurance only
            self._record(p, "正常参保", None, self._date(birth_month + 2), False, ())
            return
        retire_age = 60 if p.male else 55
        retire_month = birth_month + 12 * retire_age
        start_age = _WORK_START_AGE.get(p.education, rng.randint(18, 20))
        career_start = max(birth_month + 12 * start_age + rng.randint(0, 18), 1995 * 12)
        career_start = min(career_start, retire_month - 60)  # the oldest joined before 1995
        end: int | None = None
        if age >= retire_age:
            if rng.random() < 0.6:  # retired employee drawing a pension
                end = retire_month - 1 if retire_month > self.first else None
                jobs = self._jobs(p, career_start, end) if end is not None else []
                self._contributions(p, "终止参保", career_start, jobs)
                return
        elif age >= 18 and career_start < self.now:
            if rng.random() < (0.3 if age < 22 else 0.8 if p.male else 0.72):
                end = self.now - 1
            elif rng.random() < 0.35 and career_start < self.now - 2:
                end = rng.randint(max(career_start, self.now - 18), self.now - 2)
        if end is None or end < career_start:  # urban-rural resident pension
            self._record(p, "正常参保", None, self._date(birth_month + 12 * 16 + 3), True, ())
            return
        jobs = self._jobs(p, career_start, end)
        self._contributions(
            p, "正常参保" if end == self.now - 1 else "暂停参保", career_start, jobs
        )

    def _jobs(self, p: PersonDraft, career_start: int, end: int) -> list[Job]:
        """Jobs (employer, first month, last month, monthly wage in fen), latest first."""
        rng = self.rng
        employers = self.employers(p.county)
        median = _MEDIAN_WAGE.get(p.education, 5000)
        wage = max(int(median * math.exp(rng.gauss(0.0, 0.35)) / 10) * 1000, _MIN_WAGE_FEN)
        jobs: list[Job] = []
        changes = rng.choices((0, 1, 2), (70, 22, 8))[0]
        last = end
        employer = rng.choice(employers)
        for k in range(changes + 1):
            start = career_start if k == changes else max(career_start, last - rng.randint(4, 30))
            jobs.append((employer, start, last, wage))
            last = start - 1 - rng.choices((0, 1, 2, 3, 5), (40, 25, 15, 12, 8))[0]
            if start <= career_start or last < self.first:
                break
            employer = rng.choice(employers)
            wage = max(int(wage * rng.uniform(0.8, 1.0) / 1000) * 1000, _MIN_WAGE_FEN)
        return jobs

    def _contributions(
        self, p: PersonDraft, status: str, career_start: int, jobs: list[Job]
    ) -> None:
        """Contribution months, tax years and housing fund from the job history.

        Months are handled in half-year segments, since the base changes only on 1 July
        (new band) and 1 January (new tax year); identical segments of colleagues declared
        at the same base share their (immutable) month records.
        """
        rng = self.rng
        months: list[ContributionMonth] = []
        income = dict.fromkeys(self.tax_years, 0)
        deductions = dict.fromkeys(self.tax_years, 0)
        agent_months: dict[int, dict[str, int]] = {y: {} for y in self.tax_years}
        employers: dict[str, Employer] = {}
        in_fund = rng.random() < 0.85  # some employees opt out or are left out
        bonus_months = rng.choice((0, 0, 1, 1, 2, 3))  # year-end bonus, paid in December
        raise_pct = rng.randint(2, 8)  # yearly raise: earlier years paid a little less
        this_year = self.now // 12
        base = 0
        for employer, start, last, latest_wage in reversed(jobs):
            code = employer.credit_code
            employers[code] = employer
            fund_rate = employer.fund_rate if in_fund else 0
            m = max(start, self.first)
            while m <= last:
                segment_end = min(last, m - m % 6 + 5)
                year = m // 12
                wage = latest_wage * (100 - raise_pct * (this_year - year)) // 100
                wage = max(wage - wage % 1000, _MIN_WAGE_FEN)
                floor, ceiling = self._bands[m]
                base = floor if employer.minimum_base else min(max(wage, floor), ceiling)
                months.extend(self._segment(m, segment_end, employer, base))
                if year in income:
                    count = segment_end - m + 1
                    bonus = wage * bonus_months if segment_end % 12 == 11 else 0
                    income[year] += wage * count + bonus
                    own_share = base * EMPLOYEE_SOCIAL_PER_MILLE // 1000 + base * fund_rate // 100
                    deductions[year] += own_share * count
                    per_agent = agent_months[year]
                    per_agent[code] = per_agent.get(code, 0) + count
                m = segment_end + 1
        latest = jobs[0][0] if jobs else None
        self._record(p, status, latest, self._date(career_start), False, tuple(months))
        self._tax_years(p, income, deductions, agent_months, employers)
        if jobs and in_fund and jobs[0][0].fund_rate:
            self._fund(p, status, career_start, jobs[0], base)

    def _segment(
        self, first: int, last: int, employer: Employer, base: int
    ) -> tuple[ContributionMonth, ...]:
        key = (first, last, employer.credit_code, base)
        found = self._interned.get(key)
        if found is None:
            pension = base * 24 // 100  # employer 16 % + employee 8 %
            code, name = employer.credit_code, employer.name
            found = tuple(
                ContributionMonth(self._months[m], code, name, base, pension)
                for m in range(first, last + 1)
            )
            self._interned[key] = found
        return found

    def _tax_years(
        self,
        p: PersonDraft,
        income: dict[int, int],
        deductions: dict[int, int],
        agent_months: dict[int, dict[str, int]],
        employers: dict[str, Employer],
    ) -> None:
        """One record per year with wages; the agent is the employer of most months."""
        years = []
        for year in self.tax_years:
            if not agent_months[year]:
                continue
            agent = employers[max(agent_months[year].items(), key=lambda item: item[1])[0]]
            tax = annual_tax_fen(taxable_income_fen(income[year], deductions[year]))
            arrears = tax > 0 and self.rng.random() < 0.02
            years.append(
                TaxYear(
                    p.id_number, year, income[year], tax, agent.name, agent.credit_code, arrears
                )
            )
        if years:
            self.tax[p.id_number] = tuple(years)

    def _fund(self, p: PersonDraft, status: str, career_start: int, job: Job, base: int) -> None:
        """A housing fund account for employees of companies that pay into one."""
        employer, start, last, _ = job
        rng = self.rng
        opened_month = max(career_start, start - rng.randint(0, 120))
        paid = max(1, int((last - opened_month + 1) * rng.uniform(0.85, 1.0)))
        deposit = base * employer.fund_rate // 100 * 2
        if status == "正常参保":
            fund_status = "正常"
        else:
            fund_status = "销户" if status == "终止参保" and rng.random() < 0.5 else "封存"
        saved = deposit * rng.randint(1, paid)  # withdrawals (rent, purchase) reset the balance
        balance = 0 if fund_status == "销户" else saved + saved * rng.randint(0, 15) // 1000
        self.housing_fund[p.id_number] = HousingFundAccount(
            p.id_number,
            self.ids.housing_fund_account(p.county.code),
            balance,
            deposit if fund_status == "正常" else 0,
            fund_status,
            self._date(opened_month, rng.randint(1, 28)),
            paid,
            employer.name,
        )

    def _record(
        self,
        p: PersonDraft,
        status: str,
        employer: Employer | None,
        first_insured: date,
        resident_pension: bool,
        months: tuple[ContributionMonth, ...],
    ) -> None:
        self.social[p.id_number] = SocialInsurance(
            person_id=p.id_number,
            insurance_number=p.id_number,
            card_number=self.ids.social_security_card(),
            status=status,
            employer_name=employer.name if employer else None,
            employer_credit_code=employer.credit_code if employer else None,
            first_insured=min(first_insured, self.f.today),
            pension_enrolled=resident_pension,
            contributions=months,
        )

    @staticmethod
    def _date(month: int, day: int = 1) -> date:
        return date(month // 12, month % 12 + 1, day)
