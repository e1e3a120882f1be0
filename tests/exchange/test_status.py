"""Every department status has a stable code and labels in both languages."""

from __future__ import annotations

import pytest

from counterapp.exchange.status import DepartmentStatus


@pytest.mark.parametrize("status", list(DepartmentStatus))
def test_labels_and_code_round_trip(status: DepartmentStatus) -> None:
    assert status.label_zh and status.label_en
    assert status.label == f"{status.label_zh} / {status.label_en}"
    assert DepartmentStatus.from_code(status.code) is status


def test_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown department status"):
        DepartmentStatus.from_code("sleepy")
