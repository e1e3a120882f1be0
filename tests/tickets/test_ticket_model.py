"""Ticket numbers, categories, states and the legal moves (pure, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from counterapp.errors import Language
from counterapp.tickets import (
    IllegalTicketMove,
    Ticket,
    TicketInputError,
    TicketMove,
    TicketState,
    check_move,
    format_ticket_number,
    parse_category,
    parse_ticket_number,
)

ISSUED = datetime(2026, 3, 16, 1, 0, tzinfo=UTC)


def test_numbers_have_three_digits_and_four_past_999() -> None:
    assert format_ticket_number("A", 1) == "A001"
    assert format_ticket_number("AB", 42) == "AB042"
    assert format_ticket_number("B", 999) == "B999"
    assert format_ticket_number("B", 1000) == "B1000"
    assert parse_ticket_number(" A001 ") == ("A", 1)
    assert parse_ticket_number("AB1024") == ("AB", 1024)


@pytest.mark.parametrize("text", ["a", "", "ABC", "A1", "甲", " "])
def test_a_category_is_one_or_two_capital_letters(text: str) -> None:
    with pytest.raises(TicketInputError) as caught:
        parse_category(text)
    assert "capital letters" in str(caught.value)
    assert "大写字母" in caught.value.text(Language.ZH_CN)


@pytest.mark.parametrize("text", ["A01", "a001", "A000", "001", "ABC001"])
def test_not_a_ticket_number(text: str) -> None:
    with pytest.raises(TicketInputError):
        parse_ticket_number(text)


def test_states_have_both_labels() -> None:
    assert TicketState.NO_SHOW.label_zh == "过号"
    assert TicketState.NO_SHOW.label_en == "no-show"
    assert all(state.label_zh and state.label_en for state in TicketState)
    assert {s for s in TicketState if s.finished} == {TicketState.DONE, TicketState.NO_SHOW}


def test_the_legal_moves() -> None:
    assert check_move("A001", TicketState.WAITING, TicketMove.CALL) is TicketState.CALLED
    assert check_move("A001", TicketState.CALLED, TicketMove.RECALL) is TicketState.CALLED
    assert check_move("A001", TicketState.PARKED, TicketMove.RECALL) is TicketState.CALLED
    assert check_move("A001", TicketState.CALLED, TicketMove.PARK) is TicketState.PARKED
    assert check_move("A001", TicketState.PARKED, TicketMove.TRANSFER) is TicketState.WAITING
    assert check_move("A001", TicketState.CALLED, TicketMove.FINISH) is TicketState.DONE
    assert check_move("A001", TicketState.PARKED, TicketMove.NO_SHOW) is TicketState.NO_SHOW


def test_an_illegal_move_says_what_is_possible_in_both_languages() -> None:
    with pytest.raises(IllegalTicketMove) as caught:
        check_move("A007", TicketState.WAITING, TicketMove.PARK)
    assert str(caught.value) == "ticket A007 is waiting; it cannot be parked (it can be called)"
    assert caught.value.text(Language.ZH_CN) == "A007 号当前为等候中，不能暂挂（可以叫号）"
    with pytest.raises(IllegalTicketMove) as finished:
        check_move("A007", TicketState.DONE, TicketMove.RECALL)
    assert "finished" in str(finished.value)
    assert "已结束" in finished.value.text(Language.ZH_CN)


def test_wait_and_service_time() -> None:
    ticket = Ticket(
        id=1,
        number="A001",
        category="A",
        hall_day=date(2026, 3, 16),
        state=TicketState.CALLED,
        issued_at=ISSUED,
        first_called_at=ISSUED + timedelta(minutes=12),
        called_at=ISSUED + timedelta(minutes=20),
        service_seconds=90,
    )
    assert ticket.wait_seconds == 720
    assert ticket.service_time(ISSUED + timedelta(minutes=21)) == 150
    parked = Ticket(**{**ticket.__dict__, "state": TicketState.PARKED})
    assert parked.service_time(ISSUED + timedelta(hours=2)) == 90  # parking is not service
    fresh = Ticket(1, "A001", "A", date(2026, 3, 16), TicketState.WAITING, ISSUED)
    assert fresh.wait_seconds is None
    assert fresh.service_time(ISSUED + timedelta(hours=1)) == 0
