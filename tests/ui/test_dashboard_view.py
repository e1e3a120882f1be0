"""The supervisor's dashboard view on a fixed data set, on SQLite and on PostgreSQL.

Every expected figure is the hand count of tests/ui/dashboard_data.py (its docstrings give
the arithmetic), read back from what the user sees: the tiles' texts, the table's cells and
the values in the charts' QtCharts series. The view reads through a real task runner: it
says "Loading…" first, and the figures arrive while the event loop keeps running.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QHorizontalPercentBarSeries
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

from counterapp.app.dashboard import Share
from counterapp.app.ratings import record_rating
from counterapp.catalog import Catalog, load_catalog
from counterapp.errors import Language
from counterapp.forms import ServiceForm, load_forms
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.ui.dashboard_model import Column, ScorecardModel, percent, share_text
from counterapp.ui.dashboard_tiles import Tone
from counterapp.ui.dashboard_view import DashboardView, scorecard_window
from counterapp.ui.workers import TaskRunner
from helpers.case_factory import CLERK, SUPERVISOR
from helpers.languages import interface_language
from helpers.screenshots import save_screenshot
from store.conftest import database_url, engine  # noqa: F401
from ui.dashboard_data import (
    AS_OF,
    BIRTH,
    DAY,
    Hall,
    build_fixed_hall,
    build_realistic_hall,
    hall,
    record_fixed_answers,
)

HUKOU = "Public Security (household registration)"
CIVIL = "Civil Affairs (marriage registration)"
TAX = "Taxation"
LOAD_TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def forms(catalog: Catalog) -> dict[str, ServiceForm]:
    return load_forms(catalog)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """A real runner on Qt's pool; waits for its workers before the database goes."""
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(wait_ms=20_000)


@pytest.fixture
def make_view(
    qtbot: QtBot, runner: TaskRunner, catalog: Catalog, forms: dict[str, ServiceForm]
) -> Any:
    def make(db: Engine, actor: Any = SUPERVISOR, **options: Any) -> DashboardView:
        options.setdefault("language", Language.EN)
        options.setdefault("clock", lambda: AS_OF)
        options.setdefault("hall_name", "Xihu District Citizen Service Centre")
        view = DashboardView(
            db,
            actor,
            runner,
            catalog=catalog,
            forms=forms,
            **options,
        )
        qtbot.addWidget(view)
        view.resize(1280, 800)
        return view

    return make


def shown_and_loaded(qtbot: QtBot, view: DashboardView) -> None:
    """Show the view: it says it is loading at once, and the figures follow."""
    view.show()
    assert view.loading
    assert view.status_text == "Loading…"
    assert {tile.value for tile in view.tiles.values()} == {"…"}
    wait_loaded(qtbot, view)


def wait_loaded(qtbot: QtBot, view: DashboardView) -> None:
    qtbot.waitUntil(lambda: view.data is not None and not view.loading, timeout=LOAD_TIMEOUT_MS)


def reload(qtbot: QtBot, view: DashboardView, change: Any) -> None:
    """Change something that refreshes the view and wait for the new figures."""
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        change()
    wait_loaded(qtbot, view)


def tiles(view: DashboardView) -> dict[str, tuple[str, str]]:
    return {name: (tile.value, tile.detail) for name, tile in view.tiles.items()}


