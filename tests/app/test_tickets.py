"""The ticket queue at the windows on both backends: issue, call, recall, park, transfer,
no-show, finish; the waiting order; who may; the recorded times; and the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from counterapp.app.tickets import (
    TicketChangedMeanwhile,
    TicketNotFound,
    attach_case,
    call_next,
    find_ticket,
    finish,
    issue_ticket,
    no_show,
    park,
    parked_tickets,
    recall,
    tickets_of_day,
    transfer,
    waiting_counts,
    window_ticket,
)
from counterapp.audit.events import EventKind
from counterapp.errors import Language
from counterapp.store.audit_tables import audit_events
from counterapp.tickets import IllegalTicketMove, TicketInputError, TicketState
from counterapp.users import Actor, PermissionDenied, Role
from helpers.case_factory import ADMIN, CLERK

OPENING = datetime(2026, 3, 16, 1, 0, tzinfo=UTC)  # 09:00 in the hall
DAY = date(2026, 3, 16)
OTHER_CLERK = Actor("clerk2", Role.CLERK, "李四", "08")


def at(minutes: float) -> datetime:
    return OPENING + timedelta(minutes=minutes)


def test_tickets_are_numbered_per_category_and_day(engine: Engine) -> None:
    numbers = [issue_ticket(engine, c, now=at(n)).number for n, c in enumerate("AABAB")]
    assert numbers == ["A001", "A002", "B001", "A003", "B002"]
    tomorrow = issue_ticket(engine, "A", now=at(24 * 60))
    assert tomorrow.number == "A001" and tomorrow.hall_day == DAY + timedelta(days=1)
    assert waiting_counts(engine, DAY) == {"A": 3, "B": 2}
    with pytest.raises(TicketInputError):
        issue_ticket(engine, "a", now=at(1))


def test_a_window_calls_its_categories_oldest_first(engine: Engine) -> None:
    for n, category in enumerate("ABCA"):
        issue_ticket(engine, category, now=at(n))
    first = call_next(engine, CLERK, "07", ["B", "C"], now=at(10))
    assert first is not None and first.number == "B001"
    assert first.state is TicketState.CALLED and first.window == "07" and first.calls == 1
    assert first.called_by == "clerk1"
    assert window_ticket(engine, "07") == first
    second = call_next(engine, CLERK, "07", "B,C", now=at(12))
    assert second is not None and second.number == "C001"
    # calling the next finished the one the window was serving
    assert find_ticket(engine, "B001", DAY).state is TicketState.DONE
    assert call_next(engine, CLERK, "07", ["B", "C"], now=at(14)) is None
    assert find_ticket(engine, "C001", DAY).state is TicketState.DONE
    assert window_ticket(engine, "07") is None
    assert waiting_counts(engine, DAY) == {"A": 2}


def test_a_transferred_ticket_waits_ahead_and_keeps_its_number(engine: Engine) -> None:
    for n, category in enumerate("AABB"):
        issue_ticket(engine, category, now=at(n))
    called = call_next(engine, CLERK, "07", ["A"], now=at(5))
    assert called is not None and called.number == "A001"
    moved = transfer(engine, CLERK, called, to_category="B", now=at(8))
    assert moved.state is TicketState.WAITING and moved.number == "A001"
    assert moved.category == "B" and moved.priority > 0
    assert waiting_counts(engine, DAY) == {"A": 1, "B": 3}
    ahead = call_next(engine, OTHER_CLERK, "08", ["B"], now=at(9))
    assert ahead is not None and ahead.number == "A001"  # before B001, issued later
    assert ahead.calls == 2 and ahead.window == "08"
    nxt = call_next(engine, OTHER_CLERK, "08", ["B"], now=at(10))
    assert nxt is not None and nxt.number == "B001"


def test_a_ticket_transferred_to_a_window_is_called_by_that_window_only(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    issue_ticket(engine, "A", now=at(1))
    called = call_next(engine, CLERK, "07", ["A"], now=at(2))
    assert called is not None
    transfer(engine, CLERK, called, to_window="09", now=at(3))
    other = call_next(engine, OTHER_CLERK, "08", ["A"], now=at(4))
    assert other is not None and other.number == "A002"  # not A001: it is window 09's
    assert call_next(engine, OTHER_CLERK, "08", ["A"], now=at(5)) is None
    # window 09 calls it although it serves another category
    target = call_next(engine, CLERK, "09", ["Z"], now=at(6))
    assert target is not None and target.number == "A001" and target.window == "09"


def test_recall_park_call_back_and_the_service_time_without_parking(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    called = call_next(engine, CLERK, "07", ["A"], now=at(5))
    assert called is not None and called.wait_seconds == 300
    again = recall(engine, CLERK, called, now=at(6))
    assert again.state is TicketState.CALLED and again.calls == 2
    parked = park(engine, CLERK, again, now=at(10))  # served 09:05–09:10
    assert parked.state is TicketState.PARKED
    assert parked_tickets(engine, "07", DAY) == [parked]
    assert window_ticket(engine, "07") is None
    back = recall(engine, CLERK, parked, now=at(40))  # 30 minutes away: not service
    assert back.state is TicketState.CALLED and back.calls == 3 and back.window == "07"
    done = finish(engine, CLERK, back, case_number="330106001-20260316-00001", now=at(44))
    assert done.state is TicketState.DONE
    assert done.service_seconds == 9 * 60
    assert done.wait_seconds == 300
    assert done.finished_at == at(44)
    assert done.case_number == "330106001-20260316-00001"


def test_calling_back_a_parked_ticket_finishes_the_one_being_served(engine: Engine) -> None:
    for n in range(2):
        issue_ticket(engine, "A", now=at(n))
    first = call_next(engine, CLERK, "07", ["A"], now=at(2))
    assert first is not None
    parked = park(engine, CLERK, first, now=at(3))
    second = call_next(engine, CLERK, "07", ["A"], now=at(4))
    assert second is not None and second.number == "A002"
    recall(engine, CLERK, parked, now=at(6))
    assert find_ticket(engine, "A002", DAY).state is TicketState.DONE
    assert window_ticket(engine, "07") is not None
    assert window_ticket(engine, "07").number == "A001"  # type: ignore[union-attr]


def test_no_show_and_what_cannot_be_done_after(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    called = call_next(engine, CLERK, "07", ["A"], now=at(1))
    assert called is not None
    gone = no_show(engine, CLERK, recall(engine, CLERK, called, now=at(2)), now=at(4))
    assert gone.state is TicketState.NO_SHOW and gone.calls == 2
    assert gone.service_seconds == 180 and gone.finished_at == at(4)
    with pytest.raises(IllegalTicketMove) as caught:
        recall(engine, CLERK, gone, now=at(5))
    assert "已结束" in caught.value.text(Language.ZH_CN)


def test_a_stale_ticket_changes_nothing(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    called = call_next(engine, CLERK, "07", ["A"], now=at(1))
    assert called is not None
    park(engine, CLERK, called, now=at(2))  # another face parked it meanwhile
    with pytest.raises(TicketChangedMeanwhile) as caught:
        no_show(engine, CLERK, called, now=at(3))
    assert "暂挂" in caught.value.text(Language.ZH_CN)
    assert find_ticket(engine, "A001", DAY).state is TicketState.PARKED


def test_a_case_is_recorded_for_the_ticket_being_served(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    called = call_next(engine, CLERK, "07", ["A"], now=at(1))
    assert called is not None
    served = attach_case(engine, CLERK, called, "330106001-20260316-00007", now=at(6))
    assert served.state is TicketState.CALLED and served.case_number == "330106001-20260316-00007"
    call_next(engine, CLERK, "07", ["A"], now=at(9))  # nobody else: the ticket is done
    done = find_ticket(engine, "A001", DAY)
    assert done.state is TicketState.DONE and done.case_number == "330106001-20260316-00007"
    assert done.service_seconds == 8 * 60


def test_who_may_call_and_move_tickets(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    with pytest.raises(PermissionDenied) as caught:
        call_next(engine, ADMIN, "07", ["A"], now=at(1))
    assert "无权" in caught.value.text(Language.ZH_CN)
    called = call_next(engine, CLERK, "07", ["A"], now=at(1))
    assert called is not None
    for move in (park, no_show, finish):
        with pytest.raises(PermissionDenied):
            move(engine, ADMIN, called, now=at(2))
    assert find_ticket(engine, "A001", DAY).state is TicketState.CALLED


def test_unknown_tickets_are_named(engine: Engine) -> None:
    with pytest.raises(TicketNotFound) as caught:
        find_ticket(engine, "A001", DAY)
    assert "A001" in str(caught.value)
    with pytest.raises(TicketInputError):
        find_ticket(engine, "A1", DAY)


def test_every_move_is_audited_without_personal_data(engine: Engine) -> None:
    issue_ticket(engine, "A", now=at(0))
    called = call_next(engine, CLERK, "07", ["A"], now=at(1))
    assert called is not None
    parked = park(engine, CLERK, called, now=at(2))
    back = recall(engine, CLERK, parked, now=at(3))
    finish(engine, CLERK, back, case_number="330106001-20260316-00001", now=at(4))
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_events.c.kind, audit_events.c.detail, audit_events.c.case_number)
            .where(audit_events.c.kind == EventKind.TICKET.value)
            .order_by(audit_events.c.seq)
        ).all()
    assert [row.detail for row in rows] == [
        "A001 called at window 07 after 60 s waiting",
        "A001 parked at window 07",
        "A001 called back at window 07 (call 2)",
        "A001 done at window 07: served 120 s",
    ]
    assert rows[-1].case_number == "330106001-20260316-00001"
    assert [t.state for t in tickets_of_day(engine, DAY)] == [TicketState.DONE]
