"""Start and stop the whole simulator: seven department servers and the control server.

>>> sim = start_simulator(population, state_dir=tmp)    # doctest: +SKIP
>>> sim.url("hukou"), sim.url("tax")                    # doctest: +SKIP
('http://127.0.0.1:41234', 'https://127.0.0.1:41237')
>>> sim.stop()                                          # doctest: +SKIP
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from counterapp.exchange.connector_rules import is_loopback_host
from counterapp.sim.control import CONTROL_HOST, ControlServer
from counterapp.sim.credentials import SimCredentials, derive_credentials
from counterapp.sim.departments import DEPARTMENT_CLASSES, DEPARTMENT_IDS, Department
from counterapp.sim.departments.hrss import DEFAULT_TOKEN_TTL_S, HrssDepartment
from counterapp.sim.departments.realestate import DEFAULT_MAX_LATENCY_MS, RealEstateDepartment
from counterapp.sim.faults import Fault, FaultBoard
from counterapp.sim.handler import DepartmentServer, SimHTTPServer, shutdown_servers
from counterapp.sim.model import Population
from counterapp.sim.stats import RequestStats
from counterapp.sim.tls import LOOPBACK_NAMES, TlsPaths, ensure_tls_material, server_context

DEFAULT_BASE_PORT = 8700
_POLL_INTERVAL_S = 0.2


class Simulator:
    """A running simulator; use :func:`start_simulator` to make one.

    Attributes:
        population: what the departments serve.
        host: the address the department servers listen on.
        ports: department id (and "control") -> port.
        credentials: the demo secrets the departments accept.
        tls: the CA and certificates of the tax bureau's mutual TLS.
        faults: the active faults; change them directly or through the control server.
        stats: requests received per department.
        departments: department id -> the department object (e.g. to change
            ``departments["hrss"].token_ttl_s`` at run time).
    """

    def __init__(
        self,
        population: Population,
        *,
        host: str,
        credentials: SimCredentials,
        tls: TlsPaths,
        departments: dict[str, Department],
        faults: FaultBoard,
        stats: RequestStats,
        stop_event: threading.Event,
        temp_state_dir: Path | None,
    ) -> None:
        self.population = population
        self.host = host
        self.credentials = credentials
        self.tls = tls
        self.departments = departments
        self.faults = faults
        self.stats = stats
        self.ports: dict[str, int] = {}
        self._stop_event = stop_event
        self._servers: dict[str, SimHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._temp_state_dir = temp_state_dir
        self._stopped = False

    @property
    def control_url(self) -> str:
        return f"http://{CONTROL_HOST}:{self.ports['control']}"

    def url(self, department: str) -> str:
        """The department's base URL (https for tax).

        Raises:
            KeyError: not a department id.
        """
        port = self.ports[department]
        scheme = "https" if self.departments[department].uses_tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{port}"

    def health(self) -> dict[str, object]:
        """What ``GET /health`` on the control server answers."""
        return {
            "status": "stopping" if self._stop_event.is_set() else "ok",
            "seed": self.population.seed,
            "people": len(self.population.people),
            "departments": {d: self.url(d) for d in self.departments},
        }

    def _serve(self, name: str, server: SimHTTPServer) -> None:
        self._servers[name] = server
        self.ports[name] = int(server.server_address[1])
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL_S},
            name=f"sim-{name}",
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)

    def take_down(self, department: str) -> None:
        """Stop one department's server: its port refuses connections from now on, as a
        department that is down does (the others keep serving).

        Raises:
            KeyError: not a department id, or already taken down.
        """
        server = self._servers.pop(department)
        server.close_all()
        shutdown_servers([server])
        server.server_close()

    def stop(self) -> None:
        """Stop every server promptly, ending requests that faults are holding; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._stop_event.set()
        servers = list(self._servers.values())
        for server in servers:
            server.close_all()
        shutdown_servers(servers)
        for server in servers:
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=2)
        if self._temp_state_dir is not None:
            shutil.rmtree(self._temp_state_dir, ignore_errors=True)

    def __enter__(self) -> Simulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_simulator(
    population: Population,
    host: str = "127.0.0.1",
    base_port: int = 0,
    state_dir: Path | str | None = None,
    credentials: SimCredentials | None = None,
    *,
    realestate_latency_ms: int = DEFAULT_MAX_LATENCY_MS,
    hrss_token_ttl_s: float = DEFAULT_TOKEN_TTL_S,
    faults: Iterable[tuple[str, Fault]] = (),
    allow_non_loopback: bool = False,
) -> Simulator:
    """Start the seven department servers and the control server in background threads.

    Args:
        population: the records to serve.
        host: the address the departments listen on (the control server is always on
            127.0.0.1).
        base_port: control on base_port, departments on base_port+1 .. +7; 0 picks an
            ephemeral port for every server.
        state_dir: where the TLS material lives (reused between runs); a temporary
            directory removed at stop when None.
        credentials: the secrets to accept; derived from the population's seed when None.
        realestate_latency_ms: the real-estate register's maximum latency (0 = none).
        hrss_token_ttl_s: lifetime of OAuth2 tokens the social-security server issues.
        faults: faults active from the start, as (department, fault).
        allow_non_loopback: permit a host that is not a loopback address.

    Returns:
        The running simulator; call :meth:`Simulator.stop` (or use it in ``with``).

    Raises:
        ValueError: a non-loopback host without ``allow_non_loopback``, or a bad fault.
        OSError: a port could not be bound (everything started so far is stopped).
    """
    if not allow_non_loopback and not is_loopback(host):
        raise ValueError(f"{host} is not a loopback address; pass allow_non_loopback to serve it")
    temp_dir = Path(tempfile.mkdtemp(prefix="counterapp-sim-")) if state_dir is None else None
    state = temp_dir or Path(state_dir or ".")
    hosts = LOOPBACK_NAMES if is_loopback(host) else (*LOOPBACK_NAMES, host)
    tls = ensure_tls_material(state, hosts)
    creds = credentials or derive_credentials(population.seed)
    stop_event = threading.Event()
    departments: dict[str, Department] = {}
    for cls in DEPARTMENT_CLASSES:
        extra: dict[str, object] = {}
        if cls is RealEstateDepartment:
            extra["max_latency_ms"] = realestate_latency_ms
        elif cls is HrssDepartment:
            extra["token_ttl_s"] = hrss_token_ttl_s
        departments[cls.id] = cls(population, creds, stop_event=stop_event, **extra)
    board = FaultBoard(DEPARTMENT_IDS)
    for department, fault in faults:
        board.set(department, fault)
    stats = RequestStats()
    sim = Simulator(
        population,
        host=host,
        credentials=creds,
        tls=tls,
        departments=departments,
        faults=board,
        stats=stats,
        stop_event=stop_event,
        temp_state_dir=temp_dir,
    )
    try:
        port = base_port
        sim._serve("control", ControlServer(port, board, stats, sim.health, stop_event))
        for offset, (dept_id, department) in enumerate(departments.items(), start=1):
            port = base_port + offset if base_port else 0
            context = server_context(tls) if department.uses_tls else None
            server = DepartmentServer((host, port), department, board, stats, stop_event, context)
            sim._serve(dept_id, server)
    except OSError as exc:
        sim.stop()
        raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return sim


is_loopback = is_loopback_host  # the exchange's rule: one definition of "this machine"
