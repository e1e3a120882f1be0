"""Connector files for the simulator: valid TOML, known catalog codes, paths that resolve."""

from __future__ import annotations

import csv
import io
import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import jmespath
import pytest

from counterapp.resources import resource_path
from counterapp.sim.connectors import write_connectors
from counterapp.sim.departments import DEPARTMENT_IDS
from counterapp.sim.model import Population

# The catalog item codes the simulator's connectors may name (issue brief).
CATALOG_CODES = frozenset(
    {
        "person.id_number",
        "person.name",
        "person.former_name",
        "person.gender",
        "person.birth_date",
        "person.ethnicity",
        "person.hukou_division",
        "person.hukou_address",
        "person.residence_address",
        "person.mobile",
        "person.education",
        "household.number",
        "household.head_name",
        "household.head_id_number",
        "household.relation_to_head",
        "household.members",
        "marriage.status",
        "marriage.spouse_name",
        "marriage.spouse_id_number",
        "marriage.registration_date",
        "marriage.registration_office",
        "marriage.certificate_number",
        "marriage.history",
        "social.insurance_number",
        "social.card_number",
        "social.insured_status",
        "social.employer_name",
        "social.employer_credit_code",
        "social.contribution_months",
        "social.contribution_records",
        "social.pension_enrolled",
        "social.first_insured_date",
        "tax.annual_income",
        "tax.annual_tax_paid",
        "tax.tax_year",
        "tax.withholding_agent",
        "tax.arrears",
        "housing_fund.account_number",
        "housing_fund.balance",
        "housing_fund.monthly_deposit",
        "housing_fund.account_status",
        "housing_fund.contribution_months",
        "housing_fund.employer_name",
        "housing_fund.opened_date",
        "realestate.properties",
        "realestate.property_count",
        "business.credit_code",
        "business.name",
        "business.type",
        "business.operator_name",
        "business.operator_id_number",
        "business.registered_address",
        "business.status",
        "business.established_date",
        "business.scope",
        "business.list",
    }
)


@pytest.fixture(scope="module")
def connectors(sim, tmp_path_factory) -> dict[str, dict]:
    directory = tmp_path_factory.mktemp("connectors")
    files = write_connectors(sim, directory)
    assert [f.name for f in files] == [f"{d}.toml" for d in DEPARTMENT_IDS]
    return {f.stem: tomllib.loads(f.read_text(encoding="utf-8")) for f in files}


def _fields(connector: dict) -> list[dict]:
    return [field for request in connector["requests"] for field in request["fields"]]


def test_files_name_only_catalog_codes_and_cover_them_all(connectors) -> None:
    named = {field["item"] for c in connectors.values() for field in _fields(c)}
    assert named <= CATALOG_CODES
    assert named == CATALOG_CODES


def test_codes_and_list_columns_exist_in_the_shipped_catalog(connectors) -> None:
    catalog_file = resource_path("catalog.toml")
    if not catalog_file.exists():
        pytest.skip("resources/catalog.toml not present")
    catalog = tomllib.loads(catalog_file.read_text(encoding="utf-8"))
    items = {item["code"]: item for item in catalog["items"]}
    for connector in connectors.values():
        for field in _fields(connector):
            assert field["item"] in items, field["item"]
            columns = {c["name"] for c in items[field["item"]].get("columns", [])}
            assert set(field.get("columns", {})) <= columns, field["item"]


def test_urls_auth_and_tls(connectors, sim) -> None:
    for dept, connector in connectors.items():
        assert connector["format_version"] == 1
        assert connector["department"]["id"] == dept
        assert connector["http"]["base_url"] == sim.url(dept)
    assert {d: c["auth"]["scheme"] for d, c in connectors.items()} == {
        "hukou": "hmac",
        "civil": "api_key",
        "hrss": "oauth2",
        "tax": "client_cert",
        "fund": "api_key",
        "realestate": "api_key",
        "market": "none",
    }
    tls = connectors["tax"]["tls"]
    assert Path(tls["ca_bundle"]) == sim.tls.ca_cert
    assert Path(tls["client_cert"]).exists() and Path(tls["client_key"]).exists()
    assert connectors["hrss"]["auth"]["token_url"] == "/oauth/token"
    assert connectors["hukou"]["auth"]["keyring_entry"] == "counterapp/hukou"


def test_no_secret_is_written(sim, tmp_path: Path) -> None:
    write_connectors(sim, tmp_path)
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.toml"))
    for entry in sim.credentials.entries():
        assert entry.secret not in text


def test_ports_mapping_variant(sim, tmp_path: Path) -> None:
    ports = {d: 9000 + i for i, d in enumerate(DEPARTMENT_IDS)}
    write_connectors(ports, tmp_path, sim.tls)
    tax = tomllib.loads((tmp_path / "tax.toml").read_text(encoding="utf-8"))
    assert tax["http"]["base_url"] == f"https://127.0.0.1:{ports['tax']}"
    with pytest.raises(ValueError, match="TLS"):
        write_connectors(ports, tmp_path)


def _resolve(request: dict, body: bytes, path: str) -> object:
    if request["format"] == "json":
        data = json.loads(body.decode(request["encoding"]))
        if request.get("envelope", {}).get("data"):
            data = jmespath.search(request["envelope"]["data"], data)
        return jmespath.search(path, data)
    if request["format"] == "xml":
        found = ET.fromstring(body).findall(path)
        return found or None
    rows = list(csv.DictReader(io.StringIO(body.decode(request["encoding"]))))
    return rows[0].get(path) if rows else None


def _rich_person(population: Population) -> str:
    def score(pid: str) -> int:
        return sum(
            pid in table
            for table in (
                population.marriages,
                population.social,
                population.tax,
                population.housing_fund,
                population.properties,
                population.businesses_by_operator,
            )
        )

    return max(population.people, key=score)


def test_every_field_path_resolves_against_the_live_answer(connectors, client, population):
    person = _rich_person(population)
    nullable = {"person.former_name", "marriage.spouse_name", "marriage.spouse_id_number"}
    for dept, connector in connectors.items():
        for request in connector["requests"]:
            path = request["path"].format(id_number=person)
            query = {k: v.format(id_number=person) for k, v in request["query"].items()}
            if dept == "hukou":
                answer = client.hukou(path, query)
            elif dept == "hrss":
                answer = client.hrss(path, params=query)
            elif dept == "tax":
                answer = client.tax(person)
            else:
                answer = client.lookup(dept, person)
            assert answer.status_code == 200, (dept, request["name"], answer.text[:200])
            for field in request["fields"]:
                value = _resolve(request, answer.content, field["path"])
                if field["item"] in nullable:
                    continue
                assert value not in (None, [], ""), (dept, field["item"])


def test_files_load_with_the_exchange_connector_loader(sim, tmp_path: Path) -> None:
    from counterapp.exchange.connector_loader import load_connectors

    write_connectors(sim, tmp_path)
    loaded = load_connectors(tmp_path, known_items=CATALOG_CODES)
    assert sorted(loaded) == sorted(DEPARTMENT_IDS)
    assert loaded["tax"].tls.client_cert == sim.tls.client_cert
