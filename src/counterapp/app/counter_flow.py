"""The counter's whole job for one applicant, headless: the flow the GUI also walks.

consent → lookup (every department at once) → pre-fill → eligibility → validation →
materials (exempt or received) → save → the case, ready for its receipt. Each step that
cannot go on raises a typed error that says what is wrong, in Chinese and English, and
nothing is saved; a lookup and a consent that happened stay in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from counterapp.app.case_lookup import consent_validity, look_up_for_case
from counterapp.app.cases import submit_case
from counterapp.app.consent import record_consent
from counterapp.app.context import CounterContext
from counterapp.app.lookup import LookupInputError
from counterapp.cases import Applicant, ApplicantRole, Case, CaseSubmission
from counterapp.cases.deadlines import hall_day
from counterapp.consent import ConsentMethod, ConsentRecord, scope_of
from counterapp.exchange.lookup import LookupResult, OutcomeCallback
from counterapp.forms import (
    EligibilityResult,
    FieldProblem,
    MaterialDecision,
    MaterialHandover,
    OneTimeNotice,
    PrefilledForm,
    ServiceForm,
    Verdict,
    decide_materials,
    evaluate,
    mark_received,
    one_time_notice,
    prefill,
    to_case_submission,
    type_value,
    validate,
    verdict,
)
from counterapp.standards import resident_id
from counterapp.users import Actor


@dataclass(frozen=True)
class CounterRequest:
    """What the clerk enters for one case.

    Attributes:
        service_id: the service (a form id such as ``marriage-registration``).
        applicant_ids: resident ID numbers, main applicant first.
        consent_method: how every applicant gave consent.
        typed: values the clerk types: (field id, applicant number) -> text.
        received: ids of the materials handed over; None means every material the
            departments could not spare was handed over.
        witness: for verbal consent, the second person who witnessed it.
    """

    service_id: str
    applicant_ids: tuple[str, ...]
    consent_method: ConsentMethod
    typed: Mapping[tuple[str, int], str] = field(default_factory=dict)
    received: frozenset[str] | None = None
    witness: str = ""


@dataclass(frozen=True)
class CounterOutcome:
    """Everything the flow found out, and the saved case."""

    form: ServiceForm
    consents: tuple[ConsentRecord, ...]
    lookups: Mapping[int, LookupResult]
    prefilled: PrefilledForm
    eligibility: tuple[EligibilityResult, ...]
    materials: tuple[MaterialDecision, ...]
    case: Case


class CounterFlowStopped(Exception):
    """The flow stopped before saving; ``reason_zh`` is for the clerk's screen."""

    reason_zh: str = ""


class NotEligible(CounterFlowStopped):
    def __init__(self, results: tuple[EligibilityResult, ...]) -> None:
        failed = [r for r in results if r.outcome.value == "failed"]
        self.results = results
        self.reason_zh = "；".join(r.explanation_zh for r in failed)
        super().__init__("; ".join(r.explanation_en for r in failed))


class FormIncomplete(CounterFlowStopped):
    def __init__(self, problems: tuple[FieldProblem, ...]) -> None:
        self.problems = problems
        self.reason_zh = "；".join(p.message_zh for p in problems)
        super().__init__("; ".join(str(p) for p in problems))


class MaterialsMissing(CounterFlowStopped):
    def __init__(
        self,
        notice: OneTimeNotice,
        decisions: tuple[MaterialDecision, ...],
        applicants: tuple[Applicant, ...],
    ) -> None:
        self.notice = notice
        self.decisions = decisions
        self.applicants = applicants
        names = [item.name_zh for item in notice.items]
        self.reason_zh = "缺少材料：" + "、".join(names) + "（可打印一次性告知书）"
        super().__init__(
            "materials missing: "
            + ", ".join(i.name_en for i in notice.items)
            + " (print the one-time notification)"
        )


