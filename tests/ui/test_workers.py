"""The one entry point for background work: off the GUI thread, answers back on it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterapp.ui.workers import TaskRunner


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    own = QThreadPool()
    yield own
    own.waitForDone(5000)


@pytest.fixture
def runner(pool: QThreadPool) -> TaskRunner:
    return TaskRunner(pool)


def test_the_function_runs_off_the_gui_thread_and_the_result_comes_back_on_it(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    ran_in: list[threading.Thread] = []
    delivered_in: list[threading.Thread] = []
    results: list[int] = []

    def work(a: int, b: int) -> int:
        ran_in.append(threading.current_thread())
        return a + b

    def done(value: int) -> None:
        delivered_in.append(threading.current_thread())
        results.append(value)

    task = runner.submit(work, 2, b=3, on_result=done)
    qtbot.waitUntil(lambda: results == [5], timeout=2000)
    assert task.done and not task.cancelled
    assert ran_in[0] is not threading.main_thread()
    assert delivered_in == [threading.main_thread()]


def test_the_exception_is_handed_to_on_error(runner: TaskRunner, qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        raise LookupError("department gone")

    runner.submit(work, on_result=pytest.fail, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=2000)
    assert isinstance(errors[0], LookupError) and str(errors[0]) == "department gone"


def test_progress_arrives_in_order_on_the_gui_thread_before_the_result(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    seen: list[object] = []
    threads: set[threading.Thread] = set()

    def work(count: int, *, progress: Callable[[object], None]) -> str:
        for i in range(count):
            progress(i)
        return "done"

    def on_progress(value: object) -> None:
        threads.add(threading.current_thread())
        seen.append(value)

    runner.submit(work, 50, on_progress=on_progress, on_result=seen.append)
    qtbot.waitUntil(lambda: "done" in seen, timeout=2000)
    assert seen == [*range(50), "done"]
    assert threads == {threading.main_thread()}


def test_without_on_progress_the_function_gets_no_progress_argument(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    results: list[dict[str, object]] = []
    runner.submit(lambda **kwargs: kwargs, on_result=results.append, flag=True)
    qtbot.waitUntil(lambda: results == [{"flag": True}], timeout=2000)


def test_a_cancelled_task_delivers_nothing(runner: TaskRunner, qtbot: QtBot) -> None:
    release = threading.Event()
    delivered: list[object] = []

    def work(*, progress: Callable[[object], None]) -> str:
        release.wait(5)
        progress("late")
        return "late"

    task = runner.submit(
        work, on_result=delivered.append, on_error=delivered.append, on_progress=delivered.append
    )
    task.cancel()
    assert task.cancelled and task.done
    release.set()
    qtbot.waitUntil(lambda: runner.running == 0, timeout=2000)
    QApplication.processEvents()
    assert delivered == []


def test_a_deleted_owner_gets_no_late_result(runner: TaskRunner, qtbot: QtBot) -> None:
    release = threading.Event()
    delivered: list[object] = []
    owner = QObject()

    task = runner.submit(
        lambda: release.wait(5) and "late", on_result=delivered.append, owner=owner
    )
    shiboken6.delete(owner)
    assert not shiboken6.isValid(task)
    release.set()
    qtbot.waitUntil(lambda: runner.running == 0, timeout=2000)
    QApplication.processEvents()
    assert delivered == []


def test_shutdown_ignores_late_results_and_waits_a_bounded_time(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    release = threading.Event()
    delivered: list[object] = []
    runner.submit(lambda: release.wait(5), on_result=delivered.append)
    assert runner.shutdown(wait_ms=20) is False  # still running: the caller is not held
    with pytest.raises(RuntimeError):
        runner.submit(lambda: None)
    release.set()
    assert runner.shutdown(wait_ms=2000) is True
    QApplication.processEvents()
    assert delivered == []


def test_finished_tasks_are_released(runner: TaskRunner, qtbot: QtBot) -> None:
    results: list[int] = []
    tasks = [runner.submit(lambda i=i: i, on_result=results.append) for i in range(20)]
    qtbot.waitUntil(lambda: len(results) == 20, timeout=2000)
    qtbot.waitUntil(lambda: not any(shiboken6.isValid(t) for t in tasks), timeout=2000)


def test_synchronous_mode_runs_inline_like_a_fake_pool() -> None:
    runner = TaskRunner(synchronous=True)
    seen: list[object] = []
    ran_in: list[threading.Thread] = []

    def work(x: int, *, progress: Callable[[object], None]) -> int:
        ran_in.append(threading.current_thread())
        progress("half")
        return x * 2

    task = runner.submit(work, 21, on_result=seen.append, on_progress=seen.append)
    assert seen == ["half", 42] and task.done
    assert ran_in == [threading.main_thread()]
    errors: list[BaseException] = []
    runner.submit(lambda: 1 / 0, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)


def test_an_owner_held_only_by_its_callback_survives_the_task(qtbot: QtBot) -> None:
    """Deleting a spent task must not delete its owner from inside the task's destructor."""

    class Owner(QObject):
        done = Signal(object)

        def finish(self, value: object) -> None:
            self.done.emit(value)

    runner = TaskRunner()
    owner = Owner()
    with qtbot.waitSignal(owner.done, timeout=2000):
        runner.submit(lambda: 5, on_result=owner.finish, owner=owner)
    del owner  # only the spent task's callback referred to it
    qtbot.wait(20)  # the task's deferred deletion runs here (this used to crash)


