#!/usr/bin/env python3
"""Check a Counter audit export on your own: python3 audit_check.py EXPORT.jsonl

Standard library only, no Counter installation needed: an auditor can read this file,
or re-implement it from docs/audit.md. It recomputes every record's SHA-256 over the
canonical encoding, checks that each record chains to the one before it and that the
sequence numbers run without gaps, and compares the file with its header.

Exit status: 0 the file is intact ("OK ..."), 1 a record is bad (the first bad line is
named), 2 the file cannot be read or is not an audit export.

Options:
  --expect-prev HASH  the first record must chain to HASH (e.g. the last hash of the
                      previous export, or a hash printed by `counterapp audit verify`)
  --expect-last HASH  the last record must have hash HASH
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys

FORMAT = "counterapp-audit-export"
VERSION = 1
RECORD_KEYS = {
    "seq",
    "occurred_at",
    "kind",
    "actor",
    "success",
    "case_number",
    "items",
    "departments",
    "detail",
    "workstation",
    "prev_hash",
    "hash",
}


class Bad(Exception):
    """A record or the file's end does not check out."""


def canonical_hash(record: dict) -> str:
    """SHA-256 (hex) of the record's fields except "hash": sorted keys, no spaces, UTF-8."""
    fields = {key: value for key, value in record.items() if key != "hash"}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_record(record: object, expected_seq: int, prev_hash: str) -> dict:
    if not isinstance(record, dict) or set(record) != RECORD_KEYS:
        raise Bad("not a record: the fields are not the expected ones")
    if record["seq"] != expected_seq:
        raise Bad(
            f"record {record['seq']} where {expected_seq} was expected "
            "(a record was deleted, inserted or moved)"
        )
    if record["prev_hash"] != prev_hash:
        raise Bad(f"record {expected_seq} does not chain to the record before it")
    if canonical_hash(record) != record["hash"]:
        raise Bad(f"record {expected_seq} was altered: its content does not match its hash")
    return record


def check_file(path: str, expect_prev: str | None, expect_last: str | None) -> str:
    """Return the OK line; raise Bad (with the line number) or OSError/ValueError."""
    with open(path, encoding="utf-8", newline="") as lines:
        header = json.loads(lines.readline() or "null")
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("not a Counter audit export (the first line is no export header)")
        if header.get("version") != VERSION:
            raise ValueError(f"export format version {header.get('version')} is not {VERSION}")
        expected_seq, prev_hash = header["first_seq"], header["anchor_prev_hash"]
        if expect_prev is not None and prev_hash != expect_prev:
            raise Bad("line 1: the export does not start where --expect-prev says")
        count = 0
        for number, line in enumerate(lines, start=2):
            try:
                record = check_record(json.loads(line), expected_seq, prev_hash)
            except (Bad, ValueError) as exc:
                raise Bad(f"line {number}: {exc}") from None
            count += 1
            expected_seq, prev_hash = record["seq"] + 1, record["hash"]
    end = f"line {count + 2}"
    if count != header["count"]:
        raise Bad(f"{end}: the file has {count} records but its header says {header['count']}")
    if count and expected_seq - 1 != header["last_seq"]:
        raise Bad(f"{end}: the last record is {expected_seq - 1}, not {header['last_seq']}")
    if count and prev_hash != header["last_hash"]:
        raise Bad(f"{end}: the last hash differs from the header's")
    if expect_last is not None and prev_hash != expect_last:
        raise Bad(f"{end}: the last hash is not the one --expect-last names")
    span = f"records {header['first_seq']}..{header['last_seq']}" if count else "no records"
    return f"OK: {count} records ({span}), last hash {prev_hash}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a Counter audit export file.")
    parser.add_argument("export", help="the .jsonl file written by `counterapp audit export`")
    parser.add_argument("--expect-prev", metavar="HASH")
    parser.add_argument("--expect-last", metavar="HASH")
    args = parser.parse_args(argv)
    try:
        print(check_file(args.export, args.expect_prev, args.expect_last))
    except Bad as exc:
        print(f"BAD: {exc}")
        return 1
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot check {args.export}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
