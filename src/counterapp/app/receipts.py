"""Receipts and one-time notifications for cases: built from the store, masked, audited.

A receipt leaves the hall in the applicant's pocket, so it carries masked names and ID
numbers only (the catalog's rules); issuing one — to a file or a printer — is an audit
event naming the case, never the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from counterapp.app.cases import get_case
from counterapp.app.context import CounterContext
from counterapp.app.review import corrections_of
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases import Applicant, ApplicantRole, Case, MaterialState, SourceKind
from counterapp.cases.numbers import parse_case_number
from counterapp.catalog import mask_item
from counterapp.consent import ConsentRecord
from counterapp.errors import CounterError
from counterapp.forms import OneTimeNotice, ServiceForm
from counterapp.receipts import (
    ApplicantLine,
    ConsentNote,
    DataUseNotice,
    ExemptMaterial,
    HallInfo,
    Layout,
    MissingMaterial,
    NotificationData,
    ReceiptData,
    RenderResult,
    load_cjk_font,
    render_acceptance,
    render_notification,
)
from counterapp.receipts.data_use import (
    DataUseConsentLine,
    DataUseData,
    DataUseLine,
    render_data_use,
)
from counterapp.receipts.model import NUMBER_PLACEHOLDER, SignatureMark
from counterapp.store.audit_log import append_event
from counterapp.store.consents import consents_for, consents_of_case
from counterapp.store.signatures import signatures_of_consents
from counterapp.store.users import get_user
from counterapp.users import Actor, Permission, require

_ROLE_LABELS = {
    ApplicantRole.APPLICANT: "申请人",
    ApplicantRole.CO_APPLICANT: "共同申请人",
    ApplicantRole.AGENT: "代理人",
}


def window_label(window: str) -> str:
    """How a window is printed: "07" → "7号窗口"."""
    if not window:
        return ""
    return f"{int(window)}号窗口" if window.isdigit() else f"{window}窗口"


def hall_info(ctx: CounterContext) -> HallInfo:
    settings = ctx.settings
    return HallInfo(
        name=settings.get_str("hall.name"),
        code=settings.get_str("hall.code"),
        phone=settings.get_str("hall.phone"),
        address=settings.get_str("hall.address"),
    )


def applicant_lines(
    ctx: CounterContext, applicants: Sequence[Applicant]
) -> tuple[ApplicantLine, ...]:
    """The applicants as a receipt prints them: masked by the catalog's rules."""
    name_item = ctx.catalog.item("person.name")
    id_item = ctx.catalog.item("person.id_number")
    return tuple(
        ApplicantLine(
            role_label=_ROLE_LABELS.get(person.role, "申请人"),
            masked_name=str(mask_item(name_item, person.name, ctx.mask_policy)),
            masked_id_number=str(mask_item(id_item, person.id_number, ctx.mask_policy)),
        )
        for person in applicants
    )


def receipt_data(
    ctx: CounterContext, case: Case, consents: Sequence[ConsentRecord], clerk_name: str = ""
) -> ReceiptData:
    """Everything the acceptance receipt (受理回执) prints for ``case``."""
    form = ctx.forms.get(case.service_id)
    lines = applicant_lines(ctx, case.applicants)
    masked_by_id = _masked_names(case, lines)
    departments = sorted({d for c in consents for d in c.departments})
    categories = sorted({c for consent in consents for c in consent.categories})
    return ReceiptData(
        hall=hall_info(ctx),
        case_number=case.number,
        service_title_zh=form.title_zh if form else case.service_id,
        service_title_en=form.title_en if form else case.service_id,
        applicants=lines,
        accepted_at=case.accepted_at,
        due_date=case.due_date,
        due_provisional=case.due_date_provisional,
        working_days=case.promised_days,
        materials_received=tuple(
            m.name for m in case.materials if m.status is MaterialState.RECEIVED
        ),
        materials_exempt=tuple(
            ExemptMaterial(m.name, _department_names(ctx, m.exempted_by or ""))
            for m in case.materials
            if m.status is MaterialState.EXEMPT
        ),
        data_use=DataUseNotice(
            purpose=f"办理{form.title_zh if form else case.service_id}",
            departments=tuple(_department_names(ctx, d) for d in departments),
            categories=tuple(ctx.catalog.category_label_zh(c) for c in categories),
            consents=tuple(
                ConsentNote(
                    masked_by_id.get(c.applicant_id_number, lines[0].masked_name),
                    c.method.label_zh,
                    c.recorded_at,
                )
                for c in consents
            ),
        ),
        clerk_name=clerk_name or case.clerk,
        window=window_label(case.window),
        fee_yuan=form.fee if form else Decimal(0),
        verify_url_template=ctx.settings.get_str("receipts.verify_url"),
    )


def _masked_names(case: Case, lines: Sequence[ApplicantLine]) -> dict[str, str]:
    """Each applicant's masked name by their ID number (to name who consented)."""
    return {p.id_number: line.masked_name for p, line in zip(case.applicants, lines, strict=True)}


