"""Pre-fill every service from the running simulator: values and provenance as recorded.

For each shipped form a suitable person is chosen from the population, looked up through
the real exchange, and every pre-filled field is compared with the population's record of
that person and with the item's authoritative department.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import pytest

from counterapp.catalog import Catalog
from counterapp.forms import ServiceForm
from counterapp.forms.prefill import (
    FieldState,
    PrefilledForm,
    PrefillError,
    choose,
    correct,
    prefill,
    type_value,
)
from counterapp.sim.marriages import current_spouse
from counterapp.sim.model import Person, Population
from counterapp.sim.population import marital_status

SKIP = object()  # the population does not say what the department holds


def expected(population: Population, pid: str, item: str) -> object:
    """What the population records for ``pid``'s ``item``, as the catalog types it."""
    person = population.people[pid]
    social = population.social.get(pid)
    fund = population.housing_fund.get(pid)
    spouse = current_spouse(population, pid)
    events = population.marriages.get(pid, ())
    properties = population.properties.get(pid, ())
    years = sorted(population.tax.get(pid, ()), key=lambda y: y.year)
    household = population.households[person.household_number]
    records: dict[str, Callable[[], object]] = {
        "person.name": lambda: person.name,
        "person.id_number": lambda: pid,
        "person.gender": lambda: person.gender,
        "person.birth_date": lambda: person.birth_date,
        "person.ethnicity": lambda: person.ethnicity,
        "person.education": lambda: person.education,
        "person.hukou_division": lambda: person.hukou_division,
        "person.hukou_address": lambda: person.hukou_address,
        # the household register (authoritative) still has the old address of people who moved
        "person.residence_address": lambda: (
            person.stale_residence_address or person.residence_address
        ),
        "person.mobile": lambda: person.mobile,  # social security's current number
        "household.number": lambda: person.household_number,
        "household.head_name": lambda: population.people[household.head_id].name,
        "household.relation_to_head": lambda: person.relation_to_head,
        "marriage.status": lambda: marital_status(population, pid),
        "marriage.spouse_name": lambda: population.people[spouse].name if spouse else SKIP,
        "marriage.certificate_number": lambda: events[-1].certificate_number if spouse else SKIP,
        "social.insurance_number": lambda: social.insurance_number if social else None,
        "social.insured_status": lambda: social.status if social else None,
        "social.employer_name": lambda: social.employer_name if social else None,
        "social.pension_enrolled": lambda: social.pension_enrolled if social else None,
        "housing_fund.account_number": lambda: fund.account_number if fund else None,
        "housing_fund.balance": lambda: Decimal(fund.balance_fen) / 100 if fund else None,
        "housing_fund.account_status": lambda: fund.status if fund else None,
        "housing_fund.contribution_months": lambda: fund.contribution_months if fund else None,
        "housing_fund.employer_name": lambda: fund.employer_name if fund else None,
        "realestate.properties": lambda: sorted(p.certificate_number for p in properties),
        "realestate.property_count": lambda: len(properties),
        "business.list": lambda: sorted(population.businesses_by_operator.get(pid, ())),
        "tax.arrears": lambda: years[-1].arrears if years else None,
    }
    return records[item]()


def comparable(item: str, value: object) -> object:
    """Lists of records compare by their key column."""
    if item == "realestate.properties":
        return sorted(record["certificate_number"] for record in value)  # type: ignore[attr-defined, index]
    if item == "business.list":
        return sorted(record["credit_code"] for record in value)  # type: ignore[attr-defined, index]
    return value


def check_against_population(
    filled: PrefilledForm, catalog: Catalog, population: Population, ids: tuple[str, ...]
) -> int:
    """Every bound field holds the recorded value from the authoritative department."""
    checked = 0
    for entry in filled.fields:
        item = entry.field.item
        if item is None:
            assert entry.state is FieldState.MISSING  # typed fields wait for the clerk
            continue
        want = expected(population, ids[entry.field.applicant - 1], item)
        if want is SKIP:
            continue
        if want is None:
            assert entry.state is FieldState.MISSING, (item, entry.value)
            continue
        assert entry.state is FieldState.PREFILLED, f"{item} not pre-filled"
        assert comparable(item, entry.value) == want, item
        assert entry.provenance is not None and entry.provenance.verified
        assert entry.department == catalog.item(item).department, item
        checked += 1
    return checked


Pick = Callable[[Callable[..., Person], Population], tuple[str, ...]]

