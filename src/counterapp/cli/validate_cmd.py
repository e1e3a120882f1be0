"""`counterapp validate id|credit-code|mobile VALUE`: the national-standard checks."""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from collections.abc import Callable
from datetime import date

from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import command
from counterapp.config import Settings
from counterapp.errors import Language
from counterapp.standards import credit_code, mobile, resident_id

_Result = resident_id.ResidentIdResult | credit_code.CreditCodeResult | mobile.MobileResult
_VALIDATORS: dict[str, Callable[[str], _Result]] = {
    "id": resident_id.validate,
    "credit-code": credit_code.validate,
    "mobile": mobile.validate,
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="check a resident ID number (GB 11643), credit code (GB 32100) or mobile number",
    )
    parser.add_argument("kind", choices=sorted(_VALIDATORS))
    parser.add_argument("value")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=command("validate", run))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the normalized value (OK) or the precise reason it is invalid (BAD_INPUT)."""
    result = _VALIDATORS[args.kind](args.value)
    if args.json:
        print(json.dumps(_plain(result), ensure_ascii=False, indent=2))
    elif result.ok:
        print(result.normalized)
        for field in dataclasses.fields(result):
            value = getattr(result, field.name)
            if field.name not in {"ok", "normalized", "reason", "reason_zh"} and value:
                print(f"  {field.name}: {_plain_value(value)}")
    else:
        reason = result.reason_zh if Language.of(settings).chinese else result.reason
        print(f"{args.value}: {reason}", file=sys.stderr)
    return ExitCode.OK if result.ok else ExitCode.BAD_INPUT


def _plain_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.name.lower()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _plain(result: object) -> dict[str, object]:
    return {
        f.name: _plain_value(getattr(result, f.name))
        for f in dataclasses.fields(result)  # type: ignore[arg-type]
    }
