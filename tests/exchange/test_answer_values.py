"""The typed result model: records, values and answers (values.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from counterapp.catalog.values import CatalogValue, Provenance, Record
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer


def test_records_compare_with_mappings_and_are_hashable() -> None:
    record = Record({"name": "王𠮷", "tags": ["a"]})
    assert record == {"name": "王𠮷", "tags": ["a"]}
    assert record != {"name": "王𠮷"}
    assert hash(record) == hash(Record({"tags": ["a"], "name": "王𠮷"}))
    assert list(record) == ["name", "tags"]
    assert "Record(" in repr(record)
    with pytest.raises(TypeError):
        record["name"] = "x"  # type: ignore[index]


def test_answers_are_read_only() -> None:
    provenance = Provenance("hukou", datetime(2025, 1, 1, tzinfo=UTC))
    values = {"person.name": CatalogValue("person.name", "张三", provenance)}
    answer = ParsedAnswer(DepartmentStatus.OK, values)
    values.clear()
    assert set(answer.values) == {"person.name"}
    assert answer.ok
    with pytest.raises(TypeError):
        answer.values["x"] = None  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.status = DepartmentStatus.NOT_FOUND  # type: ignore[misc]
    assert provenance.verified


def test_failure_constructors() -> None:
    assert ParsedAnswer.bad_response("x").status is DepartmentStatus.BAD_RESPONSE
    assert ParsedAnswer.not_found("y").message == "y"
    assert not ParsedAnswer.not_found("y").ok
