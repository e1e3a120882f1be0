"""The exported reports on the fixed data set of ``reports/report_hall.py``, on both backends.

The workbook is read back with openpyxl: every figure equals the hand count, counts are
numbers, rates numbers with a percent format, days and moments dates; the queue lists
exactly the period's cases. The dashboard PDF is read back with pypdf. A clerk is refused,
the refusal is audited, and nothing is written.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader
from sqlalchemy import Engine, select

from counterapp.app.reports import (
    SHEETS,
    ReportInputError,
    export_dashboard_pdf,
    export_report,
    report_names,
)
from counterapp.catalog import load_catalog
from counterapp.errors import Language
from counterapp.forms import load_forms
from counterapp.store.audit_tables import audit_events
from counterapp.users import PermissionDenied
from helpers.case_factory import (
    ADMIN,
    CLERK,
    SERVICE,
    SUPERVISOR,
    calendar_ending,
    person_name,
    resident_id,
)
from reports.report_hall import (
    AS_OF,
    EXPECTED_DEPARTMENTS,
    EXPECTED_FIGURES,
    EXPECTED_HANDLING,
    EXPECTED_QUEUE,
    EXPECTED_SHARES,
    FIRST_DAY,
    LAST_DAY,
    Hall,
    build_hall,
    cjk_font,
    hall,
)

CATALOG = load_catalog()
FORMS = load_forms(CATALOG)
ZH = report_names(CATALOG, FORMS, Language.ZH_CN)
EN = report_names(CATALOG, FORMS, Language.EN)


def audit_rows(engine: Engine) -> list[tuple[str, str, bool, str]]:
    query = select(
        audit_events.c.kind, audit_events.c.actor, audit_events.c.success, audit_events.c.detail
    ).order_by(audit_events.c.seq)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]


def rows_of(sheet: Worksheet) -> list[list[object]]:
    """The sheet's values, row by row, without the empty cells at the end of a row."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    return rows


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the reports (the SQLite database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_the_workbook_holds_the_hand_counted_figures(engine: Engine, out: Path) -> None:
    build_hall(engine)
    target = out / "report.xlsx"
    summary = export_report(
        engine,
        SUPERVISOR,
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        destination=target,
        now=AS_OF,
        workstation="ws-07",
        names=ZH,
    )
    assert (summary.path, summary.cases, summary.departments) == (target, 6, 2)
    assert sorted(p.name for p in out.iterdir()) == ["report.xlsx"]  # no partial file
    book = load_workbook(target)
    assert book.sheetnames == list(SHEETS) == ["Figures", "Departments", "Queue"]

    figures = book["Figures"]
    assert figures.freeze_panes == "A2"
    assert rows_of(figures)[0] == ["指标", "数值", "占比"]
    by_label = {row[0].value: row for row in figures.iter_rows(min_row=2, max_row=13)}
    period_from = by_label["统计开始日"][1]
    assert period_from.is_date and period_from.value == datetime(2026, 3, 16)
    assert period_from.number_format == "yyyy-mm-dd"
    assert by_label["统计结束日"][1].value == datetime(2026, 3, 18)
    assert by_label["数据截至（大厅时间）"][1].value == datetime(2026, 3, 18, 18, 0)
    labels = {
        "accepted": "受理件数",
        "completed": "办结件数",
        "one_visit": "一次办结件数",
        "fields": "表单字段数",
        "prefilled": "部门数据预填",
        "corrected": "预填后经窗口更正",
        "typed": "窗口手工录入",
        "papers_exempted": "免提交材料数",
        "overdue_now": "当前超期件数",
    }
    for key, label in labels.items():
        value = by_label[label][1]
        assert value.value == EXPECTED_FIGURES[key], key
        assert value.data_type == "n" and isinstance(value.value, int), key
    for key, share in EXPECTED_SHARES.items():
        cell = by_label[labels[key]][2]
        assert cell.value == pytest.approx(share), key
        assert cell.number_format == "0.0%", key
    assert by_label["受理件数"][2].value is None  # a count has no share
    # The handling table, under a blank row.
    handling = rows_of(figures)[13:]
    assert handling[0] == []
    assert handling[1] == ["事项", "事项编码", "办结件数", "办理时长中位数（小时）"]
    assert handling[2:] == [
        ["户口迁移", service, completed, hours]
        if service == SERVICE
        else ["出生登记", service, completed, hours]
        for service, completed, hours in EXPECTED_HANDLING
    ]
    assert figures.cell(row=16, column=4).number_format == "0.0"

    departments = book["Departments"]
    assert departments.freeze_panes == "A2"
    header = rows_of(departments)[0]
    assert header[:3] == ["部门", "部门编码", "请求数"]
    assert "可用率" in header and "冲突率" in header
    got = rows_of(departments)[1:]
    assert [row[0] for row in got] == ["民政（婚姻登记）", "公安机关（户籍）"]
    assert [tuple(row[1:]) for row in got] == [
        pytest.approx(expected) for expected in EXPECTED_DEPARTMENTS
    ]
    for column in ("可用率", "查无记录率", "拒收率", "冲突率"):
        index = header.index(column) + 1
        assert departments.cell(row=2, column=index).number_format == "0.0%", column

    queue = book["Queue"]
    assert queue.freeze_panes == "A2"
    assert queue.auto_filter.ref == "A1:J7"
    assert rows_of(queue)[0] == [
        "办件编号",
        "事项",
        "事项编码",
        "状态",
        "受理时间（大厅时间）",
        "承诺办结日",
        "办结日说明",
        "受理人",
        "窗口",
        "是否超期",
    ]
    built_numbers = _numbers(engine)
    listed = rows_of(queue)[1:]
    assert [row[0] for row in listed] == [built_numbers[e[0]] for e in EXPECTED_QUEUE]
    for row, (_, service, state, accepted_at, due, overdue) in zip(
        listed, EXPECTED_QUEUE, strict=True
    ):
        assert row[1:4] == [ZH.service(service), service, state.label_zh]
        assert row[4] == accepted_at and row[5] == datetime.combine(due, datetime.min.time())
        assert row[6:] == [None, "clerk1", "07", "是" if overdue else "否"]  # no note
    assert queue.cell(row=2, column=5).number_format == "yyyy-mm-dd hh:mm"
    assert queue.cell(row=2, column=6).is_date
    # Nothing personal: no applicant's name or ID number anywhere in the workbook.
    text = " ".join(str(v) for s in book for r in rows_of(s) for v in r if v is not None)
    for n in range(1, 12):
        assert resident_id(n) not in text and person_name(n) not in text
    # Widths follow the content: the Chinese headers are not squeezed.
    assert queue.column_dimensions["E"].width >= 20
    # Audited: who, the period and the file's name (never a path or a value).
    kind, actor, success, detail = audit_rows(engine)[-1]
    assert (kind, actor, success) == ("export", "super1", True)
    assert detail == "report export 2026-03-16..2026-03-18 (6 cases, 2 departments) to report.xlsx"


def _numbers(engine: Engine) -> dict[str, str]:
    """Case numbers by letter, in the order build_hall submits them."""
    from counterapp.store.case_tables import cases

    letters = ["O", "P", "S", "A", "B", "F", "C", "D", "E", "G", "H"]
    with engine.connect() as connection:
        numbers = connection.execute(select(cases.c.number).order_by(cases.c.id)).scalars()
        return dict(zip(letters, numbers, strict=True))


def test_english_headers_and_a_provisional_due_date(
    engine: Engine, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar_ending(monkeypatch, 2026)
    h = Hall(engine)
    h.accept(hall(28, 10, month=12), prefilled=False)  # 5 working days run into 2027
    target = out / "december.xlsx"
    summary = export_report(
        engine,
        ADMIN,
        first_day=date(2026, 12, 1),
        last_day=date(2026, 12, 31),
        destination=target,
        now=hall(31, 12, month=12),
        language=Language.EN,
        names=EN,
    )
    assert (summary.cases, summary.departments) == (1, 0)
    book = load_workbook(target)
    assert rows_of(book["Figures"])[0] == ["Figure", "Value", "Share"]
    header, row = rows_of(book["Queue"])
    assert header[5:7] == ["Due date", "Due date note"]
    assert row[1:4] == ["Household registration transfer", SERVICE, "accepted"]
    assert row[5] == datetime(2027, 1, 4)
    assert row[6] == "provisional (holidays not yet published)"
    assert row[9] == "no"
    assert len(rows_of(book["Departments"])) == 1  # the header only
    # An empty period's shares are empty cells, not 0 %.
    figures = {r[0]: r for r in rows_of(book["Figures"])[1:13]}
    assert figures["Completed in one visit"] == ["Completed in one visit", 0]  # share empty


def test_a_clerk_is_refused_audited_and_nothing_is_written(engine: Engine, out: Path) -> None:
    build_hall(engine)
    before = len(audit_rows(engine))
    with pytest.raises(PermissionDenied) as refused:
        export_report(
            engine,
            CLERK,
            first_day=FIRST_DAY,
            last_day=LAST_DAY,
            destination=out / "report.xlsx",
            now=AS_OF,
        )
    assert refused.value.permission == "view_reports"
    with pytest.raises(PermissionDenied):
        export_dashboard_pdf(engine, CLERK, day=LAST_DAY, destination=out / "dash.pdf", now=AS_OF)
    assert list(out.iterdir()) == []
    rows = audit_rows(engine)[before:]
    assert [(kind, actor, success) for kind, actor, success, _ in rows] == [
        ("export", "clerk1", False),
        ("export", "clerk1", False),
    ]
    assert all("lacks permission view_reports" in detail for *_, detail in rows)


@pytest.mark.parametrize(
    ("first", "last", "name", "reason"),
    [
        (LAST_DAY, FIRST_DAY, "report.xlsx", "before it starts"),
        (FIRST_DAY, LAST_DAY, "report.csv", "must end in .xlsx"),
        (FIRST_DAY, LAST_DAY, "missing/report.xlsx", "does not exist"),
    ],
)
def test_bad_input_writes_nothing(
    engine: Engine, out: Path, first: date, last: date, name: str, reason: str
) -> None:
    with pytest.raises(ReportInputError, match=re.escape(reason)) as caught:
        export_report(
            engine,
            SUPERVISOR,
            first_day=first,
            last_day=last,
            destination=out / name,
            now=AS_OF,
        )
    assert caught.value.reason_zh  # bilingual
    assert list(out.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_partial(engine: Engine, out: Path) -> None:
    target = out / "report.xlsx"
    target.write_bytes(b"yesterday's report")
    # A folder where the partial file goes: the write fails before anything is renamed.
    (out / "report.xlsx.partial").mkdir()
    with pytest.raises(OSError):
        export_report(
            engine,
            SUPERVISOR,
            first_day=FIRST_DAY,
            last_day=LAST_DAY,
            destination=target,
            now=AS_OF,
        )
    assert target.read_bytes() == b"yesterday's report"
    assert [kind for kind, *_ in audit_rows(engine)] == []  # nothing exported: no event


def test_the_dashboard_pdf_shows_the_figures_in_chinese(engine: Engine, out: Path) -> None:
    cjk_font()
    build_hall(engine)
    target = out / "dashboard.pdf"
    written = export_dashboard_pdf(
        engine,
        SUPERVISOR,
        day=LAST_DAY,
        destination=target,
        language=Language.ZH_CN,
        now=AS_OF,
        hall_name="西湖区政务服务中心",
        names=ZH,
    )
    assert written == target
    assert sorted(p.name for p in out.iterdir()) == ["dashboard.pdf"]
    reader = PdfReader(target)
    assert len(reader.pages) == 1  # two departments: everything fits on one A4 page
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in (
        "西湖区政务服务中心 · 大厅统计",
        "今日与本周",
        "本周每日受理件数",
        "各事项办理时长中位数（小时）",
        "部门评分（本周）",
        "各部门可用率（本周）",
        "公安机关（户籍）",
        "户口迁移",
        "出生登记",
    ):
        assert heading in text, heading
    # The week is the period of the workbook: 6 accepted, one visit 75.0 %, pre-filled
    # 33.3 %; today (Wednesday): D, E accepted; B, C completed (1 of 2 in one visit).
    compact = text.replace(" ", "").replace("\n", "")  # pypdf puts every cell on a line
    assert "受理件数26" in compact  # today 2, this week 6
    assert "一次办结率50.0%75.0%" in compact
    assert "预填率" in compact and "33.3%" in compact
    assert "当前超期件数2—" in compact  # O and F; a live count, not per week
    # Handling per service: hukou 1 today (B, 48 h), 3 this week (median 48 h).
    assert "户口迁移148.0348.0" in compact
    assert "出生登记119.0119.0" in compact
    # The scorecard of the week so far: hukou 5 requests, 80.0 % available, 150 / 300 ms.
    assert "公安机关（户籍）580.0%150.0300" in compact
    # The chart of the week: Mon 16 … Sun 22, the days after Wednesday have no bar.
    assert "周一3/16" in compact and "周日3/22" in compact
    kind, actor, success, detail = audit_rows(engine)[-1]
    assert (kind, actor, success) == ("export", "super1", True)
    assert detail == "dashboard pdf of 2026-03-18 to dashboard.pdf"


def test_the_dashboard_pdf_in_english_and_for_an_empty_day(engine: Engine, out: Path) -> None:
    cjk_font()
    target = out / "empty.pdf"
    export_dashboard_pdf(
        engine, ADMIN, day=LAST_DAY, destination=target, language=Language.EN, now=AS_OF
    )
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Hall dashboard" in text and "Today and this week" in text
    assert "One-visit rate" in text and "—" in text  # nothing to rate
    with pytest.raises(ReportInputError, match=r"must end in \.pdf"):
        export_dashboard_pdf(engine, ADMIN, day=LAST_DAY, destination=out / "x.xlsx", now=AS_OF)
