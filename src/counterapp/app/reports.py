"""Exported reports: the hall's figures and queue as a workbook, the dashboard as a PDF.

Both use cases need :attr:`Permission.VIEW_REPORTS` (supervisors, admins); a refusal is
recorded in the audit trail (success false), as :mod:`counterapp.app.audit` does, and so is
every export (an EXPORT event naming the period and the file's name). A report holds counts,
rates, dates, services, states, clerks and windows, never an applicant's data: nothing is
decrypted. Everything one report shows is read in one snapshot that never blocks the
windows' writers, and the file appears complete or not at all (written beside it, then
renamed).

Days are the hall's (UTC+8); moments in a report are shown on the hall's clock. The
figures' definitions are :func:`counterapp.app.dashboard.hall_figures`'s. See
docs/reports.md.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine

from counterapp.app.clock import utc_now
from counterapp.app.dashboard import (
    DepartmentScore,
    HallFigures,
    PeriodFigures,
    Share,
    figures_between,
    hall_figures_in,
    period_window,
    scores_between,
)
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases import HALL_TIMEZONE, hall_day
from counterapp.catalog import Catalog
from counterapp.errors import CounterError, Language
from counterapp.forms import ServiceForm
from counterapp.receipts import load_cjk_font
from counterapp.reports import (
    BarChart,
    Cell,
    Column,
    DashboardDocument,
    Kind,
    Sheet,
    Table,
    render_dashboard,
    write_workbook,
)
from counterapp.store import audit_log
from counterapp.store import dashboard_queries as queries
from counterapp.store.case_queue import OVERDUE_STATES, QueueRow
from counterapp.store.engine import read_only
from counterapp.store.report_queries import accepted_cases
from counterapp.users import Actor, Permission, PermissionDenied, require

__all__ = [
    "SHEETS",
    "ReportInputError",
    "ReportNames",
    "ReportSummary",
    "check_destination",
    "check_period",
    "export_dashboard_pdf",
    "export_report",
    "report_names",
]

SHEETS = ("Figures", "Departments", "Queue")
"""The workbook's sheets, in order (their names stay English: scripts find them by name)."""


class ReportInputError(CounterError, ValueError):
    """A report cannot be written as asked: the period, the file's name or its folder."""


@dataclass(frozen=True)
class ReportSummary:
    """What an export wrote.

    Attributes:
        path: the workbook.
        cases: rows of the Queue sheet (the cases accepted in the period).
        departments: rows of the Departments sheet.
    """

    path: Path
    cases: int
    departments: int


@dataclass(frozen=True)
class ReportNames:
    """Services' and departments' names in the report's language; an unknown id is shown."""

    services: Mapping[str, str] = field(default_factory=dict)
    departments: Mapping[str, str] = field(default_factory=dict)

    def service(self, service_id: str) -> str:
        return self.services.get(service_id, service_id)

    def department(self, department_id: str) -> str:
        return self.departments.get(department_id, department_id)


def report_names(
    catalog: Catalog, forms: Mapping[str, ServiceForm], language: Language
) -> ReportNames:
    """The names the catalog's departments and the service forms have in ``language``."""
    chinese = language.chinese
    return ReportNames(
        services={sid: form.title(chinese) for sid, form in forms.items()},
        departments={d.id: d.name_zh if chinese else d.name_en for d in catalog.departments},
    )


# -- the workbook ----------------------------------------------------------------------------