def table_rows(model: ScorecardModel) -> list[list[str]]:
    return [
        [str(model.data(model.index(row, column))) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def problems(model: ScorecardModel) -> dict[str, set[Column]]:
    return {
        str(model.data(model.index(row, 0), ScorecardModel.DepartmentRole)): {
            Column(c)
            for c in range(model.columnCount())
            if model.data(model.index(row, c), ScorecardModel.ProblemRole)
        }
        for row in range(model.rowCount())
    }


def test_the_tiles_show_the_hand_counted_figures(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    build_fixed_hall(engine)
    record_fixed_answers(engine)
    view = make_view(engine)
    shown_and_loaded(qtbot, view)
    assert view.day == DAY
    assert view.status_text == "Figures as of 2026-03-18 18:00"
    assert tiles(view) == {
        "accepted": ("2", "This week: 5"),  # D, E; A, B, C, D, E
        "one_visit": ("50 % (1/2)", "This week: 75 % (3/4)"),  # B was returned
        "prefilled": ("33 % (4/12)", "This week: 40 % (12/30)"),
        "typed": ("67 % (8/12)", "Corrected 1; this week 60 % (18/30)"),  # 7 + 1; 15 + 3
        "exempted": ("1", "This week: 3"),
        "overdue": ("2", "Open past the promised date"),  # O1, O2
    }
    assert view.tiles["overdue"].tone is Tone.ALERT
    assert view.heading.text() == "Hall dashboard — Xihu District Citizen Service Centre"


def test_the_charts_hold_the_figures(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    build_fixed_hall(engine)
    record_fixed_answers(engine)
    view = make_view(engine)
    shown_and_loaded(qtbot, view)

    # Field sources: each period's fields as shares of 100 %, the counts as the values.
    (fields,) = view.fields_chart.chart.series()
    assert isinstance(fields, QHorizontalPercentBarSeries)
    assert {s.label(): [s.at(0), s.at(1)] for s in fields.barSets()} == {
        # QtCharts draws the first category at the bottom: "This week", then "Today".
        "Pre-filled": [12.0, 4.0],
        "Corrected": [3.0, 1.0],
        "Typed": [15.0, 7.0],
    }
    axis = next(a for a in fields.attachedAxes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == ["This week", "Today"]
    assert view.fields_chart.values()["Typed"] == {"Today": 7.0, "This week": 15.0}

    # Median handling time per service this week, in hours (the longest is under 3 days).
    (handling,) = view.handling_chart.chart.series()
    assert isinstance(handling, QHorizontalBarSeries)
    assert view.handling_chart.values() == {
        "Median": {"Household registration transfer": 48.0, "Newborn household registration": 19.0}
    }
    assert [a.titleText() for a in handling.attachedAxes()] == ["", "hours"]

    # Departments (short names), in id order top to bottom: civil, hukou, tax.
    assert view.availability_chart.values() == {
        "Availability": {"Civil Affairs": 50.0, "Public Security": 83.3, "Taxation": 100.0}
    }
    assert view.latency_chart.values() == {
        "Median": {"Civil Affairs": 150.0, "Public Security": 100.0, "Taxation": 105.0},
        "P95": {"Civil Affairs": 180.0, "Public Security": 300.0, "Taxation": 190.0},
    }
    assert view.availability_chart.title == "Department availability (last 7 days)"
    assert view.latency_chart.title == "Department latency (last 7 days)"


def test_the_scorecard_table_shows_every_figure_and_marks_data_problems(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    build_fixed_hall(engine)
    record_fixed_answers(engine)
    view = make_view(engine)
    shown_and_loaded(qtbot, view)
    model = view.scorecard_model
    assert [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in Column] == [
        "Department",
        "Requests",
        "Availability",
        "Median (ms)",
        "P95 (ms)",
        "Not found",
        "Values refused",
        "Conflicts",
        "Refused rate",
        "Conflict rate",
    ]
    assert table_rows(model) == [
        [CIVIL, "4", "50.0 %", "150", "180", "0.0 %", "0", "1", "0.0 %", "25.0 %"],
        [HUKOU, "6", "83.3 %", "100", "300", "33.3 %", "1", "2", "10.0 %", "22.2 %"],
        [TAX, "20", "100.0 %", "105", "190", "0.0 %", "0", "0", "0.0 %", "0.0 %"],
    ]
    # A rate's counts are in its tooltip.
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(1, Column.AVAILABILITY), tip) == "5 of 6"
    assert model.data(model.index(1, Column.CONFLICT_RATE), tip) == (
        "2 of 9\nA data-quality problem to report to the department"
    )
    # Non-zero refused values and conflicts are marked (and highlighted) for reporting back.
    assert problems(model) == {
        "civil": {Column.CONFLICTS, Column.CONFLICT_RATE},
        "hukou": {Column.REFUSED, Column.CONFLICTS, Column.REFUSED_RATE, Column.CONFLICT_RATE},
        "tax": set(),
    }
    hukou_refused = model.index(1, Column.REFUSED)
    assert model.data(hukou_refused, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(2, Column.REFUSED), Qt.ItemDataRole.BackgroundRole) is None
    requests_tip = str(model.data(model.index(1, Column.REQUESTS), Qt.ItemDataRole.ToolTipRole))
    assert requests_tip.splitlines() == [
        "no record for this person: 2",
        "answered: 3",
        "department timed out: 1",
    ]
    assert view.scorecard_box.title() == "Department scorecard, 2026-03-12 to 2026-03-18"


def test_the_scorecard_window_and_the_day_can_be_chosen(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    build_fixed_hall(engine)
    record_fixed_answers(engine)
    view = make_view(engine)
    shown_and_loaded(qtbot, view)
    assert [view.window_combo.itemText(i) for i in range(3)] == [
        "That day",
        "Last 7 days",
        "Last 30 days",
    ]

    reload(qtbot, view, lambda: view.set_window_days(1))  # today: only civil answered
    assert [row[0] for row in table_rows(view.scorecard_model)] == [CIVIL]
    assert view.scorecard_box.title() == "Department scorecard, 2026-03-18"

    reload(qtbot, view, lambda: view.set_window_days(30))  # + hukou's row of 11 March
    hukou = table_rows(view.scorecard_model)[1]
    assert hukou[: Column.AVAILABILITY + 1] == [HUKOU, "7", "85.7 %"]
    assert hukou[Column.REFUSED] == "10"  # 1 + 9

    # Monday 16 March: A and B accepted; only P (72 h, not returned) completed.
    reload(qtbot, view, lambda: view.set_day(date(2026, 3, 16)))
    assert tiles(view)["accepted"] == ("2", "This week: 2")
    assert tiles(view)["one_visit"] == ("100 % (1/1)", "This week: 100 % (1/1)")
    assert view.handling_chart.values() == {"Median": {"Household registration transfer": 72.0}}
    assert view.day_edit.maximumDate().toPython() == DAY  # no day after the hall's today


def test_an_empty_hall_has_nothing_to_rate(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    view = make_view(engine)
    shown_and_loaded(qtbot, view)
    assert tiles(view) == {
        "accepted": ("0", "This week: 0"),
        "one_visit": ("—", "This week: —"),
        "prefilled": ("—", "This week: —"),
        "typed": ("—", "Corrected 0; this week —"),
        "exempted": ("0", "This week: 0"),
        "overdue": ("0", "Open past the promised date"),
    }
    assert view.tiles["overdue"].tone is Tone.GOOD
    assert view.fields_chart.note == "No form fields this week"
    assert view.handling_chart.note == "No case was completed this week"
    assert view.availability_chart.note == "No department was asked in this window"
    assert view.fields_chart.chart.series() == []
    assert view.scorecard_model.rowCount() == 0


def test_a_clerk_is_told_and_nothing_is_read(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    record_fixed_answers(engine)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        view = make_view(engine, CLERK)
        view.show()
        qtbot.keyClick(view, Qt.Key.Key_F5)
        view.refresh()
        qtbot.wait(200)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []
    assert not view.permitted and not view.loading
    assert view.message_text == (
        "clerk 'clerk1' may not view the hall's figures and the department scorecard"
        " (needs the supervisor or admin role)"
    )
    assert view.pages.currentWidget() is view.denied
    assert view.denied_title.text() == "Not permitted"
    assert not view.refresh_button.isEnabled()
    assert not view.export_xlsx_button.isEnabled()
    assert not view.export_pdf_button.isEnabled()


def test_the_gui_keeps_running_while_the_figures_load(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    """Every statement takes 0.15 s more: the load takes seconds, the event loop ticks on."""
    build_fixed_hall(engine)
    record_fixed_answers(engine)
    ran_in: set[threading.Thread] = set()

    def slow(*_: Any) -> None:
        ran_in.add(threading.current_thread())
        time.sleep(0.15)

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    event.listen(engine, "before_cursor_execute", slow)
    try:
        view = make_view(engine)
        timer.start()
        started = time.monotonic()
        shown_and_loaded(qtbot, view)
        took = time.monotonic() - started
        timer.stop()
    finally:
        event.remove(engine, "before_cursor_execute", slow)
    assert took > 1.0  # a dozen statements at 0.15 s each, in the worker
    # Not one statement ran on the GUI thread (a timed gap would flake on a loaded machine),
    # and the event loop went on ticking through the seconds the load took.
    assert ran_in and threading.main_thread() not in ran_in
    assert len(ticks) > 20
    assert tiles(view)["accepted"] == ("2", "This week: 5")


def test_a_refresh_while_the_workspace_closes_is_dropped(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
    runner: TaskRunner,
) -> None:
    """The timer's last tick can come after the runner shut down: no error, no reload."""
    build_fixed_hall(engine)
    view = make_view(engine)
    shown_and_loaded(qtbot, view)
    runner.shutdown(wait_ms=5_000)
    refreshed: list[object] = []
    view.loaded.connect(refreshed.append)
    view.refresh()
    qtbot.wait(200)
    assert refreshed == [] and not view.loading
    assert tiles(view)["accepted"][0] == "2"  # the figures shown stay


def test_f5_and_the_timer_refresh_while_visible(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    build_fixed_hall(engine)
    view = make_view(engine, refresh_interval_ms=300)
    shown_and_loaded(qtbot, view)
    assert tiles(view)["accepted"][0] == "2"

    Hall(engine).accept(hall(18, 11), prefilled=True)
    view.table.setFocus()
    reload(qtbot, view, lambda: qtbot.keyClick(view.table, Qt.Key.Key_F5))
    assert tiles(view)["accepted"] == ("3", "This week: 6")

    # By itself, while visible: a case accepted meanwhile appears without a key pressed.
    Hall(engine).accept(hall(18, 12), prefilled=False)
    qtbot.waitUntil(lambda: tiles(view)["accepted"][0] == "4", timeout=LOAD_TIMEOUT_MS)

    # Hidden (another tab): no refresh at all.
    view.hide()
    wait_loaded(qtbot, view)
    refreshed: list[object] = []
    view.loaded.connect(refreshed.append)
    qtbot.wait(900)
    assert refreshed == []


def test_every_control_is_reachable_by_keyboard(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    view = make_view(engine)
    shown_and_loaded(qtbot, view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.day_edit.setFocus()
    order = [view.day_edit]
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        view.day_edit,
        view.window_combo,
        view.refresh_button,
        view.export_xlsx_button,
        view.export_pdf_button,
        view.table,
    ]
    assert [b.text() for b in (view.refresh_button, view.export_xlsx_button)] == [
        "&Refresh",
        "Export &XLSX…",
    ]
    assert view.export_pdf_button.text() == "Export &PDF…"
    assert view.refresh_button.toolTip() == "Read the figures again (F5)"
    # The labels' mnemonics move the focus to their fields.
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is view.window_combo
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert view.day_edit.hasFocus()


def test_a_database_error_is_shown_in_the_view(
    qtbot: QtBot, tmp_path: Path, make_view: Any
) -> None:
    broken = make_engine(f"sqlite:///{tmp_path / 'never-migrated.db'}")
    try:
        view = make_view(broken)
        view.show()
        with qtbot.waitSignal(view.failed, timeout=LOAD_TIMEOUT_MS):
            pass
        qtbot.waitUntil(lambda: not view.loading)
        assert view.status_text.startswith("The figures could not be read: ")
        assert "no such table" in view.status_text
        assert {tile.value for tile in view.tiles.values()} == {"—"}
        assert view.pages.currentWidget() is view.content
    finally:
        broken.dispose()


def test_rates_are_shown_with_their_counts() -> None:
    template = "{percent} % ({part}/{whole})"
    assert share_text(Share(23, 25), template) == "92 % (23/25)"
    assert share_text(Share(0, 0), template) == "—"
    # Not all is never 100 %, and something is never 0 %.
    assert percent(Share(999, 1000)) == "99.9"
    assert percent(Share(19_999, 20_000)) == "99.9"
    assert percent(Share(1, 1000)) == "0.1"
    assert percent(Share(1, 100_000)) == "0.1"
    assert (percent(Share(981, 1000), 1), percent(Share(9999, 10_000), 1)) == ("98.1", "99.99")
    assert (percent(Share(0, 7)), percent(Share(7, 7))) == ("0", "100")


def test_the_scorecard_window_ends_with_the_day_or_now() -> None:
    window = scorecard_window(DAY, 7, AS_OF)
    assert (window.first_day, window.last_day, window.days) == (date(2026, 3, 12), DAY, 7)
    assert window.start == hall(12, 0)
    assert window.end == AS_OF  # the day is not over yet
    earlier = scorecard_window(date(2026, 3, 10), 1, AS_OF)
    assert (earlier.start, earlier.end) == (hall(10, 0), hall(11, 0))


def test_the_dashboard_screenshot(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, make_view: Any
) -> None:
    """A busy week in zh_CN at 1280 × 800 (docs/screenshots/dashboard.png when asked for)."""
    busy = make_engine(f"sqlite:///{tmp_path / 'hall.db'}")
    upgrade(busy)
    try:
        cipher = build_realistic_hall(busy)
        with interface_language(qapp, "zh_CN"):
            view = make_view(
                busy,
                cipher=cipher,
                language=Language.ZH_CN,
                hall_name="杭州市西湖区市民中心",
                clock=lambda: AS_OF - timedelta(hours=1, minutes=30),
            )
            view.show()
            wait_loaded(qtbot, view)
            assert view.scorecard_model.rowCount() == 7
            (medians,) = view.handling_chart.values().values()
            assert len(medians) >= 5
            assert view.scorecard_model.data(view.scorecard_model.index(0, 0)) == "民政（婚姻登记）"
            qtbot.wait(300)  # the layout and the charts' axes settle
            save_screenshot(view, "dashboard")
            view.lower_tabs.setCurrentWidget(view.satisfaction_panel)
            panel = view.satisfaction_panel
            assert panel.follow_up.rowCount() >= 1  # a bad rating or more, with its words
            assert panel.cell_texts(panel.follow_up)[0][4] in ("不满意", "非常不满意")
            qtbot.wait(200)
            save_screenshot(view, "dashboard-satisfaction")
    finally:
        busy.dispose()


def test_the_satisfaction_tab_counts_ratings_and_lists_the_bad_ones(
    qtbot: QtBot,
    engine: Engine,  # noqa: F811
    make_view: Any,
) -> None:
    h = Hall(engine)
    rated = [
        (h.accept(hall(16, 9), prefilled=True), 5, ""),
        (h.accept(hall(17, 9), prefilled=True), 3, ""),
        (h.accept(hall(18, 9), service=BIRTH, prefilled=False), 1, "要求的材料前后说法不一"),
    ]
    for n, (number, level, reason) in enumerate(rated):
        record_rating(engine, h.cipher, CLERK, number, level, reason, now=hall(18, 10 + n))
    view = make_view(engine, cipher=h.cipher)
    shown_and_loaded(qtbot, view)
    panel = view.satisfaction_panel
    view.lower_tabs.setCurrentWidget(panel)
    assert panel.summary.text() == "3 ratings: 2 good (67 %), 1 to follow up"
    assert panel.cell_texts(panel.by_service) == [
        ["Household registration transfer", "1", "0", "1", "0", "0", "2", "100 %"],
        ["Newborn household registration", "0", "0", "0", "0", "1", "1", "0 %"],
    ]
    assert panel.cell_texts(panel.by_window) == [
        ["Window 07", "1", "0", "1", "0", "1", "3", "67 %"]
    ]
    ((at, case, service, who, level, words),) = panel.cell_texts(panel.follow_up)
    assert (at, case, level, words) == (
        "2026-03-18 12:00",
        rated[2][0],
        "very dissatisfied",
        "要求的材料前后说法不一",
    )
    assert service == "Newborn household registration" and who == "07 / clerk1"
    # a window of one day before any rating: nothing to show
    reload(qtbot, view, lambda: view.set_day(date(2026, 3, 15)))
    assert panel.summary.text() == "No ratings in this period"
    assert panel.follow_up.rowCount() == 0
