"""Tickets (取号叫号): the hall's queue at the windows, pure Python, no I/O.

The store keeps tickets (``counterapp.store.tickets``) and the app layer issues, calls and
moves them (``counterapp.app.tickets``); docs/tickets.md tells the whole story.
"""

from counterapp.tickets.model import (
    Ticket,
    TicketInputError,
    TicketState,
    format_ticket_number,
    parse_category,
    parse_ticket_number,
)
from counterapp.tickets.moves import MOVES, IllegalTicketMove, TicketMove, check_move

__all__ = [
    "MOVES",
    "IllegalTicketMove",
    "Ticket",
    "TicketInputError",
    "TicketMove",
    "TicketState",
    "check_move",
    "format_ticket_number",
    "parse_category",
    "parse_ticket_number",
]
