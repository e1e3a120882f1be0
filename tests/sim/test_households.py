"""Tests for counterapp.sim.households and .families: who lives with whom, and where."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.standards.divisions import SIMULATOR_COUNTIES, full_name

SIZE = 2000


@pytest.fixture(scope="module")
def pop() -> Population:
    return generate_population(people=SIZE)


def _living(pop: Population) -> list:
    return [p for p in pop.people.values() if not p.deceased]


RELATIONS = {"户主", "配偶", "子", "女", "父亲", "母亲", "孙子", "孙女", "其他"}


def test_households_hold_every_living_person_once(pop: Population) -> None:
    seen: Counter[str] = Counter()
    for number, hh in pop.households.items():
        assert re.fullmatch(r"[1-9]\d{8}", number) and hh.number == number
        assert hh.head_id == hh.member_ids[0]
        assert pop.people[hh.head_id].relation_to_head == "户主"
        assert hh.division in SIMULATOR_COUNTIES
        assert hh.address.startswith(full_name(hh.division))
        assert re.search(r"\d+号.*(室|\d+)$", hh.address)
        seen.update(hh.member_ids)
        for member in hh.member_ids:
            person = pop.people[member]
            assert person.household_number == number and not person.deceased
            assert person.hukou_address == hh.address and person.hukou_division == hh.division
    living = {p.id_number for p in _living(pop)}
    assert set(seen) == living and max(seen.values()) == 1
    assert all(pop.people[i].household_number in pop.households for i in pop.people)


def test_relations_fit_the_ages(pop: Population) -> None:
    for hh in pop.households.values():
        head = pop.people[hh.head_id]
        relations = Counter(pop.people[m].relation_to_head for m in hh.member_ids)
        assert relations["户主"] == 1 and relations["配偶"] <= 1
        for member in hh.member_ids[1:]:
            person = pop.people[member]
            assert person.relation_to_head in RELATIONS
            gap = (head.birth_date - person.birth_date).days / 365.25
            if person.relation_to_head in ("子", "女"):
                assert gap <= -15
            if person.relation_to_head in ("父亲", "母亲"):
                assert gap >= 17
            if person.relation_to_head in ("子", "孙子", "父亲"):
                assert person.gender == "1"
            if person.relation_to_head in ("女", "孙女", "母亲"):
                assert person.gender == "2"


def test_some_people_live_where_they_are_not_registered(pop: Population) -> None:
    moved = [p for p in _living(pop) if p.residence_address != p.hukou_address]
    assert 0.1 <= len(moved) / len(pop.people) <= 0.4
    assert all(p.residence_address.startswith(full_name(p.hukou_division)) for p in moved)


def test_stale_records_make_departments_disagree(pop: Population) -> None:
    stale_mobile = [p for p in pop.people.values() if p.stale_mobile]
    stale_address = [p for p in pop.people.values() if p.stale_residence_address]
    for group in (stale_mobile, stale_address):
        assert 0.01 <= len(group) / len(pop.people) <= 0.06
    assert all(p.stale_mobile != p.mobile for p in stale_mobile)
    assert all(p.stale_residence_address != p.residence_address for p in stale_address)
