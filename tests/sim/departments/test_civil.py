"""民政·婚姻: XML with 年月日 dates and 男/女, API key (missing 401, wrong 403)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from counterapp.sim.departments.civil import chinese_date
from counterapp.sim.model import Population
from counterapp.sim.population import current_spouse, marital_status
from counterapp.standards.marital_status import MaritalStatus


def _xml(answer) -> ET.Element:
    assert answer.headers["Content-Type"] == "application/xml; charset=UTF-8"
    return ET.fromstring(answer.content)


def test_married_person_has_status_spouse_and_registration(client, population: Population, pick):
    person = pick(lambda p: current_spouse(population, p.id_number) is not None)
    root = _xml(client.civil(person.id_number))
    code = marital_status(population, person.id_number)
    spouse_id = current_spouse(population, person.id_number)
    latest = population.marriages[person.id_number][-1]
    assert root.findtext("code") == "0"
    assert root.findtext("person/xm") == person.name
    assert root.findtext("person/xb") == ("男" if person.gender == "1" else "女")
    assert root.findtext("person/csrq") == chinese_date(person.birth_date)
    assert root.findtext("person/hyzkdm") == code
    assert root.findtext("person/hyzkmc") == MaritalStatus(code).zh
    assert root.findtext("person/posfzjhm") == spouse_id
    assert root.findtext("person/poxm") == population.people[spouse_id].name
    assert root.findtext("person/djrq") == chinese_date(latest.date)
    assert root.findtext("person/djjg") == latest.office
    assert root.findtext("person/zsbh") == latest.certificate_number


def test_divorced_person_has_the_whole_history(client, population: Population, pick) -> None:
    person = pick(lambda p: marital_status(population, p.id_number) in ("40", "22"))
    root = _xml(client.civil(person.id_number))
    events = population.marriages[person.id_number]
    records = root.findall("records/record")
    assert [r.findtext("zsbh") for r in records] == [e.certificate_number for e in events]
    assert {r.findtext("ywlx") for r in records} >= {"结婚登记", "离婚登记"}
    assert records[0].findtext("djrq") == chinese_date(events[0].date)


def test_never_married_person_is_10_without_records(client, population: Population, pick):
    person = pick(lambda p: p.id_number not in population.marriages)
    root = _xml(client.civil(person.id_number))
    assert root.findtext("person/hyzkdm") == "10"
    assert root.findtext("person/poxm") is None
    assert root.findall("records/record") == []


def test_missing_key_is_401_and_wrong_key_403(client, pick) -> None:
    person = pick(lambda p: True)
    missing = client.civil(person.id_number, api_key=None)
    assert missing.status_code == 401
    assert _xml(missing).findtext("reason") == "unauthorized"
    wrong = client.civil(person.id_number, api_key="demo-not-the-key")
    assert wrong.status_code == 403
    assert _xml(wrong).findtext("reason") == "forbidden"


def test_unknown_person_is_404_and_a_malformed_id_is_400(client, unknown_id: str) -> None:
    missing = client.civil(unknown_id)
    assert missing.status_code == 404
    assert _xml(missing).findtext("code") == "404"
    malformed = client.civil("11010519491331002X")  # month 13
    assert malformed.status_code == 400
    assert _xml(malformed).findtext("reason") == "invalid_id_number"
