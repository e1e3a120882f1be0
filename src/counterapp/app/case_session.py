"""One case at the counter while it is in progress: the steps both faces of Counter walk.

service → for each applicant: resident ID → consent → lookup → the pre-filled form → the
clerk's values and the papers handed over → the checks → the saved case. ``counterapp
cases new`` (:func:`counterapp.app.counter_flow.run_counter_flow`) walks a session in one
go; the desktop (:class:`counterapp.ui.case_flow.CaseFlow`) walks it step by step and runs
the steps marked *Blocks* (database, departments, PDF) on its task runner. No Qt here.

From the first recorded consent on, :meth:`CaseSession.interrupted` is what the counter
keeps as a draft; :meth:`CaseSession.resume` carries on with one after a crash: the
departments are asked again under the consents already given, then what the clerk typed,
picked and received is put back (:meth:`CaseSession.fill`).

A session is walked one step at a time: a caller that runs a blocking step elsewhere
touches the session again only once that step returned.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum

from counterapp.app.case_acceptance import acceptable_case, applicants_of
from counterapp.app.case_lookup import consent_validity, look_up_for_case
from counterapp.app.cases import submit_case
from counterapp.app.consent import record_consent
from counterapp.app.context import CounterContext
from counterapp.app.drafts import discard_draft, save_draft
from counterapp.app.interrupted_case import FieldEdit, InterruptedCase, capture, reapply
from counterapp.app.lookup import LookupInputError
from counterapp.app.receipts import notification
from counterapp.cases import Case, CaseSubmission
from counterapp.cases.deadlines import hall_day
from counterapp.consent import ConsentMethod, ConsentRecord, scope_of
from counterapp.consent.signature import Signature
from counterapp.exchange.lookup import LookupResult, OutcomeCallback
from counterapp.forms import (
    EligibilityResult,
    MaterialDecision,
    MaterialHandover,
    PrefilledForm,
    ServiceForm,
    choose,
    correct,
    decide_materials,
    evaluate,
    one_time_notice,
    prefill,
    received_papers,
    type_value,
    with_received,
)
from counterapp.receipts.model import RenderResult
from counterapp.standards import resident_id
from counterapp.users import Actor

LookupFunction = Callable[..., LookupResult]
"""``fn(id_number, items, *, on_outcome=None, departments=None) -> LookupResult``."""


class Stage(Enum):
    """What the case needs next."""

    SERVICE = "service"
    ID_NUMBER = "id_number"  # the current applicant's resident ID
    CONSENT = "consent"  # the current applicant's consent
    LOOKUP = "lookup"  # the departments, about the current applicant
    FORM = "form"  # every applicant looked up: the form, its values and papers


class DuplicateApplicant(LookupInputError):
    """The ID number is already another applicant's on this case."""

    def __init__(self, other: int) -> None:
        self.other = other
        super().__init__(
            f"this ID number is already applicant {other}'s", f"该身份证号已是申请人{other}"
        )


@dataclass(frozen=True)
class ConsentScope:
    """What one applicant is asked to consent to for this service.

    Attributes:
        departments: the departments the lookup will ask, in the plan's order.
        categories: the categories of data it wants, sorted.
    """

    applicant: int
    id_number: str
    departments: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class FilledForm:
    """The pre-filled form, and what a resumed case put back into it.

    Attributes:
        resumed: the form is an interrupted case's, carried on.
        skipped: the clerk's edits of the interrupted case that no longer fit (check
            those fields again).
        received: (material id, applicant) of the papers handed over before.
    """

    prefilled: PrefilledForm
    resumed: bool = False
    skipped: tuple[FieldEdit, ...] = ()
    received: tuple[tuple[str, int], ...] = ()


