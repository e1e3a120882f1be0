"""One applicant's case at the counter, step by step: the view of a case session.

service → (resident ID → consent → lookup, once per applicant) → the pre-filled form →
submit → receipt → print. The case in progress is a :class:`CaseSession`, the same the
headless ``counterapp cases new`` walks; this widget shows its steps, takes the clerk's
input, and runs the session's blocking steps (recording the consent, asking the
departments, saving the case, rendering the notification) and the receipt's on the
:class:`TaskRunner`, in a task scope dropped for the next applicant.

From the first recorded consent on, the case is kept as a draft (:class:`DraftKeeper`
writes :meth:`CaseSession.interrupted`): after a crash the next start offers it back, the
departments are asked again under the consents already given, and what the clerk typed,
picked and received is put back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from counterapp.app.case_acceptance import CounterFlowStopped
from counterapp.app.case_session import CaseSession, DuplicateApplicant, Stage
from counterapp.app.context import CounterContext
from counterapp.app.drafts import InterruptedCaseRow, load_drafts
from counterapp.app.interrupted_case import InterruptedCase
from counterapp.app.lookup import LookupInputError
from counterapp.app.receipts import case_receipt
from counterapp.cases import Case
from counterapp.consent import ConsentError, ConsentMethod
from counterapp.consent.signature import Signature
from counterapp.errors import Language, error_text
from counterapp.exchange.lookup import LookupResult
from counterapp.forms import ServiceForm
from counterapp.receipts.model import RenderResult
from counterapp.ui.consent_panel import ConsentPanel
from counterapp.ui.draft_keeper import DraftKeeper
from counterapp.ui.draft_offer import DraftOffer
from counterapp.ui.form_page import FormPage
from counterapp.ui.id_input import IdNumberInput
from counterapp.ui.lookup_panel import LookupPanel
from counterapp.ui.printing.pdf_printing import PrintResult
from counterapp.ui.printing.preview import show_print_preview
from counterapp.ui.receipt_actions import ReceiptActions
from counterapp.ui.service_picker import ServicePicker
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Permission
from counterapp.users.roles import has_permission

SERVICE, ID_NUMBER, CONSENT, LOOKUP, FORM = range(5)
"""The steps' indexes in :attr:`CaseFlow.steps`."""


