"""One applicant's case at the counter, step by step: the GUI's walk of the counter flow.

service → resident ID → consent → lookup → the pre-filled form → submit → receipt. The
blocking steps (recording the consent, asking the departments, saving the case, rendering
the receipt) run on the :class:`TaskRunner`; the rules are the headless flow's
(:mod:`counterapp.app.counter_flow`), reused here, not repeated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from counterapp.app.case_lookup import consent_validity, look_up_for_case
from counterapp.app.cases import submit_case
from counterapp.app.consent import record_consent
from counterapp.app.context import CounterContext
from counterapp.app.counter_flow import FormIncomplete, MaterialsMissing, NotEligible, _name
from counterapp.app.receipts import case_receipt
from counterapp.cases import Applicant, ApplicantRole, Case, CaseDraft
from counterapp.cases.deadlines import hall_day
from counterapp.consent import ConsentMethod, ConsentRecord, scope_of
from counterapp.exchange.lookup import LookupResult
from counterapp.forms import (
    MaterialStatus,
    PrefilledForm,
    ServiceForm,
    Verdict,
    evaluate,
    one_time_notice,
    prefill,
    to_case_draft,
    validate,
    verdict,
)
from counterapp.receipts.model import RenderResult
from counterapp.ui.consent_panel import ConsentPanel
from counterapp.ui.form_page import FormPage
from counterapp.ui.id_input import IdNumberInput
from counterapp.ui.lookup_panel import LookupPanel
from counterapp.ui.printing.preview import show_print_preview
from counterapp.ui.service_picker import ServicePicker
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

SERVICE, ID_NUMBER, CONSENT, LOOKUP, FORM = range(5)
"""The steps' indexes in :attr:`CaseFlow.steps`."""


