"""The one way Counter asks a department about a person: guarded first, audited after.

Every path that reaches a department (the clerk's case, ``counterapp cases new``,
``counterapp lookup``, the demo, a probe) comes through here, with one of three reasons:

- :class:`ForCase`: a clerk's lookup for a service; needs the ``lookup`` permission and a
  recorded consent covering every department asked and every category of data wanted
  (PIPL art. 29-30).
- :class:`ForDiagnosis`: IT asking about a real person to find a fault; needs the
  ``diagnose_departments`` permission and a stated reason.
- a probe (:func:`probe_departments`): each department's own test identity from its
  connector's ``[probe]`` table; no applicant is involved, so no user or consent is
  needed, and it is audited under the operating-system login that ran it.

Each lookup leaves one audit record (who, why, which items and departments; never values)
and one ``department_answers`` row per department for the scorecard. Every request of a
lookup carries the lookup's reference (header ``X-Counter-Reference``), which its audit
record names (``reference <hex>``), so a department's log and the hall's audit trail match.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from counterapp.app.consent import CONSENT_VALID_FOR, require_consent_for_lookup
from counterapp.app.lookup import LookupInputError
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.catalog import Catalog
from counterapp.consent import scope_of
from counterapp.exchange.lookup import (
    DepartmentExchange,
    DepartmentOutcome,
    LookupResult,
    OutcomeCallback,
)
from counterapp.protection import FieldCipher
from counterapp.standards import resident_id
from counterapp.store.audit_log import append_event
from counterapp.store.department_answers import DepartmentAnswerStat, record_answers
from counterapp.users import Actor, Permission, require


@dataclass(frozen=True)
class ForCase:
    """A lookup for a service the applicant consented to.

    Attributes:
        purpose: the service id the consent names.
        case_number: the case, when looking up again for an existing one.
        valid_for: how old the consent may be.
    """

    purpose: str
    case_number: str | None = None
    valid_for: timedelta = CONSENT_VALID_FOR


@dataclass(frozen=True)
class ForDiagnosis:
    """IT asking about a real person to diagnose a department; the reason is audited."""

    reason: str


LookupReason = ForCase | ForDiagnosis


class DiagnosisReasonMissing(LookupInputError):
    """A diagnostic lookup without a reason."""

    def __init__(self) -> None:
        super().__init__(
            "a diagnostic lookup needs a reason (--reason TEXT); it is audited",
            "诊断查询须说明理由（--reason），并记入审计日志",
        )


def look_up(
    exchange: DepartmentExchange,
    engine: Engine,
    cipher: FieldCipher | None,
    actor: Actor,
    id_number: str,
    items: Iterable[str],
    *,
    why: LookupReason,
    catalog: Catalog,
    on_outcome: OutcomeCallback | None = None,
    departments: Iterable[str] | None = None,
    workstation: str = "",
) -> LookupResult:
    """Ask the departments the items need about one person, if the reason allows it.

    Args:
        cipher: reads the consent records; needed for a case, unused for a diagnosis.
        why: the case (consent checked) or the diagnosis (reason recorded).
        departments: only these departments (retrying one that failed).

    Raises:
        PermissionDenied: the actor lacks the reason's permission (nothing is asked).
        LookupInputError: the ID number is invalid or a diagnosis has no reason.
        ConsentMissing / ConsentInsufficient: no consent covers a case lookup (audited).
    """
    if isinstance(why, ForCase):
        require(actor, Permission.LOOKUP)
    else:
        require(actor, Permission.DIAGNOSE_DEPARTMENTS)
        if not why.reason.strip():
            raise DiagnosisReasonMissing()
    checked = resident_id.validate(id_number)
    if not checked.ok or checked.normalized is None:
        raise LookupInputError(checked.reason, checked.reason_zh)
    wanted = frozenset(items)
    plan = exchange.plan(wanted)
    asked = (
        plan.departments
        if departments is None
        else tuple(d for d in plan.departments if d in set(departments))
    )
    stand_ins = (*asked, *plan.fallback_departments)  # a diagnosis may ask every stand-in
    if isinstance(why, ForCase):
        if cipher is None:
            raise ValueError("a case lookup reads the consent records: pass the cipher")
        consent = require_consent_for_lookup(
            engine,
            cipher,
            actor,
            checked.normalized,
            why.purpose,
            asked,
            scope_of(catalog, wanted).categories,
            case_number=why.case_number,
            valid_for=why.valid_for,
            workstation=workstation,
        )
        # a department that stands in for a failed authority is asked only if consented to
        covered = (d for d in plan.fallback_departments if d in consent.departments)
        stand_ins = (*asked, *covered)
        reason, case_number, detail = "case", why.case_number, f"service {why.purpose}"
    else:
        reason, case_number, detail = "diagnosis", None, f"diagnosis: {why.reason.strip()}"
    reference = new_reference()
    result = exchange.lookup(
        checked.normalized,
        wanted,
        on_outcome=on_outcome,
        departments=asked,
        fallbacks=stand_ins,
        reference=reference,
    )
    _record(
        engine,
        actor.username,
        result,
        reason=reason,
        case_number=case_number,
        detail=detail,
        reference=reference,
        workstation=workstation,
    )
    return result


def new_reference() -> str:
    """A fresh lookup reference: 32 hex digits, sent to the departments and audited."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ProbeOutcome:
    """One department's answer to a probe with its test identity.

    Attributes:
        department: the department id.
        name_zh / name_en: its names.
        outcome: how the probe ended; None when the connector has no ``[probe]`` identity.
    """

    department: str
    name_zh: str
    name_en: str
    outcome: DepartmentOutcome | None

    @property
    def configured(self) -> bool:
        """True when the connector names a test identity to probe with."""
        return self.outcome is not None


