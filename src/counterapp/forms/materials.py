"""Which supporting documents the applicant must bring, and which sharing made unnecessary.

A material is exempt (免提交) when every catalog item it proves was verified by a department
for its applicant; the decision names those departments. Otherwise it is to be collected,
and the decision says why: the document cannot be replaced by data ("always required"), or
which proving items were missing, typed or corrected. The clerk marks what was handed over
(:func:`mark_received`); what is still missing goes on the one-time notification
(一次性告知书, :func:`one_time_notice`), every item at once with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import StrEnum

from counterapp.forms.model import MaterialSpec, ServiceForm
from counterapp.forms.prefill import FieldState, PrefilledField, PrefilledForm


class MaterialHandover(StrEnum):
    """Whether the applicant must hand a material over: the counter's decision on it."""

    EXEMPT = "exempt"  # 免提交: proven by shared, verified data
    TO_COLLECT = "to_collect"  # the applicant must hand it over
    RECEIVED = "received"  # 已收取


class GapReason(StrEnum):
    """Why a proving item did not count as verified."""

    NO_DATA = "no_data"  # no department gave a value
    EMPTY = "empty"  # the department verified that it holds no record (no property ...)
    NOT_VERIFIED = "not_verified"  # typed at the counter
    CORRECTED = "corrected"  # the clerk replaced the department's value

    @property
    def label_zh(self) -> str:
        return _GAP_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _GAP_LABELS[self][1]


_GAP_LABELS = {
    GapReason.NO_DATA: ("部门无数据", "no department data"),
    GapReason.EMPTY: ("部门核验无相关记录", "the department holds no record"),
    GapReason.NOT_VERIFIED: ("窗口录入，未经核验", "typed, not verified"),
    GapReason.CORRECTED: ("窗口已更正，未经核验", "corrected at the counter, not verified"),
}


class MaterialError(ValueError):
    """A change that does not fit the material (e.g. receiving an exempt one)."""


@dataclass(frozen=True)
class ProofGap:
    """A proving item that was not verified, and why."""

    item: str
    label_zh: str
    label_en: str
    reason: GapReason


@dataclass(frozen=True)
class MaterialDecision:
    """One material for one applicant.

    Attributes:
        material: the form's material.
        applicant: whose document it is (1-based).
        status: exempt, to collect or received.
        name_zh: its name, with the applicant on a form of several (``户口簿（申请人2）``).
        name_en: the same in English.
        reason_zh: why it is exempt or must be brought, in Chinese.
        reason_en: the same in English.
        verified_by: for an exempt one, the departments that verified the proving items.
        gaps: for one to collect, the proving items not verified; empty when the document
            is always required.
    """

    material: MaterialSpec
    applicant: int
    status: MaterialHandover
    name_zh: str
    name_en: str
    reason_zh: str
    reason_en: str
    verified_by: tuple[str, ...] = ()
    gaps: tuple[ProofGap, ...] = ()

    @property
    def always_required(self) -> bool:
        """No shared data can replace it (its ``proves`` is empty)."""
        return not self.material.proves

    @property
    def missing(self) -> bool:
        """A required document not handed over yet: it goes on the one-time notification."""
        return self.status is MaterialHandover.TO_COLLECT and self.material.required


@dataclass(frozen=True)
class NoticeItem:
    """One line of the one-time notification."""

    material_id: str
    applicant: int
    name_zh: str
    name_en: str
    handed_zh: str  # 原件 / 复印件 / 原件及复印件
    handed_en: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class OneTimeNotice:
    """What the one-time notification (一次性告知书) lists: everything missing, at once."""

    service_id: str
    title_zh: str
    title_en: str
    department: str
    items: tuple[NoticeItem, ...]

    @property
    def needed(self) -> bool:
        return bool(self.items)


def decide_materials(form: ServiceForm, prefilled: PrefilledForm) -> tuple[MaterialDecision, ...]:
    """Decide every material of the form for every applicant it concerns, in form order."""
    return tuple(
        _decide(form, prefilled, material, applicant)
        for material in form.materials
        for applicant in material.applicants
    )


def mark_received(
    decisions: Sequence[MaterialDecision], material_id: str, applicant: int = 1
) -> tuple[MaterialDecision, ...]:
    """The clerk received a document; returns the decisions with it marked received.

    Raises:
        KeyError: no such material for that applicant.
        MaterialError: the material is exempt (nothing to collect).
    """
    found = False
    updated: list[MaterialDecision] = []
    for decision in decisions:
        if decision.material.id == material_id and decision.applicant == applicant:
            found = True
            if decision.status is MaterialHandover.EXEMPT:
                raise MaterialError(f"{material_id} is exempt: verified through data sharing")
            decision = replace(decision, status=MaterialHandover.RECEIVED)
        updated.append(decision)
    if not found:
        raise KeyError(f"no material {material_id!r} for applicant {applicant}")
    return tuple(updated)


