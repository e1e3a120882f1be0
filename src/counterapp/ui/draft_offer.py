"""The bar that offers the clerk's interrupted cases back at the start, newest first.

It shows the service, the main applicant's masked ID and when the draft was saved; the
clerk restores it (Alt+R) or discards it (Alt+D). Drafts another version of Counter wrote,
or for a service this workstation no longer offers, are left in the store, unoffered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from counterapp.app.drafts import InterruptedCaseRow
from counterapp.app.interrupted_case import DraftUnreadable, InterruptedCase
from counterapp.catalog.masking import MaskPolicy, mask
from counterapp.catalog.model import MaskRule
from counterapp.errors import Language
from counterapp.forms import ServiceForm

Offer = tuple[InterruptedCaseRow, InterruptedCase]


class DraftOffer(QWidget):
    """The offer of interrupted cases; hidden while there is none.

    Signals:
        restore_requested(InterruptedCaseRow, InterruptedCase): the clerk chose to carry on
            with it.
        discard_requested(str): the clerk gave the draft (its id) up.
    """

    restore_requested = Signal(object, object)
    discard_requested = Signal(str)

    def __init__(
        self,
        forms: Mapping[str, ServiceForm],
        policy: MaskPolicy,
        *,
        language: Language = Language.ZH_CN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._forms, self._policy, self._language = forms, policy, language
        self._offers: list[Offer] = []
        self.setObjectName("draftOffer")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("&Restore"), self)
        self.restore_button.setToolTip(
            self.tr("Carry on with the interrupted case (the departments are asked again)")
        )
        self.discard_button = QPushButton(self.tr("&Discard"), self)
        self.discard_button.setToolTip(self.tr("Delete the interrupted case's draft"))
        bar = QHBoxLayout(self)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.label, 1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.discard_button)
        self.setStyleSheet("#draftOffer { background: #fff3cd; }")
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        self.hide()

    @property
    def count(self) -> int:
        """How many interrupted cases wait to be restored or discarded."""
        return len(self._offers)

    def set_drafts(self, drafts: Iterable[InterruptedCaseRow]) -> int:
        """Offer these stored drafts (newest first); returns how many can be offered."""
        self._offers = []
        for stored in drafts:
            try:
                draft = InterruptedCase.from_payload(stored.payload)
            except DraftUnreadable:
                continue  # not ours to read (another version): left in the store
            if draft.service_id in self._forms and draft.applicant_ids:
                self._offers.append((stored, draft))
        return len(self._offers)

    def show_if_any(self, allowed: bool = True) -> None:
        """Show the newest offer (when ``allowed``: the clerk is at the service picker)."""
        if not self._offers or not allowed:
            self.hide()
            return
        stored, draft = self._offers[0]
        who = mask(draft.applicant_ids[0], MaskRule.ID_NUMBER, self._policy)
        when = stored.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        service = self._forms[draft.service_id].title(self._language.chinese)
        text = self.tr("Interrupted case: {service}, applicant {id}, saved {when}").format(
            service=service, id=who, when=when
        )
        if len(self._offers) > 1:
            more = self.tr("({count} in all)").format(count=len(self._offers))
            text = f"{text} {more}"
        self.label.setText(text)
        self.show()

    def restore(self) -> None:
        """Hand the newest offer over for restoring."""
        if self._offers:
            stored, draft = self._offers.pop(0)
            self.restore_requested.emit(stored, draft)

    def discard(self) -> None:
        """Give the newest offer up and show the next one."""
        if self._offers:
            stored, _ = self._offers.pop(0)
            self.discard_requested.emit(stored.draft_id)
            self.show_if_any()
