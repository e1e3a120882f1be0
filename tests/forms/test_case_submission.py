"""From a filled-in form to the case submission the clerk submits."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counterapp.cases import Applicant, ApplicantRole, MaterialState, SourceKind
from counterapp.forms import ServiceForm
from counterapp.forms.case_submission import FormNotReady, to_case_submission
from counterapp.forms.materials import decide_materials, mark_received
from counterapp.forms.prefill import PrefilledForm, correct, type_value
from counterapp.sim.model import Person, Population

Finder = Callable[..., Person]
Prefilled = Callable[..., PrefilledForm]


def test_a_marriage_case_keeps_every_source(
    forms: dict[str, ServiceForm], person: Finder, prefilled: Prefilled
) -> None:
    form = forms["marriage-registration"]
    groom = person(status="10", gender="1", ages=(23, 40))
    bride = person(status="10", gender="2", ages=(21, 40))
    filled = prefilled(form.id, groom.id_number, bride.id_number)
    original_relation = filled.field("household_number", 2)
    filled = correct(filled, "household_number", 2, "123456789")
    filled = type_value(filled, "occupation", 1, "教师")
    decisions = mark_received(decide_materials(form, filled), "id_card", 1)
    applicants = (
        Applicant(groom.id_number, groom.name, ApplicantRole.APPLICANT),
        Applicant(bride.id_number, bride.name, ApplicantRole.CO_APPLICANT),
    )

    draft = to_case_submission(form, filled, decisions, applicants)

    assert (draft.service_id, draft.form_version) == ("marriage-registration", "2026.2")
    assert draft.applicants == applicants
    fields = {f.field_id: f for f in draft.fields}
    assert "occupation@2" not in fields  # optional and empty: not on the case
    name = fields["name@2"]
    assert (name.item, name.value) == ("person.name", bride.name)
    assert name.source.kind is SourceKind.DEPARTMENT
    assert name.source.department == "hukou" and name.source.verified
    assert name.source.retrieved_at == filled.field("name", 2).provenance.retrieved_at
    assert fields["birth_date"].value == groom.birth_date.isoformat()
    assert (
        fields["marital_status"].value == "10"
        and fields["marital_status"].source.department == "civil"
    )
    corrected = fields["household_number@2"]
    assert corrected.value == "123456789"
    assert corrected.source.kind is SourceKind.CORRECTED and not corrected.source.verified
    assert corrected.source.original == original_relation.value
    assert corrected.source.department == "hukou"
    occupation = fields["occupation"]
    assert occupation.source.kind is SourceKind.TYPED and occupation.item is None

    materials = {m.name: m for m in draft.materials}
    assert materials["居民户口簿（申请人1）"].status is MaterialState.EXEMPT
    assert materials["居民户口簿（申请人1）"].exempted_by == "hukou"
    assert materials["居民户口簿（申请人1）"].proven_items == (
        "person.hukou_address",
        "household.number",
    )
    # corrected household number: applicant 2's booklet is no longer proven
    assert materials["居民户口簿（申请人2）"].status is MaterialState.MISSING
    assert materials["居民身份证（申请人1）"].status is MaterialState.RECEIVED
    assert materials["居民身份证（申请人2）"].status is MaterialState.MISSING
    assert len(draft.materials) == 7


def test_typed_values_are_stored_in_canonical_form(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["newborn-bundle"]
    mother = person(status="21", gender="2", ages=(24, 38))
    filled = prefilled(form.id, mother.id_number)
    typed = {
        "child_name": "王𬌗",
        "child_gender": "女",
        "child_birth_date": "2026年11月20日",
        "birth_hospital": "杭州市妇产科医院",
        "birth_place": "浙江省杭州市上城区",
        "birth_weight_g": "３２５０",
        "gestation_weeks": "39",
        "child_ethnicity": "汉",
        "child_relation_to_head": "女",
        "birth_certificate_number": "Q330012345",
    }
    for field_id, text in typed.items():
        filled = type_value(filled, field_id, 1, text)
    draft = to_case_submission(
        form, filled, decide_materials(form, filled), (Applicant(mother.id_number, mother.name),)
    )
    fields = {f.field_id: f for f in draft.fields}
    assert fields["child_name"].value == "王𬌗"
    assert fields["child_gender"].value == "2"
    assert fields["child_birth_date"].value == "2026-11-20"
    assert fields["birth_weight_g"].value == "3250"
    assert fields["child_ethnicity"].value == "01"
    assert [f.field_id for f in draft.fields].count("name") == 1
    assert {m.status for m in draft.materials} == {MaterialState.EXEMPT, MaterialState.MISSING}


def test_list_values_are_stored_as_json(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["realestate-record-inquiry"]
    owner = person(where=lambda p: len(population.properties.get(p.id_number, ())) >= 2)
    filled = prefilled(form.id, owner.id_number)
    filled = type_value(filled, "inquiry_scope", 1, "本人名下全部不动产")
    filled = type_value(filled, "purpose", 1, "办理贷款")
    draft = to_case_submission(
        form, filled, decide_materials(form, filled), (Applicant(owner.id_number, owner.name),)
    )
    properties = json.loads(next(f.value for f in draft.fields if f.field_id == "properties"))
    assert sorted(p["certificate_number"] for p in properties) == sorted(
        p.certificate_number for p in population.properties[owner.id_number]
    )
    assert all(len(p["registered_date"]) == 10 for p in properties)  # ISO dates


def test_a_form_with_problems_is_not_turned_into_a_case(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["housing-fund-withdrawal"]
    saver = person(where=lambda p: p.id_number in population.housing_fund)
    filled = type_value(prefilled(form.id, saver.id_number), "amount", 1, "很多")
    with pytest.raises(FormNotReady) as caught:
        to_case_submission(form, filled, (), (Applicant(saver.id_number, saver.name),))
    named = {p.field_id for p in caught.value.problems}
    assert named == {"withdrawal_reason", "amount", "bank_name", "bank_account"}
    assert "Reason for withdrawal (withdrawal_reason): required, not filled in" in str(caught.value)