def with_received(
    decisions: Sequence[MaterialDecision], received: Iterable[tuple[str, int]]
) -> tuple[MaterialDecision, ...]:
    """``decisions`` with these papers, (material id, applicant), marked received; papers
    now exempt (or no longer asked for) are left as they are."""
    marked = tuple(decisions)
    for material_id, applicant in received:
        with suppress(KeyError, ValueError):
            marked = mark_received(marked, material_id, applicant)
    return marked


def received_papers(decisions: Iterable[MaterialDecision]) -> tuple[tuple[str, int], ...]:
    """(material id, applicant) of every paper handed over."""
    return tuple(
        (d.material.id, d.applicant) for d in decisions if d.status is MaterialHandover.RECEIVED
    )


def one_time_notice(form: ServiceForm, decisions: Iterable[MaterialDecision]) -> OneTimeNotice:
    """Every required material still missing, each with what to bring and why."""
    items = tuple(
        NoticeItem(
            d.material.id,
            d.applicant,
            d.name_zh,
            d.name_en,
            d.material.original_or_copy.label_zh,
            d.material.original_or_copy.label_en,
            d.reason_zh,
            d.reason_en,
        )
        for d in decisions
        if d.missing
    )
    return OneTimeNotice(form.id, form.title_zh, form.title_en, form.department, items)


def _decide(
    form: ServiceForm, prefilled: PrefilledForm, material: MaterialSpec, applicant: int
) -> MaterialDecision:
    several = len(material.applicants) > 1  # each party brings their own
    name_zh = f"{material.name_zh}（{form.party_zh(applicant)}）" if several else material.name_zh
    name_en = f"{material.name_en} ({form.party_en(applicant)})" if several else material.name_en
    handed_zh = material.original_or_copy.label_zh
    handed_en = material.original_or_copy.label_en
    if not material.proves:
        return MaterialDecision(
            material,
            applicant,
            MaterialHandover.TO_COLLECT,
            name_zh,
            name_en,
            f"须提交{handed_zh}，不能以共享数据代替",
            f"always required ({handed_en}); shared data cannot replace it",
        )
    departments: list[str] = []
    verified_labels: list[str] = []
    gaps: list[ProofGap] = []
    for item in material.proves:
        entry = prefilled.for_item(item, applicant)
        if entry is not None and entry.verified and entry.department and not _empty(entry):
            departments.append(entry.department)
            verified_labels.append(entry.field.label_zh)
            continue
        label = (entry.field.label_zh, entry.field.label_en) if entry else (item, item)
        gaps.append(ProofGap(item, *label, _gap_reason(entry, prefilled, applicant)))
    if gaps:
        listed_zh = "、".join(f"{g.label_zh}（{g.reason.label_zh}）" for g in gaps)
        listed_en = "; ".join(f"{g.label_en} ({g.reason.label_en})" for g in gaps)
        return MaterialDecision(
            material,
            applicant,
            MaterialHandover.TO_COLLECT,
            name_zh,
            name_en,
            f"未能通过部门共享核验：{listed_zh}；须提交{handed_zh}",
            f"not verified through data sharing: {listed_en}; bring the {handed_en}",
            gaps=tuple(gaps),
        )
    verified_by = tuple(dict.fromkeys(departments))
    who_zh = "、".join(form.department_label(d).name_zh for d in verified_by)
    who_en = ", ".join(form.department_label(d).name_en for d in verified_by)
    return MaterialDecision(
        material,
        applicant,
        MaterialHandover.EXEMPT,
        name_zh,
        name_en,
        f"已由{who_zh}核验{'、'.join(dict.fromkeys(verified_labels))}，免于提交",
        f"exempt: verified by {who_en} through data sharing",
        verified_by=verified_by,
    )


def _empty(entry: PrefilledField) -> bool:
    """A verified list with no records proves nothing (e.g. no property to live in)."""
    return isinstance(entry.value, tuple) and not entry.value


def _gap_reason(
    entry: PrefilledField | None, prefilled: PrefilledForm, applicant: int
) -> GapReason:
    if entry is None:
        return GapReason.NO_DATA
    if entry.state is FieldState.MISSING:
        answered = entry.field.department in prefilled.answered.get(applicant, frozenset())
        return GapReason.EMPTY if answered else GapReason.NO_DATA
    if entry.state is FieldState.CORRECTED:
        return GapReason.CORRECTED
    if entry.verified:
        return GapReason.EMPTY
    return GapReason.NOT_VERIFIED  # typed, or a department's unverified value
