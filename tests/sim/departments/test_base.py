"""Shared department behaviour: routing, method checks, ID validation, money rendering."""

from __future__ import annotations

import json

from counterapp.sim.credentials import derive_credentials
from counterapp.sim.departments.base import SimRequest, path, yuan
from counterapp.sim.departments.market import MarketDepartment
from counterapp.sim.model import Population


def _market() -> MarketDepartment:
    return MarketDepartment(Population(seed=1), derive_credentials(1))


def test_unknown_path_is_404_and_wrong_method_405() -> None:
    department = _market()
    missing = department.handle(SimRequest("GET", "/nothing"))
    assert (missing.status, json.loads(missing.body)["reason"]) == (404, "no_such_endpoint")
    wrong = department.handle(SimRequest("POST", "/api/enterprises"))
    assert (wrong.status, json.loads(wrong.body)["reason"]) == (405, "method_not_allowed")


def test_check_id_normalises_and_explains() -> None:
    department = _market()
    assert department.check_id("11010519491231002x") == "11010519491231002X"
    assert department.check_id("370802940221002") == "370802199402210029"  # old 15 digits
    refusal = department.check_id("11010519491231002Y")
    assert not isinstance(refusal, str) and refusal.status == 400
    assert not isinstance(department.check_id(None), str)


def test_yuan_and_path_patterns() -> None:
    assert yuan(800000) == "8000.00"
    assert yuan(5) == "0.05"
    assert yuan(-1234) == "-12.34"
    match = path("/a/{id}/b").fullmatch("/a/1%2F2/b")
    assert match is not None and match["id"] == "1%2F2"
    assert path("/a/{id}").fullmatch("/a/1/2") is None
