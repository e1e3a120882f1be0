"""A clerk's workstation that dies mid-case: the child process of the killed-process test.

It opens the test's database, keyring and connector files, walks a real case flow to the
pre-filled form, types a value, ticks the papers, waits until the draft is written, says
``draft written`` and kills itself with SIGKILL -- no reset, no close, no atexit::

    python tests/ui/crashing_clerk.py DB_URL KEYRING_FILE CONNECTORS_DIR DATA_DIR ID_NUMBER
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' helpers

from keyrings.alt.file import PlaintextKeyring
from PySide6.QtWidgets import QApplication

from counterapp.app.context import CounterContext
from counterapp.app.departments import open_exchange
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.forms import load_forms
from counterapp.protection import open_cipher
from counterapp.store.engine import make_engine
from counterapp.ui.case_flow import FORM, CaseFlow
from counterapp.ui.scripted_clerk import (
    choose_service,
    consent_and_look_up,
    receive_every_paper,
    wait_until,
)
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor, Role
from helpers.accounts import CLERK_DISPLAY, CLERK_NAME, CLERK_WINDOW

SERVICE_ID = "realestate-record-inquiry"


def main(db_url: str, keyring_file: str, connectors: str, data_dir: str, id_number: str) -> None:
    app = QApplication([sys.argv[0]])
    backend = PlaintextKeyring()
    backend.file_path = keyring_file
    settings = load_settings()
    catalog = load_catalog()
    engine = make_engine(db_url)
    ctx = CounterContext(
        settings=settings,
        engine=engine,
        cipher=open_cipher(engine, backend),
        exchange=open_exchange(
            settings,
            catalog,
            directory=Path(connectors),
            keyring_backend=backend,
            data_dir=Path(data_dir),
        ),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation="crashing-window-07",
    )
    clerk = Actor(CLERK_NAME, Role.CLERK, CLERK_DISPLAY, CLERK_WINDOW)
    flow = CaseFlow(ctx, clerk, TaskRunner(parent=app), offer_drafts=False, autosave_ms=50)
    flow.show()
    choose_service(flow, "realestate", SERVICE_ID)
    consent_and_look_up(flow, id_number)
    wait_until(lambda: flow.step == FORM, 30, "the form")
    flow.form_page.type_value("purpose", "办理贷款")
    receive_every_paper(flow)
    flow.save_draft_now()
    wait_until(lambda: flow.drafts.idle, 15, "the draft to be written")
    print(f"draft written: {flow.draft_id}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(*sys.argv[1:6])
