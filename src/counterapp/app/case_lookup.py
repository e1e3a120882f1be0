"""The clerk's lookup for a case: the guarded lookup (:mod:`guarded_lookup`) for a service.

No department is asked about an applicant without a recorded consent that covers every
department the plan will ask and every category of data it wants (PIPL art. 29-30); the
lookup that goes ahead is audited by item codes and departments, never by values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import Engine

from counterapp.app.consent import CONSENT_VALID_FOR
from counterapp.app.guarded_lookup import ForCase, look_up
from counterapp.catalog import Catalog
from counterapp.config import Settings
from counterapp.exchange.lookup import DepartmentExchange, LookupResult, OutcomeCallback
from counterapp.protection import FieldCipher
from counterapp.users import Actor


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
    return look_up(
        exchange,
        engine,
        cipher,
        actor,
        id_number,
        items,
        why=ForCase(purpose, case_number, valid_for),
        catalog=catalog,
        on_outcome=on_outcome,
        departments=departments,
        workstation=workstation,
    )
