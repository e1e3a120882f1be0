"""A clerk's moves through the case flow, scripted: the demo walkthrough's (and tests') hands.

Each move drives the real widgets the way a clerk does -- the search box, the ID field and
Return as a card reader ends its burst, the consent method and the confirm button, the
materials ticked -- and pumps the event loop until the flow has moved on, or raises
:class:`WalkthroughError` saying what did not happen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton

from counterapp.consent import ConsentMethod
from counterapp.ui.case_flow import CONSENT, ID_NUMBER, LOOKUP, CaseFlow

Hook = Callable[[], None] | None


class WalkthroughError(RuntimeError):
    """A step did not reach its expected state in time."""


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str = "") -> None:
    """Pump the event loop (10 ms naps) until ``predicate()`` holds; raise after the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        QApplication.processEvents()
        if predicate():
            return
        if time.monotonic() > deadline:
            raise WalkthroughError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.01)


def choose_service(flow: CaseFlow, query: str, service_id: str, *, before: Hook = None) -> None:
    """Search the service picker for ``query`` and take ``service_id``.

    Args:
        before: called once the search shows the service, before it is taken.
    """
    flow.picker.search_box.setText(query)
    QApplication.processEvents()
    chosen = flow.picker.current_form()
    if chosen is None or chosen.id != service_id:
        raise WalkthroughError(f"searching {query!r} did not offer {service_id}")
    if before is not None:
        before()
    flow.picker.choose_current()
    wait_until(lambda: flow.step == ID_NUMBER, 5, "the ID step")


def give_consent(
    flow: CaseFlow,
    id_number: str,
    *,
    method: ConsentMethod = ConsentMethod.ID_CARD_READER,
    typed: Hook = None,
    chosen: Hook = None,
) -> None:
    """The ID (Return ends it, as a card reader does) and the consent; returns once the
    consent is recorded and the lookup has started.

    Args:
        typed: called with the ID in the field, before Return.
        chosen: called with the consent method chosen, before confirming.
    """
    applicant = flow.applicant
    flow.id_input.field.setText(id_number)
    if typed is not None:
        typed()
    QTest.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    wait_until(lambda: flow.step == CONSENT, 5, "the consent step")
    button = next(
        b
        for b in flow.consent_panel.findChildren(QRadioButton)
        if b.property("consentMethod") == method.value
    )
    button.click()
    if chosen is not None:
        chosen()
    flow.consent_panel.confirm_button.click()
    wait_until(
        lambda: flow.applicant != applicant or flow.step != CONSENT, 15, "the lookup to start"
    )


def finish_lookup(flow: CaseFlow, applicant: int) -> None:
    """Wait for applicant ``applicant``'s lookup; carry on when a department did not answer."""
    wait_until(lambda: not flow.lookup_panel.running, 30, "the lookup to finish")
    if flow.step == LOOKUP and flow.applicant == applicant:
        flow.lookup_panel.carry_on()


def consent_and_look_up(flow: CaseFlow, id_number: str) -> None:
    """:func:`give_consent` then :func:`finish_lookup` for the flow's current applicant."""
    applicant = flow.applicant
    give_consent(flow, id_number)
    finish_lookup(flow, applicant)


def receive_every_paper(flow: CaseFlow) -> None:
    """Tick every paper still to collect as handed over."""
    papers = flow.form_page.materials_list
    for row in range(papers.count()):
        item = papers.item(row)
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked)
