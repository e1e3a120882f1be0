"""Consent records: what they cover, and refusals that name what is not covered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counterapp.catalog import load_catalog
from counterapp.consent import (
    ConsentInsufficient,
    ConsentMethod,
    ConsentMissing,
    ConsentRecord,
    ConsentScope,
    covers,
    scope_of,
    uncovered,
)
from helpers.case_factory import sample_consent

AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_covers_needs_every_department_and_category() -> None:
    record = sample_consent(1, at=AT)
    assert covers(record, {"hukou"}, {"person"})
    assert covers(record, set(), set())
    assert not covers(record, {"hukou", "civil"}, {"person"})
    assert not covers(record, {"hukou"}, {"person", "marriage"})
    assert uncovered(record, {"hukou", "civil"}, {"marriage", "person"}) == ConsentScope(
        frozenset({"civil"}), frozenset({"marriage"})
    )


def test_the_scope_of_items_comes_from_the_catalog() -> None:
    scope = scope_of(load_catalog(), ["person.name", "marriage.status", "household.number"])
    assert scope == ConsentScope(
        frozenset({"hukou", "civil"}), frozenset({"person", "marriage", "household"})
    )


def test_refusals_name_what_is_missing_never_the_person() -> None:
    gap = ConsentScope(frozenset({"civil", "tax"}), frozenset({"marriage"}))
    error = ConsentInsufficient("marriage-registration", gap)
    assert str(error) == (
        "the applicant's consent for marriage-registration does not cover departments "
        "civil, tax and data categories marriage: record a consent that covers them, "
        "or ask less"
    )
    assert "部门 civil、tax" in error.reason_zh and "数据类别 marriage" in error.reason_zh
    missing = ConsentMissing("hukou-transfer")
    assert "no consent is recorded" in str(missing) and "授权" in missing.reason_zh


def test_methods_have_labels() -> None:
    assert ConsentMethod.VERBAL_WITNESSED.label_zh == "口头同意（两人见证）"
    assert ConsentMethod.ID_CARD_READER.label_zh == "刷证确认"
    assert ConsentMethod.SIGNED_PAPER.label_en == "signed on paper"


def test_a_record_must_be_specific_and_witnessed_when_verbal() -> None:
    base = sample_consent(1, at=AT)
    fields = {**base.__dict__}
    with pytest.raises(ValueError, match="departments and data categories"):
        ConsentRecord(**{**fields, "departments": frozenset()})
    with pytest.raises(ValueError, match="timezone-aware"):
        ConsentRecord(**{**fields, "recorded_at": datetime(2026, 3, 2)})
    verbal = {**fields, "method": ConsentMethod.VERBAL_WITNESSED}
    with pytest.raises(ValueError, match="second witness"):
        ConsentRecord(**verbal)
    with pytest.raises(ValueError, match="second witness"):
        ConsentRecord(**{**verbal, "witness": base.recorded_by})
    assert ConsentRecord(**{**verbal, "witness": "clerk2"}).witness == "clerk2"
