"""The lookup report names refused values and stand-ins (issue 10, defects 3 and 4).

A real lookup against the simulator: the household register's connector leaves the birth
date as text (``1990/1/5`` style, no conversion), and social security answers 503, so the
household register's copy of the phone number is used, not authoritative.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import Catalog, load_catalog
from counterapp.catalog.masking import DEFAULT_MASK_POLICY
from counterapp.cli.lookup_report import lookup_report, print_report
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange, LookupResult
from counterapp.sim.connectors import render_connector
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.server import Simulator


@pytest.fixture
def result(
    sim: Simulator,
    population: Population,
    connectors_dir: Path,
    demo_secrets: PlaintextKeyring,
    tmp_path: Path,
) -> tuple[LookupResult, str]:
    catalog = load_catalog()
    person = next(
        p
        for p in population.people.values()
        if not p.deceased and p.id_number in population.social and p.stale_mobile is None
    )
    born = person.birth_date
    as_text = f"{born.year}/{born.month}/{born.day}"
    directory = tmp_path / "connectors"
    directory.mkdir()
    for path in connectors_dir.glob("*.toml"):
        (directory / path.name).write_bytes(path.read_bytes())
    hukou = load_connectors(directory)["hukou"]
    # one field map changed, as IT would edit the file
    requests = tuple(
        dataclasses.replace(
            spec,
            fields=tuple(
                dataclasses.replace(f, convert="", value_map=((born.strftime("%Y%m%d"), as_text),))
                if f.item == "person.birth_date"
                else f
                for f in spec.fields
            ),
        )
        for spec in hukou.requests
    )
    (directory / "hukou.toml").write_text(
        render_connector(dataclasses.replace(hukou, requests=requests)), "utf-8"
    )
    connectors = load_connectors(directory, known_items=frozenset(i.code for i in catalog))
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=503))
    try:
        with DepartmentExchange(
            connectors, catalog, CredentialStore(connectors, backend=demo_secrets)
        ) as exchange:
            found = exchange.lookup(
                person.id_number, ["person.name", "person.birth_date", "person.mobile"]
            )
    finally:
        sim.faults.clear()
    return found, as_text


def test_the_report_names_refused_values_masked_unless_revealed(result) -> None:
    found, as_text = result
    catalog: Catalog = load_catalog()
    report = lookup_report(found, catalog, reveal=False, policy=DEFAULT_MASK_POLICY)
    hukou = report["departments"]["hukou"]  # type: ignore[index]
    [refused] = hukou["refused"]
    assert refused["item"] == "person.birth_date"
    assert refused["reason"] == "not a date (a text)" and refused["reason_zh"]
    assert refused["value"] != as_text and "*" in refused["value"]  # masked like a birth date
    assert "person.birth_date" not in report["items"]  # type: ignore[operator]
    assert "person.birth_date" in report["missing"]  # type: ignore[operator]
    revealed = lookup_report(found, catalog, reveal=True, policy=DEFAULT_MASK_POLICY)
    assert revealed["departments"]["hukou"]["refused"][0]["value"] == as_text  # type: ignore[index]


def test_the_report_marks_a_value_not_from_its_authority(result, capsys) -> None:
    found, _ = result
    catalog = load_catalog()
    report = lookup_report(found, catalog, reveal=False, policy=DEFAULT_MASK_POLICY)
    items = report["items"]
    assert items["person.mobile"]["authoritative"] is False  # type: ignore[index]
    assert items["person.mobile"]["department"] == "hukou"  # type: ignore[index]
    assert items["person.name"]["authoritative"] is True  # type: ignore[index]
    assert report["departments"]["hrss"]["status"] != "ok"  # type: ignore[index]

    print_report(report, catalog)
    out = capsys.readouterr().out
    mobile_line = next(line for line in out.splitlines() if "person.mobile" in line)
    assert "非权威来源 / not authoritative" in mobile_line
    assert "数据问题 / data problem person.birth_date" in out
    assert "未采用 / not used" in out
