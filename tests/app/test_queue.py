"""The queue use case on both backends: who may see it, pages, filters, a reader's snapshot."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, func, select

from counterapp.app.cases import submit_case
from counterapp.app.queue import QueueFilter, QueueSearchInvalid, case_queue, changed_rows
from counterapp.cases import CaseState, hall_day
from counterapp.protection import FieldCipher
from counterapp.store.audit_log import read_head, snapshot, stream_records
from counterapp.store.case_tables import cases
from counterapp.users import PermissionDenied
from helpers.case_factory import (
    ADMIN,
    CLERK,
    HALL,
    SUPERVISOR,
    resident_id,
    sample_consent,
    sample_draft,
)
from helpers.queue_cases import TODAY, insert_queue_case, newest_first, seed_queue

OPEN = (CaseState.ACCEPTED, CaseState.IN_REVIEW)


def test_a_supervisor_pages_through_the_open_cases(engine: Engine) -> None:
    stored = seed_queue(engine)
    expected = [case.number for case in newest_first(stored) if case.state in OPEN]
    seen: list[str] = []
    page = case_queue(engine, SUPERVISOR, states=OPEN, today=TODAY, limit=6)
    seen += [row.number for row in page.rows]
    while page.next_cursor is not None:
        page = case_queue(
            engine, SUPERVISOR, states=OPEN, today=TODAY, after=page.next_cursor, limit=6
        )
        seen += [row.number for row in page.rows]
    assert seen == expected


def test_overdue_only_lists_open_cases_past_due(engine: Engine) -> None:
    stored = seed_queue(engine)
    page = case_queue(
        engine, SUPERVISOR, states=tuple(CaseState), today=TODAY, overdue_only=True, limit=500
    )
    assert [row.number for row in page.rows] == [
        case.number for case in newest_first(stored) if case.overdue()
    ]
    assert page.rows and all(row.overdue and row.state in OPEN for row in page.rows)


def test_an_admin_may_view_the_queue(engine: Engine) -> None:
    seed_queue(engine, count=5)
    assert len(case_queue(engine, ADMIN, states=tuple(CaseState), today=TODAY).rows) == 5


def test_a_clerk_is_refused_and_nothing_is_read_or_written(engine: Engine) -> None:
    seed_queue(engine, count=5)
    with engine.connect() as connection:
        before = read_head(connection)
    with pytest.raises(PermissionDenied) as refused:
        case_queue(engine, CLERK, states=OPEN, today=TODAY)
    assert refused.value.permission == "view_queue"
    assert "查看办件队列" in refused.value.reason_zh
    with engine.connect() as connection:
        assert read_head(connection) == before


def test_today_defaults_to_the_hall_day(engine: Engine) -> None:
    hall_today = hall_day(datetime.now(UTC))
    with engine.begin() as connection:
        late = insert_queue_case(
            connection,
            sequence=1,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 1, 5, 1, 0, tzinfo=UTC),
            due_date=hall_today - timedelta(days=1),
        )
        on_time = insert_queue_case(
            connection,
            sequence=2,
            state=CaseState.IN_REVIEW,
            accepted_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
            due_date=hall_today,
        )
    page = case_queue(engine, SUPERVISOR, states=OPEN)
    assert {row.number: row.overdue for row in page.rows} == {
        late.number: True,
        on_time.number: False,
    }


def test_the_page_is_read_without_waiting_for_a_writer(engine: Engine) -> None:
    """A writer's open transaction neither blocks the queue nor shows in it uncommitted."""
    stored = seed_queue(engine, count=10)
    with engine.begin() as writer:
        insert_queue_case(
            writer,
            sequence=77,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 16, 2, 0, tzinfo=UTC),
            due_date=date(2026, 3, 23),
        )
        writer.execute(select(func.count()).select_from(cases)).scalar_one()
        page = case_queue(engine, SUPERVISOR, states=tuple(CaseState), today=TODAY)
        assert [row.number for row in page.rows] == [c.number for c in newest_first(stored)]
    page = case_queue(engine, SUPERVISOR, states=tuple(CaseState), today=TODAY)
    assert len(page.rows) == 11


