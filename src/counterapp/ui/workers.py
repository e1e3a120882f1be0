"""The one way the GUI runs blocking work: on a thread pool, with answers back on the GUI thread.

Network lookups, database queries and PDF rendering block for a long time in screen terms.
:class:`TaskRunner` runs such a function on a ``QThreadPool`` (picard's ``run_task``) and
hands its result, its exception or its progress values to callbacks on the GUI thread
through one queued signal, so the event loop never waits on them.

A widget submits through its own :class:`TaskScope` (``runner.scope(self)``), the one way
to ignore late news: :meth:`TaskScope.cancel` -- the next applicant, a cleared panel, a
closed window -- drops every result, progress value and error still to come from the
scope's tasks. The scope's owner is each task's Qt parent, so a deleted widget gets
nothing either. :meth:`TaskRunner.shutdown` ignores every result still to come and may
wait a bounded time for the workers.

``TaskRunner(synchronous=True)`` runs each function inline, for tests that want no threads
(picard's ``FakeThreadPool``).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[Any], None]

_PROGRESS, _RESULT, _ERROR = "progress", "result", "error"


class _Relay(QObject):
    """Carries every task's news from the worker threads to the GUI thread.

    One for the whole process, made on the GUI thread by the first runner and never
    deleted before exit, so a worker always emits on a live object and no runner's
    destruction touches it: runners are found by serial number, weakly. (A QObject per
    task, released by whichever thread dropped it last, raced with the GUI thread deleting
    the task; a relay per runner, destroyed with it, raced with its own disconnection:
    both crashed.)
    """

    news = Signal(object, object, str, object)  # (runner serial, task key, kind, value)

    def __init__(self) -> None:
        super().__init__()
        self.runners: weakref.WeakValueDictionary[int, TaskRunner] = weakref.WeakValueDictionary()
        self.news.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object, str, object)
    def _deliver(self, serial: int, key: int, kind: str, value: object) -> None:
        runner = self.runners.get(serial)
        if runner is not None and shiboken6.isValid(runner):
            runner._on_news(key, kind, value)


_relay: _Relay | None = None
_serials = itertools.count()


def _the_relay() -> _Relay:
    """The process's relay (made on the first call, which is on the GUI thread)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


class _WorkerCount:
    """How many of one runner's functions are executing; plain Python, any thread."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    @property
    def count(self) -> int:
        with self._changed:
            return self._count

    def enter(self) -> None:
        with self._changed:
            self._count += 1

    def leave(self) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until the count is zero; False when ``timeout_s`` passed first."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while self._count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True


class Task(QObject):
    """One piece of background work, as seen from the GUI thread.

    The callbacks run on the GUI thread, in the order the worker produced them, unless
    the task was cancelled or its owner deleted first.
    """

    def __init__(
        self,
        on_result: ResultCallback | None,
        on_error: ErrorCallback | None,
        on_progress: ProgressCallback | None,
        parent: QObject | None,
    ) -> None:
        super().__init__(parent)
        self._on_result = on_result
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancelled = threading.Event()
        self._done = False
        self._finished_callbacks: list[Callable[[Task], object]] = []

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called: nothing more will be delivered."""
        return self._cancelled.is_set()

    @property
    def done(self) -> bool:
        """True once the result or the exception was delivered (or the task cancelled)."""
        return self._done

    def cancel(self) -> None:
        """Ignore whatever the worker still produces; the worker itself runs to its end."""
        self._cancelled.set()
        self._finish()

    def _deliver_progress(self, value: object) -> None:
        if not self.cancelled and self._on_progress is not None:
            self._on_progress(value)

    def _deliver_result(self, value: object) -> None:
        on_result = self._on_result
        if self._finish() and on_result is not None:
            on_result(value)

    def _deliver_error(self, error: object) -> None:
        on_error = self._on_error
        if not self._finish():
            return
        if on_error is not None:
            on_error(error)  # type: ignore[arg-type]
        else:
            log.error("background task failed", exc_info=error)  # type: ignore[arg-type]

    def _finish(self) -> bool:
        """End the task once; False when it had ended already (or was cancelled)."""
        if self._done:
            return False
        self._done = True
        for callback in self._finished_callbacks:
            callback(self)
        # The callbacks usually hold the owner, the task's Qt parent: let go of them before
        # the task is deleted, or deleting it could drop the owner's last reference and
        # delete the owner from inside the task's own destructor.
        self._finished_callbacks.clear()
        self._on_result = self._on_error = self._on_progress = None
        if shiboken6.isValid(self):
            self.deleteLater()  # a window open all day must not collect spent tasks
        return True


