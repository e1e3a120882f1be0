"""Submitting and moving cases: one transaction each, permissions, legality, deadlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from counterapp.app.cases import (
    CaseNotFound,
    find_cases_by_applicant,
    get_case,
    submit_case,
    transition,
)
from counterapp.app.consent import record_consent
from counterapp.app.drafts import DraftNotYours, discard_draft, load_drafts, save_draft
from counterapp.audit.events import EventKind
from counterapp.cases import (
    CalendarNotCovered,
    CaseState,
    CaseSubmission,
    FieldSource,
    FieldValue,
    IllegalTransition,
    InvalidCaseNumber,
)
from counterapp.consent import ConsentInsufficient, ConsentMissing
from counterapp.protection import FieldCipher
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.store.case_tables import case_timeline, cases, consent_records
from counterapp.users import Actor, PermissionDenied, Role
from helpers.case_checks import chain_intact
from helpers.case_factory import (
    ADMIN,
    CLERK,
    HALL,
    SUPERVISOR,
    calendar_ending,
    resident_id,
    sample_consent,
    sample_draft,
)

# Friday 13 February 2026, 10:00 in the hall: the last working day before the Spring
# Festival except the adjusted working Saturday 14 February (see tests/cases/test_deadlines.py).
FRIDAY = datetime(2026, 2, 13, 2, 0, tzinfo=UTC)


def submit(engine: Engine, cipher: FieldCipher, n: int, *, now: datetime = FRIDAY, **kwargs):  # type: ignore[no-untyped-def]
    return submit_case(
        engine,
        cipher,
        CLERK,
        sample_draft(n),
        sample_consent(n, at=now),
        hall_code=HALL,
        promised_days=kwargs.pop("promised_days", 5),
        now=now,
        **kwargs,
    )


def audit_trail(engine: Engine) -> list[tuple[str, str | None, bool]]:
    with snapshot(engine) as connection:
        return [(r.kind, r.case_number, r.success) for r in stream_records(connection)]


def count(engine: Engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_submit_numbers_dates_stores_and_audits_the_case(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    first = submit(engine, cipher, 1)
    second = submit(engine, cipher, 2, window="09")
    assert (first.number, second.number) == (f"{HALL}-20260213-00001", f"{HALL}-20260213-00002")
    assert first.due_date == date(2026, 2, 27)  # Sat 14 Feb works; 15–23 Feb off
    assert not first.due_date_provisional
    assert (first.state, first.clerk, first.window, second.window) == (
        CaseState.ACCEPTED,
        "clerk1",
        "07",
        "09",
    )
    assert get_case(engine, cipher, CLERK, first.number) == first
    trail = audit_trail(engine)
    assert trail == [
        (EventKind.CONSENT_RECORDED, first.number, True),
        (EventKind.CASE_CREATED, first.number, True),
        (EventKind.CONSENT_RECORDED, second.number, True),
        (EventKind.CASE_CREATED, second.number, True),
    ]
    chain_intact(engine)


def test_the_case_event_names_items_and_departments_never_values(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = submit(engine, cipher, 3)
    with snapshot(engine) as connection:
        (created,) = [r for r in stream_records(connection) if r.kind == EventKind.CASE_CREATED]
    assert created.items == (
        "household.relation_to_head",
        "person.gender",
        "person.hukou_address",
        "person.id_number",
        "person.name",
    )
    assert created.departments == ("hukou",)
    text = repr(created)
    for value in (case.applicant.name, case.applicant.id_number, case.fields[2].value):
        assert value not in text


def test_a_recorded_consent_is_linked_not_stored_twice(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    consent = sample_consent(4, at=FRIDAY - timedelta(minutes=5))
    record_consent(engine, cipher, CLERK, consent)
    case = submit_case(
        engine, cipher, CLERK, sample_draft(4), consent, hall_code=HALL, promised_days=1, now=FRIDAY
    )
    with engine.connect() as connection:
        linked = connection.execute(select(consent_records.c.case_number)).scalars().all()
    assert linked == [case.number]
    assert [kind for kind, _, _ in audit_trail(engine)] == [
        EventKind.CONSENT_RECORDED,
        EventKind.CASE_CREATED,
    ]


def test_department_values_need_covering_consent(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    draft = sample_draft(5)
    args = {"hall_code": HALL, "promised_days": 5, "now": FRIDAY}
    with pytest.raises(ConsentMissing):
        submit_case(engine, cipher, CLERK, draft, None, **args)
    with pytest.raises(ConsentMissing):  # someone else's consent
        submit_case(engine, cipher, CLERK, draft, sample_consent(6, at=FRIDAY), **args)
    narrow = replace(sample_consent(5, at=FRIDAY), categories=frozenset({"person"}))
    with pytest.raises(ConsentInsufficient, match="data categories household"):
        submit_case(engine, cipher, CLERK, draft, narrow, **args)
    assert count(engine, cases) == 0 and audit_trail(engine) == []
    typed_only = CaseSubmission(
        draft.service_id,
        draft.form_version,
        draft.applicants,
        (FieldValue("destination_address", None, "杭州", FieldSource.typed()),),
    )
    assert submit_case(engine, cipher, CLERK, typed_only, None, **args).number.endswith("00001")


def test_only_case_workers_submit(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    with pytest.raises(PermissionDenied):
        submit_case(
            engine,
            cipher,
            ADMIN,
            sample_draft(1),
            sample_consent(1),
            hall_code=HALL,
            promised_days=1,
        )
    assert count(engine, cases) == 0


def test_a_day_before_the_calendar_refuses_before_writing(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    with pytest.raises(CalendarNotCovered, match="no data for 2003"):
        submit(engine, cipher, 1, now=datetime(2003, 3, 3, 2, 0, tzinfo=UTC))
    assert count(engine, cases) == 0 and audit_trail(engine) == []


def case_created_detail(engine: Engine, number: str) -> str:
    with snapshot(engine) as connection:
        (created,) = [
            r
            for r in stream_records(connection)
            if r.kind == EventKind.CASE_CREATED and r.case_number == number
        ]
    return created.detail


def test_a_deadline_beyond_the_calendar_is_accepted_as_provisional(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar_ending(monkeypatch, 2026)
    cipher = FieldCipher.generate()
    sunday = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)  # 10:00 in the hall
    late = submit(engine, cipher, 13, now=sunday, promised_days=20)
    # 21–31 Dec are official working days 1–9; then Mon–Fri: 1 Jan, 4–8 Jan, 11–15 Jan.
    assert (late.due_date, late.due_date_provisional) == (date(2027, 1, 15), True)
    assert get_case(engine, cipher, CLERK, late.number) == late
    with engine.connect() as connection:
        stored = connection.execute(
            select(cases.c.due_date, cases.c.due_date_provisional).where(
                cases.c.number == late.number
            )
        ).one()
    assert tuple(stored) == (date(2027, 1, 15), True)
    assert case_created_detail(engine, late.number) == (
        "service hukou-transfer 2026.1; "
        "due 2027-01-15 (provisional: holiday calendar not yet published)"
    )

    monday = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    exact = submit(engine, cipher, 14, now=monday, promised_days=5)
    assert (exact.due_date, exact.due_date_provisional) == (date(2026, 12, 7), False)
    assert get_case(engine, cipher, CLERK, exact.number) == exact
    assert case_created_detail(engine, exact.number).endswith("; due 2026-12-07")


def test_a_resubmission_beyond_the_calendar_is_provisional(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar_ending(monkeypatch, 2026)
    cipher = FieldCipher.generate()
    case = submit(engine, cipher, 15)
    assert not case.due_date_provisional
    transition(engine, cipher, SUPERVISOR, case.number, CaseState.RETURNED, "缺件")
    monday = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
    back = transition(engine, cipher, CLERK, case.number, CaseState.ACCEPTED, "补齐", now=monday)
    # Tue 29 – Thu 31 Dec (official), then Fri 1 Jan and Mon 4 Jan (Mon–Fri estimate).
    assert (back.due_date, back.due_date_provisional) == (date(2027, 1, 4), True)
    assert get_case(engine, cipher, CLERK, case.number) == back


def test_the_whole_life_of_a_case_with_a_resubmission(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = submit(engine, cipher, 7)
    monday = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    returned = transition(engine, cipher, SUPERVISOR, case.number, CaseState.RETURNED, "缺住房证明")
    assert returned.state is CaseState.RETURNED and returned.timeline[-1].reason == "缺住房证明"
    back = transition(engine, cipher, CLERK, case.number, CaseState.ACCEPTED, "补齐", now=monday)
    assert back.due_date == date(2026, 3, 9)  # 5 working days counted again from Mon 2 Mar
    assert back.visits == 2
    transition(engine, cipher, SUPERVISOR, case.number, CaseState.IN_REVIEW)
    done = transition(engine, cipher, SUPERVISOR, case.number, CaseState.COMPLETED, "准予")
    assert [(e.from_state, e.to_state, e.actor) for e in done.timeline] == [
        (CaseState.DRAFT, CaseState.ACCEPTED, "clerk1"),
        (CaseState.ACCEPTED, CaseState.RETURNED, "super1"),
        (CaseState.RETURNED, CaseState.ACCEPTED, "clerk1"),
        (CaseState.ACCEPTED, CaseState.IN_REVIEW, "super1"),
        (CaseState.IN_REVIEW, CaseState.COMPLETED, "super1"),
    ]
    changes = [t for t in audit_trail(engine) if t[0] == EventKind.STATE_CHANGE]
    assert changes == [(EventKind.STATE_CHANGE, case.number, True)] * 4
    chain_intact(engine)


def test_an_illegal_transition_is_refused_and_changes_nothing(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = submit(engine, cipher, 8)
    before = audit_trail(engine)
    with pytest.raises(IllegalTransition) as caught:
        transition(engine, cipher, SUPERVISOR, case.number, CaseState.COMPLETED, "直接办结")
    assert str(caught.value) == (
        f"case {case.number} is accepted; it cannot be completed before review "
        "(allowed next: in review, returned for correction, rejected)"
    )
    with pytest.raises(IllegalTransition, match="cannot be put back to draft"):
        transition(engine, cipher, SUPERVISOR, case.number, CaseState.DRAFT)
    assert get_case(engine, cipher, CLERK, case.number) == case
    assert count(engine, case_timeline) == 1 and audit_trail(engine) == before


@pytest.mark.parametrize(
    "target", [CaseState.COMPLETED, CaseState.IN_REVIEW, CaseState.REJECTED, CaseState.RETURNED]
)
def test_a_clerk_cannot_make_supervisor_moves(engine: Engine, target: CaseState) -> None:
    cipher = FieldCipher.generate()
    case = submit(engine, cipher, 9)
    if target is CaseState.COMPLETED:
        transition(engine, cipher, SUPERVISOR, case.number, CaseState.IN_REVIEW)
    before = get_case(engine, cipher, CLERK, case.number)
    trail = audit_trail(engine)
    with pytest.raises(PermissionDenied) as caught:
        transition(engine, cipher, CLERK, case.number, target, "自己办结")
    assert caught.value.reason_zh
    assert get_case(engine, cipher, CLERK, case.number) == before
    assert audit_trail(engine) == trail


def test_an_admin_can_neither_move_nor_read_cases(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = submit(engine, cipher, 10)
    with pytest.raises(PermissionDenied):
        transition(engine, cipher, ADMIN, case.number, CaseState.REJECTED)
    with pytest.raises(PermissionDenied):
        get_case(engine, cipher, ADMIN, case.number)
    with pytest.raises(PermissionDenied):
        find_cases_by_applicant(engine, cipher, ADMIN, resident_id(10))


def test_unknown_and_malformed_numbers(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    with pytest.raises(CaseNotFound, match=f"no case {HALL}-20260213-00001"):
        transition(engine, cipher, SUPERVISOR, f"{HALL}-20260213-00001", CaseState.IN_REVIEW)
    with pytest.raises(InvalidCaseNumber):
        get_case(engine, cipher, CLERK, "42")


def test_find_cases_by_applicant_is_audited_without_the_id(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    first = submit(engine, cipher, 11)
    submit(engine, cipher, 12)
    second = submit(engine, cipher, 11, now=FRIDAY + timedelta(hours=1))
    found = find_cases_by_applicant(engine, cipher, CLERK, resident_id(11))
    assert [c.number for c in found] == [second.number, first.number]
    with snapshot(engine) as connection:
        last = list(stream_records(connection))[-1]
    assert (last.kind, last.items) == (EventKind.LOOKUP, ("person.id_number",))
    assert resident_id(11) not in repr(last)


def test_drafts_survive_and_stay_private(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    other = Actor("clerk2", Role.CLERK)
    assert save_draft(engine, cipher, CLERK, "form-1", {"name": "张𬌗"}, now=FRIDAY)
    assert not save_draft(engine, cipher, CLERK, "form-1", {"name": "张𬌗", "mobile": "138"})
    with pytest.raises(DraftNotYours):
        save_draft(engine, cipher, other, "form-1", {})
    (draft,) = load_drafts(engine, cipher, CLERK)
    assert draft.payload == {"name": "张𬌗", "mobile": "138"}
    assert load_drafts(engine, cipher, other) == []
    with pytest.raises(PermissionDenied):
        load_drafts(engine, cipher, ADMIN)
    assert discard_draft(engine, CLERK, "form-1") and not discard_draft(engine, CLERK, "form-1")
    kinds = [kind for kind, _, _ in audit_trail(engine)]
    assert kinds == [EventKind.DRAFT_SAVED]  # the first save only, not every autosave