def _department_names(ctx: CounterContext, ids: str) -> str:
    names = []
    for dept in filter(None, ids.split(",")):
        try:
            names.append(ctx.catalog.department(dept).name_zh)
        except KeyError:
            names.append(dept)
    return "、".join(names)


def case_receipt(
    ctx: CounterContext,
    actor: Actor,
    case_number: str,
    *,
    layout: Layout = Layout.A4,
    destination: str = "file",
) -> tuple[Case, RenderResult]:
    """Render the receipt of a stored case and audit that it was issued.

    Args:
        destination: where it goes, for the audit record ("file" or a printer name).

    Raises:
        PermissionDenied, CaseNotFound, InvalidCaseNumber: as ``get_case``.
        NoCjkFont: no font to print Chinese with (the message says how to fix it).
    """
    require(actor, Permission.PRINT)
    case = get_case(ctx.engine, ctx.cipher, actor, case_number)
    with ctx.engine.connect() as connection:
        stored = [
            found
            for person in case.applicants
            for found in consents_for(connection, ctx.cipher, person.id_number, case.service_id)
            if found.record.case_number in (case.number, None)
        ]
        clerk = get_user(connection, case.clerk)
        linked = [s for s in stored if s.record.case_number == case.number] or stored[:1]
        chosen = _one_per_applicant([s.record for s in linked])
        signed = signatures_of_consents(
            connection, ctx.cipher, [s.id for s in linked if s.record in chosen]
        )
    data = receipt_data(ctx, case, chosen, clerk.display_name if clerk else "")
    if signed:
        people = _masked_names(case, data.applicants)
        by_id = {s.id: s.record for s in linked}
        data = replace(
            data,
            signatures=tuple(
                SignatureMark(
                    masked_name=people.get(by_id[consent_id].applicant_id_number, ""),
                    method_label=signature.method.label_zh,
                    signed_at=at,
                    strokes=signature.strokes,
                )
                for consent_id, (signature, at) in sorted(signed.items())
            ),
        )
    font = load_cjk_font(ctx.settings.get_str("receipts.font_path") or None)
    result = render_acceptance(data, font, layout)
    _audit_issue(ctx, actor, case.number, f"acceptance receipt ({layout.value})", destination)
    return case, result


def _one_per_applicant(consents: Sequence[ConsentRecord]) -> tuple[ConsentRecord, ...]:
    newest: dict[str, ConsentRecord] = {}
    for consent in consents:
        known = newest.get(consent.applicant_id_number)
        if known is None or consent.recorded_at > known.recorded_at:
            newest[consent.applicant_id_number] = consent
    return tuple(newest.values())


def notification(
    ctx: CounterContext,
    actor: Actor,
    form: ServiceForm,
    applicants: Sequence[Applicant],
    notice: OneTimeNotice,
    *,
    reference: str,
    destination: str = "file",
) -> RenderResult:
    """Render the one-time notification (一次性告知书) listing every missing material."""
    require(actor, Permission.PRINT)
    data = NotificationData(
        hall=hall_info(ctx),
        service_title_zh=form.title_zh,
        service_title_en=form.title_en,
        applicants=applicant_lines(ctx, applicants),
        issued_at=datetime.now(UTC),
        reference=reference,
        missing=tuple(
            MissingMaterial(f"{item.name_zh}（{item.handed_zh}）", item.reason_zh)
            for item in notice.items
        ),
        bring_to=ctx.settings.get_str("hall.bring_to"),
        clerk_name=actor.display_name or actor.username,
        window=window_label(ctx.window),
    )
    font = load_cjk_font(ctx.settings.get_str("receipts.font_path") or None)
    result = render_notification(data, font)
    _audit_issue(
        ctx, actor, None, f"one-time notification for {form.id} ({reference})", destination
    )
    return result


def correction_notice(
    ctx: CounterContext, actor: Actor, case_number: str, *, destination: str = "file"
) -> tuple[Case, RenderResult]:
    """Render the one-time notification (一次性告知书) of a case's latest return for
    correction: every item the reviewer listed, at once, with what the hall already holds.

    Raises:
        PermissionDenied, CaseNotFound, InvalidCaseNumber: as ``get_case``.
        NothingToCorrect: the case was never returned for correction.
        NoCjkFont: no font to print Chinese with.
    """
    require(actor, Permission.PRINT)
    case = get_case(ctx.engine, ctx.cipher, actor, case_number)
    requests = corrections_of(ctx.engine, actor, case.number)
    if not requests:
        raise NothingToCorrect(case.number)
    latest = requests[-1]
    form = ctx.forms.get(case.service_id)
    with ctx.engine.connect() as connection:
        reviewer = get_user(connection, latest.requested_by)
    data = NotificationData(
        hall=hall_info(ctx),
        service_title_zh=form.title_zh if form else case.service_id,
        service_title_en=form.title_en if form else case.service_id,
        applicants=applicant_lines(ctx, case.applicants),
        issued_at=latest.requested_at,
        reference=case.number,
        missing=tuple(MissingMaterial(item.name, item.reason) for item in latest.items),
        bring_to=ctx.settings.get_str("hall.bring_to"),
        clerk_name=(reviewer.display_name if reviewer else "") or latest.requested_by,
        window=window_label(case.window),
        materials_received=tuple(
            m.name for m in case.materials if m.status is MaterialState.RECEIVED
        ),
        materials_exempt=tuple(
            ExemptMaterial(m.name, _department_names(ctx, m.exempted_by or ""))
            for m in case.materials
            if m.status is MaterialState.EXEMPT
        ),
    )
    font = load_cjk_font(ctx.settings.get_str("receipts.font_path") or None)
    result = render_notification(data, font)
    _audit_issue(ctx, actor, case.number, "correction notice", destination)
    return case, result


