"""Tests for counterapp.sim.assets: real-estate certificates and sole proprietorships."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from counterapp.sim.addresses import PROVINCE_ABBREVIATIONS, county
from counterapp.sim.marriages import add_years
from counterapp.sim.model import Population, Property
from counterapp.sim.population import generate_population
from counterapp.standards import credit_code
from counterapp.standards.divisions import SIMULATOR_COUNTIES, full_name

SIZE = 2000
CERTIFICATE = re.compile(r"(.)\((\d{4})\)(.+?)不动产权第(\d{7})号")
UNIT = re.compile(r"(\d{6})\d{6}GB\d{5}F\d{8}")
AREAS = {"住宅": (45, 160), "商业": (25, 200), "车位": (12, 18)}


@pytest.fixture(scope="module")
def pop() -> Population:
    return generate_population(people=SIZE)


def _properties(pop: Population) -> dict[str, Property]:
    return {p.certificate_number: p for ps in pop.properties.values() for p in ps}


def test_certificates_name_the_province_year_and_city(pop: Population) -> None:
    found = _properties(pop)
    assert len(found) > len(pop.people) * 0.2
    units = [p.unit_number for p in found.values()]
    assert len(units) == len(set(units))
    for number, prop in found.items():
        match = CERTIFICATE.fullmatch(number)
        assert match, number
        abbreviation, year, city, _ = match.groups()
        assert len(prop.unit_number) == 28
        unit = UNIT.fullmatch(prop.unit_number)
        assert unit and unit.group(1) in SIMULATOR_COUNTIES
        place = county(unit.group(1))
        assert (
            abbreviation == PROVINCE_ABBREVIATIONS[unit.group(1)[:2]] == place.province_abbreviation
        )
        assert city == place.certificate_city and int(year) == prop.registered.year
        assert prop.address.startswith(full_name(unit.group(1)))


def test_a_hangzhou_certificate_looks_like_a_real_one(pop: Population) -> None:
    assert county("330106").certificate_city == "杭州市"
    assert county("110105").certificate_city == "朝阳区"
    hangzhou = [n for n in _properties(pop) if n.startswith("浙(")]
    assert any(re.fullmatch(r"浙\(\d{4}\)(杭州|宁波)市不动产权第\d{7}号", n) for n in hangzhou)


def test_areas_uses_and_dates_are_plausible(pop: Population) -> None:
    for prop in _properties(pop).values():
        assert isinstance(prop.area_m2, Decimal)
        assert prop.area_m2.as_tuple().exponent == -2
        low, high = AREAS[prop.use]
        assert low <= prop.area_m2 <= high
        assert prop.registered <= pop.today
        for owner in prop.owner_ids:
            assert prop.registered >= add_years(pop.people[owner].birth_date, 20)
    assert {p.use for p in _properties(pop).values()} == set(AREAS)


def test_owners_are_indexed_and_joint_owners_are_spouses(pop: Population) -> None:
    shares = Counter()
    for owner, props in pop.properties.items():
        assert 1 <= len(props) <= 3
        for prop in props:
            assert owner in prop.owner_ids
            shares[prop.share] += 1
            for other in prop.owner_ids:
                assert prop in pop.properties[other]
            if prop.share == "共同共有":
                a, b = prop.owner_ids
                wedding = [
                    e.date
                    for e in pop.marriages.get(a, ())
                    if e.kind == "marriage" and e.spouse_id == b
                ]
                assert wedding and prop.registered >= max(wedding)
            if prop.share == "单独所有":
                assert len(prop.owner_ids) == 1
    assert set(shares) >= {"单独所有", "共同共有"}


def test_sole_proprietorships_have_valid_codes_in_the_operators_county(pop: Population) -> None:
    businesses = pop.businesses
    adults = sum(
        1
        for p in pop.people.values()
        if not p.deceased and p.birth_date.year <= pop.today.year - 18
    )
    operators = len(pop.businesses_by_operator)
    assert 0.015 <= operators / adults <= 0.05
    names = [b.name for b in businesses.values()]
    assert len(names) == len(set(names))
    for code, business in businesses.items():
        result = credit_code.validate(code)
        assert result.ok, (code, result.reason)
        assert result.category == "个体工商户" and code.startswith("92")
        operator = pop.people[business.operator_id]
        assert code[2:8] == operator.hukou_division
        assert business.kind == "个体工商户" and business.credit_code == code
        assert business.status in ("存续", "注销", "吊销")
        assert business.established >= add_years(operator.birth_date, 18)
        assert business.name.startswith(county(operator.hukou_division).local_name)
        assert code in pop.businesses_by_operator[business.operator_id]
    assert {b.status for b in businesses.values()} >= {"存续", "注销"}
    listed = [c for codes in pop.businesses_by_operator.values() for c in codes]
    assert sorted(listed) == sorted(businesses)
