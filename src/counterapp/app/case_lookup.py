"""The clerk's lookup for a case: permission, consent, the departments, the audit record.

No department is asked about an applicant without a recorded consent that covers every
department the plan will ask and every category of data it wants (PIPL art. 29-30); the
lookup that goes ahead is audited by item codes and departments, never by values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import Engine

from counterapp.app.consent import CONSENT_VALID_FOR, require_consent_for_lookup
from counterapp.app.lookup import LookupInputError
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.catalog import Catalog
from counterapp.config import Settings
from counterapp.consent import scope_of
from counterapp.exchange.lookup import DepartmentExchange, LookupResult, OutcomeCallback
from counterapp.protection import FieldCipher
from counterapp.standards import resident_id
from counterapp.store.audit_log import append_event
from counterapp.users import Actor, Permission, require


def consent_validity(settings: Settings) -> timedelta:
    """How long a recorded consent authorises lookups (setting ``consent.valid_hours``)."""
    return timedelta(hours=settings.get_int("consent.valid_hours"))


def look_up_for_case(
    exchange: DepartmentExchange,
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    id_number: str,
    items: Iterable[str],
    *,
    purpose: str,
    catalog: Catalog,
    case_number: str | None = None,
    on_outcome: OutcomeCallback | None = None,
    departments: Iterable[str] | None = None,
    valid_for: timedelta = CONSENT_VALID_FOR,
    workstation: str = "",
) -> LookupResult:
    """Ask the departments about one applicant for one service, under a recorded consent.

    Args:
        purpose: the service id the applicant consented to.
        case_number: the case, when looking up again for an existing case.
        departments: only these departments (retrying one that failed).
        valid_for: how old a consent may be (:func:`consent_validity` of the settings).

    Raises:
        PermissionDenied: the actor may not look up department records.
        LookupInputError: the ID number is invalid (nothing is asked, nothing audited).
        ConsentMissing / ConsentInsufficient: no consent covers this lookup (audited).
    """
    require(actor, Permission.LOOKUP)
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
    scope = scope_of(catalog, wanted)
    require_consent_for_lookup(
        engine,
        cipher,
        actor,
        checked.normalized,
        purpose,
        asked,
        scope.categories,
        case_number=case_number,
        valid_for=valid_for,
        workstation=workstation,
    )
    result = exchange.lookup(checked.normalized, wanted, on_outcome=on_outcome, departments=asked)
    answered = sum(1 for o in result.outcomes.values() if o.answered)
    with engine.begin() as connection:
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.LOOKUP,
                actor=actor.username,
                success=result.complete,
                case_number=case_number,
                items=tuple(sorted(wanted)),
                departments=tuple(sorted(result.outcomes)),
                detail=f"service {purpose}: {answered} of {len(result.outcomes)} "
                f"departments answered",
                workstation=workstation,
            ),
        )
    return result
