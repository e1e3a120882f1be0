"""What may happen to a ticket, and the error when it may not.

waiting → called (call) → done (finish) | no-show; a called ticket may be called again
(recall), parked while the applicant fetches something and called back (recall), or
transferred back to waiting for another window or category. A parked ticket may also be
transferred or marked a no-show (the applicant never came back). Done and no-show tickets
are finished.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from counterapp.errors import CounterError
from counterapp.tickets.model import TicketState

__all__ = ["MOVES", "IllegalTicketMove", "TicketMove", "check_move"]


class TicketMove(StrEnum):
    """One thing a window does with a ticket."""

    CALL = "call"
    RECALL = "recall"
    PARK = "park"
    TRANSFER = "transfer"
    NO_SHOW = "no_show"
    FINISH = "finish"

    @property
    def verb_en(self) -> str:
        """English, after "cannot be": ``called``, ``parked`` ..."""
        return _VERBS[self][0]

    @property
    def verb_zh(self) -> str:
        """Chinese, after "不能": ``叫号``, ``暂挂`` ..."""
        return _VERBS[self][1]


_VERBS: Mapping[TicketMove, tuple[str, str]] = {
    TicketMove.CALL: ("called", "叫号"),
    TicketMove.RECALL: ("called again", "重呼"),
    TicketMove.PARK: ("parked", "暂挂"),
    TicketMove.TRANSFER: ("transferred", "转移"),
    TicketMove.NO_SHOW: ("marked a no-show", "标记过号"),
    TicketMove.FINISH: ("finished", "办结"),
}

S = TicketState
MOVES: Mapping[TicketMove, tuple[frozenset[TicketState], TicketState]] = MappingProxyType(
    {
        TicketMove.CALL: (frozenset({S.WAITING}), S.CALLED),
        TicketMove.RECALL: (frozenset({S.CALLED, S.PARKED}), S.CALLED),
        TicketMove.PARK: (frozenset({S.CALLED}), S.PARKED),
        TicketMove.TRANSFER: (frozenset({S.CALLED, S.PARKED}), S.WAITING),
        TicketMove.NO_SHOW: (frozenset({S.CALLED, S.PARKED}), S.NO_SHOW),
        TicketMove.FINISH: (frozenset({S.CALLED}), S.DONE),
    }
)
"""Each move: the states it may start from, and the state it leads to."""


class IllegalTicketMove(CounterError, ValueError):
    """A move the ticket's state does not allow.

    Attributes:
        number: the ticket.
        current: its state now.
        move: what was asked.
    """

    def __init__(self, number: str, current: TicketState, move: TicketMove) -> None:
        self.number = number
        self.current = current
        self.move = move
        if current.finished:
            tail_en, tail_zh = "(it is finished)", "（该号已结束）"
        else:
            allowed = [m for m in TicketMove if current in MOVES[m][0]]
            tail_en = f"(it can be {', '.join(m.verb_en for m in allowed)})"
            tail_zh = f"（可以{'、'.join(m.verb_zh for m in allowed)}）"
        super().__init__(
            f"ticket {number} is {current.label_en}; it cannot be {move.verb_en} {tail_en}",
            f"{number} 号当前为{current.label_zh}，不能{move.verb_zh}{tail_zh}",
        )


def check_move(number: str, current: TicketState, move: TicketMove) -> TicketState:
    """The state ``move`` leads to from ``current``; raises :class:`IllegalTicketMove`."""
    sources, target = MOVES[move]
    if current not in sources:
        raise IllegalTicketMove(number, current, move)
    return target
