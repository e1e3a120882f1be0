"""Tests for counterapp.sim.population: a real generated population, checked for realism."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest

from counterapp.sim import names
from counterapp.sim.addresses import county
from counterapp.sim.marriages import add_years
from counterapp.sim.model import Population
from counterapp.sim.population import (
    DEFAULT_TODAY,
    current_spouse,
    describe,
    generate_population,
    marital_status,
    sample_people,
)
from counterapp.standards import ethnicity, resident_id
from counterapp.standards.divisions import SIMULATOR_COUNTIES

SIZE = 2000
MOBILE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture(scope="module")
def pop() -> Population:
    return generate_population(people=SIZE)


def _age(born: date, today: date = DEFAULT_TODAY) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _living(pop: Population) -> list:
    return [p for p in pop.people.values() if not p.deceased]


# -- reproducibility and size -------------------------------------------------------------


def test_same_seed_and_size_give_an_identical_population() -> None:
    first, second = generate_population(seed=7, people=400), generate_population(seed=7, people=400)
    assert first == second
    assert list(first.people) == list(second.people)


def test_population_does_not_depend_on_string_hashing() -> None:
    """Set or hash order must never leak in: other processes, other hash seeds, same people."""
    script = (
        "import hashlib; from counterapp.sim.population import generate_population; "
        "print(hashlib.sha256(repr(generate_population(people=300)).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        digests.add(result.stdout.strip())
    expected = hashlib.sha256(repr(generate_population(people=300)).encode()).hexdigest()
    assert digests == {expected}


def test_different_seeds_give_different_people() -> None:
    first, second = generate_population(seed=1, people=300), generate_population(seed=2, people=300)
    assert set(first.people).isdisjoint(second.people) or first.people != second.people
    assert [p.name for p in first.people.values()] != [p.name for p in second.people.values()]


def test_today_is_fixed_not_the_clock(pop: Population) -> None:
    assert pop.today == DEFAULT_TODAY == date(2026, 11, 28)
    other = generate_population(people=50, today=date(2030, 1, 1))
    assert other.today == date(2030, 1, 1)


@pytest.mark.parametrize("size", [0, 1, 7, 200])
def test_population_has_exactly_the_requested_size(size: int) -> None:
    assert len(generate_population(people=size).people) == size


def test_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        generate_population(people=-1)


# -- identity ------------------------------------------------------------------------------


def test_every_id_number_is_valid_and_matches_the_person(pop: Population) -> None:
    for id_number, person in pop.people.items():
        result = resident_id.validate(id_number, today=pop.today)
        assert result.ok, (id_number, result.reason)
        assert result.normalized == id_number == person.id_number
        assert result.division_code in SIMULATOR_COUNTIES
        assert result.birth_date == person.birth_date
        assert result.gender is not None and result.gender.value == person.gender
        assert int(id_number[14:17]) % 2 == (1 if person.gender == "1" else 0)
        assert 0 <= _age(person.birth_date) <= 96


def test_ages_span_0_to_95_and_most_people_are_adults(pop: Population) -> None:
    ages = [_age(p.birth_date) for p in _living(pop)]
    assert min(ages) == 0 and 85 <= max(ages) <= 96
    assert 0.7 <= sum(a >= 18 for a in ages) / len(ages) <= 0.9


def test_mobiles_are_valid_and_unique_including_stale_ones(pop: Population) -> None:
    numbers = [p.mobile for p in pop.people.values()]
    numbers += [p.stale_mobile for p in pop.people.values() if p.stale_mobile]
    assert all(MOBILE.fullmatch(n) for n in numbers)
    assert len(numbers) == len(set(numbers))


def test_ethnicity_codes_are_real_and_follow_the_region(pop: Population) -> None:
    by_county: dict[str, Counter[str]] = {}
    for p in pop.people.values():
        assert ethnicity.lookup(p.ethnicity) is not None
        by_county.setdefault(p.hukou_division, Counter())[p.ethnicity] += 1
    overall = Counter(p.ethnicity for p in pop.people.values())
    assert overall.most_common(1)[0][0] == "01" and overall["01"] / len(pop.people) > 0.8
    lhasa = by_county["540102"]
    assert lhasa["04"] / sum(lhasa.values()) > 0.5  # 藏族 in Lhasa's 城关区
    assert by_county["650102"]["05"] > 0  # 维吾尔族 in Urumqi's 天山区
    assert by_county["450103"]["08"] > 0  # 壮族 in Nanning's 青秀区
    assert sum(by_county.get(c, Counter())["04"] for c in ("330106", "310115", "440305")) == 0


# -- names ---------------------------------------------------------------------------------


def test_surnames_follow_frequency(pop: Population) -> None:
    surnames = Counter(
        next(s for s in (p.name[:2], p.name[:1]) if s in names.SURNAMES)
        for p in pop.people.values()
        if p.name[:1] in names.SURNAMES or p.name[:2] in names.SURNAMES
    )
    top = {s for s, _ in surnames.most_common(8)}
    assert len(top & {"王", "李", "张", "刘", "陈"}) >= 4


@pytest.mark.parametrize("size", [200, SIZE])
def test_rare_characters_exist_even_in_small_populations(size: int) -> None:
    pop = generate_population(people=size)
    rare = [p for p in pop.people.values() if names.has_rare_character(p.name)]
    assert len(rare) >= 5
    for p in rare:
        outside = [c for c in p.name if ord(c) > 0xFFFF]
        assert outside and all(c in names.RARE_CHARACTERS for c in outside)
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in p.name)  # whole code points
        text = json.dumps(describe(p, pop), ensure_ascii=False)
        assert json.loads(text)["name"] == p.name
        assert p.name.encode("utf-8").decode("utf-8") == p.name


def test_given_names_are_one_or_two_characters(pop: Population) -> None:
    for p in pop.people.values():
        if "·" in p.name or p.ethnicity == "04":
            continue
        surname = p.name[:2] if p.name[:2] in names.SURNAMES else p.name[:1]
        assert 1 <= len(p.name) - len(surname) <= 2, p.name


def test_a_few_percent_have_former_names(pop: Population) -> None:
    former = [p for p in pop.people.values() if p.former_name]
    assert 0.01 <= len(former) / len(pop.people) <= 0.06
    assert all(p.former_name != p.name for p in former)


# -- marriages -----------------------------------------------------------------------------


CERTIFICATE = re.compile(r"([JL])(\d{6})-(\d{4})-\d{6}")


def test_marital_status_takes_every_code(pop: Population) -> None:
    statuses = Counter(marital_status(pop, i) for i in pop.people)
    assert set(statuses) == {"10", "21", "22", "23", "30", "40"}
    assert statuses["21"] > statuses["22"] > statuses["23"]


def test_spouses_are_each_others_only_current_spouse(pop: Population) -> None:
    spouse_of = {i: current_spouse(pop, i) for i in pop.people}
    claimed = Counter(s for s in spouse_of.values() if s)
    assert claimed and max(claimed.values()) == 1
    for person_id, spouse_id in spouse_of.items():
        if spouse_id is None:
            continue
        assert spouse_of[spouse_id] == person_id
        assert pop.people[person_id].gender != pop.people[spouse_id].gender
        assert marital_status(pop, person_id) in ("21", "22", "23")
        assert not pop.people[spouse_id].deceased


def test_marriage_events_are_ordered_mirrored_and_lawful(pop: Population) -> None:
    registrations: dict[str, tuple] = {}
    for person_id, events in pop.marriages.items():
        assert [e.date for e in events] == sorted(e.date for e in events)
        assert all(e.person_id == person_id for e in events)
        married_to: set[str] = set()
        for event in events:
            match = CERTIFICATE.fullmatch(event.certificate_number)
            assert match, event.certificate_number
            letter, office_code, year = match.groups()
            assert letter == ("J" if event.kind == "marriage" else "L")
            assert int(year) == event.date.year and office_code in SIMULATOR_COUNTIES
            assert event.office == county(office_code).marriage_office
            assert event.office.endswith("民政局婚姻登记处")
            assert event.date <= pop.today
            key = (event.kind, event.date, frozenset((person_id, event.spouse_id)))
            assert registrations.setdefault(event.certificate_number, key) == key
            mirrored = pop.marriages[event.spouse_id]
            assert any(m.certificate_number == event.certificate_number for m in mirrored)
            if event.kind == "divorce":
                assert event.spouse_id in married_to
            else:
                married_to.add(event.spouse_id)
                me, other = pop.people[person_id], pop.people[event.spouse_id]
                husband, wife = (me, other) if me.gender == "1" else (other, me)
                assert husband.gender == "1" and wife.gender == "2"
                assert event.date >= add_years(husband.birth_date, 22)
                assert event.date >= add_years(wife.birth_date, 20)
    assert len({k for k in registrations.values()}) == len(registrations)


def test_widows_lost_their_spouse_and_the_divorced_have_none(pop: Population) -> None:
    for person_id in pop.marriages:
        status = marital_status(pop, person_id)
        last = pop.marriages[person_id][-1]
        if status == "30":
            assert pop.people[last.spouse_id].deceased and current_spouse(pop, person_id) is None
        if status == "40":
            assert last.kind == "divorce" and current_spouse(pop, person_id) is None
        if status == "23":
            marriages = [e for e in pop.marriages[person_id] if e.kind == "marriage"]
            assert marriages[-1].spouse_id == marriages[-2].spouse_id


def test_unknown_id_number_raises_key_error(pop: Population) -> None:
    with pytest.raises(KeyError):
        marital_status(pop, "11010519491231002X")
    with pytest.raises(KeyError):
        current_spouse(pop, "11010519491231002X")


# -- sampling and describing ---------------------------------------------------------------


TAGS = {
    "married", "remarried", "remarried_same_spouse", "divorced", "widowed", "never_married",
    "stale_mobile", "stale_residence_address", "rare_char", "former_name", "business",
    "property", "fund", "minority", "migrant", "child", "deceased",
}  # fmt: skip


def test_every_tag_occurs_in_a_2000_person_population(pop: Population) -> None:
    seen = {tag for p in pop.people.values() for tag in describe(p, pop)["tags"]}
    assert seen == TAGS


def test_describe_is_json_ready(pop: Population) -> None:
    person = next(p for p in pop.people.values() if current_spouse(pop, p.id_number))
    summary = describe(person, pop)
    assert json.loads(json.dumps(summary, ensure_ascii=False)) == summary
    assert summary["id_number"] == person.id_number and summary["name"] == person.name
    assert summary["gender"] == person.gender
    assert summary["birth_date"] == person.birth_date.isoformat()
    assert summary["marital_status"] in ("21", "22", "23")
    assert summary["marital_status_label"] in ("初婚", "再婚", "复婚")
    assert summary["spouse_id"] == current_spouse(pop, person.id_number)
    assert "married" in summary["tags"]


def test_sample_covers_the_interesting_cases_first(pop: Population) -> None:
    sample = sample_people(pop, 30)
    assert len(sample) == 30 and len({p.id_number for p in sample}) == 30
    assert all(not p.deceased for p in sample)
    tags = [set(describe(p, pop)["tags"]) for p in sample]
    assert marital_status(pop, sample[0].id_number) == "21"
    assert "divorced" in tags[1] and "remarried" in tags[2]
    assert tags[3] & {"stale_mobile", "stale_residence_address"}
    expected = ["rare_char", "business", "property", "fund", "never_married"]
    for i, tag in enumerate(expected, start=4):
        assert tag in tags[i]
    assert "child" not in tags[8]
    assert sample == sample_people(pop, 30)


def test_sample_respects_the_limit(pop: Population) -> None:
    assert sample_people(pop, 0) == []
    assert len(sample_people(pop, 3)) == 3
    everyone = sample_people(pop, len(pop.people) * 2)
    assert len(everyone) == len(_living(pop))
