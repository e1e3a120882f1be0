"""An audit event names items and cases; the guard keeps personal values out of detail."""

from __future__ import annotations

import dataclasses

import pytest

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.events import DETAIL_MAX_LENGTH


def test_event_has_no_field_for_values() -> None:
    names = {field.name for field in dataclasses.fields(AuditEvent)}
    assert names == {
        "kind",
        "actor",
        "success",
        "case_number",
        "items",
        "departments",
        "detail",
        "workstation",
    }


def test_lists_become_tuples_and_kind_text_becomes_the_enum() -> None:
    event = AuditEvent("lookup", "clerk1", items=["person.name"], departments=["police"])  # type: ignore[arg-type]
    assert event.kind is EventKind.LOOKUP
    assert event.items == ("person.name",)
    assert event.departments == ("police",)


@pytest.mark.parametrize(
    "detail",
    ["applicant 11010519491231002X asked", "id=110105194912310021", "110105194912310021"],
)
def test_detail_with_an_id_number_is_refused(detail: str) -> None:
    with pytest.raises(ValueError, match="resident ID number"):
        AuditEvent(EventKind.REVEAL, "clerk1", detail=detail)


def test_detail_with_a_hash_or_case_number_is_fine() -> None:
    hash_with_digits = "123456789012345678" + "a" * 46
    AuditEvent(EventKind.ADMIN_ACTION, "admin", detail=f"anchor hash {hash_with_digits}")
    AuditEvent(EventKind.STATE_CHANGE, "clerk1", detail="case HALL01-20250101-000001")


def test_long_detail_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        AuditEvent(EventKind.PRINT, "clerk1", detail="x" * (DETAIL_MAX_LENGTH + 1))


def test_an_actor_is_required() -> None:
    with pytest.raises(ValueError, match="actor"):
        AuditEvent(EventKind.LOGIN, "")
