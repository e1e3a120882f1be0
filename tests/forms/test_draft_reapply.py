"""A case kept as a draft (app.interrupted_case): stored as JSON, read back, edits reapplied.

The draft never holds department answers: after a restart the departments are asked again
and the clerk's typed values, corrections, picks and received papers are put back on the
fresh form; what no longer fits is reported, not forced.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from counterapp.app.interrupted_case import (
    DraftUnreadable,
    EditKind,
    FieldEdit,
    InterruptedCase,
    capture,
    reapply,
)
from counterapp.consent import ConsentMethod, ConsentRecord
from counterapp.forms import FieldState, decide_materials, mark_received, type_value
from counterapp.forms.prefill import PrefilledForm, correct
from counterapp.sim.model import Person

SERVICE = "realestate-record-inquiry"
Finder = Callable[..., Person]
Prefilled = Callable[..., PrefilledForm]


def consent_for(id_number: str) -> ConsentRecord:
    return ConsentRecord(
        applicant_id_number=id_number,
        purpose=SERVICE,
        method=ConsentMethod.VERBAL_WITNESSED,
        departments=frozenset({"hukou", "realestate"}),
        categories=frozenset({"identity", "property"}),
        recorded_by="liming",
        recorded_at=datetime(2026, 11, 28, 9, 30, tzinfo=UTC),
        witness="wangfang",
    )


def test_a_draft_survives_json_and_comes_back_equal(person: Finder, prefilled: Prefilled) -> None:
    applicant = person()
    filled = prefilled(SERVICE, applicant.id_number)
    filled = type_value(filled, "purpose", 1, "办理贷款")
    filled = correct(filled, "name", 1, "张三丰")
    decisions = decide_materials(filled.form, filled)
    to_collect = next(d for d in decisions if d.status.value == "to_collect")
    decisions = mark_received(decisions, to_collect.material.id, to_collect.applicant)

    draft = capture(
        SERVICE, [applicant.id_number], [consent_for(applicant.id_number)], filled, decisions
    )
    stored = json.loads(json.dumps(draft.to_payload(), ensure_ascii=False))
    assert InterruptedCase.from_payload(stored) == draft
    assert FieldEdit("purpose", 1, EditKind.TYPED, "办理贷款") in draft.edits
    assert FieldEdit("name", 1, EditKind.CORRECTED, "张三丰") in draft.edits
    assert draft.received == ((to_collect.material.id, 1),)
    assert "realestate.properties" not in json.dumps(stored)  # no department answers kept


def test_edits_go_back_onto_a_fresh_form_and_misfits_are_reported(
    person: Finder, prefilled: Prefilled
) -> None:
    applicant = person()
    fresh = prefilled(SERVICE, applicant.id_number)
    draft = InterruptedCase(
        SERVICE,
        (applicant.id_number,),
        (consent_for(applicant.id_number),),
        edits=(
            FieldEdit("purpose", 1, EditKind.TYPED, "办理贷款"),
            FieldEdit("name", 1, EditKind.TYPED, "not typed: a department gives it"),
            FieldEdit("gone", 1, EditKind.TYPED, "the form lost this field"),
            FieldEdit("name", 1, EditKind.PICKED, "civil"),  # nobody disagrees any more
        ),
    )
    restored, skipped = reapply(fresh, draft)
    assert restored.field("purpose").value == "办理贷款"
    assert restored.field("purpose").state is FieldState.TYPED
    assert restored.field("name").state is FieldState.PREFILLED  # the department's value
    assert [e.field_id for e in skipped] == ["name", "gone", "name"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"version": 99, "service": SERVICE}, "version 99"),
        ({"version": 1}, "damaged"),
        ({"version": 1, "service": ""}, "names no service"),
        ({"version": 1, "service": SERVICE, "edits": [["purpose", "x", "typed", "a"]]}, "damaged"),
        ({"version": 1, "service": SERVICE, "consents": [{"id_number": "1"}]}, "damaged"),
        (
            {"version": 1, "service": SERVICE, "edits": [["purpose", 1, "guessed", "a"]]},
            "damaged",
        ),
    ],
)
def test_a_damaged_draft_is_refused_with_the_reason(payload: dict, reason: str) -> None:
    with pytest.raises(DraftUnreadable, match=reason):
        InterruptedCase.from_payload(payload)
