"""不动产: a JSON list per owner, API key, and a deterministic slowness."""

from __future__ import annotations

from counterapp.sim.departments.base import SimRequest
from counterapp.sim.departments.realestate import RealEstateDepartment
from counterapp.sim.model import Population


def test_owner_gets_every_property(client, population: Population, pick) -> None:
    owner = pick(lambda p: p.id_number in population.properties)
    owned = sorted(population.properties[owner.id_number], key=lambda p: p.registered)
    answer = client.realestate(owner.id_number)
    assert answer.status_code == 200
    records = answer.json()
    assert isinstance(records, list)
    assert [r["certNo"] for r in records] == [p.certificate_number for p in owned]
    first, prop = records[0], owned[0]
    assert first["unitNo"] == prop.unit_number
    assert first["location"] == prop.address
    assert first["area"] == float(prop.area_m2)
    assert first["usage"] == prop.use
    assert first["registerDate"] == prop.registered.isoformat()
    assert first["shareType"] == prop.share
    others = [population.people[i].name for i in prop.owner_ids if i != owner.id_number]
    assert first["coOwners"] == others


def test_owner_of_nothing_gets_an_empty_list(client, population: Population, pick) -> None:
    person = pick(lambda p: p.id_number not in population.properties)
    answer = client.realestate(person.id_number)
    assert (answer.status_code, answer.json()) == (200, [])


def test_wrong_key_unknown_person_and_malformed_id(client, unknown_id: str, pick) -> None:
    person = pick(lambda p: True)
    refused = client.realestate(person.id_number, key="demo-wrong")
    assert (refused.status_code, refused.json()["errorCode"]) == (401, "unauthorized")
    missing = client.realestate(unknown_id)
    assert (missing.status_code, missing.json()["errorCode"]) == (404, "not_found")
    malformed = client.realestate("abc")
    assert (malformed.status_code, malformed.json()["errorCode"]) == (400, "invalid_id_number")


def test_latency_is_deterministic_per_url_and_bounded(population, sim) -> None:
    department = RealEstateDepartment(population, sim.credentials, max_latency_ms=2000)
    waits = {
        department.latency_s(SimRequest("GET", f"/bdc/api/v2/owners/{i}/properties"))
        for i in list(population.people)[:50]
    }
    assert all(0.3 <= w <= 2.0 for w in waits)
    assert len(waits) > 40  # spread, not one constant
    again = SimRequest("GET", "/bdc/api/v2/owners/x/properties")
    assert department.latency_s(again) == department.latency_s(again)
    assert RealEstateDepartment(population, sim.credentials, max_latency_ms=0).latency_s(again) == 0
