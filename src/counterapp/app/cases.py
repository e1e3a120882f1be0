"""Submit a case, move it through its states, find a person's cases.

Each use case checks the actor's permission first, then writes everything — the case, its
parts, its timeline and its audit event — in one transaction: a crash or a kill leaves the
whole case or none of it, and never a case without its audit event.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, Engine

from counterapp.app.clock import utc_now
from counterapp.app.consent import consent_event
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases import (
    Case,
    CaseState,
    CaseSubmission,
    DueDate,
    SourceKind,
    TimelineEntry,
    check_transition,
    hall_day,
    is_resubmission,
    parse_case_number,
    permission_for,
    promised_due_date,
)
from counterapp.catalog import Catalog, Classification, load_catalog
from counterapp.consent import ConsentInsufficient, ConsentMissing, ConsentRecord, uncovered
from counterapp.errors import CounterError
from counterapp.protection import FieldCipher
from counterapp.store import cases as case_store
from counterapp.store.audit_log import append_event
from counterapp.store.case_changes import case_changed
from counterapp.store.consents import consents_for, insert_consent, link_consent
from counterapp.users import Actor, Permission, require

ALLOCATOR = case_store.CaseNumberAllocator()


class CaseNotFound(CounterError, LookupError):
    """No case has this number; ``reason_zh`` says the same in Chinese."""

    def __init__(self, number: str) -> None:
        super().__init__(f"there is no case {number}", f"没有编号为 {number} 的办件")


@cache
def _default_catalog() -> Catalog:
    return load_catalog()


def plain_items(catalog: Catalog) -> frozenset[str]:
    """Catalog items whose values may be stored unencrypted: classification below 3."""
    return frozenset(item.code for item in catalog if item.level < Classification.SENSITIVE)


def _check_consent(draft: CaseSubmission, consent: ConsentRecord | None, catalog: Catalog) -> None:
    """Department-sourced values need the main applicant's consent covering their source."""
    shared = [f for f in draft.fields if f.source.kind is not SourceKind.TYPED]
    if not shared:
        return
    if consent is None or consent.purpose != draft.service_id:
        raise ConsentMissing(draft.service_id)
    main_applicant = draft.applicants[0].id_number
    if case_store.normalize_id_number(consent.applicant_id_number) == (
        case_store.normalize_id_number(main_applicant)
    ):
        departments = {f.source.department or "" for f in shared}
        categories = {
            catalog.item(f.item).category
            for f in shared
            if f.item is not None and f.item in catalog
        }
        gap = uncovered(consent, departments, categories)
        if gap.departments or gap.categories:
            raise ConsentInsufficient(draft.service_id, gap)
        return
    raise ConsentMissing(draft.service_id)


