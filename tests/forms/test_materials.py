"""Materials: exempt when a department verified what they prove, else collected, with why."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counterapp.forms import ServiceForm
from counterapp.forms.materials import (
    GapReason,
    MaterialDecision,
    MaterialError,
    MaterialHandover,
    decide_materials,
    mark_received,
    one_time_notice,
)
from counterapp.forms.prefill import PrefilledForm, correct, prefill
from counterapp.sim.model import Person, Population

Finder = Callable[..., Person]
Prefilled = Callable[..., PrefilledForm]


def by_key(decisions: tuple[MaterialDecision, ...]) -> dict[tuple[str, int], MaterialDecision]:
    return {(d.material.id, d.applicant): d for d in decisions}


def test_marriage_materials_exempt_the_hukou_booklet_for_both(
    forms: dict[str, ServiceForm], person: Finder, prefilled: Prefilled
) -> None:
    form = forms["marriage-registration"]
    groom = person(status="10", gender="1", ages=(23, 40))
    bride = person(status="10", gender="2", ages=(21, 40))
    decisions = by_key(decide_materials(form, prefilled(form.id, groom.id_number, bride.id_number)))
    assert set(decisions) == {
        ("hukou_booklet", 1),
        ("hukou_booklet", 2),
        ("id_card", 1),
        ("id_card", 2),
        ("no_spouse_declaration", 1),
        ("no_spouse_declaration", 2),
        ("joint_photos", 1),
    }
    booklet = decisions[("hukou_booklet", 2)]
    assert booklet.status is MaterialHandover.EXEMPT
    assert booklet.verified_by == ("hukou",)
    assert booklet.name_zh == "居民户口簿（申请人2）"
    assert booklet.reason_zh == "已由公安机关核验户籍地址、户号，免于提交"
    assert booklet.reason_en == "exempt: verified by Public Security through data sharing"
    declaration = decisions[("no_spouse_declaration", 1)]
    assert declaration.status is MaterialHandover.TO_COLLECT and declaration.always_required
    assert declaration.reason_zh == "须提交原件，不能以共享数据代替"
    assert declaration.gaps == () and declaration.missing
    assert decisions[("joint_photos", 1)].name_zh == "近期2寸半身免冠双方合影照片3张"


def test_a_property_proves_residence_and_none_does_not(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["hukou-transfer"]
    owner = person(where=lambda p: p.id_number in population.properties)
    tenant = person(where=lambda p: p.id_number not in population.properties)
    owned = by_key(decide_materials(form, prefilled(form.id, owner.id_number)))
    proof = owned[("residence_proof", 1)]
    assert proof.status is MaterialHandover.EXEMPT and proof.verified_by == ("realestate",)
    assert "自然资源和规划" in proof.reason_zh

    rented = by_key(decide_materials(form, prefilled(form.id, tenant.id_number)))
    proof = rented[("residence_proof", 1)]
    assert proof.status is MaterialHandover.TO_COLLECT
    assert [(g.item, g.reason) for g in proof.gaps] == [("realestate.properties", GapReason.EMPTY)]
    assert proof.reason_zh == (
        "未能通过部门共享核验：不动产权利（部门核验无相关记录）；须提交原件及复印件"
    )


def test_missing_data_and_corrections_send_the_document_back_to_paper(
    forms: dict[str, ServiceForm], person: Finder, prefilled: Prefilled, look_up
) -> None:
    form = forms["marriage-registration"]
    groom = person(status="10", gender="1", ages=(23, 40))
    bride = person(status="10", gender="2", ages=(21, 40))
    filled = prefilled(form.id, groom.id_number, bride.id_number)
    corrected = correct(filled, "household_number", 1, "000000001")
    booklet = by_key(decide_materials(form, corrected))[("hukou_booklet", 1)]
    assert booklet.status is MaterialHandover.TO_COLLECT
    assert [(g.item, g.reason) for g in booklet.gaps] == [("household.number", GapReason.CORRECTED)]
    assert booklet.reason_zh == "未能通过部门共享核验：户号（窗口已更正，未经核验）；须提交原件"

    only_one = prefill(form, {1: look_up(form, groom.id_number, 1).values})
    second = by_key(decide_materials(form, only_one))[("hukou_booklet", 2)]
    assert {g.reason for g in second.gaps} == {GapReason.NO_DATA}
    assert second.reason_en == (
        "not verified through data sharing: Household registration address (no department "
        "data); Household number (no department data); bring the original"
    )


def test_received_materials_and_the_one_time_notice(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["housing-fund-withdrawal"]
    saver = person(where=lambda p: p.id_number in population.housing_fund)
    decisions = decide_materials(form, prefilled(form.id, saver.id_number))
    received = mark_received(decisions, "id_card")
    assert by_key(received)[("id_card", 1)].status is MaterialHandover.RECEIVED
    assert by_key(decisions)[("id_card", 1)].status is MaterialHandover.TO_COLLECT  # unchanged
    assert mark_received(received, "id_card") == received
    with pytest.raises(KeyError):
        mark_received(decisions, "id_card", 2)

    notice = one_time_notice(form, received)
    assert notice.needed and notice.title_zh == "住房公积金提取"
    assert notice.department == form.department
    assert [(i.material_id, i.name_zh, i.handed_zh) for i in notice.items] == [
        ("bank_card", "本人名下银行借记卡", "原件"),
    ]  # the housing proof is optional: it is not "missing"
    assert notice.items[0].reason_zh == "须提交原件，不能以共享数据代替"
    everything = one_time_notice(form, mark_received(received, "bank_card"))
    assert not everything.needed


def test_an_exempt_material_cannot_be_received(
    forms: dict[str, ServiceForm], person: Finder, prefilled: Prefilled
) -> None:
    form = forms["resident-pension-enrolment"]
    decisions = decide_materials(form, prefilled(form.id, person(ages=(16, 17)).id_number))
    booklet = by_key(decisions)[("hukou_booklet", 1)]
    assert booklet.status is MaterialHandover.EXEMPT and booklet.verified_by == ("hukou",)
    assert booklet.reason_zh == "已由公安机关核验户籍地址、户籍地行政区划、户号，免于提交"
    with pytest.raises(MaterialError, match="exempt"):
        mark_received(decisions, "hukou_booklet")
    notice = one_time_notice(form, decisions)
    assert [i.material_id for i in notice.items] == ["id_card"]


def test_the_bundle_lists_each_material_once(
    forms: dict[str, ServiceForm], person: Finder, prefilled: Prefilled
) -> None:
    form = forms["newborn-bundle"]
    mother = person(status="21", gender="2", ages=(24, 38))
    decisions = by_key(decide_materials(form, prefilled(form.id, mother.id_number)))
    assert list(decisions) == [
        ("parent_id_card", 1),
        ("marriage_certificate", 1),
        ("birth_record", 1),
        ("hukou_booklet", 1),
        ("birth_certificate", 1),
    ]
    certificate = decisions[("marriage_certificate", 1)]
    assert certificate.status is MaterialHandover.EXEMPT and certificate.verified_by == ("civil",)
    assert decisions[("hukou_booklet", 1)].verified_by == ("hukou",)
