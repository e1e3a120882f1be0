"""Turn a filled-in form and its material decisions into the case the clerk submits.

Each field with a value becomes a :class:`~counterapp.cases.FieldValue` with its source:
the department (and when) for a pre-filled value, the clerk for a typed one, and for a
corrected one the department's original kept beside the clerk's value. A field of applicant
2 or later is stored as ``<id>@<n>`` (a case has each field id once). Materials become
received, exempt (with the verifying department) or missing; an optional material not
handed over is left off.
"""

from __future__ import annotations

from collections.abc import Sequence

from counterapp.cases import (
    Applicant,
    CaseSubmission,
    FieldSource,
    FieldValue,
    Material,
    MaterialState,
)
from counterapp.forms.materials import MaterialDecision, MaterialHandover
from counterapp.forms.model import ServiceForm
from counterapp.forms.prefill import FieldState, PrefilledField, PrefilledForm
from counterapp.forms.validation import FieldProblem, parse_value, validate
from counterapp.forms.values import value_text


class FormNotReady(ValueError):
    """The form has missing or invalid fields; ``problems`` names each one."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message_en for p in self.problems))


def to_case_submission(
    form: ServiceForm,
    prefilled: PrefilledForm,
    materials: Sequence[MaterialDecision],
    applicants: Sequence[Applicant],
) -> CaseSubmission:
    """Build the case submission of a filled-in form.

    Args:
        form: the service form (its id and version go on the case).
        prefilled: the values, as pre-filled, typed, picked and corrected.
        materials: the material decisions, with what the clerk received.
        applicants: the people on the case, main applicant first.

    Raises:
        FormNotReady: a required field is missing or a typed value does not parse.
        ValueError: no applicants.
    """
    problems = validate(form, prefilled)
    if problems:
        raise FormNotReady(problems)
    fields = tuple(
        _field_value(entry) for entry in prefilled.fields if entry.state is not FieldState.MISSING
    )
    return CaseSubmission(
        service_id=form.id,
        form_version=form.version,
        applicants=tuple(applicants),
        fields=fields,
        materials=tuple(m for d in materials if (m := _material(d)) is not None),
    )


def _field_value(entry: PrefilledField) -> FieldValue:
    field = entry.field
    if entry.state is FieldState.PREFILLED and entry.provenance is not None:
        source = FieldSource.from_department(
            entry.provenance.department,
            entry.provenance.retrieved_at,
            verified=entry.provenance.verified,
        )
        return FieldValue(field.case_id, field.item, entry.text, source)
    text = parse_value(field, entry.text).text or entry.text  # canonical: 2026-03-01 ...
    if entry.state is FieldState.CORRECTED and entry.original is not None:
        original = entry.original
        source = FieldSource.corrected(
            value_text(original.value),
            original.provenance.department,
            original.provenance.retrieved_at,
        )
        return FieldValue(field.case_id, field.item, text, source)
    return FieldValue(field.case_id, field.item, text, FieldSource.typed())


_STATUS = {
    MaterialHandover.RECEIVED: MaterialState.RECEIVED,
    MaterialHandover.EXEMPT: MaterialState.EXEMPT,
    MaterialHandover.TO_COLLECT: MaterialState.MISSING,
}


def _material(decision: MaterialDecision) -> Material | None:
    if decision.status is MaterialHandover.TO_COLLECT and not decision.material.required:
        return None
    exempt = decision.status is MaterialHandover.EXEMPT
    return Material(
        name=decision.name_zh,
        status=_STATUS[decision.status],
        exempted_by=",".join(decision.verified_by) if exempt else None,
        proven_items=decision.material.proves if exempt else (),
    )
