"""The counter's whole job for one applicant, headless: ``counterapp cases new``.

consent → lookup (every department at once) → pre-fill → eligibility → validation →
materials (exempt or received) → save → the case, ready for its receipt. The steps are a
:class:`~counterapp.app.case_session.CaseSession`'s, the same the desktop walks. Each step
that cannot go on raises a typed error that says what is wrong, in Chinese and English,
and nothing is saved; a lookup and a consent that happened stay in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from counterapp.app.case_acceptance import (
    CounterFlowStopped,
    FormIncomplete,
    MaterialsMissing,
    NotEligible,
)
from counterapp.app.case_session import CaseSession
from counterapp.app.context import CounterContext
from counterapp.cases import Case
from counterapp.consent import ConsentMethod, ConsentRecord
from counterapp.exchange.lookup import LookupResult, OutcomeCallback
from counterapp.forms import (
    EligibilityResult,
    MaterialDecision,
    MaterialHandover,
    PrefilledForm,
    ServiceForm,
)
from counterapp.users import Actor

__all__ = [
    "CounterFlowStopped",
    "CounterOutcome",
    "CounterRequest",
    "FormIncomplete",
    "MaterialsMissing",
    "NotEligible",
    "run_counter_flow",
]


@dataclass(frozen=True)
class CounterRequest:
    """What the clerk enters for one case.

    Attributes:
        service_id: the service (a form id such as ``marriage-registration``).
        applicant_ids: resident ID numbers, main applicant first.
        consent_method: how every applicant gave consent.
        typed: values the clerk types: (field id, applicant number) -> text.
        received: ids of the materials handed over; None means every material the
            departments could not spare was handed over.
        witness: for verbal consent, the second person who witnessed it.
    """

    service_id: str
    applicant_ids: tuple[str, ...]
    consent_method: ConsentMethod
    typed: Mapping[tuple[str, int], str] = field(default_factory=dict)
    received: frozenset[str] | None = None
    witness: str = ""


@dataclass(frozen=True)
class CounterOutcome:
    """Everything the flow found out, and the saved case."""

    form: ServiceForm
    consents: tuple[ConsentRecord, ...]
    lookups: Mapping[int, LookupResult]
    prefilled: PrefilledForm
    eligibility: tuple[EligibilityResult, ...]
    materials: tuple[MaterialDecision, ...]
    case: Case


def run_counter_flow(
    ctx: CounterContext,
    actor: Actor,
    request: CounterRequest,
    *,
    on_outcome: OutcomeCallback | None = None,
    now: datetime | None = None,
) -> CounterOutcome:
    """Take one case from consent to the saved case.

    Raises:
        LookupInputError: an unknown service, a wrong number of applicants, or an invalid
            ID number (the precise reason).
        PermissionDenied: the actor may not look up or create cases.
        NotEligible / FormIncomplete / MaterialsMissing: the case cannot be accepted yet.
    """
    moment = now or datetime.now(UTC)
    session = CaseSession(ctx, actor)
    form = session.choose_service(request.service_id)
    ids = session.enter_ids(request.applicant_ids)  # every ID checked before anyone is asked
    for number in range(1, len(ids) + 1):
        session.record_consent(number, request.consent_method, witness=request.witness, now=moment)
        session.look_up(number, on_outcome=on_outcome)
    session.fill()
    for (field_id, number), text in request.typed.items():
        session.type_value(field_id, number, text)
    results = session.eligibility(moment)
    session.receive(
        (d.material.id, d.applicant)
        for d in session.decisions
        if d.status is MaterialHandover.TO_COLLECT
        and (request.received is None or d.material.id in request.received)
    )
    case = session.submit(now=moment)
    assert session.prefilled is not None
    return CounterOutcome(
        form,
        session.consents,
        session.lookups,
        session.prefilled,
        results,
        session.decisions,
        case,
    )