def probe_departments(
    exchange: DepartmentExchange,
    engine: Engine,
    *,
    operator: str,
    departments: Iterable[str] | None = None,
    workstation: str = "",
) -> tuple[ProbeOutcome, ...]:
    """Ask each department (every request of its connector) about its own test identity.

    Args:
        operator: who runs the probe (the operating-system login); named in the audit.
        departments: only these (None: every connected department).

    Returns:
        One outcome per department, in connector order; departments without a ``[probe]``
        identity are listed with ``outcome`` None and are not asked.
    """
    chosen = list(exchange.connectors if departments is None else departments)
    identities = {
        dept: probe.id_number
        for dept in chosen
        if (probe := exchange.connectors[dept].probe) is not None
    }
    reference = new_reference()
    outcomes = exchange.probe(identities, reference=reference)
    if outcomes:
        items = sorted(set().union(*(exchange.connectors[d].items for d in outcomes)))
        with engine.begin() as connection:
            append_event(
                connection,
                AuditEvent(
                    kind=EventKind.LOOKUP,
                    actor=operator or "system",
                    success=all(o.answered for o in outcomes.values()),
                    items=tuple(items),
                    departments=tuple(sorted(outcomes)),
                    detail=(
                        "probe: each department's test identity ([probe] of its connector); "
                        f"reference {reference}"
                    ),
                    workstation=workstation,
                ),
            )
            record_answers(connection, _stats(outcomes, {}, reason="probe", case_number=None))
    return tuple(
        ProbeOutcome(
            dept,
            exchange.connectors[dept].name_zh,
            exchange.connectors[dept].name_en,
            outcomes.get(dept),
        )
        for dept in chosen
    )


def _record(
    engine: Engine,
    actor: str,
    result: LookupResult,
    *,
    reason: str,
    case_number: str | None,
    detail: str,
    reference: str,
    workstation: str,
) -> None:
    """The audit record and the scorecard rows of one lookup, in one transaction."""
    answered = sum(1 for o in result.outcomes.values() if o.answered)
    disagreed: dict[str, int] = {}
    for conflict in result.values.conflicts:
        for other in conflict.others:
            dept = other.provenance.department
            disagreed[dept] = disagreed.get(dept, 0) + 1
    with engine.begin() as connection:
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.LOOKUP,
                actor=actor,
                success=result.complete,
                case_number=case_number,
                items=tuple(sorted(result.plan.items)),
                departments=tuple(sorted(result.outcomes)),
                detail=(
                    f"{detail}: {answered} of {len(result.outcomes)} departments answered; "
                    f"reference {reference}"
                ),
                workstation=workstation,
            ),
        )
        record_answers(
            connection,
            _stats(result.outcomes, disagreed, reason=reason, case_number=case_number),
        )


def _stats(
    outcomes: Mapping[str, DepartmentOutcome],
    disagreed: Mapping[str, int],
    *,
    reason: str,
    case_number: str | None,
) -> list[DepartmentAnswerStat]:
    return [
        DepartmentAnswerStat(
            department=dept,
            reason=reason,
            status=outcome.status.code,
            latency_ms=round(outcome.latency_ms),
            values_given=len(outcome.answer.values) if outcome.answer is not None else 0,
            values_refused=len(outcome.problems) + len(outcome.refused),
            conflicts=disagreed.get(dept, 0),
            case_number=case_number,
        )
        for dept, outcome in outcomes.items()
    ]
