"""`counterapp cases ...`: the queue, cases, review, notices and data-use records.

Every action reads applicants' data or changes a case, so the acting user signs in with
``--as`` (password by prompt, or one line on stdin with ``--password-stdin``) and the app
layer checks the permission. Values are shown masked, as on the clerk's screen. Exit codes
(README.md, "Command line"): REFUSED (sign-in, permission), NOT_FOUND (no such case),
NOT_ACCEPTED (the case's state does not allow the transition, or another supervisor
changed the case meanwhile), BAD_INPUT.

``cases list`` is the supervisor's queue (the same filters and order as the queue window,
read page by page with keyset paging); ``cases review`` is the review pane's actions, each
checked against the case version the supervisor saw (``--seen-version``, from ``cases show
--json``; by default the version read just before acting), so two supervisors acting at
once never both win.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from counterapp.app import cases as case_use_cases
from counterapp.app.catalog import catalog_for
from counterapp.app.context import CounterContext
from counterapp.app.queue import QueueFilter, case_queue
from counterapp.app.receipts import correction_notice, data_use_record
from counterapp.app.review import (
    approve,
    parse_missing,
    reassign,
    reject,
    return_for_correction,
    start_review,
)
from counterapp.app.storage import open_database
from counterapp.cases import Case, CaseState, hall_day, is_overdue
from counterapp.catalog import Catalog, MaskRule, mask, mask_item
from counterapp.cli.acting import PasswordReader, acting_command, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import UsageError, command
from counterapp.config import Settings
from counterapp.protection import FieldCipher, open_cipher
from counterapp.store.case_queue import MAX_LIMIT, QueueCursor, QueueRow, QueueSort
from counterapp.users import Actor

Run = Callable[[argparse.Namespace, Engine, FieldCipher, Actor, str], int]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("cases", help="cases: the queue, show, find, review, change state")
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

    listing = action("list", "the hall's case queue, filtered (supervisors)", _list)
    listing.add_argument(
        "--state",
        action="append",
        choices=[s.value for s in CaseState if s is not CaseState.DRAFT],
        help="only cases in this state (repeatable; default: accepted and in review)",
    )
    listing.add_argument("--all-states", action="store_true", help="cases in every state")
    listing.add_argument("--service", metavar="SERVICE_ID", help="one service")
    listing.add_argument("--clerk", metavar="USERNAME", help="accepted by this clerk")
    listing.add_argument("--window", metavar="NO", help="accepted at this window")
    listing.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    listing.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    listing.add_argument("--overdue", action="store_true", help="only overdue cases")
    listing.add_argument("--due-soon", action="store_true", help="only cases due within 3 days")
    listing.add_argument("--search", default="", metavar="CASE_NO|ID", help="a case or a person")
    listing.add_argument(
        "--sort", choices=[s.value for s in QueueSort], default=QueueSort.NEWEST.value
    )
    listing.add_argument(
        "--limit", type=_count, default=50, metavar="N", help="rows at most (0: all; default 50)"
    )
    review = acting_command(
        sub.add_parser("review", help="review a case: start, approve, return, reject, reassign"),
        "cases review",
        _review,
    )
    review.add_argument("case_number", metavar="CASE_NO")
    review.add_argument("action", choices=[a.value for a in ReviewAction])
    review.add_argument("--reason", default="", help="why a case is rejected (required)")
    review.add_argument(
        "--missing",
        action="append",
        default=[],
        metavar="'DOCUMENT | WHY'",
        help="an item the applicant must bring or correct (repeatable; required to return)",
    )
    review.add_argument("--note", default="", help="a note on the return for correction")
    review.add_argument("--to", default="", metavar="USERNAME", help="who reviews it (reassign)")
    review.add_argument(
        "--seen-version",
        type=int,
        metavar="N",
        help="the case version you decided on (`cases show --json`); refused if it changed",
    )
    review.add_argument(
        "--notice",
        type=Path,
        metavar="FILE.pdf",
        help="with return: write the one-time correction notice (一次性告知书) here",
    )
    review.add_argument("--json", action="store_true", help="machine-readable output")
    notice = acting_command(
        sub.add_parser("notice", help="print again the correction notice of a returned case"),
        "cases notice",
        _notice,
    )
    notice.add_argument("case_number", metavar="CASE_NO")
    notice.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    data_use = acting_command(
        sub.add_parser(
            "data-use",
            help="print which department supplied which item of a case, when, under which "
            "consent (the applicant's right to know)",
        ),
        "cases data-use",
        _data_use,
    )
    data_use.add_argument(
        "reference", metavar="CASE_NO|QR", help="the case number, or the receipt QR code's text"
    )
    data_use.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
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


class ReviewAction(StrEnum):
    """What `cases review` does, as the review pane's buttons."""

    START = "start"
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    REASSIGN = "reassign"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a count (0 or more): {text!r}")
    return int(text)