class TaskRunner(QObject):
    """Runs functions off the GUI thread and hands their outcome back on it.

    Args:
        pool: the thread pool to run on; Qt's global pool when None. A pool the runner
            made and owned would wait for its workers when destroyed, which would freeze
            the closing window for as long as a lookup may take.
        synchronous: run every function inline in :meth:`submit` (tests).
        parent: the runner's Qt parent.
    """

    def __init__(
        self,
        pool: QThreadPool | None = None,
        *,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool
        self._synchronous = synchronous
        self._tasks: dict[int, Task] = {}
        self._keys = itertools.count()
        self._workers = _WorkerCount()
        self._closed = False
        self._relay = _the_relay()
        self._serial = next(_serials)
        self._relay.runners[self._serial] = self

    @property
    def pool(self) -> QThreadPool:
        """The pool the work runs on."""
        return self._pool if self._pool is not None else QThreadPool.globalInstance()

    @property
    def closed(self) -> bool:
        """True once :meth:`shutdown` was called: :meth:`submit` refuses new tasks."""
        return self._closed

    @property
    def running(self) -> int:
        """How many of this runner's functions are executing in a worker right now."""
        return self._workers.count

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: ResultCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn(*args, **kwargs)`` off the GUI thread.

        Args:
            fn: the blocking function. When ``on_progress`` is given it is also passed
                ``progress=``, a callable it may call from its thread with any value.
            on_result: called on the GUI thread with what ``fn`` returned.
            on_error: called on the GUI thread with the exception ``fn`` raised (logged
                when None).
            on_progress: called on the GUI thread with each value ``fn`` reported.
            owner: the object the callbacks belong to; when it is deleted, nothing more
                is delivered. The runner itself when None.

        Returns:
            The task, which can be cancelled.

        Raises:
            RuntimeError: the runner was shut down.
        """
        if self._closed:
            raise RuntimeError("the task runner was shut down")
        task = Task(on_result, on_error, on_progress, owner if owner is not None else self)
        if self._synchronous:
            self._run_inline(task, fn, args, kwargs)
            return task
        key = next(self._keys)
        self._tasks[key] = task

        def forget(_task: Task) -> None:
            self._tasks.pop(key, None)

        task._finished_callbacks.append(forget)
        relay, serial = self._relay, self._serial
        if on_progress is not None:
            kwargs["progress"] = lambda value: relay.news.emit(serial, key, _PROGRESS, value)
        self._workers.enter()
        work = self._worker(fn, args, kwargs, relay, serial, key, task._cancelled, self._workers)
        self.pool.start(work)
        return task

    def scope(self, owner: QObject | None = None) -> TaskScope:
        """A group of tasks whose late news can be dropped at once (see :class:`TaskScope`).

        Args:
            owner: the object the scope's callbacks belong to (the widget); when it is
                deleted, nothing more is delivered. The runner itself when None.
        """
        return TaskScope(self, owner)

    def _on_news(self, key: int, kind: str, value: object) -> None:
        """On the GUI thread: hand a worker's news to its task, if it still wants it."""
        task = self._tasks.get(key)
        if task is None:
            return
        if not shiboken6.isValid(task):  # its owner was deleted
            self._tasks.pop(key, None)
            return
        if kind == _PROGRESS:
            task._deliver_progress(value)
        elif kind == _RESULT:
            task._deliver_result(value)
        else:
            task._deliver_error(value)

    @staticmethod
    def _worker(
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        relay: _Relay,
        serial: int,
        key: int,
        cancelled: threading.Event,
        workers: _WorkerCount,
    ) -> Callable[[], None]:
        """The function a pool thread runs; it touches only the relay and the count."""

        def run() -> None:
            try:
                try:
                    result = fn(*args, **kwargs)
                except Exception as error:  # handed to the GUI thread, never lost
                    if not cancelled.is_set():
                        relay.news.emit(serial, key, _ERROR, error)
                else:
                    if not cancelled.is_set():
                        relay.news.emit(serial, key, _RESULT, result)
            finally:
                workers.leave()

        return run

    def _run_inline(
        self,
        task: Task,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        if task._on_progress is not None:
            kwargs["progress"] = task._deliver_progress
        try:
            result = fn(*args, **kwargs)
        except Exception as error:
            task._deliver_error(error)
        else:
            task._deliver_result(result)

    def cancel_all(self) -> None:
        """Ignore the late results of every task still running; new tasks may follow."""
        for task in list(self._tasks.values()):
            if shiboken6.isValid(task):
                task.cancel()
        self._tasks.clear()

    def shutdown(self, wait_ms: int = 0) -> bool:
        """Take no more tasks, ignore every late result, and wait up to ``wait_ms``.

        Waiting blocks the calling thread, so use it only when the application closes.

        Returns:
            True when no worker of this runner is still executing.
        """
        self._closed = True
        self.cancel_all()
        return self._workers.wait_idle(max(wait_ms, 0) / 1000)


class TaskScope:
    """One widget's background tasks: submitted together, ignored together.

    After :meth:`cancel` nothing of the tasks submitted so far reaches their callbacks --
    no result, no progress, no error -- while tasks submitted afterwards deliver as usual.
    That is how a widget starts afresh (next applicant, cleared panel) or closes without a
    late answer landing in it.

    Args:
        runner: the runner the tasks run on.
        owner: every task's Qt parent (see :meth:`TaskRunner.submit`).
    """

    def __init__(self, runner: TaskRunner, owner: QObject | None = None) -> None:
        self._runner = runner
        # weakly: the owner usually holds its scope, and a cycle would keep a deleted
        # widget's Python half alive until the next garbage collection
        self._owner = None if owner is None else weakref.ref(owner)
        self._tasks: dict[int, Task] = {}
        self._keys = itertools.count()

    @property
    def closed(self) -> bool:
        """True once the runner was shut down (the workspace is closing): nothing new runs."""
        return self._runner.closed

    @property
    def running(self) -> bool:
        """True while a task of this scope may still deliver something."""
        return any(shiboken6.isValid(t) and not t.done for t in self._tasks.values())

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: ResultCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn(*args, **kwargs)`` off the GUI thread: see :meth:`TaskRunner.submit`.

        Raises:
            RuntimeError: the runner was shut down, or the scope's owner is gone.
        """
        owner = None if self._owner is None else self._owner()
        if self._owner is not None and owner is None:
            raise RuntimeError("the task scope's owner is gone")
        task = self._runner.submit(
            fn,
            *args,
            on_result=on_result,
            on_error=on_error,
            on_progress=on_progress,
            owner=owner,
            **kwargs,
        )
        if not task.done:  # a synchronous runner has finished it already
            key = next(self._keys)
            self._tasks[key] = task

            def forget(_task: Task) -> None:
                self._tasks.pop(key, None)

            task._finished_callbacks.append(forget)
        return task

    def cancel(self) -> None:
        """Ignore everything still to come from the tasks submitted so far."""
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            if shiboken6.isValid(task):  # not deleted with its owner
                task.cancel()
