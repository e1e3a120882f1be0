"""Keeps the case on screen as a draft in the store, one write at a time, off the GUI thread.

:meth:`DraftKeeper.save` is cheap to call on every change: it waits ``delay_ms`` for the
clerk to pause, then writes the newest state only. Writes and deletions run one after
another on the :class:`TaskRunner`, so an older state never lands after a newer one and a
draft deleted after the case was submitted is not written back by a save still running.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from counterapp.app.context import CounterContext
from counterapp.app.drafts import discard_draft, save_draft
from counterapp.app.interrupted_case import InterruptedCase
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 1500
"""How long the keeper waits after a change before writing (a burst of typing is one write)."""


@dataclass(frozen=True)
class _Write:
    draft_id: str
    draft: InterruptedCase | None  # None: delete the draft


class DraftKeeper(QObject):
    """Writes one clerk's drafts in order.

    Signals:
        saved(str): a draft (its id) was written.
        failed(object): a write failed (the exception); the next change tries again.
    """

    saved = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self._tasks = runner.scope(self)
        self._queue: deque[_Write] = deque()
        self._busy = False
        self._pending: _Write | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def idle(self) -> bool:
        """Nothing waits to be written and nothing is being written."""
        return self._pending is None and not self._queue and not self._busy

    def save(self, draft_id: str, draft: InterruptedCase) -> None:
        """Write ``draft`` once the clerk pauses (replaces a state not yet written)."""
        self._pending = _Write(draft_id, draft)
        self._timer.start()

    def flush(self) -> None:
        """Write the waiting state now."""
        self._timer.stop()
        if self._pending is not None:
            self._enqueue(self._pending)
            self._pending = None

    def discard(self, draft_id: str) -> None:
        """Delete the draft (submitted, or given up on purpose), after earlier writes."""
        if self._pending is not None and self._pending.draft_id == draft_id:
            self._pending = None
            self._timer.stop()
        self._queue = deque(w for w in self._queue if w.draft_id != draft_id)
        self._enqueue(_Write(draft_id, None))

    def _enqueue(self, write: _Write) -> None:
        self._queue.append(write)
        self._next()

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        if self._runner.closed:  # the window is closing: what is not written stays unwritten
            self._queue.clear()
            return
        write = self._queue.popleft()
        self._busy = True
        ctx, actor = self._ctx, self._actor
        work: Callable[[], object]
        if write.draft is None:
            work = lambda: discard_draft(ctx.engine, actor, write.draft_id)  # noqa: E731
        else:
            payload = write.draft.to_payload()
            work = lambda: save_draft(  # noqa: E731
                ctx.engine,
                ctx.cipher,
                actor,
                write.draft_id,
                payload,
                workstation=ctx.workstation,
            )

        def done(_: object) -> None:
            self._busy = False
            if write.draft is not None:
                self.saved.emit(write.draft_id)
            self._next()

        def failed(error: BaseException) -> None:
            self._busy = False
            log.warning("draft %s not written: %s", write.draft_id, type(error).__name__)
            self.failed.emit(error)
            self._next()

        self._tasks.submit(work, on_result=done, on_error=failed)