PICKS: dict[str, Pick] = {
    "marriage-registration": lambda find, pop: (
        (m := find(status="10", gender="1", ages=(23, 40))).id_number,
        find(status="40", gender="2", ages=(25, 45), skip=(m.id_number,)).id_number,
    ),
    "hukou-transfer": lambda find, pop: (
        find(where=lambda p: p.id_number in pop.properties).id_number,
    ),
    "social-security-card": lambda find, pop: (
        find(
            where=lambda p: bool((s := pop.social.get(p.id_number)) and s.employer_name)
        ).id_number,
    ),
    "housing-fund-withdrawal": lambda find, pop: (
        find(
            where=lambda p: p.id_number in pop.housing_fund and p.id_number in pop.properties
        ).id_number,
    ),
    "sole-proprietor-registration": lambda find, pop: (
        find(where=lambda p: p.id_number in pop.businesses_by_operator).id_number,
    ),
    "realestate-record-inquiry": lambda find, pop: (
        find(where=lambda p: len(pop.properties.get(p.id_number, ())) >= 2).id_number,
    ),
    "resident-pension-enrolment": lambda find, pop: (find(ages=(16, 17)).id_number,),
    "newborn-birth-certificate": lambda find, pop: (
        find(status="21", gender="2", ages=(24, 38)).id_number,
    ),
    "newborn-hukou": lambda find, pop: (find(status="21", gender="1", ages=(25, 40)).id_number,),
    "newborn-medical-insurance": lambda find, pop: (
        find(status="21", gender="2", ages=(24, 38)).id_number,
    ),
    "newborn-social-security-card": lambda find, pop: (
        find(status="10", gender="2", ages=(22, 35)).id_number,
    ),
    "newborn-bundle": lambda find, pop: (find(status="21", gender="2", ages=(24, 38)).id_number,),
}


def test_every_shipped_form_has_a_prefill_case(forms: dict[str, ServiceForm]) -> None:
    assert set(PICKS) == set(forms)


@pytest.mark.parametrize("service_id", sorted(PICKS))
def test_prefill_matches_the_population_records(
    service_id: str,
    forms: dict[str, ServiceForm],
    catalog: Catalog,
    population: Population,
    person: Callable[..., Person],
    prefilled: Callable[..., PrefilledForm],
) -> None:
    ids = PICKS[service_id](person, population)
    filled = prefilled(service_id, *ids)
    checked = check_against_population(filled, catalog, population, ids)
    bound = [f for f in forms[service_id].fields if f.item]
    assert checked >= len(bound) - 3, "most bound fields should be pre-filled and checked"
    report = filled.report()
    assert len(report.prefilled) == sum(1 for e in filled.fields if e.state is FieldState.PREFILLED)
    assert {r.field_id for r in report.missing} >= {
        f.id for f in forms[service_id].fields if f.item is None
    }
    assert report.typed == report.corrected == ()
    assert 0 < report.prefill_rate <= 1


def test_the_second_applicant_is_looked_up_separately(
    population: Population, person, prefilled
) -> None:
    groom = person(status="10", gender="1", ages=(23, 40))
    bride = person(status="10", gender="2", ages=(21, 40))
    filled = prefilled("marriage-registration", groom.id_number, bride.id_number)
    assert filled.field("name", 1).value == groom.name
    assert filled.field("name", 2).value == bride.name
    assert filled.field("gender", 2).value == "2"


def test_an_applicant_not_looked_up_leaves_their_fields_missing(
    forms: dict[str, ServiceForm], population: Population, person, look_up
) -> None:
    form = forms["marriage-registration"]
    groom = person(status="10", gender="1", ages=(23, 40))
    filled = prefill(form, {1: look_up(form, groom.id_number, 1).values})
    assert filled.field("name", 1).state is FieldState.PREFILLED
    assert all(e.state is FieldState.MISSING for e in filled.fields if e.field.applicant == 2)
    report = filled.report()
    assert len(report.prefilled) == 10 and len(report.missing) == 12


