"""A case at the counter as a draft: what the clerk decided so far, enough to carry on.

The draft keeps what cannot be asked again without the applicant's effort -- the service,
the resident IDs entered, the consents recorded, what the clerk typed, corrected or
picked, and the materials handed over -- and *not* the departments' answers: after a crash
the counter asks the departments again (the consent still covers it while it is valid), so
a restored case never shows stale department data. Stored encrypted by
:mod:`counterapp.app.drafts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from counterapp.consent import ConsentMethod, ConsentRecord
from counterapp.forms import MaterialDecision, PrefilledForm, received_papers
from counterapp.forms.prefill import FieldState, PrefillError, choose, correct, type_value

DRAFT_VERSION = 1


class DraftUnreadable(ValueError):
    """A stored draft cannot be used (another version, or damaged); says which part."""


class EditKind(StrEnum):
    TYPED = "typed"  # a value no department gave
    CORRECTED = "corrected"  # the clerk replaced a department's value
    PICKED = "picked"  # the clerk chose one department where they disagree


@dataclass(frozen=True)
class FieldEdit:
    """One of the clerk's changes to the pre-filled form.

    Attributes:
        value: the text typed or corrected, or the department picked.
    """

    field_id: str
    applicant: int
    kind: EditKind
    value: str


@dataclass(frozen=True)
class InterruptedCase:
    """One applicant's (or couple's) case as far as the clerk got.

    Attributes:
        service_id: the service chosen.
        applicant_ids: the resident IDs entered so far, applicant 1 first.
        consents: the consents recorded so far, in the same order.
        edits: the clerk's changes to the pre-filled form.
        received: (material id, applicant) of the documents handed over.
    """

    service_id: str
    applicant_ids: tuple[str, ...] = ()
    consents: tuple[ConsentRecord, ...] = ()
    edits: tuple[FieldEdit, ...] = ()
    received: tuple[tuple[str, int], ...] = ()

    def to_payload(self) -> dict[str, Any]:
        """The draft as JSON-compatible values (for :func:`counterapp.app.drafts.save_draft`)."""
        return {
            "version": DRAFT_VERSION,
            "service": self.service_id,
            "applicants": list(self.applicant_ids),
            "consents": [_consent_payload(c) for c in self.consents],
            "edits": [[e.field_id, e.applicant, e.kind.value, e.value] for e in self.edits],
            "received": [[material, applicant] for material, applicant in self.received],
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> InterruptedCase:
        """Read a stored draft back.

        Raises:
            DraftUnreadable: another version, or a part that is missing or malformed.
        """
        if payload.get("version") != DRAFT_VERSION:
            raise DraftUnreadable(f"draft version {payload.get('version')!r} is not supported")
        try:
            service = payload["service"]
            ids = tuple(str(i) for i in payload.get("applicants", ()))
            consents = tuple(_consent_from(c) for c in payload.get("consents", ()))
            edits = tuple(
                FieldEdit(str(f), int(a), EditKind(k), str(v))
                for f, a, k, v in payload.get("edits", ())
            )
            received = tuple((str(m), int(a)) for m, a in payload.get("received", ()))
        except (KeyError, TypeError, ValueError) as exc:
            raise DraftUnreadable(f"damaged draft: {exc!r}") from exc
        if not isinstance(service, str) or not service:
            raise DraftUnreadable("the draft names no service")
        if len(consents) > len(ids):
            raise DraftUnreadable("the draft has more consents than applicants")
        return cls(service, ids, consents, edits, received)


def capture(
    service_id: str,
    applicant_ids: Sequence[str],
    consents: Sequence[ConsentRecord],
    prefilled: PrefilledForm | None = None,
    decisions: Sequence[MaterialDecision] = (),
) -> InterruptedCase:
    """The draft of the case on screen now."""
    edits: list[FieldEdit] = []
    for entry in prefilled.fields if prefilled is not None else ():
        field_id, applicant = entry.field.key
        if entry.state is FieldState.TYPED:
            edits.append(FieldEdit(field_id, applicant, EditKind.TYPED, entry.text))
        elif entry.state is FieldState.CORRECTED:
            edits.append(FieldEdit(field_id, applicant, EditKind.CORRECTED, entry.text))
        elif entry.conflict and entry.department is not None:
            edits.append(FieldEdit(field_id, applicant, EditKind.PICKED, entry.department))
    received = received_papers(decisions)
    return InterruptedCase(
        service_id, tuple(applicant_ids), tuple(consents), tuple(edits), received
    )


def reapply(
    prefilled: PrefilledForm, draft: InterruptedCase
) -> tuple[PrefilledForm, tuple[FieldEdit, ...]]:
    """The clerk's edits applied again to a freshly pre-filled form.

    Returns:
        The form, and the edits that no longer fit (the field is gone, a department now
        gives a value that was typed before, a picked department no longer disagrees):
        the clerk checks those fields again.
    """
    skipped: list[FieldEdit] = []
    for edit in draft.edits:
        try:
            entry = prefilled.field(edit.field_id, edit.applicant)
            if edit.kind is EditKind.TYPED:
                prefilled = type_value(prefilled, edit.field_id, edit.applicant, edit.value)
            elif edit.kind is EditKind.CORRECTED:
                prefilled = correct(prefilled, edit.field_id, edit.applicant, edit.value)
            elif entry.conflict:
                prefilled = choose(prefilled, edit.field_id, edit.applicant, edit.value)
            else:
                skipped.append(edit)
        except (KeyError, PrefillError):
            skipped.append(edit)
    return prefilled, tuple(skipped)


def _consent_payload(consent: ConsentRecord) -> dict[str, Any]:
    return {
        "id_number": consent.applicant_id_number,
        "purpose": consent.purpose,
        "method": consent.method.value,
        "departments": sorted(consent.departments),
        "categories": sorted(consent.categories),
        "recorded_by": consent.recorded_by,
        "recorded_at": consent.recorded_at.isoformat(),
        "witness": consent.witness,
    }


def _consent_from(data: Mapping[str, Any]) -> ConsentRecord:
    return ConsentRecord(
        applicant_id_number=str(data["id_number"]),
        purpose=str(data["purpose"]),
        method=ConsentMethod(data["method"]),
        departments=frozenset(str(d) for d in data["departments"]),
        categories=frozenset(str(c) for c in data["categories"]),
        recorded_by=str(data["recorded_by"]),
        recorded_at=datetime.fromisoformat(data["recorded_at"]),
        witness=str(data.get("witness", "")),
    )