def submit_case(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    draft: CaseSubmission,
    consent: ConsentRecord | None,
    *,
    hall_code: str,
    promised_days: int,
    window: str | None = None,
    catalog: Catalog | None = None,
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Accept a case: give it a number and a due date, and store it with its audit event.

    Args:
        draft: the service, applicants, field values and materials.
        consent: the main applicant's consent for the lookup that filled the department
            values; required when any value came from a department. It is linked to the
            case (and stored first, if it was not recorded yet).
        hall_code: the setting ``hall.code``, the numbers' prefix.
        promised_days: the service's promised processing time in working days.
        window: the service window (default: the actor's).
        catalog: the data catalog (classification decides what is encrypted).
        now: the clock (tests); the hall's day of ``now`` dates the number.

    Raises:
        PermissionDenied: the actor may not create cases.
        ConsentMissing / ConsentInsufficient: department values without covering consent.
        CalendarNotCovered: the acceptance day is before the holiday calendar's first
            year. A due date beyond its last year is counted Monday–Friday and stored as
            provisional instead (``Case.due_date_provisional``).
    """
    require(actor, Permission.CREATE_CASE)
    catalog = catalog or _default_catalog()
    _check_consent(draft, consent, catalog)
    moment = utc_now(now)
    day = hall_day(moment)
    due = promised_due_date(day, promised_days)
    case = Case(
        number=case_store.pending_number(),
        service_id=draft.service_id,
        form_version=draft.form_version,
        state=CaseState.ACCEPTED,
        applicants=draft.applicants,
        fields=draft.fields,
        materials=draft.materials,
        accepted_at=moment,
        due_date=due.day,
        due_date_provisional=due.provisional,
        promised_days=promised_days,
        clerk=actor.username,
        window=actor.window if window is None else window,
        timeline=(TimelineEntry(moment, CaseState.DRAFT, CaseState.ACCEPTED, actor.username),),
    )
    shared = [f for f in case.fields if f.source.kind is not SourceKind.TYPED]
    with engine.begin() as connection:
        case_id = case_store.insert_case(connection, cipher, case, plain_items(catalog))
        consent_id = None if consent is None else _recorded_consent(connection, cipher, consent)
        # Everything from here to the commit is serialized across workstations (the counter
        # row, then the audit chain head, stay locked): keep it short.
        number = ALLOCATOR.allocate(connection, hall_code, day)
        case = replace(case, number=str(number))
        case_store.assign_number(connection, case_id, number)
        case_changed(connection, case.number, moment)
        if consent_id is not None:
            link_consent(connection, consent_id, case.number)
        elif consent is not None:
            linked = replace(consent, case_number=case.number)
            insert_consent(connection, cipher, linked)
            append_event(connection, consent_event(actor, linked, workstation))
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.CASE_CREATED,
                actor=actor.username,
                case_number=case.number,
                items=tuple(sorted({f.item for f in shared if f.item})),
                departments=tuple(sorted({f.source.department or "" for f in shared})),
                detail=f"service {case.service_id} {case.form_version}; {_due_text(due)}",
                workstation=workstation,
            ),
        )
    return case


def _due_text(due: DueDate) -> str:
    """The due date as the audit event states it, e.g. ``due 2027-01-08 (provisional: …)``."""
    if due.provisional:
        return f"due {due.day.isoformat()} (provisional: holiday calendar not yet published)"
    return f"due {due.day.isoformat()}"


def _recorded_consent(
    connection: Connection, cipher: FieldCipher, consent: ConsentRecord
) -> int | None:
    """The id of the stored, not yet used record of ``consent``, or None (not recorded)."""
    for stored in consents_for(connection, cipher, consent.applicant_id_number, consent.purpose):
        record = stored.record
        if record.case_number is None and record.recorded_at == consent.recorded_at:
            return stored.id
    return None


def transition(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    to_state: CaseState,
    reason: str = "",
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Move a case to ``to_state``: permission, legality, timeline and audit in one go.

    A resubmission (returned → accepted) counts the promised working days again from the
    day the applicant came back (provisional beyond the holiday calendar, as on submit).

    Raises:
        PermissionDenied: the actor may not make this move; nothing changes.
        InvalidCaseNumber: ``case_number`` is malformed.
        CaseNotFound: no such case.
        IllegalTransition: the case's state does not allow the move; nothing changes.
    """
    if to_state is not CaseState.DRAFT:
        require(actor, permission_for(to_state))
    number = str(parse_case_number(case_number))
    moment = utc_now(now)
    with engine.begin() as connection:
        head = case_store.lock_case(connection, number)
        if head is None:
            raise CaseNotFound(number)
        move_locked(connection, cipher, actor, head, to_state, reason, moment, workstation)
        case = case_store.load_case(connection, cipher, number)
    assert case is not None
    return case


def move_locked(
    connection: Connection,
    cipher: FieldCipher,
    actor: Actor,
    head: case_store.CaseHead,
    to_state: CaseState,
    reason: str,
    moment: datetime,
    workstation: str,
) -> case_store.CaseHead:
    """Move a case locked by ``lock_case`` in the caller's transaction; its new head.

    Checks legality (not permission: the caller did), sets the state (a resubmission's new
    due date too), appends the timeline entry, announces the change and audits it.

    Raises:
        IllegalTransition: the case's state does not allow the move.
    """
    number = head.number
    check_transition(number, head.state, to_state)
    due = None
    if is_resubmission(head.state, to_state):
        due = promised_due_date(hall_day(moment), head.promised_days)
    case_store.update_state(connection, head.id, to_state, moment, due=due)
    entry = TimelineEntry(moment, head.state, to_state, actor.username, reason)
    case_store.append_timeline(connection, cipher, head.id, entry)
    case_changed(connection, number, moment)
    append_event(
        connection,
        AuditEvent(
            kind=EventKind.STATE_CHANGE,
            actor=actor.username,
            case_number=number,
            detail=f"{head.state.value} -> {to_state.value}",
            workstation=workstation,
        ),
    )
    return replace(
        head,
        state=to_state,
        version=head.version + 1,
        due_date=head.due_date if due is None else due.day,
    )


def get_case(engine: Engine, cipher: FieldCipher, actor: Actor, case_number: str) -> Case:
    """One case with its values (the screen masks them).

    Raises:
        PermissionDenied: the actor may not see applicants' data (admins).
        InvalidCaseNumber / CaseNotFound: no such case.
    """
    require(actor, Permission.LOOKUP)
    number = str(parse_case_number(case_number))
    with engine.connect() as connection:
        case = case_store.load_case(connection, cipher, number)
    if case is None:
        raise CaseNotFound(number)
    return case


def find_cases_by_applicant(
    engine: Engine, cipher: FieldCipher, actor: Actor, id_number: str, *, workstation: str = ""
) -> list[Case]:
    """The cases a person is on, newest first; the search is audited (never the ID).

    Raises:
        PermissionDenied: the actor may not look up applicants' data.
    """
    require(actor, Permission.LOOKUP)
    with engine.begin() as connection:
        numbers = case_store.find_by_applicant(connection, id_number, cipher)
        found = [case_store.load_case(connection, cipher, number) for number in numbers]
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.LOOKUP,
                actor=actor.username,
                items=("person.id_number",),
                detail=f"find cases by resident ID: {len(numbers)} found",
                workstation=workstation,
            ),
        )
    return [case for case in found if case is not None]