def _list(
    args: argparse.Namespace, engine: Engine, cipher: FieldCipher, actor: Actor, ws: str
) -> int:
    states: frozenset[CaseState]
    if args.all_states:
        states = frozenset(s for s in CaseState if s is not CaseState.DRAFT)
    elif args.state:
        states = frozenset(CaseState(s) for s in args.state)
    else:
        states = frozenset({CaseState.ACCEPTED, CaseState.IN_REVIEW})
    filters = QueueFilter(
        service_id=args.service,
        clerk=args.clerk.strip().lower() if args.clerk else None,
        window=args.window,
        accepted_from=args.first,
        accepted_to=args.last,
        due_soon=args.due_soon,
        search=args.search,
    )
    rows: list[QueueRow] = []
    cursor: QueueCursor | None = None
    while True:
        wanted = MAX_LIMIT if args.limit == 0 else min(MAX_LIMIT, args.limit - len(rows))
        page = case_queue(
            engine,
            actor,
            states=states,
            overdue_only=args.overdue,
            after=cursor,
            limit=wanted,
            filters=filters,
            sort=QueueSort(args.sort),
            cipher=cipher,
            workstation=ws,
        )
        rows.extend(page.rows)
        cursor = page.next_cursor
        if cursor is None or (args.limit and len(rows) >= args.limit):
            break
    if args.json:
        print(json.dumps([_queue_row(row) for row in rows], ensure_ascii=False, indent=2))
        return ExitCode.OK
    if not rows:
        print("no cases match / 没有符合条件的办件")
    for row in rows:
        flag = "  OVERDUE/已超期" if row.overdue else "  due soon/即将到期" if row.due_soon else ""
        assigned = f"  review: {row.assignee}" if row.assignee else ""
        print(
            f"{row.number}  {row.service_id}  {row.state.label_zh}  "
            f"accepted {hall_day(row.accepted_at)}  due {row.due_date}  "
            f"clerk {row.clerk}  window {row.window}{assigned}{flag}"
        )
    if cursor is not None:
        print(f"(first {len(rows)} shown; --limit 0 lists all / 仅显示前 {len(rows)} 件)")
    return ExitCode.OK


def _queue_row(row: QueueRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "service_id": row.service_id,
        "state": row.state.value,
        "state_zh": row.state.label_zh,
        "accepted_at": row.accepted_at.isoformat(),
        "due_date": row.due_date.isoformat(),
        "due_date_provisional": row.due_date_provisional,
        "overdue": row.overdue,
        "due_soon": row.due_soon,
        "clerk": row.clerk,
        "window": row.window,
        "assignee": row.assignee,
        "version": row.version,
    }


def _review(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    what = ReviewAction(args.action)
    if args.notice is not None and what is not ReviewAction.RETURN:
        raise UsageError("--notice goes with return", "--notice 仅用于退回补正（return）")
    seen = args.seen_version
    if seen is None:  # decide on the case as it is now
        seen = case_use_cases.get_case(ctx.engine, ctx.cipher, actor, args.case_number).version
    common: dict[str, Any] = {"seen_version": seen, "workstation": ctx.workstation}
    match what:
        case ReviewAction.START:
            case = start_review(ctx.engine, ctx.cipher, actor, args.case_number, **common)
        case ReviewAction.APPROVE:
            case = approve(ctx.engine, ctx.cipher, actor, args.case_number, **common)
        case ReviewAction.REJECT:
            case = reject(
                ctx.engine, ctx.cipher, actor, args.case_number, reason=args.reason, **common
            )
        case ReviewAction.RETURN:
            missing = parse_missing("\n".join(args.missing))
            case = return_for_correction(
                ctx.engine,
                ctx.cipher,
                actor,
                args.case_number,
                missing=missing,
                note=args.note,
                **common,
            )
        case ReviewAction.REASSIGN:
            case = reassign(ctx.engine, ctx.cipher, actor, args.case_number, to=args.to, **common)
    if args.notice is not None:
        _write_notice(ctx, actor, case.number, args.notice)
    if args.json:
        print(json.dumps(_summary(case), ensure_ascii=False, indent=2))
    else:
        assigned = f"  review: {case.assignee}" if case.assignee else ""
        print(f"{case.number}: {case.state.label_en} / {case.state.label_zh}{assigned}")
    return ExitCode.OK


def _notice(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    _write_notice(ctx, actor, args.case_number, args.output)
    return ExitCode.OK


def _data_use(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    case, result = data_use_record(ctx, actor, args.reference)
    _write_pdf(args.output, result.pdf)
    print(f"{case.number}: data-use record, {result.pages} page(s), in {args.output}")
    return ExitCode.OK


def _write_pdf(path: Path, pdf: bytes) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc}", f"无法写入文件 {path}：{exc}") from exc


def _write_notice(ctx: CounterContext, actor: Actor, number: str, path: Path) -> None:
    case, result = correction_notice(ctx, actor, number)
    _write_pdf(path, result.pdf)
    print(f"{case.number}: correction notice, {result.pages} page(s), in {path}")


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
        "version": case.version,
        "assignee": case.assignee,
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