def test_a_cancelled_scope_delivers_no_late_result_progress_or_error(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    release = threading.Event()
    delivered: list[object] = []
    scope = runner.scope()

    def work(*, progress: Callable[[object], None]) -> str:
        release.wait(5)
        progress("late")
        return "late"

    def fail() -> None:
        release.wait(5)
        raise LookupError("late")

    tasks = [
        scope.submit(
            work,
            on_result=delivered.append,
            on_error=delivered.append,
            on_progress=delivered.append,
        ),
        scope.submit(fail, on_result=delivered.append, on_error=delivered.append),
    ]
    assert scope.running
    scope.cancel()
    assert not scope.running and all(t.cancelled for t in tasks)
    release.set()
    qtbot.waitUntil(lambda: runner.running == 0, timeout=2000)
    QApplication.processEvents()
    assert delivered == []


def test_a_scope_delivers_what_is_submitted_after_its_cancel(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    release = threading.Event()
    delivered: list[object] = []
    scope = runner.scope()
    scope.submit(lambda: release.wait(5) and "earlier applicant", on_result=delivered.append)
    scope.cancel()
    scope.submit(lambda: "next applicant", on_result=delivered.append)
    release.set()
    qtbot.waitUntil(lambda: runner.running == 0 and not scope.running, timeout=2000)
    QApplication.processEvents()
    assert delivered == ["next applicant"]


def test_another_scope_is_not_cancelled(runner: TaskRunner, qtbot: QtBot) -> None:
    delivered: list[object] = []
    release = threading.Event()
    cleared, kept = runner.scope(), runner.scope()
    cleared.submit(lambda: release.wait(5) and "cleared", on_result=delivered.append)
    kept.submit(lambda: release.wait(5) and "kept", on_result=delivered.append)
    cleared.cancel()
    release.set()
    qtbot.waitUntil(lambda: delivered == ["kept"], timeout=2000)


def test_a_scope_owner_deleted_gets_no_late_result(runner: TaskRunner, qtbot: QtBot) -> None:
    release = threading.Event()
    delivered: list[object] = []
    owner = QObject()
    scope = runner.scope(owner)
    scope.submit(lambda: release.wait(5) and "late", on_result=delivered.append)
    shiboken6.delete(owner)
    scope.cancel()  # what a widget's close does: its deleted tasks are skipped
    release.set()
    qtbot.waitUntil(lambda: runner.running == 0, timeout=2000)
    QApplication.processEvents()
    assert delivered == []


def test_a_synchronous_scope_runs_inline() -> None:
    scope = TaskRunner(synchronous=True).scope()
    seen: list[object] = []
    scope.submit(lambda: 42, on_result=seen.append)
    assert seen == [42] and not scope.running
    scope.cancel()
