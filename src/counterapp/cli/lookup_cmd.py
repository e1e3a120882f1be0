"""`counterapp lookup`: IT's diagnostic face of the guarded lookup (app.guarded_lookup).

Two forms, both audited:

- ``counterapp lookup --probe [--departments D,...]``: asks each department about its own
  test identity (the connector's ``[probe]``), every request of its connector; no applicant
  is involved, so no user or consent is needed. Audited under the operating-system login.
- ``counterapp lookup ID_NUMBER (--service ID | --items CODES) --as USER --reason TEXT``:
  a real person, for a diagnosis; the user needs the ``diagnose_departments`` permission
  (supervisors, admins), the reason is audited. ``--reveal`` also shows sensitive values
  unmasked, which needs the ``reveal_masked`` permission and is audited as a reveal.

A lookup about a person without ``--as`` is refused before any department is asked.
Exit codes (README.md, "Command line"): OK when every department asked answered, PARTIAL
when some did not, BAD_INPUT, REFUSED (no ``--as``/``--reason``, sign-in, permission),
CONFIG (connector or form files broken).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from counterapp.app.context import mask_policy
from counterapp.app.departments import open_exchange
from counterapp.app.guarded_lookup import ForDiagnosis, ProbeOutcome, look_up, probe_departments
from counterapp.app.lookup import LookupInputError, wanted_items
from counterapp.catalog import Catalog, load_catalog
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.lookup_report import lookup_report, print_report
from counterapp.cli.runner import CommandFailed, UsageError, command
from counterapp.config import Settings
from counterapp.exchange.lookup import (
    DepartmentExchange,
    DepartmentOutcome,
    LookupResult,
    OutcomeCallback,
)
from counterapp.forms import load_forms
from counterapp.standards import resident_id


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "lookup",
        help="probe the departments with their test identities, or diagnose one person's "
        "lookup (--as USER --reason; audited)",
    )
    parser.add_argument(
        "id_number", metavar="ID_NUMBER", nargs="?", help="resident ID number (not with --probe)"
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="ask each department about its own test identity ([probe] of its connector)",
    )
    parser.add_argument(
        "--departments", default="", help="with --probe: only these (comma-separated ids)"
    )
    parser.add_argument("--service", help="service id (see forms/), e.g. marriage-registration")
    parser.add_argument(
        "--items", default="", help="comma-separated catalog item codes, e.g. person.name"
    )
    parser.add_argument("--connectors", type=Path, metavar="DIR", help="connector directory")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="show sensitive values unmasked (needs the reveal permission; audited)",
    )
    parser.add_argument(
        "--as", dest="acting", metavar="USERNAME", help="who looks up (diagnose permission)"
    )
    parser.add_argument("--reason", default="", help="why this person is looked up (audited)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    parser.set_defaults(handler=command("lookup", run))


def run(args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(site_file=settings.get_str("catalog.site_file"))  # = catalog_for
    if args.id_number and not args.probe:
        checked = resident_id.validate(args.id_number)
        if not checked.ok:
            raise UsageError(
                f"{args.id_number}: {checked.reason}", f"{args.id_number}: {checked.reason_zh}"
            )
    refusal = _refusal(args)
    if refusal:
        raise refusal
    items: frozenset[str] = frozenset()
    if not args.probe:
        forms = load_forms(catalog)
        items = wanted_items(catalog, forms, service=args.service, items=args.items.split(","))
    exchange = open_exchange(settings, catalog, directory=args.connectors)
    with exchange:
        if args.probe:
            return _probe(args, settings, exchange)
        return _diagnose(args, settings, exchange, catalog, items)


def _refusal(args: argparse.Namespace) -> CommandFailed | None:
    """Why the command line cannot go ahead, before anything is asked (None: it can)."""
    if args.probe:
        if args.id_number or args.service or args.items or args.reveal:
            return UsageError(
                "--probe asks each department about its own test identity: give no ID "
                "number, service, items or --reveal",
                "--probe 使用各部门的测试身份查询，不能再指定身份号码、事项、数据项或 --reveal",
            )
        return None
    if not args.id_number:
        return UsageError(
            "give an ID number (with --as USER --reason TEXT), or --probe",
            "请给出身份号码（并用 --as 用户 --reason 理由），或使用 --probe",
        )
    if not args.acting or not args.reason.strip():
        return CommandFailed(
            ExitCode.REFUSED,
            "asking departments about a person needs who you are and why: --as USER (with "
            "the diagnose_departments permission) and --reason TEXT, both audited; nothing "
            "was asked. To check that the departments answer, use --probe",
            "向部门查询个人数据须说明身份和理由：--as 用户（需有诊断查询权限）和 --reason 理由，"
            "均记入审计日志；未向任何部门查询。检查部门是否可用请用 --probe",
        )
    return None


def _progress_printer(args: argparse.Namespace) -> OutcomeCallback:
    def progress(outcome: DepartmentOutcome) -> None:
        if not args.json:
            print(
                f"  {outcome.name_zh:<12} {outcome.status.label_zh:<10} "
                f"{outcome.latency_ms:7.0f} ms",
                file=sys.stderr,
            )

    return progress


def _probe(args: argparse.Namespace, settings: Settings, exchange: DepartmentExchange) -> int:
    """Probe the departments with their test identities; 0 when each answered with a record."""
    from counterapp.app.storage import open_database, workstation_name

    wanted = [d.strip() for d in args.departments.split(",") if d.strip()]
    unknown = [d for d in wanted if d not in exchange.connectors]
    if unknown:
        known = ", ".join(exchange.connectors)
        raise UsageError(
            f"no connector for {', '.join(unknown)} (known: {known})",
            f"没有部门 {'、'.join(unknown)} 的连接器（已配置：{known}）",
        )
    engine = open_database(settings)
    try:
        probes = probe_departments(
            exchange,
            engine,
            operator=getpass.getuser(),
            departments=wanted or None,
            workstation=f"{workstation_name(settings)} (cli)",
        )
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps([_probe_entry(p) for p in probes], ensure_ascii=False, indent=2))
    else:
        for probe in probes:
            entry = _probe_entry(probe)
            print(
                f"{probe.department:<12} {probe.name_zh:<14} {entry['status']:<14} "
                f"{entry['latency_ms']:>6} ms  {entry['message']}"
            )
    healthy = all(p.outcome is not None and p.outcome.answered for p in probes)
    return ExitCode.OK if healthy else ExitCode.PARTIAL


def _probe_entry(probe: ProbeOutcome) -> dict[str, object]:
    outcome = probe.outcome
    if outcome is None:
        return {
            "department": probe.department,
            "name_zh": probe.name_zh,
            "name_en": probe.name_en,
            "status": "not_configured",
            "latency_ms": 0,
            "message": "no [probe] id_number in the connector file / 连接器文件未配置测试身份",
        }
    return {
        "department": probe.department,
        "name_zh": probe.name_zh,
        "name_en": probe.name_en,
        "status": outcome.status.code,
        "latency_ms": round(outcome.latency_ms),
        "message": outcome.message,
    }


def _diagnose(
    args: argparse.Namespace,
    settings: Settings,
    exchange: DepartmentExchange,
    catalog: Catalog,
    items: frozenset[str],
) -> int:
    """Sign the user in, look the person up for a diagnosis (audited), print the report."""
    from counterapp.app.reveal import record_reveal
    from counterapp.app.storage import open_database
    from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
    from counterapp.users import require
    from counterapp.users.roles import Permission

    engine = open_database(settings)
    workstation = cli_workstation(settings)
    try:
        reader = PasswordReader.of(args)
        with acting_user(engine, settings, args.acting, reader, workstation=workstation) as actor:
            if args.reveal:
                require(actor, Permission.REVEAL_MASKED)
            result: LookupResult = look_up(
                exchange,
                engine,
                None,  # a diagnosis reads no consent record: no cipher needed
                actor,
                args.id_number,
                items,
                why=ForDiagnosis(args.reason),
                catalog=catalog,
                on_outcome=_progress_printer(args),
                workstation=workstation,
            )
            if args.reveal:
                shown = [
                    code for code in result.values.values if catalog.item(code).mask.value != "none"
                ]
                record_reveal(engine, actor, shown, reason=args.reason, workstation=workstation)
    except LookupInputError as exc:
        raise UsageError(
            f"{args.id_number}: {exc.reason}", f"{args.id_number}: {exc.reason_zh}"
        ) from exc
    finally:
        engine.dispose()
    report = lookup_report(result, catalog, reveal=args.reveal, policy=mask_policy(settings))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report, catalog)
    return ExitCode.OK if result.complete else ExitCode.PARTIAL
