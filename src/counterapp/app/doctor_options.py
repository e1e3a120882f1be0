"""What a doctor run may be pointed at instead of the workstation's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import keyring.backend


@dataclass(frozen=True)
class DoctorOptions:
    """What a run may be pointed at instead of the workstation's defaults (tests, flags).

    Attributes:
        keyring_backend: the keyring; the OS default when None.
        connectors_dir: the connector directory instead of ``departments.connectors_dir``.
        data_dir: what ``{data_dir}`` in connector files stands for.
        operator: who runs the probes, for their audit record (the OS login when "").
        lpstat: the CUPS ``lpstat`` program.
        step_timeout_s: the longest one local check (database, keyring, font, printer) waits.
        now: the time certificates are judged against (now when None).
    """

    keyring_backend: keyring.backend.KeyringBackend | None = None
    connectors_dir: Path | None = None
    data_dir: Path | None = None
    operator: str = ""
    lpstat: str = "lpstat"
    step_timeout_s: float = 10.0
    now: datetime | None = None
