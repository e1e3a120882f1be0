"""The fault board: one fault per department, counted down per request; spec parsing."""

from __future__ import annotations

import pytest

from counterapp.sim.faults import Fault, FaultBoard, FaultError, FaultKind, parse_spec


@pytest.fixture
def board() -> FaultBoard:
    return FaultBoard(("hukou", "tax"))


def test_a_counted_fault_expires_after_n_requests(board: FaultBoard) -> None:
    board.set("hukou", Fault(FaultKind.HTTP_500, count=2))
    assert board.take("hukou") == Fault(FaultKind.HTTP_500, count=2)
    assert board.take("hukou") == Fault(FaultKind.HTTP_500, count=1)
    assert board.take("hukou") is None
    assert board.list() == []


def test_an_uncounted_fault_stays_until_cleared(board: FaultBoard) -> None:
    board.set("tax", Fault(FaultKind.DROP))
    for _ in range(5):
        assert board.take("tax") == Fault(FaultKind.DROP)
    assert board.take("hukou") is None
    board.clear("tax")
    assert board.take("tax") is None


def test_set_replaces_and_clear_all(board: FaultBoard) -> None:
    board.set("hukou", Fault(FaultKind.LATENCY, 100))
    board.set("hukou", Fault(FaultKind.TIMEOUT))
    board.set("tax", Fault(FaultKind.MALFORMED))
    assert [(a.department, a.fault.kind) for a in board.list()] == [
        ("hukou", FaultKind.TIMEOUT),
        ("tax", FaultKind.MALFORMED),
    ]
    board.clear()
    assert board.list() == []


def test_unknown_department_is_refused(board: FaultBoard) -> None:
    with pytest.raises(FaultError, match="unknown department"):
        board.set("police", Fault(FaultKind.DROP))
    with pytest.raises(FaultError):
        board.clear("police")


def test_defaults_and_caps() -> None:
    assert Fault(FaultKind.LATENCY).value == 1000
    assert Fault(FaultKind.HTTP_500).value == 500
    assert Fault(FaultKind.TIMEOUT, 600_000).value == 60_000
    assert Fault(FaultKind.DROP).value is None
    with pytest.raises(FaultError):
        Fault(FaultKind.HTTP_500, 404)
    with pytest.raises(FaultError):
        Fault(FaultKind.DROP, count=0)


def test_parse_spec() -> None:
    assert parse_spec("hukou=latency:800") == ("hukou", Fault(FaultKind.LATENCY, 800))
    assert parse_spec("tax=http_500") == ("tax", Fault(FaultKind.HTTP_500))
    assert parse_spec("fund=HTTP_500:503") == ("fund", Fault(FaultKind.HTTP_500, 503))
    for bad in ("hukou", "=drop", "hukou=", "hukou=explode", "hukou=latency:soon"):
        with pytest.raises(FaultError):
            parse_spec(bad)


def test_json_shape() -> None:
    board = FaultBoard(("hukou",))
    board.set("hukou", Fault(FaultKind.OVERSIZED, 5, 3))
    assert [a.to_json() for a in board.list()] == [
        {"department": "hukou", "kind": "oversized", "arg": 5, "count": 3}
    ]