def test_a_correction_keeps_the_original_and_marks_the_field(person, prefilled) -> None:
    applicant = person()
    filled = prefilled("hukou-transfer", applicant.id_number)
    before = filled.field("relation_to_head")
    corrected = correct(filled, "relation_to_head", 1, "  配偶 ")
    entry = corrected.field("relation_to_head")
    assert entry.state is FieldState.CORRECTED
    assert entry.value == "配偶" and not entry.verified
    assert entry.original is not None and entry.original.value == before.value
    assert entry.original.provenance == before.provenance
    assert entry.department == "hukou"
    assert (
        filled.field("relation_to_head").state is FieldState.PREFILLED
    )  # a new form, not a change
    report = corrected.report()
    assert [r.field_id for r in report.corrected] == ["relation_to_head"]
    assert report.counts[FieldState.CORRECTED] == 1
    assert report.counts[FieldState.PREFILLED] == filled.report().counts[FieldState.PREFILLED] - 1
    # correcting it again still keeps the department's original; back to it restores it
    again = correct(corrected, "relation_to_head", 1, "子")
    assert again.field("relation_to_head").original == entry.original
    restored = correct(again, "relation_to_head", 1, str(before.value))
    assert restored.field("relation_to_head") == before


def test_typing_is_for_fields_no_department_filled(person, prefilled) -> None:
    filled = prefilled("hukou-transfer", person().id_number)
    with pytest.raises(PrefillError, match="use correct"):
        type_value(filled, "name", 1, "张三")
    with pytest.raises(PrefillError, match="no department value"):
        correct(filled, "destination_address", 1, "x")
    typed = type_value(filled, "destination_address", 1, " 浙江省杭州市西湖区文三路1号 ")
    entry = typed.field("destination_address")
    assert entry.state is FieldState.TYPED and entry.value == "浙江省杭州市西湖区文三路1号"
    assert entry.provenance is None and not entry.verified
    assert type_value(typed, "destination_address", 1, "").field("destination_address").state is (
        FieldState.MISSING
    )
    with pytest.raises(KeyError):
        type_value(filled, "no_such_field", 1, "x")


def test_a_conflict_is_carried_and_the_clerk_can_pick(
    population: Population, person, prefilled
) -> None:
    moved = person(
        where=lambda p: p.stale_mobile is not None and p.id_number in population.housing_fund
    )
    filled = prefilled("housing-fund-withdrawal", moved.id_number)
    entry = filled.field("mobile")
    assert entry.conflict and entry in filled.conflicts
    assert entry.value == moved.mobile and entry.department == "hrss"  # the authority by default
    offered = {o.provenance.department: o.value for o in entry.offers}
    assert offered["hrss"] == moved.mobile
    assert offered["fund"] == offered["hukou"] == moved.stale_mobile  # copies kept, not asked for
    assert entry.offers[0].provenance.department == "hrss"

    assert entry.authoritative
    picked = choose(filled, "mobile", 1, "fund")
    chosen = picked.field("mobile")
    assert chosen.value == moved.stale_mobile
    assert chosen.state is FieldState.PREFILLED and chosen.verified
    assert not chosen.authoritative  # the clerk took another department's copy
    assert choose(picked, "mobile", 1, "hrss").field("mobile").authoritative
    assert chosen.department == "fund" and chosen.offers == entry.offers
    assert choose(picked, "mobile", 1, "hrss").field("mobile").value == moved.mobile
    with pytest.raises(PrefillError, match="tax offered no value"):
        choose(filled, "mobile", 1, "tax")


def test_a_stand_in_value_is_prefilled_marked_not_authoritative(
    forms: dict[str, ServiceForm], look_up, person
) -> None:
    form = forms["housing-fund-withdrawal"]
    applicant = person(where=lambda p: True)
    values = look_up(form, applicant.id_number, 1).values
    # what a lookup gives when social security (the phone number's authority) was down
    stand_in = dataclasses.replace(values, not_authoritative=frozenset({"person.mobile"}))

    filled = prefill(form, {1: stand_in})

    mobile = filled.field("mobile")
    assert mobile.state is FieldState.PREFILLED and mobile.verified
    assert not mobile.authoritative
    others = [e for e in filled.fields if e.state is FieldState.PREFILLED and e is not mobile]
    assert others and all(e.authoritative for e in others)
    assert filled.report().counts[FieldState.PREFILLED] == len(others) + 1  # kept = accepted
    corrected = correct(filled, "mobile", 1, "13900000000").field("mobile")
    assert corrected.state is FieldState.CORRECTED and not corrected.authoritative
    restored = correct(filled, "mobile", 1, mobile.text).field("mobile")
    assert restored.state is FieldState.PREFILLED and not restored.authoritative
    assert prefill(form, {1: values}).field("mobile").authoritative
