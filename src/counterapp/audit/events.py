"""What happened, by whom, and whether it succeeded: one audit event (pure, no I/O).

An event names catalog item codes and case numbers, never the personal values themselves
(GB/T 22239-2019 §8.1.4.3: time, user, event type, success or failure; PIPL minimum
necessary). ``detail`` is free text for context, so it is guarded: a long text, or one that
carries an 18-character resident-ID-like token, is refused before it can reach the log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

DETAIL_MAX_LENGTH = 500
"""Longest ``detail`` accepted: room for context, not for a pasted document."""

# 17 digits and a digit or X, standing alone (not part of a longer token such as a hash).
_ID_NUMBER_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


class EventKind(StrEnum):
    """The kinds of things the hall audits; the value is what the log stores."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCKED_OUT = "locked_out"
    LOOKUP = "lookup"
    REVEAL = "reveal"
    PRINT = "print"
    EXPORT = "export"
    CASE_CREATED = "case_created"
    STATE_CHANGE = "state_change"
    CONSENT_RECORDED = "consent_recorded"
    DRAFT_SAVED = "draft_saved"
    ADMIN_ACTION = "admin_action"
    KEY_ROTATED = "key_rotated"
    AUDIT_PURGED = "audit_purged"
    RATED = "rated"
    TICKET = "ticket"


@dataclass(frozen=True)
class AuditEvent:
    """One auditable action, before it is given a place (sequence number) in the chain.

    Attributes:
        kind: what happened.
        actor: the user name, or ``"system"`` / ``"cli-bootstrap"``.
        success: False for a refused or failed attempt (a wrong password, a denied action).
        case_number: the case concerned, if any.
        items: catalog item codes involved (``person.id_number``), never their values.
        departments: department codes asked or concerned.
        detail: short free text without personal values.
        workstation: the window or host the action came from.
    """

    kind: EventKind
    actor: str
    success: bool = True
    case_number: str | None = None
    items: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    detail: str = ""
    workstation: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "departments", tuple(self.departments))
        if not self.actor:
            raise ValueError("an audit event needs an actor (a user name or 'system')")
        if len(self.detail) > DETAIL_MAX_LENGTH:
            raise ValueError(
                f"audit detail is {len(self.detail)} characters; at most "
                f"{DETAIL_MAX_LENGTH} are allowed (name items and cases, not values)"
            )
        if _ID_NUMBER_LIKE.search(self.detail):
            raise ValueError(
                "audit detail contains what looks like a resident ID number; "
                "audit events name catalog items, never personal values"
            )
