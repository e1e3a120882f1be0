"""The HTTP side of the simulator: loopback servers, TLS, and faults on the wire.

Standard-library ``ThreadingHTTPServer`` with one daemon thread per connection, HTTP/1.1
with Content-Length so clients keep connections alive. Servers track their open
connections so :meth:`SimHTTPServer.close_all` can end every one of them promptly, even a
request a ``timeout`` fault is holding.
"""

from __future__ import annotations

import contextlib
import logging
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import BaseServer, TCPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from counterapp.sim import fault_bodies
from counterapp.sim.departments.base import Department, Reason, Reply, SimRequest
from counterapp.sim.faults import DRIP_CHUNK_BYTES, Fault, FaultBoard, FaultKind
from counterapp.sim.stats import RequestStats

log = logging.getLogger(__name__)

MAX_REQUEST_BODY = 1_000_000
_IDLE_TIMEOUT_S = 30.0
_HANDSHAKE_TIMEOUT_S = 10.0
_DISCONNECTS = (ConnectionError, TimeoutError, ssl.SSLError, OSError)
# A path segment that is a word (``persons``, ``v1``, ``insured-persons``), not a value.
_WORD_SEGMENT = re.compile(r"[A-Za-z][A-Za-z_-]*\d{0,2}[A-Za-z_-]*")


def redacted_target(target: str) -> str:
    """A request path for the log: value segments (ID numbers, codes) and the query as ``…``.

    The simulator runs in Counter's process for the demo and the tests, so its access log
    goes to Counter's log file, which never holds personal data.
    """
    path, query_mark, _query = target.partition("?")
    segments = [s if not s or _WORD_SEGMENT.fullmatch(s) else "…" for s in path.split("/")]
    return "/".join(segments) + ("?…" if query_mark else "")


class SimHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its connections and never prints tracebacks."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64  # Counter asks many departments at once, often from many windows

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        stop_event: threading.Event,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.stop_event = stop_event
        self.ssl_context = ssl_context
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the fully qualified name; loopback needs none.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def finish_request(self, request: Any, client_address: Any) -> None:
        conn: socket.socket = request
        if self.ssl_context is not None:
            conn.settimeout(_HANDSHAKE_TIMEOUT_S)
            try:
                conn = self.ssl_context.wrap_socket(conn, server_side=True)
            except _DISCONNECTS as exc:
                log.debug("TLS handshake with %s failed: %s", client_address, exc)
                return
        with self._lock:
            self._connections.add(conn)
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            with self._lock:
                self._connections.discard(conn)
            if conn is not request:
                _close(conn)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s ended with an error", client_address, exc_info=True)

    def close_all(self) -> None:
        """Shut down every open connection so handler threads waiting on them return."""
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 handler base: keep-alive, an idle timeout, logging instead of stderr."""

    protocol_version = "HTTP/1.1"
    server_version = "CounterSim/1.0"
    timeout = _IDLE_TIMEOUT_S
    # TCP_NODELAY: a second request on a kept-alive connection would otherwise wait ~40 ms
    # for the client's delayed ACK before the small answer goes out.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        text = format % args
        path = getattr(self, "path", "")
        if path:
            text = text.replace(path, redacted_target(path))
        elif requestline := getattr(self, "requestline", ""):
            text = text.replace(requestline, "(request line not shown)")
        log.debug("%s %s", self.address_string(), text)

    def read_body(self) -> bytes | None:
        """The request body, or None (after answering 413/400) when it is unacceptable."""
        length_text = self.headers.get("Content-Length", "0") or "0"
        if not length_text.isdigit():
            self.send_error(400, "bad Content-Length")
            return None
        length = int(length_text)
        if length > MAX_REQUEST_BODY:
            self.send_error(413, "request body too large")
            return None
        return self.rfile.read(length) if length else b""

    def write_reply(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)


class DepartmentServer(SimHTTPServer):
    """Serves one department, applying the fault board to every request."""

    def __init__(
        self,
        address: tuple[str, int],
        department: Department,
        faults: FaultBoard,
        stats: RequestStats,
        stop_event: threading.Event,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.department = department
        self.faults = faults
        self.stats = stats
        super().__init__(address, DepartmentHandler, stop_event, ssl_context)


class DepartmentHandler(QuietHandler):
    server: DepartmentServer

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        body = self.read_body()
        if body is None:
            return
        server = self.server
        department = server.department
        url = urlsplit(self.path)
        request = SimRequest(
            method=self.command,
            path=url.path,
            query=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        reference = request.headers.get("x-counter-reference", "")
        if department.is_public(request.method, request.path):
            reference = "(public route)"  # a token request is about no person
        server.stats.record(department.id, request.method, request.path, reference)
        fault = server.faults.take(department.id)
        try:
            self._answer(request, fault)
        except _DISCONNECTS as exc:  # the client went away; nothing left to answer
            log.debug("%s: client gone: %s", department.id, exc)
            self.close_connection = True

    def _answer(self, request: SimRequest, fault: Fault | None) -> None:
        kind = fault.kind if fault else None
        arg = (fault.value or 0) if fault else 0
        if kind is FaultKind.LATENCY and self.server.stop_event.wait(arg / 1000):
            kind = FaultKind.DROP  # stopping while delayed: leave without an answer
        elif kind is FaultKind.TIMEOUT:
            self._hold(arg / 1000)
            kind = FaultKind.DROP
        if kind is FaultKind.DROP:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        reply = self._department_reply(request, fault)
        if kind is FaultKind.SLOW_DRIP:
            body = reply.body
            step = DRIP_CHUNK_BYTES
            chunks = (body[i : i + step] for i in range(0, len(body), step))
            self._stream(reply, len(body), chunks, arg / 1000)
        elif kind is FaultKind.OVERSIZED:
            streamed = fault_bodies.oversized(reply, arg or 1)
            self._stream(reply, streamed.length, streamed.chunks())
        else:
            self.write_reply(reply)

    def _hold(self, seconds: float) -> None:
        """Wait without answering until ``seconds`` pass, the client hangs up, or stop."""
        deadline = time.monotonic() + seconds
        conn = self.connection
        can_peek = not isinstance(conn, ssl.SSLSocket)
        while not self.server.stop_event.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if not can_peek:
                self.server.stop_event.wait(min(remaining, 0.2))
                continue
            readable, _, _ = select.select([conn], [], [], min(remaining, 0.2))
            if readable:
                if not conn.recv(1, socket.MSG_PEEK):
                    return  # the client gave up and closed its side
                can_peek = False  # a pipelined request is waiting: stop peeking at it

    def _department_reply(self, request: SimRequest, fault: Fault | None) -> Reply:
        department = self.server.department
        kind = fault.kind if fault else None
        if kind is FaultKind.HTTP_500:
            return fault_bodies.server_error(department, (fault and fault.value) or 500)
        if kind is FaultKind.BODY_ERROR:
            return fault_bodies.body_error(department)
        try:
            reply = department.handle(request)
        except Exception:
            log.exception(
                "%s failed on %s %s", department.id, request.method, redacted_target(request.path)
            )
            reply = department.error(500, Reason.INTERNAL_ERROR, "系统内部错误")
        if kind is FaultKind.MALFORMED:
            return fault_bodies.malformed(reply)
        if kind is FaultKind.WRONG_ENCODING:
            return fault_bodies.wrong_encoding(reply)
        return reply

    def _stream(
        self, reply: Reply, length: int, chunks: Iterable[bytes], interval_s: float = 0.0
    ) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(length))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        stop = self.server.stop_event
        for chunk in chunks:
            if stop.is_set() or (interval_s and stop.wait(interval_s)):
                self.close_connection = True
                return
            self.wfile.write(chunk)
            self.wfile.flush()


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.close()


def shutdown_servers(servers: Iterable[BaseServer]) -> None:
    """Stop several ``serve_forever`` loops at once (each waits for its poll interval)."""
    threads = [threading.Thread(target=s.shutdown, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
