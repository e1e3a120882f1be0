"""市场监管: public business registry, by credit code and by operator, no auth."""

from __future__ import annotations

from counterapp.sim.model import Population


def test_enterprise_by_credit_code(client, population: Population) -> None:
    business = next(iter(population.businesses.values()))
    answer = client.market(f"/api/enterprises/{business.credit_code}")
    assert answer.status_code == 200
    data = answer.json()
    assert data == {
        "uniscid": business.credit_code,
        "entname": business.name,
        "enttype": business.kind,
        "name": population.people[business.operator_id].name,
        "cerno": business.operator_id,
        "dom": business.address,
        "regstate": business.status,
        "estdate": business.established.isoformat(),
        "opscope": business.scope,
    }


def test_enterprises_by_operator(client, population: Population) -> None:
    operator, codes = next(iter(population.businesses_by_operator.items()))
    answer = client.market("/api/enterprises", params={"cerno": operator})
    data = answer.json()
    assert data["total"] == len(codes)
    assert [item["uniscid"] for item in data["items"]] == list(codes)


def test_person_without_business_gets_an_empty_list(client, population: Population, pick):
    person = pick(lambda p: p.id_number not in population.businesses_by_operator)
    answer = client.market("/api/enterprises", params={"cerno": person.id_number})
    assert (answer.status_code, answer.json()) == (200, {"total": 0, "items": []})


def test_not_found_and_malformed(client, unknown_id: str) -> None:
    assert client.market("/api/enterprises", params={"cerno": unknown_id}).status_code == 404
    assert client.market("/api/enterprises/91350100M000100Y43").status_code == 404  # valid
    bad_code = client.market("/api/enterprises/91350100M000100Y4Z")
    assert (bad_code.status_code, bad_code.json()["reason"]) == (400, "invalid_credit_code")
    bad_id = client.market("/api/enterprises", params={"cerno": "11010519491231002"})
    assert (bad_id.status_code, bad_id.json()["reason"]) == (400, "invalid_id_number")