def export_report(
    engine: Engine,
    actor: Actor,
    *,
    first_day: date,
    last_day: date,
    destination: Path,
    now: datetime | None = None,
    workstation: str = "",
    language: Language = Language.ZH_CN,
    names: ReportNames | None = None,
) -> ReportSummary:
    """Write the period's figures, department scorecard and queue as one .xlsx workbook.

    Sheets (:data:`SHEETS`): "Figures" — the hall figures of ``first_day`` to ``last_day``
    and the median handling time per service; "Departments" — the scorecard over the same
    days; "Queue" — every case first accepted in the period, oldest first. Headers are in
    ``language``; counts, rates (percent format), days and moments (hall time) are real
    cell types. "Overdue now" and each case's overdue flag are as of ``now``'s hall day.

    Args:
        actor: needs :attr:`Permission.VIEW_REPORTS` (supervisor, admin).
        first_day, last_day: the period's hall days, both included.
        destination: the .xlsx file to write (replaced when it exists).
        now: the moment the report stands at (default: now); the period ends at it.
        workstation: where the export is audited as coming from.
        language: the headers' and labels' language (Chinese by default).
        names: services' and departments' names (:func:`report_names`); ids otherwise.

    Raises:
        PermissionDenied: the actor may not view reports (recorded); nothing is written.
        ReportInputError: the period ends before it starts, the name does not end in
            .xlsx, or its folder is missing or not writable; nothing is written.
        OSError: the file could not be written; no part of it is left.
    """
    _authorize(engine, actor, workstation)
    check_period(first_day, last_day)
    check_destination(destination, ".xlsx")
    as_of = utc_now(now)
    start, end = period_window(first_day, last_day, as_of)
    today = hall_day(as_of)
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            figures = figures_between(connection, first_day, last_day, end)
            overdue = queries.overdue_count(connection, today, OVERDUE_STATES)
            scores = scores_between(connection, start, end)
            queue = list(accepted_cases(connection, start, end, today))
    words = _Words(language)
    book = names or ReportNames()
    sheets = (
        Sheet(
            SHEETS[0],
            (_figures_table(figures, overdue, as_of, words), _handling_table(figures, book, words)),
        ),
        Sheet(SHEETS[1], (_departments_table(scores, book, words),)),
        Sheet(SHEETS[2], (_queue_table(queue, book, words),)),
    )
    event = _event(
        actor,
        f"report export {first_day}..{last_day} ({len(queue)} cases, {len(scores)} "
        f"departments) to {destination.name}",
        workstation,
    )
    _write_atomically(destination, lambda out: write_workbook(sheets, out))
    _append(engine, event)
    return ReportSummary(destination, len(queue), len(scores))


def _figures_table(figures: PeriodFigures, overdue: int, as_of: datetime, words: _Words) -> Table:
    fields = figures.fields
    rows: tuple[tuple[Cell, ...], ...] = (
        (words("period_from"), figures.first_day, None),
        (words("period_to"), figures.last_day, None),
        (words("as_of"), _hall_time(as_of), None),
        (words("accepted"), figures.accepted, None),
        (words("completed"), figures.one_visit.whole, None),
        (words("one_visit"), figures.one_visit.part, figures.one_visit.rate),
        (words("fields"), fields.total, None),
        (words("prefilled"), fields.department, fields.prefilled.rate),
        (words("corrected"), fields.corrected, Share(fields.corrected, fields.total).rate),
        (words("typed"), fields.typed, Share(fields.typed, fields.total).rate),
        (words("papers_exempted"), figures.papers_exempted, None),
        (words("overdue_now"), overdue, None),
    )
    columns = (
        Column(words("figure")),
        Column(words("value"), Kind.MIXED),
        Column(words("share"), Kind.PERCENT),
    )
    return Table(columns, rows, caption=words("figures_caption"))


def _handling_table(figures: PeriodFigures, names: ReportNames, words: _Words) -> Table:
    columns = (
        Column(words("service")),
        Column(words("service_id")),
        Column(words("completed"), Kind.COUNT),
        Column(words("median_hours"), Kind.DECIMAL),
    )
    rows = tuple(
        (
            names.service(h.service_id),
            h.service_id,
            h.completed,
            _hours(h.median),
        )
        for h in figures.handling
    )
    return Table(columns, rows, caption=words("handling_caption"))


