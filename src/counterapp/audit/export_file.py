"""The audit export file an auditor checks on their own (pure: writes to a text stream).

JSON Lines, UTF-8: one header line, then one line per record with every field the hash
covers plus ``hash``. ``packaging/audit_check.py`` (standard library only) recomputes the
hashes and links; ``docs/audit.md`` specifies the format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from counterapp.audit.record import AuditRecord

EXPORT_FORMAT = "counterapp-audit-export"
EXPORT_VERSION = 1


@dataclass(frozen=True)
class ExportHeader:
    """The first line: what the file covers and where its first record hangs in the chain.

    Attributes:
        range_from / range_to: the requested time range (canonical UTC text, end excluded).
        first_seq / last_seq: the records in the file (0 and 0 when there are none).
        count: how many record lines follow.
        anchor_prev_hash: the ``prev_hash`` of the first record (the chain before the file).
        last_hash: the hash of the last record, to compare with the database or a later
            export.
        exported_at / exporter / workstation: when, by whom and where it was written.
    """

    range_from: str
    range_to: str
    first_seq: int
    last_seq: int
    count: int
    anchor_prev_hash: str
    last_hash: str
    exported_at: str
    exporter: str
    workstation: str

    def to_json(self) -> dict[str, object]:
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "hash_algorithm": "sha256",
            "from": self.range_from,
            "to": self.range_to,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "anchor_prev_hash": self.anchor_prev_hash,
            "last_hash": self.last_hash,
            "exported_at": self.exported_at,
            "exporter": self.exporter,
            "workstation": self.workstation,
        }


def record_line(record: AuditRecord) -> str:
    """One record as a JSON line: the hashed fields and ``hash``, keys sorted."""
    fields = {**record.canonical_fields(), "hash": record.hash}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def write_export(out: TextIO, header: ExportHeader, records: Iterable[AuditRecord]) -> None:
    """Write the header line and then every record, one per line (``\\n`` endings)."""
    out.write(json.dumps(header.to_json(), sort_keys=True, ensure_ascii=False) + "\n")
    for record in records:
        out.write(record_line(record) + "\n")
