"""公积金: HTTP 200 always, a code/msg/result envelope, money in integer fen."""

from __future__ import annotations

from counterapp.sim.model import Population


def test_account_in_the_envelope(client, population: Population, pick) -> None:
    person = pick(lambda p: p.id_number in population.housing_fund)
    account = population.housing_fund[person.id_number]
    answer = client.fund(person.id_number)
    assert answer.status_code == 200
    envelope = answer.json()
    assert (envelope["code"], envelope["msg"]) == (0, "成功")
    result = envelope["result"]
    assert result["accountNo"] == account.account_number
    assert result["balanceFen"] == account.balance_fen
    assert isinstance(result["balanceFen"], int)
    assert result["monthlyDepositFen"] == account.monthly_deposit_fen
    assert result["accountStatus"] == account.status
    assert result["paidMonths"] == account.contribution_months
    assert result["employerName"] == account.employer_name
    assert result["openedDate"] == account.opened.strftime("%Y/%m/%d")
    assert result["mobile"] == (person.stale_mobile or person.mobile)


def test_not_found_is_code_404_inside_http_200(client, unknown_id: str) -> None:
    answer = client.fund(unknown_id)
    assert answer.status_code == 200
    assert answer.json() == {"code": 404, "msg": "未找到该职工账户", "result": None}


def test_bad_token_and_malformed_id_are_codes_inside_http_200(client, pick) -> None:
    person = pick(lambda p: True)
    refused = client.fund(person.id_number, token="demo-wrong")
    assert (refused.status_code, refused.json()["code"]) == (200, 401)
    malformed = client.fund("1101051949123100")
    assert (malformed.status_code, malformed.json()["code"]) == (200, 400)
    assert "证件号码" in malformed.json()["msg"]


def test_an_unknown_url_is_a_real_404(client) -> None:
    answer = client.session.get(client.sim.url("fund") + "/gjj/api/v1/nothing")
    assert answer.status_code == 404