class CaseFlow(QWidget):
    """The counter's steps for one case, in a stack the clerk walks forward.

    A service with co-applicants (marriage registration: both parties) repeats the ID,
    consent and lookup steps for each person; the form then shows everyone's fields.

    Args:
        ctx: the workstation's open resources.
        actor: the signed-in clerk.
        runner: the shared background runner.
        offer_drafts: look for the clerk's interrupted cases at start and offer them back.
        autosave_ms: how long the draft keeper waits after a change before writing.
        parent: the Qt parent.

    Signals:
        case_submitted(Case, bytes): the case was saved and its receipt rendered (PDF).
        receipt_printed(PrintResult): the receipt went to the printer.
        notification_ready(bytes): the one-time notification was rendered (and previewed).
        drafts_offered(int): how many interrupted cases are on offer (after the start check).
        step_changed(int): the step shown now (``SERVICE`` ... ``FORM``); ``SERVICE`` after
            every reset (the next applicant). The applicant's screen follows it.
        step_failed(BaseException): a blocking step (recording the consent, saving the
            case ...) failed; the clerk is told why and the step stays as it was.
    """

    case_submitted = Signal(object, object)  # (Case, bytes): a `bytes` signature crashed Qt
    receipt_printed = Signal(object)
    notification_ready = Signal(object)  # the one-time notification's PDF
    drafts_offered = Signal(int)
    step_changed = Signal(int)
    step_failed = Signal(object)

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        offer_drafts: bool = True,
        autosave_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self._runner = ctx, actor, runner
        language = Language.of(ctx.settings)
        self._language = language
        self._tasks = runner.scope(self)  # the case's tasks: dropped for the next applicant
        self._offer_tasks = runner.scope(self)  # the drafts on offer outlive a reset
        self.session = CaseSession(ctx, actor)
        keeper_args = {} if autosave_ms is None else {"delay_ms": autosave_ms}
        self.drafts = DraftKeeper(ctx, actor, runner, parent=self, **keeper_args)

        self.picker = ServicePicker(list(ctx.forms.values()), language=language, parent=self)
        self.id_input = IdNumberInput(language, parent=self)
        self.consent_panel = ConsentPanel(
            clerk_username=actor.username, language=language, parent=self
        )
        self.lookup_panel = LookupPanel(runner, parent=self, language=language)
        self.form_page = FormPage(
            ctx.catalog,
            runner,
            engine=ctx.engine,
            actor=actor,
            workstation=ctx.workstation,
            language=language,
            parent=self,
        )
        self.receipt = ReceiptActions(ctx, actor, runner, parent=self)
        self.case_label = self.receipt.case_label
        self.preview_button = self.receipt.preview_button
        self.print_button = self.receipt.print_button
        self.submit_button = QPushButton(self.tr("&Submit case (Ctrl+S)"), self)
        self.submit_button.setToolTip(self.tr("Check the form and accept the case: Ctrl+S"))
        form_step = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receipt, 1)
        buttons.addWidget(self.submit_button)
        form_layout = QVBoxLayout(form_step)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.form_page, 1)
        form_layout.addLayout(buttons)

        self.heading = QLabel(self)
        self.heading.setObjectName("caseHeading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.draft_bar = DraftOffer(ctx.forms, ctx.mask_policy, language=language, parent=self)
        self.draft_label = self.draft_bar.label
        self.restore_button = self.draft_bar.restore_button
        self.discard_button = self.draft_bar.discard_button

        self.steps = QStackedWidget(self)
        for step in (self.picker, self.id_input, self.consent_panel, self.lookup_panel):
            self.steps.addWidget(step)
        self.steps.addWidget(form_step)
        self.status = QLabel(self)
        self.status.setObjectName("caseFlowStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.status)

        for keys, slot in (("Ctrl+S", self.submit), ("Ctrl+P", lambda: self.print_receipt())):
            shortcut = QShortcut(QKeySequence(keys), form_step)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.submit_button.clicked.connect(self.submit)
        self.receipt.printing.connect(lambda: self._say(self.tr("Printing the receipt…")))
        self.receipt.printed.connect(self._on_printed)
        self.receipt.failed.connect(self._show_error)
        self.draft_bar.restore_requested.connect(self._restore)
        self.draft_bar.discard_requested.connect(self.drafts.discard)
        self.picker.service_chosen.connect(self._on_service)
        self.id_input.id_accepted.connect(self._on_id)
        self.consent_panel.consent_given.connect(self._on_consent)
        self.lookup_panel.settled.connect(self._on_settled)
        self.lookup_panel.finished.connect(self._on_lookup)
        self.lookup_panel.failed.connect(self._on_lookup_failed)
        self.form_page.changed.connect(lambda _filled: self._on_form_changed())
        self.form_page.notification_requested.connect(lambda _decisions: self.notify_missing())
        self.reset()
        if offer_drafts:
            self.check_drafts()

    # -- public -------------------------------------------------------------------------

    @property
    def step(self) -> int:
        """The step shown now (``SERVICE`` ... ``FORM``)."""
        return self.steps.currentIndex()

    @property
    def applicant(self) -> int:
        """Which applicant the ID, consent and lookup steps are for (1-based)."""
        return self.session.applicant

    @property
    def case(self) -> Case | None:
        """The case saved for this applicant, once submitted."""
        return self.session.case

    @property
    def draft_id(self) -> str | None:
        """The draft this case is kept as (None before a service is chosen)."""
        return self.session.draft_id

    @property
    def status_text(self) -> str:
        return self.status.text()

    def reset(self) -> None:
        """Next applicant: back to the service picker with nothing of this one left.

        A case left unfinished on purpose is not offered back: its draft is deleted.
        """
        session = self.session
        if session.draft_id is not None and session.case is None:
            self.drafts.discard(session.draft_id)
        self._tasks.cancel()
        self.session = CaseSession(self.ctx, self.actor)
        self.picker.clear()
        self.id_input.clear()
        self.consent_panel.set_scope("", (), ())
        self.lookup_panel.clear()
        self.form_page.set_form(None)
        self.form_page.eligibility = ()
        self.receipt.clear()
        self.heading.clear()
        self.status.clear()
        self.submit_button.setEnabled(True)
        self._go(SERVICE)
        self._show_offer()
        self.picker.focus_search()

    def submit(self) -> None:
        """Check the form, then save the case and render its receipt in the background."""
        session = self.session
        if self.step != FORM or self.form_page.prefilled is None or not session.consents:
            return
        if session.case is not None or not self.submit_button.isEnabled():
            return  # saved already, or being saved
        self._take_form()
        try:
            submission = session.check()
        except CounterFlowStopped as stopped:
            self._show_error(stopped)
            return
        self.submit_button.setEnabled(False)
        self._say(self.tr("Saving the case…"))
        self._submit(session.save, submission, then=self._on_saved)

    def preview_receipt(self) -> None:
        """Open the print preview of the receipt just rendered."""
        self.receipt.preview()

    def print_receipt(self, printer_name: str | None = None, job_name: str | None = None) -> None:
        """Print the receipt: see :meth:`ReceiptActions.print_receipt`."""
        self.receipt.print_receipt(printer_name, job_name)

    # -- drafts --------------------------------------------------------------------------

    def check_drafts(self) -> None:
        """Look for the clerk's interrupted cases (in the background) and offer them."""
        if not has_permission(self.actor, Permission.CREATE_CASE):
            return  # a user who cannot create cases has no drafts
        self._offer_tasks.submit(
            load_drafts,
            self.ctx.engine,
            self.ctx.cipher,
            self.actor,
            on_result=self._on_drafts,
            on_error=self._show_error,
        )

    @property
    def offered_drafts(self) -> int:
        """How many interrupted cases wait to be restored or discarded."""
        return self.draft_bar.count

    def restore_draft(self) -> None:
        """Carry on with the most recent interrupted case (see :meth:`_restore`)."""
        if self.step == SERVICE:
            self.draft_bar.restore()

    def discard_offered_draft(self) -> None:
        """Delete the most recent interrupted case's draft (the clerk decided not to go on)."""
        self.draft_bar.discard()

    def _restore(self, stored: InterruptedCaseRow, draft: InterruptedCase) -> None:
        """The departments are asked again under the consents already recorded; typed
        values, picks and documents come back once the form is filled."""
        self.reset()
        try:
            self.session = CaseSession.resume(self.ctx, self.actor, stored.draft_id, draft)
        except LookupInputError as error:  # the service is no longer offered
            self._show_error(error)
            return
        self._say(self.tr("Restoring the interrupted case…"))
        self._begin_applicant()

    def _on_drafts(self, drafts: list[InterruptedCaseRow]) -> None:
        count = self.draft_bar.set_drafts(drafts)
        self._show_offer()
        self.drafts_offered.emit(count)

    def _show_offer(self) -> None:
        self.draft_bar.show_if_any(allowed=self.step == SERVICE)

    def save_draft_now(self) -> None:
        """Write the case on screen as a draft at once (the window is closing)."""
        self.drafts.flush()

    def _autosave(self) -> None:
        session = self.session
        draft = session.interrupted()
        if draft is not None and session.draft_id is not None:
            self.drafts.save(session.draft_id, draft)

    # -- the steps ----------------------------------------------------------------------

    def _on_service(self, form: ServiceForm) -> None:
        self.session.choose_service(form)
        self._say("")
        self._begin_applicant()

    def _begin_applicant(self) -> None:
        """The ID, consent or lookup step of the session's current applicant (a resumed
        case has IDs and consents already)."""
        self._show_heading()
        stage = self.session.stage
        if stage is Stage.LOOKUP:
            self._start_lookup()
        elif stage is Stage.CONSENT:
            self._ask_consent()
        else:
            self.id_input.clear()
            self._go(ID_NUMBER)
            self.id_input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_heading(self) -> None:
        form = self.session.form
        if form is None:
            self.heading.clear()
            return
        title = form.title(self._language.chinese)
        if form.applicants > 1:
            party = form.party(self.applicant, self._language.chinese)
            of = self.tr("{party} of {total}").format(party=party, total=form.applicants)
            title = f"{title} — {of}"
        self.heading.setText(title)

    def _on_id(self, id_number: str) -> None:
        if self.session.form is None:
            return
        try:
            self.session.enter_id(self.applicant, id_number)
        except DuplicateApplicant as duplicate:
            self._say(
                self.tr("This ID number is already applicant {number}'s").format(
                    number=duplicate.other
                ),
                error=True,
            )
            return
        except LookupInputError as error:
            self._show_error(error)
            return
        self._ask_consent()

    def _ask_consent(self) -> None:
        session, ctx = self.session, self.ctx
        form = session.form
        assert form is not None
        scope = session.consent_scope(self.applicant)
        connectors = ctx.exchange.connectors
        departments = [(d, connectors[d].name_zh) for d in scope.departments]
        categories = [(c, ctx.catalog.category_label_zh(c)) for c in scope.categories]
        title = form.title_zh
        if form.applicants > 1:
            title = f"{title}（{form.party_zh(self.applicant)}）"
        self.consent_panel.set_scope(title, departments, categories)
        self._go(CONSENT)

    def consent_from_applicant(self, agreed: bool, *, signature: Signature | None = None) -> bool:
        """The applicant answered the consent statement on their own screen.

        同意 records the consent as the clerk's confirm does (the same path), with the
        method :attr:`ConsentMethod.APPLICANT_SCREEN`; 不同意 records nothing and tells the
        clerk: the case stays at the consent step (the applicant may bring the papers).

        Returns:
            True when the answer was taken (the consent step is shown).
        """
        if self.step != CONSENT:
            return False
        if agreed:
            self._on_consent(ConsentMethod.APPLICANT_SCREEN, "", signature)
        else:
            self._say(
                self.tr(
                    "The applicant declined on their screen: nothing was recorded. "
                    "They may bring the papers instead."
                ),
                error=True,
            )
        return True

    def _on_consent(
        self, method: ConsentMethod, witness: str, signature: Signature | None = None
    ) -> None:
        """Record the consent (with the applicant's signature: drawn on their screen, or,
        for a consent signed on paper, recorded as such)."""
        if signature is None and method is ConsentMethod.SIGNED_PAPER:
            signature = Signature.paper()
        session = self.session
        if session.form is None or len(session.applicant_ids) < self.applicant:
            return
        self._say(self.tr("Recording the consent…"))
        self._submit(
            session.record_consent,
            self.applicant,
            method,
            witness=witness,
            departments=self.consent_panel.department_ids,
            categories=self.consent_panel.category_ids,
            signature=signature,
            then=lambda _consent: self._start_lookup(),
        )

    def _start_lookup(self) -> None:
        session, number = self.session, self.applicant
        if not session.resuming:
            self._say("")
        self._autosave()
        self._go(LOOKUP)
        self.lookup_panel.start(
            self.ctx.exchange,
            session.applicant_ids[number - 1],
            session.lookup_items(number),
            lookup_fn=session.lookup_function(),
        )

    def _on_settled(self, result: LookupResult) -> None:
        if result.complete and self.step == LOOKUP:
            self.lookup_panel.carry_on()  # every department answered: nothing to decide

    def _on_lookup(self, result: LookupResult) -> None:
        session = self.session
        if session.form is None or self.step != LOOKUP:
            return
        session.take_lookup(self.applicant, result)
        if session.stage is not Stage.FORM:
            self._begin_applicant()
            return
        filled = session.fill()
        self.form_page.set_form(filled.prefilled)
        self.heading.setText(session.form.title(self._language.chinese))
        if filled.resumed:
            self.form_page.receive(filled.received)
        self._take_form()
        if filled.skipped:
            fields = "、".join(self._field_label(e.field_id, e.applicant) for e in filled.skipped)
            self._say(self.tr("Restored; check these fields again: {fields}").format(fields=fields))
        elif filled.resumed:
            self._say(self.tr("Restored the interrupted case"))
        else:
            self._say("")
        self._go(FORM)
        self.form_page.focus_first_input()
        self._autosave()

    def _field_label(self, field_id: str, applicant: int) -> str:
        """The field's label as the form shows it; its id when the form no longer has it."""
        filled = self.form_page.prefilled
        try:
            field = filled.form.field(field_id, applicant) if filled is not None else None
        except KeyError:
            field = None
        return field_id if field is None else self.form_page.model.label(field)

    def _on_lookup_failed(self, error: object) -> None:
        if isinstance(error, ConsentError) and self.session.form is not None:
            # no valid consent (e.g. a restored case whose consent expired): ask again
            self.session.drop_consent(self.applicant)
            self._ask_consent()
            self._say(
                self.tr("The consent must be given again: {reason}").format(
                    reason=self._reason(error)
                ),
                error=True,
            )
            return
        self._show_error(error)

    def _on_form_changed(self) -> None:
        self._take_form()
        self._autosave()

    def _take_form(self) -> None:
        """The session takes the form page's values and papers (the page is the editor)."""
        if self.step == FORM:
            self.session.take_form(self.form_page.prefilled, self.form_page.decisions)

    def notify_missing(self) -> None:
        """Render the one-time notification (一次性告知书) of every paper still to collect
        and open its print preview: the applicant learns everything at once."""
        session = self.session
        if self.step != FORM or session.form is None or self.form_page.prefilled is None:
            return
        self._take_form()
        if not session.missing():
            self._say(self.tr("Nothing is missing: no notification needed"))
            return
        self._say(self.tr("Preparing the one-time notification…"))
        self._submit(session.render_notification, then=self._on_notification)

    def _on_notification(self, rendered: RenderResult) -> None:
        self._say(self.tr("One-time notification ready: print it from the preview"))
        self.notification_ready.emit(rendered.pdf)
        show_print_preview(self, rendered.pdf)

    def _on_saved(self, case: Case) -> None:
        session = self.session
        session.accepted(case)
        if session.draft_id is not None:
            self.drafts.discard(session.draft_id)  # the case is saved: nothing to restore
        self.receipt.show_number(case)
        self._say(self.tr("Case accepted; rendering the receipt…"))
        self._submit(case_receipt, self.ctx, self.actor, case.number, then=self._on_receipt)

    def _on_receipt(self, made: tuple[Case, RenderResult]) -> None:
        case, rendered = made
        self.receipt.show_receipt(case, rendered.pdf)
        self._say(self.tr("Case {number} accepted").format(number=case.number))
        self.case_submitted.emit(case, rendered.pdf)

    def _on_printed(self, result: PrintResult) -> None:
        self._say(
            self.tr("Receipt printed on {printer} ({pages} page(s))").format(
                printer=result.printer, pages=result.pages
            )
        )
        self.receipt_printed.emit(result)

    # -- helpers ------------------------------------------------------------------------

    def _submit(
        self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None], **kwargs: Any
    ) -> None:
        """Run ``fn`` on the runner; ``then`` gets its result unless the applicant changed."""

        def failed(error: BaseException) -> None:
            self.submit_button.setEnabled(self.session.case is None)
            self._show_error(error)
            self.step_failed.emit(error)

        self._tasks.submit(fn, *args, on_result=then, on_error=failed, **kwargs)

    def _go(self, step: int) -> None:
        """Show a step and put the keyboard in it (its first field or button)."""
        self.steps.setCurrentIndex(step)
        self.step_changed.emit(step)
        if step != SERVICE:
            self.draft_bar.hide()  # drafts are offered at the service picker only
        page = self.steps.widget(step)
        assert page is not None
        target = page
        if page.focusProxy() is None and page.focusPolicy() == Qt.FocusPolicy.NoFocus:
            candidate = page.nextInFocusChain()
            while candidate is not None and candidate is not page and page.isAncestorOf(candidate):
                if (
                    candidate.isVisibleTo(page)
                    and candidate.isEnabled()
                    and (candidate.focusPolicy() & Qt.FocusPolicy.TabFocus)
                ):
                    target = candidate
                    break
                candidate = candidate.nextInFocusChain()
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")

    def _reason(self, error: object) -> str:
        """Why something failed, in the interface's language (a CounterError's text)."""
        if isinstance(error, BaseException):
            return error_text(error, self._language)
        return str(error)

    def _show_error(self, error: object) -> None:
        self._say(
            self.tr("Cannot continue: {reason}").format(reason=self._reason(error)), error=True
        )
