"""The lookup use case's input rules (the network part is covered in tests/exchange)."""

from __future__ import annotations

import pytest

from counterapp.app.guarded_lookup import ForDiagnosis, look_up
from counterapp.app.lookup import LookupInputError, wanted_items
from counterapp.catalog import load_catalog
from counterapp.forms import load_forms
from helpers.case_factory import SUPERVISOR


def test_wanted_items_from_a_service_and_codes() -> None:
    catalog = load_catalog()
    forms = load_forms(catalog)
    items = wanted_items(catalog, forms, service="realestate-record-inquiry", items=["tax.arrears"])
    assert items == forms["realestate-record-inquiry"].items | {"tax.arrears"}
    with pytest.raises(LookupInputError, match="unknown service 'x'"):
        wanted_items(catalog, forms, service="x")
    with pytest.raises(LookupInputError, match=r"person\.nmae"):
        wanted_items(catalog, forms, items=["person.nmae"])
    with pytest.raises(LookupInputError, match="nothing to look up"):
        wanted_items(catalog, forms, items=["", " "])


@pytest.mark.parametrize(
    ("id_number", "reason"),
    [
        ("110105194912310021", "check character should be X"),
        ("11010519491331002X", "19491331 is not a date"),
        ("1101051949123100", "must be 18 characters"),
    ],
)
def test_an_invalid_id_number_never_reaches_a_department(id_number: str, reason: str) -> None:
    with pytest.raises(LookupInputError) as caught:
        look_up(
            None,  # type: ignore[arg-type]  # never reached: the ID is checked first
            None,  # type: ignore[arg-type]
            None,
            SUPERVISOR,
            id_number,
            ["person.name"],
            why=ForDiagnosis("ticket 7"),
            catalog=None,  # type: ignore[arg-type]
        )
    assert reason in caught.value.reason
    assert caught.value.reason_zh
