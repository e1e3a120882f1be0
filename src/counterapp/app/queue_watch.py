"""Hear about case changes made at any workstation: what keeps an open queue live.

On PostgreSQL a watcher holds one connection of its own that ``LISTEN``s on
:data:`~counterapp.store.case_changes.CHANNEL`; the server pushes each committed change's
case number the moment it commits. On SQLite a watcher polls the ``case_changes`` feed
every :data:`POLL_S` seconds: one primary-key range query, as cheap with a million cases as
with ten. Either way :attr:`CaseChangeWatcher.on_change` is called on the watcher's own
thread with the numbers that changed, a batch at a time; ``None`` means "changes may have
been missed (the connection was lost and is back): re-read everything".

The feed carries cases' numbers and tickets' ``T:<id>`` payloads; a watcher hands on only
the payloads its ``wants`` accepts (by default cases': an open queue never hears of a
ticket), and stays quiet about a batch with none of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from counterapp.store.case_changes import (
    CHANNEL,
    changes_after,
    is_case_change,
    latest_change,
    prune_changes,
)

__all__ = ["POLL_S", "CaseChangeWatcher", "Changes", "Wanted"]

log = logging.getLogger(__name__)

POLL_S = 0.5
"""How often a SQLite watcher looks for new changes (and a PostgreSQL one for its stop)."""

RETRY_S = 2.0
"""How long a watcher waits before reconnecting after losing its database."""

Changes = Callable[[tuple[str, ...] | None], None]
Wanted = Callable[[str], bool]
"""Which payloads a watcher hands on (``is_case_change``, ``is_ticket_change``)."""


class CaseChangeWatcher:
    """A background thread telling ``on_change`` which cases changed.

    Args:
        engine: the hall's database.
        on_change: called on the watcher's thread with the changed numbers (each batch
            once, in commit order), or None after a reconnection.
        poll_s: the SQLite polling interval.
        wants: which payloads to hand on; cases' numbers by default (no ``T:`` ticket).
    """

    def __init__(
        self,
        engine: Engine,
        on_change: Changes,
        *,
        poll_s: float = POLL_S,
        wants: Wanted = is_case_change,
    ) -> None:
        self.engine = engine
        self.on_change = on_change
        self.poll_s = poll_s
        self.wants = wants
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="case-change-watcher", daemon=True)

    def start(self, wait_s: float = 5.0) -> CaseChangeWatcher:
        """Start watching; returns once the watcher listens (changes after this are heard)."""
        self._thread.start()
        self._ready.wait(wait_s)
        return self

    def stop(self, wait_s: float = 5.0) -> None:
        """Stop watching (within about :data:`POLL_S`)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(wait_s)

    @property
    def listening(self) -> bool:
        return self._ready.is_set() and not self._stop.is_set()

    def _run(self) -> None:
        watch = self._listen if self.engine.dialect.name == "postgresql" else self._poll
        first = True
        while not self._stop.is_set():
            try:
                watch(first)
            except Exception as exc:  # a lost database must not end the watching
                if self._stop.is_set():
                    return
                log.warning(
                    "case change watcher lost the database (%s); retrying", type(exc).__name__
                )
            first = False
            self._stop.wait(RETRY_S)

    def _emit(self, numbers: tuple[str, ...] | None) -> None:
        if numbers is not None:
            numbers = tuple(n for n in numbers if self.wants(n))
            if not numbers:
                return
        try:
            self.on_change(numbers)
        except Exception:
            log.exception("a case change listener failed")

    def _listen(self, first: bool) -> None:
        raw = self.engine.raw_connection()
        connection: Any = raw.driver_connection
        raw.detach()  # ours alone, never back to the pool
        try:
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
            self._ready.set()
            if not first:
                self._emit(None)
            while not self._stop.is_set():
                # back at the first notification (not at the end of the wait: that made
                # every change wait out poll_s), with whatever else has already arrived
                batch = [n.payload for n in connection.notifies(timeout=self.poll_s, stop_after=1)]
                if batch:
                    batch += [n.payload for n in connection.notifies(timeout=0)]
                    self._emit(tuple(dict.fromkeys(batch)))
        finally:
            connection.close()

    def _poll(self, first: bool) -> None:
        with self.engine.begin() as connection:
            prune_changes(connection)
            seen = latest_change(connection)
        self._ready.set()
        if not first:
            self._emit(None)
        while not self._stop.wait(self.poll_s):
            with self.engine.connect() as connection:
                feed = changes_after(connection, seen)
            if feed.numbers:
                seen = feed.last_seq
                self._emit(feed.numbers)
