"""The tamper-evident audit trail: events, their canonical encoding and the hash chain.

Pure Python: storing the chain is ``counterapp.store.audit_log``'s job.
"""

from counterapp.audit.chain import ChainBreak, ChainHead, TamperKind, Verification, verify_chain
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.audit.record import GENESIS_HASH, AuditRecord

__all__ = [
    "GENESIS_HASH",
    "AuditEvent",
    "AuditRecord",
    "ChainBreak",
    "ChainHead",
    "EventKind",
    "TamperKind",
    "Verification",
    "verify_chain",
]