def _departments_table(
    scores: tuple[DepartmentScore, ...], names: ReportNames, words: _Words
) -> Table:
    columns = (
        Column(words("department")),
        Column(words("department_id")),
        Column(words("requests"), Kind.COUNT),
        Column(words("case_requests"), Kind.COUNT),
        Column(words("diagnosis_requests"), Kind.COUNT),
        Column(words("probe_requests"), Kind.COUNT),
        Column(words("availability"), Kind.PERCENT),
        Column(words("median_ms"), Kind.DECIMAL),
        Column(words("p95_ms"), Kind.COUNT),
        Column(words("not_found_rate"), Kind.PERCENT),
        Column(words("values_given"), Kind.COUNT),
        Column(words("values_refused"), Kind.COUNT),
        Column(words("refused_rate"), Kind.PERCENT),
        Column(words("conflicts"), Kind.COUNT),
        Column(words("conflict_rate"), Kind.PERCENT),
    )
    rows = tuple(
        (
            names.department(s.department),
            s.department,
            s.requests,
            s.case_requests,
            s.diagnosis_requests,
            s.probe_requests,
            s.availability.rate,
            s.median_latency_ms,
            s.p95_latency_ms,
            s.not_found.rate,
            s.values_given,
            s.values_refused,
            s.refused_rate.rate,
            s.conflicts,
            s.conflict_rate.rate,
        )
        for s in scores
    )
    return Table(columns, rows, caption=words("departments_caption"))


def _queue_table(queue: list[QueueRow], names: ReportNames, words: _Words) -> Table:
    columns = (
        Column(words("case_number")),
        Column(words("service")),
        Column(words("service_id")),
        Column(words("state")),
        Column(words("accepted_at"), Kind.DATETIME),
        Column(words("due_date"), Kind.DATE),
        Column(words("due_note")),
        Column(words("clerk")),
        Column(words("window")),
        Column(words("overdue")),
    )
    chinese = words.language.chinese
    rows = tuple(
        (
            row.number,
            names.service(row.service_id),
            row.service_id,
            row.state.label_zh if chinese else row.state.label_en,
            _hall_time(row.accepted_at),
            row.due_date,
            words("provisional") if row.due_date_provisional else "",
            row.clerk,
            row.window,
            words("yes") if row.overdue else words("no"),
        )
        for row in queue
    )
    return Table(columns, rows, caption=words("queue_caption"))


# -- the dashboard PDF -----------------------------------------------------------------------


def export_dashboard_pdf(
    engine: Engine,
    actor: Actor,
    *,
    day: date,
    destination: Path,
    language: Language = Language.ZH_CN,
    now: datetime | None = None,
    workstation: str = "",
    hall_name: str = "",
    names: ReportNames | None = None,
    font_path: str | None = None,
) -> Path:
    """Write the hall dashboard of ``day`` as an A4 PDF.

    Today's and this week's figures (as :func:`~counterapp.app.dashboard.hall_figures`),
    a bar chart of the cases accepted on each day of ``day``'s week, the handling time per
    service, the department scorecard of the week so far and a bar chart of each
    department's availability; every text in ``language``, set in the receipts' embedded
    Chinese font.

    Args:
        actor: needs :attr:`Permission.VIEW_REPORTS` (supervisor, admin).
        day: the hall day reported on; its week runs from Monday to ``day``.
        destination: the .pdf file to write (replaced when it exists).
        language: the document's language (Chinese by default).
        now: the moment the figures stand at (default: now).
        workstation: where the export is audited as coming from.
        hall_name: the hall's name for the title (config ``hall.name``), if known.
        names: services' and departments' names (:func:`report_names`); ids otherwise.
        font_path: ``receipts.font_path`` (None: the receipts' font search).

    Raises:
        PermissionDenied: the actor may not view reports (recorded); nothing is written.
        ReportInputError: the name does not end in .pdf, or its folder is missing or not
            writable; nothing is written.
        NoCjkFont: no usable Chinese font; nothing is written.
        OSError: the file could not be written; no part of it is left.
    """
    _authorize(engine, actor, workstation)
    check_destination(destination, ".pdf")
    as_of = utc_now(now)
    font = load_cjk_font(font_path)
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            figures = hall_figures_in(connection, day, as_of)
            week_start, week_end = period_window(figures.week.first_day, day, as_of)
            scores = scores_between(connection, week_start, week_end)
            per_day = _accepted_per_day(connection, week_start, week_end, day)
    document = _dashboard_document(
        figures, scores, per_day, _Words(language), names or ReportNames(), hall_name
    )
    event = _event(actor, f"dashboard pdf of {day} to {destination.name}", workstation)
    pdf = render_dashboard(document, font)
    _write_atomically(destination, lambda out: out.write(pdf))
    _append(engine, event)
    return destination


