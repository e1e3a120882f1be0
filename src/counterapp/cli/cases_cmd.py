"""`counterapp cases show|find|transition|new`: cases from the command line.

Every action reads applicants' data or changes a case, so the acting user signs in with
``--as`` (password by prompt, or one line on stdin with ``--password-stdin``) and the app
layer checks the permission. Values are shown masked, as on the clerk's screen. Exit codes
(README.md, "Command line"): REFUSED (sign-in, permission), NOT_FOUND (no such case),
NOT_ACCEPTED (the case's state does not allow the transition), BAD_INPUT.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from counterapp.app import cases as case_use_cases
from counterapp.app.catalog import catalog_for
from counterapp.app.storage import open_database
from counterapp.cases import Case, CaseState, hall_day, is_overdue
from counterapp.catalog import Catalog, MaskRule, mask, mask_item
from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import command
from counterapp.config import Settings
from counterapp.protection import FieldCipher, open_cipher
from counterapp.users import Actor

Run = Callable[[argparse.Namespace, Engine, FieldCipher, Actor, str], int]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("cases", help="cases: show, find by applicant, change state")
    sub = parser.add_subparsers(dest="cases_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, run: Run) -> argparse.ArgumentParser:
        subcommand = sub.add_parser(name, help=help_text)
        subcommand.add_argument(
            "--as", dest="acting", metavar="USERNAME", required=True, help="who acts; signs in"
        )
        subcommand.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        subcommand.add_argument("--json", action="store_true", help="machine-readable output")
        subcommand.set_defaults(handler=_handler(name, run))
        return subcommand

    show = action("show", "show one case (values masked)", _show)
    show.add_argument("case_number", metavar="CASE_NO")
    find = action("find", "list a person's cases, newest first", _find)
    find.add_argument("--applicant", required=True, metavar="ID", help="resident ID number")
    move = action("transition", "move a case to another state", _transition)
    move.add_argument("case_number", metavar="CASE_NO")
    move.add_argument("state", choices=[s.value for s in CaseState if s is not CaseState.DRAFT])
    move.add_argument("--reason", default="", help="why (kept encrypted on the timeline)")
    from counterapp.cli.counter_cmd import register_case_flow

    register_case_flow(sub)


def _handler(name: str, run: Run) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        args.catalog = lambda: catalog_for(settings)  # the site file too, when one is set
        reader = PasswordReader.of(args)
        engine = open_database(settings)
        where = cli_workstation(settings)
        try:
            with acting_user(engine, settings, args.acting, reader, workstation=where) as actor:
                return run(args, engine, open_cipher(engine), actor, where)
        finally:
            engine.dispose()

    return command(f"cases {name}", handle)


def _show(
    args: argparse.Namespace, engine: Engine, cipher: FieldCipher, actor: Actor, _ws: str
) -> int:
    case = case_use_cases.get_case(engine, cipher, actor, args.case_number)
    _print_case(case, args.catalog(), as_json=args.json)
    return ExitCode.OK


def _find(
    args: argparse.Namespace, engine: Engine, cipher: FieldCipher, actor: Actor, ws: str
) -> int:
    found = case_use_cases.find_cases_by_applicant(
        engine, cipher, actor, args.applicant, workstation=ws
    )
    rows = [_summary(case) for case in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("no cases for this applicant / 该申请人没有办件")
    for row in [] if args.json else rows:
        flag = "  OVERDUE/已超期" if row["overdue"] else ""
        print(
            f"{row['number']}  {row['service_id']}  {row['state_zh']}  "
            f"accepted {row['accepted_at'][:10]}  due {row['due_date']}{flag}"
        )
    return ExitCode.OK


def _transition(
    args: argparse.Namespace, engine: Engine, cipher: FieldCipher, actor: Actor, ws: str
) -> int:
    case = case_use_cases.transition(
        engine, cipher, actor, args.case_number, CaseState(args.state), args.reason, workstation=ws
    )
    if args.json:
        print(json.dumps(_summary(case), ensure_ascii=False, indent=2))
    else:
        print(f"{case.number}: {case.state.label_en} / {case.state.label_zh}")
    return ExitCode.OK


def _summary(case: Case) -> dict[str, Any]:
    today = hall_day(datetime.now(UTC))
    return {
        "number": case.number,
        "service_id": case.service_id,
        "form_version": case.form_version,
        "state": case.state.value,
        "state_zh": case.state.label_zh,
        "accepted_at": case.accepted_at.isoformat(),
        "due_date": case.due_date.isoformat(),
        "due_date_provisional": case.due_date_provisional,
        "overdue": is_overdue(case.due_date, today, case.state),
        "visits": case.visits,
        "clerk": case.clerk,
        "window": case.window,
    }


def _masked(catalog: Catalog, item: str | None, value: str) -> str:
    if item is not None and item in catalog:
        masked = mask_item(catalog.item(item), value)
        return masked if isinstance(masked, str) else json.dumps(masked, ensure_ascii=False)
    return mask(value, MaskRule.FULL)


def _print_case(case: Case, catalog: Catalog, *, as_json: bool) -> None:
    data = _summary(case)
    data["applicants"] = [
        {
            "role": person.role.value,
            "name": mask(person.name, MaskRule.NAME),
            "id_number": mask(person.id_number, MaskRule.ID_NUMBER),
        }
        for person in case.applicants
    ]
    data["fields"] = [
        {
            "field": f.field_id,
            "item": f.item,
            "value": _masked(catalog, f.item, f.value),
            "source": f.source.kind.value,
            "department": f.source.department,
            "verified": f.source.verified,
        }
        for f in case.fields
    ]
    data["materials"] = [
        {"name": m.name, "status": m.status.value, "exempted_by": m.exempted_by}
        for m in case.materials
    ]
    data["timeline"] = [
        {
            "at": e.at.isoformat(),
            "from": e.from_state.value if e.from_state else None,
            "to": e.to_state.value,
            "actor": e.actor,
        }
        for e in case.timeline
    ]
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print(f"{case.number}  {case.service_id} ({case.form_version})")
    print(f"  state 状态: {case.state.label_zh} / {case.state.label_en}")
    overdue = "  OVERDUE 已超期" if data["overdue"] else ""
    if case.due_date_provisional:
        overdue += (
            "  (provisional: holiday calendar not yet published 节假日安排未公布，暂按周一至周五计)"
        )
    print(f"  accepted 受理: {data['accepted_at']}  due 时限: {data['due_date']}{overdue}")
    print(f"  clerk 经办: {case.clerk}  window 窗口: {case.window}  visits 跑动: {case.visits}")
    for person in data["applicants"]:
        print(f"  {person['role']}: {person['name']}  {person['id_number']}")
    for f in data["fields"]:
        source = f["source"] + (f" {f['department']}" if f["department"] else "")
        print(f"  {f['field']}: {f['value']}  [{source}]")
    for m in data["materials"]:
        by = f" ({m['exempted_by']})" if m["exempted_by"] else ""
        print(f"  material 材料 {m['name']}: {m['status']}{by}")
    for e in data["timeline"]:
        print(f"  {e['at']}  {e['from'] or '-'} -> {e['to']}  {e['actor']}")