class CaseFlow(QWidget):
    """The counter's steps for one applicant, in a stack the clerk walks forward.

    Only single-applicant services are offered (``form.applicants == 1``): one ID, one
    consent, one lookup. Services with co-applicants (marriage registration...) need a
    flow that repeats steps 2-4 per person and are left out of the picker.

    Args:
        ctx: the workstation's open resources.
        actor: the signed-in clerk.
        runner: the shared background runner.
        parent: the Qt parent.

    Signals:
        case_submitted(Case, bytes): the case was saved and its receipt rendered (PDF).
    """

    case_submitted = Signal(object, object)  # (Case, bytes): a `bytes` signature crashed Qt

    def __init__(
        self, ctx: CounterContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self._runner = ctx, actor, runner
        language = ctx.settings.get_str("ui.language") or "zh_CN"
        self._generation = 0  # callbacks of an earlier applicant are ignored
        self._clear_state()

        forms = [form for form in ctx.forms.values() if form.applicants == 1]
        self.picker = ServicePicker(forms, language=language, parent=self)
        self.id_input = IdNumberInput(language, parent=self)
        self.consent_panel = ConsentPanel(
            clerk_username=actor.username, language=language, parent=self
        )
        self.lookup_panel = LookupPanel(runner, parent=self)
        self.form_page = FormPage(
            ctx.catalog,
            runner,
            engine=ctx.engine,
            actor=actor,
            workstation=ctx.workstation,
            chinese=language.startswith("zh"),
            parent=self,
        )
        self.case_label = QLabel(self)
        self.case_label.setObjectName("caseNumber")
        self.preview_button = QPushButton(self.tr("&Preview receipt"), self)
        self.preview_button.setToolTip(self.tr("Show the receipt before printing it"))
        self.submit_button = QPushButton(self.tr("&Submit case (Ctrl+S)"), self)
        self.submit_button.setToolTip(self.tr("Check the form and accept the case: Ctrl+S"))
        form_step = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.case_label, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.submit_button)
        form_layout = QVBoxLayout(form_step)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.form_page, 1)
        form_layout.addLayout(buttons)

        self.steps = QStackedWidget(self)
        for step in (self.picker, self.id_input, self.consent_panel, self.lookup_panel):
            self.steps.addWidget(step)
        self.steps.addWidget(form_step)
        self.status = QLabel(self)
        self.status.setObjectName("caseFlowStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.status)

        submit = QShortcut(QKeySequence("Ctrl+S"), form_step)
        submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        submit.activated.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        self.preview_button.clicked.connect(self.preview_receipt)
        self.picker.service_chosen.connect(self._on_service)
        self.id_input.id_accepted.connect(self._on_id)
        self.consent_panel.consent_given.connect(self._on_consent)
        self.lookup_panel.settled.connect(self._on_settled)
        self.lookup_panel.finished.connect(self._on_lookup)
        self.lookup_panel.failed.connect(self._show_error)
        self.reset()

    # -- public -------------------------------------------------------------------------

    @property
    def step(self) -> int:
        """The step shown now (``SERVICE`` ... ``FORM``)."""
        return self.steps.currentIndex()

    @property
    def case(self) -> Case | None:
        """The case saved for this applicant, once submitted."""
        return self._case

    @property
    def status_text(self) -> str:
        return self.status.text()

    def reset(self) -> None:
        """Next applicant: back to the service picker with nothing of this one left."""
        self._generation += 1
        self._clear_state()
        self.picker.clear()
        self.id_input.clear()
        self.consent_panel.set_scope("", (), ())
        self.lookup_panel.clear()
        self.form_page.set_form(None)
        self.form_page.eligibility = ()
        self.case_label.clear()
        self.status.clear()
        self.submit_button.setEnabled(True)
        self.preview_button.setEnabled(False)
        self._go(SERVICE)
        self.picker.focus_search()

    def submit(self) -> None:
        """Check the form, then save the case and render its receipt in the background."""
        form, filled, consent = self._form, self.form_page.prefilled, self._consent
        if self.step != FORM or form is None or filled is None or consent is None:
            return
        if self._case is not None or not self.submit_button.isEnabled():
            return  # saved already, or being saved
        try:
            draft = self._draft(form, filled)
        except (NotEligible, FormIncomplete, MaterialsMissing) as stopped:
            self._show_error(stopped)
            return
        self.submit_button.setEnabled(False)
        self._say(self.tr("Saving the case…"))
        self._submit(
            submit_case,
            self.ctx.engine,
            self.ctx.cipher,
            self.actor,
            draft,
            consent,
            hall_code=self.ctx.hall_code,
            promised_days=form.promised_days,
            window=self.ctx.window,
            catalog=self.ctx.catalog,
            workstation=self.ctx.workstation,
            then=self._on_saved,
        )

    def preview_receipt(self) -> None:
        """Open the print preview of the receipt just rendered."""
        if self._pdf is not None:
            show_print_preview(self, self._pdf)

    # -- the steps ----------------------------------------------------------------------

    def _on_service(self, form: ServiceForm) -> None:
        self._form = form
        self.id_input.clear()
        self._say("")
        self._go(ID_NUMBER)
        self.id_input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_id(self, id_number: str) -> None:
        form = self._form
        if form is None:
            return
        self._id_number = id_number
        items = form.items_for_applicant(1)
        connectors = self.ctx.exchange.connectors
        departments = [
            (d, connectors[d].name_zh) for d in self.ctx.exchange.plan(items).departments
        ]
        catalog = self.ctx.catalog
        categories = [
            (c, catalog.category_label_zh(c)) for c in sorted(scope_of(catalog, items).categories)
        ]
        self.consent_panel.set_scope(form.title_zh, departments, categories)
        self._go(CONSENT)

    def _on_consent(self, method: ConsentMethod, witness: str) -> None:
        form, id_number = self._form, self._id_number
        if form is None or id_number is None:
            return
        panel = self.consent_panel
        consent = ConsentRecord(
            applicant_id_number=id_number,
            purpose=form.id,
            method=method,
            departments=panel.department_ids,
            categories=panel.category_ids,
            recorded_by=self.actor.username,
            recorded_at=datetime.now(UTC),
            witness=witness,
        )
        self._say(self.tr("Recording the consent…"))
        self._submit(
            record_consent,
            self.ctx.engine,
            self.ctx.cipher,
            self.actor,
            consent,
            workstation=self.ctx.workstation,
            then=lambda _id: self._start_lookup(consent),
        )

    def _start_lookup(self, consent: ConsentRecord) -> None:
        form, ctx = self._form, self.ctx
        assert form is not None
        self._consent = consent
        self._say("")
        lookup_fn = functools.partial(
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
        self._go(LOOKUP)
        items = form.items_for_applicant(1)
        self.lookup_panel.start(
            ctx.exchange, consent.applicant_id_number, items, lookup_fn=lookup_fn
        )

    def _on_settled(self, result: LookupResult) -> None:
        if result.complete and self.step == LOOKUP:
            self.lookup_panel.carry_on()  # every department answered: nothing to decide

    def _on_lookup(self, result: LookupResult) -> None:
        if self._form is None or self.step != LOOKUP:
            return
        filled = prefill(self._form, {1: result})
        self.form_page.set_form(filled)
        self._say("")
        self._go(FORM)

    def _draft(self, form: ServiceForm, filled: PrefilledForm) -> CaseDraft:
        """The case draft, as :func:`run_counter_flow` checks it; raises when it cannot."""
        results = evaluate(form, filled, hall_day(datetime.now(UTC)))
        if verdict(results) is Verdict.INELIGIBLE:
            raise NotEligible(results)
        problems = validate(form, filled)
        if problems:
            raise FormIncomplete(problems)
        assert self._id_number is not None
        name = _name(filled, 1) or self._id_number[:6]
        applicants = (Applicant(self._id_number, name, ApplicantRole.APPLICANT),)
        decisions = self.form_page.decisions
        missing = tuple(d for d in decisions if d.status is MaterialStatus.TO_COLLECT)
        if any(d.material.required for d in missing):
            raise MaterialsMissing(one_time_notice(form, missing), decisions, applicants)
        return to_case_draft(form, filled, decisions, applicants)

    def _on_saved(self, case: Case) -> None:
        self._case = case
        self.case_label.setText(self.tr("Case number: {number}").format(number=case.number))
        self._say(self.tr("Case accepted; rendering the receipt…"))
        self._submit(case_receipt, self.ctx, self.actor, case.number, then=self._on_receipt)

    def _on_receipt(self, made: tuple[Case, RenderResult]) -> None:
        case, rendered = made
        self._pdf = rendered.pdf
        self.preview_button.setEnabled(True)
        self._say(self.tr("Case {number} accepted").format(number=case.number))
        self.case_submitted.emit(case, rendered.pdf)

    # -- helpers ------------------------------------------------------------------------

    def _clear_state(self) -> None:
        self._form: ServiceForm | None = None
        self._id_number: str | None = None
        self._consent: ConsentRecord | None = None
        self._case: Case | None = None
        self._pdf: bytes | None = None

    def _submit(
        self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None], **kwargs: Any
    ) -> None:
        """Run ``fn`` on the runner; ``then`` gets its result unless the applicant changed."""
        generation = self._generation

        def done(value: object) -> None:
            if generation == self._generation:
                then(value)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.submit_button.setEnabled(self._case is None)
                self._show_error(error)

        self._runner.submit(fn, *args, on_result=done, on_error=failed, owner=self, **kwargs)

    def _go(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.steps.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")

    def _show_error(self, error: object) -> None:
        reason = getattr(error, "reason_zh", "") or str(error)
        self._say(self.tr("Cannot continue: {reason}").format(reason=reason), error=True)
