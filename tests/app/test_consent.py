"""No lookup without recorded consent covering the departments and categories asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from counterapp.app.consent import record_consent, require_consent_for_lookup
from counterapp.audit.events import EventKind
from counterapp.catalog import load_catalog
from counterapp.consent import ConsentInsufficient, ConsentMissing, scope_of
from counterapp.protection import FieldCipher, is_token
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.store.case_tables import consent_records
from counterapp.users import PermissionDenied
from helpers.case_factory import ADMIN, CLERK, SERVICE, resident_id, sample_consent

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def check(engine: Engine, cipher: FieldCipher, n: int, departments, categories, **kwargs):  # type: ignore[no-untyped-def]
    return require_consent_for_lookup(
        engine, cipher, CLERK, resident_id(n), SERVICE, departments, categories, now=NOW, **kwargs
    )


def last_event(engine: Engine):  # type: ignore[no-untyped-def]
    with snapshot(engine) as connection:
        return list(stream_records(connection))[-1]


def test_a_lookup_without_consent_is_refused_and_audited(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    with pytest.raises(
        ConsentMissing, match=f"no consent is recorded from this applicant for {SERVICE}"
    ):
        check(engine, cipher, 1, {"hukou"}, {"person"})
    event = last_event(engine)
    assert (event.kind, event.success, event.departments) == (EventKind.LOOKUP, False, ("hukou",))
    assert resident_id(1) not in repr(event)


def test_recorded_consent_allows_the_lookup_it_covers(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    consent = sample_consent(2, at=NOW - timedelta(minutes=3))
    record_consent(engine, cipher, CLERK, consent, workstation="window 07")
    scope = scope_of(load_catalog(), ["person.name", "household.number"])
    found = check(engine, cipher, 2, scope.departments, scope.categories)
    assert found == consent
    event = last_event(engine)
    assert (event.kind, event.actor, event.workstation) == (
        EventKind.CONSENT_RECORDED,
        "clerk1",
        "window 07",
    )
    assert "method id_card_reader" in event.detail and event.departments == ("hukou",)
    with engine.connect() as connection:
        stored = connection.execute(select(consent_records.c.applicant_id_number)).scalar_one()
    assert is_token(stored)


def test_consent_that_does_not_cover_names_what_is_missing(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    record_consent(engine, cipher, CLERK, sample_consent(3, at=NOW))
    with pytest.raises(ConsentInsufficient) as caught:
        check(engine, cipher, 3, {"hukou", "civil", "tax"}, {"person", "marriage"})
    assert caught.value.missing.departments == {"civil", "tax"}
    assert caught.value.missing.categories == {"marriage"}
    assert "departments civil, tax and data categories marriage" in str(caught.value)
    event = last_event(engine)
    assert event.success is False and "civil, tax" in event.detail


def test_consent_is_for_one_purpose_one_person_and_one_visit(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    record_consent(engine, cipher, CLERK, sample_consent(4, at=NOW - timedelta(hours=13)))
    with pytest.raises(ConsentMissing):  # recorded yesterday: a new visit needs a new consent
        check(engine, cipher, 4, {"hukou"}, {"person"})
    record_consent(engine, cipher, CLERK, replace(sample_consent(4, at=NOW), purpose="other"))
    with pytest.raises(ConsentMissing):
        check(engine, cipher, 4, {"hukou"}, {"person"})
    with pytest.raises(ConsentMissing):
        check(engine, cipher, 5, {"hukou"}, {"person"})


def test_a_consent_used_for_a_case_serves_that_case_only(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    used = replace(sample_consent(6, at=NOW), case_number="330106001-20260302-00001")
    record_consent(engine, cipher, CLERK, used)
    with pytest.raises(ConsentMissing):
        check(engine, cipher, 6, {"hukou"}, {"person"})
    assert check(engine, cipher, 6, {"hukou"}, {"person"}, case_number=used.case_number) == used


def test_consent_is_recorded_by_the_signed_in_clerk_only(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    with pytest.raises(ValueError, match="recorded by the signed-in user"):
        record_consent(engine, cipher, CLERK, sample_consent(7, recorded_by="someone"))
    with pytest.raises(PermissionDenied):
        record_consent(engine, cipher, ADMIN, sample_consent(7, recorded_by="admin1"))
    with pytest.raises(PermissionDenied):
        require_consent_for_lookup(
            engine, cipher, ADMIN, resident_id(7), SERVICE, {"hukou"}, {"person"}
        )
