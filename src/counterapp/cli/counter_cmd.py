"""The counter flow from the command line: `cases new`, `notify`, `receipt`.

`print` drives Qt's print system and lives with the Qt face (``counterapp.ui.commands``);
the entry point (``counterapp.__main__``) makes it an acting command like these.

Each signs the clerk in (``--as``, password by prompt or ``--password-stdin``; see
:func:`counterapp.cli.acting.acting_command`) and runs the same app-layer use cases as the
desktop workspace. Exit codes (README.md, "Command line"): OK; REFUSED (sign-in,
permission, consent); BAD_INPUT (the precise reason: an invalid ID number, a missing typed
field, an unknown service); NOT_FOUND (no such case); NOT_ACCEPTED (not eligible, or
materials missing — `counterapp notify` prints the one-time notification); CONFIG (the
workstation's files, keyring or CJK font cannot be used).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from counterapp.app.context import CounterContext
from counterapp.app.counter_flow import (
    CounterRequest,
    MaterialsMissing,
    run_counter_flow,
)
from counterapp.app.lookup import LookupInputError
from counterapp.app.receipts import case_receipt, notification
from counterapp.cli.acting import acting_command
from counterapp.cli.exit_codes import ExitCode
from counterapp.consent import ConsentMethod
from counterapp.receipts import Layout
from counterapp.users import Actor


def register_case_flow(sub: argparse._SubParsersAction) -> None:
    """Add `cases new` to the `cases` command's actions."""
    new = acting_command(
        sub.add_parser("new", help="the whole counter flow: consent to receipt"), "cases new", _new
    )
    _flow_arguments(new)
    new.add_argument("--receipt", type=Path, metavar="FILE.pdf", help="write the receipt")
    new.add_argument("--layout", choices=[x.value for x in Layout], default=Layout.A4.value)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `notify` and `receipt`."""
    notify = acting_command(
        commands.add_parser(
            "notify", help="one-time notification (一次性告知书) of what is missing"
        ),
        "notify",
        _notify,
    )
    _flow_arguments(notify)
    notify.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    receipt = acting_command(
        commands.add_parser("receipt", help="a case's receipt as PDF"), "receipt", _receipt
    )
    receipt.add_argument("case_number", metavar="CASE_NO")
    receipt.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    receipt.add_argument("--layout", choices=[x.value for x in Layout], default=Layout.A4.value)


def _flow_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--service", required=True, help="service id, e.g. marriage-registration")
    parser.add_argument(
        "--applicant",
        action="append",
        required=True,
        metavar="ID_NUMBER",
        help="resident ID number (repeat for a second applicant)",
    )
    parser.add_argument(
        "--consent",
        required=True,
        choices=[m.value for m in ConsentMethod if m.clerk_may_choose],
        help="how the applicants consented to the lookup",
    )
    parser.add_argument("--witness", default="", help="witness of verbal consent")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        dest="fields",
        metavar="FIELD=VALUE",
        help="a typed field (FIELD@2 for applicant 2)",
    )
    parser.add_argument(
        "--received",
        action="append",
        metavar="MATERIAL_ID",
        help="a material handed over (default: every one not exempt)",
    )


def _request(args: argparse.Namespace) -> CounterRequest:
    typed: dict[tuple[str, int], str] = {}
    for item in args.fields:
        key, sep, value = item.partition("=")
        if not sep:
            raise LookupInputError(
                f"--set {item}: expected FIELD=VALUE", f"--set {item}：应为 字段=值"
            )
        field_id, _, number = key.strip().partition("@")
        typed[(field_id, int(number) if number.isdigit() else 1)] = value
    return CounterRequest(
        service_id=args.service,
        applicant_ids=tuple(args.applicant),
        consent_method=ConsentMethod(args.consent),
        typed=typed,
        received=None if args.received is None else frozenset(args.received),
        witness=args.witness,
    )


def _new(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    try:
        outcome = run_counter_flow(ctx, actor, _request(args))
    except MaterialsMissing as exc:
        for item in exc.notice.items:
            print(f"  缺 {item.name_zh}: {item.reason_zh}", file=sys.stderr)
        raise  # NOT_ACCEPTED, with the reason, through the runner
    report = outcome.prefilled.report()
    print(outcome.case.number)
    print(
        f"  pre-filled {len(report.prefilled)}, typed {len(report.typed)}, corrected "
        f"{len(report.corrected)}; exempt materials "
        f"{sum(1 for d in outcome.materials if d.status.value == 'exempt')}",
        file=sys.stderr,
    )
    if args.receipt:
        _, result = case_receipt(ctx, actor, outcome.case.number, layout=Layout(args.layout))
        args.receipt.write_bytes(result.pdf)
        _warn_glyphs(result.missing_glyphs)
    return ExitCode.OK


def _notify(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    request = _request(args)
    if request.received is None:  # nothing handed over yet unless the clerk says so
        request = replace(request, received=frozenset())
    try:
        run_counter_flow(ctx, actor, request)
    except MaterialsMissing as exc:
        form = ctx.forms[request.service_id]
        reference = f"告知-{datetime.now(UTC):%Y%m%d%H%M%S}"
        result = notification(ctx, actor, form, exc.applicants, exc.notice, reference=reference)
        args.output.write_bytes(result.pdf)
        print(f"{reference}: {len(exc.notice.items)} materials listed in {args.output}")
        return ExitCode.OK
    print("nothing is missing: the case was accepted (see `counterapp cases find`)")
    return ExitCode.OK


def _receipt(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    _, result = case_receipt(ctx, actor, args.case_number, layout=Layout(args.layout))
    args.output.write_bytes(result.pdf)
    _warn_glyphs(result.missing_glyphs)
    print(f"{args.output}: {result.pages} page(s)")
    return ExitCode.OK


def _warn_glyphs(missing: tuple[str, ...]) -> None:
    if missing:
        shown = ", ".join(f"U+{ord(c):04X}" for c in missing)
        print(
            f"warning: the font has no glyph for {shown}; printed as code points", file=sys.stderr
        )
