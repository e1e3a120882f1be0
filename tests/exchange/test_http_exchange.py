"""One bounded HTTP attempt: misbehaviour the simulator does not offer, on a local server.

A body without Content-Length over the size cap, a body cut short, and a stall after the
headers that must end at the call's deadline rather than after the read timeout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counterapp.exchange.connector import Connector
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient

SLACK_S = 0.5


Behaviour = Callable[[BaseHTTPRequestHandler], None]


@pytest.fixture
def local_server() -> Iterator[Callable[[Behaviour], str]]:
    """Start loopback servers answering any GET the way a test describes (misbehaviour the
    simulator does not offer: no Content-Length, a body cut short, a stall mid-body)."""
    running: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(behaviour: Behaviour) -> str:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                try:
                    behaviour(self)
                except OSError:  # the client hung up: fine
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        running.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join()


def _chunked(size: int) -> Behaviour:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        left = size
        while left:
            n = min(left, 16384)
            handler.wfile.write(b"%x\r\n%s\r\n" % (n, b"a" * n))
            left -= n
        handler.wfile.write(b"0\r\n\r\n")

    return answer


def _cut_short(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b"x" * 10)
    handler.wfile.flush()
    handler.close_connection = True


def _late_then_stalled(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(0.6)
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b"x" * 10)
    handler.wfile.flush()
    time.sleep(3)
    handler.close_connection = True


def test_size_cap_applies_to_the_bytes_actually_read(
    local_server: Callable[[Behaviour], str],
    connectors: dict[str, Connector],
    with_http: Callable[..., Connector],
) -> None:
    # No Content-Length (chunked): the cap must stop the reading itself.
    market = connectors["market"]
    url = local_server(_chunked(300_000))
    capped = with_http(market, base_url=url, max_response_bytes=100_000)
    with DepartmentClient(capped) as client:
        answer = client.fetch(market.requests[0], {"id_number": "x"})
    assert answer.status is DepartmentStatus.BAD_RESPONSE
    assert "larger than the limit" in answer.message
    roomy = with_http(capped, max_response_bytes=400_000)
    with DepartmentClient(roomy) as client:
        answer = client.fetch(market.requests[0], {"id_number": "x"})
    assert answer.exchanged and len(answer.body) == 300_000


def test_answer_cut_short_is_unavailable(
    local_server: Callable[[Behaviour], str],
    connectors: dict[str, Connector],
    with_http: Callable[..., Connector],
) -> None:
    market = with_http(connectors["market"], base_url=local_server(_cut_short))
    with DepartmentClient(market) as client:
        answer = client.fetch(market.requests[0], {"id_number": "x"})
    assert answer.status is DepartmentStatus.UNAVAILABLE
    assert "broke off during the answer" in answer.message
    assert answer.http_status == 200


def test_a_stall_mid_body_ends_at_the_deadline_not_the_read_timeout(
    local_server: Callable[[Behaviour], str],
    connectors: dict[str, Connector],
    with_http: Callable[..., Connector],
) -> None:
    # Headers after 0.6 s, then silence: the 5 s read timeout must shrink to the deadline.
    market = with_http(
        connectors["market"],
        base_url=local_server(_late_then_stalled),
        read_timeout_s=5.0,
        deadline_s=1.0,
    )
    with DepartmentClient(market) as client:
        started = time.monotonic()
        answer = client.fetch(market.requests[0], {"id_number": "x"})
        took = time.monotonic() - started
    assert answer.status is DepartmentStatus.TIMEOUT
    assert 1.0 <= took < 1.0 + SLACK_S
