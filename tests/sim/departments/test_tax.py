"""税务: GBK CSV with Chinese headers, one row per year, behind mutual TLS."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from counterapp.sim.departments.base import yuan
from counterapp.sim.departments.tax import COLUMNS
from counterapp.sim.model import Population


def _rows(answer: requests.Response) -> list[list[str]]:
    assert answer.headers["Content-Type"] == "text/csv; charset=GBK"
    return list(csv.reader(io.StringIO(answer.content.decode("gbk"), newline="")))


def test_one_row_per_year_newest_first(client, population: Population, pick) -> None:
    person = pick(lambda p: len(population.tax.get(p.id_number, ())) > 1)
    years = sorted(population.tax[person.id_number], key=lambda y: y.year, reverse=True)
    rows = _rows(client.tax(person.id_number))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1:] == [
        [
            person.id_number,
            person.name,
            str(y.year),
            yuan(y.income_fen),
            yuan(y.tax_fen),
            y.withholding_agent,
            y.withholding_agent_code,
            "是" if y.arrears else "否",
        ]
        for y in years
    ]


def test_the_body_is_gbk_not_utf8(client, population: Population, pick) -> None:
    person = pick(lambda p: p.id_number in population.tax)
    body = client.tax(person.id_number).content
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_year_filter(client, population: Population, pick) -> None:
    person = pick(lambda p: len(population.tax.get(p.id_number, ())) > 1)
    year = population.tax[person.id_number][0].year
    rows = _rows(client.tax(person.id_number, year=str(year)))
    assert [r[2] for r in rows[1:]] == [str(year)]


def test_a_client_without_certificate_fails_the_handshake(client, pick) -> None:
    person = pick(lambda p: True)
    with pytest.raises(requests.exceptions.ConnectionError):  # SSLError is one
        client.tax(person.id_number, client_cert=False)


def test_unknown_person_is_404_and_a_malformed_id_is_400(client, unknown_id: str) -> None:
    missing = client.tax(unknown_id)
    assert missing.status_code == 404
    assert _rows(missing)[1][0] == "404"
    malformed = client.tax("99010519491231002X")
    assert malformed.status_code == 400
    assert _rows(malformed)[1][1] == "invalid_id_number"