def run_counter_flow(
    ctx: CounterContext,
    actor: Actor,
    request: CounterRequest,
    *,
    on_outcome: OutcomeCallback | None = None,
    now: datetime | None = None,
) -> CounterOutcome:
    """Take one case from consent to the saved case.

    Raises:
        LookupInputError: an unknown service, a wrong number of applicants, or an invalid
            ID number (the precise reason).
        PermissionDenied: the actor may not look up or create cases.
        NotEligible / FormIncomplete / MaterialsMissing: the case cannot be accepted yet.
    """
    moment = now or datetime.now(UTC)
    form = _form(ctx, request.service_id)
    ids = _checked_ids(form, request.applicant_ids)
    consents: list[ConsentRecord] = []
    lookups: dict[int, LookupResult] = {}
    for number, id_number in enumerate(ids, start=1):
        items = form.items_for_applicant(number)
        consent = ConsentRecord(
            applicant_id_number=id_number,
            purpose=form.id,
            method=request.consent_method,
            departments=frozenset(ctx.exchange.plan(items).departments),
            categories=scope_of(ctx.catalog, items).categories,
            recorded_by=actor.username,
            recorded_at=moment,
            witness=request.witness,
        )
        record_consent(ctx.engine, ctx.cipher, actor, consent, workstation=ctx.workstation)
        consents.append(consent)
        lookups[number] = look_up_for_case(
            ctx.exchange,
            ctx.engine,
            ctx.cipher,
            actor,
            id_number,
            items,
            purpose=form.id,
            catalog=ctx.catalog,
            on_outcome=on_outcome,
            valid_for=consent_validity(ctx.settings),
            workstation=ctx.workstation,
        )
    filled = prefill(form, {n: r.values for n, r in lookups.items()})
    for (field_id, number), text in request.typed.items():
        filled = type_value(filled, field_id, number, text)
    results = evaluate(form, filled, hall_day(moment))
    decisions = _received(decide_materials(form, filled), request.received)
    draft = acceptable_case(form, filled, ids, decisions, results)
    case = submit_case(
        ctx.engine,
        ctx.cipher,
        actor,
        draft,
        consents[0],
        hall_code=ctx.hall_code,
        promised_days=form.promised_days,
        window=ctx.window,
        catalog=ctx.catalog,
        now=moment,
        workstation=ctx.workstation,
    )
    return CounterOutcome(form, tuple(consents), lookups, filled, results, decisions, case)


def acceptable_case(
    form: ServiceForm,
    filled: PrefilledForm,
    id_numbers: Sequence[str],
    decisions: tuple[MaterialDecision, ...],
    eligibility: tuple[EligibilityResult, ...],
) -> CaseSubmission:
    """The case to save, once the checks a counter makes before accepting it pass.

    Eligibility first, then the form's own validation, then the papers: a required one
    neither exempt nor handed over stops the case with the one-time notification.

    Args:
        id_numbers: the applicants' resident IDs, main applicant first.
        decisions: the materials as decided (exempt / received / to collect).
        eligibility: the rules' results on ``filled``.

    Raises:
        NotEligible / FormIncomplete / MaterialsMissing: the case cannot be accepted yet.
    """
    if verdict(eligibility) is Verdict.INELIGIBLE:
        raise NotEligible(eligibility)
    problems = validate(form, filled)
    if problems:
        raise FormIncomplete(problems)
    applicants = applicants_of(filled, id_numbers)
    missing = tuple(d for d in decisions if d.status is MaterialHandover.TO_COLLECT)
    if any(d.material.required for d in missing):
        raise MaterialsMissing(one_time_notice(form, missing), decisions, applicants)
    return to_case_submission(form, filled, decisions, applicants)


def applicants_of(filled: PrefilledForm, id_numbers: Sequence[str]) -> tuple[Applicant, ...]:
    """The case's applicants: main applicant first, named as the departments know them."""
    return tuple(
        Applicant(
            id_number,
            _name(filled, number) or id_number[:6],
            ApplicantRole.APPLICANT if number == 1 else ApplicantRole.CO_APPLICANT,
        )
        for number, id_number in enumerate(id_numbers, start=1)
    )


def _form(ctx: CounterContext, service_id: str) -> ServiceForm:
    form = ctx.forms.get(service_id)
    if form is None:
        known = ", ".join(sorted(ctx.forms))
        raise LookupInputError(
            f"unknown service {service_id!r} (known: {known})",
            f"没有编号为 {service_id!r} 的事项（可用：{known}）",
        )
    return form


def _checked_ids(form: ServiceForm, given: tuple[str, ...]) -> tuple[str, ...]:
    if len(given) != form.applicants:
        raise LookupInputError(
            f"{form.id} needs {form.applicants} applicant(s), got {len(given)}",
            f"{form.title_zh}需要 {form.applicants} 名申请人，实际 {len(given)} 名",
        )
    checked = []
    for number, text in enumerate(given, start=1):
        result = resident_id.validate(text)
        if not result.ok or result.normalized is None:
            raise LookupInputError(
                f"applicant {number}: {result.reason}", f"申请人{number}：{result.reason_zh}"
            )
        checked.append(result.normalized)
    return tuple(checked)


def _received(
    decisions: tuple[MaterialDecision, ...], received: frozenset[str] | None
) -> tuple[MaterialDecision, ...]:
    for decision in decisions:
        if decision.status is MaterialHandover.TO_COLLECT and (
            received is None or decision.material.id in received
        ):
            decisions = mark_received(decisions, decision.material.id, decision.applicant)
    return decisions


def _name(filled: PrefilledForm, applicant: int) -> str | None:
    entry = filled.for_item("person.name", applicant)
    return None if entry is None or entry.value is None else str(entry.value)