def _submit(engine: Engine, cipher: FieldCipher, n: int, now: datetime):  # type: ignore[no-untyped-def]
    return submit_case(
        engine,
        cipher,
        CLERK,
        sample_draft(n),
        sample_consent(n, at=now),
        hall_code=HALL,
        promised_days=5,
        now=now,
    )


def test_a_supervisor_finds_a_persons_cases_by_resident_id_and_the_search_is_audited(
    engine: Engine,
) -> None:
    cipher = FieldCipher.generate()
    moment = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)
    first = _submit(engine, cipher, 1, moment)
    _submit(engine, cipher, 2, moment + timedelta(minutes=5))
    again = _submit(engine, cipher, 1, moment + timedelta(minutes=10))
    page = case_queue(
        engine,
        SUPERVISOR,
        states=tuple(CaseState),
        today=TODAY,
        filters=QueueFilter(search=f" {resident_id(1)} "),
        cipher=cipher,
        workstation="ws-9",
    )
    assert [row.number for row in page.rows] == [again.number, first.number]
    with snapshot(engine) as connection:
        last = list(stream_records(connection))[-1]
    assert (last.kind, last.actor, last.workstation) == ("lookup", "super1", "ws-9")
    assert resident_id(1) not in last.detail and last.items == ("person.id_number",)
    by_number = case_queue(
        engine,
        SUPERVISOR,
        states=tuple(CaseState),
        today=TODAY,
        filters=QueueFilter(search=first.number),
    )
    assert [row.number for row in by_number.rows] == [first.number]


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        ("hello", "search for a case number", "请输入办件编号"),
        ("110101199003070010", "not a valid resident ID", "身份证号码无效"),
    ],
)
def test_a_search_that_is_neither_a_number_nor_an_id_is_refused_with_the_reason(
    engine: Engine, text: str, english: str, chinese: str
) -> None:
    with pytest.raises(QueueSearchInvalid) as refused:
        case_queue(
            engine,
            SUPERVISOR,
            states=OPEN,
            filters=QueueFilter(search=text),
            cipher=FieldCipher.generate(),
        )
    assert english in refused.value.reason and chinese in refused.value.reason_zh


def test_a_date_range_counts_hall_days_and_a_reversed_one_is_refused(engine: Engine) -> None:
    hall = timezone(timedelta(hours=8))
    with engine.begin() as connection:
        late = insert_queue_case(
            connection,
            sequence=1,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 10, 23, 30, tzinfo=hall).astimezone(UTC),
            due_date=date(2026, 3, 20),
        )
        early = insert_queue_case(
            connection,
            sequence=2,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 11, 0, 30, tzinfo=hall).astimezone(UTC),  # 10 March UTC
            due_date=date(2026, 3, 20),
        )
    page = case_queue(
        engine,
        SUPERVISOR,
        states=OPEN,
        today=TODAY,
        filters=QueueFilter(accepted_from=date(2026, 3, 11), accepted_to=date(2026, 3, 11)),
    )
    assert [row.number for row in page.rows] == [early.number]
    page = case_queue(
        engine,
        SUPERVISOR,
        states=OPEN,
        today=TODAY,
        filters=QueueFilter(accepted_to=date(2026, 3, 10)),
    )
    assert [row.number for row in page.rows] == [late.number]
    with pytest.raises(QueueSearchInvalid, match="ends"):
        case_queue(
            engine,
            SUPERVISOR,
            states=OPEN,
            filters=QueueFilter(accepted_from=date(2026, 3, 11), accepted_to=date(2026, 3, 10)),
        )


def test_changed_rows_rereads_the_named_cases(engine: Engine) -> None:
    stored = seed_queue(engine, count=4)
    rows = changed_rows(engine, SUPERVISOR, [stored[0].number, "330106001-20260101-99999"])
    assert list(rows) == [stored[0].number]
    with pytest.raises(PermissionDenied):
        changed_rows(engine, CLERK, [stored[0].number])
