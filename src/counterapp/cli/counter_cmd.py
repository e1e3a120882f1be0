"""The counter flow from the command line: `cases new`, `notify`, `receipt`.

`print` drives Qt's print system and lives with the Qt face (``counterapp.ui.commands``).

Each signs the clerk in (``--as``, password by prompt or ``--password-stdin``) and runs the
same app-layer use cases as the desktop workspace. Exit codes: 0 done; 1 refused (sign-in,
permission, printer); 2 bad input (the precise reason: an invalid ID number, a missing
typed field, an unknown service); 4 the case cannot be accepted yet (not eligible, or
materials missing — `counterapp notify` prints the one-time notification).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from counterapp.app.cases import CaseNotFound
from counterapp.app.context import CounterContext, open_counter
from counterapp.app.counter_flow import (
    CounterFlowStopped,
    CounterRequest,
    MaterialsMissing,
    run_counter_flow,
)
from counterapp.app.lookup import LookupInputError
from counterapp.app.receipts import case_receipt, notification
from counterapp.app.users import lockout_policy, sign_in, sign_out
from counterapp.cases import InvalidCaseNumber
from counterapp.cli.users_cmd import PasswordReader
from counterapp.config import Settings
from counterapp.consent import ConsentError, ConsentMethod
from counterapp.receipts import Layout, NoCjkFont
from counterapp.users import Actor, PermissionDenied
from counterapp.users.accounts import SignInFailed

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT, EXIT_NOT_ACCEPTED = 0, 1, 2, 4
Action = Callable[[argparse.Namespace, CounterContext, Actor], int]


def register_case_flow(sub: argparse._SubParsersAction) -> None:
    """Add `cases new` to the `cases` command's actions."""
    new = acting_command(
        sub.add_parser("new", help="the whole counter flow: consent to receipt"), _new
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
        _notify,
    )
    _flow_arguments(notify)
    notify.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    receipt = acting_command(
        commands.add_parser("receipt", help="a case's receipt as PDF"), _receipt
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
        choices=[m.value for m in ConsentMethod],
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


def acting_command(parser: argparse.ArgumentParser, action: Action) -> argparse.ArgumentParser:
    parser.add_argument("--as", dest="acting", required=True, metavar="USERNAME")
    parser.add_argument("--password-stdin", action="store_true", help="password from stdin")
    parser.add_argument("--connectors", type=Path, metavar="DIR", help="connector directory")
    parser.set_defaults(handler=_handler(action))
    return parser


def _handler(action: Action) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        try:
            ctx = open_counter(
                settings, connectors_dir=args.connectors, workstation_suffix=" (cli)"
            )
        except Exception as exc:  # broken files, keyring: say what and where
            return fail(EXIT_REFUSED, f"cannot open the workstation: {exc}")
        try:
            password = PasswordReader(args.password_stdin, sys.stdin).existing(args.acting)
            actor = sign_in(
                ctx.engine,
                args.acting,
                password,
                workstation=ctx.workstation,
                policy=lockout_policy(settings),
            )
            try:
                return action(args, ctx, actor)
            finally:
                sign_out(ctx.engine, actor, workstation=ctx.workstation)
        except (SignInFailed, PermissionDenied, ConsentError) as exc:
            return fail(EXIT_REFUSED, str(exc), getattr(exc, "reason_zh", ""))
        except (LookupInputError, InvalidCaseNumber, CaseNotFound) as exc:
            return fail(EXIT_BAD_INPUT, str(exc), getattr(exc, "reason_zh", ""))
        except NoCjkFont as exc:
            return fail(EXIT_REFUSED, str(exc))
        finally:
            ctx.close()

    return handle


def fail(code: int, message: str, reason_zh: str = "") -> int:
    print(f"counterapp: {message}", file=sys.stderr)
    if reason_zh:
        print(f"  {reason_zh}", file=sys.stderr)
    return code


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
        return fail(EXIT_NOT_ACCEPTED, str(exc), exc.reason_zh)
    except CounterFlowStopped as exc:
        code = EXIT_BAD_INPUT if type(exc).__name__ == "FormIncomplete" else EXIT_NOT_ACCEPTED
        return fail(code, str(exc), exc.reason_zh)
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
    return EXIT_OK


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
        return EXIT_OK
    except CounterFlowStopped as exc:
        return fail(EXIT_NOT_ACCEPTED, str(exc), exc.reason_zh)
    print("nothing is missing: the case was accepted (see `counterapp cases find`)")
    return EXIT_OK


def _receipt(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    _, result = case_receipt(ctx, actor, args.case_number, layout=Layout(args.layout))
    args.output.write_bytes(result.pdf)
    _warn_glyphs(result.missing_glyphs)
    print(f"{args.output}: {result.pages} page(s)")
    return EXIT_OK


def _warn_glyphs(missing: tuple[str, ...]) -> None:
    if missing:
        shown = ", ".join(f"U+{ord(c):04X}" for c in missing)
        print(
            f"warning: the font has no glyph for {shown}; printed as code points", file=sys.stderr
        )
