"""`counterapp demo`: the counter's main job against simulated departments, as text.

The text-only demo (`make demo` runs the app instead: ``counterapp --demo``). It runs the
lookup through the app layer for a few synthetic applicants and prints every step: the
departments asked, each one's state as it answers, the pre-fill values (masked) with their
sources, and the conflicts; the last lookup runs with one department failing to show that
the others still arrive.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from counterapp.app.case_lookup import look_up_for_case
from counterapp.app.catalog import catalog_for
from counterapp.app.consent import consent_for_lookup, record_consent
from counterapp.app.context import CounterContext, mask_policy
from counterapp.app.lookup import wanted_items
from counterapp.catalog.masking import mask
from counterapp.catalog.model import MaskRule
from counterapp.cli.acting import PasswordReader, acting_user
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.lookup_report import lookup_report, print_report
from counterapp.cli.runner import command
from counterapp.config import Settings
from counterapp.consent import ConsentMethod
from counterapp.exchange.lookup import DepartmentOutcome, LookupResult
from counterapp.forms import load_forms
from counterapp.users import Actor

if TYPE_CHECKING:
    from counterapp.demo import DemoWorld

_SERVICES = ("marriage-registration", "housing-fund-withdrawal", "sole-proprietor-registration")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo", help="simulated departments + lookups for sample applicants (no setup needed)"
    )
    parser.add_argument("--dir", type=Path, help="where the demo writes its files")
    parser.add_argument("--people", type=int, help="population size (default: sim.people)")
    parser.set_defaults(handler=command("demo", run))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from counterapp.demo import (
        DEMO_USERS,
        create_demo_users,
        demo_users_line,
        open_demo_counter,
        start_demo_world,
    )
    from counterapp.sim.faults import Fault, FaultKind

    if args.people:
        settings = settings.replaced({"sim.people": args.people}, source="--people")
    print("== Counter demo: one-stop counter lookup against simulated departments")
    catalog = catalog_for(settings)
    forms = load_forms(catalog)
    print(f"loaded the data catalog ({len(catalog)} items) and {len(forms)} service forms")
    world = start_demo_world(settings, catalog, directory=args.dir)
    policy = mask_policy(settings)
    partial = 0
    try:
        with open_demo_counter(settings, world) as ctx, ExitStack() as signed_in:
            create_demo_users(ctx)
            print(demo_users_line())
            clerk_name, clerk_password = DEMO_USERS[1]
            clerk = signed_in.enter_context(  # signed out before the counter closes
                acting_user(
                    ctx.engine,
                    settings,
                    clerk_name,
                    PasswordReader.given(clerk_password),
                    workstation=ctx.workstation,
                )
            )
            people = world.sample(len(_SERVICES) + 1)
            plans = [*zip(_SERVICES, people, strict=False), (_SERVICES[0], people[-1])]
            for number, (service, person) in enumerate(plans, start=1):
                fault_note = ""
                if number == len(plans):
                    world.simulator.faults.set("civil", Fault(FaultKind.TIMEOUT))
                    fault_note = " — with civil affairs not answering (injected timeout)"
                form = forms[service]
                items = wanted_items(catalog, forms, service=service)
                shown_id = mask(person.id_number, MaskRule.ID_NUMBER, policy)
                print(
                    f"\n== lookup {number}: {form.title_zh} / {form.title_en} for applicant "
                    f"{shown_id}{fault_note}"
                )
                plan = ctx.exchange.plan(items)
                print(
                    f"asking {len(plan.departments)} departments at once: "
                    f"{', '.join(plan.departments)} (only those the service needs), "
                    "under the applicant's recorded consent"
                )
                result = _look_up_with_consent(ctx, clerk, person.id_number, service, items)
                print_report(lookup_report(result, catalog, reveal=False, policy=policy), catalog)
                slowest = max((o.latency_ms for o in result.outcomes.values()), default=0)
                print(f"wall time {result.wall_ms:.0f} ms; slowest department {slowest:.0f} ms")
                partial += 0 if result.complete else 1
            world.simulator.faults.clear()
            _accept_a_case(ctx, world, clerk, people[0].id_number)
    finally:
        world.simulator.faults.clear()
        world.stop()
    print(
        f"\n== demo finished: {len(plans)} lookups, {partial} partial (as injected), one case "
        f"accepted; files in {world.directory}"
    )
    return ExitCode.OK


def _look_up_with_consent(
    ctx: CounterContext, clerk: Actor, id_number: str, service: str, items: frozenset[str]
) -> LookupResult:
    """The clerk's lookup as at the counter: the consent recorded, then the guarded lookup."""
    consent = consent_for_lookup(
        ctx.exchange, ctx.catalog, clerk, id_number, service, items, ConsentMethod.ID_CARD_READER
    )
    record_consent(ctx.engine, ctx.cipher, clerk, consent, workstation=ctx.workstation)
    return look_up_for_case(
        ctx.exchange,
        ctx.engine,
        ctx.cipher,
        clerk,
        id_number,
        items,
        purpose=service,
        catalog=ctx.catalog,
        on_outcome=_progress,
        workstation=ctx.workstation,
    )


def _accept_a_case(ctx: CounterContext, world: DemoWorld, actor: Actor, id_number: str) -> None:
    """The whole counter flow once: consent, lookup, pre-fill, save, receipt (on SQLite)."""
    from counterapp.app.counter_flow import CounterRequest, run_counter_flow
    from counterapp.app.receipts import case_receipt
    from counterapp.receipts import Layout

    print(f"\n== accepting one case, stored encrypted in {world.directory / 'counter.sqlite3'}")
    outcome = run_counter_flow(
        ctx,
        actor,
        CounterRequest(
            service_id="realestate-record-inquiry",
            applicant_ids=(id_number,),
            consent_method=ConsentMethod.ID_CARD_READER,
            typed={("inquiry_scope", 1): "本人名下全部不动产", ("purpose", 1): "办理贷款"},
        ),
    )
    report = outcome.prefilled.report()
    print(
        f"case {outcome.case.number} accepted: {len(report.prefilled)} fields pre-filled by "
        f"departments, {len(report.typed)} typed; due {outcome.case.due_date}"
    )
    for layout in (Layout.A4, Layout.ROLL_80):
        _, result = case_receipt(ctx, actor, outcome.case.number, layout=layout)
        path = world.directory / f"receipt-{layout.value}.pdf"
        path.write_bytes(result.pdf)
        print(f"receipt ({layout.value}, {result.pages} page) written to {path}")


def _progress(outcome: DepartmentOutcome) -> None:
    print(
        f"  … {outcome.name_zh}（{outcome.department}）{outcome.status.label_zh} "
        f"{outcome.latency_ms:.0f} ms",
        file=sys.stdout,
        flush=True,
    )
