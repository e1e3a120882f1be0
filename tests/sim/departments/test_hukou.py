"""公安·户籍: pinyin JSON over HMAC-signed requests, every refusal reason, stale copies."""

from __future__ import annotations

import time

from counterapp.sim.model import Population


def test_person_record_matches_the_register(client, population: Population, pick) -> None:
    person = pick(lambda p: p.former_name is not None)
    answer = client.hukou(f"/api/v1/persons/{person.id_number}")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    record = answer.json()
    assert record["gmsfhm"] == person.id_number
    assert record["xm"] == person.name
    assert record["cym"] == person.former_name
    assert record["xb"] == person.gender
    assert record["csrq"] == person.birth_date.strftime("%Y%m%d")
    assert record["mz"] == person.ethnicity
    assert record["hjqh"] == person.hukou_division
    assert record["hjdz"] == person.hukou_address
    assert record["whcd"] == person.education
    assert record["hh"] == person.household_number
    assert record["yhzgx"] == person.relation_to_head


def test_register_serves_the_stale_phone_and_address(client, pick) -> None:
    moved = pick(lambda p: p.stale_residence_address is not None)
    new_phone = pick(lambda p: p.stale_mobile is not None)
    assert client.hukou(f"/api/v1/persons/{moved.id_number}").json()["jzdz"] == (
        moved.stale_residence_address
    )
    assert client.hukou(f"/api/v1/persons/{new_phone.id_number}").json()["lxdh"] == (
        new_phone.stale_mobile
    )


def test_household_lists_members_and_head(client, population: Population, pick) -> None:
    person = pick(lambda p: len(population.households[p.household_number].member_ids) > 2)
    household = population.households[person.household_number]
    answer = client.hukou(f"/api/v1/persons/{person.id_number}/household")
    assert answer.status_code == 200
    data = answer.json()
    assert data["hh"] == household.number
    assert data["hzgmsfhm"] == household.head_id
    assert data["hzxm"] == population.people[household.head_id].name
    assert [m["gmsfhm"] for m in data["cylb"]] == list(household.member_ids)
    for member in data["cylb"]:
        assert member["yhzgx"] == population.people[member["gmsfhm"]].relation_to_head


def test_signed_query_parameters_are_canonicalised_like_the_client(client, pick) -> None:
    person = pick(lambda p: True)
    answer = client.hukou(
        f"/api/v1/persons/{person.id_number}", {"purpose": "一窗受理 a&b=c", "fields": "xm"}
    )
    assert answer.status_code == 200, answer.text


def test_bad_signature_is_refused(client, pick) -> None:
    person = pick(lambda p: True)
    answer = client.hukou(f"/api/v1/persons/{person.id_number}", secret="demo-wrong-secret")
    assert answer.status_code == 401
    assert answer.json()["reason"] == "bad_signature"


def test_stale_timestamp_is_refused(client, pick) -> None:
    person = pick(lambda p: True)
    answer = client.hukou(f"/api/v1/persons/{person.id_number}", timestamp=int(time.time()) - 301)
    assert answer.status_code == 401
    assert answer.json()["reason"] == "stale_timestamp"


def test_replayed_nonce_is_refused(client, pick) -> None:
    person = pick(lambda p: True)
    path = f"/api/v1/persons/{person.id_number}"
    nonce = "0123456789abcdef0123456789abcdef" + str(time.time_ns())
    assert client.hukou(path, nonce=nonce).status_code == 200
    replay = client.hukou(path, nonce=nonce)
    assert replay.status_code == 401
    assert replay.json()["reason"] == "replayed_nonce"


def test_unknown_app_key_and_missing_headers_are_refused(client, sim, pick) -> None:
    person = pick(lambda p: True)
    path = f"/api/v1/persons/{person.id_number}"
    unknown = client.hukou(path, app_key="someone-else")
    assert (unknown.status_code, unknown.json()["reason"]) == (401, "unknown_app_key")
    bare = client.session.get(sim.url("hukou") + path)
    assert (bare.status_code, bare.json()["reason"]) == (401, "missing_headers")
    short = client.hukou(path, nonce="abc")
    assert (short.status_code, short.json()["reason"]) == (401, "bad_nonce")


def test_unknown_person_is_404_and_a_malformed_id_is_400(client, unknown_id: str) -> None:
    missing = client.hukou(f"/api/v1/persons/{unknown_id}")
    assert missing.status_code == 404
    assert missing.json()["reason"] == "not_found"
    malformed = client.hukou("/api/v1/persons/110105194912310021")  # wrong check character
    assert malformed.status_code == 400
    assert malformed.json()["reason"] == "invalid_id_number"
    assert "校验码" in malformed.json()["cwxx"]