class CaseSession:
    """The case in progress at one counter, for one applicant (or couple).

    Args:
        ctx: the workstation's open resources.
        actor: the signed-in clerk.
    """

    def __init__(self, ctx: CounterContext, actor: Actor) -> None:
        self.ctx, self.actor = ctx, actor
        self.form: ServiceForm | None = None
        self.draft_id: str | None = None
        self._ids: list[str] = []
        self._consents: list[ConsentRecord] = []
        self._lookups: dict[int, LookupResult] = {}
        self.prefilled: PrefilledForm | None = None
        self.decisions: tuple[MaterialDecision, ...] = ()
        self.case: Case | None = None
        self._resuming: InterruptedCase | None = None

    # -- what the case holds -------------------------------------------------------------

    @property
    def applicant_ids(self) -> tuple[str, ...]:
        """The resident IDs entered so far, applicant 1 first."""
        return tuple(self._ids)

    @property
    def consents(self) -> tuple[ConsentRecord, ...]:
        """The consents recorded so far, in the applicants' order."""
        return tuple(self._consents)

    @property
    def lookups(self) -> dict[int, LookupResult]:
        """Each looked-up applicant's lookup result, by applicant number."""
        return dict(self._lookups)

    @property
    def resuming(self) -> bool:
        """True from :meth:`resume` until :meth:`fill` put the interrupted case back."""
        return self._resuming is not None

    @property
    def applicant(self) -> int:
        """The applicant the ID, consent and lookup steps are for now (1-based); 1 once
        everyone is looked up."""
        total = self.form.applicants if self.form is not None else 1
        return next((n for n in range(1, total + 1) if n not in self._lookups), 1)

    @property
    def stage(self) -> Stage:
        """What the case needs next."""
        form, number = self.form, self.applicant
        if form is None:
            return Stage.SERVICE
        if self.prefilled is not None or len(self._lookups) >= form.applicants:
            return Stage.FORM
        if number <= len(self._consents):
            return Stage.LOOKUP
        if number <= len(self._ids):
            return Stage.CONSENT
        return Stage.ID_NUMBER

    # -- service and applicants ----------------------------------------------------------

    def choose_service(self, service: str | ServiceForm) -> ServiceForm:
        """Start the case for a service (a form or its id); it gets a new draft id.

        Raises:
            LookupInputError: no such service.
        """
        form = service if isinstance(service, ServiceForm) else self.ctx.forms.get(service)
        if form is None:
            known = ", ".join(sorted(self.ctx.forms))
            raise LookupInputError(
                f"unknown service {service!r} (known: {known})",
                f"没有编号为 {service!r} 的事项（可用：{known}）",
            )
        self.form = form
        self.draft_id = uuid.uuid4().hex
        return form

    def enter_id(self, number: int, text: str) -> str:
        """Applicant ``number``'s resident ID; those entered after it are forgotten.

        Returns:
            The normalized ID number.

        Raises:
            LookupInputError: the ID number is invalid (the precise reason).
            DuplicateApplicant: it is already an earlier applicant's.
        """
        result = resident_id.validate(text)
        if not result.ok or result.normalized is None:
            raise LookupInputError(
                f"applicant {number}: {result.reason}", f"申请人{number}：{result.reason_zh}"
            )
        id_number = result.normalized
        if id_number in self._ids[: number - 1]:
            raise DuplicateApplicant(self._ids.index(id_number) + 1)
        del self._ids[number - 1 :]
        self._ids.append(id_number)
        return id_number

    def enter_ids(self, given: Sequence[str]) -> tuple[str, ...]:
        """Every applicant's resident ID at once, main applicant first.

        Raises:
            LookupInputError: a wrong number of applicants, or an invalid or repeated ID.
        """
        form = self._form()
        if len(given) != form.applicants:
            raise LookupInputError(
                f"{form.id} needs {form.applicants} applicant(s), got {len(given)}",
                f"{form.title_zh}需要 {form.applicants} 名申请人，实际 {len(given)} 名",
            )
        for number, text in enumerate(given, start=1):
            self.enter_id(number, text)
        return self.applicant_ids

    # -- consent and lookup --------------------------------------------------------------

    def consent_scope(self, number: int) -> ConsentScope:
        """What applicant ``number`` is asked to consent to: the departments the lookup
        will ask (minimum necessary), those that stand in only when an item's authoritative
        department is down, and the categories of data it wants."""
        form, ctx = self._form(), self.ctx
        items = form.items_for_applicant(number)
        plan = ctx.exchange.plan(items)
        return ConsentScope(
            number,
            self._ids[number - 1],
            (*plan.departments, *plan.fallback_departments),
            tuple(sorted(scope_of(ctx.catalog, items).categories)),
        )

    def record_consent(
        self,
        number: int,
        method: ConsentMethod,
        *,
        witness: str = "",
        departments: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
        now: datetime | None = None,
        signature: Signature | None = None,
    ) -> ConsentRecord:
        """*Blocks.* Record applicant ``number``'s consent (stored and audited).

        Args:
            departments, categories: what the applicant was shown (default: the whole
                :meth:`consent_scope`).
            now: the clock (default: now).
            signature: the applicant's signature for the consent and the application
                (drawn on their screen, or on paper), kept encrypted with the consent.
        """
        form, ctx = self._form(), self.ctx
        scope = self.consent_scope(number)
        consent = ConsentRecord(
            applicant_id_number=scope.id_number,
            purpose=form.id,
            method=method,
            departments=frozenset(scope.departments if departments is None else departments),
            categories=frozenset(scope.categories if categories is None else categories),
            recorded_by=self.actor.username,
            recorded_at=now or datetime.now(UTC),
            witness=witness,
        )
        record_consent(
            ctx.engine,
            ctx.cipher,
            self.actor,
            consent,
            workstation=ctx.workstation,
            signature=signature,
        )
        self._consents[number - 1 :] = [consent]
        return consent

    def drop_consent(self, number: int) -> None:
        """Applicant ``number``'s consent no longer holds (it expired): it, those after it
        and a resumed case's edits are dropped; the consent is asked again."""
        del self._consents[number - 1 :]
        self._resuming = None

    def lookup_items(self, number: int) -> frozenset[str]:
        """The catalog items the service needs of applicant ``number``."""
        return self._form().items_for_applicant(number)

    def lookup_function(self) -> LookupFunction:
        """The app's guarded lookup for this case's service (consent checked, audited).

        The one place a session reaches the departments: ``fn(id_number, items, *,
        on_outcome=None, departments=None)``, which blocks.
        """
        form, ctx = self._form(), self.ctx
        return functools.partial(
            look_up_for_case,
            ctx.exchange,
            ctx.engine,
            ctx.cipher,
            self.actor,
            purpose=form.id,
            catalog=ctx.catalog,
            valid_for=consent_validity(ctx.settings),
            workstation=ctx.workstation,
        )

    def look_up(self, number: int, *, on_outcome: OutcomeCallback | None = None) -> LookupResult:
        """*Blocks.* Ask every department applicant ``number``'s data needs, at once.

        Raises:
            ConsentMissing / ConsentInsufficient: no consent covers it (audited).
            PermissionDenied: the clerk may not look up.
        """
        result = self.lookup_function()(
            self._ids[number - 1], self.lookup_items(number), on_outcome=on_outcome
        )
        self.take_lookup(number, result)
        return result

    def take_lookup(self, number: int, result: LookupResult) -> None:
        """Applicant ``number``'s lookup as the clerk carried on with it."""
        self._lookups[number] = result

    # -- the form ------------------------------------------------------------------------

    def fill(self) -> FilledForm:
        """Pre-fill the form from every applicant's lookup; a resumed case's edits and
        papers are put back."""
        form = self._form()
        filled = prefill(form, {n: r.values for n, r in self._lookups.items()})
        resumed, self._resuming = self._resuming, None
        skipped: tuple[FieldEdit, ...] = ()
        received: tuple[tuple[str, int], ...] = ()
        if resumed is not None:
            filled, skipped = reapply(filled, resumed)
            received = resumed.received
        self.prefilled = filled
        self.decisions = with_received(decide_materials(form, filled), received)
        return FilledForm(filled, resumed is not None, skipped, received)

    def type_value(self, field_id: str, applicant: int, text: str) -> PrefilledForm:
        """The clerk types a value no department gave (see :func:`forms.type_value`)."""
        return self._edited(type_value(self._filled(), field_id, applicant, text))

    def correct(self, field_id: str, applicant: int, text: str) -> PrefilledForm:
        """The clerk replaces a department's value (see :func:`forms.correct`)."""
        return self._edited(correct(self._filled(), field_id, applicant, text))

    def choose(self, field_id: str, applicant: int, department: str) -> PrefilledForm:
        """The clerk picks one department where they disagree (see :func:`forms.choose`)."""
        return self._edited(choose(self._filled(), field_id, applicant, department))

    def receive(self, papers: Iterable[tuple[str, int]]) -> tuple[MaterialDecision, ...]:
        """Papers, (material id, applicant), handed over; exempt ones stay exempt."""
        self.decisions = with_received(self.decisions, papers)
        return self.decisions

    def take_form(
        self, prefilled: PrefilledForm | None, decisions: Sequence[MaterialDecision]
    ) -> None:
        """The form and papers as the clerk edited them on screen (the desktop's form page
        is the editor there)."""
        self.prefilled, self.decisions = prefilled, tuple(decisions)

    def missing(self) -> tuple[MaterialDecision, ...]:
        """The papers still to collect."""
        return tuple(d for d in self.decisions if d.status is MaterialHandover.TO_COLLECT)

    def eligibility(self, now: datetime | None = None) -> tuple[EligibilityResult, ...]:
        """The service's rules on the form, on the hall's day of ``now``."""
        return evaluate(self._form(), self._filled(), hall_day(now or datetime.now(UTC)))

    # -- submit --------------------------------------------------------------------------

    def check(self, now: datetime | None = None) -> CaseSubmission:
        """The case to save, once the counter's checks pass (see :func:`acceptable_case`).

        Raises:
            NotEligible / FormIncomplete / MaterialsMissing: it cannot be accepted yet.
        """
        return acceptable_case(
            self._form(), self._filled(), self._ids, self.decisions, self.eligibility(now)
        )

    def submit(
        self, submission: CaseSubmission | None = None, *, now: datetime | None = None
    ) -> Case:
        """*Blocks.* Check and save the case: :meth:`check`, :meth:`save`, :meth:`accepted`.

        Raises:
            NotEligible / FormIncomplete / MaterialsMissing: it cannot be accepted yet.
        """
        case = self.save(submission if submission is not None else self.check(now), now=now)
        self.accepted(case)
        return case

    def save(self, submission: CaseSubmission, *, now: datetime | None = None) -> Case:
        """*Blocks.* Save a checked case (numbered, audited, linked to the main applicant's
        consent); the session learns of it through :meth:`accepted`.

        Args:
            submission: what :meth:`check` returned.
        """
        form, ctx = self._form(), self.ctx
        return submit_case(
            ctx.engine,
            ctx.cipher,
            self.actor,
            submission,
            self._consents[0] if self._consents else None,
            hall_code=ctx.hall_code,
            promised_days=form.promised_days,
            window=ctx.window,
            catalog=ctx.catalog,
            now=now,
            workstation=ctx.workstation,
        )

    def accepted(self, case: Case) -> None:
        """The case was saved: nothing is left to keep as a draft."""
        self.case = case

    def render_notification(self, reference: str | None = None) -> RenderResult:
        """*Blocks.* The one-time notification (一次性告知书) of every paper still missing."""
        form = self._form()
        return notification(
            self.ctx,
            self.actor,
            form,
            applicants_of(self._filled(), self._ids),
            one_time_notice(form, self.missing()),
            reference=reference or f"告知-{datetime.now(UTC):%Y%m%d%H%M%S}",
        )

    # -- interrupted cases ---------------------------------------------------------------

    def interrupted(self) -> InterruptedCase | None:
        """The case as a draft to keep; None before the first consent and once saved.

        While a resumed case waits for its lookups, its edits and papers are kept as
        they were.
        """
        form = self.form
        if form is None or self.case is not None or not self._consents:
            return None
        if self._resuming is not None:
            return replace(self._resuming, applicant_ids=self.applicant_ids, consents=self.consents)
        decisions = self.decisions if self.prefilled is not None else ()
        return capture(form.id, self._ids, self._consents, self.prefilled, decisions)

    def save_draft(self) -> bool:
        """*Blocks.* Keep the case as the clerk's draft; False when there is nothing to
        keep yet or it was kept before (see :func:`counterapp.app.drafts.save_draft`)."""
        draft = self.interrupted()
        if draft is None or self.draft_id is None:
            return False
        ctx = self.ctx
        return save_draft(
            ctx.engine,
            ctx.cipher,
            self.actor,
            self.draft_id,
            draft.to_payload(),
            workstation=ctx.workstation,
        )

    def discard_draft(self) -> bool:
        """*Blocks.* Delete the case's draft (it was saved, or left on purpose)."""
        if self.draft_id is None:
            return False
        return discard_draft(self.ctx.engine, self.actor, self.draft_id)

    @classmethod
    def resume(
        cls, ctx: CounterContext, actor: Actor, draft_id: str, draft: InterruptedCase
    ) -> CaseSession:
        """Carry on with an interrupted case: the departments are asked again under its
        consents (:meth:`look_up`), then :meth:`fill` puts its edits and papers back.

        Raises:
            LookupInputError: the draft's service is no longer offered.
        """
        session = cls(ctx, actor)
        session.choose_service(draft.service_id)
        session.draft_id = draft_id
        session._ids = list(draft.applicant_ids)
        session._consents = list(draft.consents)
        session._resuming = draft
        return session

    # -- helpers -------------------------------------------------------------------------

    def _form(self) -> ServiceForm:
        if self.form is None:
            raise RuntimeError("no service chosen yet")
        return self.form

    def _filled(self) -> PrefilledForm:
        if self.prefilled is None:
            raise RuntimeError("the form is not filled yet")
        return self.prefilled

    def _edited(self, filled: PrefilledForm) -> PrefilledForm:
        self.prefilled = filled
        self.decisions = with_received(
            decide_materials(self._form(), filled), received_papers(self.decisions)
        )
        return filled
