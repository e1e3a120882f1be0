"""The workspace opens an older database off the GUI thread and says what it did.

A first-release database is backed up and migrated by a worker thread while the GUI
thread keeps running its event loop; the upgrade is announced with the backup's path. A
database newer than the app, or an older PostgreSQL one without a confirmed backup, is
refused in a message box naming the revisions (and the pg_dump command), then the error
is raised for the command runner's exit code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, event

from counterapp.app.context import open_counter
from counterapp.config import Settings, load_settings
from counterapp.errors import Language
from counterapp.store.engine import make_engine
from counterapp.store.migrate import schema_state, upgrade
from counterapp.store.upgrade import BackupNotConfirmed, DatabaseNewerThanApp, upgrade_backups
from counterapp.store.users import list_users
from counterapp.ui.app import start_sign_in
from counterapp.ui.workstation_opening import upgrade_notice, wait_for_workstation
from helpers.databases import fresh_database
from helpers.old_databases import (
    FIRST,
    FIRST_RELEASE_USERS,
    FUTURE,
    make_database_from_the_future,
    make_first_release_database,
)


@pytest.fixture
def opener(tmp_path: Path) -> partial:
    """The real open_counter with a file keyring and an empty connector directory."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    connectors = tmp_path / "connectors"
    connectors.mkdir()
    return partial(open_counter, keyring_backend=backend, connectors_dir=connectors)


@pytest.fixture
def ddl_threads() -> Iterator[list[threading.Thread]]:
    """The threads every schema-changing statement ran on, in any engine."""
    seen: list[threading.Thread] = []

    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("CREATE", "ALTER", "DROP")):
            seen.append(threading.current_thread())

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def _settings(url: str) -> Settings:
    return load_settings(overrides=[f"database.url={url}"])


def _answer_the_refusal(seen: list[str]) -> QTimer:
    """Click OK on the refusal box as soon as it shows, keeping its text."""
    timer = QTimer()

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QMessageBox)
                and widget.objectName() == "openingRefused"
                and widget.isVisible()
            ):
                seen.append(widget.text())
                timer.stop()
                widget.button(QMessageBox.StandardButton.Ok).click()

    timer.timeout.connect(look)
    timer.start(20)
    return timer


def test_a_first_release_database_is_upgraded_off_the_gui_thread(
    qapp: QApplication, tmp_path: Path, opener: partial, ddl_threads: list
) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        make_first_release_database(url).dispose()
        ddl_threads.clear()

        settings = _settings(url)
        opened = wait_for_workstation(settings, opener=opener)
        try:
            report = opened.upgrade
            assert report.upgraded and report.before == FIRST
            assert schema_state(opened.ctx.engine).up_to_date
            with opened.ctx.engine.connect() as connection:
                assert sorted(u.username for u in list_users(connection)) == sorted(
                    FIRST_RELEASE_USERS
                )
            # every CREATE/ALTER of the migrations ran on a worker, none on the GUI thread
            assert ddl_threads and threading.main_thread() not in ddl_threads
            (backup,) = upgrade_backups(Path(url.split("///", 1)[1]))
            assert report.backup == backup

            # announced over the sign-in window, in the clerk's language (as run_workspace)
            signin = start_sign_in(settings, opened.ctx)
            try:
                notice = upgrade_notice(report, Language.of(settings), signin.login)
                assert notice is not None and notice.isVisible()
                assert notice.parent() is signin.login and signin.login.isVisible()
                assert f"从修订版 {FIRST} 升级到 {report.after}" in notice.text()
                assert str(backup) in notice.text()
                notice.close()
            finally:
                signin.close()
        finally:
            opened.ctx.close()


def test_an_up_to_date_database_is_not_announced(
    qapp: QApplication, tmp_path: Path, opener: partial
) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        opened = wait_for_workstation(_settings(url), opener=opener)
        opened.ctx.close()
        assert not opened.upgrade.changed
        assert upgrade_notice(opened.upgrade, Language.ZH_CN) is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_newer_than_the_app_is_refused_in_a_message_box(
    qapp: QApplication, tmp_path: Path, opener: partial, backend: str
) -> None:
    with fresh_database(backend, tmp_path) as url:
        head = make_database_from_the_future(url)

        seen: list[str] = []
        timer = _answer_the_refusal(seen)
        with pytest.raises(DatabaseNewerThanApp):
            wait_for_workstation(_settings(url), opener=opener)
        timer.stop()
        (text,) = seen
        assert f"修订版 {FUTURE}" in text and head in text  # the default language


def test_an_older_postgresql_database_waits_for_its_backup(
    qapp: QApplication, tmp_path: Path, opener: partial
) -> None:
    with fresh_database("postgresql", tmp_path) as url:
        make_first_release_database(url).dispose()
        seen: list[str] = []
        timer = _answer_the_refusal(seen)
        with pytest.raises(BackupNotConfirmed):
            wait_for_workstation(_settings(url), opener=opener)
        timer.stop()
        (text,) = seen
        assert "pg_dump --format=custom" in text
        assert "counterapp db upgrade --confirm-backup" in text
        engine: Engine = make_engine(url)
        try:
            assert schema_state(engine).current == FIRST  # nothing ran
        finally:
            engine.dispose()