def case_reference(text: str, verify_url_template: str = "") -> str:
    """The case number in what was scanned off a receipt's QR code (its verification URL,
    ``receipts.verify_url``) or typed at the keyboard.

    Raises:
        InvalidCaseNumber: neither holds a case number.
    """
    text = text.strip()
    head, placeholder, tail = verify_url_template.partition(NUMBER_PLACEHOLDER)
    if placeholder and text.startswith(head) and text.endswith(tail):
        text = text[len(head) : len(text) - len(tail)]
    return str(parse_case_number(text))


def data_use_record(
    ctx: CounterContext, actor: Actor, reference: str, *, destination: str = "file"
) -> tuple[Case, RenderResult]:
    """Render a case's data-use record (个人信息使用记录): each item a department supplied,
    when, and the consents it was asked under; no values. Issuing it is audited.

    Args:
        reference: the case number, or the receipt QR code's text.

    Raises:
        PermissionDenied, CaseNotFound, InvalidCaseNumber: as ``get_case``.
        NoCjkFont: no font to print Chinese with.
    """
    require(actor, Permission.PRINT)
    number = case_reference(reference, ctx.settings.get_str("receipts.verify_url"))
    case = get_case(ctx.engine, ctx.cipher, actor, number)
    with ctx.engine.connect() as connection:
        consents = [s.record for s in consents_of_case(connection, ctx.cipher, case.number)]
    form = ctx.forms.get(case.service_id)
    people = applicant_lines(ctx, case.applicants)
    masked = {
        p.id_number: line.masked_name for p, line in zip(case.applicants, people, strict=True)
    }
    supplied = [f for f in case.fields if f.source.kind is not SourceKind.TYPED]
    data = DataUseData(
        hall=hall_info(ctx),
        case_number=case.number,
        service_title_zh=form.title_zh if form else case.service_id,
        service_title_en=form.title_en if form else case.service_id,
        applicants=people,
        accepted_at=case.accepted_at,
        lines=tuple(
            DataUseLine(
                item_label=_item_label(ctx, f.item, f.field_id),
                department=_department_names(ctx, f.source.department or ""),
                retrieved_at=f.source.retrieved_at,
                verified=f.source.verified,
                corrected=f.source.kind is SourceKind.CORRECTED,
            )
            for f in supplied
        ),
        consents=tuple(
            DataUseConsentLine(
                masked_name=masked.get(c.applicant_id_number, people[0].masked_name),
                method_label=c.method.label_zh,
                recorded_at=c.recorded_at,
                recorded_by=c.recorded_by,
                departments=tuple(_department_names(ctx, d) for d in sorted(c.departments)),
                categories=tuple(ctx.catalog.category_label_zh(k) for k in sorted(c.categories)),
            )
            for c in consents
        ),
        typed_fields=len(case.fields) - len(supplied),
        issued_at=datetime.now(UTC),
        issued_by=actor.display_name or actor.username,
    )
    font = load_cjk_font(ctx.settings.get_str("receipts.font_path") or None)
    result = render_data_use(data, font)
    _audit_issue(ctx, actor, case.number, "data-use record", destination)
    return case, result


def _item_label(ctx: CounterContext, item: str | None, field_id: str) -> str:
    if item is not None and item in ctx.catalog:
        return ctx.catalog.item(item).label_zh
    return field_id


class NothingToCorrect(CounterError):
    """A correction notice was asked for a case never returned for correction."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(
            f"case {number} was never returned for correction: there is no notice to print",
            f"办件 {number} 未被退回补正，没有补正告知书可打印",
        )


def _audit_issue(
    ctx: CounterContext, actor: Actor, case_number: str | None, what: str, destination: str
) -> None:
    kind = EventKind.EXPORT if destination == "file" else EventKind.PRINT
    with ctx.engine.begin() as connection:
        append_event(
            connection,
            AuditEvent(
                kind=kind,
                actor=actor.username,
                case_number=case_number,
                detail=f"{what} to {destination}",
                workstation=ctx.workstation,
            ),
        )
