"""The control server: set and clear faults and read statistics while the simulator runs.

It binds to 127.0.0.1 only. State-changing requests must be ``application/json`` (a web page
cannot send that cross-origin without a preflight this server never grants) and the Host
header must name a loopback address (no DNS rebinding).

Endpoints: ``GET /health``, ``GET /faults``, ``POST /faults`` (``{"department", "kind",
"arg", "count"}``), ``DELETE /faults``, ``DELETE /faults/{dept}``, ``GET /stats``,
``DELETE /stats``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from counterapp.sim.departments.base import BodyFormat, Reply
from counterapp.sim.faults import Fault, FaultBoard, FaultError, parse_kind
from counterapp.sim.handler import QuietHandler, SimHTTPServer
from counterapp.sim.stats import RequestStats

CONTROL_HOST = "127.0.0.1"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})


class ControlServer(SimHTTPServer):
    """Loopback-only HTTP API over a :class:`FaultBoard` and :class:`RequestStats`."""

    def __init__(
        self,
        port: int,
        faults: FaultBoard,
        stats: RequestStats,
        health: Callable[[], dict[str, object]],
        stop_event: threading.Event,
    ) -> None:
        self.faults = faults
        self.stats = stats
        self.health = health
        super().__init__((CONTROL_HOST, port), ControlHandler, stop_event)


class ControlHandler(QuietHandler):
    server: ControlServer

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        body = self.read_body()
        if body is None:
            return
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in _LOOPBACK_HOSTS:
            self._json(403, {"error": "the control server answers loopback Host names only"})
            return
        path = self.path.split("?", 1)[0].rstrip("/")
        route = (self.command, path)
        if route == ("GET", "/health"):
            self._json(200, self.server.health())
        elif route == ("GET", "/faults"):
            self._json(200, {"faults": [f.to_json() for f in self.server.faults.list()]})
        elif route == ("POST", "/faults"):
            self._set_fault(body)
        elif route == ("DELETE", "/faults"):
            self.server.faults.clear()
            self._json(200, {"faults": []})
        elif self.command == "DELETE" and path.startswith("/faults/"):
            self._clear_fault(path.removeprefix("/faults/"))
        elif route == ("GET", "/stats"):
            self._json(200, {"requests": self.server.stats.snapshot()})
        elif route == ("DELETE", "/stats"):
            self.server.stats.reset()
            self._json(200, {"requests": {}})
        else:
            self._json(404, {"error": f"no such endpoint: {self.command} {path}"})

    def _set_fault(self, body: bytes) -> None:
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            self._json(415, {"error": "send the fault as application/json"})
            return
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise FaultError("the body must be a JSON object")
            department = str(data.get("department", ""))
            fault = Fault(
                parse_kind(str(data.get("kind", ""))), _int(data, "arg"), _int(data, "count")
            )
            self.server.faults.set(department, fault)
        except (ValueError, FaultError) as exc:
            self._json(400, {"error": str(exc)})
            return
        self._json(201, {"department": department, **fault.to_json()})

    def _clear_fault(self, department: str) -> None:
        try:
            self.server.faults.clear(department)
        except FaultError as exc:
            self._json(404, {"error": str(exc)})
            return
        self._json(200, {"faults": [f.to_json() for f in self.server.faults.list()]})

    def _json(self, status: int, payload: object) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.write_reply(Reply(status, body, "application/json", "utf-8", BodyFormat.JSON))


def _int(data: dict[str, object], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FaultError(f"{key} must be an integer or null")
    try:
        return int(value)
    except ValueError:
        raise FaultError(f"{key} must be an integer or null") from None