def _accepted_per_day(
    connection: Connection, start: datetime, end: datetime, day: date
) -> dict[date, int]:
    counted: Counter[date] = Counter(
        hall_day(row.accepted_at) for row in accepted_cases(connection, start, end, day)
    )
    return dict(counted)


def _dashboard_document(
    figures: HallFigures,
    scores: tuple[DepartmentScore, ...],
    per_day: dict[date, int],
    words: _Words,
    names: ReportNames,
    hall_name: str,
) -> DashboardDocument:
    today, week = figures.today, figures.week
    title = words("pdf_title")
    if hall_name:
        title = f"{hall_name} · {title}"
    subtitle = words("pdf_subtitle").format(
        day=figures.day.isoformat(),
        weekday=words(f"weekday{figures.day.weekday()}"),
        monday=week.first_day.isoformat(),
        as_of=_hall_time(figures.as_of).strftime("%Y-%m-%d %H:%M"),
    )
    summary = Table(
        (
            Column(words("figure")),
            Column(words("today"), Kind.PERCENT),
            Column(words("this_week"), Kind.PERCENT),
        ),
        (
            (words("accepted"), today.accepted, week.accepted),
            (words("completed"), today.one_visit.whole, week.one_visit.whole),
            (words("one_visit_rate"), today.one_visit.rate, week.one_visit.rate),
            (words("fields"), today.fields.total, week.fields.total),
            (words("prefill_rate"), today.fields.prefilled.rate, week.fields.prefilled.rate),
            (words("corrected_share"), _share(today, "corrected"), _share(week, "corrected")),
            (words("typed_share"), _share(today, "typed"), _share(week, "typed")),
            (words("papers_exempted"), today.papers_exempted, week.papers_exempted),
            (words("overdue_now"), figures.overdue, None),
        ),
        caption=words("summary_caption"),
    )
    handling_today = {h.service_id: h for h in today.handling}
    services = sorted({h.service_id for h in (*today.handling, *week.handling)})
    week_handling = {h.service_id: h for h in week.handling}
    handling = Table(
        (
            Column(words("service")),
            Column(words("completed_today"), Kind.COUNT),
            Column(words("median_today"), Kind.DECIMAL),
            Column(words("completed_week"), Kind.COUNT),
            Column(words("median_week"), Kind.DECIMAL),
        ),
        tuple(
            (
                names.service(sid),
                handling_today[sid].completed if sid in handling_today else 0,
                _hours(handling_today[sid].median) if sid in handling_today else None,
                week_handling[sid].completed if sid in week_handling else 0,
                _hours(week_handling[sid].median) if sid in week_handling else None,
            )
            for sid in services
        ),
        caption=words("handling_week_caption"),
    )
    scorecard = Table(
        (
            Column(words("department")),
            Column(words("requests"), Kind.COUNT),
            Column(words("availability"), Kind.PERCENT),
            Column(words("median_ms"), Kind.DECIMAL),
            Column(words("p95_ms"), Kind.COUNT),
            Column(words("not_found_rate"), Kind.PERCENT),
            Column(words("conflict_rate"), Kind.PERCENT),
            Column(words("refused_rate"), Kind.PERCENT),
        ),
        tuple(
            (
                names.department(s.department),
                s.requests,
                s.availability.rate,
                s.median_latency_ms,
                s.p95_latency_ms,
                s.not_found.rate,
                s.conflict_rate.rate,
                s.refused_rate.rate,
            )
            for s in scores
        ),
        caption=words("scorecard_week_caption"),
    )
    days = [week.first_day + timedelta(days=n) for n in range(7)]
    accepted_chart = BarChart(
        words("accepted_chart"),
        tuple(f"{words(f'weekday{d.weekday()}')} {d.month}/{d.day}" for d in days),
        tuple(None if d > figures.day else float(per_day.get(d, 0)) for d in days),
    )
    availability_chart = BarChart(
        words("availability_chart"),
        tuple(names.department(s.department) for s in scores),
        tuple(s.availability.rate for s in scores),
        percent=True,
    )
    blocks: tuple[Table | BarChart, ...] = (
        summary,
        accepted_chart,
        handling,
        scorecard,
        availability_chart,
    )
    return DashboardDocument(
        title=title,
        subtitle=subtitle,
        blocks=blocks,
        footer=words("pdf_footer"),
        page_label=words("page"),
    )


