"""人社: camelCase JSON behind OAuth2 client credentials, paginated contribution records."""

from __future__ import annotations

import pytest

from counterapp.sim.departments.base import yuan
from counterapp.sim.model import Population


@pytest.fixture
def insured(population: Population, pick):
    return pick(lambda p: len(population.social.get(p.id_number, _NONE).contributions) > 12)


class _NoRecord:
    contributions = ()


_NONE = _NoRecord()


def test_token_is_a_bearer_token_with_a_lifetime(client) -> None:
    answer = client.hrss_token()
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 7200
    assert len(token["access_token"]) >= 32


def test_insured_person_matches_the_records(client, population: Population, insured) -> None:
    record = population.social[insured.id_number]
    answer = client.hrss(f"/api/v1/insured-persons/{insured.id_number}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["name"] == insured.name
    assert data["gender"] == {"1": "M", "2": "F"}[insured.gender]
    assert data["birthDate"] == insured.birth_date.isoformat()
    assert data["insuranceNumber"] == record.insurance_number
    assert data["cardNumber"] == record.card_number
    assert data["insuredStatus"] == record.status
    assert data["employerName"] == record.employer_name
    assert data["employerCreditCode"] == record.employer_credit_code
    assert data["firstInsuredDate"] == record.first_insured.isoformat()
    assert data["pensionEnrolled"] is record.pension_enrolled
    assert data["contributionMonths"] == len(record.contributions)
    assert data["mobile"] == insured.mobile  # current, unlike the household register


def test_contributions_are_paginated_newest_first(client, population: Population, insured):
    months = sorted(population.social[insured.id_number].contributions, key=lambda c: c.month)
    token = client.hrss_token().json()["access_token"]
    path = f"/api/v1/insured-persons/{insured.id_number}/contributions"
    first = client.hrss(path, token=token, params={"page": 1, "size": 5}).json()
    second = client.hrss(path, token=token, params={"page": 2, "size": 5}).json()
    assert (first["total"], first["page"], first["size"]) == (len(months), 1, 5)
    newest = months[-1]
    assert first["records"][0] == {
        "month": newest.month,
        "employerName": newest.employer_name,
        "employerCreditCode": newest.employer_credit_code,
        "baseAmount": yuan(newest.base_fen),
        "pensionAmount": yuan(newest.pension_fen),
    }
    assert [r["month"] for r in first["records"] + second["records"]] == [
        c.month for c in reversed(months[-10:])
    ]
    bad = client.hrss(path, token=token, params={"page": 0})
    assert bad.status_code == 400


def test_wrong_client_secret_and_scope_are_refused(client) -> None:
    wrong = client.hrss_token(secret="demo-wrong")
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    scope = client.hrss_token(scope="hrss.write")
    assert (scope.status_code, scope.json()["error"]) == (400, "invalid_scope")


def test_unknown_and_missing_tokens_are_401(client, insured) -> None:
    path = f"/api/v1/insured-persons/{insured.id_number}"
    unknown = client.hrss(path, token="not-a-token")
    assert unknown.status_code == 401
    assert 'error="invalid_token"' in unknown.headers["WWW-Authenticate"]
    bare = client.session.get(client.sim.url("hrss") + path)
    assert bare.status_code == 401


def test_an_expired_token_is_401(client, sim, insured) -> None:
    hrss = sim.departments["hrss"]
    hrss.token_ttl_s = 0
    try:
        answer = client.hrss_token()
        token = answer.json()
    finally:
        hrss.token_ttl_s = 7200
    assert token["expires_in"] == 0
    refused = client.hrss(
        f"/api/v1/insured-persons/{insured.id_number}", token=token["access_token"]
    )
    assert refused.status_code == 401
    assert "expired" in refused.json()["message"]


def test_unknown_person_is_404_and_a_malformed_id_is_400(client, unknown_id: str) -> None:
    missing = client.hrss(f"/api/v1/insured-persons/{unknown_id}")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    malformed = client.hrss("/api/v1/insured-persons/12345")
    assert (malformed.status_code, malformed.json()["code"]) == (400, "invalid_id_number")
