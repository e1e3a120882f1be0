"""The typed case: provenance rules, visits counted from the timeline, missing materials."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counterapp.cases import (
    Case,
    CaseState,
    CaseSubmission,
    FieldSource,
    Material,
    MaterialState,
    SourceKind,
    TimelineEntry,
)
from helpers.case_factory import sample_draft

AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_provenance_keeps_the_department_and_the_original_of_a_correction() -> None:
    corrected = FieldSource.corrected("旧地址", "hukou", AT)
    assert (corrected.kind, corrected.original, corrected.verified) == (
        SourceKind.CORRECTED,
        "旧地址",
        False,
    )
    with pytest.raises(ValueError, match="needs the department"):
        FieldSource(SourceKind.DEPARTMENT)
    with pytest.raises(ValueError, match="keeps the department's original"):
        FieldSource(SourceKind.CORRECTED, "hukou", AT)
    with pytest.raises(ValueError, match="needs the department that proved it"):
        Material("户口簿", MaterialState.EXEMPT)


def test_a_draft_needs_an_applicant_and_unique_fields() -> None:
    draft = sample_draft(1)
    with pytest.raises(ValueError, match="at least one applicant"):
        CaseSubmission(draft.service_id, draft.form_version, ())
    with pytest.raises(ValueError, match="each form field once"):
        CaseSubmission(draft.service_id, draft.form_version, draft.applicants, draft.fields * 2)


def test_visits_count_each_resubmission() -> None:
    draft = sample_draft(2)
    moves = [
        (CaseState.DRAFT, CaseState.ACCEPTED),
        (CaseState.ACCEPTED, CaseState.RETURNED),
        (CaseState.RETURNED, CaseState.ACCEPTED),
        (CaseState.ACCEPTED, CaseState.IN_REVIEW),
    ]
    case = Case(
        number="330106001-20260302-00001",
        service_id=draft.service_id,
        form_version=draft.form_version,
        state=CaseState.IN_REVIEW,
        applicants=draft.applicants,
        fields=draft.fields,
        materials=draft.materials,
        accepted_at=AT,
        due_date=date(2026, 3, 9),
        promised_days=5,
        clerk="clerk1",
        window="07",
        timeline=tuple(TimelineEntry(AT, a, b, "clerk1") for a, b in moves),
    )
    assert case.visits == 2
    assert [m.name for m in case.missing_materials] == ["迁入地住房证明"]
    assert case.applicant is draft.applicants[0]
    assert case.field("gender") is not None and case.field("nope") is None