def _share(period: PeriodFigures, kind: str) -> float | None:
    part = period.fields.corrected if kind == "corrected" else period.fields.typed
    return Share(part, period.fields.total).rate


# -- shared ----------------------------------------------------------------------------------


def _authorize(engine: Engine, actor: Actor, workstation: str) -> None:
    try:
        require(actor, Permission.VIEW_REPORTS)
    except PermissionDenied:
        detail = f"report export refused: lacks permission {Permission.VIEW_REPORTS}"
        _append(engine, _event(actor, detail, workstation, success=False))
        raise


def _event(actor: Actor, detail: str, workstation: str, *, success: bool = True) -> AuditEvent:
    try:
        return AuditEvent(
            EventKind.EXPORT,
            actor.username,
            success=success,
            detail=detail,
            workstation=workstation,
        )
    except ValueError as exc:  # a file name that looks like personal data
        raise ReportInputError(
            f"the file name cannot go into the audit trail: {exc}",
            f"文件名不能写入审计记录：{exc}",
        ) from exc


def _append(engine: Engine, event: AuditEvent) -> None:
    with engine.begin() as connection:
        audit_log.append_event(connection, event)


def check_period(first_day: date, last_day: date) -> None:
    """Refuse a period that ends before it starts (a face checks before signing in).

    Raises:
        ReportInputError: ``last_day`` is before ``first_day``.
    """
    if last_day < first_day:
        raise ReportInputError(
            f"the period ends ({last_day}) before it starts ({first_day})",
            f"统计期间的结束日（{last_day}）早于开始日（{first_day}）",
        )


def check_destination(destination: Path, suffix: str) -> None:
    """Refuse a file name without ``suffix`` (".xlsx", ".pdf"), a folder, or a file whose
    folder is missing or not writable (a face checks before signing in).

    Raises:
        ReportInputError: why the file cannot be written there.
    """
    if destination.suffix.lower() != suffix:
        raise ReportInputError(
            f"the file must end in {suffix}, not {destination.name!r}",
            f"文件名须以 {suffix} 结尾，而不是“{destination.name}”",
        )
    folder = destination.parent
    if destination.is_dir():
        raise ReportInputError(
            f"{destination} is a folder, not a file", f"{destination} 是文件夹，不是文件"
        )
    if not folder.is_dir():
        raise ReportInputError(f"the folder {folder} does not exist", f"文件夹 {folder} 不存在")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportInputError(f"the folder {folder} is not writable", f"文件夹 {folder} 不可写入")


def _write_atomically(destination: Path, write: Callable[[IO[bytes]], object]) -> None:
    """``write`` into a file beside ``destination``, synced, then renamed over it.

    On any failure the partial file (only one this call created) is removed and the
    destination is left as it was.
    """
    partial = destination.with_name(f"{destination.name}.partial")
    created = False
    try:
        with partial.open("wb") as out:
            created = True
            write(out)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(destination)
    except BaseException:
        if created:
            partial.unlink(missing_ok=True)
        raise


def _hall_time(moment: datetime) -> datetime:
    """A moment on the hall's clock, naive (a spreadsheet has no time zones)."""
    return moment.astimezone(HALL_TIMEZONE).replace(tzinfo=None)


def _hours(span: timedelta) -> float:
    return span.total_seconds() / 3600


