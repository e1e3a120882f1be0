"""Paginated requests: pages are fetched until the announced total, at most max_pages."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from counterapp.exchange.connector import Connector, RequestSpec
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.mapping import parse_answer
from counterapp.exchange.paging import PageProgress, page_progress
from counterapp.exchange.transport import DepartmentClient
from counterapp.sim.model import Population


def test_pages_are_fetched_until_the_total(
    connectors: dict[str, Connector], credentials: CredentialStore, population: Population
) -> None:
    hrss = connectors["hrss"]
    spec = next(r for r in hrss.requests if r.pagination is not None)
    person, record = max(population.social.items(), key=lambda kv: len(kv[1].contributions))
    total = len(record.contributions)
    assert total > 20
    small = _with_page_size(spec, 10)
    with DepartmentClient(hrss, credentials) as client:
        answer = client.fetch(small, {"id_number": person})
        assert answer.exchanged
        assert len(answer.pages) == -(-total // 10)
        parsed = parse_answer(small, answer.pages, department="hrss", retrieved_at=_now())
        item = next(f.item for f in small.fields if f.is_list)
        assert len(parsed.values[item].value) == total
        capped = dataclasses.replace(
            small, pagination=dataclasses.replace(small.pagination, max_pages=2)
        )
        assert len(client.fetch(capped, {"id_number": person}).pages) == 2


def _with_page_size(spec: RequestSpec, size: int) -> RequestSpec:
    assert spec.pagination is not None
    return dataclasses.replace(spec, pagination=dataclasses.replace(spec.pagination, size=size))


def _now() -> datetime:
    return datetime.now(UTC)


def test_page_progress_reads_count_and_total(connectors: dict[str, Connector]) -> None:
    spec = next(r for r in connectors["hrss"].requests if r.pagination is not None)
    body = b'{"total": 46, "page": 1, "size": 2, "records": [{}, {}]}'
    assert page_progress(spec, body) == PageProgress(records=2, total=46)
    assert page_progress(spec, b"{broken") is None
