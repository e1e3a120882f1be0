"""The supervisor's dashboard: the hall's key figures, charts and the department scorecard.

KPI tiles (cases accepted, the one-visit rate, form fields pre-filled from departments or
typed, papers the applicants did not have to bring, overdue cases), charts of the field
sources, the median handling time per service and the departments' availability and
latency, and the scorecard table the hall reports data-quality problems back to the
departments from. A day picker chooses the hall day (today by default, in the hall's time
zone) and the scorecard's window (that day, or the 7 or 30 days ending with it).

Every read goes through the task runner: the view says "loading" and the GUI thread never
waits. It refreshes on F5 and by itself every minute while it is visible. A user without
:attr:`~counterapp.users.Permission.VIEW_REPORTS` (a clerk) is told so in the view, and
nothing is read. The XLSX report and the dashboard PDF are written by
:mod:`counterapp.app.reports`, also off the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterapp.app.dashboard import (
    DepartmentScore,
    HallFigures,
    PeriodFigures,
    Share,
    department_scorecard,
    hall_figures,
)
from counterapp.app.ratings import Satisfaction, satisfaction
from counterapp.app.reports import export_dashboard_pdf, export_report, report_names
from counterapp.cases import HALL_TIMEZONE, hall_day
from counterapp.catalog import Catalog
from counterapp.errors import Language, error_text
from counterapp.forms import ServiceForm
from counterapp.protection import FieldCipher
from counterapp.ui.dashboard_charts import BarChartPanel, BarKind, Bars
from counterapp.ui.dashboard_model import NOTHING, DurationUnit, ScorecardModel, share_text
from counterapp.ui.dashboard_satisfaction import SatisfactionPanel
from counterapp.ui.dashboard_tiles import KpiTile, Tone
from counterapp.ui.main_window import with_shortcut
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Permission, PermissionDenied, has_permission

REFRESH_SHORTCUT = QKeySequence("F5")
REFRESH_INTERVAL_MS = 60_000
WINDOW_DAYS = (1, 7, 30)
DEFAULT_WINDOW_DAYS = 7

SOURCE_COLOURS = {"department": "#2e7d32", "corrected": "#f0a202", "typed": "#8795a1"}
HANDLING_COLOUR = "#00897b"
AVAILABILITY_COLOUR = "#1565c0"
MEDIAN_COLOUR = "#64b5f6"
P95_COLOUR = "#1a4f8b"

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ScorecardWindow:
    """The scorecard's window: whole hall days ``first_day`` to ``last_day``, up to now.

    Attributes:
        first_day / last_day: the hall days it covers.
        start: 00:00 of ``first_day`` in the hall (aware).
        end: the end of ``last_day``, or the moment read when that is earlier.
    """

    first_day: date
    last_day: date
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def scorecard_window(day: date, days: int, now: datetime) -> ScorecardWindow:
    """The ``days`` hall days ending with ``day``, cut at ``now`` (aware)."""
    first = day - timedelta(days=max(days, 1) - 1)
    start = datetime.combine(first, datetime.min.time(), HALL_TIMEZONE)
    day_end = datetime.combine(day + timedelta(days=1), datetime.min.time(), HALL_TIMEZONE)
    end = max(min(day_end, now), start)
    return ScorecardWindow(first, day, start, end)


@dataclass(frozen=True)
class DashboardData:
    """Everything one refresh read."""

    figures: HallFigures
    scores: tuple[DepartmentScore, ...]
    window: ScorecardWindow
    satisfaction: Satisfaction


def load_dashboard(
    engine: Engine,
    actor: Actor,
    *,
    day: date,
    days: int,
    now: datetime,
    cipher: FieldCipher | None = None,
    workstation: str = "",
) -> DashboardData:
    """The hall figures of ``day``, and the scorecard and ratings of its window (off the
    GUI thread). With a cipher the bad ratings carry the applicants' words (audited).

    Raises:
        PermissionDenied: the actor may not view reports; nothing is read.
    """
    window = scorecard_window(day, days, now)
    figures = hall_figures(engine, actor, day=day, now=now)
    scores = department_scorecard(engine, actor, start=window.start, end=window.end)
    rated = satisfaction(
        engine,
        cipher,
        actor,
        first_day=window.first_day,
        last_day=window.last_day,
        now=now,
        workstation=workstation,
    )
    return DashboardData(figures, scores, window, rated)


class DayEdit(QDateEdit):
    """A date field that Tab leaves (the arrow keys move between year, month and day)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _short(name: str) -> str:
    """A department's name without its bracketed remark, for chart labels."""
    return name.split("（")[0].split(" (")[0].strip() or name