class _Words:
    """The report's words in one language."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def __call__(self, key: str) -> str:
        english, chinese = _WORDS[key]
        return chinese if self.language.chinese else english


_WORDS: dict[str, tuple[str, str]] = {
    # the Figures sheet
    "figure": ("Figure", "指标"),
    "value": ("Value", "数值"),
    "share": ("Share", "占比"),
    "figures_caption": ("Figures", "统计指标"),
    "period_from": ("Period from", "统计开始日"),
    "period_to": ("Period to", "统计结束日"),
    "as_of": ("Figures as of (hall time)", "数据截至（大厅时间）"),
    "accepted": ("Cases accepted", "受理件数"),
    "completed": ("Cases completed", "办结件数"),
    "one_visit": ("Completed in one visit", "一次办结件数"),
    "one_visit_rate": ("One-visit rate", "一次办结率"),
    "fields": ("Form fields", "表单字段数"),
    "prefilled": ("Pre-filled from departments", "部门数据预填"),
    "prefill_rate": ("Pre-filled share", "预填率"),
    "corrected": ("Pre-filled, corrected by the clerk", "预填后经窗口更正"),
    "corrected_share": ("Corrected share", "更正占比"),
    "typed": ("Typed by the clerk", "窗口手工录入"),
    "typed_share": ("Typed share", "手工录入占比"),
    "papers_exempted": ("Papers exempted", "免提交材料数"),
    "overdue_now": ("Overdue now (open, past due)", "当前超期件数"),
    "handling_caption": ("Handling time per service", "各事项办理时长"),
    "service": ("Service", "事项"),
    "service_id": ("Service ID", "事项编码"),
    "median_hours": ("Median handling time (hours)", "办理时长中位数（小时）"),
    # the Departments sheet
    "departments_caption": ("Department scorecard", "部门评分"),
    "department": ("Department", "部门"),
    "department_id": ("Department ID", "部门编码"),
    "requests": ("Requests", "请求数"),
    "case_requests": ("Case lookups", "办件查询数"),
    "diagnosis_requests": ("Diagnoses", "诊断查询数"),
    "probe_requests": ("Probes", "探测数"),
    "availability": ("Availability", "可用率"),
    "median_ms": ("Median latency (ms)", "响应时间中位数（毫秒）"),
    "p95_ms": ("P95 latency (ms)", "95%响应时间（毫秒）"),
    "not_found_rate": ("Not-found rate", "查无记录率"),
    "values_given": ("Values given", "提供数据项"),
    "values_refused": ("Values refused", "被拒数据项"),
    "refused_rate": ("Refused rate", "拒收率"),
    "conflicts": ("Conflicts", "冲突数"),
    "conflict_rate": ("Conflict rate", "冲突率"),
    # the Queue sheet
    "queue_caption": ("Cases accepted in the period", "期间受理的办件"),
    "case_number": ("Case number", "办件编号"),
    "state": ("State", "状态"),
    "accepted_at": ("Accepted at (hall time)", "受理时间（大厅时间）"),
    "due_date": ("Due date", "承诺办结日"),
    "due_note": ("Due date note", "办结日说明"),
    "provisional": ("provisional (holidays not yet published)", "暂定（节假日安排未公布）"),
    "clerk": ("Clerk", "受理人"),
    "window": ("Window", "窗口"),
    "overdue": ("Overdue", "是否超期"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    # the dashboard PDF
    "pdf_title": ("Hall dashboard", "大厅统计"),
    "pdf_subtitle": (
        "{day} ({weekday}); the week from {monday}; figures as of {as_of} (hall time)",
        "{day}（{weekday}）；本周自 {monday} 起；数据截至 {as_of}（大厅时间）",
    ),
    "pdf_footer": (
        "Counts, rates and times only: no applicant's data.",
        "仅含统计数字，不含申请人个人信息。",
    ),
    "page": ("page {page}", "第 {page} 页"),
    "summary_caption": ("Today and this week", "今日与本周"),
    "today": ("Today", "今日"),
    "this_week": ("This week", "本周"),
    "accepted_chart": ("Cases accepted per day this week", "本周每日受理件数"),
    "handling_week_caption": (
        "Median handling time per service (hours)",
        "各事项办理时长中位数（小时）",
    ),
    "completed_today": ("Completed today", "今日办结"),
    "median_today": ("Median today (h)", "今日中位数（小时）"),
    "completed_week": ("Completed this week", "本周办结"),
    "median_week": ("Median this week (h)", "本周中位数（小时）"),
    "scorecard_week_caption": ("Department scorecard (this week)", "部门评分（本周）"),
    "availability_chart": ("Availability per department (this week)", "各部门可用率（本周）"),
    "weekday0": ("Mon", "周一"),
    "weekday1": ("Tue", "周二"),
    "weekday2": ("Wed", "周三"),
    "weekday3": ("Thu", "周四"),
    "weekday4": ("Fri", "周五"),
    "weekday5": ("Sat", "周六"),
    "weekday6": ("Sun", "周日"),
}
