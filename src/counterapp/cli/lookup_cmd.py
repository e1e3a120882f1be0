"""`counterapp lookup ID_NUMBER (--service ID | --items CODES) [--json] [--reveal]`.

Exit codes: 0 every department asked answered, 3 some did not (a partial result),
2 bad input (the precise reason is printed), 1 the departments cannot be set up.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counterapp.app.context import mask_policy
from counterapp.app.departments import open_exchange
from counterapp.app.lookup import LookupInputError, look_up_applicant, wanted_items
from counterapp.catalog import load_catalog
from counterapp.cli.lookup_report import lookup_report, print_report
from counterapp.config import Settings
from counterapp.exchange.connector_loader import ConnectorError
from counterapp.exchange.lookup import DepartmentOutcome
from counterapp.forms import FormError, load_forms

EXIT_PARTIAL = 3


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "lookup", help="ask the departments about one applicant (prints masked values)"
    )
    parser.add_argument("id_number", metavar="ID_NUMBER", help="resident ID number")
    parser.add_argument("--service", help="service id (see forms/), e.g. marriage-registration")
    parser.add_argument(
        "--items", default="", help="comma-separated catalog item codes, e.g. person.name"
    )
    parser.add_argument("--connectors", type=Path, metavar="DIR", help="connector directory")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="show sensitive values unmasked: needs --as USER and --reason (audited)",
    )
    parser.add_argument("--as", dest="acting", metavar="USERNAME", help="who reveals")
    parser.add_argument("--reason", default="", help="why the values are revealed")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog()
    lang_zh = settings["ui.language"] == "zh_CN"
    if args.reveal and (not args.acting or not args.reason.strip()):
        print(
            "counterapp lookup: --reveal shows personal data: name who you are with --as "
            "USER and why with --reason TEXT (the reveal is audited)",
            file=sys.stderr,
        )
        return 2
    try:
        forms = load_forms(catalog)
        items = wanted_items(catalog, forms, service=args.service, items=args.items.split(","))
        exchange = open_exchange(settings, catalog, directory=args.connectors)
    except LookupInputError as exc:
        print(f"counterapp lookup: {exc.reason_zh if lang_zh else exc.reason}", file=sys.stderr)
        return 2
    except (ConnectorError, FormError) as exc:
        print(f"counterapp lookup: cannot load the configuration:\n{exc}", file=sys.stderr)
        return 1

    def progress(outcome: DepartmentOutcome) -> None:
        if not args.json:
            print(
                f"  {outcome.name_zh:<12} {outcome.status.label_zh:<10} "
                f"{outcome.latency_ms:7.0f} ms",
                file=sys.stderr,
            )

    with exchange:
        try:
            result = look_up_applicant(exchange, args.id_number, items, on_outcome=progress)
        except LookupInputError as exc:
            reason = exc.reason_zh if lang_zh else exc.reason
            print(f"counterapp lookup: {args.id_number}: {reason}", file=sys.stderr)
            return 2
    if args.reveal:
        shown = [code for code in result.values.values if catalog.item(code).mask.value != "none"]
        refused = _audit_reveal(args, settings, shown)
        if refused:
            return refused
    policy = mask_policy(settings)
    report = lookup_report(result, catalog, reveal=args.reveal, policy=policy)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report, catalog)
    return 0 if result.complete else EXIT_PARTIAL


def _audit_reveal(args: argparse.Namespace, settings: Settings, items: list[str]) -> int:
    """Sign the revealing user in and audit the reveal; an exit code when refused."""
    from counterapp.app.reveal import record_reveal
    from counterapp.app.storage import open_database, workstation_name
    from counterapp.app.users import lockout_policy, sign_in, sign_out
    from counterapp.cli.users_cmd import PasswordReader
    from counterapp.users import PermissionDenied
    from counterapp.users.accounts import SignInFailed

    engine = open_database(settings)
    workstation = f"{workstation_name(settings)} (cli)"
    try:
        password = PasswordReader(args.password_stdin, sys.stdin).existing(args.acting)
        actor = sign_in(
            engine,
            args.acting,
            password,
            workstation=workstation,
            policy=lockout_policy(settings),
        )
        try:
            record_reveal(engine, actor, items, reason=args.reason, workstation=workstation)
        finally:
            sign_out(engine, actor, workstation=workstation)
    except (SignInFailed, PermissionDenied) as exc:
        print(f"counterapp lookup: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0