class DashboardView(QWidget):
    """The hall dashboard, for a tab of the supervisor's window.

    Signals:
        loaded(DashboardData): a refresh finished and is shown.
        failed(BaseException): a refresh failed (shown in the view).
        exported(Path): a report was written.

    Args:
        engine: the hall's database.
        actor: who is signed in; needs ``VIEW_REPORTS`` (supervisor, admin).
        runner: the window's task runner.
        language: the interface language (names of departments and services, errors).
        hall_name: shown in the heading.
        catalog: names the departments (their ids are shown without it).
        forms: names the services (their ids are shown without them).
        workstation: this workstation's name, for the export's audit event.
        font_path: the Chinese font for the PDF (``receipts.font_path``; None: search).
        clock: the current moment (aware; tests fix it).
        refresh_interval_ms: how often the view refreshes itself while visible.
        parent: the Qt parent.
    """

    loaded = Signal(object)
    failed = Signal(object)
    exported = Signal(object)

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        hall_name: str = "",
        catalog: Catalog | None = None,
        forms: Mapping[str, ServiceForm] | None = None,
        workstation: str = "",
        font_path: str | None = None,
        cipher: FieldCipher | None = None,
        clock: Clock | None = None,
        refresh_interval_ms: int = REFRESH_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._actor = actor
        self._language = language
        self._hall_name = hall_name
        self._workstation = workstation
        self._font_path = font_path
        self._catalog = catalog
        self._cipher = cipher
        self._forms: Mapping[str, ServiceForm] = forms or {}
        self._clock = clock or _utc_now
        self._tasks = runner.scope(self)
        self._exports = runner.scope(self)
        self._data: DashboardData | None = None
        self._loaded_at: float | None = None
        self._permitted = has_permission(actor, Permission.VIEW_REPORTS)
        self._department_names = self._names_of_departments(catalog)
        self._service_names = self._names_of_services(forms)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_interval_ms)
        self._timer.timeout.connect(self._auto_refresh)
        self._build()
        if not self._permitted:
            self._show_denied(PermissionDenied(actor, Permission.VIEW_REPORTS))

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.setObjectName("dashboardView")
        heading = self.tr("Hall dashboard")
        self.heading = QLabel(f"{heading} — {self._hall_name}" if self._hall_name else heading)
        self.heading.setObjectName("dashboardHeading")
        font = QFont(self.font())
        font.setPointSizeF(max(self.font().pointSizeF(), 9.0) + 4)
        font.setBold(True)
        self.heading.setFont(font)

        self.day_edit = DayEdit(self)
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        today = self._today = hall_day(self._clock())
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.day_edit.setToolTip(self.tr("The hall day the figures are for"))
        day_label = QLabel(self.tr("&Day:"), self)
        day_label.setBuddy(self.day_edit)

        self.window_combo = QComboBox(self)
        for days in WINDOW_DAYS:
            self.window_combo.addItem(self._window_name(days), days)
        self.window_combo.setCurrentIndex(WINDOW_DAYS.index(DEFAULT_WINDOW_DAYS))
        self.window_combo.setToolTip(self.tr("The days the department scorecard covers"))
        window_label = QLabel(self.tr("Score&card:"), self)
        window_label.setBuddy(self.window_combo)

        self.refresh_action = self._action(self.tr("&Refresh"), REFRESH_SHORTCUT)
        self.refresh_action.setToolTip(
            with_shortcut(self.tr("Read the figures again"), self.refresh_action)
        )
        self.refresh_action.triggered.connect(self.refresh)
        self.export_xlsx_action = self._action(self.tr("Export &XLSX…"))
        self.export_xlsx_action.setToolTip(
            self.tr("Save the report of the scorecard's days as a spreadsheet")
        )
        self.export_xlsx_action.triggered.connect(self.choose_xlsx)
        self.export_pdf_action = self._action(self.tr("Export &PDF…"))
        self.export_pdf_action.setToolTip(self.tr("Save this day's dashboard as a PDF"))
        self.export_pdf_action.triggered.connect(self.choose_pdf)
        self.refresh_button = self._button(self.refresh_action)
        self.export_xlsx_button = self._button(self.export_xlsx_action)
        self.export_pdf_button = self._button(self.export_pdf_action)

        controls = QHBoxLayout()
        controls.setSpacing(8)
        controls.addWidget(day_label)
        controls.addWidget(self.day_edit)
        controls.addSpacing(12)
        controls.addWidget(window_label)
        controls.addWidget(self.window_combo)
        controls.addSpacing(12)
        controls.addWidget(self.refresh_button)
        controls.addStretch(1)
        controls.addWidget(self.export_xlsx_button)
        controls.addWidget(self.export_pdf_button)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("dashboardStatus")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.status_label)

        self.pages = QStackedWidget(self)
        self.content = self._build_content()
        self.denied = self._build_denied()
        self.pages.addWidget(self.content)
        self.pages.addWidget(self.denied)

        self.export_label = QLabel(self)
        self.export_label.setObjectName("dashboardExport")
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.export_label)

        self.setTabOrder(self.day_edit, self.window_combo)
        self.setTabOrder(self.window_combo, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.export_xlsx_button)
        self.setTabOrder(self.export_xlsx_button, self.export_pdf_button)
        self.setTabOrder(self.export_pdf_button, self.table)

        self.day_edit.dateChanged.connect(self._choice_changed)
        self.window_combo.currentIndexChanged.connect(self._choice_changed)
        self._set_status(self.tr("Not loaded yet"))

    def _build_content(self) -> QWidget:
        content = QWidget(self)
        self.tiles = {
            "accepted": KpiTile(self.tr("Cases accepted today"), content),
            "one_visit": KpiTile(self.tr("One-visit rate today"), content),
            "prefilled": KpiTile(self.tr("Fields pre-filled today"), content),
            "typed": KpiTile(self.tr("Fields typed or corrected today"), content),
            "exempted": KpiTile(self.tr("Papers not collected today"), content),
            "overdue": KpiTile(self.tr("Overdue cases"), content),
        }
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for tile in self.tiles.values():
            tiles.addWidget(tile)

        self.fields_chart = BarChartPanel(self.tr("Form fields by source"), content)
        self.handling_chart = BarChartPanel(self.tr("Median handling time (this week)"), content)
        self.availability_chart = BarChartPanel(self.tr("Department availability"), content)
        self.latency_chart = BarChartPanel(self.tr("Department latency"), content)
        charts = QHBoxLayout()
        charts.setSpacing(8)
        charts.addWidget(self.fields_chart, 3)
        charts.addWidget(self.handling_chart, 4)
        charts.addWidget(self.availability_chart, 4)
        charts.addWidget(self.latency_chart, 4)

        self.scorecard_model = ScorecardModel(
            self, names=self._department_names, language=self._language
        )
        self.table = QTableView(content)
        self.table.setObjectName("scorecardTable")
        self.table.setModel(self.scorecard_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(70)
        self.scorecard_box = QGroupBox(self.tr("Department scorecard"), content)
        box = QVBoxLayout(self.scorecard_box)
        box.setContentsMargins(8, 8, 8, 8)
        box.addWidget(self.table)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(tiles)
        layout.addLayout(charts, 1)
        self.satisfaction_panel = SatisfactionPanel(
            language=self._language, service_names=self._service_names, parent=content
        )
        self.lower_tabs = QTabWidget(content)
        self.lower_tabs.addTab(self.scorecard_box, self.tr("Departments"))
        self.lower_tabs.addTab(self.satisfaction_panel, self.tr("Applicant satisfaction"))
        layout.addWidget(self.lower_tabs, 1)
        return content

    def _build_denied(self) -> QWidget:
        page = QWidget(self)
        self.denied_title = QLabel(self.tr("Not permitted"), page)
        font = QFont(self.font())
        font.setPointSizeF(max(self.font().pointSizeF(), 9.0) + 4)
        font.setBold(True)
        self.denied_title.setFont(font)
        self.denied_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label = QLabel(page)
        self.message_label.setObjectName("dashboardMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("The hall's figures are for supervisors and administrators."), page)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: #616e7c;")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.denied_title)
        layout.addWidget(self.message_label)
        layout.addWidget(hint)
        layout.addStretch(2)
        return page

    def _action(self, text: str, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(action.toolTip())
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button

    def _window_name(self, days: int) -> str:
        if days == 1:
            return self.tr("That day")
        return self.tr("Last {days} days").format(days=days)

    def _names_of_departments(self, catalog: Catalog | None) -> dict[str, str]:
        if catalog is None:
            return {}
        chinese = self._language.chinese
        return {d.id: d.name_zh if chinese else d.name_en for d in catalog.departments}

    def _names_of_services(self, forms: Mapping[str, ServiceForm] | None) -> dict[str, str]:
        chinese = self._language.chinese
        return {
            service: (form.title_zh if chinese else form.title_en) or service
            for service, form in (forms or {}).items()
        }

    # -- public --------------------------------------------------------------------------

    @property
    def day(self) -> date:
        """The hall day chosen."""
        chosen = self.day_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_day(self, day: date) -> None:
        """Choose the hall day (and refresh)."""
        self.day_edit.setDate(QDate(day.year, day.month, day.day))

    @property
    def window_days(self) -> int:
        """How many days the scorecard covers (1, 7 or 30)."""
        return int(self.window_combo.currentData())

    def set_window_days(self, days: int) -> None:
        """Choose the scorecard's window (and refresh)."""
        self.window_combo.setCurrentIndex(WINDOW_DAYS.index(days))

    @property
    def data(self) -> DashboardData | None:
        """What the last successful refresh read (None before one)."""
        return self._data

    @property
    def loading(self) -> bool:
        """True while a refresh is out."""
        return self._tasks.running

    @property
    def permitted(self) -> bool:
        """False for a user who may not see the figures (the view says so)."""
        return self._permitted

    @property
    def status_text(self) -> str:
        return self.status_label.text()

    @property
    def message_text(self) -> str:
        """The refusal shown instead of the figures ("" while the figures are shown)."""
        return self.message_label.text() if self.pages.currentWidget() is self.denied else ""

    @property
    def export_text(self) -> str:
        return self.export_label.text()

    def refresh(self) -> None:
        """Read the figures again (off the GUI thread); a refresh still out is dropped."""
        if not self._permitted or self._tasks.closed:
            return  # (closed: the workspace is closing, the timer's last tick is dropped)
        self._tasks.cancel()
        self._set_status(self.tr("Refreshing…") if self._data else self.tr("Loading…"))
        if self._data is None:
            for tile in self.tiles.values():
                tile.show_pending()
        self._tasks.submit(
            load_dashboard,
            self._engine,
            self._actor,
            day=self.day,
            days=self.window_days,
            now=self._clock(),
            cipher=self._cipher,
            workstation=self._workstation,
            on_result=self._on_loaded,
            on_error=self._on_failed,
        )

    # -- exports -------------------------------------------------------------------------

    def choose_xlsx(self) -> None:
        """Ask where to save the XLSX report, then write it (:meth:`export_xlsx`)."""
        window = self._window()
        name = f"hall-report-{window.first_day.isoformat()}-{window.last_day.isoformat()}.xlsx"
        self._save_dialog(
            self.tr("Export the report"), name, self.tr("Excel workbook (*.xlsx)"), "xlsx"
        ).fileSelected.connect(lambda path: self.export_xlsx(Path(path)))

    def choose_pdf(self) -> None:
        """Ask where to save the dashboard PDF, then write it (:meth:`export_pdf`)."""
        name = f"hall-dashboard-{self.day.isoformat()}.pdf"
        self._save_dialog(
            self.tr("Export the dashboard"), name, self.tr("PDF document (*.pdf)"), "pdf"
        ).fileSelected.connect(lambda path: self.export_pdf(Path(path)))

    def _save_dialog(self, title: str, name: str, name_filter: str, suffix: str) -> QFileDialog:
        dialog = QFileDialog(self, title)
        dialog.setObjectName("dashboardExportDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(name_filter)
        dialog.setDefaultSuffix(suffix)
        dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def export_xlsx(self, path: Path) -> None:
        """Write the report of the scorecard's days to ``path`` (off the GUI thread)."""
        window = self._window()
        names = (
            report_names(self._catalog, self._forms, self._language)
            if self._catalog is not None
            else None
        )
        self._export(
            path,
            export_report,
            self._engine,
            self._actor,
            first_day=window.first_day,
            last_day=window.last_day,
            destination=path,
            now=self._clock(),
            workstation=self._workstation,
            language=self._language,
            names=names,
        )

    def export_pdf(self, path: Path) -> None:
        """Write the dashboard of the chosen day to ``path`` as a PDF (off the GUI thread)."""
        names = (
            report_names(self._catalog, self._forms, self._language)
            if self._catalog is not None
            else None
        )
        self._export(
            path,
            export_dashboard_pdf,
            self._engine,
            self._actor,
            day=self.day,
            destination=path,
            language=self._language,
            now=self._clock(),
            workstation=self._workstation,
            hall_name=self._hall_name,
            names=names,
            font_path=self._font_path,
        )

    def _export(self, path: Path, fn: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        self._set_export(self.tr("Exporting {name}…").format(name=path.name))
        self._exports.submit(
            fn,
            *args,
            on_result=lambda _result: self._on_exported(path),
            on_error=lambda error: self._set_export(
                self.tr("The export failed: {reason}").format(
                    reason=error_text(error, self._language)
                ),
                error=True,
            ),
            **kwargs,
        )

    def _on_exported(self, path: Path) -> None:
        self._set_export(self.tr("Saved {path}").format(path=path))
        self.exported.emit(path)

    # -- background results --------------------------------------------------------------

    def _on_loaded(self, data: DashboardData) -> None:
        self._data = data
        self._loaded_at = time.monotonic()
        self._show_figures(data.figures)
        self._show_scores(data.scores, data.window)
        self.satisfaction_panel.show_satisfaction(data.satisfaction)
        as_of = data.figures.as_of.astimezone(HALL_TIMEZONE)
        self._set_status(
            self.tr("Figures as of {moment}").format(moment=as_of.strftime("%Y-%m-%d %H:%M"))
        )
        self.loaded.emit(data)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, PermissionDenied):
            self._permitted = False
            self._show_denied(error)
        else:
            if self._data is None:
                for tile in self.tiles.values():
                    tile.show_figure(NOTHING, "", Tone.MUTED)
            self._set_status(
                self.tr("The figures could not be read: {reason}").format(
                    reason=error_text(error, self._language)
                ),
                error=True,
            )
        self.failed.emit(error)

    # -- showing -------------------------------------------------------------------------

    def _rate(self) -> str:
        return self.tr("{percent} % ({part}/{whole})")

    def _show_figures(self, figures: HallFigures) -> None:
        today, week, rate = figures.today, figures.week, self._rate()
        this_week = self.tr("This week: {value}")
        self.tiles["accepted"].show_figure(
            f"{today.accepted:,}", this_week.format(value=f"{week.accepted:,}")
        )
        self.tiles["one_visit"].show_figure(
            share_text(today.one_visit, rate),
            this_week.format(value=share_text(week.one_visit, rate)),
        )
        self.tiles["prefilled"].show_figure(
            share_text(today.fields.prefilled, rate),
            this_week.format(value=share_text(week.fields.prefilled, rate)),
        )
        self.tiles["typed"].show_figure(
            share_text(_typed(today), rate),
            self.tr("Corrected {corrected}; this week {value}").format(
                corrected=f"{today.fields.corrected:,}", value=share_text(_typed(week), rate)
            ),
        )
        self.tiles["exempted"].show_figure(
            f"{today.papers_exempted:,}", this_week.format(value=f"{week.papers_exempted:,}")
        )
        self.tiles["overdue"].show_figure(
            f"{figures.overdue:,}",
            self.tr("Open past the promised date"),
            Tone.ALERT if figures.overdue else Tone.GOOD,
        )
        self._show_field_sources(today, week)
        self._show_handling(week)

    def _show_field_sources(self, today: PeriodFigures, week: PeriodFigures) -> None:
        if today.fields.total == 0 and week.fields.total == 0:
            self.fields_chart.show_note(self.tr("No form fields this week"))
            return
        periods = (today.fields, week.fields)
        self.fields_chart.show_bars(
            [self.tr("Today"), self.tr("This week")],
            [
                Bars(
                    self.tr("Pre-filled"),
                    SOURCE_COLOURS["department"],
                    tuple(float(p.department) for p in periods),
                ),
                Bars(
                    self.tr("Corrected"),
                    SOURCE_COLOURS["corrected"],
                    tuple(float(p.corrected) for p in periods),
                ),
                Bars(
                    self.tr("Typed"),
                    SOURCE_COLOURS["typed"],
                    tuple(float(p.typed) for p in periods),
                ),
            ],
            kind=BarKind.SHARES,
            axis_title=self.tr("share of the fields (%)"),
        )

    def _show_handling(self, week: PeriodFigures) -> None:
        if not week.handling:
            self.handling_chart.show_note(self.tr("No case was completed this week"))
            return
        unit = DurationUnit.for_longest(max(h.median for h in week.handling))
        self.handling_chart.show_bars(
            [self._service_names.get(h.service_id, h.service_id) for h in week.handling],
            [
                Bars(
                    self.tr("Median"),
                    HANDLING_COLOUR,
                    tuple(unit.amount(h.median) for h in week.handling),
                )
            ],
            axis_title=self.tr("hours") if unit is DurationUnit.HOURS else self.tr("days"),
            label_format=self.tr("@value h") if unit is DurationUnit.HOURS else self.tr("@value d"),
        )

    def _show_scores(self, scores: tuple[DepartmentScore, ...], window: ScorecardWindow) -> None:
        self.scorecard_model.set_scores(scores)
        if window.days == 1:
            period = window.last_day.isoformat()
        else:
            period = self.tr("{first} to {last}").format(
                first=window.first_day.isoformat(), last=window.last_day.isoformat()
            )
        self.scorecard_box.setTitle(self.tr("Department scorecard, {period}").format(period=period))
        span = period if window.days == 1 else self.tr("last {days} days").format(days=window.days)
        self.availability_chart.set_title(
            self.tr("Department availability ({period})").format(period=span)
        )
        self.latency_chart.set_title(self.tr("Department latency ({period})").format(period=span))
        if not scores:
            empty = self.tr("No department was asked in this window")
            self.availability_chart.show_note(empty)
            self.latency_chart.show_note(empty)
            return
        names = [_short(self.scorecard_model.name(s.department)) for s in scores]
        self.availability_chart.show_bars(
            names,
            [
                Bars(
                    self.tr("Availability"),
                    AVAILABILITY_COLOUR,
                    tuple(_percent_value(s.availability) for s in scores),
                )
            ],
            axis_title="%",
            label_format=self.tr("@value %"),
            maximum=100,
            labels_inside=True,
        )
        self.latency_chart.show_bars(
            names,
            [
                Bars(
                    self.tr("Median"),
                    MEDIAN_COLOUR,
                    tuple(s.median_latency_ms or 0.0 for s in scores),
                ),
                Bars(
                    self.tr("P95"),
                    P95_COLOUR,
                    tuple(float(s.p95_latency_ms or 0) for s in scores),
                ),
            ],
            axis_title=self.tr("milliseconds"),
            labels=len(scores) <= 3,
        )

    def _show_denied(self, error: PermissionDenied) -> None:
        self._tasks.cancel()
        self._timer.stop()
        self.message_label.setText(error_text(error, self._language))
        self.pages.setCurrentWidget(self.denied)
        for widget in (self.day_edit, self.window_combo):
            widget.setEnabled(False)
        for action in (self.refresh_action, self.export_xlsx_action, self.export_pdf_action):
            action.setEnabled(False)
        self._set_status("")

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b3261e;" if error else "color: #616e7c;")

    def _set_export(self, text: str, *, error: bool = False) -> None:
        self.export_label.setText(text)
        self.export_label.setStyleSheet("color: #b3261e;" if error else "color: #1b6e3a;")

    def _window(self) -> ScorecardWindow:
        return scorecard_window(self.day, self.window_days, self._clock())

    # -- refreshing by itself ------------------------------------------------------------

    def _choice_changed(self, *_: object) -> None:
        if self._permitted and (self.isVisible() or self._loaded_at is not None):
            self.refresh()

    def _follow_the_calendar(self) -> bool:
        """After midnight in the hall: allow the new day, and move to it from the old
        "today". True when the day was moved (which refreshes)."""
        today = hall_day(self._clock())
        if today <= self._today:
            return False
        on_today = self.day == self._today
        self._today = today
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        if on_today:
            self.set_day(today)
        return on_today

    def _auto_refresh(self) -> None:
        if not self._permitted or not self.isVisible() or self._tasks.running:
            return
        if not self._follow_the_calendar():
            self.refresh()

    def _stale(self) -> bool:
        if self._loaded_at is None:
            return True
        return (time.monotonic() - self._loaded_at) * 1000 >= self._timer.interval()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (the tab chosen): refresh when the figures are old, then every minute."""
        super().showEvent(event)
        if not self._permitted:
            return
        self._timer.start()
        if self._stale() and not self._tasks.running:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden: no refreshing until shown again."""
        self._timer.stop()
        super().hideEvent(event)


def _typed(period: PeriodFigures) -> Share:
    """Fields whose value used was typed, first or over a department's: typed + corrected."""
    fields = period.fields
    return Share(fields.typed + fields.corrected, fields.total)


def _percent_value(share: Share) -> float:
    return 0.0 if share.rate is None else round(100 * share.rate, 1)


__all__ = [
    "DashboardData",
    "DashboardView",
    "ScorecardWindow",
    "load_dashboard",
    "scorecard_window",
]
