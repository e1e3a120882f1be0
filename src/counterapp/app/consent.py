"""Record the applicant's consent, and refuse a lookup that has none.

PIPL art. 29–30 and 35: a lookup for a case requires a consent record naming who agreed,
for which purpose, how, when, and which departments and categories of data it covers.
:func:`require_consent_for_lookup` is the check the lookup use case calls before it asks
any department; it raises, so no code path can forget to look at a returned flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine

from counterapp.app.clock import utc_now
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.catalog import Catalog
from counterapp.consent import (
    ConsentError,
    ConsentInsufficient,
    ConsentMethod,
    ConsentMissing,
    ConsentRecord,
    covers,
    scope_of,
    uncovered,
)
from counterapp.consent.signature import Signature
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.protection import FieldCipher
from counterapp.store.audit_log import append_event
from counterapp.store.consents import consents_for, insert_consent
from counterapp.store.signatures import insert_signature
from counterapp.users import Actor, Permission, require

CONSENT_VALID_FOR = timedelta(hours=12)
"""How long a recorded consent authorises lookups: the applicant's visit, not for ever."""


def consent_for_lookup(
    exchange: DepartmentExchange,
    catalog: Catalog,
    actor: Actor,
    id_number: str,
    purpose: str,
    items: Iterable[str],
    method: ConsentMethod,
    *,
    witness: str = "",
    now: datetime | None = None,
) -> ConsentRecord:
    """The consent a lookup of ``items`` for ``purpose`` needs: its departments and categories.

    The departments are the plan's, plus those asked only when an item's authoritative
    department is down (the fallbacks), so the applicant agrees to all of them up front.
    """
    wanted = frozenset(items)
    plan = exchange.plan(wanted)
    return ConsentRecord(
        applicant_id_number=id_number,
        purpose=purpose,
        method=method,
        departments=frozenset(plan.departments) | frozenset(plan.fallback_departments),
        categories=scope_of(catalog, wanted).categories,
        recorded_by=actor.username,
        recorded_at=utc_now(now),
        witness=witness,
    )


def consent_event(
    actor: Actor, consent: ConsentRecord, workstation: str, signature: Signature | None = None
) -> AuditEvent:
    """The CONSENT_RECORDED audit event: purpose, method and scope (and how the applicant
    signed), never the person."""
    signed = f"; {signature.method.label_en}" if signature is not None else ""
    return AuditEvent(
        kind=EventKind.CONSENT_RECORDED,
        actor=actor.username,
        case_number=consent.case_number,
        departments=tuple(sorted(consent.departments)),
        detail=(
            f"purpose {consent.purpose}; method {consent.method.value}; "
            f"categories {','.join(sorted(consent.categories))}{signed}"
        ),
        workstation=workstation,
    )


def record_consent(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    consent: ConsentRecord,
    *,
    workstation: str = "",
    signature: Signature | None = None,
) -> int:
    """Store the applicant's consent and audit it (CONSENT_RECORDED) in one transaction.

    Args:
        consent: recorded by ``actor`` (its ``recorded_by`` must be the actor's username).
        signature: the applicant's signature for the consent and the application, drawn
            on their screen or given on paper; stored encrypted with the consent record.

    Returns:
        The consent record's id.

    Raises:
        PermissionDenied: the actor may not look up department records.
        ValueError: ``consent.recorded_by`` is someone else.
    """
    require(actor, Permission.LOOKUP)
    if consent.recorded_by != actor.username:
        raise ValueError(
            f"consent is recorded by the signed-in user ({actor.username}), "
            f"not {consent.recorded_by!r}"
        )
    with engine.begin() as connection:
        consent_id = insert_consent(connection, cipher, consent)
        if signature is not None:
            insert_signature(
                connection,
                cipher,
                signature,
                consent_id=consent_id,
                captured_at=consent.recorded_at,
                captured_by=actor.username,
            )
        append_event(connection, consent_event(actor, consent, workstation, signature))
    return consent_id


def require_consent_for_lookup(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    applicant_id: str,
    purpose: str,
    departments: Iterable[str],
    categories: Iterable[str],
    *,
    case_number: str | None = None,
    now: datetime | None = None,
    valid_for: timedelta = CONSENT_VALID_FOR,
    workstation: str = "",
) -> ConsentRecord:
    """The consent that covers this lookup; raises when there is none.

    A consent counts when it is the applicant's, for ``purpose``, recorded within
    ``valid_for``, and either not yet used for a case or used for ``case_number``. A
    refusal is audited here (LOOKUP, success false, naming the departments and the
    reason); the lookup use case audits a lookup that goes ahead.

    Args:
        applicant_id: the applicant's resident ID number.
        purpose: the service id the lookup is for.
        departments: the departments about to be asked.
        categories: the catalog categories asked for (see
            :func:`counterapp.consent.scope_of`).
        case_number: the case, when looking up again for an existing case.

    Raises:
        PermissionDenied: the actor may not look up department records.
        ConsentMissing: no usable consent is recorded.
        ConsentInsufficient: the newest usable consent leaves some departments or
            categories uncovered; ``missing`` names them.
    """
    require(actor, Permission.LOOKUP)
    wanted_departments = frozenset(departments)
    wanted_categories = frozenset(categories)
    moment = utc_now(now)
    with engine.begin() as connection:
        usable = [
            stored.record
            for stored in consents_for(
                connection, cipher, applicant_id, purpose, since=moment - valid_for
            )
            if stored.record.case_number in (None, case_number)
        ]
        for record in usable:
            if covers(record, wanted_departments, wanted_categories):
                return record
        refusal: ConsentError
        if not usable:
            refusal = ConsentMissing(purpose)
        else:
            gap = uncovered(usable[0], wanted_departments, wanted_categories)
            refusal = ConsentInsufficient(purpose, gap)
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.LOOKUP,
                actor=actor.username,
                success=False,
                case_number=case_number,
                departments=tuple(sorted(wanted_departments)),
                detail=f"refused: {refusal}",
                workstation=workstation,
            ),
        )
    raise refusal
