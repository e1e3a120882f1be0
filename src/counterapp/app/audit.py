"""Verify, export and purge the audit trail: permission-checked use cases, each audited.

Every use case first checks the actor's permission (a refusal is itself recorded, with
success false) and then appends its own event, so the audit trail shows who looked at it,
who took it away and who thinned it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from counterapp.app.audited import record_event, require_audited
from counterapp.audit.chain import Verification, VerifyProgress
from counterapp.audit.events import EventKind
from counterapp.audit.export_file import ExportHeader, write_export
from counterapp.audit.record import GENESIS_HASH, format_timestamp
from counterapp.store import audit_log
from counterapp.store.audit_log import Purge
from counterapp.users import Actor, Permission

RETENTION_DAYS_DEFAULT = 183
"""At least six months (Cybersecurity Law art. 21); config key ``audit.retention_days``."""


class RetentionRefused(ValueError):
    """A purge would remove records younger than the retention period."""


class ChainBroken(RuntimeError):
    """A purge was refused because the chain does not verify (evidence is not destroyed)."""

    def __init__(self, verification: Verification) -> None:
        self.verification = verification
        problem = verification.problem
        super().__init__(
            f"the audit chain is broken, nothing purged: {problem and problem.message}"
        )


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: the file, the records in it and the hash an auditor compares."""

    path: Path
    header: ExportHeader


def verify_audit(
    engine: Engine,
    actor: Actor,
    *,
    workstation: str = "",
    progress: Callable[[VerifyProgress], None] | None = None,
) -> Verification:
    """Verify the whole chain in one consistent snapshot and record that it was done.

    ``progress`` is called from the calling thread (a worker's, for a GUI): with
    ``checked`` 0 at the start, every ~0.2 s while walking and once at the end.
    """
    require_audited(
        engine, actor, Permission.VERIFY_AUDIT, EventKind.ADMIN_ACTION, workstation=workstation
    )
    with audit_log.snapshot(engine) as connection:
        verification = audit_log.verify_log(connection, progress)
    problem = verification.problem
    if problem is None:
        outcome = f"intact, {verification.checked} records through seq {verification.last_seq}"
    else:
        outcome = f"broken at record {problem.seq} ({problem.kind})"
    record_event(
        engine, actor, EventKind.ADMIN_ACTION, f"audit verify: {outcome}", workstation=workstation
    )
    return verification


def export_audit(
    engine: Engine,
    actor: Actor,
    start: datetime,
    end: datetime,
    destination: Path,
    *,
    workstation: str = "",
    now: datetime | None = None,
) -> ExportSummary:
    """Write the records written in ``[start, end)`` to ``destination`` (JSON Lines).

    The file appears complete or not at all (written beside it, then renamed).
    """
    require_audited(
        engine, actor, Permission.EXPORT_AUDIT, EventKind.EXPORT, workstation=workstation
    )
    moment = now or datetime.now(UTC)
    partial = destination.with_name(f"{destination.name}.partial")
    with audit_log.snapshot(engine) as connection:
        span = audit_log.seq_range(connection, start, end)
        first, last = span or (0, 0)
        first_record = audit_log.record_at(connection, first) if span else None
        last_record = audit_log.record_at(connection, last) if span else None
        header = ExportHeader(
            range_from=format_timestamp(start),
            range_to=format_timestamp(end),
            first_seq=first,
            last_seq=last,
            count=audit_log.count_records(connection, first, last) if span else 0,
            anchor_prev_hash=first_record.prev_hash if first_record else GENESIS_HASH,
            last_hash=last_record.hash if last_record else GENESIS_HASH,
            exported_at=format_timestamp(moment),
            exporter=actor.username,
            workstation=workstation,
        )
        records = audit_log.stream_records(connection, first_seq=first, last_seq=last)
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            write_export(out, header, records if span else ())
            out.flush()
            os.fsync(out.fileno())
    partial.replace(destination)
    detail = (
        f"audit export of records {first}..{last} ({header.count}) to {destination.name}; "
        f"last hash {header.last_hash}"
    )
    record_event(engine, actor, EventKind.EXPORT, detail, workstation=workstation)
    return ExportSummary(destination, header)


def purge_audit(
    engine: Engine,
    actor: Actor,
    cutoff: datetime,
    *,
    retention_days: int = RETENTION_DAYS_DEFAULT,
    workstation: str = "",
    now: datetime | None = None,
) -> Purge:
    """Remove records written before ``cutoff``, leaving a verifiable anchor.

    Raises:
        PermissionDenied: the actor may not purge (recorded as a failed AUDIT_PURGED).
        RetentionRefused: ``cutoff`` is later than ``retention_days`` ago.
        ChainBroken: the chain does not verify, so nothing is deleted.
    """
    require_audited(
        engine, actor, Permission.PURGE_AUDIT, EventKind.AUDIT_PURGED, workstation=workstation
    )
    retention_days = max(retention_days, RETENTION_DAYS_DEFAULT)
    latest = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    if cutoff > latest:
        message = (
            f"refused: records are kept {retention_days} days, so the cutoff may be "
            f"{format_timestamp(latest)[:10]} at the latest, not {format_timestamp(cutoff)[:10]}"
        )
        detail = f"purge {message}"
        kind = EventKind.AUDIT_PURGED
        record_event(engine, actor, kind, detail, workstation=workstation, success=False)
        raise RetentionRefused(message)
    with engine.begin() as connection:
        audit_log.read_head(connection, lock=True)  # no appends while checking and purging
        verification = audit_log.verify_log(connection)
        if verification.intact:
            return audit_log.purge_before(
                connection, cutoff, actor.username, workstation=workstation
            )
    record_event(
        engine,
        actor,
        EventKind.AUDIT_PURGED,
        "purge refused: the chain is broken",
        workstation=workstation,
        success=False,
    )
    raise ChainBroken(verification)
